"""The test hooks: conventions every server under test follows so the suite can drive it.

They are not part of protocol v1 itself; they are how a test reaches behaviour a real
backend triggers from its own logic (a model that streams, a tool that asks for a form).
README.md ("Test hooks") states them for server authors; this module is their one place in
code.
"""

from __future__ import annotations

import secrets

#: Query parameter carrying the token (the client's default ``tokenMode``).
TOKEN_PARAM = "token"
#: Query parameter naming the conversation a connection is in (typing fan-out).
CONVERSATION_PARAM = "conversation"
#: A token starting with this is refused: close 4401.
BAD_TOKEN_PREFIX = "bad"
#: A token starting with this is a known user who may not connect: close 4403.
FORBIDDEN_TOKEN_PREFIX = "forbidden"
#: Longest token the suite sends; tokens are ``[A-Za-z0-9_-]``.
MAX_TOKEN_CHARS = 64

#: A prompt answered with an ordinary reply (sources, content deltas, follow-ups, done).
PLAIN_PROMPT = "conformance hello"
#: A prompt containing ``long``: a reply long and slow enough to act on mid-stream.
LONG_PROMPT = "conformance long reply"
#: A prompt containing ``/form``: the reply asks for a form before it goes on.
FORM_PROMPT = "conformance booking /form"
#: Content deltas a long reply has streamed when the suite acts mid-stream; a long reply
#: streams at least three times as many, and more seq'd frames than ``--replay-frames``.
MID_STREAM_DELTAS = 10


def token(label: str) -> str:
    """A fresh token (so a fresh user) for one scenario, e.g. ``conf-stop-1f2e3d4c``."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in label)
    suffix = secrets.token_hex(4)
    return f"conf-{safe[: MAX_TOKEN_CHARS - 14]}-{suffix}"


def form_values() -> dict[str, object]:
    """Values the suite submits to the ``/form`` form; the reply must mention ``name``."""
    return {"name": f"Ada-{secrets.token_hex(3)}", "seats": 2}
