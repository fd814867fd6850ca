"""Bad client frames get a typed error (``session.error``, or an error ``ack`` for a frame
with an id) and change nothing else: the connection, its session and others go on."""

from __future__ import annotations

import json

from conformance import hooks, wire
from conformance.checks import Envelope
from conformance.conftest import Connect
from conformance.flow import ask, is_ack, is_action, until_end
from conformance.peer import Peer, PeerClosed
from conformance.settings import Settings

#: Frames that are not an envelope at all.
NOT_ENVELOPES = ["42", '"text"', "null", "[1, 2]", "{}", '{"id": "no-action", "payload": {}}']
#: Frames with a known action and a payload of the wrong types.
WRONG_TYPES = [
    (wire.CHAT_MESSAGE, {"content": 42}),
    (wire.CHAT_MESSAGE, {}),
    (wire.SIGNAL_STOP, {"messageId": 7}),
    (wire.RESUME, {"sessionId": 1, "epoch": "one", "seq": -1}),
    (wire.SYNC, {"messageId": None}),
]


def is_error(envelope: Envelope, ref: str | None = None) -> bool:
    """A session.error, or an error ack (of ``ref`` when given)."""
    if envelope["action_type"] == wire.SESSION_ERROR:
        return True
    status = envelope.get("payload", {}).get("status")
    return (
        envelope["action_type"] == wire.ACK
        and status == wire.ACK_ERROR
        and (ref is None or envelope.get("ref") == ref)
    )


def errors_for(peer: Peer, data: str | bytes, ref: str | None = None) -> list[Envelope]:
    """Sends ``data``; returns what came before a ping round trip, which must hold a typed
    error, and no ack of ``ref`` other than an error."""
    peer.send_raw(data)
    seen = peer.barrier()
    shown = data if isinstance(data, str) else repr(data)
    assert [e for e in seen if is_error(e, ref)], f"no session.error or error ack for {shown}"
    wrong = [e for e in seen if ref and is_ack(e, ref) and not is_error(e, ref)]
    assert not wrong, f"{shown} was acked as accepted: {wrong}"
    return seen


def assert_still_works(peer: Peer) -> None:
    """The connection goes on: a chat message still gets its whole reply."""
    until_end(peer, ask(peer, hooks.PLAIN_PROMPT))


def test_bad_json(connect: Connect) -> None:
    """Text that is not JSON gets a session.error {code, message}; the connection goes on."""
    peer = connect()
    errors_for(peer, '{"v":1,"action_type":"chat.message","payload":{"content":')
    assert_still_works(peer)


def test_bad_shape(connect: Connect) -> None:
    """JSON that is no envelope (a number, a string, null, an array of numbers, an object
    without action_type) gets a typed error each time."""
    peer = connect()
    for text in NOT_ENVELOPES:
        errors_for(peer, text)
    assert_still_works(peer)


def test_bad_unknown_action(connect: Connect) -> None:
    """An unknown action_type with an id gets session.error or an error ack (ref = the id)."""
    peer = connect()
    errors_for(peer, wire.client_frame("conformance.noSuchAction", {}, "unknown-1"), "unknown-1")
    assert_still_works(peer)


def test_bad_payload_types(connect: Connect, settings: Settings) -> None:
    """Known actions with wrong-typed or missing payload fields get a typed error, and do
    nothing: no reply starts for a chat.message whose content is not a string."""
    peer = connect()
    for index, (action, body) in enumerate(WRONG_TYPES):
        ref = f"wrong-{index}"
        seen = errors_for(peer, wire.client_frame(action, body, ref), ref)
        started = [e for e in seen if is_action(e, wire.MESSAGE_START)]
        assert not started, f"{action} {json.dumps(body)} started a message: {started}"
    assert not [e for e in peer.collect(settings.quiet) if is_action(e, wire.MESSAGE_START)]
    assert_still_works(peer)


def test_bad_binary_not_utf8(connect: Connect) -> None:
    """A binary frame that is not UTF-8 gets a typed error; the connection goes on."""
    peer = connect()
    errors_for(peer, b"\xff\xfe{\x00")
    assert_still_works(peer)


def test_bad_references(connect: Connect) -> None:
    """sync of a message the session never had gets a typed error (no snapshot), and an
    elicitation.submit of a form that is not open gets an error ack."""
    peer = connect()
    seen = errors_for(peer, wire.client_frame(wire.SYNC, {"messageId": "no-such"}, "sync-x"))
    assert not [e for e in seen if is_action(e, wire.MESSAGE_SNAPSHOT)]
    submit = {"elicitationId": "no-such-form", "values": {}}
    seen = errors_for(peer, wire.client_frame(wire.ELICITATION_SUBMIT, submit, "form-x"))
    assert [e for e in seen if is_ack(e, "form-x", wire.ACK_ERROR)], "an error ack for form-x"
    assert_still_works(peer)


def test_bad_oversize(connect: Connect) -> None:
    """A client frame over 1 MiB is refused (session.error or error ack, or a close 1009)
    and nothing else breaks: the server goes on serving new connections."""
    peer = connect()
    content = "x" * (wire.MAX_FRAME_BYTES + 1024)
    peer.send_raw(wire.client_frame(wire.CHAT_MESSAGE, {"content": content}, "huge-1"))
    peer.send(wire.PING, {}, "after-huge")
    seen: list[Envelope] = []
    try:
        seen = peer.until(lambda e: is_action(e, wire.PONG), "a typed error, then the pong")
    except PeerClosed as closed:
        assert closed.code == wire.CLOSE_MESSAGE_TOO_BIG, closed
    else:
        assert [e for e in seen if is_error(e, None)], "no typed error for the oversize frame"
        assert not [e for e in seen if is_action(e, wire.MESSAGE_START)], "it was answered"
        assert_still_works(peer)
    assert_still_works(connect(label="after the oversize frame"))


def test_bad_frames_spare_others(connect: Connect) -> None:
    """A burst of bad frames on one connection leaves another connection's stream whole."""
    bystander = connect(hooks.token("bystander"), label="bystander")
    message_id = ask(bystander, hooks.PLAIN_PROMPT)
    offender = connect(label="offender")
    for text in ["{nope", *NOT_ENVELOPES, wire.client_frame("conformance.noSuchAction")]:
        offender.send_raw(text)
    offender.send_raw(b"\xff")
    offender.barrier()
    end = until_end(bystander, message_id)
    assert end["action_type"] == wire.MESSAGE_DONE
    assert_still_works(offender)
