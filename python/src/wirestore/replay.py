"""A session's history: a bounded append log of encoded frames, numbered by seq.

Frames get seq 1, 2, 3 … in append order. The log keeps the newest ones, at most
``max_frames`` of them and about ``max_bytes`` of their bytes; older ones are trimmed. A reader
asks for what follows its position (``after``); a position the log no longer covers is a
``HistoryLost``, which a resume answers with ``buffer_exceeded``.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_FRAMES = 10_000
DEFAULT_MAX_BYTES = 8 * 1024 * 1024


class HistoryLost(Exception):
    """The frames after this position were trimmed (or never existed)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How much history a session keeps for resume."""

    max_frames: int = DEFAULT_MAX_FRAMES
    max_bytes: int = DEFAULT_MAX_BYTES


class ReplayLog:
    """The bounded log. Random access by seq is O(1): a list with a moving head."""

    __slots__ = ("_bytes", "_first", "_frames", "_head", "limits")

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._frames: list[bytes] = []
        self._head = 0  # index of the oldest kept frame in _frames
        self._first = 1  # seq of _frames[_head]
        self._bytes = 0

    @property
    def last_seq(self) -> int:
        """The seq of the newest frame (0 before any)."""
        return self._first + len(self._frames) - self._head - 1

    @property
    def first_seq(self) -> int:
        """The seq of the oldest kept frame (``last_seq + 1`` when empty)."""
        return self._first

    @property
    def size_bytes(self) -> int:
        """The kept frames' bytes."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._frames) - self._head

    def covers(self, seq: int) -> bool:
        """Whether every frame after ``seq`` is kept (``seq`` itself may be trimmed)."""
        return self._first - 1 <= seq <= self.last_seq

    def append(self, frame: bytes) -> None:
        """Adds the frame with seq ``last_seq + 1``, then trims to the limits."""
        self._frames.append(frame)
        self._bytes += len(frame)
        limits = self.limits
        while len(self) > 1 and (len(self) > limits.max_frames or self._bytes > limits.max_bytes):
            self._bytes -= len(self._frames[self._head])
            self._head += 1
            self._first += 1
        if self._head > 1024 and self._head * 2 > len(self._frames):
            del self._frames[: self._head]
            self._head = 0

    def after(self, seq: int, limit: int) -> list[bytes]:
        """Up to ``limit`` frames following ``seq``, oldest first; raises ``HistoryLost``."""
        if not self.covers(seq):
            raise HistoryLost(f"history holds seq {self._first}..{self.last_seq}, not {seq + 1}")
        start = self._head + (seq + 1 - self._first)
        return self._frames[start : start + limit]
