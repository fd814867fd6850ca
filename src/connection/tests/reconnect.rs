//! Reconnecting: backoff, the attempt counter, retries, `Online`, and heartbeat death.

use super::*;

#[test]
fn unclean_closes_back_off_exponentially_up_to_the_cap() {
    let mut d = Driver::new(options());
    d.open();
    let mut delays = Vec::new();
    for _ in 0..7 {
        d.close(1006, "", false);
        assert_eq!(d.conn.status(), Status::Reconnecting);
        delays.push(d.conn.next_retry_at().unwrap() - d.now);
        assert_eq!(d.timer, d.conn.next_retry_at());
        let out = d.fire();
        assert_eq!(opens(&out).len(), 1);
        assert_eq!(d.conn.status(), Status::Connecting);
    }
    assert_eq!(delays, vec![1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    assert_eq!(d.conn.attempt(), 7);
    assert_eq!(d.conn.last_error(), Some("connection lost (1006)"));
}

#[test]
fn jittered_reconnect_delays_stay_within_bounds_over_many_seeds() {
    for seed in 0..200 {
        let mut conn = Connection::new(
            ConnectionOptions {
                jitter: 0.5,
                ..options()
            },
            seed,
        );
        conn.handle(Event::Connect, 0);
        for attempt in 1..=8u32 {
            let g = conn.generation();
            conn.handle(
                Event::Closed {
                    generation: g,
                    code: 1006,
                    reason: String::new(),
                    clean: false,
                },
                0,
            );
            let delay = conn.next_retry_at().unwrap();
            let cap = (1000u64 << (attempt - 1)).min(30_000);
            assert!(
                delay <= cap && delay * 2 >= cap,
                "seed {seed}: {delay} vs {cap}"
            );
            conn.handle(Event::Online, 0);
        }
    }
}

#[test]
fn attempt_resets_on_session_ready_not_on_opened() {
    let mut d = Driver::new(options());
    d.open();
    d.close(1006, "", false);
    d.fire();
    d.handle(Event::Opened {
        generation: d.generation(),
        resume: None,
    });
    assert_eq!(d.conn.attempt(), 1, "opened alone does not reset");
    d.close(1006, "", false);
    assert_eq!(d.conn.next_retry_at(), Some(d.now + 2000));
    d.fire();
    d.handle(Event::Opened {
        generation: d.generation(),
        resume: None,
    });
    let out = d.handle(Event::SessionReady);
    assert_eq!(d.conn.attempt(), 0);
    assert!(out.contains(&Command::StatusChanged));
    d.close(1006, "", false);
    assert_eq!(d.conn.next_retry_at(), Some(d.now + 1000));
}

#[test]
fn exhausted_retries_fail_and_never_open_again() {
    let mut d = Driver::new(ConnectionOptions {
        max_retries: Some(2),
        ..options()
    });
    d.handle(Event::Connect);
    for _ in 0..2 {
        d.close(1006, "", false);
        assert!(!opens(&d.fire()).is_empty());
    }
    let out = d.close(1006, "", false);
    assert_eq!(d.conn.status(), Status::Failed);
    assert_eq!(d.conn.attempt(), 2);
    assert!(d
        .conn
        .last_error()
        .unwrap()
        .contains("gave up after 2 retries"));
    assert!(opens(&out).is_empty());
    assert_eq!(d.timer, None);
    assert!(opens(&d.handle(Event::Online)).is_empty());
}

#[test]
fn server_clean_close_1000_still_reconnects() {
    let mut d = Driver::new(options());
    d.open();
    d.close(1000, "restarting", true);
    assert_eq!(d.conn.status(), Status::Reconnecting);
    assert_eq!(
        d.conn.last_error(),
        Some("connection closed (1000 restarting)")
    );
}

#[test]
fn error_then_close_counts_as_one_attempt() {
    let mut d = Driver::new(options());
    d.open();
    d.handle(Event::Errored {
        generation: d.generation(),
    });
    assert_eq!(d.conn.status(), Status::Open);
    d.close(1006, "", false);
    assert_eq!(d.conn.attempt(), 1);
    assert_eq!(d.conn.next_retry_at(), Some(1000));
}

#[test]
fn connect_after_failure_starts_over_from_attempt_zero() {
    let mut d = Driver::new(ConnectionOptions {
        max_retries: Some(0),
        ..options()
    });
    d.open();
    d.close(1006, "", false);
    assert_eq!(d.conn.status(), Status::Failed);
    let out = d.handle(Event::Connect);
    assert_eq!(opens(&out).len(), 1);
    assert_eq!(d.conn.attempt(), 0);
}

#[test]
fn online_while_reconnecting_skips_the_wait() {
    let mut d = Driver::new(options());
    d.open();
    d.close(1006, "", false);
    d.now += 10;
    let out = d.handle(Event::Online);
    assert_eq!(opens(&out).len(), 1);
    assert_eq!(d.conn.status(), Status::Connecting);
    assert_eq!(d.conn.next_retry_at(), None);
    assert!(out.contains(&Command::CancelTimer));
}

#[test]
fn online_while_open_or_idle_does_nothing() {
    let mut d = Driver::new(options());
    assert!(d.handle(Event::Online).is_empty());
    d.open();
    assert!(d.handle(Event::Online).is_empty());
}

#[test]
fn heartbeat_pings_when_quiet_then_closes_4000_and_reconnects() {
    let mut d = Driver::new(options());
    let g = d.open();
    let out = d.fire();
    assert_eq!(d.now, 25_000);
    assert_eq!(
        sends(&out),
        vec![r#"{"v":1,"action_type":"ping","id":"ping-1"}"#]
    );
    assert_eq!(d.timer, Some(35_000));
    let out = d.fire();
    assert!(out.contains(&Command::Close {
        code: CLOSE_HEARTBEAT_TIMEOUT,
        reason: REASON_HEARTBEAT_TIMEOUT.into()
    }));
    assert_eq!(d.conn.status(), Status::Reconnecting);
    assert_eq!(d.timer, Some(36_000));
    assert!(d.conn.generation() > g);
    let late = d.handle(Event::Closed {
        generation: g,
        code: 4000,
        reason: String::new(),
        clean: false,
    });
    assert!(late.is_empty(), "the dead socket's own close is ignored");
    assert_eq!(d.conn.attempt(), 1);
}

#[test]
fn frames_arriving_keep_the_heartbeat_quiet() {
    let mut d = Driver::new(options());
    let g = d.open();
    for _ in 0..10 {
        d.now += 20_000;
        d.handle(Event::FrameReceived { generation: g });
        d.handle(Event::TimerFired);
    }
    d.now += 20_000;
    let out = d.handle(Event::TimerFired);
    assert!(sends(&out).is_empty());
    assert_eq!(d.conn.status(), Status::Open);
    // A pong (any frame) after a ping also keeps it alive.
    d.now = d.timer.unwrap();
    assert_eq!(sends(&d.handle(Event::TimerFired)).len(), 1);
    d.now += 5_000;
    d.handle(Event::FrameReceived { generation: g });
    assert_eq!(d.timer, Some(d.now + 25_000));
}

#[test]
fn disabled_heartbeat_arms_no_timer_while_open() {
    let mut d = Driver::new(ConnectionOptions {
        heartbeat_interval_ms: None,
        ..options()
    });
    d.open();
    assert_eq!(d.timer, None);
}
