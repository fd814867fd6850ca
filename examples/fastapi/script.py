"""A deterministic stand-in for a model, so the example streams without a network or a key.

``plan(prompt)`` says what a reply contains (the reference server's conventions: three
sources, reasoning, a tool call, the text, three follow-up questions; ``long`` in the prompt
makes the text longer, ``/form`` asks for a form first, ``/error`` ends in an error), and
``tokens(text)`` cuts text into model-like chunks of 1-8 characters.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

WORDS = [
    "wirestore",
    "streams",
    "every",
    "token",
    "of",
    "a",
    "reply",
    "into",
    "a",
    "store",
    "that",
    "React",
    "reads",
    "once",
    "per",
    "frame",
    "while",
    "sources",
    "follow-ups",
    "and",
    "tools",
    "arrive",
    "as",
    "their",
    "own",
    "slices",
    "and",
    "a",
    "dropped",
    "socket",
    "resumes",
    "exactly",
    "where",
    "it",
    "stopped",
    "with",
    "nothing",
    "lost",
    "and",
    "nothing",
    "doubled",
]

FORM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Where should the answer focus?",
    "properties": {
        "city": {"type": "string", "title": "City"},
        "days": {"type": "integer", "title": "Days", "minimum": 1, "maximum": 14},
    },
    "required": ["city"],
}


@dataclass
class Plan:
    """What one reply says."""

    text: str
    sources: list[dict[str, str]] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    form: bool = False
    error: bool = False
    seed: int = 0


def plan(prompt: str, index: int = 0) -> Plan:
    """The reply to ``prompt`` (``index`` tells parallel replies apart)."""
    seed = sum(map(ord, prompt)) + 7919 * index
    rng = random.Random(seed)
    count = 400 if "long" in prompt else 60
    words = [WORDS[rng.randrange(len(WORDS))] for _ in range(count)]
    text = f"You asked: {prompt.strip()[:80]}. " + " ".join(words) + "."
    topic = prompt.strip()[:40] or "wirestore"
    return Plan(
        text=text,
        sources=[
            {"id": f"s{i}", "url": f"https://example.com/{i}", "title": f"Source {i} on {topic}"}
            for i in range(1, 4)
        ],
        reasoning=["Reading the question. ", "Picking three sources. "],
        follow_ups=[f"What about {w}?" for w in rng.sample(WORDS, 3)],
        form="/form" in prompt,
        error="/error" in prompt,
        seed=seed,
    )


def tokens(text: str, seed: int) -> list[str]:
    """``text`` in chunks of 1-8 characters, the same for the same seed."""
    rng = random.Random(seed)
    out, at = [], 0
    while at < len(text):
        step = rng.randint(1, 8)
        out.append(text[at : at + step])
        at += step
    return out


def mention(values: dict[str, Any]) -> str:
    """The sentence a reply starts with after its form was filled."""
    parts = ", ".join(f"{k} = {values[k]}" for k in sorted(values))
    return f"Thanks, using {parts}. "
