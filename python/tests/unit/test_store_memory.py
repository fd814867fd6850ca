"""wirestore.store.memory: the SessionStore contract, in one process."""

import pytest

from wirestore import protocol as p
from wirestore.frame import Outgoing
from wirestore.replay import HistoryLost, Limits
from wirestore.store import FenceLost, MemoryStore, ResumeRefused, Signal


def delta(text: str, message_id: str = "a-1") -> Outgoing:
    return Outgoing(p.CONTENT_DELTA, {"text": text}, message_id)


async def test_append_assigns_seqs_records_messages_and_wakes_subscribers() -> None:
    store = MemoryStore()
    session = await store.create("alice")
    woken: list[int] = []
    sub = store.subscribe(session.session_id, 0, lambda: woken.append(1))
    assert await store.append(session.session_id, [delta("Hel"), delta("lo")]) == 2
    assert woken == [1]
    assert sub.backlog == 2
    frames = sub.take(10)
    assert [f[:16] for f in frames] == [b'{"v":1,"seq":1,"', b'{"v":1,"seq":2,"']
    assert sub.cursor == 2
    assert sub.take(10) == []
    snapshot = await store.snapshot(session.session_id, "a-1")
    assert snapshot is not None
    assert snapshot["content"] == "Hello"
    assert await store.snapshot(session.session_id, "nope") is None


async def test_resume_checks_owner_epoch_and_history() -> None:
    store = MemoryStore(limits=Limits(max_frames=2))
    s = await store.create("alice")
    for t in "abc":
        await store.append(s.session_id, [delta(t)])
    info = await store.resume(s.session_id, s.epoch, 1, "alice")
    assert info.seq == 3
    for args, reason in [
        ((s.session_id, s.epoch, 1, "mallory"), p.UNKNOWN_SESSION),
        (("s-none", s.epoch, 0, "alice"), p.UNKNOWN_SESSION),
        ((s.session_id, s.epoch + 1, 1, "alice"), p.EPOCH_CHANGED),
        ((s.session_id, s.epoch, 0, "alice"), p.BUFFER_EXCEEDED),
        ((s.session_id, s.epoch, 4, "alice"), p.BUFFER_EXCEEDED),
    ]:
        with pytest.raises(ResumeRefused) as refused:
            await store.resume(*args)
        assert refused.value.reason == reason


async def test_a_cursor_behind_the_trimmed_history_is_lost() -> None:
    store = MemoryStore(limits=Limits(max_frames=2))
    s = await store.create("alice")
    sub = store.subscribe(s.session_id, 0, lambda: None)
    await store.append(s.session_id, [delta("a"), delta("b"), delta("c")])
    with pytest.raises(HistoryLost):
        sub.take(10)


async def test_a_revoked_fence_cannot_append() -> None:
    store = MemoryStore()
    s = await store.create("alice")
    first = await store.claim(s.session_id, "a-1")
    await store.append(s.session_id, [delta("x")], first)
    second = await store.claim(s.session_id, "a-1")
    with pytest.raises(FenceLost):
        await store.append(s.session_id, [delta("y")], first)
    assert await store.append(s.session_id, [delta("z")], second) == 2


async def test_forms_close_once_and_signals_reach_listeners() -> None:
    store = MemoryStore()
    s = await store.create("alice")
    heard: list[Signal] = []
    store.listen(heard.append)
    await store.open_form(s.session_id, "e1", "a-1")
    assert await store.close_form(s.session_id, "e1") == "a-1"
    assert await store.close_form(s.session_id, "e1") is None
    await store.publish(Signal("stop", s.session_id, message_id="a-1"))
    assert heard == [Signal("stop", s.session_id, message_id="a-1")]


async def test_a_detached_session_expires_after_its_ttl_only() -> None:
    store = MemoryStore(ttl=0.0)
    s = await store.create("alice")
    await store.detach(s.session_id)
    store._swept_at = -1e9  # sweep on the next call
    await store.create("bob")
    assert len(store) == 1
    with pytest.raises(ResumeRefused):
        await store.resume(s.session_id, s.epoch, 0, "alice")
    kept = await store.create("carol")
    store._swept_at = -1e9
    await store.create("dave")
    assert (await store.resume(kept.session_id, kept.epoch, 0, "carol")).user == "carol"
