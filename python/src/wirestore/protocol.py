"""The vocabulary of wirestore protocol v1: action names, close codes, ack statuses, error codes.

One constant per magic string, so a typo is a NameError, not a silent protocol drift. The
shapes of the frames themselves are generated from the Rust types (``wirestore.wire``, from
``schema/protocol-v1.json``); this module only names them.
"""

from __future__ import annotations

from typing import Final

PROTOCOL_VERSION: Final = 1

# Server to client.
SESSION_READY: Final = "session.ready"
SESSION_ERROR: Final = "session.error"
RESUME_FAILED: Final = "resume.failed"
ACK: Final = "ack"
PONG: Final = "pong"
TYPING_START: Final = "typing.start"
TYPING_STOP: Final = "typing.stop"
MESSAGE_START: Final = "message.start"
CONTENT_DELTA: Final = "content.delta"
CONTENT_SET: Final = "content.set"
REASONING_DELTA: Final = "reasoning.delta"
SOURCES_ADD: Final = "sources.add"
SOURCES_SET: Final = "sources.set"
FOLLOW_UPS_SET: Final = "followUpQuestions.set"
FOLLOW_UPS_ADD: Final = "followUpQuestions.add"
CITATIONS_ADD: Final = "citations.add"
LOGS_APPEND: Final = "logs.append"
TOOL_START: Final = "tool.start"
TOOL_DELTA: Final = "tool.delta"
TOOL_END: Final = "tool.end"
ELICITATION_START: Final = "elicitation.start"
ELICITATION_END: Final = "elicitation.end"
STATE_SET: Final = "state.set"
STATE_PATCH: Final = "state.patch"
MESSAGE_SNAPSHOT: Final = "message.snapshot"
MESSAGE_DONE: Final = "message.done"
MESSAGE_ERROR: Final = "message.error"
MESSAGE_CANCELLED: Final = "message.cancelled"

# Client to server.
CHAT_MESSAGE: Final = "chat.message"
SIGNAL_STOP: Final = "signal.stop"
ELICITATION_SUBMIT: Final = "elicitation.submit"
PING: Final = "ping"
RESUME: Final = "resume"
SYNC: Final = "sync"
AUTH: Final = "auth"

# Ack statuses.
RECEIVED: Final = "received"
DELIVERED: Final = "delivered"
ERROR: Final = "error"

# `resume.failed` reasons.
UNKNOWN_SESSION: Final = "unknown_session"
EPOCH_CHANGED: Final = "epoch_changed"
BUFFER_EXCEEDED: Final = "buffer_exceeded"


class Code:
    """``code`` values of acks, ``session.error`` and ``message.error``."""

    VALIDATION_ERROR: Final = "VALIDATION_ERROR"
    FRAME_TOO_LARGE: Final = "FRAME_TOO_LARGE"
    RATE_LIMIT: Final = "RATE_LIMIT"
    NOT_FOUND: Final = "NOT_FOUND"
    INTERNAL_ERROR: Final = "INTERNAL_ERROR"
    AUTH_REQUIRED: Final = "AUTH_REQUIRED"
    AUTH_FAILED: Final = "AUTH_FAILED"
    FORBIDDEN: Final = "FORBIDDEN"


class Close:
    """WebSocket close codes (RFC 6455 section 7.4; 4000-4999 is the application range)."""

    DROPPED: Final = 4000
    """A fault (``Hub.drop``): the client reconnects and resumes."""
    GOING_AWAY: Final = 1001
    """The server shuts down."""
    TRY_AGAIN_LATER: Final = 1013
    """The client reads too slowly: its backlog passed the bound (RFC 6455 registry)."""
    UNAUTHORIZED: Final = 4401
    """No token, or a bad one: the client does not reconnect."""
    FORBIDDEN: Final = 4403
    """A known user who may not connect: the client does not reconnect."""
    SESSION_TAKEN: Final = 4409
    """Another connection resumed this connection's session."""
