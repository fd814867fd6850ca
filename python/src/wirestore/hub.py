"""The hub: accepts sockets, authenticates them, puts each on a session, and runs handlers.

    hub = Hub(auth=verify_token)

    @app.websocket("/ws")
    async def ws(socket: WebSocket) -> None:
        await hub.serve(socket)

    @hub.on("chat.message")
    async def chat(ctx: Context, msg: ChatMessage) -> None:
        async with ctx.reply() as reply:
            await reply.delta("Hello")

Session state lives in the ``store`` (``MemoryStore`` by default); the hub holds what is
local to this process: sockets, handler tasks, forms being waited for. The protocol's
built-in client actions (``resume``, ``sync``, ``signal.stop``, ``elicitation.submit``,
typing, ``ping``) are handled here (``wirestore.builtin``); every other action goes to the
handler ``hub.on`` registered, or is answered as unknown. No client frame can crash the hub:
a bad one gets a typed ``session.error`` (and an error ack when it had an ``id``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import secrets
import time
from collections.abc import Callable, Coroutine
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from wirestore import builtin
from wirestore import protocol as p
from wirestore.auth import AUTH_FRAME_WAIT_S, AuthError, Verify, verify
from wirestore.connection import Connection, Limits
from wirestore.context import Context
from wirestore.conversation import DEFAULT_CONVERSATION, Conversations
from wirestore.frame import Outgoing
from wirestore.inbound import Invalid, Request, envelope
from wirestore.rate_limit import RateLimit, retry_message
from wirestore.router import Handler, PayloadError, Router
from wirestore.store.base import FenceLost, SessionGone, SessionStore, Signal
from wirestore.store.memory import MemoryStore

log = logging.getLogger("wirestore")

DEFAULT_COALESCE_S = 0.015
WATCHDOG_EVERY_S = 1.0


class Hub:
    """Sessions, handlers and sockets of one process. See the module doc."""

    def __init__(
        self,
        *,
        auth: Verify | None = None,
        store: SessionStore | None = None,
        rate_limit: RateLimit | None = None,
        rate_limited: tuple[str, ...] = (p.CHAT_MESSAGE,),
        binary: bool = True,
        coalesce_s: float = DEFAULT_COALESCE_S,
        limits: Limits | None = None,
    ) -> None:
        self.auth = auth
        self.store: SessionStore = store if store is not None else MemoryStore()
        self.rate_limit = rate_limit
        self.rate_limited = frozenset(rate_limited)
        self.binary = binary
        self.coalesce_s = coalesce_s
        self.limits = limits or Limits()
        self.router = Router()
        self.conversations = Conversations()
        self.connections: dict[str, Connection] = {}
        self._live: dict[str, Connection] = {}  # session id -> the connection following it here
        self._producers: dict[tuple[str, str], asyncio.Task[Any]] = {}
        self._forms: dict[tuple[str, str], asyncio.Future[dict[str, Any] | None]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._ids = itertools.count(1)
        self._id_prefix = secrets.token_hex(2)
        self._watchdog: asyncio.Task[None] | None = None
        self.store.listen(self._on_signal)

    # --- the public API -----------------------------------------------------------------

    def on(self, action_type: str, *, model: Any = None) -> Callable[[Handler], Handler]:
        """Registers the decorated async function as the handler of ``action_type``."""

        def register(handler: Handler) -> Handler:
            self.router.add(action_type, handler, model)
            return handler

        return register

    async def serve(self, socket: WebSocket) -> None:
        """Runs one WebSocket until it closes (the body of a FastAPI/Starlette endpoint)."""
        await socket.accept()
        try:
            user = await self._authenticate(socket)
        except AuthError as refused:
            with contextlib.suppress(Exception):
                await socket.close(refused.code, refused.reason)
            return
        except WebSocketDisconnect:
            return
        binary = _flag(socket.query_params.get("binary"), self.binary)
        conn = Connection(socket, user, self.store, binary=binary, limits=self.limits)
        self.connections[conn.id] = conn
        self.conversations.join(
            conn, socket.query_params.get("conversation") or DEFAULT_CONVERSATION
        )
        self._ensure_watchdog()
        session = await self.store.create(user)
        self._live[session.session_id] = conn
        conn.ready(session, 0)
        conn.follow(session, 0)
        try:
            await conn.run(self._handle)
        finally:
            self.connections.pop(conn.id, None)
            self.conversations.leave(conn)
            if conn.session is not None:
                if self._live.get(conn.session.session_id) is conn:
                    del self._live[conn.session.session_id]
                await self.store.detach(conn.session.session_id)

    async def close(self) -> None:
        """Closes every connection (1001) and cancels every handler; for the app's shutdown."""
        for conn in list(self.connections.values()):
            conn.close(p.Close.GOING_AWAY, "SHUTDOWN")
        for task in list(self._tasks):
            task.cancel()
        if self._watchdog is not None:
            self._watchdog.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.store.close()

    def drop(self, session_id: str | None = None) -> int:
        """Closes every connection (or ``session_id``'s) at once with 4000 ``DROPPED``, sending
        nothing more: a fault for tests and demos, which the client answers with a resume."""
        dropped = 0
        for conn in list(self.connections.values()):
            if session_id is None or (conn.session and conn.session.session_id == session_id):
                conn.close(p.Close.DROPPED, "DROPPED", flush=False)
                dropped += 1
        return dropped

    # --- what replies and contexts call -------------------------------------------------

    def new_id(self, kind: str) -> str:
        """A message id unique across processes sharing a store: ``a-12-3f9c``."""
        return f"{kind}-{next(self._ids)}-{self._id_prefix}"

    async def ack(
        self,
        session_id: str,
        ref: str,
        status: str,
        code: str | None = None,
        error: str | None = None,
    ) -> None:
        """Appends an ``ack`` (seq'd: acks are replayed like message frames)."""
        payload: dict[str, Any] = {"status": status}
        if code is not None:
            payload["code"] = code
        if error is not None:
            payload["error"] = error
        await self.store.append(session_id, [Outgoing(p.ACK, payload, ref=ref)])

    def produced(self, session_id: str, message_id: str, task: asyncio.Task[Any] | None) -> None:
        """Records (or, with None, forgets) the task producing a reply, for ``signal.stop``."""
        key = (session_id, message_id)
        if task is None:
            self._producers.pop(key, None)
        else:
            self._producers[key] = task

    def wait_form(
        self, session_id: str, elicitation_id: str
    ) -> asyncio.Future[dict[str, Any] | None]:
        """A future the form's submitted values (or None if withdrawn) will resolve."""
        future: asyncio.Future[dict[str, Any] | None] = asyncio.get_running_loop().create_future()
        self._forms[(session_id, elicitation_id)] = future
        return future

    def forget_form(self, session_id: str, elicitation_id: str) -> None:
        """Stops waiting for a form."""
        self._forms.pop((session_id, elicitation_id), None)

    def spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Runs ``work`` in a task the hub keeps (and cancels on ``close``); failures are logged."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("wirestore task failed", exc_info=task.exception())

    # --- connections --------------------------------------------------------------------

    async def _authenticate(self, socket: WebSocket) -> str:
        token = socket.query_params.get("token")
        if token is None and self.auth is not None:
            token = await _first_frame_token(socket)
        return await verify(self.auth, token)

    def live(self, session_id: str) -> Connection | None:
        """The connection of this process following ``session_id``."""
        return self._live.get(session_id)

    def take_over(self, conn: Connection, session_id: str) -> None:
        """Makes ``conn`` the connection of ``session_id`` here (the old one is closed 4409)."""
        if conn.session is not None and self._live.get(conn.session.session_id) is conn:
            del self._live[conn.session.session_id]
        previous = self._live.get(session_id)
        if previous is not None and previous is not conn:
            previous.close(p.Close.SESSION_TAKEN, "SESSION_TAKEN")
        self._live[session_id] = conn

    def _ensure_watchdog(self) -> None:
        if self._watchdog is None or self._watchdog.done():
            self._watchdog = asyncio.get_running_loop().create_task(self._watch())

    async def _watch(self) -> None:
        while self.connections:
            await asyncio.sleep(WATCHDOG_EVERY_S)
            now = time.monotonic()
            for conn in list(self.connections.values()):
                if conn.stalled(now):
                    log.warning("closing connection %s: the client reads too slowly", conn.id)
                    conn.close(p.Close.TRY_AGAIN_LATER, "SLOW_CLIENT")

    # --- frames -------------------------------------------------------------------------

    async def _handle(self, conn: Connection, item: Request | Invalid) -> None:
        session = conn.session
        if session is None:
            return
        if isinstance(item, Invalid):
            await self.invalid(conn, item.id, item.message, item.code)
            return
        try:
            local = builtin.ACTIONS.get(item.action_type)
            if local is not None:
                await local(self, conn, item)
                return
            await self._dispatch(conn, item)
        except PayloadError as error:
            await self.invalid(conn, item.id, f"{item.action_type}: {error}")

    async def invalid(
        self,
        conn: Connection,
        frame_id: str | None,
        message: str,
        code: str = p.Code.VALIDATION_ERROR,
    ) -> None:
        """A frame that could not be used: an error ack (if it had an id) and ``session.error``."""
        if frame_id is not None and conn.session is not None:
            await self.ack(conn.session.session_id, frame_id, p.ERROR, code, message)
        conn.error(code, message, frame_id)

    async def _dispatch(self, conn: Connection, request: Request) -> None:
        assert conn.session is not None
        route = self.router.get(request.action_type)
        if route is None:
            await self.invalid(conn, request.id, f"unknown action_type {request.action_type!r}")
            return
        payload = route.read(request.payload)
        session_id = conn.session.session_id
        if self.rate_limit is not None and request.action_type in self.rate_limited:
            wait = self.rate_limit.check(conn.user)
            if wait is not None:
                if request.id is not None:
                    await self.ack(
                        session_id, request.id, p.ERROR, p.Code.RATE_LIMIT, retry_message(wait)
                    )
                return
        conversation = request.payload.get("conversationId")
        if isinstance(conversation, str) and conversation:
            self.conversations.join(conn, conversation)
        if request.id is not None:
            await self.ack(session_id, request.id, p.RECEIVED)
        ctx = Context(
            self,
            user=conn.user,
            session_id=session_id,
            connection_id=conn.id,
            frame_id=request.id,
            conversation_id=self.conversations.of(conn),
            query={k: v for k, v in conn.socket.query_params.items() if k != "token"},
        )
        self.spawn(self._run(ctx, route.handler, payload))

    async def _run(self, ctx: Context, handler: Handler, payload: Any) -> None:
        try:
            await handler(ctx, payload)
        except asyncio.CancelledError:
            # A stopped reply ends its task this way; the reply already said `cancelled`.
            return
        except (SessionGone, FenceLost) as gone:
            # Its session expired, or another producer took the reply over: nobody to tell.
            log.info("handler of %s stopped: %r", ctx.frame_id or "a frame", gone)
            return
        except Exception as error:
            log.exception("handler of %s failed", ctx.frame_id or "a frame")
            message = f"the handler failed: {type(error).__name__}"
            if not ctx.delivered and ctx.frame_id is not None:
                ctx.delivered = True
                await self.ack(
                    ctx.session_id, ctx.frame_id, p.ERROR, p.Code.INTERNAL_ERROR, message
                )
            conn = self.connections.get(ctx.connection_id)
            if conn is not None:
                conn.error(p.Code.INTERNAL_ERROR, message, ctx.frame_id)
            return
        await ctx.deliver()

    # --- signals (from this process or, through the store, another) ----------------------

    def _on_signal(self, signal: Signal) -> None:
        if signal.kind == "stop" and signal.message_id is not None:
            task = self._producers.pop((signal.session_id, signal.message_id), None)
            if task is not None and not task.done():
                task.cancel()
        elif signal.kind == "submit" and signal.elicitation_id is not None:
            future = self._forms.get((signal.session_id, signal.elicitation_id))
            if future is not None and not future.done():
                future.set_result(signal.values)
        elif signal.kind == "taken":
            conn = self._live.get(signal.session_id)
            if conn is not None and conn.id != signal.connection_id:
                del self._live[signal.session_id]
                conn.close(p.Close.SESSION_TAKEN, "SESSION_TAKEN")


def _flag(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.lower() in ("1", "true", "yes")


async def _first_frame_token(socket: WebSocket) -> str | None:
    """The token of a first ``auth`` frame (a client's ``tokenMode: 'frame'``), if one comes."""
    try:
        message = await asyncio.wait_for(socket.receive(), AUTH_FRAME_WAIT_S)
    except asyncio.TimeoutError:
        return None
    if message["type"] != "websocket.receive":
        raise WebSocketDisconnect(message.get("code", 1000))
    data = message.get("bytes") or message.get("text") or ""
    try:
        item = envelope(json.loads(data))
    except ValueError:
        return None
    if isinstance(item, Request) and item.action_type == p.AUTH:
        token = item.payload.get("token")
        return token if isinstance(token, str) else None
    return None
