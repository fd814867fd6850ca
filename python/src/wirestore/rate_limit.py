"""A pluggable limit on how often a user may send an action (``chat.message`` by default).

The hub asks ``RateLimit.check(user)`` before running the handler; a refusal becomes an error
ack ``RATE_LIMIT`` saying when to try again, and nothing else happens. ``SlidingWindow(10, 60)``
is seed 004's "10 messages per 60 seconds".
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol


class RateLimit(Protocol):
    """Decides whether ``user`` may act now."""

    def check(self, user: str) -> float | None:
        """None to allow (and count it), else the seconds until the next one is allowed."""
        ...


class SlidingWindow:
    """At most ``limit`` actions per user in any ``per`` seconds."""

    def __init__(self, limit: int, per: float, clock: Callable[[], float] = time.monotonic) -> None:
        if limit < 1 or per <= 0:
            raise ValueError("SlidingWindow needs limit >= 1 and per > 0")
        self.limit = limit
        self.per = per
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}

    def check(self, user: str) -> float | None:
        now = self._clock()
        seen = self._seen.setdefault(user, deque())
        while seen and now - seen[0] >= self.per:
            seen.popleft()
        if len(seen) >= self.limit:
            return self.per - (now - seen[0])
        seen.append(now)
        return None


def retry_message(wait_s: float) -> str:
    """The error text of a refused action, as the reference server words it."""
    return f"Rate limit exceeded. Try again in {max(1, math.ceil(wait_s))} seconds"
