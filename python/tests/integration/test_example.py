"""The example app (``uvicorn app:app --app-dir examples/fastapi``) against a real WebSocket
client on loopback: every frame is checked against the schema and the seq rules."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
import websockets

from tests.support import Client, Seen, is_action


def user() -> str:
    return f"u{uuid.uuid4().hex[:10]}"


async def chat(client: Client, content: str, frame_id: str = "c1", **extra: object) -> None:
    await client.send("chat.message", {"content": content, **extra}, frame_id)


async def test_handshake_then_a_streamed_reply_with_acks_sources_and_follow_ups(
    example: str,
) -> None:
    client = await Client.connect(example, f"token={user()}")
    ready = await client.next()
    assert ready["action_type"] == "session.ready"
    assert ready["payload"]["seq"] == 0
    await chat(client, "how does it stream?")
    done = await client.until(
        lambda f: f["action_type"] == "message.done" and f["messageId"].startswith("a-")
    )
    mine = [f for f in client.seen.frames if f.get("messageId") == done["messageId"]]
    kinds = [f["action_type"] for f in mine]
    acks = [f["payload"]["status"] for f in client.seen.frames if f["action_type"] == "ack"]
    assert acks == ["received", "delivered"]
    assert kinds[0] == "message.start"
    assert kinds[-1] == "message.done"
    assert kinds.count("sources.add") == 3
    assert kinds.count("content.delta") >= 2
    follow_ups = [f for f in mine if f["action_type"] == "followUpQuestions.set"]
    assert len(follow_ups[0]["payload"]["questions"]) == 3
    user_echo = [f for f in client.seen.frames if f["action_type"] == "content.set"]
    assert user_echo[0]["payload"]["text"] == "how does it stream?"
    streamed = client.seen.content[done["messageId"]]
    await client.send("sync", {"messageId": done["messageId"]}, "y1")
    snapshot = await client.until(is_action("message.snapshot"))
    assert snapshot["ref"] == "y1"
    assert snapshot["payload"]["content"] == streamed
    assert snapshot["payload"]["status"] == "done"
    assert len(snapshot["payload"]["sources"]) == 3
    await client.close()


@pytest.mark.parametrize(
    ("query", "code", "reason"),
    [
        ("token=bad-1", 4401, "AUTH_FAILED"),
        ("token=forbidden-1", 4403, "FORBIDDEN"),
        ("", 4401, "AUTH_REQUIRED"),
    ],
)
async def test_refused_tokens_close_with_the_codes_the_client_expects(
    example: str, query: str, code: int, reason: str
) -> None:
    client = await Client.connect(example, query)
    if not query:
        await client.ws.send(json.dumps({"action_type": "ping"}))
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await client.next()
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (code, reason)


async def test_a_first_auth_frame_carries_the_token(example: str) -> None:
    client = await Client.connect(example, "")
    await client.ws.send(json.dumps({"action_type": "auth", "payload": {"token": user()}}))
    assert (await client.next())["action_type"] == "session.ready"
    await client.close()


async def test_resume_after_a_drop_mid_stream_replays_exactly_what_was_missed(example: str) -> None:
    token = user()
    seen = Seen()
    first = await Client.connect(example, f"token={token}&tokenMs=5", seen)
    await first.next()
    await chat(first, "tell me something long")
    start = await first.until(
        lambda f: f["action_type"] == "message.start" and f["payload"].get("role") == "assistant"
    )
    reply = start["messageId"]
    await first.until(is_action("content.delta", reply))
    await first.until(is_action("content.delta", reply))
    first.drop()
    session = dict(seen.session)
    at = seen.last_seq
    await asyncio.sleep(0.3)  # the reply keeps streaming into the session meanwhile
    second = await Client.connect(example, f"token={token}", seen)
    fresh = await second.next()
    assert fresh["payload"]["sessionId"] != session["sessionId"]
    seen.last_seq = 0
    await second.send("resume", {**session, "seq": at}, "r1")
    ready = await second.until(is_action("session.ready"))
    assert ready["ref"] == "r1"
    assert ready["payload"] == {**session, "seq": at}
    done = await second.until(is_action("message.done", reply), timeout=30)
    assert done["seq"] > at
    await second.send("sync", {"messageId": reply}, "y")
    snapshot = await second.until(is_action("message.snapshot", reply))
    # Character for character: what arrived before the drop plus the replay is the server's text.
    assert seen.content[reply] == snapshot["payload"]["content"]
    await second.close()


async def test_resume_failures_name_their_reason_and_keep_the_fresh_session(example: str) -> None:
    token = user()
    client = await Client.connect(example, f"token={token}")
    ready = (await client.next())["payload"]
    cases = [
        ({"sessionId": "s-nope", "epoch": ready["epoch"], "seq": 0}, "unknown_session"),
        ({**ready, "epoch": ready["epoch"] + 1}, "epoch_changed"),
        ({**ready, "seq": 99}, "buffer_exceeded"),
    ]
    for i, (ask, reason) in enumerate(cases):
        await client.send("resume", ask, f"r{i}")
        failed = await client.until(is_action("resume.failed"))
        assert (failed["ref"], failed["payload"]["reason"]) == (f"r{i}", reason)
    other = await Client.connect(example, f"token={user()}")
    theirs = (await other.next())["payload"]
    await client.send("resume", theirs, "r9")
    failed = await client.until(is_action("resume.failed"))
    assert failed["payload"]["reason"] == "unknown_session"  # another user's session
    await client.send("ping", {}, "p1")
    assert (await client.until(is_action("pong")))["ref"] == "p1"
    await client.close()
    await other.close()


async def test_stop_cancels_the_reply_and_nothing_of_it_follows(example: str) -> None:
    client = await Client.connect(example, f"token={user()}&tokenMs=10")
    await client.next()
    await chat(client, "a long answer please")
    start = await client.until(
        lambda f: f["action_type"] == "message.start" and f["payload"].get("role") == "assistant"
    )
    reply = start["messageId"]
    await client.until(is_action("content.delta", reply))
    await client.send("signal.stop", {"messageId": reply}, "s1")
    cancelled = await client.until(is_action("message.cancelled", reply))
    await client.send("ping", {}, "p")
    await client.until(is_action("pong"))
    after = client.seen.frames[client.seen.frames.index(cancelled) + 1 :]
    assert not [f for f in after if f.get("messageId") == reply]
    stop_acks = [f["payload"]["status"] for f in client.seen.frames if f.get("ref") == "s1"]
    assert stop_acks == ["received", "delivered"]
    await client.close()


async def test_elicitation_round_trip(example: str) -> None:
    client = await Client.connect(example, f"token={user()}")
    await client.next()
    await chat(client, "plan a trip /form")
    form = await client.until(is_action("elicitation.start"))
    eid = form["payload"]["elicitationId"]
    assert form["payload"]["schema"]["required"] == ["name"]
    await client.send(
        "elicitation.submit", {"elicitationId": eid, "values": {"name": "Ada", "seats": 2}}, "e1"
    )
    ack = await client.until(
        lambda f: f.get("ref") == "e1" and f["payload"]["status"] != "received"
    )
    assert ack["payload"]["status"] == "delivered"
    await client.until(is_action("elicitation.end"))
    done = await client.until(is_action("message.done", form["messageId"]))
    assert client.seen.content[done["messageId"]].startswith("You submitted name=Ada, seats=2. ")
    await client.send("elicitation.submit", {"elicitationId": eid, "values": {}}, "e2")
    again = await client.until(lambda f: f.get("ref") == "e2" and f["action_type"] == "ack")
    assert (again["payload"]["status"], again["payload"]["code"]) == ("error", "NOT_FOUND")
    await client.close()


async def test_typing_reaches_the_other_connections_of_the_conversation(example: str) -> None:
    conversation = uuid.uuid4().hex
    a = await Client.connect(example, f"token={user()}&conversation={conversation}")
    b = await Client.connect(
        example, f"token=bob{uuid.uuid4().hex[:6]}&conversation={conversation}"
    )
    c = await Client.connect(example, f"token={user()}&conversation=elsewhere")
    for client in (a, b, c):
        await client.next()
    await a.send("typing.start")
    typing = await b.until(is_action("typing.start"))
    assert typing["payload"]["conversationId"] == conversation
    assert "seq" not in typing
    await c.send("ping", {}, "p")
    assert (await c.until(lambda f: f["action_type"] in ("pong", "typing.start")))[
        "action_type"
    ] == "pong"
    for client in (a, b, c):
        await client.close()


async def test_bad_frames_get_typed_errors_and_the_connection_goes_on(example: str) -> None:
    client = await Client.connect(example, f"token={user()}")
    await client.next()
    await client.ws.send("{not json")
    error = await client.until(is_action("session.error"))
    assert error["payload"]["code"] == "VALIDATION_ERROR"
    await client.ws.send(json.dumps({"action_type": "zap", "id": "z1", "payload": {}}))
    # The error ack is seq'd (replayable), the session.error is not: their order is free.
    ack, _ = await client.all_of(
        lambda f: f["action_type"] == "ack" and f["ref"] == "z1",
        lambda f: f["action_type"] == "session.error" and f.get("ref") == "z1",
    )
    assert (ack["payload"]["status"], ack["payload"]["code"]) == ("error", "VALIDATION_ERROR")
    await client.ws.send(
        json.dumps({"action_type": "chat.message", "id": "w1", "payload": {"content": 5}})
    )
    wrong, _ = await client.all_of(
        lambda f: f["action_type"] == "ack" and f["ref"] == "w1",
        lambda f: f["action_type"] == "session.error" and f.get("ref") == "w1",
    )
    assert "payload.content" in wrong["payload"]["error"]
    await client.ws.send(json.dumps([{"action_type": "ping", "id": "b1"}, 7]))
    # Answers keep the order of the frames they answer: the pong, then the error for `7`.
    pong = await client.next()
    not_object = await client.next()
    assert (pong["action_type"], pong["ref"]) == ("pong", "b1")
    assert not_object["action_type"] == "session.error"
    assert "JSON object" in not_object["payload"]["message"]
    await client.ws.send("x" * (1024 * 1024 + 1))
    too_big = await client.until(is_action("session.error"))
    assert "exceeds the limit" in too_big["payload"]["message"]
    assert too_big["payload"]["code"] == "FRAME_TOO_LARGE"
    await chat(client, "still here?", "ok1")
    await client.until(
        lambda f: (
            f["action_type"] == "ack"
            and f["ref"] == "ok1"
            and f["payload"]["status"] == "delivered"
        )
    )
    await client.close()


async def test_the_eleventh_message_in_a_minute_is_refused_with_rate_limit(example: str) -> None:
    client = await Client.connect(example, f"token={user()}&tokenMs=0")
    await client.next()
    for i in range(10):
        await chat(client, "quick", f"m{i}")
        await client.until(
            lambda f, i=i: f.get("ref") == f"m{i}" and f["payload"].get("status") == "delivered"
        )
    await chat(client, "one more", "m10")
    refused = await client.until(lambda f: f.get("ref") == "m10")
    assert (refused["payload"]["status"], refused["payload"]["code"]) == ("error", "RATE_LIMIT")
    assert "Try again in" in refused["payload"]["error"]
    await client.close()


async def test_binary_is_the_default_and_text_is_an_option(example: str) -> None:
    binary = await Client.connect(example, f"token={user()}")
    assert isinstance(await binary.ws.recv(), bytes)
    text = await Client.connect(example, f"token={user()}&binary=0")
    assert isinstance(await text.ws.recv(), str)
    await binary.close()
    await text.close()


async def test_a_ping_after_a_frame_answers_after_that_frames_answers(example: str) -> None:
    """A client may use ping as a barrier: the pong comes after the (seq'd) error ack of the
    frame sent before it, though one is connection-scoped and the other is not."""
    client = await Client.connect(example, f"token={user()}")
    await client.next()
    for i in range(5):
        submit = {"elicitationId": f"none-{i}", "values": {}}
        await client.send("elicitation.submit", submit, f"s{i}")
        await client.send("ping", {}, f"p{i}")
    order: list[tuple[str, str | None]] = []
    while len(order) < 15:
        frame = await client.next()
        order.append((frame["action_type"], frame.get("ref")))
    for i in range(5):
        ack = order.index(("ack", f"s{i}"))
        assert ack < order.index(("session.error", f"s{i}")) < order.index(("pong", f"p{i}"))
    await client.close()
