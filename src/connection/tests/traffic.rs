//! Traffic: outbox, acks, the single timer, and keeping the token secret.

use super::*;

#[test]
fn send_while_open_goes_out_immediately() {
    let mut d = Driver::new(options());
    d.open();
    let out = d.send("m1", "1", false, None);
    assert_eq!(sends(&out), vec!["m1"]);
    assert_eq!(d.conn.outbox_len(), 0);
}

#[test]
fn queued_frames_flush_in_order_after_auth_and_resume() {
    let mut d = Driver::new(ConnectionOptions {
        has_token: true,
        token_mode: TokenMode::Frame,
        ..options()
    });
    for (i, text) in ["m1", "m2", "m3"].iter().enumerate() {
        d.send(text, &i.to_string(), false, None);
    }
    assert_eq!(d.conn.outbox_len(), 3);
    d.handle(Event::Connect);
    let out = d.handle(Event::TokenReady {
        generation: 1,
        token: Some("s3cr3t".into()),
    });
    assert_eq!(
        opens(&out),
        vec![URL],
        "frame mode keeps the token out of the URL"
    );
    let out = d.handle(Event::Opened {
        generation: 1,
        resume: Some("RESUME".into()),
    });
    assert_eq!(
        sends(&out),
        vec![
            r#"{"action_type":"auth","payload":{"token":"s3cr3t"},"v":1}"#,
            "RESUME",
            "m1",
            "m2",
            "m3"
        ]
    );
    assert_eq!(d.conn.outbox_len(), 0);
}

#[test]
fn outbox_overflow_drops_the_oldest_with_an_error_and_a_dropped_ack() {
    let mut d = Driver::new(ConnectionOptions {
        outbox_capacity: 2,
        ..options()
    });
    d.send("m1", "1", true, None);
    d.send("m2", "2", false, None);
    let out = d.send("m3", "3", false, None);
    assert!(out.iter().any(|c| matches!(
        c,
        Command::Error { kind, message } if kind == "outbox" && message.contains("\"1\"")
    )));
    assert!(out.contains(&Command::AckChanged { id: "1".into() }));
    assert_eq!(ack_status(&d, "1"), Some(AckStatus::Dropped));
    let out = d.open_and_collect();
    assert_eq!(sends(&out), vec!["m2", "m3"]);
}

#[test]
fn typing_frames_coalesce_while_queued() {
    let mut d = Driver::new(options());
    d.send("typing-1", "t1", false, Some("typing:c1"));
    d.send("msg", "m", false, None);
    d.send("typing-2", "t2", false, Some("typing:c1"));
    d.send("typing-other", "t3", false, Some("typing:c2"));
    assert_eq!(d.conn.outbox_len(), 3);
    let out = d.open_and_collect();
    assert_eq!(sends(&out), vec!["typing-2", "msg", "typing-other"]);
}

#[test]
fn ack_moves_from_pending_to_received_to_delivered() {
    let mut d = Driver::new(options());
    d.open();
    let out = d.send("m", "m1", true, None);
    assert!(out.contains(&Command::AckChanged { id: "m1".into() }));
    assert_eq!(ack_status(&d, "m1"), Some(AckStatus::Pending));
    let out = d.ack("m1", AckStatus::Received);
    assert_eq!(out, vec![Command::AckChanged { id: "m1".into() }]);
    d.ack("m1", AckStatus::Delivered);
    assert_eq!(ack_status(&d, "m1"), Some(AckStatus::Delivered));
    assert!(
        d.ack("m1", AckStatus::Error).is_empty(),
        "delivered is final"
    );
}

#[test]
fn error_ack_is_final_and_keeps_code_and_text() {
    let mut d = Driver::new(options());
    d.open();
    d.send("m", "m1", true, None);
    d.handle(Event::AckReceived {
        id: "m1".into(),
        status: AckStatus::Error,
        code: Some("RATE_LIMIT".into()),
        error: Some("Try again in 5 seconds".into()),
    });
    let state = d.conn.ack("m1").unwrap();
    assert_eq!(state.status, AckStatus::Error);
    assert_eq!(state.code.as_deref(), Some("RATE_LIMIT"));
    assert!(d.ack("m1", AckStatus::Delivered).is_empty());
}

#[test]
fn ack_times_out_measured_from_send() {
    let mut d = Driver::new(ConnectionOptions {
        heartbeat_interval_ms: None,
        ..options()
    });
    d.open();
    d.now = 5_000;
    d.send("m", "m1", true, None);
    assert_eq!(d.timer, Some(15_000));
    d.ack("m1", AckStatus::Received);
    let out = d.fire();
    assert_eq!(d.now, 15_000);
    assert!(out.contains(&Command::AckChanged { id: "m1".into() }));
    assert_eq!(ack_status(&d, "m1"), Some(AckStatus::Timeout));
    assert_eq!(d.timer, None);
}

#[test]
fn queued_ack_waits_while_queued_and_times_out_from_its_send() {
    let mut d = Driver::new(ConnectionOptions {
        heartbeat_interval_ms: None,
        ..options()
    });
    d.send("m", "m1", true, None);
    assert_eq!(d.timer, None, "no deadline while queued");
    d.now = 60_000;
    assert!(d.handle(Event::TimerFired).is_empty());
    assert_eq!(ack_status(&d, "m1"), Some(AckStatus::Pending));
    d.open_and_collect();
    assert_eq!(d.timer, Some(70_000));
    d.fire();
    assert_eq!(ack_status(&d, "m1"), Some(AckStatus::Timeout));
}

#[test]
fn sent_acks_keep_their_timeout_across_a_disconnect() {
    let mut d = Driver::new(ConnectionOptions {
        heartbeat_interval_ms: None,
        ack_timeout_ms: 500,
        ..options()
    });
    d.open();
    d.send("m", "m1", true, None);
    d.close(1006, "", false);
    assert_eq!(
        d.timer,
        Some(500),
        "the ack deadline is earlier than the retry"
    );
    d.fire();
    assert_eq!(ack_status(&d, "m1"), Some(AckStatus::Timeout));
    assert_eq!(d.timer, Some(1000));
}

#[test]
fn schedule_always_names_the_earliest_deadline() {
    let mut d = Driver::new(options());
    d.open();
    assert_eq!(d.timer, Some(25_000), "ping");
    d.now = 1_000;
    d.send("m", "m1", true, None);
    assert_eq!(d.timer, Some(11_000), "ack timeout is earlier");
    d.now = 2_000;
    d.send("m", "m2", true, None);
    assert_eq!(d.timer, Some(11_000), "unchanged: no new Schedule");
    d.ack("m1", AckStatus::Delivered);
    assert_eq!(d.timer, Some(12_000));
    let out = d.ack("m2", AckStatus::Delivered);
    assert!(out.contains(&Command::Schedule { at_ms: 25_000 }));
    d.close(1006, "", false);
    assert_eq!(d.timer, Some(3_000), "retry");
    let out = d.handle(Event::FrameReceived {
        generation: d.generation(),
    });
    assert!(out.is_empty(), "nothing moved, nothing emitted");
}

#[test]
fn token_never_leaks_into_last_error_errors_or_snapshot() {
    let secret = "tok/en+secret";
    let mut d = Driver::new(ConnectionOptions {
        has_token: true,
        outbox_capacity: 0,
        ..options()
    });
    d.handle(Event::Connect);
    let out = d.handle(Event::TokenReady {
        generation: 1,
        token: Some(secret.into()),
    });
    assert_eq!(opens(&out), vec![format!("{URL}?token=tok%2Fen%2Bsecret")]);
    let g = d.generation();
    // A server that echoes the request URL (and the raw token) in its close reason.
    d.handle(Event::Closed {
        generation: g,
        code: 4401,
        reason: format!("bad token {secret} for {URL}?token=tok%2Fen%2Bsecret"),
        clean: true,
    });
    let out = d.send(&format!("frame {secret}"), secret, true, None);
    let mut texts = vec![
        d.conn.last_error().unwrap().to_owned(),
        crate::json::to_string(&d.conn.snapshot()),
        format!("{:?}", d.conn),
    ];
    for c in &out {
        if let Command::Error { message, .. } = c {
            texts.push(message.clone());
        }
    }
    for text in texts {
        assert!(!text.contains(secret), "{text}");
        assert!(!text.contains("tok%2Fen%2Bsecret"), "{text}");
    }
}

#[test]
fn snapshot_serializes_camel_case_with_lowercase_status() {
    let mut d = Driver::new(options());
    d.open();
    d.close(1006, "", false);
    d.send("m", "1", false, None);
    let json: serde_json::Value =
        serde_json::from_str(&crate::json::to_string(&d.conn.snapshot())).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "status": "reconnecting", "attempt": 1, "nextRetryAt": 1000,
            "lastError": "connection lost (1006)", "generation": 1, "outbox": 1
        })
    );
    assert_eq!(Status::Failed.to_string(), "failed");
}

#[test]
fn random_event_storms_keep_the_invariants() {
    let mut rng = backoff::XorShift64::new(99);
    for run in 0..50 {
        let mut d = Driver::new(ConnectionOptions {
            has_token: run % 2 == 0,
            max_retries: if run % 3 == 0 { Some(3) } else { None },
            jitter: 0.5,
            outbox_capacity: 3,
            ..options()
        });
        for _ in 0..300 {
            d.now += rng.next_u64() % 5_000;
            let g = d.generation().wrapping_sub((rng.next_u64() % 2) as u32);
            let event = match rng.next_u64() % 12 {
                0 => Event::Connect,
                1 => Event::TokenReady {
                    generation: g,
                    token: Some("t".into()),
                },
                2 => Event::Opened {
                    generation: g,
                    resume: None,
                },
                3 => Event::FrameReceived { generation: g },
                4 => Event::Closed {
                    generation: g,
                    code: [1000, 1006, 4401, 1011][(rng.next_u64() % 4) as usize],
                    reason: String::new(),
                    clean: false,
                },
                5 => Event::Online,
                6 => Event::SessionReady,
                7 => Event::UserClose,
                8 => Event::AckReceived {
                    id: (rng.next_u64() % 5).to_string(),
                    status: AckStatus::Delivered,
                    code: None,
                    error: None,
                },
                _ => Event::TimerFired,
            };
            if rng.next_u64().is_multiple_of(4) {
                let id = (rng.next_u64() % 5).to_string();
                d.send("x", &id, true, None);
            }
            let out = if event == Event::TimerFired {
                // A real driver only reports the timer when it fires.
                match d.timer {
                    Some(_) => d.fire(),
                    None => continue,
                }
            } else {
                d.handle(event)
            };
            if d.conn.status() == Status::Reconnecting {
                assert!(d.timer.is_some_and(|at| Some(at) <= d.conn.next_retry_at()));
            }
            assert!(d.conn.outbox_len() <= 3);
            assert!(out.iter().filter(|c| **c == Command::StatusChanged).count() <= 1);
        }
    }
}

impl Driver {
    /// Connect and open, returning the commands of the `Opened` step (the flush).
    fn open_and_collect(&mut self) -> Vec<Command> {
        self.handle(Event::Connect);
        let generation = self.generation();
        self.handle(Event::Opened {
            generation,
            resume: None,
        })
    }
}
