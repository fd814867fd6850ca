"""What the suite knows about the server under test, from the command line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: The replay buffer (in frames) the suite assumes when it is not told.
DEFAULT_REPLAY_FRAMES = 256
#: How long one wait for a frame may take, in seconds.
DEFAULT_TIMEOUT_S = 10.0
#: How long "nothing more arrives" is watched for, in seconds.
DEFAULT_QUIET_S = 0.5


@dataclass(frozen=True)
class Settings:
    """The server under test and how patient to be with it."""

    #: The WebSocket URL, e.g. ``ws://127.0.0.1:8000/ws``; query parameters are kept.
    url: str
    #: Most frames the server keeps per session for resume (``--replay-frames``).
    replay_frames: int = DEFAULT_REPLAY_FRAMES
    #: Longest wait for one expected frame (``--frame-timeout``).
    timeout: float = DEFAULT_TIMEOUT_S
    #: How long a scenario watches for frames that must not come.
    quiet: float = DEFAULT_QUIET_S
    #: A JSON Schema every server frame is validated against (``--schema``), if any.
    schema: Path | None = None
    #: The JSON pointer of the server-frame definition inside ``schema`` ("" = its root).
    schema_pointer: str = ""
