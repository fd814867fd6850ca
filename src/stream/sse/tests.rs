//! The SSE parser against the standard's rules and bad input, re-chunked at every offset.

use super::*;

/// What the parser emits for `body` cut at `cuts`, plus the final last event id and retry.
fn parse_cut(body: &[u8], cuts: &[usize], max: usize) -> (Vec<String>, String, Option<u64>) {
    let mut p = SseParser::new(max);
    let mut out = Vec::new();
    let mut emit = |item: Item<'_>| out.push(item.describe());
    let mut at = 0;
    for &cut in cuts.iter().chain(std::iter::once(&body.len())) {
        p.push(&body[at..cut], &mut emit);
        at = cut;
    }
    p.finish(&mut emit);
    (out, p.last_event_id().to_owned(), p.retry_ms())
}

fn parse(body: &str) -> Vec<String> {
    parse_cut(body.as_bytes(), &[], 1 << 20).0
}

/// Asserts that every way of cutting `body` in one or two places gives what it gives whole.
fn same_at_every_cut(body: &[u8], max: usize) -> Vec<String> {
    let whole = parse_cut(body, &[], max);
    for i in 0..=body.len() {
        assert_eq!(parse_cut(body, &[i], max), whole, "cut at {i}");
        for j in (i..=body.len()).step_by(3) {
            assert_eq!(parse_cut(body, &[i, j], max), whole, "cut at {i} and {j}");
        }
    }
    // One byte at a time.
    let every: Vec<usize> = (1..body.len()).collect();
    assert_eq!(parse_cut(body, &every, max), whole, "byte by byte");
    whole.0
}

#[test]
fn the_standards_fields_and_line_ends_give_the_same_events_at_every_cut() {
    let body = "\u{feff}: a comment\r\n\
        event: assistant_delta\r\n\
        id: 1\r\n\
        data: {\"delta\":\"caf\u{e9} \u{1f600}\"}\r\n\r\n\
        data: {\"a\":\n\
        data: 1}\n\n\
        retry: 1500\r\
        id: 2\r\
        data:{\"b\":2}\r\r\
        event\n\
        data\n\n\
        data:  {\"c\":\"two spaces: one kept\"}\n\n\
        unknown: field\n\
        data: [DONE]\n\n\
        data: {\"after\":\"done\"}\n\n";
    let events = same_at_every_cut(body.as_bytes(), 1 << 20);
    assert_eq!(
        events,
        [
            "frame event=assistant_delta id=1 {\"delta\":\"caf\u{e9} \u{1f600}\"}",
            "frame {\"a\":\n1}",
            "frame id=2 {\"b\":2}",
            "frame ",
            "frame  {\"c\":\"two spaces: one kept\"}",
            "done",
        ]
    );
    let (_, last_id, retry) = parse_cut(body.as_bytes(), &[], 1 << 20);
    assert_eq!((last_id.as_str(), retry), ("2", Some(1500)));
}

#[test]
fn an_event_without_data_dispatches_nothing_but_its_id_counts() {
    let (events, last_id, _) = parse_cut(b"id: 7\nevent: ping\n\n: keep-alive\n\n", &[], 100);
    assert!(events.is_empty(), "{events:?}");
    assert_eq!(last_id, "7");
}

#[test]
fn a_body_cut_inside_an_event_drops_it_and_resumes_before_it() {
    let body = b"id: 1\ndata: {\"a\":1}\n\nid: 2\ndata: {\"b\":";
    let (events, last_id, _) = parse_cut(body, &[], 100);
    assert_eq!(events, ["frame id=1 {\"a\":1}", "bad unterminated"]);
    assert_eq!(
        last_id, "1",
        "the cut event's id is not the resume position"
    );
    let same = same_at_every_cut(body, 100);
    assert_eq!(same, events);
}

#[test]
fn a_last_event_without_its_blank_line_is_reported_not_applied() {
    assert_eq!(parse("data: {\"a\":1}\n"), ["bad unterminated"]);
    assert_eq!(parse("data: {\"a\":1}"), ["bad unterminated"]);
    assert!(parse(": trailing comment").is_empty());
    assert_eq!(parse("data: {}\n\n: ping\n"), ["frame {}"]);
}

#[test]
fn a_10_mib_line_is_dropped_and_reported_once_and_the_stream_goes_on() {
    let mut body = b"data: {\"a\":1}\n\ndata: ".to_vec();
    body.extend(vec![b'x'; 10 << 20]);
    body.extend_from_slice(b"\ndata: more\n\nid: 3\ndata: {\"b\":2}\n\n");
    let expected = [
        "frame {\"a\":1}",
        "bad longer than 1048576 bytes",
        "frame id=3 {\"b\":2}",
    ];
    for cuts in [&[][..], &[20, 70_000, 5 << 20, (10 << 20) + 21]] {
        assert_eq!(parse_cut(&body, cuts, 1 << 20).0, expected, "cuts {cuts:?}");
    }
    // Chunks of 16 KiB, as a fetch body brings them.
    let cuts: Vec<usize> = (1..body.len() / 16384).map(|i| i * 16384).collect();
    assert_eq!(parse_cut(&body, &cuts, 1 << 20).0, expected);
}

#[test]
fn data_over_the_limit_across_lines_is_dropped() {
    let line = format!("data: {}\n", "y".repeat(60));
    let body = format!("{line}{line}\ndata: {{}}\n\n");
    assert_eq!(
        parse_cut(body.as_bytes(), &[], 100).0,
        ["bad longer than 100 bytes", "frame {}"]
    );
}

#[test]
fn invalid_utf8_drops_its_event_and_the_next_one_applies_at_every_cut() {
    let body = b"data: {\"a\":\"\xff\"}\n\nevent: \xc3\n\xa9data: {}\n\ndata: {\"b\":\"\xe2\x82\xac\"}\n\n";
    let events = same_at_every_cut(body, 100);
    assert_eq!(
        events,
        [
            "bad not UTF-8",
            "bad not UTF-8",
            "frame {\"b\":\"\u{20ac}\"}"
        ]
    );
}

#[test]
fn nul_bytes_pass_in_data_and_an_id_holding_one_is_ignored() {
    let (events, last_id, _) = parse_cut(b"id: 1\ndata: a\nid: 2\0\ndata: \0b\n\n", &[], 100);
    assert_eq!(events, ["frame id=1 a\n\0b"]);
    assert_eq!(last_id, "1");
}

#[test]
fn a_bom_is_skipped_only_at_the_start_and_a_false_start_is_kept() {
    assert_eq!(parse("\u{feff}data: 1\n\n"), ["frame 1"]);
    let twice = "\u{feff}\u{feff}data: 1\n\n";
    // The second BOM is the first line's bytes: a field named "\u{feff}data", ignored.
    assert!(parse(twice).is_empty());
    // Bytes that start like a BOM but are not one stay the body's.
    let (events, _, _) = parse_cut(b"\xef\xbb", &[1], 100);
    assert_eq!(events, ["bad unterminated"]);
    same_at_every_cut(b"\xef\xbbdata: 1\n\n", 100);
}

#[test]
fn retry_takes_digits_only() {
    for (body, want) in [
        ("retry: 3000\n\n", Some(3000)),
        ("retry: 3s\n\n", None),
        ("retry:\n\n", None),
        ("retry: 99999999999999999999999\n\n", None),
    ] {
        assert_eq!(parse_cut(body.as_bytes(), &[], 100).2, want, "{body:?}");
    }
}

#[test]
fn a_restart_keeps_the_position_and_drops_the_partial_event() {
    let mut p = SseParser::new(100);
    let mut out = Vec::new();
    let mut emit = |item: Item<'_>| out.push(item.describe());
    p.push(
        b"retry: 50\nid: 4\ndata: {}\n\nid: 5\ndata: {\"cut",
        &mut emit,
    );
    p.restart();
    p.push(b"data: {\"x\":1}\n\n", &mut emit);
    assert_eq!(out, ["frame id=4 {}", "frame {\"x\":1}"]);
    assert_eq!((p.last_event_id(), p.retry_ms()), ("4", Some(50)));
}
