"""The load benchmark's server: a bare Starlette app (no FastAPI) with one Hub and one action,
``bench.stream {tokens, rate}``, which streams ``tokens`` content deltas into a reply at ``rate``
per second (0: as fast as the loop goes). Each token is the wall-clock time in microseconds at
the moment ``reply.delta`` is called, and a space, so the client measures delta-to-arrival.

Env: ``COALESCE_MS`` (the hub's delta window; 0 sends every delta as its own envelope).
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from wirestore import Context, Hub, Limits

hub = Hub(
    coalesce_s=float(os.environ.get("COALESCE_MS", "15")) / 1000,
    limits=Limits(max_backlog=50_000),
)


@hub.on("bench.stream")
async def stream(ctx: Context, payload: dict[str, Any]) -> None:
    tokens = int(payload.get("tokens", 2000))
    rate = float(payload.get("rate", 50))
    loop = asyncio.get_running_loop()
    interval = 1 / rate if rate > 0 else 0.0
    async with ctx.reply() as reply:
        due = loop.time()
        for i in range(tokens):
            if interval:
                due += interval
                delay = due - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
            elif i % 8 == 0:
                await asyncio.sleep(0)
            await reply.delta(f"{time.time_ns() // 1000} ")


async def ws(socket: WebSocket) -> None:
    await hub.serve(socket)


async def bare(socket: WebSocket) -> None:
    """The baseline for memory: a socket accepted and read, with no hub."""
    await socket.accept()
    while (await socket.receive())["type"] != "websocket.disconnect":
        pass


async def health(_: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


app = Starlette(
    routes=[WebSocketRoute("/ws", ws), WebSocketRoute("/bare", bare), Route("/health", health)]
)
