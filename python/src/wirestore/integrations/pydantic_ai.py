"""Streams a pydantic-ai agent run into a reply (``pip install "./python[pydantic-ai]"``).

    from pydantic_ai import Agent
    from wirestore.integrations.pydantic_ai import stream_agent

    @hub.on("chat.message")
    async def chat(ctx: Context, msg: ChatMessage) -> None:
        async with ctx.reply() as reply:
            await stream_agent(reply, agent, msg.content)

What crosses, from pydantic-ai's event stream (``Agent.run_stream_events``):

- text parts and their deltas -> ``content.delta`` (coalesced like any ``reply.delta``);
- thinking parts -> ``reasoning.delta``;
- a tool call the model streams -> ``tool.start {toolCallId, name}``, its arguments as they
  stream -> ``tool.delta {argsText}``; its return -> ``tool.end {result}``, a retry prompt
  (the tool refused its arguments) -> ``tool.end {error}``.

A ``signal.stop`` cancels the handler's task, which cancels the agent run; the reply ends
``cancelled``. An error in the run ends it ``message.error``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pydantic_ai import Agent
from pydantic_ai.messages import (
    FunctionToolCallEvent,
    FunctionToolResultEvent,
    PartDeltaEvent,
    PartStartEvent,
    RetryPromptPart,
    TextPart,
    TextPartDelta,
    ThinkingPart,
    ThinkingPartDelta,
    ToolCallPart,
    ToolCallPartDelta,
    ToolReturnPart,
)
from pydantic_ai.run import AgentRunResultEvent
from pydantic_core import to_jsonable_python

from wirestore.reply import Reply


class _Tools:
    """Which tool calls the reply has started, by the model part's index and call id."""

    def __init__(self) -> None:
        self.by_index: dict[int, str] = {}
        self.started: set[str] = set()


async def stream_agent(
    reply: Reply, agent: Agent[Any, Any], prompt: str | Sequence[Any], **run: Any
) -> Any:
    """Runs ``agent`` on ``prompt`` (``run`` goes to ``run_stream_events``), streaming its events
    into ``reply``; returns the run's output."""
    tools = _Tools()
    output: Any = None
    async with agent.run_stream_events(prompt, **run) as events:
        async for event in events:
            if isinstance(event, AgentRunResultEvent):
                output = event.result.output
            else:
                await _forward(reply, tools, event)
    return output


async def _forward(reply: Reply, tools: _Tools, event: Any) -> None:
    if isinstance(event, PartStartEvent):
        part = event.part
        if isinstance(part, TextPart):
            await reply.delta(part.content)
        elif isinstance(part, ThinkingPart):
            await reply.reasoning(part.content)
        elif isinstance(part, ToolCallPart):
            tools.by_index[event.index] = part.tool_call_id
            await _start_tool(reply, tools, part)
    elif isinstance(event, PartDeltaEvent):
        delta = event.delta
        if isinstance(delta, TextPartDelta):
            await reply.delta(delta.content_delta)
        elif isinstance(delta, ThinkingPartDelta) and delta.content_delta:
            await reply.reasoning(delta.content_delta)
        elif isinstance(delta, ToolCallPartDelta):
            call = delta.tool_call_id or tools.by_index.get(event.index)
            if call is not None and call in tools.started and delta.args_delta:
                args = delta.args_delta
                text = args if isinstance(args, str) else json.dumps(args)
                await reply.tool_delta(call, text)
    elif isinstance(event, FunctionToolCallEvent):
        if event.part.tool_call_id not in tools.started:
            await _start_tool(reply, tools, event.part)
    elif isinstance(event, FunctionToolResultEvent):
        result = event.part
        if isinstance(result, ToolReturnPart):
            content = to_jsonable_python(result.content, fallback=str)
            await reply.tool_end(result.tool_call_id, result=content)
        elif isinstance(result, RetryPromptPart):
            await reply.tool_end(result.tool_call_id, error=result.model_response())


async def _start_tool(reply: Reply, tools: _Tools, part: ToolCallPart) -> None:
    tools.started.add(part.tool_call_id)
    await reply.tool_start(part.tool_call_id, part.tool_name)
    if part.args:
        await reply.tool_delta(part.tool_call_id, part.args_as_json_str())
