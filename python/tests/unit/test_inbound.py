"""wirestore.inbound: client frames read, never raising."""

from wirestore.inbound import Invalid, Request, parse


def test_an_envelope_and_a_batch_read_in_order() -> None:
    assert parse(b'{"v":1,"action_type":"ping","id":"p"}') == [Request("ping", "p", {})]
    items = parse('[{"action_type":"a"},{"action_type":"b","payload":{"x":1}}]')
    assert items == [Request("a", None, {}), Request("b", None, {"x": 1})]


def test_bad_frames_are_values_that_say_what_to_fix() -> None:
    cases = {
        b"{nope": "invalid JSON",
        b"\xff\xfe": "invalid JSON",
        b"3": "JSON object",
        b'{"payload":{}}': "action_type",
        b'{"action_type":"x","id":5}': "`id` must be a string",
        b'{"action_type":"x","payload":[1]}': "`payload` must be an object",
        b'{"action_type":"x","v":2}': "version 2",
    }
    for data, wanted in cases.items():
        [item] = parse(data)
        assert isinstance(item, Invalid), data
        assert wanted in item.message, (data, item.message)


def test_an_invalid_frame_keeps_its_id_so_its_ack_can_fail() -> None:
    [item] = parse(b'{"action_type":"x","id":"c9","payload":"no"}')
    assert isinstance(item, Invalid)
    assert item.id == "c9"


def test_an_oversize_frame_is_refused_unread() -> None:
    [item] = parse(b"[" * 100, max_frame_bytes=10)
    assert isinstance(item, Invalid)
    assert "exceeds" in item.message
