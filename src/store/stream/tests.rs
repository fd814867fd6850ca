//! Streams into the store: bodies framed from chunks, the SSE mapping, resume decisions,
//! several streams at once, abort, `ingestEvent`, bad input.

use super::*;
use crate::connection::backoff::Backoff;
use crate::json::jv as json;
use crate::message::Status;
use crate::options::StoreOptions;
use crate::stream::{Format, Resume};

fn store(options: crate::json::Value) -> Store {
    Store::new(StoreOptions::from_json(&options).unwrap())
}

fn spec(format: Option<Format>, resume: Resume) -> StreamSpec {
    StreamSpec {
        format,
        id_as_seq: false,
        resume,
    }
}

fn policy() -> Reconnect {
    Reconnect::new(Backoff::new(100, 1000, 0.0, 1), 3)
}

/// Opens a stream, answers its response as `content_type`, feeds `body` cut at `cuts`.
fn stream_body(
    s: &mut Store,
    spec: StreamSpec,
    content_type: &str,
    body: &[u8],
    cuts: &[usize],
) -> SourceId {
    let id = s.open_stream(spec, policy());
    assert_eq!(
        s.stream_response(id, 200, content_type, "GET /s", 0),
        StreamNext::Read
    );
    feed(s, id, body, cuts);
    id
}

fn feed(s: &mut Store, id: SourceId, body: &[u8], cuts: &[usize]) {
    let mut at = 0;
    for &cut in cuts.iter().chain(std::iter::once(&body.len())) {
        s.stream_chunk(id, &body[at..cut], 0);
        at = cut;
    }
}

fn ended(s: &mut Store, id: SourceId) -> StreamNext {
    let clean = Attempt::Ended {
        broken: false,
        partial: false,
    };
    s.stream_ended(id, clean, "GET /s", 0)
}

fn end_status(next: &StreamNext) -> Option<EndStatus> {
    match next {
        StreamNext::End(end) => Some(end.status),
        _ => None,
    }
}

fn content(s: &Store, id: &str) -> String {
    s.message(id).map(|m| m.content.clone()).unwrap_or_default()
}

fn error_messages(s: &Store) -> Vec<String> {
    s.errors()
        .iter()
        .map(|e| format!("{}: {}", e.kind.as_str(), e.message))
        .collect()
}

const SEED002: &str = r#"{"envelope": {"actionType": "event", "messageId": "message_id", "payload": null},
  "routes": {"assistant_typing": {"op": "message.start", "role": {"value": "assistant"}},
             "assistant_delta": {"op": "content.delta", "text": "delta"},
             "assistant_complete": {"op": "message.done"}}}"#;

fn seed002() -> Store {
    Store::new(StoreOptions::from_json(&crate::json::parse(SEED002).unwrap()).unwrap())
}

/// Seed 002's SSE reply, with a comment, CRLF line ends and a multi-byte script.
const SEED002_BODY: &str = "event: assistant_typing\r\ndata: {\"message_id\":\"h1\"}\r\n\r\n\
    : keep-alive\r\n\r\n\
    event: assistant_delta\r\ndata: {\"message_id\":\"h1\",\"delta\":\"\u{633}\u{644}\u{627}\u{645}\"}\r\n\r\n\
    event: assistant_delta\r\ndata: {\"message_id\":\"h1\",\"delta\":\", hello \u{1f600}\"}\r\n\r\n\
    event: assistant_complete\r\ndata: {\"message_id\":\"h1\"}\r\n\r\n";

#[test]
fn an_sse_body_applies_the_same_at_every_chunk_boundary() {
    let body = SEED002_BODY.as_bytes();
    for i in 0..=body.len() {
        let mut s = seed002();
        let id = stream_body(
            &mut s,
            spec(Some(Format::Sse), Resume::Never),
            "",
            body,
            &[i],
        );
        assert_eq!(
            content(&s, "h1"),
            "\u{633}\u{644}\u{627}\u{645}, hello \u{1f600}",
            "cut at {i}"
        );
        assert_eq!(s.message("h1").map(|m| m.status), Some(Status::Done));
        assert!(s.errors().is_empty(), "cut at {i}: {:?}", s.errors());
        assert_eq!(end_status(&ended(&mut s, id)), Some(EndStatus::Complete));
        assert_eq!(s.open_streams(), 0, "an ended stream's source is closed");
    }
}

#[test]
fn the_event_name_is_the_action_when_the_data_has_none_and_the_frame_may_be_a_batch() {
    let mut s = store(json!({}));
    let body = "event: content.delta\ndata: {\"messageId\":\"m\",\"payload\":{\"text\":\"a\"}}\n\n\
        data: [{\"action_type\":\"content.delta\",\"messageId\":\"m\",\"payload\":{\"text\":\"b\"}},\n\
        data:  {\"action_type\":\"message.done\",\"messageId\":\"m\"}]\n\n\
        event: message.done\ndata:\n\n";
    let id = stream_body(
        &mut s,
        spec(None, Resume::Never),
        "text/event-stream; charset=utf-8",
        body.as_bytes(),
        &[],
    );
    assert_eq!(content(&s, "m"), "ab");
    assert_eq!(s.message("m").map(|m| m.status), Some(Status::Done));
    // The last event named an action with no data: an empty payload, no message id.
    assert_eq!(
        error_messages(&s),
        ["protocol: `message.done` needs a message id (field `messageId`)"]
    );
    assert_eq!(end_status(&ended(&mut s, id)), Some(EndStatus::Complete));
}

#[test]
fn done_ends_the_stream_and_what_follows_it_is_ignored() {
    let mut s = store(json!({}));
    let id = s.open_stream(spec(Some(Format::Sse), Resume::LastEventId), policy());
    assert_eq!(
        s.stream_response(id, 200, "text/event-stream", "GET /s", 0),
        StreamNext::Read
    );
    let first = b"data: {\"action_type\":\"content.delta\",\"messageId\":\"m\",\"payload\":{\"text\":\"x\"}}\n\n";
    assert!(!s.stream_chunk(id, first, 0));
    assert!(s.stream_chunk(
        id,
        b"data: [DONE]\n\ndata: {\"action_type\":\"nope\"}\n\n",
        0
    ));
    let next = s.stream_ended(
        id,
        Attempt::Ended {
            broken: true,
            partial: false,
        },
        "GET /s",
        0,
    );
    assert_eq!(
        end_status(&next),
        Some(EndStatus::Complete),
        "done, even though the read then failed"
    );
    assert!(s.errors().is_empty(), "{:?}", s.errors());
}

#[test]
fn a_cut_get_stream_resumes_after_its_last_event_with_nothing_lost_or_doubled() {
    let events: Vec<String> = (1..=6)
        .map(|i| {
            format!(
                "id: {i}\ndata: {{\"action_type\":\"content.delta\",\"messageId\":\"m\",\"payload\":{{\"text\":\"{i} \"}}}}\n\n"
            )
        })
        .collect();
    let all = events.concat();
    let done = "data: {\"action_type\":\"message.done\",\"messageId\":\"m\"}\n\n";
    // Every place the first body can be cut: the server resumes after the id we send.
    for cut in 1..all.len() {
        let mut s = store(json!({}));
        let id = s.open_stream(spec(None, Resume::LastEventId), policy());
        assert_eq!(
            s.stream_response(id, 200, "text/event-stream", "GET /s", 0),
            StreamNext::Read
        );
        s.stream_chunk(id, &all.as_bytes()[..cut], 0);
        let next = s.stream_ended(
            id,
            Attempt::Ended {
                broken: true,
                partial: false,
            },
            "GET /s",
            0,
        );
        let StreamNext::Retry {
            delay_ms,
            last_event_id,
        } = next
        else {
            panic!("cut at {cut}: {next:?}")
        };
        assert_eq!(delay_ms, 100);
        let after: usize = last_event_id.as_deref().map_or(0, |i| i.parse().unwrap());
        assert_eq!(
            s.stream_response(id, 200, "text/event-stream", "GET /s", 0),
            StreamNext::Read
        );
        s.stream_chunk(id, events[after..].concat().as_bytes(), 0);
        s.stream_chunk(id, done.as_bytes(), 0);
        let end = ended(&mut s, id);
        assert_eq!(end_status(&end), Some(EndStatus::Complete), "cut at {cut}");
        assert_eq!(content(&s, "m"), "1 2 3 4 5 6 ", "cut at {cut}");
        assert!(s.errors().is_empty(), "cut at {cut}: {:?}", s.errors());
    }
}

#[test]
fn with_id_as_seq_a_server_that_replays_from_the_start_doubles_nothing() {
    let body: String = (1..=4)
        .map(|i| format!("id: {i}\ndata: {{\"action_type\":\"content.delta\",\"messageId\":\"m\",\"payload\":{{\"text\":\"{i}\"}}}}\n\n"))
        .collect();
    let mut s = store(json!({}));
    let id = s.open_stream(
        StreamSpec {
            id_as_seq: true,
            ..spec(None, Resume::LastEventId)
        },
        policy(),
    );
    s.stream_response(id, 200, "text/event-stream", "GET /s", 0);
    s.stream_chunk(id, &body.as_bytes()[..body.len() / 2], 0);
    let next = s.stream_ended(
        id,
        Attempt::Ended {
            broken: true,
            partial: false,
        },
        "GET /s",
        0,
    );
    assert!(matches!(next, StreamNext::Retry { .. }), "{next:?}");
    s.stream_response(id, 200, "text/event-stream", "GET /s", 0);
    s.stream_chunk(id, body.as_bytes(), 0);
    assert_eq!(content(&s, "m"), "1234");
    assert_eq!(s.stats().duplicates, 2);
}

#[test]
fn a_streams_envelope_seq_dedupes_within_it_and_leaves_the_socket_order_alone() {
    let mut s = store(json!({}));
    let frame = |seq: u64, text: &str| {
        format!("{{\"action_type\":\"content.delta\",\"messageId\":\"m\",\"seq\":{seq},\"payload\":{{\"text\":\"{text}\"}}}}\n")
    };
    let body = [
        frame(5, "a"),
        frame(5, "dup"),
        frame(9, "b"),
        frame(1, "old"),
    ]
    .concat();
    stream_body(
        &mut s,
        spec(Some(Format::Ndjson), Resume::Never),
        "",
        body.as_bytes(),
        &[],
    );
    assert_eq!(content(&s, "m"), "ab");
    assert_eq!(s.stats().duplicates, 2);
    assert_eq!(s.stats().held, 0, "a stream's gap is never held");
    // The socket's session order is untouched: its seq 1 applies.
    s.ingest(frame(1, "c").trim().as_bytes(), 0);
    assert_eq!(content(&s, "m"), "abc");
}

#[test]
fn http_errors_are_entries_and_only_5xx_408_429_retry_a_resumable_stream() {
    let mut s = store(json!({}));
    let id = s.open_stream(spec(None, Resume::LastEventId), policy());
    let next = s.stream_response(id, 500, "text/plain", "GET /s", 0);
    assert!(
        matches!(next, StreamNext::Retry { delay_ms: 100, .. }),
        "{next:?}"
    );
    let next = s.stream_response(id, 401, "text/plain", "GET /s", 0);
    let StreamNext::End(end) = next else {
        panic!("{next:?}")
    };
    assert_eq!(
        (end.status, end.http_status, end.attempts),
        (
            EndStatus::Error(crate::stream::resume::Reason::Http),
            Some(401),
            2
        )
    );
    assert_eq!(
        error_messages(&s),
        [
            "stream: GET /s: HTTP 500; retrying in 100 ms",
            "stream: GET /s: HTTP 401; the stream ended",
        ]
    );
    let mut s = store(json!({}));
    let id = s.open_stream(spec(None, Resume::Never), policy());
    let next = s.stream_response(id, 503, "text/plain", "POST /chat", 0);
    assert_eq!(
        end_status(&next),
        Some(EndStatus::Error(crate::stream::resume::Reason::Http))
    );
    assert_eq!(
        error_messages(&s),
        ["stream: POST /chat: HTTP 503; the stream ended"]
    );
}

#[test]
fn a_wrong_content_type_ends_the_stream_with_an_entry() {
    for (format, content_type, expected) in [
        (None, "text/html; charset=utf-8", "expected text/event-stream, application/x-ndjson or application/json-seq, got Content-Type text/html; charset=utf-8"),
        (None, "", "expected text/event-stream, application/x-ndjson or application/json-seq, got Content-Type none"),
        (Some(Format::Sse), "text/html", "expected a sse body, got Content-Type text/html"),
    ] {
        let mut s = store(json!({}));
        let id = s.open_stream(spec(format, Resume::LastEventId), policy());
        let next = s.stream_response(id, 200, content_type, "GET /s", 0);
        assert_eq!(end_status(&next), Some(EndStatus::Error(crate::stream::resume::Reason::ContentType)));
        assert_eq!(error_messages(&s), [format!("stream: GET /s: {expected}; the stream ended")]);
    }
    let mut s = store(json!({}));
    let id = s.open_stream(spec(Some(Format::Ndjson), Resume::Never), policy());
    assert_eq!(
        s.stream_response(id, 200, "application/json", "GET /s", 0),
        StreamNext::Read,
        "an explicit format trusts the caller"
    );
}

#[test]
fn two_streams_at_once_fill_their_own_messages_and_abort_cancels_only_its_own() {
    let mut s = store(json!({}));
    let a = s.open_stream(spec(Some(Format::Sse), Resume::Never), policy());
    let b = s.open_stream(spec(Some(Format::Ndjson), Resume::Never), policy());
    s.stream_response(a, 200, "", "POST /a", 0);
    s.stream_response(b, 200, "", "POST /b", 0);
    let sse = |m: &str, t: &str| {
        format!("data: {{\"action_type\":\"content.delta\",\"messageId\":\"{m}\",\"payload\":{{\"text\":\"{t}\"}}}}\n\n")
    };
    let line = |m: &str, t: &str| {
        format!("{{\"action_type\":\"content.delta\",\"messageId\":\"{m}\",\"payload\":{{\"text\":\"{t}\"}}}}\n")
    };
    // Interleaved chunks, each cut inside a frame.
    let (ab, bb) = (
        [sse("a", "1"), sse("a", "2")].concat(),
        [line("b", "x"), line("b", "y")].concat(),
    );
    s.stream_chunk(a, &ab.as_bytes()[..30], 0);
    s.stream_chunk(b, &bb.as_bytes()[..20], 0);
    s.stream_chunk(a, &ab.as_bytes()[30..], 0);
    s.stream_chunk(b, &bb.as_bytes()[20..], 0);
    s.ingest(
        br#"{"action_type":"content.delta","messageId":"w","payload":{"text":"ws"}}"#,
        0,
    );
    assert_eq!(
        (content(&s, "a"), content(&s, "b"), content(&s, "w")),
        ("12".into(), "xy".into(), "ws".into())
    );
    assert_eq!(
        s.source(a).map(|x| x.touched.clone()),
        Some(["a".to_owned()].into())
    );
    assert_eq!(
        s.source(b).map(|x| x.touched.clone()),
        Some(["b".to_owned()].into())
    );
    let end = s.abort_stream(a, true, 0).unwrap();
    assert_eq!((end.status, end.events), (EndStatus::Aborted, 2));
    assert_eq!(s.message("a").map(|m| m.status), Some(Status::Cancelled));
    assert_eq!(s.message("b").map(|m| m.status), Some(Status::Streaming));
    assert_eq!(s.abort_stream(a, true, 0), None, "aborted already");
    assert!(s.abort_stream(b, false, 0).is_some());
    assert_eq!(
        s.message("b").map(|m| m.status),
        Some(Status::Streaming),
        "a stop is not a cancel"
    );
    assert_eq!(s.open_streams(), 0);
}

#[test]
fn a_clean_end_after_every_message_finished_is_complete_even_for_a_resumable_stream() {
    let mut s = seed002();
    let id = stream_body(
        &mut s,
        spec(None, Resume::LastEventId),
        "text/event-stream",
        SEED002_BODY.as_bytes(),
        &[],
    );
    assert_eq!(end_status(&ended(&mut s, id)), Some(EndStatus::Complete));
    // The same body cut before its last event is asked for again.
    let mut s = seed002();
    let last = SEED002_BODY.find("event: assistant_complete").unwrap();
    let body = &SEED002_BODY.as_bytes()[..last];
    let id = stream_body(
        &mut s,
        spec(None, Resume::LastEventId),
        "text/event-stream",
        body,
        &[],
    );
    assert!(matches!(ended(&mut s, id), StreamNext::Retry { .. }));
    // And a stream nobody can ask again is complete when its body ends cleanly.
    let mut s = seed002();
    let id = stream_body(
        &mut s,
        spec(None, Resume::Never),
        "text/event-stream",
        body,
        &[],
    );
    assert_eq!(end_status(&ended(&mut s, id)), Some(EndStatus::Complete));
}

#[test]
fn a_partial_last_event_of_a_stream_nobody_resumes_is_an_error() {
    let mut s = store(json!({}));
    let id = stream_body(
        &mut s,
        spec(Some(Format::Sse), Resume::Never),
        "",
        b"data: {\"action_type\":",
        &[],
    );
    let next = ended(&mut s, id);
    assert_eq!(
        end_status(&next),
        Some(EndStatus::Error(crate::stream::resume::Reason::Cut))
    );
    assert_eq!(error_messages(&s), ["stream: GET /s: the body ended inside an event (before its blank line); the stream ended"]);
}

#[test]
fn bad_input_is_a_typed_entry_and_the_stream_goes_on() {
    let good = |t: &str| {
        format!("{{\"action_type\":\"content.delta\",\"messageId\":\"m\",\"payload\":{{\"text\":\"{t}\"}}}}")
    };
    // NDJSON: a 10 MiB line, a NUL byte, invalid UTF-8, then good lines.
    let mut body = format!("{}\n", good("a")).into_bytes();
    body.extend(vec![b'x'; 10 << 20]);
    body.extend_from_slice(format!("\n{}\n", good("b")).as_bytes());
    body.extend_from_slice(
        b"{\"action_type\":\"content.delta\",\"messageId\":\"m\",\"payload\":{\"text\":\"\0\"}}\n",
    );
    body.extend_from_slice(b"{\"action_type\":\"content.delta\",\"messageId\":\"m\",\"payload\":{\"text\":\"\xff\"}}\n");
    body.extend_from_slice(good("c").as_bytes());
    let mut s = store(json!({}));
    let cuts: Vec<usize> = (1..body.len() / 16384).map(|i| i * 16384).collect();
    let id = stream_body(
        &mut s,
        spec(Some(Format::Ndjson), Resume::Never),
        "",
        &body,
        &cuts,
    );
    assert_eq!(end_status(&ended(&mut s, id)), Some(EndStatus::Complete));
    assert_eq!(content(&s, "m"), "abc");
    let kinds: Vec<&str> = s.errors().iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["protocol", "protocol", "protocol"]);
    let messages = error_messages(&s);
    assert_eq!(
        messages[0],
        "protocol: NDJSON line longer than limits.maxFrameBytes (1048576); dropped"
    );
    assert!(
        messages[1].starts_with("protocol: invalid frame: "),
        "{}",
        messages[1]
    );
    assert_eq!(messages[2], "protocol: NDJSON line is not UTF-8; dropped");
    // SSE: the same, and an event left without its blank line at the end.
    let mut body = format!("data: {}\n\ndata: ", good("a")).into_bytes();
    body.extend(vec![b'x'; 10 << 20]);
    body.extend_from_slice(format!("\n\ndata: {}\n\ndata: \0\n\n", good("b")).as_bytes());
    body.extend_from_slice(b"data: \xc3\n\n");
    body.extend_from_slice(format!("data: {}\n\ndata: {}", good("c"), good("lost")).as_bytes());
    let mut s = store(json!({}));
    let cuts: Vec<usize> = (1..body.len() / 16384).map(|i| i * 16384).collect();
    let id = stream_body(
        &mut s,
        spec(Some(Format::Sse), Resume::Never),
        "",
        &body,
        &cuts,
    );
    let next = ended(&mut s, id);
    assert_eq!(
        end_status(&next),
        Some(EndStatus::Error(crate::stream::resume::Reason::Cut))
    );
    assert_eq!(content(&s, "m"), "abc");
    let messages = error_messages(&s);
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert_eq!(
        messages[0],
        "protocol: SSE event longer than limits.maxFrameBytes (1048576); dropped"
    );
    assert!(
        messages[1].starts_with("protocol: invalid frame: "),
        "{}",
        messages[1]
    );
    assert_eq!(messages[2], "protocol: SSE event is not UTF-8; dropped");
    assert_eq!(
        messages[3],
        "stream: GET /s: the body ended inside an event (before its blank line); the stream ended"
    );
}

#[test]
fn json_seq_records_apply_like_frames() {
    let mut s = store(json!({}));
    let body = b"\x1e{\"action_type\":\"content.delta\",\"messageId\":\"m\",\"payload\":{\"text\":\"a\"}}\n\x1e{\"action_type\":\"message.done\",\"messageId\":\"m\"}\n";
    let id = stream_body(
        &mut s,
        spec(None, Resume::Never),
        "application/json-seq",
        body,
        &[7],
    );
    assert_eq!(content(&s, "m"), "a");
    assert_eq!(end_status(&ended(&mut s, id)), Some(EndStatus::Complete));
}

#[test]
fn an_event_given_by_name_routes_its_payload_like_a_frame() {
    let mut s = seed002();
    s.ingest_event("assistant_typing", r#"{"message_id":"h1"}"#, 0);
    // The name wins over a field of the same name in the payload.
    s.ingest_event(
        "assistant_delta",
        r#"{"message_id":"h1","event":"other","delta":"Hi"}"#,
        0,
    );
    s.ingest_event("assistant_complete", r#"{"message_id":"h1"}"#, 0);
    s.ingest_event("chats_list", "", 0);
    s.ingest_event("assistant_delta", "not json", 0);
    assert_eq!(content(&s, "h1"), "Hi");
    assert_eq!(s.message("h1").map(|m| m.status), Some(Status::Done));
    let messages = error_messages(&s);
    assert_eq!(
        messages[0],
        "unrouted: no route for action `chats_list`; nothing changed"
    );
    assert!(
        messages[1].starts_with("protocol: invalid frame"),
        "{messages:?}"
    );
}
