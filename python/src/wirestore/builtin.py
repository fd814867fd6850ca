"""The protocol's own client actions, handled by the hub for every app (PROTOCOL.md):

- ``resume {sessionId, epoch, seq}``: ``session.ready {seq}`` with ``ref``, then exactly the
  frames after ``seq``, then live ones; or ``resume.failed {reason}`` and the connection stays
  on its session;
- ``sync {messageId}``: a seq'd ``message.snapshot`` from the store's record, with ``ref``;
- ``signal.stop {messageId}``: the reply's producer is cancelled wherever it runs (acked
  ``received``, then ``delivered`` once the stop is on its way: a client's ``sendAndWait``
  waits for a final status);
- ``elicitation.submit {elicitationId, values}``: the waiting ``reply.elicit`` returns them
  (acked ``received`` then ``delivered``; an unknown form is an error ack ``NOT_FOUND``);
- ``typing.start`` / ``typing.stop``: ``{userId, conversationId}`` to the conversation's
  other connections;
- ``ping``: ``pong`` with ``ref``; ``auth`` after the handshake: ignored.

Payloads are validated against the generated models of ``schema/protocol-v1.json``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from wirestore import protocol as p
from wirestore import wire
from wirestore.frame import Outgoing, connection_frame
from wirestore.inbound import Request
from wirestore.router import PayloadError, describe
from wirestore.store.base import ResumeRefused, Signal

if TYPE_CHECKING:
    from wirestore.connection import Connection
    from wirestore.hub import Hub

Model = TypeVar("Model", bound=BaseModel)


def _read(model: type[Model], request: Request) -> Model:
    try:
        return model.model_validate(request.payload)
    except ValidationError as error:
        raise PayloadError(describe(error)) from None


async def resume(hub: Hub, conn: Connection, request: Request) -> None:
    """Moves the connection to the named session, or answers ``resume.failed``."""
    ask = _read(wire.Resume, request)
    current = conn.session
    assert current is not None
    try:
        target = await hub.store.resume(ask.session_id, ask.epoch, ask.seq, conn.user)
    except ResumeRefused as refused:
        payload = {"reason": refused.reason}
        conn.send_direct(connection_frame(p.RESUME_FAILED, payload, request.id))
        return
    if target.session_id != current.session_id:
        hub.take_over(conn, target.session_id)
        await hub.store.attach(target.session_id)
        await hub.store.detach(current.session_id)
        await hub.store.discard(current.session_id)
        await hub.store.publish(Signal("taken", target.session_id, connection_id=conn.id))
    # Ready first, then the cursor from `seq`: the writer sends queued connection frames
    # before the session's, so the client hears `session.ready` before the replay.
    conn.ready(target, ask.seq, request.id)
    conn.follow(target, ask.seq)


async def sync(hub: Hub, conn: Connection, request: Request) -> None:
    """Answers with the message's snapshot, seq'd like any message frame."""
    ask = _read(wire.MessageRef, request)
    assert conn.session is not None
    session_id = conn.session.session_id
    snapshot = await hub.store.snapshot(session_id, ask.message_id)
    if snapshot is None:
        message = f"unknown message {ask.message_id}"
        if request.id is not None:
            await hub.ack(session_id, request.id, p.ERROR, p.Code.NOT_FOUND, message)
        conn.error(p.Code.NOT_FOUND, message, request.id)
        return
    frame = Outgoing(p.MESSAGE_SNAPSHOT, snapshot, ask.message_id, ref=request.id)
    await hub.store.append(session_id, [frame])


async def stop(hub: Hub, conn: Connection, request: Request) -> None:
    """Cancels the reply's producer; a stop for a reply that ended is harmless."""
    ask = _read(wire.MessageRef, request)
    assert conn.session is not None
    session_id = conn.session.session_id
    if request.id is not None:
        await hub.ack(session_id, request.id, p.RECEIVED)
    await hub.store.publish(Signal("stop", session_id, message_id=ask.message_id))
    if request.id is not None:
        await hub.ack(session_id, request.id, p.DELIVERED)


async def submit(hub: Hub, conn: Connection, request: Request) -> None:
    """Hands the values to the reply waiting for the form."""
    ask = _read(wire.ElicitationSubmit, request)
    assert conn.session is not None
    session_id = conn.session.session_id
    if await hub.store.close_form(session_id, ask.elicitation_id) is None:
        message = f"no open elicitation {ask.elicitation_id}"
        if request.id is not None:
            await hub.ack(session_id, request.id, p.ERROR, p.Code.NOT_FOUND, message)
        conn.error(p.Code.NOT_FOUND, message, request.id)
        return
    if request.id is not None:
        await hub.ack(session_id, request.id, p.RECEIVED)
    signal = Signal("submit", session_id, elicitation_id=ask.elicitation_id, values=ask.values)
    await hub.store.publish(signal)
    if request.id is not None:
        await hub.ack(session_id, request.id, p.DELIVERED)


async def typing(hub: Hub, conn: Connection, request: Request) -> None:
    """Tells the conversation's other connections who is typing."""
    ask = _read(wire.Typing, request)
    if ask.conversation_id:
        hub.conversations.join(conn, ask.conversation_id)
    conversation = hub.conversations.of(conn)
    payload = {"userId": conn.user, "conversationId": conversation}
    frame = connection_frame(request.action_type, payload)
    for other in hub.conversations.others(conn):
        peer = hub.connections.get(other.id)
        if peer is not None:
            peer.send_direct(frame)


async def ping(hub: Hub, conn: Connection, request: Request) -> None:
    """``pong`` with ``ref``."""
    conn.send_direct(connection_frame(p.PONG, {}, request.id))


async def ignore(hub: Hub, conn: Connection, request: Request) -> None:
    """An ``auth`` frame after the handshake changes nothing."""


ACTIONS: dict[str, Callable[[Hub, Connection, Request], Awaitable[None]]] = {
    p.RESUME: resume,
    p.SYNC: sync,
    p.SIGNAL_STOP: stop,
    p.ELICITATION_SUBMIT: submit,
    p.TYPING_START: typing,
    p.TYPING_STOP: typing,
    p.PING: ping,
    p.AUTH: ignore,
}
