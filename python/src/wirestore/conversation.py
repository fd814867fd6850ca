"""Who is in which conversation, for typing fan-out: ``typing.start`` from one connection goes
to the other connections of its conversation (``{userId, conversationId}``, no seq).

A connection's conversation is the ``conversation`` query parameter (default ``default``), or
the last ``conversationId`` it sent in a ``chat.message`` or a typing frame.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final, Protocol

DEFAULT_CONVERSATION: Final = "default"


class Member(Protocol):
    """What the registry needs of a connection."""

    @property
    def id(self) -> str: ...


class Conversations:
    """Conversation id -> the connections in it, and back."""

    def __init__(self) -> None:
        self._members: dict[str, dict[str, Member]] = {}
        self._of: dict[str, str] = {}

    def join(self, member: Member, conversation: str) -> None:
        """Puts ``member`` in ``conversation`` (leaving the one it was in)."""
        self.leave(member)
        self._members.setdefault(conversation, {})[member.id] = member
        self._of[member.id] = conversation

    def leave(self, member: Member) -> None:
        """Takes ``member`` out of its conversation."""
        conversation = self._of.pop(member.id, None)
        if conversation is None:
            return
        members = self._members.get(conversation, {})
        members.pop(member.id, None)
        if not members:
            self._members.pop(conversation, None)

    def of(self, member: Member) -> str:
        """The conversation ``member`` is in."""
        return self._of.get(member.id, DEFAULT_CONVERSATION)

    def others(self, member: Member) -> Iterator[Member]:
        """The other members of ``member``'s conversation."""
        for other in list(self._members.get(self.of(member), {}).values()):
            if other.id != member.id:
                yield other
