"""The rules every frame from the server is held to, whatever the scenario.

A :class:`StreamChecker` sees one connection's WebSocket messages in order and raises
:class:`ProtocolViolation` at the first one that breaks PROTOCOL.md:

- a message is UTF-8 JSON (text, or binary holding the same bytes), at most 1 MiB, one
  envelope object or an array of them;
- an envelope has a string ``action_type``, ``v`` absent or 1, a string ``messageId`` where
  given (required for the built-in message actions), an object ``payload`` where given;
- ``session.ready {sessionId, epoch, seq}`` comes before any seq'd frame;
- ``seq`` is on every message-scoped frame and every ``ack``, and counts 1, 2, 3 … from
  ``session.ready.seq`` with no gap and no repeat; ``session.ready``, ``session.error``,
  ``resume.failed``, ``pong`` and typing broadcasts carry none;
- an ``ack`` answers a ``ref`` with ``received`` → ``delivered``, or ``error``; nothing
  follows a final status for the same ``ref``;
- after ``message.done`` / ``.error`` / ``.cancelled`` nothing more comes for that message
  but a ``message.snapshot`` or a new ``message.start``.
"""

from __future__ import annotations

import json
from typing import Any

from conformance import wire

Envelope = dict[str, Any]


class ProtocolViolation(AssertionError):
    """A server frame broke a rule of PROTOCOL.md; the message names the rule and the frame."""


def brief(value: Any, limit: int = 400) -> str:
    """``value`` as compact JSON, cut to ``limit`` characters for error messages."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} chars)"


def is_int(value: Any) -> bool:
    """Whether ``value`` is a JSON integer (``True`` is not)."""
    return isinstance(value, int) and not isinstance(value, bool)


class StreamChecker:
    """Checks one connection's server frames in arrival order (see the module doc)."""

    def __init__(self, label: str, ready_first: bool = True) -> None:
        self.label = label
        self.ready_first = ready_first
        #: The seq the next seq'd frame must carry; ``None`` before ``session.ready``.
        self.expected_seq: int | None = None
        self.envelopes = 0
        self.ended: dict[str, str] = {}
        self.ack_status: dict[str, str] = {}

    def fail(self, rule: str, envelope: Any = None) -> ProtocolViolation:
        """A violation of ``rule``, naming this connection and the offending frame."""
        where = f"{self.label}: {rule}"
        if envelope is not None:
            where += f"\n  frame: {brief(envelope)}"
        return ProtocolViolation(where)

    def accept(self, message: str | bytes) -> list[Envelope]:
        """Checks one WebSocket message; returns its envelopes in order."""
        if isinstance(message, bytes):
            size = len(message)
            try:
                text = message.decode("utf-8")
            except UnicodeDecodeError as error:
                raise self.fail(f"a binary frame must hold UTF-8 JSON ({error})") from None
        else:
            text = message
            size = len(text.encode("utf-8"))
        if size > wire.MAX_FRAME_BYTES:
            raise self.fail(f"a frame of {size} bytes exceeds the client's 1 MiB limit")
        try:
            value = json.loads(text)
        except ValueError as error:
            raise self.fail(f"a frame must be valid JSON ({error}): {text[:200]!r}") from None
        items = value if isinstance(value, list) else [value]
        for item in items:
            self.check(item)
        return items

    def check(self, envelope: Any) -> None:
        """Checks one envelope against every rule, updating the connection's state."""
        if not isinstance(envelope, dict):
            raise self.fail("a frame must be an envelope object or an array of them", envelope)
        action = envelope.get("action_type")
        if not isinstance(action, str) or not action:
            raise self.fail("an envelope needs a non-empty string action_type", envelope)
        if "v" in envelope and envelope["v"] != wire.PROTOCOL_VERSION:
            raise self.fail("v must be 1 (or absent) in a protocol v1 frame", envelope)
        for name in ("messageId", "ref"):
            if name in envelope and not isinstance(envelope[name], str):
                raise self.fail(f"{name} must be a string", envelope)
        if "payload" in envelope and not isinstance(envelope["payload"], dict):
            raise self.fail("payload must be an object", envelope)
        if action in wire.MESSAGE_ACTIONS and "messageId" not in envelope:
            raise self.fail(f"{action} is message-scoped: it needs a messageId", envelope)
        self.envelopes += 1
        if self.envelopes == 1 and self.ready_first and action != wire.SESSION_READY:
            raise self.fail("the first frame on a connection must be session.ready", envelope)
        self.check_seq(action, envelope)
        if action == wire.SESSION_READY:
            self.check_ready(envelope)
        elif action == wire.ACK:
            self.check_ack(envelope)
        elif action == wire.RESUME_FAILED:
            self.check_resume_failed(envelope)
        elif action == wire.SESSION_ERROR:
            self.check_session_error(envelope)
        if "messageId" in envelope:
            self.check_lifecycle(action, envelope)

    def check_seq(self, action: str, envelope: Envelope) -> None:
        seq = envelope.get("seq")
        if action in wire.UNSEQUENCED_ACTIONS:
            if seq is not None:
                raise self.fail(f"{action} must not carry a seq", envelope)
            return
        must = action == wire.ACK or "messageId" in envelope
        if seq is None:
            if must:
                raise self.fail(f"{action} is replayable: it must carry a seq", envelope)
            return
        if not is_int(seq) or seq < 1:
            raise self.fail("seq must be a positive integer", envelope)
        if self.expected_seq is None:
            raise self.fail("a seq'd frame came before session.ready", envelope)
        if seq != self.expected_seq:
            kind = "a repeat" if seq < self.expected_seq else "a gap"
            raise self.fail(
                f"seq {seq} where {self.expected_seq} was due ({kind}): seq counts 1, 2, 3 … "
                "from session.ready.seq with nothing lost or doubled",
                envelope,
            )
        self.expected_seq = seq + 1

    def check_ready(self, envelope: Envelope) -> None:
        payload = envelope.get("payload", {})
        session_id, epoch, seq = (payload.get(k) for k in ("sessionId", "epoch", "seq"))
        if not isinstance(session_id, str) or not session_id:
            raise self.fail("session.ready needs a non-empty string sessionId", envelope)
        if not is_int(epoch) or epoch < 0:
            raise self.fail("session.ready needs an integer epoch ≥ 0", envelope)
        if not is_int(seq) or seq < 0:
            raise self.fail("session.ready needs an integer seq ≥ 0", envelope)
        # On connect and after a successful resume, the stream goes on from this seq.
        self.expected_seq = seq + 1

    def check_ack(self, envelope: Envelope) -> None:
        ref = envelope.get("ref")
        status = envelope.get("payload", {}).get("status")
        if ref is None:
            raise self.fail("an ack needs the ref of the frame it answers", envelope)
        if status not in wire.ACK_STATUSES:
            raise self.fail("ack status must be received, delivered or error", envelope)
        before = self.ack_status.get(ref)
        if before in wire.ACK_FINAL:
            raise self.fail(f"an ack for {ref!r} after its final status {before!r}", envelope)
        if before == status:
            raise self.fail(f"a second {status!r} ack for {ref!r}", envelope)
        self.ack_status[ref] = status

    def check_resume_failed(self, envelope: Envelope) -> None:
        if envelope.get("payload", {}).get("reason") not in wire.RESUME_REASONS:
            raise self.fail(
                "resume.failed reason must be unknown_session, epoch_changed or buffer_exceeded",
                envelope,
            )

    def check_session_error(self, envelope: Envelope) -> None:
        payload = envelope.get("payload", {})
        if not isinstance(payload.get("code"), str) or not isinstance(payload.get("message"), str):
            raise self.fail("session.error needs string code and message", envelope)

    def check_lifecycle(self, action: str, envelope: Envelope) -> None:
        message_id = envelope["messageId"]
        ended = self.ended.get(message_id)
        if action == wire.MESSAGE_START:
            self.ended.pop(message_id, None)
        elif action == wire.MESSAGE_SNAPSHOT:
            status = envelope.get("payload", {}).get("status")
            if status in ("done", "error", "cancelled"):
                self.ended[message_id] = f"message.{status}"
            else:
                self.ended.pop(message_id, None)
        elif ended is not None:
            raise self.fail(f"{action} for message {message_id!r} after its {ended}", envelope)
        elif action in wire.TERMINAL_ACTIONS:
            self.ended[message_id] = action
