//! Lifecycle: connecting, tokens, the close policy, user close, generations.

use super::*;

#[test]
fn connect_without_token_opens_the_plain_url_and_bumps_generation() {
    let mut d = Driver::new(options());
    assert_eq!(d.conn.status(), Status::Idle);
    let out = d.handle(Event::Connect);
    assert_eq!(
        out[0],
        Command::Open {
            generation: 1,
            url: URL.into()
        }
    );
    assert!(out.contains(&Command::StatusChanged));
    assert_eq!(d.conn.status(), Status::Connecting);
    let out = d.handle(Event::Opened {
        generation: 1,
        resume: None,
    });
    assert_eq!(d.conn.status(), Status::Open);
    assert!(
        out.contains(&Command::Schedule { at_ms: 25_000 }),
        "ping due"
    );
}

#[test]
fn token_is_requested_then_percent_encoded_into_the_query() {
    let mut d = Driver::new(ConnectionOptions {
        url: "wss://h/ws?room=1".into(),
        has_token: true,
        ..options()
    });
    let out = d.handle(Event::Connect);
    assert_eq!(out[0], Command::RequestToken { generation: 1 });
    assert!(opens(&out).is_empty());
    let out = d.handle(Event::TokenReady {
        generation: 1,
        token: Some("a b/c=".into()),
    });
    assert_eq!(opens(&out), vec!["wss://h/ws?room=1&token=a%20b%2Fc%3D"]);
}

#[test]
fn token_failure_backs_off_like_a_failed_connection() {
    let mut d = Driver::new(ConnectionOptions {
        has_token: true,
        ..options()
    });
    d.handle(Event::Connect);
    d.handle(Event::TokenFailed {
        generation: 1,
        message: "refresh endpoint down".into(),
    });
    assert_eq!(d.conn.status(), Status::Reconnecting);
    assert_eq!(d.conn.next_retry_at(), Some(1000));
    assert!(d
        .conn
        .last_error()
        .unwrap()
        .contains("refresh endpoint down"));
    let out = d.fire();
    assert_eq!(out[0], Command::RequestToken { generation: 2 });
}

#[test]
fn auth_and_policy_close_codes_fail_without_reconnecting() {
    let cases = [
        (
            4401,
            "AUTH_FAILED",
            "authentication failed (4401 AUTH_FAILED)",
        ),
        (4403, "", "authentication failed (4403)"),
        (1008, "bad origin", "policy violation (1008 bad origin)"),
    ];
    for (code, reason, expected) in cases {
        let mut d = Driver::new(options());
        d.open();
        let out = d.close(code, reason, true);
        assert_eq!(d.conn.status(), Status::Failed, "{code}");
        assert_eq!(d.conn.last_error(), Some(expected));
        assert!(
            out.contains(&Command::CancelTimer),
            "{code}: ping timer dropped"
        );
        d.now += 3_600_000;
        assert!(opens(&d.handle(Event::Online)).is_empty());
        assert!(opens(&d.handle(Event::TimerFired)).is_empty());
    }
}

#[test]
fn session_auth_error_closes_the_socket_and_fails() {
    let mut d = Driver::new(options());
    d.open();
    let out = d.handle(Event::AuthFailed {
        code: "AUTH_REQUIRED".into(),
    });
    assert!(out.contains(&Command::Close {
        code: CLOSE_NORMAL,
        reason: REASON_AUTH_FAILED.into()
    }));
    assert_eq!(d.conn.status(), Status::Failed);
    assert_eq!(
        d.conn.last_error(),
        Some("authentication failed (AUTH_REQUIRED)")
    );
    assert!(d.close(1000, "", true).is_empty(), "late close ignored");
    assert_eq!(d.conn.status(), Status::Failed);
}

#[test]
fn user_close_is_final_even_if_a_late_close_arrives() {
    let mut d = Driver::new(options());
    let g = d.open();
    let out = d.handle(Event::UserClose);
    assert_eq!(
        out[0],
        Command::Close {
            code: 1000,
            reason: REASON_USER_CLOSE.into()
        }
    );
    assert!(out.contains(&Command::CancelTimer));
    assert_eq!(d.conn.status(), Status::Closed);
    let late = d.handle(Event::Closed {
        generation: g,
        code: 1006,
        reason: String::new(),
        clean: false,
    });
    assert!(late.is_empty());
    assert_eq!(d.conn.status(), Status::Closed);
    assert_eq!(d.timer, None);
}

#[test]
fn user_close_while_reconnecting_cancels_the_retry() {
    let mut d = Driver::new(options());
    d.open();
    d.close(1006, "", false);
    let out = d.handle(Event::UserClose);
    assert!(
        !out.iter().any(|c| matches!(c, Command::Close { .. })),
        "no socket to close"
    );
    assert!(out.contains(&Command::CancelTimer));
    assert_eq!(d.conn.next_retry_at(), None);
    assert!(opens(&d.handle(Event::Online)).is_empty());
}

#[test]
fn user_close_while_awaiting_token_ignores_the_late_token() {
    let mut d = Driver::new(ConnectionOptions {
        has_token: true,
        ..options()
    });
    d.handle(Event::Connect);
    d.handle(Event::UserClose);
    let out = d.handle(Event::TokenReady {
        generation: 1,
        token: Some("t".into()),
    });
    assert!(out.is_empty());
}

#[test]
fn stale_generation_events_are_ignored() {
    let mut d = Driver::new(options());
    let old = d.open();
    d.close(1006, "", false);
    d.fire();
    let current = d.generation();
    assert_eq!(current, old + 1);
    for event in [
        Event::Opened {
            generation: old,
            resume: None,
        },
        Event::Closed {
            generation: old,
            code: 1006,
            reason: String::new(),
            clean: false,
        },
        Event::Errored { generation: old },
        Event::FrameReceived { generation: old },
    ] {
        assert!(d.handle(event).is_empty());
        assert_eq!(d.conn.status(), Status::Connecting);
    }
}

#[test]
fn connect_is_a_no_op_while_connecting_or_open() {
    let mut d = Driver::new(options());
    d.handle(Event::Connect);
    assert!(d.handle(Event::Connect).is_empty());
    d.handle(Event::Opened {
        generation: 1,
        resume: None,
    });
    assert!(d.handle(Event::Connect).is_empty());
    assert_eq!(d.generation(), 1);
}
