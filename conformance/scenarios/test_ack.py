"""Acks: a frame with an ``id`` is answered ``received`` → ``delivered`` (or ``error``)."""

from __future__ import annotations

from conformance import hooks, wire
from conformance.conftest import Connect
from conformance.flow import assistant_reply, chat, is_ack, is_final_ack, until_end
from conformance.peer import Peer


def ack_statuses(peer: Peer, ref: str) -> list[str]:
    """Waits for ``ref``'s final ack; returns the statuses of its acks in order."""
    peer.wait_for(lambda e: is_final_ack(e, ref), f"the final ack (delivered/error) of {ref!r}")
    return [e["payload"]["status"] for e in peer.received if is_ack(e, ref)]


def test_ack_flow(connect: Connect) -> None:
    """Each chat.message with an id gets ack {status: received} then {status: delivered}
    (received may be skipped), with ref = its id and a seq; two at once are acked apart."""
    peer = connect()
    first = chat(peer, hooks.PLAIN_PROMPT, "chat-first")
    second = chat(peer, hooks.PLAIN_PROMPT, "chat-second")
    replies = [assistant_reply(peer), assistant_reply(peer)]
    for ref in (first, second):
        statuses = ack_statuses(peer, ref)
        assert statuses in (
            [wire.ACK_RECEIVED, wire.ACK_DELIVERED],
            [wire.ACK_DELIVERED],
        ), f"acks of {ref}: {statuses}"
    for message_id in replies:
        until_end(peer, message_id)
    assert all("seq" in e for e in peer.received if e["action_type"] == wire.ACK)


def test_ack_only_when_asked(connect: Connect) -> None:
    """A chat.message without an id gets its reply and no ack (there is nothing to ref)."""
    peer = connect()
    peer.send(wire.CHAT_MESSAGE, {"content": hooks.PLAIN_PROMPT})
    until_end(peer, assistant_reply(peer))
    peer.barrier()
    acks = [e for e in peer.received if e["action_type"] == wire.ACK]
    assert not acks, f"acks for a frame without an id: {acks}"
