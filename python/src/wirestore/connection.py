"""One WebSocket: the session it follows, its reader and its writer.

The writer owns the socket's sending side. It sends two kinds of frames: connection-scoped
ones (``session.ready``, ``pong``, typing, errors), queued in a small bounded deque, and the
session's history, taken from a ``Subscription`` cursor. The two keep the order in which they
were made: a connection-scoped frame remembers how far the session's stream was when it was
queued and goes out right after that point, so ``ping`` after a frame that was acked answers
after the ack (a client may use it as a barrier), and ``session.ready`` precedes the replay.

Nothing else queues frames for a connection: the session's bounded history is the send
buffer. Whatever is pending when the writer wakes goes out as one WebSocket message (a JSON
array, the client's batch), so a busy session sends fewer, larger frames. A client that reads
too slowly (its cursor more than ``max_backlog`` frames behind, a send blocked past
``send_timeout_s``, or its cursor trimmed away) is closed with 1013; its session stays, so
it can resume.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from wirestore import protocol as p
from wirestore.frame import batch, connection_frame
from wirestore.inbound import Invalid, Request, parse
from wirestore.replay import HistoryLost
from wirestore.store.base import SessionInfo, SessionStore, Subscription

log = logging.getLogger("wirestore")


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds of one connection."""

    max_frame_bytes: int = 1024 * 1024
    """A client frame larger than this is refused unread (the client's own default)."""
    max_batch_frames: int = 512
    """Most envelopes in one WebSocket message."""
    max_batch_bytes: int = 256 * 1024
    """About the most bytes in one WebSocket message (a larger envelope goes alone)."""
    max_backlog: int = 5_000
    """Frames a client may fall behind its session before it is closed with 1013."""
    max_direct: int = 256
    """Connection-scoped frames waiting to be sent before the client is closed with 1013."""
    send_timeout_s: float = 10.0
    """How long one send may stay blocked (the client not reading) before 1013."""


class Connection:
    """A socket, the user it authenticated as, and the session it follows."""

    def __init__(
        self,
        socket: WebSocket,
        user: str,
        store: SessionStore,
        *,
        binary: bool,
        limits: Limits,
    ) -> None:
        self.id = secrets.token_hex(8)
        self.socket = socket
        self.user = user
        self.store = store
        self.binary = binary
        self.limits = limits
        self.session: SessionInfo | None = None
        self._sub: Subscription | None = None
        # (the session seq it follows, the frame): see the module doc.
        self._direct: deque[tuple[int, bytes]] = deque()
        self._wake = asyncio.Event()
        self._closing: tuple[int, str] | None = None
        self._sending_since: float | None = None
        self._drop_at: int | None = None
        self.frames_sent = 0

    # --- what the hub calls -------------------------------------------------------------

    def follow(self, session: SessionInfo, after: int) -> None:
        """Sends ``session.ready`` and then the session's frames after ``after``, live."""
        if self._sub is not None:
            self._sub.close()
        # What was queued for the old cursor goes before anything of the new one.
        self._direct = deque((-1, frame) for _, frame in self._direct)
        self.session = session
        self._sub = self.store.subscribe(session.session_id, after, self._wake.set)
        self._wake.set()

    def ready(self, session: SessionInfo, seq: int, ref: str | None = None) -> None:
        """Queues ``session.ready {sessionId, epoch, seq}``."""
        payload = {"sessionId": session.session_id, "epoch": session.epoch, "seq": seq}
        self.send_direct(connection_frame(p.SESSION_READY, payload, ref))

    def send_direct(self, frame: bytes) -> None:
        """Queues a connection-scoped frame (no seq); too many waiting closes with 1013."""
        if self._closing is not None:
            return
        if len(self._direct) >= self.limits.max_direct:
            self.close(p.Close.TRY_AGAIN_LATER, "SLOW_CLIENT")
            return
        sub = self._sub
        after = sub.cursor + sub.backlog if sub is not None else -1
        self._direct.append((after, frame))
        self._wake.set()

    def error(self, code: str, message: str, ref: str | None = None) -> None:
        """Queues ``session.error {code, message}``."""
        self.send_direct(connection_frame(p.SESSION_ERROR, {"code": code, "message": message}, ref))

    def close(self, code: int, reason: str, *, flush: bool = True) -> None:
        """Ends the connection with ``code``: after what is queued, or (``flush=False``) at once,
        leaving the session's unsent frames to a resume."""
        if self._closing is None:
            self._closing = (code, reason)
            if not flush:
                self._direct.clear()
                if self._sub is not None:
                    self._sub.close()
                    self._sub = None
            self._wake.set()

    def drop_after(self, frames: int) -> None:
        """Closes at once (4000, as ``close(flush=False)``) after ``frames`` more WebSocket
        messages: a fault for tests and demos."""
        self._drop_at = self.frames_sent + max(0, frames)
        if frames <= 0:
            self.close(p.Close.DROPPED, "DROPPED", flush=False)

    def stalled(self, now: float) -> bool:
        """Whether the client reads too slowly to keep (see the module doc)."""
        sub = self._sub
        if sub is not None and sub.backlog > self.limits.max_backlog:
            return True
        since = self._sending_since
        return since is not None and now - since > self.limits.send_timeout_s

    # --- the loops ----------------------------------------------------------------------

    async def run(self, handle: Callable[[Connection, Request | Invalid], Awaitable[None]]) -> None:
        """Reads client frames into ``handle`` and writes until either side ends."""
        writer = asyncio.create_task(self._write())
        try:
            reader = asyncio.create_task(self._read(handle))
            done, _ = await asyncio.wait({reader, writer}, return_when=asyncio.FIRST_COMPLETED)
            for task in (reader, writer):
                if task not in done:
                    task.cancel()
            for task in (reader, writer):
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        finally:
            writer.cancel()
            if self._sub is not None:
                self._sub.close()
        if self._closing is not None:
            code, reason = self._closing
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.socket.close(code, reason), 1.0)

    async def _read(
        self, handle: Callable[[Connection, Request | Invalid], Awaitable[None]]
    ) -> None:
        limit = self.limits.max_frame_bytes
        while self._closing is None:
            message = await self.socket.receive()
            kind = message["type"]
            if kind == "websocket.disconnect":
                return
            if kind != "websocket.receive":
                continue
            data: bytes | str | None = message.get("bytes")
            if data is None:
                data = message.get("text") or ""
            for item in parse(data, limit):
                await handle(self, item)

    async def _write(self) -> None:
        limits = self.limits
        send = self.socket.send
        while True:
            await self._wake.wait()
            self._wake.clear()
            frames: list[bytes] = []
            seq = -1
            if self._sub is not None:
                seq = self._sub.cursor
                try:
                    frames = self._sub.take(limits.max_batch_frames)
                except HistoryLost:
                    # The client fell behind what the session keeps: let it resume (and fail).
                    self.close(p.Close.TRY_AGAIN_LATER, "BEHIND")
                if self._sub is not None and self._sub.backlog > 0:
                    self._wake.set()
            items = self._interleave(frames, seq)
            for chunk in _chunks(items, limits.max_batch_bytes):
                data = batch(chunk)
                self._sending_since = time.monotonic()
                message: dict[str, Any] = {"type": "websocket.send"}
                if self.binary:
                    message["bytes"] = data
                else:
                    message["text"] = data.decode()
                try:
                    await send(message)
                except (WebSocketDisconnect, OSError, RuntimeError):
                    return
                finally:
                    self._sending_since = None
                self.frames_sent += 1
                if self._drop_at is not None and self.frames_sent >= self._drop_at:
                    self.close(p.Close.DROPPED, "DROPPED", flush=False)
                    return
            if self._closing is not None and not self._direct:
                return

    def _interleave(self, frames: list[bytes], seq: int) -> list[bytes]:
        """The session's ``frames`` (``seq + 1`` on) with the queued connection frames due
        among them; a connection frame queued after later session frames waits for them."""
        items: list[bytes] = []
        direct = self._direct
        at = 0
        while True:
            # Closing: whatever is queued goes now, after the frames taken.
            closing = self._closing is not None and at >= len(frames)
            if direct and (direct[0][0] <= seq or self._sub is None or closing):
                items.append(direct.popleft()[1])
            elif at < len(frames):
                items.append(frames[at])
                at += 1
                seq += 1
            else:
                return items


def _chunks(items: list[bytes], max_bytes: int) -> list[list[bytes]]:
    chunks: list[list[bytes]] = []
    current: list[bytes] = []
    size = 0
    for item in items:
        if current and size + len(item) > max_bytes:
            chunks.append(current)
            current, size = [], 0
        current.append(item)
        size += len(item) + 1
    if current:
        chunks.append(current)
    return chunks
