"""One WebSocket connection to the server under test.

A :class:`Peer` sends client frames and receives server frames; every frame it receives
goes through the connection's :class:`~conformance.checks.StreamChecker` (and the schema,
when one is given) before a scenario sees it, so each scenario also checks seq, acks and
lifecycle on everything it provokes. Every wait is bounded by ``Settings.timeout``.
"""

from __future__ import annotations

import contextlib
import itertools
import socket
import struct
import time
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from conformance import hooks, wire
from conformance.checks import Envelope, StreamChecker, brief
from conformance.schema import FrameSchema
from conformance.settings import Settings

#: How many recent frames a timeout message shows.
RECENT_FRAMES = 5


def with_query(url: str, params: dict[str, str]) -> str:
    """``url`` with ``params`` added to (or replacing) its query parameters."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query)))


class PeerClosed(AssertionError):
    """The server closed the connection while the suite waited for a frame."""

    def __init__(self, message: str, code: int | None) -> None:
        super().__init__(message)
        #: The close code the server sent; ``None`` when it dropped without a close frame.
        self.code = code


class Peer:
    """A connection that records and checks every server frame (see the module doc)."""

    def __init__(
        self,
        ws: ClientConnection,
        stack: contextlib.ExitStack,
        settings: Settings,
        label: str,
        schema: FrameSchema | None,
        ready_first: bool,
    ) -> None:
        self.ws = ws
        self.stack = stack
        self.settings = settings
        self.label = label
        self.schema = schema
        self.checker = StreamChecker(label, ready_first)
        #: Every envelope received, in order (including those not yet read by ``recv``).
        self.received: list[Envelope] = []
        self.pending: deque[Envelope] = deque()
        self.ids = itertools.count(1)
        #: The ``session.ready`` payload this connection opened with.
        self.ready: dict[str, Any] = {}

    @classmethod
    def open(
        cls,
        settings: Settings,
        token: str | None,
        *,
        query: dict[str, str] | None = None,
        label: str = "peer",
        schema: FrameSchema | None = None,
        expect_ready: bool = True,
        ready_first: bool = True,
    ) -> Peer:
        """Connects (with ``token`` as the ``token`` query parameter unless ``None``); with
        ``expect_ready``, reads the first frame, ``session.ready``. ``ready_first=False``
        lifts the rule that the first frame is ``session.ready`` (a refused connection)."""
        params = dict(query or {})
        if token is not None:
            params[hooks.TOKEN_PARAM] = token
        url = with_query(settings.url, params)
        stack = contextlib.ExitStack()
        try:
            ws = stack.enter_context(
                connect(
                    url,
                    proxy=None,
                    ping_interval=None,
                    max_size=None,  # the 1 MiB limit is checked per frame, with a clear message
                    open_timeout=settings.timeout,
                    close_timeout=1,
                )
            )
        except InvalidStatus as error:
            raise AssertionError(
                f"{label}: the WebSocket upgrade of {url} was refused with HTTP "
                f"{error.response.status_code}; a server accepts the upgrade and closes with "
                "a close code (4401/4403), which a browser can read and an HTTP status it cannot"
            ) from None
        peer = cls(ws, stack, settings, label, schema, ready_first)
        if expect_ready:
            try:
                peer.ready = peer.recv("session.ready").get("payload", {})
            except BaseException:
                peer.close()
                raise
        return peer

    @property
    def session_id(self) -> str:
        """The session this connection opened on."""
        return str(self.ready["sessionId"])

    @property
    def epoch(self) -> int:
        """The epoch of that session."""
        return int(self.ready["epoch"])

    @property
    def last_seq(self) -> int:
        """The seq of the last seq'd frame received (or the ready seq)."""
        expected = self.checker.expected_seq
        return 0 if expected is None else expected - 1

    def before(self, envelope: Envelope) -> list[Envelope]:
        """The envelopes received before ``envelope`` (one this connection received)."""
        for index, seen in enumerate(self.received):
            if seen is envelope:
                return self.received[:index]
        raise ValueError(f"{self.label} never received {brief(envelope)}")

    def new_id(self, prefix: str = "c") -> str:
        """A client frame id unique on this connection."""
        return f"{prefix}-{next(self.ids)}"

    def send(self, action_type: str, payload: Any = None, frame_id: str | None = None) -> None:
        """Sends one client frame."""
        self.ws.send(wire.client_frame(action_type, payload, frame_id))

    def send_raw(self, data: str | bytes) -> None:
        """Sends a WebSocket message as is (text for ``str``, binary for ``bytes``)."""
        self.ws.send(data)

    def _deadline(self, timeout: float | None) -> float:
        return time.monotonic() + (self.settings.timeout if timeout is None else timeout)

    def _read(self, deadline: float) -> bool:
        """Receives one WebSocket message into ``pending``; ``False`` when time is up."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        try:
            message = self.ws.recv(timeout=remaining)
        except TimeoutError:
            return False
        envelopes = self.checker.accept(message)
        if self.schema is not None:
            for envelope in envelopes:
                self.schema.validate(envelope, self.label)
        self.received.extend(envelopes)
        self.pending.extend(envelopes)
        return True

    def _timed_out(self, what: str) -> AssertionError:
        recent = "\n".join(f"    {brief(e, 200)}" for e in self.received[-RECENT_FRAMES:])
        return AssertionError(
            f"{self.label}: timed out waiting for {what}; last frames:\n{recent or '    (none)'}"
        )

    def _closed(self, what: str, error: ConnectionClosed) -> PeerClosed:
        code = error.rcvd.code if error.rcvd else None
        how = (
            f"closed the connection ({code} {error.rcvd.reason!r})"
            if error.rcvd
            else ("dropped the connection (no close frame)")
        )
        return PeerClosed(f"{self.label}: the server {how} while the suite waited for {what}", code)

    def recv(self, what: str = "frame", timeout: float | None = None) -> Envelope:
        """The next envelope; fails after ``timeout`` (default ``Settings.timeout``)."""
        deadline = self._deadline(timeout)
        try:
            while not self.pending:
                if not self._read(deadline):
                    raise self._timed_out(what)
        except ConnectionClosed as error:
            raise self._closed(what, error) from None
        return self.pending.popleft()

    def until(
        self, match: Callable[[Envelope], bool], what: str, timeout: float | None = None
    ) -> list[Envelope]:
        """Envelopes up to and including the first that ``match``es, which is the last."""
        deadline = self._deadline(timeout)
        seen: list[Envelope] = []
        while True:
            remaining = max(deadline - time.monotonic(), 0.0)
            envelope = self.recv(what, timeout=remaining)
            seen.append(envelope)
            if match(envelope):
                return seen

    def wait_for(
        self, match: Callable[[Envelope], bool], what: str, timeout: float | None = None
    ) -> Envelope:
        """The first envelope that ``match``es, among those already read or, failing that,
        those to come."""
        unread = len(self.received) - len(self.pending)
        for envelope in self.received[:unread]:
            if match(envelope):
                return envelope
        return self.until(match, what, timeout)[-1]

    def collect(self, seconds: float) -> list[Envelope]:
        """Every envelope that arrives within ``seconds`` (for "nothing more comes")."""
        deadline = time.monotonic() + seconds
        try:
            while self._read(deadline):
                pass
        except ConnectionClosed as error:
            raise self._closed(f"{seconds:g} s of frames", error) from None
        out = list(self.pending)
        self.pending.clear()
        return out

    def barrier(self) -> list[Envelope]:
        """A ``ping`` round trip: the envelopes that came before its ``pong``."""
        ping_id = self.new_id("ping")
        self.send(wire.PING, {}, ping_id)
        seen = self.until(
            lambda e: e["action_type"] == wire.PONG and e.get("ref") == ping_id,
            f"pong with ref {ping_id!r}",
        )
        return seen[:-1]

    def expect_close(self, what: str) -> tuple[int | None, str, list[Envelope]]:
        """Waits for the server to close: its close code (``None`` when dropped without a
        close frame), reason, and the envelopes that came first."""
        deadline = self._deadline(None)
        try:
            while self._read(deadline):
                pass
        except ConnectionClosed as error:
            before = list(self.pending)
            self.pending.clear()
            if error.rcvd is None:
                return None, "", before
            return error.rcvd.code, error.rcvd.reason, before
        raise self._timed_out(what)

    def drop(self) -> None:
        """Loses the connection abruptly, as a network failure would: no close frame, and a
        TCP reset (``SO_LINGER`` 0) instead of an orderly shutdown."""
        sock: socket.socket = self.ws.socket
        with contextlib.suppress(OSError):  # already gone: dropped either way
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.ws.close_socket()

    def close(self) -> None:
        """Closes normally (1000) if still open."""
        self.stack.close()
