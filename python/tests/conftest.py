"""Shared fixtures: the example app under a real uvicorn on loopback, for the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import EXAMPLE_DIR, uvicorn_server


@pytest.fixture(scope="session")
def example() -> Iterator[str]:
    """``uvicorn app:app --app-dir examples/fastapi`` at 2 ms per frame; yields host:port."""
    with uvicorn_server("app:app", EXAMPLE_DIR, {"WIRESTORE_TOKEN_MS": "2"}) as address:
        yield address
