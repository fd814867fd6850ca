"""``signal.stop``: a streaming reply ends ``cancelled`` and says nothing more."""

from __future__ import annotations

from conformance import hooks, wire
from conformance.conftest import Connect
from conformance.flow import (
    ask,
    frames_of,
    is_action,
    is_final_ack,
    stop,
    sync,
    until_deltas,
    until_end,
)
from conformance.fold import fold, normalized
from conformance.settings import Settings


def test_stop(connect: Connect, settings: Settings) -> None:
    """signal.stop mid-reply: message.cancelled, a final ack for the stop, nothing more for
    the message, and its snapshot says cancelled with the content streamed so far."""
    peer = connect()
    message_id = ask(peer, hooks.LONG_PROMPT)
    until_deltas(peer, message_id, hooks.MID_STREAM_DELTAS)
    stop(peer, message_id)
    later = frames_of(peer.collect(settings.quiet), message_id)
    assert not later, f"frames after message.cancelled: {later}"
    snapshot = sync(peer, message_id)
    assert snapshot["payload"].get("status") == "cancelled"
    streamed = fold(peer.before(snapshot), message_id)
    assert normalized(snapshot["payload"]) == streamed


def test_stop_after_end(connect: Connect) -> None:
    """signal.stop for a reply that already ended changes nothing: a final ack, no
    message.cancelled, and the message stays done."""
    peer = connect()
    message_id = ask(peer, hooks.PLAIN_PROMPT)
    until_end(peer, message_id)
    peer.send(wire.SIGNAL_STOP, {"messageId": message_id}, "stop-late")
    seen = peer.until(lambda e: is_final_ack(e, "stop-late"), "the final ack of stop-late")
    seen += peer.barrier()
    assert not [e for e in seen if is_action(e, wire.MESSAGE_CANCELLED)]
    assert sync(peer, message_id)["payload"].get("status") == "done"
