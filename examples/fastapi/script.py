"""A deterministic stand-in for a model, so the example streams without a network or a key.

It is the reference server's script (``server/src/script.rs``) in Python, number for number: the
same hash of the prompt, the same generator and the same chunking, so a prompt gets the same
reply, in the same chunks, from either server. Three sources, reasoning, two log lines, a
``search`` tool call, the text, three follow-up questions; ``long`` in the prompt makes the text
400 words, ``/form`` asks for a form first, ``/error`` ends in ``message.error``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

LONG_WORDS = 400
DEFAULT_WORDS = 60
MAX_CHUNK_CHARS = 8
MASK = (1 << 64) - 1
VOCABULARY = (
    "stream", "socket", "frame", "state", "react", "store", "delta", "message", "server",
    "client", "render", "token", "replay", "session", "buffer", "order", "resume", "signal",
    "wire", "slice", "snapshot", "reason", "source", "answer",
)  # fmt: skip

FORM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Booking details",
    "properties": {
        "name": {"type": "string", "title": "Your name"},
        "seats": {"type": "integer", "title": "Seats", "minimum": 1, "maximum": 8},
    },
    "required": ["name"],
}


class Rng:
    """splitmix64, as the reference server's ``Rng``."""

    def __init__(self, seed: int) -> None:
        self.state = seed & MASK

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def between_1_and(self, top: int) -> int:
        return 1 + self.next() % max(1, top)


def fnv1a(text: str) -> int:
    h = 0xCBF29CE484222325
    for byte in text.encode():
        h = ((h ^ byte) * 0x100000001B3) & MASK
    return h


def compact(value: Any) -> str:
    """JSON as serde_json writes a ``json!`` value: keys sorted, no spaces, UTF-8 as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass
class Plan:
    """What one reply says."""

    sources: list[dict[str, str]]
    reasoning: list[str]
    logs: list[dict[str, str]]
    tool_call_id: str
    tool_args: list[str]
    tool_result: dict[str, Any]
    text: str
    follow_ups: list[str]
    form: bool
    error: bool
    seed: int


def plan(prompt: str, message_id: str, index: int = 0, words: int = DEFAULT_WORDS) -> Plan:
    """The reply to ``prompt`` (``index`` tells parallel replies apart)."""
    seed = fnv1a(prompt) ^ ((index * 0x100000001B3) & MASK)
    rng = Rng(seed)
    topic_words = [w for w in prompt.split() if not w.startswith("/")][:4]
    topic = " ".join(topic_words) if topic_words else "your question"
    slug = "".join(c.lower() if c.isascii() and c.isalnum() else "-" for c in topic)
    count = LONG_WORDS if "long" in prompt else words
    body = [VOCABULARY[rng.next() % len(VOCABULARY)] for _ in range(count)]
    args = compact({"query": topic, "limit": 3})
    return Plan(
        sources=[
            {
                "id": f"{message_id}-s{k}",
                "url": f"https://example.com/{slug}/{k}",
                "title": f"Source {k} on {topic}",
            }
            for k in range(1, 4)
        ],
        reasoning=[f"The user asks about {topic}. ", "I will look it up, ", "then answer briefly."],
        logs=[
            {"level": "info", "text": f"planning reply {index + 1}"},
            {"level": "debug", "text": "calling search"},
        ],
        tool_call_id=f"{message_id}-t1",
        tool_args=chunks(args, seed ^ 1),
        tool_result={"hits": 3, "query": topic},
        text=f'Reply {index + 1} on "{topic}": {" ".join(body)}.',
        follow_ups=[
            f"Tell me more about {topic}?",
            "Can you give an example?",
            "What are the trade-offs?",
        ],
        form="/form" in prompt,
        error="/error" in prompt,
        seed=seed,
    )


def chunks(text: str, seed: int) -> list[str]:
    """``text`` in chunks of 1-8 characters, the same for the same seed."""
    rng = Rng(seed)
    out, at = [], 0
    while at < len(text):
        step = rng.between_1_and(MAX_CHUNK_CHARS)
        out.append(text[at : at + step])
        at += step
    return out


def mention(values: dict[str, Any]) -> str:
    """The sentence a reply starts with after its form was filled."""
    if not values:
        return f"You submitted {compact(values)}. "
    listed = ", ".join(
        f"{k}={v}" if isinstance(v, str) else f"{k}={compact(v)}" for k, v in sorted(values.items())
    )
    return f"You submitted {listed}. "
