"""wirestore.reply and context, on a real hub and MemoryStore without a socket: what a
handler's reply puts into its session."""

import asyncio
import json
from typing import Any

import pytest

from tests.support import check_server_frame
from wirestore import Context, ElicitationTimeout, Hub, ReplyError
from wirestore.store import Signal


async def setup(coalesce_s: float = 0.0) -> tuple[Hub, Context, Any]:
    hub = Hub(coalesce_s=coalesce_s)
    session = await hub.store.create("u")
    ctx = Context(
        hub,
        user="u",
        session_id=session.session_id,
        connection_id="c",
        frame_id="f1",
        conversation_id="default",
    )
    sub = hub.store.subscribe(session.session_id, 0, lambda: None)
    return hub, ctx, sub


def frames(sub: Any) -> list[dict[str, Any]]:
    out = [json.loads(f) for f in sub.take(10_000)]
    for frame in out:
        check_server_frame(frame)
    return out


def kinds(out: list[dict[str, Any]]) -> list[str]:
    return [f["action_type"] for f in out]


async def test_a_reply_starts_streams_and_ends_done_after_its_delivered_ack() -> None:
    _, ctx, sub = await setup()
    async with ctx.reply(meta={"model": "m"}) as reply:
        await reply.sources([{"url": "https://a"}])
        for token in ["Hel", "lo"]:
            await reply.delta(token)
        await reply.follow_ups(["why?"])
    out = frames(sub)
    assert kinds(out) == [
        "ack",
        "message.start",
        "sources.add",
        "content.delta",
        "content.delta",
        "followUpQuestions.set",
        "message.done",
    ]
    assert out[0]["payload"] == {"status": "delivered"}
    assert out[0]["ref"] == "f1"
    assert out[1]["payload"] == {"role": "assistant", "meta": {"model": "m"}}
    assert [f["seq"] for f in out] == list(range(1, 8))


async def test_deltas_in_one_window_become_one_envelope_and_order_is_kept() -> None:
    _, ctx, sub = await setup(coalesce_s=0.05)
    async with ctx.reply() as reply:
        for token in "Hello":
            await reply.delta(token)
        await reply.reasoning("hm")
        await reply.delta(" world")
        await asyncio.sleep(0.1)  # the window passes with the buffer full: it is sent alone
        await reply.delta("!")
    out = frames(sub)
    texts = [(f["action_type"], f["payload"].get("text")) for f in out[2:-1]]
    assert texts == [
        ("content.delta", "Hello"),
        ("reasoning.delta", "hm"),
        ("content.delta", " world"),
        ("content.delta", "!"),
    ]


async def test_an_exception_ends_the_reply_with_message_error() -> None:
    _, ctx, sub = await setup()
    with pytest.raises(ValueError, match="boom"):
        async with ctx.reply() as reply:
            await reply.delta("x")
            raise ValueError("boom")
    with pytest.raises(ReplyError):
        async with ctx.reply() as reply:
            raise ReplyError("no model", "MODEL_ERROR")
    errors = [f for f in frames(sub) if f["action_type"] == "message.error"]
    assert [e["payload"]["code"] for e in errors] == ["INTERNAL_ERROR", "MODEL_ERROR"]


async def test_stop_cancels_the_producer_runs_its_finally_and_ends_cancelled_once() -> None:
    hub, ctx, sub = await setup()
    ran_finally = asyncio.Event()
    started = asyncio.Event()

    async def produce() -> None:
        async with ctx.reply(message_id="a-9") as reply:
            try:
                await reply.delta("partial")
                started.set()
                await asyncio.sleep(60)
            finally:
                ran_finally.set()

    task = asyncio.create_task(produce())
    await started.wait()
    await hub.store.publish(Signal("stop", ctx.session_id, message_id="a-9"))
    await hub.store.publish(Signal("stop", ctx.session_id, message_id="a-9"))
    with pytest.raises(asyncio.CancelledError):
        await task
    assert ran_finally.is_set()
    out = frames(sub)
    assert kinds(out)[-2:] == ["content.delta", "message.cancelled"]
    assert kinds(out).count("message.cancelled") == 1
    snapshot = await hub.store.snapshot(ctx.session_id, "a-9")
    assert snapshot is not None
    assert snapshot["status"] == "cancelled"


async def test_a_form_returns_the_submitted_values_or_times_out() -> None:
    hub, ctx, sub = await setup()

    async def submit_soon() -> None:
        await asyncio.sleep(0.02)
        start = next(f for f in frames(sub) if f["action_type"] == "elicitation.start")
        eid = start["payload"]["elicitationId"]
        assert await hub.store.close_form(ctx.session_id, eid) == start["messageId"]
        await hub.store.publish(
            Signal("submit", ctx.session_id, elicitation_id=eid, values={"city": "Oslo"})
        )

    async with ctx.reply() as reply:
        helper = asyncio.create_task(submit_soon())
        assert await ctx.elicit({"type": "object"}) == {"city": "Oslo"}
        await helper
        with pytest.raises(ElicitationTimeout):
            await reply.elicit({"type": "object"}, timeout=0.02)
    out = frames(sub)
    assert kinds(out) == ["elicitation.end", "elicitation.start", "elicitation.end", "message.done"]
    snapshot = await hub.store.snapshot(ctx.session_id, out[-1]["messageId"])
    assert snapshot is not None
    assert snapshot["elicitation"] is None


async def test_elicit_outside_a_reply_is_a_usage_error() -> None:
    _, ctx, _ = await setup()
    with pytest.raises(RuntimeError, match="open reply"):
        await ctx.elicit({})
