"""Client frames: one WebSocket message read into ``Request``s, or ``Invalid`` values.

Like mini-redis's ``Command``, nothing here raises: a frame that is not JSON, not an object,
has no string ``action_type``, or is too large, is an ``Invalid`` saying what to fix, and the
connection answers it with ``session.error`` (and an error ack when it had an ``id``). Payloads
are validated later, against the model of the action's handler (``wirestore.router``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from wirestore.protocol import Code

DEFAULT_MAX_FRAME_BYTES = 1024 * 1024
"""The client's own ``limits.maxFrameBytes`` default, used for what it sends too."""


@dataclass(frozen=True, slots=True)
class Request:
    """One client envelope: ``{"v":1,"action_type":…,"id"?:…,"payload"?:{…}}``."""

    action_type: str
    id: str | None
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Invalid:
    """A frame that could not be read, with its ``id`` and ``action_type`` if it had them."""

    message: str
    id: str | None = None
    action_type: str | None = None
    code: str = Code.VALIDATION_ERROR


def parse(
    data: bytes | str, max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES
) -> list[Request | Invalid]:
    """The envelopes of one WebSocket message (one object, or an array handled in order)."""
    if len(data) > max_frame_bytes:
        message = f"frame of {len(data)} bytes exceeds the limit of {max_frame_bytes}"
        return [Invalid(message, code=Code.FRAME_TOO_LARGE)]
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        return [Invalid(f"invalid JSON: {error}")]
    if isinstance(value, list):
        return [envelope(item) for item in value]
    return [envelope(value)]


def envelope(value: Any) -> Request | Invalid:
    """One envelope, checked for shape (not yet for its payload's fields)."""
    if not isinstance(value, dict):
        return Invalid("a frame must be a JSON object or an array of them")
    frame_id = value.get("id")
    if frame_id is not None and not isinstance(frame_id, str):
        return Invalid("`id` must be a string")
    action_type = value.get("action_type")
    if not isinstance(action_type, str) or not action_type:
        return Invalid("missing string field `action_type`", frame_id)
    version = value.get("v", 1)
    if version != 1:
        return Invalid(
            f"protocol version {version!r} is not supported (1 is)", frame_id, action_type
        )
    payload = value.get("payload")
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        return Invalid("`payload` must be an object", frame_id, action_type)
    return Request(action_type, frame_id, payload)
