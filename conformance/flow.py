"""Steps the scenarios share: send a chat message, find its assistant reply, wait for a
message's end, stop a reply, ask for a snapshot. Each step reads frames through a
:class:`~conformance.peer.Peer`, so everything it passes over is checked too."""

from __future__ import annotations

from typing import Any

from conformance import hooks, wire
from conformance.checks import Envelope
from conformance.peer import Peer


def is_action(envelope: Envelope, action: str, message_id: str | None = None) -> bool:
    """Whether ``envelope`` is ``action`` (for ``message_id``, when given)."""
    if envelope.get("action_type") != action:
        return False
    return message_id is None or envelope.get("messageId") == message_id


def is_ack(envelope: Envelope, ref: str, status: str | None = None) -> bool:
    """Whether ``envelope`` is an ack of ``ref`` (with ``status``, when given)."""
    if envelope.get("action_type") != wire.ACK or envelope.get("ref") != ref:
        return False
    return status is None or envelope.get("payload", {}).get("status") == status


def is_final_ack(envelope: Envelope, ref: str) -> bool:
    """Whether ``envelope`` is ``ref``'s ack with ``delivered`` or ``error``."""
    status = envelope.get("payload", {}).get("status")
    return is_ack(envelope, ref) and status in wire.ACK_FINAL


def frames_of(envelopes: list[Envelope], message_id: str) -> list[Envelope]:
    """The envelopes for ``message_id``."""
    return [e for e in envelopes if e.get("messageId") == message_id]


def payload(envelope: Envelope) -> dict[str, Any]:
    """The envelope's payload (``{}`` when it has none)."""
    value = envelope.get("payload")
    return value if isinstance(value, dict) else {}


def chat(peer: Peer, content: str, frame_id: str | None = None) -> str:
    """Sends ``chat.message {content}`` (with id ``frame_id``, or a fresh one); returns it."""
    frame_id = frame_id or peer.new_id("chat")
    peer.send(wire.CHAT_MESSAGE, {"content": content}, frame_id)
    return frame_id


def assistant_reply(peer: Peer) -> str:
    """Waits for the next ``message.start {role: "assistant"}``; returns its messageId."""
    start = peer.until(
        lambda e: is_action(e, wire.MESSAGE_START) and payload(e).get("role") == "assistant",
        'message.start {role: "assistant"} (the test hooks: a chat.message is answered with '
        "a streamed assistant reply)",
    )[-1]
    return str(start["messageId"])


def ask(peer: Peer, content: str) -> str:
    """Sends a chat message and waits for its assistant reply to start; returns its id."""
    chat(peer, content)
    return assistant_reply(peer)


def until_end(peer: Peer, message_id: str) -> Envelope:
    """Waits for ``message_id``'s ``message.done`` / ``.error`` / ``.cancelled``."""
    return peer.wait_for(
        lambda e: e.get("messageId") == message_id and e["action_type"] in wire.TERMINAL_ACTIONS,
        f"the end (message.done/error/cancelled) of message {message_id!r}",
    )


def until_deltas(peer: Peer, message_id: str, count: int) -> None:
    """Waits until ``count`` content deltas of ``message_id`` have arrived (in total)."""
    while len(content_deltas(peer.received, message_id)) < count:
        envelope = peer.recv(f"content.delta #{count} of {message_id!r}")
        if envelope.get("messageId") == message_id and envelope["action_type"] in (
            wire.TERMINAL_ACTIONS
        ):
            raise AssertionError(
                f"{peer.label}: message {message_id!r} ended ({envelope['action_type']}) "
                f"before {count} content deltas: a {hooks.LONG_PROMPT!r} reply must stream "
                f"at least {3 * hooks.MID_STREAM_DELTAS}, slowly enough to act mid-stream "
                "(test hooks)"
            )


def content_deltas(envelopes: list[Envelope], message_id: str) -> list[Envelope]:
    """``message_id``'s ``content.delta`` envelopes."""
    return [e for e in frames_of(envelopes, message_id) if e["action_type"] == wire.CONTENT_DELTA]


def ended(envelopes: list[Envelope], message_id: str) -> bool:
    """Whether ``message_id`` has ended in ``envelopes``."""
    return any(e["action_type"] in wire.TERMINAL_ACTIONS for e in frames_of(envelopes, message_id))


def stop(peer: Peer, message_id: str) -> list[Envelope]:
    """Sends ``signal.stop`` and waits for both ``message.cancelled`` and the stop's final
    ack; returns what came meanwhile."""
    stop_id = peer.new_id("stop")
    peer.send(wire.SIGNAL_STOP, {"messageId": message_id}, stop_id)
    seen: list[Envelope] = []
    cancelled = acked = False
    while not (cancelled and acked):
        envelope = peer.recv(f"message.cancelled for {message_id!r} and the final ack of {stop_id}")
        seen.append(envelope)
        cancelled = cancelled or is_action(envelope, wire.MESSAGE_CANCELLED, message_id)
        acked = acked or is_final_ack(envelope, stop_id)
        if is_action(envelope, wire.MESSAGE_DONE, message_id):
            raise AssertionError(
                f"{peer.label}: {message_id!r} ended with message.done after signal.stop"
            )
    return seen


def sync(peer: Peer, message_id: str) -> Envelope:
    """Sends ``sync {messageId}`` and returns the ``message.snapshot`` answering it."""
    sync_id = peer.new_id("sync")
    peer.send(wire.SYNC, {"messageId": message_id}, sync_id)
    snapshot = peer.until(
        lambda e: is_action(e, wire.MESSAGE_SNAPSHOT, message_id),
        f"message.snapshot of {message_id!r} answering sync {sync_id}",
    )[-1]
    if "ref" in snapshot and snapshot["ref"] != sync_id:
        raise AssertionError(f"the snapshot answering {sync_id} has ref {snapshot['ref']!r}")
    return snapshot


def resume(peer: Peer, session_id: str, epoch: int, seq: int) -> tuple[str, Envelope]:
    """Sends ``resume {sessionId, epoch, seq}``; returns its id and the answer (a
    ``session.ready`` or ``resume.failed`` with that ``ref``)."""
    resume_id = peer.new_id("resume")
    peer.send(wire.RESUME, {"sessionId": session_id, "epoch": epoch, "seq": seq}, resume_id)
    answer = peer.until(
        lambda e: (
            e["action_type"] in (wire.SESSION_READY, wire.RESUME_FAILED)
            and e.get("ref") == resume_id
        ),
        f"session.ready or resume.failed with ref {resume_id!r}",
    )[-1]
    return resume_id, answer
