"""Streaming a reply, and ``seq`` over everything a session sends."""

from __future__ import annotations

from conformance import hooks, wire
from conformance.conftest import Connect
from conformance.flow import ask, content_deltas, frames_of, until_end
from conformance.fold import fold
from conformance.settings import Settings


def test_stream_reply(connect: Connect, settings: Settings) -> None:
    """A chat.message gets a streamed assistant reply: message.start, sources, content
    deltas, follow-up questions, message.done last; then nothing more for it."""
    peer = connect()
    message_id = ask(peer, hooks.PLAIN_PROMPT)
    end = until_end(peer, message_id)
    assert end["action_type"] == wire.MESSAGE_DONE, f"the reply ended with {end['action_type']}"
    actions = [e["action_type"] for e in frames_of(peer.received, message_id)]
    assert actions[0] == wire.MESSAGE_START
    assert {wire.SOURCES_ADD, wire.SOURCES_SET} & set(actions), "the reply has sources"
    assert actions.count(wire.CONTENT_DELTA) >= 2, "content streams as content.delta frames"
    assert {wire.FOLLOW_UPS_SET, wire.FOLLOW_UPS_ADD} & set(actions), "it has follow-ups"
    state = fold(peer.received, message_id)
    assert state["content"].strip(), "the streamed content is not empty"
    assert state["sources"] and state["followUpQuestions"]
    later = frames_of(peer.collect(settings.quiet), message_id)
    assert not later, f"frames after message.done: {later}"


def test_seq_gap_free(connect: Connect) -> None:
    """seq counts 1, 2, 3 … from session.ready.seq over the acks and every message frame of
    two replies in a row: each replayable frame has one, none is skipped or repeated."""
    peer = connect()
    for _ in range(2):
        until_end(peer, ask(peer, hooks.PLAIN_PROMPT))
    replayable = [e for e in peer.received if e["action_type"] == wire.ACK or "messageId" in e]
    assert all("seq" in e for e in replayable), "every replayable frame carries a seq"
    seqs = [e["seq"] for e in peer.received if "seq" in e]
    start = peer.ready["seq"] + 1
    assert seqs == list(range(start, start + len(seqs)))
    assert len(content_deltas(peer.received, replayable[-1]["messageId"])) >= 2
