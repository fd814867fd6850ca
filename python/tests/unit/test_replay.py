"""wirestore.replay: the bounded history."""

import pytest

from wirestore.replay import HistoryLost, Limits, ReplayLog


def test_frames_are_numbered_and_read_after_a_position() -> None:
    log = ReplayLog()
    for i in range(1, 6):
        log.append(b"f%d" % i)
    assert (log.first_seq, log.last_seq, len(log)) == (1, 5, 5)
    assert log.after(2, 10) == [b"f3", b"f4", b"f5"]
    assert log.after(0, 2) == [b"f1", b"f2"]
    assert log.after(5, 10) == []


def test_trimmed_history_is_lost_not_silently_skipped() -> None:
    log = ReplayLog(Limits(max_frames=3))
    for i in range(1, 11):
        log.append(b"f%d" % i)
    assert (log.first_seq, log.last_seq) == (8, 10)
    assert log.covers(7)
    assert not log.covers(6)
    assert not log.covers(11)
    assert log.after(7, 10) == [b"f8", b"f9", b"f10"]
    with pytest.raises(HistoryLost):
        log.after(6, 10)


def test_the_byte_bound_trims_too_and_the_newest_frame_always_stays() -> None:
    log = ReplayLog(Limits(max_bytes=10))
    log.append(b"x" * 6)
    log.append(b"y" * 6)
    assert (len(log), log.size_bytes) == (1, 6)
    log.append(b"z" * 50)
    assert log.after(2, 5) == [b"z" * 50]


def test_compaction_keeps_positions() -> None:
    log = ReplayLog(Limits(max_frames=10))
    for i in range(1, 5001):
        log.append(str(i).encode())
    assert log.after(4995, 10) == [b"4996", b"4997", b"4998", b"4999", b"5000"]
