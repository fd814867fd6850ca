"""The in-process session store (the default): sessions in a dict, history in a ``ReplayLog``.

Everything runs on the event loop's thread and no method awaits between reading and writing a
session, so "assign seq, store, wake the subscribers" and "check the history, then follow it"
are each atomic: a resume neither loses nor doubles a frame. One process only; several
replicas need a shared store (Redis, issue 16).
"""

from __future__ import annotations

import itertools
import secrets
import time
from collections.abc import Callable, Sequence
from typing import Any

from wirestore import protocol as p
from wirestore.frame import Outgoing
from wirestore.replay import Limits, ReplayLog
from wirestore.snapshot import MessageRecord
from wirestore.store.base import (
    Fence,
    FenceLost,
    ResumeRefused,
    SessionGone,
    SessionInfo,
    Signal,
)

DEFAULT_TTL_S = 300.0
SWEEP_EVERY_S = 1.0


class _Session:
    __slots__ = (
        "attached",
        "detached_at",
        "epoch",
        "fences",
        "forms",
        "id",
        "log",
        "records",
        "subscribers",
        "user",
    )

    def __init__(self, session_id: str, epoch: int, user: str, limits: Limits) -> None:
        self.id = session_id
        self.epoch = epoch
        self.user = user
        self.log = ReplayLog(limits)
        self.records: dict[str, MessageRecord] = {}
        self.fences: dict[str, int] = {}
        self.forms: dict[str, str] = {}
        self.subscribers: set[_Subscription] = set()
        self.attached = 0
        self.detached_at: float | None = None

    def info(self) -> SessionInfo:
        return SessionInfo(self.id, self.epoch, self.user, self.log.last_seq)


class _Subscription:
    __slots__ = ("_session", "_wake", "cursor")

    def __init__(self, session: _Session, after: int, wake: Callable[[], None]) -> None:
        self._session: _Session | None = session
        self._wake = wake
        self.cursor = after
        session.subscribers.add(self)

    @property
    def backlog(self) -> int:
        if self._session is None:
            return 0
        return max(0, self._session.log.last_seq - self.cursor)

    def take(self, limit: int) -> list[bytes]:
        if self._session is None:
            return []
        frames = self._session.log.after(self.cursor, limit)
        self.cursor += len(frames)
        return frames

    def wake(self) -> None:
        self._wake()

    def close(self) -> None:
        if self._session is not None:
            self._session.subscribers.discard(self)
            self._session = None


class MemoryStore:
    """Sessions of this process. ``ttl`` is how long a session outlives its connection."""

    def __init__(self, *, ttl: float = DEFAULT_TTL_S, limits: Limits | None = None) -> None:
        self.ttl = ttl
        self.limits = limits or Limits()
        # Milliseconds at start: a restarted process has another epoch, so resumes fail cleanly.
        self.epoch = time.time_ns() // 1_000_000
        self._sessions: dict[str, _Session] = {}
        self._numbers = itertools.count(1)
        self._listeners: list[Callable[[Signal], None]] = []
        self._swept_at = time.monotonic()

    def __len__(self) -> int:
        return len(self._sessions)

    def _get(self, session_id: str) -> _Session | None:
        return self._sessions.get(session_id)

    def _sweep(self) -> None:
        now = time.monotonic()
        if now - self._swept_at < SWEEP_EVERY_S:
            return
        self._swept_at = now
        expired = [
            s.id
            for s in self._sessions.values()
            if s.attached == 0 and s.detached_at is not None and now - s.detached_at > self.ttl
        ]
        for session_id in expired:
            self._forget(session_id)

    def _forget(self, session_id: str) -> None:
        session = self._sessions.pop(session_id, None)
        if session is not None:
            for sub in list(session.subscribers):
                sub.close()

    async def create(self, user: str) -> SessionInfo:
        self._sweep()
        # Not a secret (resume also checks the user), but not guessable either.
        session_id = f"s-{self.epoch:x}-{next(self._numbers)}-{secrets.token_hex(4)}"
        session = _Session(session_id, self.epoch, user, self.limits)
        session.attached = 1
        self._sessions[session_id] = session
        return session.info()

    async def resume(self, session_id: str, epoch: int, seq: int, user: str) -> SessionInfo:
        self._sweep()
        session = self._get(session_id)
        if session is None or session.user != user:
            reason = p.EPOCH_CHANGED if epoch != self.epoch else p.UNKNOWN_SESSION
            raise ResumeRefused(reason)
        if session.epoch != epoch:
            raise ResumeRefused(p.EPOCH_CHANGED)
        if not session.log.covers(seq):
            raise ResumeRefused(p.BUFFER_EXCEEDED)
        return session.info()

    async def append(
        self, session_id: str, frames: Sequence[Outgoing], fence: Fence | None = None
    ) -> int:
        session = self._get(session_id)
        if session is None:
            raise SessionGone(session_id)
        if fence is not None and session.fences.get(fence.message_id) != fence.token:
            raise FenceLost(f"reply {fence.message_id} was claimed by another producer")
        log = session.log
        for frame in frames:
            log.append(frame.encode(log.last_seq + 1))
            if frame.message_id is not None:
                record = session.records.get(frame.message_id)
                if record is None:
                    record = session.records[frame.message_id] = MessageRecord(frame.message_id)
                record.apply(frame.action_type, frame.payload)
        for sub in session.subscribers:
            sub.wake()
        return log.last_seq

    def subscribe(self, session_id: str, after: int, wake: Callable[[], None]) -> _Subscription:
        session = self._get(session_id)
        if session is None:
            raise SessionGone(session_id)
        return _Subscription(session, after, wake)

    async def snapshot(self, session_id: str, message_id: str) -> dict[str, Any] | None:
        session = self._get(session_id)
        record = session.records.get(message_id) if session else None
        return record.to_json() if record else None

    async def claim(self, session_id: str, message_id: str) -> Fence:
        session = self._get(session_id)
        if session is None:
            raise SessionGone(session_id)
        token = session.fences.get(message_id, 0) + 1
        session.fences[message_id] = token
        return Fence(message_id, token)

    async def open_form(self, session_id: str, elicitation_id: str, message_id: str) -> None:
        session = self._get(session_id)
        if session is not None:
            session.forms[elicitation_id] = message_id

    async def close_form(self, session_id: str, elicitation_id: str) -> str | None:
        session = self._get(session_id)
        return session.forms.pop(elicitation_id, None) if session else None

    async def publish(self, signal: Signal) -> None:
        for listener in list(self._listeners):
            listener(signal)

    def listen(self, handler: Callable[[Signal], None]) -> None:
        self._listeners.append(handler)

    async def attach(self, session_id: str) -> None:
        session = self._get(session_id)
        if session is not None:
            session.attached += 1
            session.detached_at = None

    async def detach(self, session_id: str) -> None:
        session = self._get(session_id)
        if session is not None:
            session.attached = max(0, session.attached - 1)
            if session.attached == 0:
                session.detached_at = time.monotonic()

    async def discard(self, session_id: str) -> None:
        self._forget(session_id)

    def restart(self) -> int:
        """Forgets every session under a new epoch, as a restarted process would; returns it."""
        for session_id in list(self._sessions):
            self._forget(session_id)
        self.epoch = max(self.epoch + 1, time.time_ns() // 1_000_000)
        return self.epoch

    async def close(self) -> None:
        for session_id in list(self._sessions):
            self._forget(session_id)
