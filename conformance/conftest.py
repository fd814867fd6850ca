"""pytest wiring: the suite's options, skipping scenarios by name, and the fixtures that
open connections to the server under test.

``pytest conformance --server-url ws://HOST:PORT/ws [--skip a,b] [--replay-frames N]
[--frame-timeout S] [--schema PATH[#POINTER]]``; ``python -m conformance`` passes the same.
A scenario's name is its test function's name without ``test_``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conformance import hooks
from conformance.peer import Peer
from conformance.schema import FrameSchema
from conformance.settings import DEFAULT_REPLAY_FRAMES, DEFAULT_TIMEOUT_S, Settings

#: Where the URL may come from when ``--server-url`` is not given.
URL_ENV = "CONFORMANCE_SERVER_URL"

Connect = Callable[..., Peer]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "wirestore protocol v1 conformance")
    group.addoption("--server-url", help=f"the server's WebSocket URL (or ${URL_ENV})")
    group.addoption(
        "--skip",
        action="append",
        default=[],
        help="scenario names to skip, comma separated (repeatable)",
    )
    group.addoption(
        "--replay-frames",
        type=int,
        default=DEFAULT_REPLAY_FRAMES,
        help=f"most frames the server keeps per session for resume (default "
        f"{DEFAULT_REPLAY_FRAMES})",
    )
    group.addoption(
        "--frame-timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        help=f"longest wait for one expected frame, s (default {DEFAULT_TIMEOUT_S:g})",
    )
    group.addoption(
        "--schema",
        help="validate every server frame against this JSON Schema (PATH[#/json/pointer])",
    )


def scenario_name(item: pytest.Item) -> str:
    """``test_resume_after_drop`` → ``resume_after_drop``."""
    name = getattr(item, "originalname", None) or item.name
    return name.removeprefix("test_")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = {n.strip() for group in config.getoption("skip") for n in group.split(",")}
    wanted.discard("")
    known = {scenario_name(item) for item in items}
    unknown = wanted - known
    if unknown and not config.getoption("keyword") and not config.getoption("markexpr"):
        raise pytest.UsageError(
            f"--skip names no scenario: {', '.join(sorted(unknown))} "
            f"(known: {', '.join(sorted(known))})"
        )
    for item in items:
        if scenario_name(item) in wanted:
            item.add_marker(pytest.mark.skip(reason="skipped by --skip"))


@pytest.fixture(scope="session")
def settings(pytestconfig: pytest.Config) -> Settings:
    """What the suite was told about the server under test."""
    url = pytestconfig.getoption("server_url") or os.environ.get(URL_ENV)
    if not url:
        raise pytest.UsageError(
            f"give the server's URL: --server-url ws://HOST:PORT/ws or ${URL_ENV}"
        )
    schema, _, pointer = (pytestconfig.getoption("schema") or "").partition("#")
    return Settings(
        url=url,
        replay_frames=pytestconfig.getoption("replay_frames"),
        timeout=pytestconfig.getoption("frame_timeout"),
        schema=Path(schema) if schema else None,
        schema_pointer=pointer,
    )


@pytest.fixture(scope="session")
def frame_schema(settings: Settings) -> FrameSchema | None:
    """The JSON Schema every received frame is validated against, if one was given."""
    if settings.schema is None:
        return None
    return FrameSchema(settings.schema, settings.schema_pointer)


@pytest.fixture
def user(request: pytest.FixtureRequest) -> str:
    """A fresh token (a fresh user) for this scenario."""
    return hooks.token(scenario_name(request.node))


@pytest.fixture
def connect(settings: Settings, frame_schema: FrameSchema | None, user: str) -> Iterator[Connect]:
    """Opens connections (``connect(token, query=…, label=…, expect_ready=…, ready_first=…)``, token
    defaulting to the scenario's ``user``) and closes them all when the scenario ends."""
    peers: list[Peer] = []
    counter = iter(range(1, 1000))

    def open_peer(
        token: str | None = user,
        *,
        query: dict[str, str] | None = None,
        label: str | None = None,
        expect_ready: bool = True,
        ready_first: bool = True,
    ) -> Peer:
        peer = Peer.open(
            settings,
            token,
            query=query,
            label=label or f"connection {next(counter)}",
            schema=frame_schema,
            expect_ready=expect_ready,
            ready_first=ready_first,
        )
        peers.append(peer)
        return peer

    yield open_peer
    for peer in peers:
        peer.close()
