"""``resume {sessionId, epoch, seq}`` after a drop: exactly the missing frames, then live;
or ``resume.failed`` with the reason, and the connection stays on its fresh session."""

from __future__ import annotations

import secrets
import time

from conformance import hooks, wire
from conformance.conftest import Connect
from conformance.flow import (
    ask,
    content_deltas,
    ended,
    frames_of,
    resume,
    stop,
    sync,
    until_deltas,
    until_end,
)
from conformance.fold import fold, normalized
from conformance.peer import Peer
from conformance.settings import Settings

#: How long a dropped client stays away before it reconnects, in seconds.
AWAY_S = 0.3
#: Frames read after a resume before the reply is stopped (when it has not ended by then).
AFTER_RESUME_FRAMES = 30


def assert_failed(answer: dict[str, object], reason: str) -> None:
    assert answer["action_type"] == wire.RESUME_FAILED, f"resume was accepted: {answer}"
    payload = answer.get("payload")
    assert isinstance(payload, dict) and payload.get("reason") == reason, answer


def assert_still_fresh(peer: Peer) -> None:
    """After a refused resume the connection works on its own fresh session."""
    peer.barrier()
    until_end(peer, ask(peer, hooks.PLAIN_PROMPT))


def test_resume_after_drop(connect: Connect, settings: Settings) -> None:
    """Dropped mid-reply, a new connection resumes: session.ready {the old session, seq: N}
    with ref, then exactly the frames after N, gap-free, then live ones; the reply's state
    across both connections equals the server's snapshot."""
    first = connect(label="before the drop")
    message_id = ask(first, hooks.LONG_PROMPT)
    until_deltas(first, message_id, hooks.MID_STREAM_DELTAS)
    first.drop()
    last = first.last_seq
    time.sleep(AWAY_S)  # the session outlives the socket; its reply goes on meanwhile

    second = connect(label="after the drop")
    _, ready = resume(second, first.session_id, first.epoch, last)
    assert ready["action_type"] == wire.SESSION_READY, f"resume failed: {ready}"
    assert ready["payload"] == {"sessionId": first.session_id, "epoch": first.epoch, "seq": last}
    replay_start = len(second.before(ready)) + 1
    while (
        not ended(second.received, message_id)
        and len(second.received) - replay_start < AFTER_RESUME_FRAMES
    ):
        second.recv(f"the frames after seq {last}")
    assert frames_of(second.received[replay_start:], message_id), (
        "nothing of the reply came after the resume: the session's reply must go on while no "
        "connection is attached, and the resume must replay it"
    )
    if not ended(second.received, message_id):
        stop(second, message_id)
    snapshot = sync(second, message_id)
    streamed = first.received + second.before(snapshot)
    assert normalized(snapshot["payload"]) == fold(streamed, message_id)
    assert len(content_deltas(streamed, message_id)) > hooks.MID_STREAM_DELTAS


def test_resume_up_to_date(connect: Connect) -> None:
    """Resuming at the last seq received replays nothing; the connection is then on that
    session, and its next frames go on from that seq."""
    first = connect(label="before the drop")
    until_end(first, ask(first, hooks.PLAIN_PROMPT))
    first.drop()
    second = connect(label="after the drop")
    _, ready = resume(second, first.session_id, first.epoch, first.last_seq)
    assert ready["action_type"] == wire.SESSION_READY, f"resume failed: {ready}"
    assert ready["payload"]["seq"] == first.last_seq
    replayed = [e for e in second.barrier() if "seq" in e]
    assert not replayed, f"frames replayed past the client's seq: {replayed}"
    until_end(second, ask(second, hooks.PLAIN_PROMPT))
    after_ready = second.received[len(second.before(ready)) + 1 :]
    seqs = [e["seq"] for e in after_ready if "seq" in e]
    assert seqs and seqs[0] == first.last_seq + 1, "the resumed session's seq goes on"


def test_resume_beyond_buffer(connect: Connect, settings: Settings) -> None:
    """Resuming from a seq whose next frame the replay buffer no longer holds (more than
    --replay-frames frames ago) is refused: resume.failed {reason: buffer_exceeded}."""
    streaming = connect(label="streaming")
    message_id = ask(streaming, hooks.LONG_PROMPT)
    start = streaming.ready["seq"]
    while streaming.last_seq < start + settings.replay_frames + 2:
        envelope = streaming.recv(
            f"frame {start + settings.replay_frames + 2} (a {hooks.LONG_PROMPT!r} reply must "
            f"outlast a replay buffer of --replay-frames {settings.replay_frames})"
        )
        assert not (
            envelope.get("messageId") == message_id
            and envelope["action_type"] in wire.TERMINAL_ACTIONS
        ), f"the long reply ended at seq {streaming.last_seq}, before the buffer overflowed"
    other = connect(label="resuming")
    _, answer = resume(other, streaming.session_id, streaming.epoch, start)
    assert_failed(answer, wire.BUFFER_EXCEEDED)
    # The long reply is left to end on its own: by now (a loaded machine, a slow resume) it
    # may have, so a stop here could race its message.done.
    assert_still_fresh(other)


def test_resume_wrong_epoch(connect: Connect) -> None:
    """Resuming a session with another epoch is refused: resume.failed {reason:
    epoch_changed} with ref; the connection stays on its fresh session."""
    first = connect(label="first")
    until_end(first, ask(first, hooks.PLAIN_PROMPT))
    second = connect(label="second")
    resume_id, answer = resume(second, first.session_id, first.epoch + 1, first.last_seq)
    assert_failed(answer, wire.EPOCH_CHANGED)
    assert answer.get("ref") == resume_id
    assert "seq" not in answer
    assert_still_fresh(second)


def test_resume_unknown_session(connect: Connect) -> None:
    """Resuming a session the server never made is refused: resume.failed {reason:
    unknown_session} with ref; the connection stays on its fresh session."""
    peer = connect()
    missing = f"conformance-no-such-session-{secrets.token_hex(6)}"
    resume_id, answer = resume(peer, missing, peer.epoch, 0)
    assert_failed(answer, wire.UNKNOWN_SESSION)
    assert answer.get("ref") == resume_id
    assert_still_fresh(peer)
