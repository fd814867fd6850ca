"""The server's record of one message, kept so ``sync`` is answered with a ``message.snapshot``.

The record is updated by the very frames the session stores (``MessageRecord.apply``), with the
client's semantics (docs/message-shape.md): text appends, ``content.set`` replaces, sources are
unique by ``id`` (else ``url``) and a repeat replaces the earlier one, ``state.patch`` is an
RFC 7386 merge patch, logs are a bounded ring. So a snapshot always equals "every frame up to
its seq, applied", and a client that replaces its message with it loses nothing.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from wirestore import protocol as p

MAX_LOGS = 500
"""Log lines a record keeps, like the client's ``limits.maxLogsPerMessage`` default."""


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch: objects merge by key, ``null`` deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _source_key(source: Any) -> Any:
    if not isinstance(source, dict):
        return None
    return source.get("id", source.get("url"))


class MessageRecord:
    """One message as the server streamed it."""

    __slots__ = (
        "citations",
        "content",
        "custom",
        "elicitation",
        "error",
        "follow_ups",
        "id",
        "logs",
        "meta",
        "reasoning",
        "role",
        "sources",
        "status",
        "tools",
    )

    def __init__(self, message_id: str) -> None:
        self.id = message_id
        self._reset()

    def _reset(self) -> None:
        self.role: str | None = None
        self.status = "streaming"
        self.content: list[str] = []
        self.reasoning: list[str] = []
        self.sources: list[Any] = []
        self.follow_ups: list[str] = []
        self.citations: list[Any] = []
        self.logs: deque[Any] = deque(maxlen=MAX_LOGS)
        self.tools: list[dict[str, Any]] = []
        self.elicitation: Any = None
        self.error: Any = None
        self.meta: Any = None
        self.custom: dict[str, Any] = {}

    def apply(self, action_type: str, payload: dict[str, Any]) -> None:
        """Applies one frame the session stores; actions a record does not track change nothing."""
        handler = _APPLY.get(action_type)
        if handler is not None:
            handler(self, payload)

    def to_json(self) -> dict[str, Any]:
        """The ``message.snapshot`` payload (the shape of docs/message-shape.md)."""
        return {
            "id": self.id,
            "role": self.role,
            "status": self.status,
            "content": "".join(self.content),
            "reasoning": "".join(self.reasoning),
            "sources": list(self.sources),
            "followUpQuestions": list(self.follow_ups),
            "citations": list(self.citations),
            "logs": list(self.logs),
            "tools": [dict(tool) for tool in self.tools],
            "elicitation": self.elicitation,
            "error": self.error,
            "meta": self.meta,
            "custom": dict(self.custom),
        }

    def _start(self, payload: dict[str, Any]) -> None:
        # A regeneration keeps the role and meta it does not name, as the client does.
        role, meta = self.role, self.meta
        self._reset()
        self.role = payload.get("role") or role
        self.meta = payload.get("meta", meta)

    def _add_sources(self, payload: dict[str, Any]) -> None:
        items = list(payload.get("sources") or [])
        if payload.get("source") is not None:
            items.append(payload["source"])
        for source in items:
            key = _source_key(source)
            at = next(
                (
                    i
                    for i, s in enumerate(self.sources)
                    if key is not None and _source_key(s) == key
                ),
                None,
            )
            if at is None:
                self.sources.append(source)
            else:
                self.sources[at] = source

    def _add_citations(self, payload: dict[str, Any]) -> None:
        self.citations.extend(payload.get("citations") or [])
        if payload.get("citation") is not None:
            self.citations.append(payload["citation"])

    def _tool(self, payload: dict[str, Any]) -> dict[str, Any] | None:
        wanted = payload.get("toolCallId")
        return next((t for t in self.tools if t["toolCallId"] == wanted), None)

    def _tool_start(self, payload: dict[str, Any]) -> None:
        self.tools.append(
            {
                "toolCallId": payload.get("toolCallId"),
                "name": payload.get("name"),
                "argsText": "",
                "status": "running",
                "result": None,
                "error": None,
            }
        )

    def _tool_delta(self, payload: dict[str, Any]) -> None:
        tool = self._tool(payload)
        if tool is not None:
            tool["argsText"] += payload.get("argsText", "")

    def _tool_end(self, payload: dict[str, Any]) -> None:
        tool = self._tool(payload)
        if tool is not None:
            tool["result"] = payload.get("result")
            tool["error"] = payload.get("error")
            tool["status"] = "done" if tool["error"] is None else "error"

    def _snapshot(self, payload: dict[str, Any]) -> None:
        self._reset()
        self.role = payload.get("role")
        self.status = payload.get("status") or "streaming"
        self.content = [payload.get("content") or ""]
        self.reasoning = [payload.get("reasoning") or ""]
        self.sources = list(payload.get("sources") or [])
        self.follow_ups = list(payload.get("followUpQuestions") or [])
        self.citations = list(payload.get("citations") or [])
        self.logs.extend(payload.get("logs") or [])
        self.tools = [dict(t) for t in payload.get("tools") or []]
        self.elicitation = payload.get("elicitation")
        self.error = payload.get("error")
        self.meta = payload.get("meta")
        self.custom = dict(payload.get("custom") or {})

    def _end_elicitation(self, payload: dict[str, Any]) -> None:
        if isinstance(self.elicitation, dict) and (
            self.elicitation.get("elicitationId") == payload.get("elicitationId")
        ):
            self.elicitation = None

    def _set_status(self, status: str, error: Any = None) -> None:
        self.status = status
        self.error = error
        self.elicitation = None


def _patch_slice(record: MessageRecord, payload: dict[str, Any]) -> None:
    name = payload["slice"]
    record.custom[name] = merge_patch(record.custom.get(name), payload.get("patch"))


_APPLY: dict[str, Any] = {
    p.MESSAGE_START: MessageRecord._start,
    p.CONTENT_DELTA: lambda r, pl: r.content.append(pl["text"]),
    p.CONTENT_SET: lambda r, pl: setattr(r, "content", [pl["text"]]),
    p.REASONING_DELTA: lambda r, pl: r.reasoning.append(pl["text"]),
    p.SOURCES_ADD: MessageRecord._add_sources,
    p.SOURCES_SET: lambda r, pl: setattr(r, "sources", list(pl.get("sources") or [])),
    p.FOLLOW_UPS_SET: lambda r, pl: setattr(r, "follow_ups", list(pl.get("questions") or [])),
    p.FOLLOW_UPS_ADD: lambda r, pl: r.follow_ups.append(pl["question"]),
    p.CITATIONS_ADD: MessageRecord._add_citations,
    p.LOGS_APPEND: lambda r, pl: r.logs.append(pl),
    p.TOOL_START: MessageRecord._tool_start,
    p.TOOL_DELTA: MessageRecord._tool_delta,
    p.TOOL_END: MessageRecord._tool_end,
    p.ELICITATION_START: lambda r, pl: setattr(r, "elicitation", pl),
    p.ELICITATION_END: MessageRecord._end_elicitation,
    p.STATE_SET: lambda r, pl: r.custom.__setitem__(pl["slice"], pl.get("value")),
    p.STATE_PATCH: _patch_slice,
    p.MESSAGE_SNAPSHOT: MessageRecord._snapshot,
    p.MESSAGE_DONE: lambda r, pl: r._set_status("done"),
    p.MESSAGE_CANCELLED: lambda r, pl: r._set_status("cancelled"),
    p.MESSAGE_ERROR: lambda r, pl: r._set_status(
        "error", {"code": pl.get("code"), "message": pl.get("message", "")}
    ),
}
