"""wirestore.hub: how a handler's task ends, on a real hub and MemoryStore without a socket."""

import asyncio
import json
import logging
from typing import Any

import pytest

from wirestore import Context, Hub


async def setup() -> tuple[Hub, Context, Any]:
    hub = Hub(coalesce_s=0.0)
    session = await hub.store.create("u")
    ctx = Context(
        hub,
        user="u",
        session_id=session.session_id,
        connection_id="nobody",
        frame_id="f1",
        conversation_id="default",
    )
    sub = hub.store.subscribe(session.session_id, 0, lambda: None)
    return hub, ctx, sub


def acks(sub: Any) -> list[dict[str, Any]]:
    frames = [json.loads(f) for f in sub.take(1000)]
    return [f["payload"] for f in frames if f["action_type"] == "ack"]


async def test_a_handler_that_raises_before_sending_gets_an_error_ack() -> None:
    hub, ctx, sub = await setup()

    async def broken(ctx: Context, payload: dict[str, Any]) -> None:
        raise LookupError("no such model")

    await hub._run(ctx, broken, {})
    assert acks(sub) == [
        {"status": "error", "code": "INTERNAL_ERROR", "error": "the handler failed: LookupError"}
    ]


async def test_a_handler_that_returns_without_sending_is_delivered() -> None:
    hub, ctx, sub = await setup()

    async def quiet(ctx: Context, payload: dict[str, Any]) -> None:
        return None

    await hub._run(ctx, quiet, {})
    assert acks(sub) == [{"status": "delivered"}]


async def test_a_reply_whose_session_went_away_ends_quietly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    hub, ctx, _ = await setup()
    started = asyncio.Event()

    async def slow(ctx: Context, payload: dict[str, Any]) -> None:
        async with ctx.reply() as reply:
            started.set()
            await asyncio.sleep(0.05)
            await reply.delta("late")

    task = asyncio.create_task(hub._run(ctx, slow, {}))
    await started.wait()
    await hub.store.discard(ctx.session_id)
    with caplog.at_level(logging.ERROR, logger="wirestore"):
        await task
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
