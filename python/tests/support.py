"""Test helpers: a real uvicorn on loopback (a free port the OS picked, its own process group),
and a real WebSocket client (``websockets``) that checks every frame it receives against
``schema/protocol-v1.json`` and the seq rules, and keeps what it saw."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import websockets
from websockets.asyncio.client import ClientConnection

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "schema" / "protocol-v1.json"
EXAMPLE_DIR = ROOT / "examples" / "fastapi"
RECV_TIMEOUT_S = 10.0


@cache
def _validator(definition: str) -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text())
    wrapped = {**schema, "$ref": f"#/$defs/{definition}"}
    wrapped.pop("anyOf", None)
    cls = jsonschema.validators.validator_for(wrapped)
    return cls(wrapped)


def check_server_frame(frame: Any) -> None:
    """Raises unless ``frame`` is a valid protocol v1 server frame (the schema's ServerFrame)."""
    _validator("ServerFrame").validate(frame)


def check_client_frame(frame: Any) -> None:
    """Raises unless ``frame`` is a valid protocol v1 client frame."""
    _validator("ClientFrame").validate(frame)


@contextlib.contextmanager
def uvicorn_server(app: str, app_dir: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """``uvicorn APP --app-dir DIR`` on 127.0.0.1 and a port the OS chose; yields ``host:port``.

    The listening socket is made here and handed to uvicorn (``--fd``), so there is no race
    for the port; the server runs in its own session and its process group is killed after.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--app-dir",
        str(app_dir),
        "--fd",
        str(listener.fileno()),
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(
        command,
        pass_fds=[listener.fileno()],
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )
    listener.close()
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn {app} did not start (exit {proc.poll()})")
            time.sleep(0.05)
        yield f"127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


@dataclass
class Seen:
    """What one client saw, across its connections."""

    frames: list[dict[str, Any]] = field(default_factory=list)
    last_seq: int = 0
    session: dict[str, Any] = field(default_factory=dict)
    content: dict[str, str] = field(default_factory=dict)


class Client:
    """One WebSocket connection of a test client, checking every frame it receives."""

    def __init__(self, ws: ClientConnection, seen: Seen) -> None:
        self.ws = ws
        self.seen = seen
        self._pending: list[dict[str, Any]] = []
        self.messages = 0
        self.ids = 0

    @classmethod
    async def connect(
        cls, address: str, query: str = "token=alice", seen: Seen | None = None, **kwargs: Any
    ) -> Client:
        ws = await websockets.connect(f"ws://{address}/ws?{query}", max_size=None, **kwargs)
        return cls(ws, seen or Seen())

    async def send(
        self, action_type: str, payload: dict[str, Any] | None = None, frame_id: str | None = None
    ) -> str | None:
        frame: dict[str, Any] = {"v": 1, "action_type": action_type, "payload": payload or {}}
        if frame_id is not None:
            frame["id"] = frame_id
        check_client_frame(frame)
        await self.ws.send(json.dumps(frame))
        return frame_id

    async def next(self, timeout: float = RECV_TIMEOUT_S) -> dict[str, Any]:
        """The next envelope (batches are unpacked), checked."""
        while not self._pending:
            raw = await asyncio.wait_for(self.ws.recv(), timeout)
            value = json.loads(raw)
            check_server_frame(value)
            self.messages += 1
            self._pending = value if isinstance(value, list) else [value]
        frame = self._pending.pop(0)
        self._record(frame)
        return frame

    def _record(self, frame: dict[str, Any]) -> None:
        seen = self.seen
        seen.frames.append(frame)
        if frame["action_type"] == "session.ready":
            seen.session = frame["payload"]
            seen.last_seq = frame["payload"]["seq"]
            return
        if "seq" in frame:
            assert frame["seq"] == seen.last_seq + 1, f"seq {frame['seq']} after {seen.last_seq}"
            seen.last_seq = frame["seq"]
        message_id = frame.get("messageId")
        if message_id is not None:
            text = frame["payload"].get("text", "")
            if frame["action_type"] == "content.delta":
                seen.content[message_id] = seen.content.get(message_id, "") + text
            elif frame["action_type"] in ("content.set",):
                seen.content[message_id] = text
            elif frame["action_type"] == "message.snapshot":
                seen.content[message_id] = frame["payload"].get("content", "")

    async def until(
        self, predicate: Any, timeout: float = RECV_TIMEOUT_S, limit: int = 20_000
    ) -> dict[str, Any]:
        """Reads until a frame matches ``predicate``; returns it."""
        deadline = time.monotonic() + timeout
        for _ in range(limit):
            frame = await self.next(max(0.01, deadline - time.monotonic()))
            if predicate(frame):
                return frame
        raise AssertionError("no matching frame")

    async def all_of(
        self, *predicates: Any, timeout: float = RECV_TIMEOUT_S
    ) -> list[dict[str, Any]]:
        """Reads until each predicate matched a frame (in any order) from now on; returns them."""
        found: dict[int, dict[str, Any]] = {}
        deadline = time.monotonic() + timeout
        while len(found) < len(predicates):
            frame = await self.next(max(0.01, deadline - time.monotonic()))
            for i, predicate in enumerate(predicates):
                if i not in found and predicate(frame):
                    found[i] = frame
                    break
        return [found[i] for i in range(len(predicates))]

    async def close(self) -> None:
        await self.ws.close()

    def drop(self) -> None:
        """Loses the TCP connection without a close frame (as a network failure would)."""
        transport = self.ws.transport
        transport.abort()


def is_action(action_type: str, message_id: str | None = None) -> Any:
    def matches(frame: dict[str, Any]) -> bool:
        return frame["action_type"] == action_type and (
            message_id is None or frame.get("messageId") == message_id
        )

    return matches
