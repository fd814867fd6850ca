"""Where sessions live: the ``SessionStore`` interface and its implementations.

``MemoryStore`` (the default) keeps everything in this process. A store shared by several
processes (Redis, issue 16) implements the same interface; the hub does not change.
"""

from wirestore.store.base import (
    Fence,
    FenceLost,
    ResumeRefused,
    SessionGone,
    SessionInfo,
    SessionStore,
    Signal,
    Subscription,
)
from wirestore.store.memory import MemoryStore

__all__ = [
    "Fence",
    "FenceLost",
    "MemoryStore",
    "ResumeRefused",
    "SessionGone",
    "SessionInfo",
    "SessionStore",
    "Signal",
    "Subscription",
]
