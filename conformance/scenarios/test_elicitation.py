"""Elicitation: the server asks for a form, the client submits it, the reply goes on."""

from __future__ import annotations

from conformance import hooks, wire
from conformance.conftest import Connect
from conformance.flow import ask, frames_of, is_ack, is_action, is_final_ack, stop, sync, until_end
from conformance.fold import fold, normalized
from conformance.peer import Peer


def open_form(peer: Peer, message_id: str) -> str:
    """Waits for the reply's elicitation.start; returns its elicitationId."""
    start = peer.until(
        lambda e: is_action(e, wire.ELICITATION_START, message_id),
        f"elicitation.start for {message_id!r} (the test hooks: a {hooks.FORM_PROMPT!r} reply "
        "asks for a form)",
    )[-1]
    form = start.get("payload", {})
    assert isinstance(form.get("elicitationId"), str) and form["elicitationId"], start
    assert isinstance(form.get("schema"), dict), "the form's schema is a JSON Schema object"
    return str(form["elicitationId"])


def test_elicitation_round_trip(connect: Connect) -> None:
    """elicitation.start {elicitationId, schema}; elicitation.submit {elicitationId, values}
    is acked delivered, the form ends (elicitation.end), and the reply names the values."""
    peer = connect()
    message_id = ask(peer, hooks.FORM_PROMPT)
    form_id = open_form(peer, message_id)
    values = hooks.form_values()
    peer.send(wire.ELICITATION_SUBMIT, {"elicitationId": form_id, "values": values}, "form-1")
    peer.until(lambda e: is_final_ack(e, "form-1"), "the final ack of the submitted form")
    statuses = [e["payload"]["status"] for e in peer.received if is_ack(e, "form-1")]
    assert statuses[-1] == wire.ACK_DELIVERED, f"the form's acks: {statuses}"
    end = until_end(peer, message_id)
    assert end["action_type"] == wire.MESSAGE_DONE
    ends = [
        e for e in frames_of(peer.received, message_id) if e["action_type"] == "elicitation.end"
    ]
    assert [e["payload"].get("elicitationId") for e in ends] == [form_id]
    state = fold(peer.received, message_id)
    assert str(values["name"]) in state["content"], (
        f"the reply's content must name the submitted name {values['name']!r} (test hooks)"
    )
    snapshot = sync(peer, message_id)
    assert normalized(snapshot["payload"]) == fold(peer.before(snapshot), message_id)
    assert "elicitation" not in normalized(snapshot["payload"]), "the form is closed"


def test_elicitation_stopped(connect: Connect) -> None:
    """signal.stop while a form is open cancels the reply, and its snapshot has no open form
    (an ended message asks for nothing), like the client's own state."""
    peer = connect()
    message_id = ask(peer, hooks.FORM_PROMPT)
    open_form(peer, message_id)
    stop(peer, message_id)
    snapshot = sync(peer, message_id)
    assert snapshot["payload"].get("status") == "cancelled"
    assert normalized(snapshot["payload"]) == fold(peer.before(snapshot), message_id)
