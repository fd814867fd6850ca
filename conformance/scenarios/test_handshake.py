"""Connecting: ``session.ready`` first, one session per connection, ``ping`` → ``pong``."""

from __future__ import annotations

from conformance import wire
from conformance.conftest import Connect
from conformance.flow import is_action


def test_handshake(connect: Connect) -> None:
    """A new connection's first frame is session.ready {sessionId, epoch, seq} with no seq."""
    peer = connect()
    first = peer.received[0]
    assert first["action_type"] == wire.SESSION_READY
    assert "seq" not in first, "session.ready carries no seq of its own"
    assert isinstance(peer.ready.get("sessionId"), str) and peer.ready["sessionId"]
    assert isinstance(peer.ready.get("epoch"), int)
    assert isinstance(peer.ready.get("seq"), int) and peer.ready["seq"] >= 0


def test_sessions_are_distinct(connect: Connect) -> None:
    """Two connections of one user get two sessions (distinct sessionIds) in one epoch."""
    first, second = connect(label="first"), connect(label="second")
    assert first.session_id != second.session_id
    assert first.epoch == second.epoch, "one server, one epoch, until it loses history"


def test_ping_pong(connect: Connect) -> None:
    """ping {id} is answered with pong (ref = the id, no seq), and nothing else is sent."""
    peer = connect()
    peer.send(wire.PING, {}, "ping-x")
    pong = peer.recv("pong")
    assert is_action(pong, wire.PONG), f"expected pong, got {pong['action_type']}"
    assert pong.get("ref") == "ping-x", "pong echoes the ping's id as ref"
    assert "seq" not in pong
