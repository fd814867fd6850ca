"""The wirestore hub in a FastAPI app, with the reference server's conventions.

    pip install ./python -r examples/fastapi/requirements.txt
    uvicorn app:app --app-dir examples/fastapi          # ws://127.0.0.1:8000/ws?token=alice

- ``/ws?token=T``: a token starting with ``bad`` is refused with 4401, ``forbidden…`` with
  4403, none with 4401 (or send it as a first ``auth`` frame).
- ``chat.message {content}``: acked (received, delivered), the user message echoed, then a
  streamed assistant reply: sources, reasoning, a tool call, content deltas, follow-up
  questions, done. ``/form`` in the prompt asks for a form first (elicitation), ``/error``
  ends in ``message.error``, ``long`` streams 400 words. ``replies: N`` (1-8) streams N in
  parallel. 10 chat messages per user per 60 s (seed 004's limit).
- The pace: ``tokenMs=N`` in the socket URL, else ``WIRESTORE_TOKEN_MS`` (default 25).
  ``WIRESTORE_REPLAY_FRAMES`` (default 10000): the frames each session keeps for resume;
  ``WIRESTORE_COALESCE_MS`` (default 15; 0 sends every delta alone); ``WIRESTORE_SESSION_TTL_S``
  (default 300): how long a session outlives its socket.
- ``GET /health``: ``ok``. ``WIRESTORE_STATIC=DIR`` serves a built page at ``/``.
- Fault knobs for tests and the demo, like the reference server's (``WIRESTORE_CONTROL=0``
  turns them off): ``POST /control`` with ``{"drop": true[, "sessionId": S]}`` closes those
  connections at once with 4000 (the client resumes), ``{"dropAfter": N}`` does so after N more
  frames, ``{"malformed": N}`` sends N malformed frames (invalid JSON, no ``action_type``, a
  wrong-typed field, an unknown action), ``{"restart": true}`` forgets every session under a
  new epoch; ``GET /control/snapshot?sessionId=S&messageId=M`` is the
  server's record of one message (what ``sync`` would answer).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Body, FastAPI, HTTPException, WebSocket
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles
from script import FORM_SCHEMA, chunks, mention, plan

from wirestore import (
    ChatMessage,
    Context,
    HistoryLimits,
    Hub,
    MemoryStore,
    SlidingWindow,
    reference_convention,
)

MAX_REPLIES = 8
MALFORMED = (
    b"{not json",
    b'{"v":1,"payload":{}}',
    b'{"v":1,"action_type":"content.delta","messageId":"m-bad","payload":{"text":5}}',
    b'{"v":1,"action_type":"zap.unknown","payload":{}}',
)
DEFAULT_TOKEN_MS = float(os.environ.get("WIRESTORE_TOKEN_MS", "25"))

CONTROL = os.environ.get("WIRESTORE_CONTROL", "1") != "0"

store = MemoryStore(
    ttl=float(os.environ.get("WIRESTORE_SESSION_TTL_S", "300")),
    limits=HistoryLimits(max_frames=int(os.environ.get("WIRESTORE_REPLAY_FRAMES", "10000"))),
)
hub = Hub(
    auth=reference_convention,
    store=store,
    rate_limit=SlidingWindow(10, 60.0),
    coalesce_s=float(os.environ.get("WIRESTORE_COALESCE_MS", "15")) / 1000,
)


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield
    await hub.close()


app = FastAPI(title="wirestore example", lifespan=lifespan)


@app.websocket("/ws")
async def ws(socket: WebSocket) -> None:
    await hub.serve(socket)


@app.get("/health", response_class=PlainTextResponse)
async def health() -> str:
    return "ok"


if CONTROL:

    @app.post("/control")
    async def control(knobs: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
        answer: dict[str, Any] = {}
        if knobs.get("restart"):
            answer["epoch"] = store.restart()
            answer["dropped"] = hub.drop()
        elif knobs.get("drop"):
            answer["dropped"] = hub.drop(knobs.get("sessionId"))
        if isinstance(knobs.get("dropAfter"), int):
            for conn in hub.connections.values():
                conn.drop_after(knobs["dropAfter"])
        if isinstance(knobs.get("malformed"), int):
            for conn in hub.connections.values():
                for i in range(min(knobs["malformed"], 100)):
                    conn.send_direct(MALFORMED[i % len(MALFORMED)])
        answer["connections"] = len(hub.connections)
        answer["sessions"] = len(store)
        return answer

    @app.get("/control/snapshot")
    async def snapshot(sessionId: str, messageId: str) -> dict[str, Any]:
        record = await store.snapshot(sessionId, messageId)
        if record is None:
            raise HTTPException(404, "no such message")
        return record


@hub.on("chat.message")
async def chat(ctx: Context, msg: ChatMessage) -> None:
    await ctx.user_message(msg.content, message_id=msg.message_id)
    extra = msg.model_extra or {}
    count = extra.get("replies", 1)
    count = max(1, min(MAX_REPLIES, count if isinstance(count, int) else 1))
    pace = _pace(ctx)
    await asyncio.gather(*(answer(ctx, msg.content, i, pace) for i in range(count)))


async def answer(ctx: Context, prompt: str, index: int, pace: float) -> None:
    """One assistant reply, streamed at ``pace`` seconds per frame, as the reference server does."""
    reply_id = ctx.hub.new_id("a")
    script = plan(prompt, reply_id, index)
    async with ctx.reply(message_id=reply_id) as reply:
        for source in script.sources:
            await _step(pace)
            await reply.sources([source])
        prefix = ""
        if script.form:
            await _step(pace)
            values = await reply.elicit(FORM_SCHEMA, timeout=300)
            prefix = mention(values)
        for text in script.reasoning:
            await _step(pace)
            await reply.reasoning(text)
        logs = iter(script.logs)
        await _step(pace)
        await reply.log(**next(logs))
        await _step(pace)
        await reply.tool_start(script.tool_call_id, "search")
        for chunk in script.tool_args:
            await _step(pace)
            await reply.tool_delta(script.tool_call_id, chunk)
        await _step(pace)
        await reply.tool_end(script.tool_call_id, result=script.tool_result)
        for line in logs:
            await _step(pace)
            await reply.log(**line)
        for token in chunks(prefix + script.text, script.seed):
            await _step(pace)
            await reply.delta(token)
        await _step(pace)
        await reply.follow_ups(script.follow_ups)
        await _step(pace)
        if script.error:
            await reply.fail(
                "The scripted model failed, as the prompt asked (/error).", "MODEL_ERROR"
            )


async def _step(pace: float) -> None:
    await asyncio.sleep(pace)


def _pace(ctx: Context) -> float:
    try:
        return max(0.0, float(ctx.query.get("tokenMs", DEFAULT_TOKEN_MS))) / 1000
    except ValueError:
        return DEFAULT_TOKEN_MS / 1000


_static = os.environ.get("WIRESTORE_STATIC")
if _static and Path(_static).is_dir():
    app.mount("/", StaticFiles(directory=_static, html=True), name="page")
