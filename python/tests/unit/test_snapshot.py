"""wirestore.snapshot: a message's record has the client's semantics."""

from tests.support import check_server_frame
from wirestore.snapshot import MessageRecord, merge_patch


def record(*frames: tuple[str, dict[str, object]]) -> dict[str, object]:
    r = MessageRecord("a-1")
    for action_type, payload in frames:
        r.apply(action_type, dict(payload))
    return r.to_json()


def test_frames_build_the_snapshot_shape() -> None:
    snap = record(
        ("message.start", {"role": "assistant", "meta": {"model": "m"}}),
        ("content.delta", {"text": "Hel"}),
        ("content.delta", {"text": "lo"}),
        ("reasoning.delta", {"text": "hmm"}),
        ("sources.add", {"source": {"id": "s1", "url": "u1"}}),
        ("sources.add", {"sources": [{"id": "s1", "url": "u2"}, {"url": "u3"}]}),
        ("sources.add", {"source": {"url": "u3", "title": "t"}}),
        ("tool.start", {"toolCallId": "t1", "name": "search"}),
        ("tool.delta", {"toolCallId": "t1", "argsText": '{"q"'}),
        ("tool.delta", {"toolCallId": "t1", "argsText": ":1}"}),
        ("tool.end", {"toolCallId": "t1", "result": 2}),
        ("followUpQuestions.set", {"questions": ["why?"]}),
        ("followUpQuestions.add", {"question": "how?"}),
        ("citations.add", {"citation": {"n": 1}}),
        ("state.set", {"slice": "plan", "value": {"a": 1, "b": 2}}),
        ("state.patch", {"slice": "plan", "patch": {"b": None, "c": 3}}),
        ("message.done", {}),
    )
    assert snap["content"] == "Hello"
    assert snap["status"] == "done"
    assert snap["sources"] == [{"id": "s1", "url": "u2"}, {"url": "u3", "title": "t"}]
    assert snap["tools"] == [
        {
            "toolCallId": "t1",
            "name": "search",
            "argsText": '{"q":1}',
            "status": "done",
            "result": 2,
            "error": None,
        }
    ]
    assert snap["followUpQuestions"] == ["why?", "how?"]
    assert snap["custom"] == {"plan": {"a": 1, "c": 3}}
    assert snap["meta"] == {"model": "m"}
    check_server_frame(
        {"action_type": "message.snapshot", "messageId": "a-1", "seq": 1, "payload": snap}
    )


def test_set_replaces_and_error_ends_and_clears_the_form() -> None:
    snap = record(
        ("content.delta", {"text": "draft"}),
        ("content.set", {"text": "final"}),
        ("elicitation.start", {"elicitationId": "e1", "schema": {}}),
        ("elicitation.end", {"elicitationId": "other"}),
        ("message.error", {"code": "X", "message": "boom"}),
    )
    assert snap["content"] == "final"
    assert snap["error"] == {"code": "X", "message": "boom"}
    assert snap["elicitation"] is None


def test_a_regeneration_clears_slices_but_keeps_role() -> None:
    snap = record(
        ("message.start", {"role": "assistant"}),
        ("content.delta", {"text": "a"}),
        ("message.done", {}),
        ("message.start", {}),
        ("content.delta", {"text": "b"}),
    )
    assert (snap["role"], snap["content"], snap["status"]) == ("assistant", "b", "streaming")


def test_merge_patch_follows_rfc_7386() -> None:
    assert merge_patch({"a": "b"}, {"a": "c"}) == {"a": "c"}
    assert merge_patch({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}) == {"a": {"b": "d"}}
    assert merge_patch({"a": [1]}, {"a": [2]}) == {"a": [2]}
    assert merge_patch("x", {"a": 1}) == {"a": 1}
    assert merge_patch({"a": 1}, None) is None
