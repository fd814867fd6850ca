//! Behaviour tests of the whole machine, driven by a fake driver with a fake clock.
//!
//! The harness plays the driver: it keeps the single timer the machine arms, advances time to
//! it, and records every command, so each test reads as a timeline.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use super::*;

const URL: &str = "wss://chat.example.com/ws";

struct Driver {
    conn: Connection,
    now: u64,
    timer: Option<u64>,
}

fn options() -> ConnectionOptions {
    ConnectionOptions {
        url: URL.into(),
        jitter: 0.0,
        ..ConnectionOptions::default()
    }
}

impl Driver {
    fn new(options: ConnectionOptions) -> Self {
        Self {
            conn: Connection::new(options, 7),
            now: 0,
            timer: None,
        }
    }

    fn track(&mut self, out: Vec<Command>) -> Vec<Command> {
        let arms = out
            .iter()
            .filter(|c| matches!(c, Command::Schedule { .. } | Command::CancelTimer))
            .count();
        assert!(arms <= 1, "more than one timer command: {out:?}");
        for c in &out {
            match c {
                Command::Schedule { at_ms } => self.timer = Some(*at_ms),
                Command::CancelTimer => self.timer = None,
                _ => {}
            }
        }
        out
    }

    fn handle(&mut self, event: Event) -> Vec<Command> {
        let out = self.conn.handle(event, self.now);
        self.track(out)
    }

    fn send(&mut self, text: &str, id: &str, ack: bool, coalesce: Option<&str>) -> Vec<Command> {
        let out = self.conn.send(
            text.into(),
            id.into(),
            ack,
            coalesce.map(Into::into),
            self.now,
        );
        self.track(out)
    }

    /// Advance the clock to the armed timer and fire it.
    fn fire(&mut self) -> Vec<Command> {
        let at = self.timer.take().expect("no timer armed");
        self.now = self.now.max(at);
        self.handle(Event::TimerFired)
    }

    fn generation(&self) -> u32 {
        self.conn.generation()
    }

    /// Connect (no token) and open; returns the open socket's generation.
    fn open(&mut self) -> u32 {
        self.handle(Event::Connect);
        let generation = self.generation();
        self.handle(Event::Opened {
            generation,
            resume: None,
        });
        assert_eq!(self.conn.status(), Status::Open);
        generation
    }

    fn close(&mut self, code: u16, reason: &str, clean: bool) -> Vec<Command> {
        let generation = self.generation();
        self.handle(Event::Closed {
            generation,
            code,
            reason: reason.into(),
            clean,
        })
    }

    fn ack(&mut self, id: &str, status: AckStatus) -> Vec<Command> {
        self.handle(Event::AckReceived {
            id: id.into(),
            status,
            code: None,
            error: None,
        })
    }
}

fn sends(out: &[Command]) -> Vec<&str> {
    out.iter()
        .filter_map(|c| match c {
            Command::Send { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

fn opens(out: &[Command]) -> Vec<&str> {
    out.iter()
        .filter_map(|c| match c {
            Command::Open { url, .. } => Some(url.as_str()),
            _ => None,
        })
        .collect()
}

fn ack_status(d: &Driver, id: &str) -> Option<AckStatus> {
    d.conn.ack(id).map(|s| s.status)
}

mod lifecycle;
mod reconnect;
mod traffic;
