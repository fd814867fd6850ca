"""wirestore.frame: the bytes of server frames."""

import json

from tests.support import check_server_frame
from wirestore.frame import Outgoing, batch, connection_frame


def test_a_stored_frame_gets_its_seq_in_front_and_reads_as_the_schema_says() -> None:
    frame = Outgoing("content.delta", {"text": "Hé\u2028"}, message_id="a-1")
    data = frame.encode(42)
    assert data.startswith(b'{"v":1,"seq":42,')
    value = json.loads(data)
    assert value == {
        "v": 1,
        "seq": 42,
        "action_type": "content.delta",
        "messageId": "a-1",
        "payload": {"text": "Hé\u2028"},
    }
    check_server_frame(value)


def test_an_ack_carries_ref_and_no_message_id() -> None:
    value = json.loads(Outgoing("ack", {"status": "received"}, ref="c1").encode(3))
    assert value == {
        "v": 1,
        "seq": 3,
        "action_type": "ack",
        "ref": "c1",
        "payload": {"status": "received"},
    }
    check_server_frame(value)


def test_connection_frames_have_no_seq_and_a_batch_is_an_array() -> None:
    pong = connection_frame("pong", {}, "p1")
    assert json.loads(pong) == {"v": 1, "action_type": "pong", "ref": "p1", "payload": {}}
    assert batch([pong]) is pong
    both = json.loads(batch([pong, pong]))
    assert isinstance(both, list)
    assert len(both) == 2
    check_server_frame(both)
