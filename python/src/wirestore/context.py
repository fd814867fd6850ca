"""What a handler gets besides its payload: who sent the frame, on which session, and the
means to answer (``reply``, ``elicit``, ``user_message``, ``emit``).

A handler runs in its own task, so the connection keeps reading while it streams; a
``signal.stop`` for one of its replies cancels that task. Its frame's ack goes
``received`` before the handler runs and ``delivered`` when the handler first sends anything
(or returns), or ``error`` if it raises before that.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wirestore import protocol as p
from wirestore.frame import Outgoing
from wirestore.reply import Reply

if TYPE_CHECKING:
    from wirestore.hub import Hub
    from wirestore.store.base import SessionStore


class Context:
    """One client frame being handled."""

    def __init__(
        self,
        hub: Hub,
        *,
        user: str,
        session_id: str,
        connection_id: str,
        frame_id: str | None,
        conversation_id: str,
        query: Mapping[str, str] | None = None,
    ) -> None:
        self.hub = hub
        self.user = user
        self.session_id = session_id
        self.connection_id = connection_id
        self.frame_id = frame_id
        self.conversation_id = conversation_id
        self.query: Mapping[str, str] = query or {}
        """The socket's query parameters (``token`` aside), e.g. an app's own options."""
        self.replies: list[Reply] = []
        self.delivered = False

    @property
    def store(self) -> SessionStore:
        """The hub's session store."""
        return self.hub.store

    def reply(
        self, role: str = "assistant", *, message_id: str | None = None, meta: Any = None
    ) -> Reply:
        """A new message to stream, as ``async with ctx.reply() as reply: …``."""
        return Reply(
            self,
            message_id or self.hub.new_id("a"),
            role,
            meta,
            self.hub.coalesce_s,
        )

    async def elicit(
        self, schema: Mapping[str, Any], *, mode: str = "form", timeout: float | None = None
    ) -> dict[str, Any]:
        """Asks the user to fill a form in the innermost open reply; returns the values."""
        if not self.replies:
            raise RuntimeError(
                "ctx.elicit needs an open reply: use it inside `async with ctx.reply()`"
            )
        return await self.replies[-1].elicit(schema, mode=mode, timeout=timeout)

    async def user_message(self, content: str, *, message_id: str | None = None) -> str:
        """Echoes the user's message into the session (start, content, done); returns its id."""
        message_id = message_id or self.hub.new_id("u")
        await self.emit(p.MESSAGE_START, {"role": "user"}, message_id)
        await self.emit(p.CONTENT_SET, {"text": content}, message_id)
        await self.emit(p.MESSAGE_DONE, {}, message_id)
        return message_id

    async def emit(self, action_type: str, payload: dict[str, Any], message_id: str | None) -> None:
        """Appends one frame to the session's stream (seq'd, replayable)."""
        await self.deliver()
        await self.store.append(self.session_id, [Outgoing(action_type, payload, message_id)])

    async def deliver(self) -> None:
        """Acks the frame ``delivered`` (once; a frame without an id gets no ack)."""
        if self.delivered:
            return
        self.delivered = True
        if self.frame_id is not None:
            await self.hub.ack(self.session_id, self.frame_id, p.DELIVERED)
