//! The reducer of one message: lifecycle, slices, snapshots.

use super::*;
use crate::json::{jv as json, Piece};

const LIMITS: MessageLimits = MessageLimits { max_logs: 3 };

fn msg() -> Message {
    Message::new("m1")
}

#[test]
fn content_delta_after_done_is_reported_not_applied() {
    let mut m = msg();
    m.apply(Effect::ContentDelta(Piece::plain("a")), LIMITS)
        .unwrap();
    m.apply(Effect::Done, LIMITS).unwrap();
    let err = m
        .apply(Effect::ContentDelta(Piece::plain("b")), LIMITS)
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Lifecycle);
    assert_eq!(m.content, "a");
}

#[test]
fn a_second_done_is_a_quiet_no_op() {
    let mut m = msg();
    m.apply(Effect::Done, LIMITS).unwrap();
    assert!(m.apply(Effect::Done, LIMITS).unwrap().is_empty());
}

#[test]
fn message_start_reopens_for_regeneration_and_clears_slices() {
    let mut m = msg();
    m.apply(Effect::ContentDelta(Piece::plain("old")), LIMITS)
        .unwrap();
    m.apply(Effect::FollowUpSet(vec!["q".into()]), LIMITS)
        .unwrap();
    m.apply(Effect::Done, LIMITS).unwrap();
    let c = m
        .apply(
            Effect::MessageStart {
                role: None,
                meta: None,
            },
            LIMITS,
        )
        .unwrap();
    assert!(c.has(Slice::Content) && c.has(Slice::FollowUpQuestions) && c.has(Slice::Status));
    assert!(!c.has(Slice::Sources));
    assert_eq!(m.status, Status::Streaming);
    assert_eq!(m.content, "");
}

#[test]
fn error_sets_status_and_error_slices() {
    let mut m = msg();
    let c = m
        .apply(
            Effect::Error {
                code: Some("X".into()),
                message: "boom".into(),
            },
            LIMITS,
        )
        .unwrap();
    assert!(c.has(Slice::Status) && c.has(Slice::Error));
    assert_eq!(m.error.as_ref().map(|e| e.message.as_str()), Some("boom"));
}

#[test]
fn logs_are_a_bounded_ring() {
    let mut m = msg();
    for i in 0..5 {
        let entry = LogEntry {
            level: None,
            text: i.to_string(),
            ts: None,
        };
        m.apply(Effect::LogAppend(entry), LIMITS).unwrap();
    }
    let texts: Vec<_> = m.logs.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["2", "3", "4"]);
}

#[test]
fn custom_slices_set_and_merge_patch() {
    let mut m = msg();
    let c = m
        .apply(
            Effect::StateSet {
                slice: "plan".into(),
                value: json!({"a": 1, "b": 2}),
            },
            LIMITS,
        )
        .unwrap();
    assert_eq!(c.custom, ["plan"]);
    m.apply(
        Effect::StatePatch {
            slice: "plan".into(),
            patch: json!({"b": null, "c": 3}),
        },
        LIMITS,
    )
    .unwrap();
    assert_eq!(m.custom.get("plan"), Some(&json!({"a": 1, "c": 3})));
    let same = m
        .apply(
            Effect::StateSet {
                slice: "plan".into(),
                value: json!({"a": 1, "c": 3}),
            },
            LIMITS,
        )
        .unwrap();
    assert!(same.is_empty());
}

#[test]
fn snapshot_replaces_and_dirties_only_what_differs() {
    let mut m = msg();
    m.apply(Effect::SourcesSet(vec![json!({"id": "s1"})]), LIMITS)
        .unwrap();
    let snap = json!({"id": "ignored", "status": "done", "content": "full",
                      "sources": [{"id": "s1"}]});
    let snap = Message::from_json(&snap).unwrap();
    let c = m.apply(Effect::Snapshot(Box::new(snap)), LIMITS).unwrap();
    assert!(c.has(Slice::Content) && c.has(Slice::Status));
    assert!(!c.has(Slice::Sources));
    assert_eq!(m.id, "m1");
    assert_eq!(m.status, Status::Done);
}

#[test]
fn elicitation_end_clears_only_the_matching_form() {
    let mut m = msg();
    let form = Elicitation {
        message: None,
        tool_call_id: None,
        elicitation_id: "e1".into(),
        schema: json!({}),
        mode: None,
    };
    m.apply(Effect::ElicitationStart(form), LIMITS).unwrap();
    assert!(m
        .apply(Effect::ElicitationEnd { id: "other".into() }, LIMITS)
        .unwrap()
        .is_empty());
    assert!(m
        .apply(Effect::ElicitationEnd { id: "e1".into() }, LIMITS)
        .unwrap()
        .has(Slice::Elicitation));
    assert!(m.elicitation.is_none());
}

#[test]
fn pending_becomes_streaming_on_first_change() {
    let mut m = Message {
        status: Status::Pending,
        ..msg()
    };
    let c = m
        .apply(Effect::ContentDelta(Piece::plain("x")), LIMITS)
        .unwrap();
    assert!(c.has(Slice::Status));
    assert_eq!(m.status, Status::Streaming);
}
