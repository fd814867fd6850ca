"""One server-to-client frame before it has a seq, and the bytes it becomes.

A frame a session stores is encoded once: ``Outgoing.body`` is the envelope's JSON without
its opening ``{"v":1,"seq":N,`` part, so the store that assigns the seq finishes it with one
concatenation (``Outgoing.encode``), and replay sends the stored bytes as they are::

    {"v":1,"seq":42,"action_type":"content.delta","messageId":"a-1","payload":{"text":"Hel"}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def dumps(value: Any) -> str:
    """Compact JSON text (no spaces, UTF-8 kept as is)."""
    return _dumps(value)


@dataclass(slots=True)
class Outgoing:
    """A frame of the session's stream (message-scoped, or an ack), waiting for its seq."""

    action_type: str
    payload: dict[str, Any]
    message_id: str | None = None
    ref: str | None = None
    _body: bytes | None = field(default=None, repr=False)

    @property
    def body(self) -> bytes:
        """The envelope after its ``seq`` field, up to the closing brace."""
        if self._body is None:
            parts = ['"action_type":', dumps(self.action_type)]
            if self.message_id is not None:
                parts += [',"messageId":', dumps(self.message_id)]
            if self.ref is not None:
                parts += [',"ref":', dumps(self.ref)]
            parts += [',"payload":', dumps(self.payload), "}"]
            self._body = "".join(parts).encode()
        return self._body

    def encode(self, seq: int) -> bytes:
        """The whole envelope with ``seq``."""
        return b'{"v":1,"seq":%d,%s' % (seq, self.body)


def connection_frame(action_type: str, payload: dict[str, Any], ref: str | None = None) -> bytes:
    """A connection-scoped envelope (``session.ready``, ``pong``, typing, errors): no seq."""
    head = '{"v":1,"action_type":' + dumps(action_type)
    if ref is not None:
        head += ',"ref":' + dumps(ref)
    return (head + ',"payload":' + dumps(payload) + "}").encode()


def batch(items: list[bytes]) -> bytes:
    """One WebSocket message of several envelopes (a JSON array, applied in order)."""
    if len(items) == 1:
        return items[0]
    return b"[" + b",".join(items) + b"]"
