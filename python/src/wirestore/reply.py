"""One message a handler streams: ``async with ctx.reply() as reply`` sends ``message.start``,
the slices as the handler produces them, and exactly one ending, whatever happens:

- the block ends: ``message.done``;
- it raises: ``message.error {code, message}`` (``ReplyError`` chooses the code), and the
  exception goes on to the hub, which logs it;
- its task is cancelled (``signal.stop``, or the hub closing): ``message.cancelled``, after the
  block's ``finally`` clauses ran.

Deltas are coalesced: ``reply.delta`` only buffers text, and the buffer becomes one
``content.delta`` envelope per ``coalesce_s`` window (or sooner, before any other frame of the
reply, so order is kept). The client applies one envelope of ``"Hello"`` exactly as five of
one letter each, so coalescing changes how many envelopes cross, never what the user sees.
Every append carries the reply's fence: a producer whose reply was claimed elsewhere stops.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from wirestore import protocol as p
from wirestore.elicitation import ElicitationCancelled, ElicitationTimeout
from wirestore.frame import Outgoing
from wirestore.store.base import Fence

if TYPE_CHECKING:
    from wirestore.context import Context

MAX_BUFFERED_CHARS = 16 * 1024
"""Buffered delta text past which the buffer is sent without waiting for its window."""


class ReplyError(Exception):
    """Raise in a reply to end it with ``message.error {code, message}``."""

    def __init__(self, message: str, code: str = p.Code.INTERNAL_ERROR) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _plain(value: Any) -> Any:
    """A pydantic model (e.g. ``wirestore.Source``) as its wire JSON; anything else as is."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    return value


class Reply:
    """The producer side of one message. Made by ``Context.reply``; use it with ``async with``."""

    def __init__(
        self,
        ctx: Context,
        message_id: str,
        role: str | None,
        meta: Any,
        coalesce_s: float,
    ) -> None:
        self.ctx = ctx
        self.message_id = message_id
        self._start_payload: dict[str, Any] = {}
        if role is not None:
            self._start_payload["role"] = role
        if meta is not None:
            self._start_payload["meta"] = _plain(meta)
        self._coalesce_s = coalesce_s
        self._fence: Fence | None = None
        self._buffer: list[str] = []
        self._buffer_action = p.CONTENT_DELTA
        self._buffer_chars = 0
        self._timer: asyncio.TimerHandle | None = None
        self._lock = asyncio.Lock()
        self._ended = False
        self._forms = 0
        self.tokens = 0

    @property
    def ended(self) -> bool:
        """Whether the ending frame was sent."""
        return self._ended

    # --- lifecycle ----------------------------------------------------------------------

    async def __aenter__(self) -> Reply:
        session_id = self.ctx.session_id
        self._fence = await self.ctx.store.claim(session_id, self.message_id)
        await self.ctx.deliver()
        self.ctx.hub.produced(self.ctx.session_id, self.message_id, asyncio.current_task())
        self.ctx.replies.append(self)
        await self._append([Outgoing(p.MESSAGE_START, self._start_payload, self.message_id)])
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> bool:
        try:
            if self._ended:
                return False
            if kind is None:
                await self._end(p.MESSAGE_DONE, {})
            elif issubclass(kind, asyncio.CancelledError):
                await self._end(p.MESSAGE_CANCELLED, {})
            elif isinstance(error, ReplyError):
                await self._end(p.MESSAGE_ERROR, {"code": error.code, "message": error.message})
            else:
                await self._end(
                    p.MESSAGE_ERROR, {"code": p.Code.INTERNAL_ERROR, "message": "the reply failed"}
                )
        finally:
            self.ctx.replies.remove(self)
            self.ctx.hub.produced(self.ctx.session_id, self.message_id, None)
        return False

    async def _end(self, action_type: str, payload: dict[str, Any]) -> None:
        # Shielded: a second cancel (hub shutdown) must not lose the one ending frame.
        self._ended = True
        await asyncio.shield(self._flush_then([Outgoing(action_type, payload, self.message_id)]))

    async def done(self) -> None:
        """Ends the message with ``message.done`` now (the block's end does it otherwise)."""
        if not self._ended:
            await self._end(p.MESSAGE_DONE, {})

    async def fail(self, message: str, code: str | None = None) -> None:
        """Ends the message with ``message.error {code, message}``."""
        if not self._ended:
            await self._end(p.MESSAGE_ERROR, {"code": code, "message": message})

    # --- slices -------------------------------------------------------------------------

    async def delta(self, text: str) -> None:
        """Appends ``text`` to ``content`` (coalesced; see the module doc)."""
        await self._buffered(p.CONTENT_DELTA, text)

    async def reasoning(self, text: str) -> None:
        """Appends ``text`` to ``reasoning`` (coalesced)."""
        await self._buffered(p.REASONING_DELTA, text)

    async def set_content(self, text: str) -> None:
        """Replaces ``content``."""
        await self.emit(p.CONTENT_SET, {"text": text})

    async def sources(self, sources: Iterable[Any]) -> None:
        """Adds sources (``wirestore.Source`` or dicts); a known ``id`` (else ``url``) replaces."""
        await self.emit(p.SOURCES_ADD, {"sources": [_plain(s) for s in sources]})

    async def set_sources(self, sources: Iterable[Any]) -> None:
        """Replaces the sources."""
        await self.emit(p.SOURCES_SET, {"sources": [_plain(s) for s in sources]})

    async def follow_ups(self, questions: Iterable[str]) -> None:
        """Replaces the follow-up questions."""
        await self.emit(p.FOLLOW_UPS_SET, {"questions": list(questions)})

    async def follow_up(self, question: str) -> None:
        """Adds one follow-up question."""
        await self.emit(p.FOLLOW_UPS_ADD, {"question": question})

    async def citations(self, citations: Iterable[Mapping[str, Any]]) -> None:
        """Adds citations (any JSON objects)."""
        await self.emit(p.CITATIONS_ADD, {"citations": [dict(c) for c in citations]})

    async def log(self, text: str, level: str = "info") -> None:
        """Appends a log line stamped with the current time (ms since the Unix epoch)."""
        await self.emit(
            p.LOGS_APPEND, {"level": level, "text": text, "ts": time.time_ns() // 10**6}
        )

    async def tool_start(self, tool_call_id: str, name: str | None = None) -> None:
        """A tool call begins."""
        payload: dict[str, Any] = {"toolCallId": tool_call_id}
        if name is not None:
            payload["name"] = name
        await self.emit(p.TOOL_START, payload)

    async def tool_delta(self, tool_call_id: str, args_text: str) -> None:
        """More of a tool call's arguments (text, usually JSON streaming in)."""
        await self.emit(p.TOOL_DELTA, {"toolCallId": tool_call_id, "argsText": args_text})

    async def tool_end(self, tool_call_id: str, result: Any = None, error: Any = None) -> None:
        """A tool call ends with its result, or its error."""
        payload: dict[str, Any] = {"toolCallId": tool_call_id}
        if result is not None:
            payload["result"] = _plain(result)
        if error is not None:
            payload["error"] = _plain(error)
        await self.emit(p.TOOL_END, payload)

    async def state(self, name: str, value: Any) -> None:
        """Replaces the custom slice ``name``."""
        await self.emit(p.STATE_SET, {"slice": name, "value": _plain(value)})

    async def patch(self, name: str, patch: Mapping[str, Any]) -> None:
        """Merge-patches (RFC 7386) the custom slice ``name``."""
        await self.emit(p.STATE_PATCH, {"slice": name, "patch": dict(patch)})

    async def elicit(
        self, schema: Mapping[str, Any], *, mode: str = "form", timeout: float | None = None
    ) -> dict[str, Any]:
        """Asks the user to fill a form; returns the submitted values.

        Raises ``ElicitationTimeout`` after ``timeout`` seconds (sending ``elicitation.end``),
        ``ElicitationCancelled`` if the session goes away first.
        """
        hub, session_id = self.ctx.hub, self.ctx.session_id
        self._forms += 1
        elicitation_id = f"e-{self.message_id}-{self._forms}"
        waiter = hub.wait_form(session_id, elicitation_id)
        await self.ctx.store.open_form(session_id, elicitation_id, self.message_id)
        start = {"elicitationId": elicitation_id, "schema": dict(schema), "mode": mode}
        await self.emit(p.ELICITATION_START, start)
        try:
            values = await asyncio.wait_for(waiter, timeout)
        except asyncio.TimeoutError:
            await self.ctx.store.close_form(session_id, elicitation_id)
            await self.emit(p.ELICITATION_END, {"elicitationId": elicitation_id})
            raise ElicitationTimeout(
                f"form {elicitation_id} was not answered in {timeout} s"
            ) from None
        except asyncio.CancelledError:
            await asyncio.shield(self.ctx.store.close_form(session_id, elicitation_id))
            raise
        finally:
            hub.forget_form(session_id, elicitation_id)
        if values is None:
            raise ElicitationCancelled(f"form {elicitation_id} was withdrawn")
        await self.emit(p.ELICITATION_END, {"elicitationId": elicitation_id})
        return values

    async def emit(self, action_type: str, payload: dict[str, Any]) -> None:
        """Sends any message-scoped frame for this message (after the buffered deltas)."""
        if self._ended:
            raise RuntimeError(f"reply {self.message_id} has ended")
        await self._flush_then([Outgoing(action_type, payload, self.message_id)])

    # --- coalescing ---------------------------------------------------------------------

    async def _buffered(self, action_type: str, text: str) -> None:
        if self._ended:
            raise RuntimeError(f"reply {self.message_id} has ended")
        if not text:
            return
        self.tokens += 1
        if self._buffer and action_type != self._buffer_action:
            await self._flush_then([])
        self._buffer_action = action_type
        self._buffer.append(text)
        self._buffer_chars += len(text)
        if self._coalesce_s <= 0 or self._buffer_chars >= MAX_BUFFERED_CHARS:
            await self._flush_then([])
        elif self._timer is None:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(self._coalesce_s, self._on_window)

    def _on_window(self) -> None:
        self._timer = None
        if self._buffer:
            self.ctx.hub.spawn(self._flush_then([]))

    async def _flush_then(self, frames: list[Outgoing]) -> None:
        async with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._buffer:
                text = "".join(self._buffer)
                self._buffer.clear()
                self._buffer_chars = 0
                frames = [Outgoing(self._buffer_action, {"text": text}, self.message_id), *frames]
            if frames:
                await self._append(frames)

    async def _append(self, frames: list[Outgoing]) -> None:
        await self.ctx.store.append(self.ctx.session_id, frames, self._fence)
