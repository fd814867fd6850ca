"""``sync {messageId}`` → ``message.snapshot``, equal to what was streamed up to it."""

from __future__ import annotations

from conformance import hooks
from conformance.conftest import Connect
from conformance.flow import ask, stop, sync, until_deltas, until_end
from conformance.fold import fold, normalized


def test_sync_after_end(connect: Connect) -> None:
    """The snapshot of a finished reply (seq'd, ref = the sync's id) equals the state its
    frames built: content, sources, tools, follow-ups, logs, status done."""
    peer = connect()
    message_id = ask(peer, hooks.PLAIN_PROMPT)
    until_end(peer, message_id)
    snapshot = sync(peer, message_id)
    assert "seq" in snapshot, "message.snapshot is seq'd like any message frame"
    assert snapshot["payload"].get("id") == message_id
    assert normalized(snapshot["payload"]) == fold(peer.before(snapshot), message_id)
    assert snapshot["payload"].get("status") == "done"


def test_sync_mid_stream(connect: Connect) -> None:
    """A snapshot taken while the reply streams equals every frame before it, applied; the
    frames after it continue from it exactly (a client that resyncs mid-stream is exact)."""
    peer = connect()
    message_id = ask(peer, hooks.LONG_PROMPT)
    until_deltas(peer, message_id, hooks.MID_STREAM_DELTAS)
    snapshot = sync(peer, message_id)
    assert normalized(snapshot["payload"]) == fold(peer.before(snapshot), message_id)
    assert snapshot["payload"].get("status") == "streaming"
    until_deltas(peer, message_id, 2 * hooks.MID_STREAM_DELTAS)
    stop(peer, message_id)
    final = sync(peer, message_id)
    # Folding through the first snapshot: it replaces the state, the frames after it add on.
    assert normalized(final["payload"]) == fold(peer.before(final), message_id)
    assert normalized(final["payload"]) != normalized(snapshot["payload"])
