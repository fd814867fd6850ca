"""The session store interface: what the hub needs from wherever sessions live.

A session is an id, an epoch, its owner, a history (an append log of encoded frames numbered
by seq), the record of each message it streamed (for ``sync``), its open forms and the fencing
tokens of the replies producing into it. The hub holds sockets and runs handlers; the store
holds state. That split is what lets several processes share sessions (issue 16): a store
backed by Redis Streams implements these methods, and a resume lands on any replica.

The contract, method by method:

- ``append`` assigns seqs atomically (no two producers anywhere reuse one), stores the frames,
  updates the message records with them, and wakes every subscription of the session. With a
  ``Fence``, it refuses (``FenceLost``) once another producer claimed that reply.
- ``subscribe`` delivers, through non-blocking ``Subscription.take``, every frame after a
  position in seq order: the replay and then live frames, with nothing lost or doubled
  between them. It calls ``wake`` (from the event loop's thread) when frames arrive.
- ``resume`` checks a client's ``(sessionId, epoch, seq)`` against the session and its
  history, and raises ``ResumeRefused`` with the protocol's reason.
- Signals (``signal.stop``, ``elicitation.submit``, a session taken by another connection)
  are ``publish``-ed to every listener, wherever the producer runs.
- A session lives while attached, and for ``ttl`` seconds after its last ``detach``.

How a shared store maps onto Redis (issue 16; a sketch, not code that exists):

- ``append``: one Lua script per call: ``INCR`` the session's seq by the number of frames,
  ``XADD`` each frame (its bytes are ``{"v":1,"seq":N,`` + ``Outgoing.body``, so the script
  builds them), ``XTRIM MAXLEN ~``, ``EXPIRE``; the fence check (``GET`` of the reply's fence
  key equals the caller's token) in the same script. One round trip per coalesced batch.
- ``subscribe``: a task per subscription that ``XREAD BLOCK``s from the last id into a local
  bounded buffer and calls ``wake``; ``take`` drains the buffer, ``backlog`` is its length;
  a cursor older than the stream's first entry is ``HistoryLost``.
- message records: a hash per message, written by the appending replica from the frames it
  appends (the producer of a reply is its only writer, and the fence keeps it so across a
  takeover); ``snapshot`` reads it.
- ``resume``: the epoch key beside the stream, the owner, and ``XINFO``/first id for coverage;
  a stream that vanished (a Redis restart without persistence) means a new epoch.
- ``claim``: ``INCR`` of the reply's fence key; ``open_form``/``close_form``: ``HSET``/``HDEL``
  (``HDEL``'s count says who closed it first); ``publish``/``listen``: Pub/Sub on a channel
  per session (or one per store), ``listen`` handlers called from the subscriber task.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from wirestore.frame import Outgoing


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A session as ``session.ready`` names it."""

    session_id: str
    epoch: int
    user: str
    seq: int
    """The last seq assigned when this was read."""


@dataclass(frozen=True, slots=True)
class Fence:
    """The right to produce one reply: a later ``claim`` of the same message revokes it."""

    message_id: str
    token: int


class FenceLost(Exception):
    """A producer whose fence was revoked tried to append."""


class SessionGone(KeyError):
    """The session expired or was discarded; its producers stop."""


class ResumeRefused(Exception):
    """A resume cannot be honoured; ``reason`` is ``resume.failed``'s."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


SignalKind = Literal["stop", "submit", "taken"]


@dataclass(frozen=True, slots=True)
class Signal:
    """Something a client asked for that the producer of a reply must hear, wherever it runs.

    ``stop``: stop ``message_id``. ``submit``: the values of form ``elicitation_id``.
    ``taken``: a connection (``connection_id``) resumed the session; others on it close.
    """

    kind: SignalKind
    session_id: str
    message_id: str | None = None
    elicitation_id: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    connection_id: str | None = None


class Subscription(Protocol):
    """A cursor into one session's history that also follows what is appended."""

    @property
    def cursor(self) -> int:
        """The seq of the last frame taken."""
        ...

    @property
    def backlog(self) -> int:
        """How many frames are there to take now."""
        ...

    def take(self, limit: int) -> list[bytes]:
        """Up to ``limit`` encoded frames after the cursor, oldest first (never blocks).

        Raises ``wirestore.replay.HistoryLost`` when the cursor fell behind the history.
        """
        ...

    def close(self) -> None:
        """Stops following; ``wake`` is not called again."""
        ...


class SessionStore(Protocol):
    """Where sessions, their history and their message records live."""

    async def create(self, user: str) -> SessionInfo:
        """A new session of ``user`` at seq 0, attached."""
        ...

    async def resume(self, session_id: str, epoch: int, seq: int, user: str) -> SessionInfo:
        """The session, if it is ``user``'s, in ``epoch``, and its history covers ``seq``."""
        ...

    async def append(
        self, session_id: str, frames: Sequence[Outgoing], fence: Fence | None = None
    ) -> int:
        """Stores frames with the next seqs (atomically); returns the last seq assigned."""
        ...

    def subscribe(self, session_id: str, after: int, wake: Callable[[], None]) -> Subscription:
        """Follows the session's history from after ``after``."""
        ...

    async def snapshot(self, session_id: str, message_id: str) -> dict[str, Any] | None:
        """The record of one message (``message.snapshot``'s payload), or None if unknown."""
        ...

    async def claim(self, session_id: str, message_id: str) -> Fence:
        """Becomes the producer of reply ``message_id``, revoking any earlier fence on it."""
        ...

    async def open_form(self, session_id: str, elicitation_id: str, message_id: str) -> None:
        """Records an open elicitation of message ``message_id``."""
        ...

    async def close_form(self, session_id: str, elicitation_id: str) -> str | None:
        """Closes an open elicitation; its message id for the first caller, else None."""
        ...

    async def publish(self, signal: Signal) -> None:
        """Delivers a signal to every listener (every process sharing the store)."""
        ...

    def listen(self, handler: Callable[[Signal], None]) -> None:
        """Calls ``handler`` for every signal published (on the event loop's thread)."""
        ...

    async def attach(self, session_id: str) -> None:
        """A connection follows the session: it does not expire."""
        ...

    async def detach(self, session_id: str) -> None:
        """Its connection went: it expires ``ttl`` seconds from now unless attached again."""
        ...

    async def discard(self, session_id: str) -> None:
        """Forgets the session now (a fresh session left for a resumed one)."""
        ...

    async def close(self) -> None:
        """Releases what the store holds (tasks, connections)."""
        ...
