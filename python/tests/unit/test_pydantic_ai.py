"""wirestore.integrations.pydantic_ai: a real pydantic-ai agent run (its TestModel, no
network) streamed into a reply on a real hub and MemoryStore."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

pytest.importorskip("pydantic_ai")

from pydantic_ai import Agent
from pydantic_ai.models.test import TestModel

from tests.support import check_server_frame
from wirestore import Context, Hub
from wirestore.integrations.pydantic_ai import stream_agent
from wirestore.store import Signal


def weather_agent(text: str) -> Agent[None, str]:
    agent: Agent[None, str] = Agent(TestModel(custom_output_text=text))

    @agent.tool_plain
    def forecast(city: str) -> dict[str, Any]:
        """The weather in a city."""
        return {"city": city, "sky": "clear"}

    return agent


async def run(
    agent: Agent[None, str], prompt: str
) -> tuple[Hub, Context, list[dict[str, Any]], Any]:
    hub = Hub(coalesce_s=0.0)
    session = await hub.store.create("u")
    ctx = Context(
        hub,
        user="u",
        session_id=session.session_id,
        connection_id="c",
        frame_id=None,
        conversation_id="default",
    )
    sub = hub.store.subscribe(session.session_id, 0, lambda: None)
    async with ctx.reply(message_id="a-1") as reply:
        output = await stream_agent(reply, agent, prompt)
    frames = [json.loads(f) for f in sub.take(10_000)]
    for frame in frames:
        check_server_frame(frame)
    return hub, ctx, frames, output


async def test_text_and_tool_calls_with_arguments_and_results_stream_into_the_reply() -> None:
    text = "Clear skies over the city all day"
    hub, ctx, frames, output = await run(weather_agent(text), "weather?")
    assert output == text
    kinds = [f["action_type"] for f in frames]
    assert kinds[0] == "message.start"
    assert kinds[-1] == "message.done"
    start = next(f for f in frames if f["action_type"] == "tool.start")
    assert start["payload"]["name"] == "forecast"
    end = next(f for f in frames if f["action_type"] == "tool.end")
    assert end["payload"]["result"]["sky"] == "clear"
    assert kinds.index("tool.start") < kinds.index("tool.end") < kinds.index("content.delta")
    assert kinds.count("content.delta") > 1  # streamed, not one block
    snapshot = await hub.store.snapshot(ctx.session_id, "a-1")
    assert snapshot is not None
    assert snapshot["content"] == text
    [tool] = snapshot["tools"]
    assert json.loads(tool["argsText"]) == {"city": end["payload"]["result"]["city"]}
    assert tool["status"] == "done"


async def test_stop_cancels_the_agent_run_and_the_reply_ends_cancelled() -> None:
    hub = Hub(coalesce_s=0.0)
    session = await hub.store.create("u")
    ctx = Context(
        hub,
        user="u",
        session_id=session.session_id,
        connection_id="c",
        frame_id=None,
        conversation_id="default",
    )
    sub = hub.store.subscribe(session.session_id, 0, lambda: None)
    agent = weather_agent("word " * 2000)
    first_delta = asyncio.Event()

    def woke() -> None:
        first_delta.set()

    watcher = hub.store.subscribe(session.session_id, 0, woke)

    async def produce() -> None:
        async with ctx.reply(message_id="a-2") as reply:
            await stream_agent(reply, agent, "go")

    task = asyncio.create_task(produce())
    while not any(b'"content.delta"' in f for f in watcher.take(1000)):
        first_delta.clear()
        await asyncio.wait_for(first_delta.wait(), 10)
    await hub.store.publish(Signal("stop", ctx.session_id, message_id="a-2"))
    with pytest.raises(asyncio.CancelledError):
        await task
    kinds = [json.loads(f)["action_type"] for f in sub.take(100_000)]
    assert kinds[-1] == "message.cancelled"
    assert "message.done" not in kinds
