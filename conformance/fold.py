"""A message's state as the client derives it from frames, to compare with a snapshot.

:func:`fold` applies one message's envelopes the way PROTOCOL.md's built-in actions say (the
same rules as the client's reducer), giving the shape of docs/message-shape.md;
:func:`normalized` fills the defaults the client fills for absent fields and drops nulls, so
``normalized(snapshot) == fold(frames)`` means "the snapshot equals the streamed state".
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from conformance import wire

Message = dict[str, Any]

#: The value the client takes for a field a snapshot leaves out.
DEFAULTS: dict[str, Any] = {
    "role": None,
    "status": "pending",
    "content": "",
    "reasoning": "",
    "sources": [],
    "followUpQuestions": [],
    "citations": [],
    "logs": [],
    "tools": [],
    "elicitation": None,
    "error": None,
    "meta": None,
    "custom": {},
}
TOOL_DEFAULTS: dict[str, Any] = {
    "name": None,
    "argsText": "",
    "status": "running",
    "result": None,
    "error": None,
}
FINAL_STATUSES = frozenset({"done", "error", "cancelled"})


def without_nulls(value: Any) -> Any:
    """``value`` with every ``null`` member of every object left out (absent == null)."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def normalized(message: Message) -> Message:
    """A snapshot payload as the client reads it: known fields only, defaults filled,
    tool calls completed, nulls dropped."""
    out: Message = {"id": message.get("id")}
    for name, default in DEFAULTS.items():
        value = message.get(name)
        out[name] = copy.deepcopy(default) if value is None else copy.deepcopy(value)
    out["tools"] = [{**TOOL_DEFAULTS, **tool} for tool in out["tools"] if isinstance(tool, dict)]
    return without_nulls(out)  # type: ignore[no-any-return]


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch of ``patch`` onto ``target``."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def identity(source: Any) -> tuple[str, Any] | None:
    """A source's identity: its ``id``, else its ``url``."""
    if not isinstance(source, dict):
        return None
    for key in ("id", "url"):
        if source.get(key) is not None:
            return key, source[key]
    return None


class MessageFold:
    """One message's state, built frame by frame."""

    def __init__(self, message_id: str) -> None:
        self.state: Message = {"id": message_id, **copy.deepcopy(DEFAULTS), "status": "streaming"}

    def apply(self, envelope: dict[str, Any]) -> None:
        """Applies one envelope for this message; frames after the end change nothing."""
        action = envelope["action_type"]
        payload: dict[str, Any] = envelope.get("payload") or {}
        s = self.state
        if s["status"] in FINAL_STATUSES and action not in (
            wire.MESSAGE_START,
            wire.MESSAGE_SNAPSHOT,
        ):
            return
        if action == wire.MESSAGE_START:
            role = payload.get("role", s["role"])
            meta = payload.get("meta", s["meta"])
            self.state = {**copy.deepcopy(DEFAULTS), "id": s["id"], "status": "streaming"}
            self.state.update(role=role, meta=meta)
        elif action == wire.MESSAGE_SNAPSHOT:
            self.state = {**copy.deepcopy(DEFAULTS), **normalized(payload), "id": s["id"]}
        elif action == wire.CONTENT_DELTA:
            s["content"] += str(payload.get("text", ""))
        elif action == wire.CONTENT_SET:
            s["content"] = str(payload.get("text", ""))
        elif action == wire.REASONING_DELTA:
            s["reasoning"] += str(payload.get("text", ""))
        elif action == wire.SOURCES_ADD:
            self.add_sources(many(payload, "source", "sources"))
        elif action == wire.SOURCES_SET:
            s["sources"] = copy.deepcopy(payload.get("sources", []))
        elif action == wire.FOLLOW_UPS_SET:
            s["followUpQuestions"] = list(payload.get("questions", []))
        elif action == wire.FOLLOW_UPS_ADD:
            s["followUpQuestions"].append(payload.get("question"))
        elif action == wire.CITATIONS_ADD:
            s["citations"].extend(many(payload, "citation", "citations"))
        elif action == wire.LOGS_APPEND:
            s["logs"].append({k: payload.get(k) for k in ("level", "text", "ts")})
        elif action in (wire.TOOL_START, wire.TOOL_DELTA, wire.TOOL_END):
            self.tool(action, payload)
        elif action == wire.ELICITATION_START:
            s["elicitation"] = {k: payload.get(k) for k in ("elicitationId", "schema", "mode")}
        elif action == wire.ELICITATION_END:
            open_form = s["elicitation"]
            if open_form and open_form.get("elicitationId") == payload.get("elicitationId"):
                s["elicitation"] = None
        elif action == wire.STATE_SET:
            s["custom"][str(payload.get("slice"))] = copy.deepcopy(payload.get("value"))
        elif action == wire.STATE_PATCH:
            name = str(payload.get("slice"))
            s["custom"][name] = merge_patch(s["custom"].get(name), payload.get("patch"))
        elif action in wire.TERMINAL_ACTIONS:
            s["status"] = action.removeprefix("message.")
            s["elicitation"] = None  # an ended message asks for nothing
            if action == wire.MESSAGE_ERROR:
                s["error"] = {"code": payload.get("code"), "message": payload.get("message")}
            else:
                s["error"] = None

    def add_sources(self, incoming: list[Any]) -> None:
        sources: list[Any] = self.state["sources"]
        for source in incoming:
            key = identity(source)
            slot = next((i for i, s in enumerate(sources) if key and identity(s) == key), None)
            if slot is None:
                sources.append(copy.deepcopy(source))
            else:
                sources[slot] = copy.deepcopy(source)

    def tool(self, action: str, payload: dict[str, Any]) -> None:
        tools: list[dict[str, Any]] = self.state["tools"]
        call_id = payload.get("toolCallId")
        call = next((t for t in tools if t["toolCallId"] == call_id), None)
        if action == wire.TOOL_START:
            fresh = {**TOOL_DEFAULTS, "toolCallId": call_id, "name": payload.get("name")}
            if call is None:
                tools.append(fresh)
            else:
                call.clear()
                call.update(fresh)
        elif call is None:
            return  # the client reports a delta or end for an unknown call, and skips it
        elif action == wire.TOOL_DELTA:
            call["argsText"] += str(payload.get("argsText", ""))
        else:
            error = payload.get("error")
            call.update(
                status="error" if error is not None else "done",
                result=payload.get("result"),
                error=error,
            )


def many(payload: dict[str, Any], one: str, several: str) -> list[Any]:
    """``payload[several]`` when it is a list, else ``[payload[one]]``, else nothing."""
    if isinstance(payload.get(several), list):
        return list(payload[several])
    return [payload[one]] if one in payload else []


def fold(envelopes: Iterable[dict[str, Any]], message_id: str) -> Message:
    """The normalized state of ``message_id`` after ``envelopes`` (others are skipped)."""
    state = MessageFold(message_id)
    for envelope in envelopes:
        if envelope.get("messageId") == message_id:
            state.apply(envelope)
    return normalized(state.state)
