"""Protocol v1 names (PROTOCOL.md): actions, statuses, close codes, limits, and the encoder
of client frames ``{"v":1,"action_type":…,"id":…,"payload":{…}}``."""

from __future__ import annotations

import json
from typing import Any

#: The protocol version in every frame's ``v`` (absent means 1).
PROTOCOL_VERSION = 1
#: The client's default ``limits.maxFrameBytes``: a larger server frame is rejected unparsed.
MAX_FRAME_BYTES = 1 << 20

# Connection-scoped server actions.
SESSION_READY = "session.ready"
SESSION_ERROR = "session.error"
ACK = "ack"
PONG = "pong"
RESUME_FAILED = "resume.failed"
TYPING_START = "typing.start"
TYPING_STOP = "typing.stop"

# Message-scoped server actions.
MESSAGE_START = "message.start"
CONTENT_DELTA = "content.delta"
CONTENT_SET = "content.set"
REASONING_DELTA = "reasoning.delta"
SOURCES_ADD = "sources.add"
SOURCES_SET = "sources.set"
FOLLOW_UPS_SET = "followUpQuestions.set"
FOLLOW_UPS_ADD = "followUpQuestions.add"
CITATIONS_ADD = "citations.add"
LOGS_APPEND = "logs.append"
TOOL_START = "tool.start"
TOOL_DELTA = "tool.delta"
TOOL_END = "tool.end"
ELICITATION_START = "elicitation.start"
ELICITATION_END = "elicitation.end"
STATE_SET = "state.set"
STATE_PATCH = "state.patch"
MESSAGE_SNAPSHOT = "message.snapshot"
MESSAGE_DONE = "message.done"
MESSAGE_ERROR = "message.error"
MESSAGE_CANCELLED = "message.cancelled"

#: Built-in actions that need a ``messageId``.
MESSAGE_ACTIONS = frozenset(
    {
        MESSAGE_START,
        CONTENT_DELTA,
        CONTENT_SET,
        REASONING_DELTA,
        SOURCES_ADD,
        SOURCES_SET,
        FOLLOW_UPS_SET,
        FOLLOW_UPS_ADD,
        CITATIONS_ADD,
        LOGS_APPEND,
        TOOL_START,
        TOOL_DELTA,
        TOOL_END,
        ELICITATION_START,
        ELICITATION_END,
        STATE_SET,
        STATE_PATCH,
        MESSAGE_SNAPSHOT,
        MESSAGE_DONE,
        MESSAGE_ERROR,
        MESSAGE_CANCELLED,
    }
)
#: The actions that end a message.
TERMINAL_ACTIONS = frozenset({MESSAGE_DONE, MESSAGE_ERROR, MESSAGE_CANCELLED})
#: Connection-scoped frames that never carry a ``seq``.
UNSEQUENCED_ACTIONS = frozenset(
    {SESSION_READY, SESSION_ERROR, RESUME_FAILED, PONG, TYPING_START, TYPING_STOP}
)

# Client actions.
CHAT_MESSAGE = "chat.message"
SIGNAL_STOP = "signal.stop"
ELICITATION_SUBMIT = "elicitation.submit"
PING = "ping"
RESUME = "resume"
SYNC = "sync"
AUTH = "auth"

# `ack` payload statuses.
ACK_RECEIVED = "received"
ACK_DELIVERED = "delivered"
ACK_ERROR = "error"
ACK_STATUSES = frozenset({ACK_RECEIVED, ACK_DELIVERED, ACK_ERROR})
ACK_FINAL = frozenset({ACK_DELIVERED, ACK_ERROR})

# `resume.failed` reasons.
UNKNOWN_SESSION = "unknown_session"
EPOCH_CHANGED = "epoch_changed"
BUFFER_EXCEEDED = "buffer_exceeded"
RESUME_REASONS = frozenset({UNKNOWN_SESSION, EPOCH_CHANGED, BUFFER_EXCEEDED})

# Close codes (RFC 6455 §7.4; 4000-4999 is the application range).
CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_MESSAGE_TOO_BIG = 1009


def client_frame(action_type: str, payload: Any = None, frame_id: str | None = None) -> str:
    """One client frame as JSON text; ``payload`` and ``id`` are left out when ``None``."""
    frame: dict[str, Any] = {"v": PROTOCOL_VERSION, "action_type": action_type}
    if frame_id is not None:
        frame["id"] = frame_id
    if payload is not None:
        frame["payload"] = payload
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)
