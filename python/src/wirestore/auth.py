"""Who is connecting: the token (``token`` query parameter, or a first ``auth`` frame) and the
check that turns it into a user id, or a close code the client understands.

The client stops reconnecting on 4401 and 4403 (README, "Options"), so a refused token is
closed with one of them, after the upgrade, so a browser sees the code.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from typing import Final

from wirestore.protocol import Close, Code

AUTH_FRAME_WAIT_S: Final = 5.0
"""How long a connection without ``?token=`` may take to send its ``auth`` frame."""

Verify = Callable[[str | None], "str | Awaitable[str]"]
"""Token (None when the client sent none) -> user id, or raises ``AuthError``. May be async."""


class AuthError(Exception):
    """A refused connection: closed with ``code`` (4401 or 4403) and ``reason``."""

    def __init__(self, reason: str = Code.AUTH_FAILED, code: int = Close.UNAUTHORIZED) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


async def verify(check: Verify | None, token: str | None) -> str:
    """The user id ``check`` gives ``token``; without a check every connection is ``anonymous``."""
    if check is None:
        return "anonymous"
    user = check(token)
    if inspect.isawaitable(user):
        user = await user
    if not isinstance(user, str) or not user:
        raise AuthError()
    return user


_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def reference_convention(token: str | None) -> str:
    """The reference server's test convention (docs/server.md), not security.

    No token: 4401 ``AUTH_REQUIRED``. Malformed, or starting with ``bad``: 4401 ``AUTH_FAILED``.
    Starting with ``forbidden``: 4403 ``FORBIDDEN``. Any other token is the user id.
    """
    if not token:
        raise AuthError(Code.AUTH_REQUIRED)
    if not _TOKEN.fullmatch(token) or token.startswith("bad"):
        raise AuthError(Code.AUTH_FAILED)
    if token.startswith("forbidden"):
        raise AuthError(Code.FORBIDDEN, Close.FORBIDDEN)
    return token
