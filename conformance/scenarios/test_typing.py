"""Typing indicators fan out to the other connections of a conversation."""

from __future__ import annotations

import secrets
from functools import partial

from conformance import hooks, wire
from conformance.conftest import Connect
from conformance.flow import is_action, payload


def test_typing_between_connections(connect: Connect, user: str) -> None:
    """typing.start / typing.stop from one connection reach the other connections of its
    conversation as {userId, conversationId} without a seq; not the sender, not others."""
    conversation = f"conf-typing-{secrets.token_hex(4)}"
    here = {hooks.CONVERSATION_PARAM: conversation}
    elsewhere = {hooks.CONVERSATION_PARAM: f"{conversation}-other"}
    typist = connect(user, query=here, label="typist")
    reader = connect(hooks.token("typing-reader"), query=here, label="reader")
    outsider = connect(hooks.token("typing-outsider"), query=elsewhere, label="outsider")
    for action in (wire.TYPING_START, wire.TYPING_STOP):
        typist.send(action, {"conversationId": conversation}, None)
        seen = reader.until(partial(is_action, action=action), f"{action} from the typist")[-1]
        assert payload(seen).get("userId") == user, "userId is the typist's (the token's user)"
        assert payload(seen).get("conversationId", conversation) == conversation
    for peer in (typist, outsider):
        echoed = [e for e in peer.barrier() if e["action_type"].startswith("typing.")]
        assert not echoed, f"{peer.label} got typing it should not: {echoed}"
