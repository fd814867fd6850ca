"""Auth: a token in the query or in a first ``auth`` frame; refusals are close codes."""

from __future__ import annotations

import secrets

from conformance import hooks, wire
from conformance.conftest import Connect


def assert_refused(
    connect: Connect, token: str | None, code: int, first: str | None = None
) -> None:
    peer = connect(token, expect_ready=False, ready_first=False)
    if first is not None:
        peer.send_raw(first)
    closed, reason, before = peer.expect_close(f"a close with code {code}")
    assert closed == code, f"closed with {closed} {reason!r}, expected {code}"
    ready = [e for e in before if e["action_type"] == wire.SESSION_READY]
    assert not ready, "a refused connection gets no session"


def auth_frame(token: str) -> str:
    return wire.client_frame(wire.AUTH, {"token": token})


def test_auth_missing_token(connect: Connect) -> None:
    """No token at all (and no auth frame): the server closes with 4401 after the upgrade."""
    assert_refused(connect, None, wire.CLOSE_UNAUTHORIZED)


def test_auth_bad_token(connect: Connect) -> None:
    """A token starting with `bad`: closed with 4401 after the upgrade, no session.ready."""
    token = f"{hooks.BAD_TOKEN_PREFIX}-{secrets.token_hex(4)}"
    assert_refused(connect, token, wire.CLOSE_UNAUTHORIZED)


def test_auth_forbidden(connect: Connect) -> None:
    """A token starting with `forbidden` (a user who may not connect): closed with 4403."""
    token = f"{hooks.FORBIDDEN_TOKEN_PREFIX}-{secrets.token_hex(4)}"
    assert_refused(connect, token, wire.CLOSE_FORBIDDEN)


def test_auth_frame(connect: Connect, user: str) -> None:
    """Without ?token=, a first frame {action_type: auth, payload: {token}} authenticates
    (the client's tokenMode 'frame'): session.ready follows."""
    peer = connect(None, expect_ready=False)
    peer.send_raw(auth_frame(user))
    ready = peer.recv("session.ready after the auth frame")
    assert ready["action_type"] == wire.SESSION_READY
    peer.barrier()


def test_auth_frame_bad_token(connect: Connect) -> None:
    """An auth frame with a `bad` token: closed with 4401, no session.ready."""
    token = f"{hooks.BAD_TOKEN_PREFIX}-{secrets.token_hex(4)}"
    assert_refused(connect, None, wire.CLOSE_UNAUTHORIZED, first=auth_frame(token))
