//! A connection's writer task: the only code that sends on the socket.
//!
//! Everything for one connection (seq'd session frames, replies to pings, typing broadcasts,
//! fault commands) goes through one unbounded channel of [`Outbound`] items, so their order on
//! the wire is the order they were queued in. The writer applies the fault knobs on the way out
//! (delay, duplicate, reorder, drop-after), and chooses text or binary frames.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::stream::SplitSink;
use futures_util::SinkExt;
use tokio::sync::mpsc;
use tokio::time::{sleep, sleep_until, Instant};
use tokio_util::sync::CancellationToken;

use crate::faults::{malformed_frame, GlobalKnobs, Knobs};

/// How long `reorder` holds a frame waiting for the next one to swap with; after this it is
/// sent alone, so the last frame of a burst is never stuck.
pub const REORDER_HOLD: Duration = Duration::from_millis(200);

/// One item for a connection's writer.
#[derive(Debug, Clone)]
pub enum Outbound {
    /// An encoded frame; `seq` is set for session frames (the ones faults may duplicate/reorder).
    Frame {
        /// The JSON text.
        text: Arc<str>,
        /// The frame's seq, if it has one.
        seq: Option<u64>,
    },
    /// Send this many malformed frames now.
    Malformed(u32),
    /// Drop the connection abruptly after this many more frames (0: now).
    DropAfter(u64),
    /// Send a close frame and end.
    Close {
        /// The close code.
        code: u16,
        /// The close reason.
        reason: &'static str,
    },
}

/// The sending side of a connection's writer channel.
pub type Outbox = mpsc::UnboundedSender<Outbound>;

/// Why the writer ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriterEnd {
    /// Every sender is gone.
    Finished,
    /// The connection's kill token fired (`POST /control {"drop": true}`).
    Killed,
    /// The drop-after countdown reached zero.
    DroppedAfter,
    /// A close frame was sent.
    Closed,
    /// The socket refused a frame (the peer is gone).
    SendFailed,
}

/// The writer's state.
pub struct Writer {
    sink: SplitSink<WebSocket, Message>,
    binary: bool,
    local: Knobs,
    global: GlobalKnobs,
    kill: CancellationToken,
    remaining: Option<u64>,
    held: Option<Arc<str>>,
    held_until: Instant,
}

impl Writer {
    /// A writer for `sink`. `binary` sends every frame as a binary WebSocket frame.
    pub fn new(
        sink: SplitSink<WebSocket, Message>,
        binary: bool,
        local: Knobs,
        global: GlobalKnobs,
        kill: CancellationToken,
        drop_after: Option<u64>,
    ) -> Self {
        Writer {
            sink,
            binary,
            local,
            global,
            kill,
            remaining: drop_after,
            held: None,
            held_until: Instant::now(),
        }
    }

    /// Sends what arrives on `rx` until the channel closes, a fault ends it, or it is killed.
    pub async fn run(mut self, mut rx: mpsc::UnboundedReceiver<Outbound>) -> WriterEnd {
        let kill = self.kill.clone();
        loop {
            let holding = self.held.is_some();
            let held_until = self.held_until;
            let step = tokio::select! {
                biased;
                _ = kill.cancelled() => Err(WriterEnd::Killed),
                _ = sleep_until(held_until), if holding => self.flush_held().await,
                item = rx.recv() => match item {
                    Some(item) => self.handle(item).await,
                    None => match self.flush_held().await {
                        Ok(()) => Err(WriterEnd::Finished),
                        Err(end) => Err(end),
                    },
                },
            };
            if let Err(end) = step {
                return end;
            }
        }
    }

    async fn handle(&mut self, item: Outbound) -> Result<(), WriterEnd> {
        match item {
            Outbound::Frame { text, seq } => self.frame(text, seq.is_some()).await,
            Outbound::Malformed(count) => {
                for n in 0..count {
                    self.send(malformed_frame(n), 1).await?;
                }
                Ok(())
            }
            Outbound::DropAfter(0) => Err(WriterEnd::DroppedAfter),
            Outbound::DropAfter(n) => {
                self.remaining = Some(n);
                Ok(())
            }
            Outbound::Close { code, reason } => {
                let frame = CloseFrame {
                    code,
                    reason: reason.into(),
                };
                // Best effort: the peer may already be gone.
                let _ = self.sink.send(Message::Close(Some(frame))).await;
                Err(WriterEnd::Closed)
            }
        }
    }

    async fn frame(&mut self, text: Arc<str>, seqd: bool) -> Result<(), WriterEnd> {
        let knobs = self.local.union(self.global.get());
        if knobs.delay_ms > 0 {
            let kill = self.kill.clone();
            tokio::select! {
                _ = kill.cancelled() => return Err(WriterEnd::Killed),
                _ = sleep(Duration::from_millis(knobs.delay_ms)) => {}
            }
        }
        if !seqd {
            return self.send(&text, 1).await;
        }
        let copies = if knobs.duplicate { 2 } else { 1 };
        match (knobs.reorder, self.held.take()) {
            (true, None) => {
                self.held = Some(text);
                self.held_until = Instant::now() + REORDER_HOLD;
                Ok(())
            }
            // Reordering: the later frame goes first.
            (true, Some(first)) => {
                self.send(&text, copies).await?;
                self.send(&first, copies).await
            }
            // Reorder was switched off while holding: keep the original order.
            (false, held) => {
                if let Some(first) = held {
                    self.send(&first, copies).await?;
                }
                self.send(&text, copies).await
            }
        }
    }

    async fn flush_held(&mut self) -> Result<(), WriterEnd> {
        match self.held.take() {
            Some(text) => {
                let knobs = self.local.union(self.global.get());
                self.send(&text, if knobs.duplicate { 2 } else { 1 }).await
            }
            None => Ok(()),
        }
    }

    async fn send(&mut self, text: &str, copies: u32) -> Result<(), WriterEnd> {
        for _ in 0..copies {
            let message = if self.binary {
                Message::Binary(Bytes::copy_from_slice(text.as_bytes()))
            } else {
                Message::Text(text.into())
            };
            self.sink
                .send(message)
                .await
                .map_err(|_| WriterEnd::SendFailed)?;
            if let Some(remaining) = self.remaining.as_mut() {
                *remaining = remaining.saturating_sub(1);
                if *remaining == 0 {
                    return Err(WriterEnd::DroppedAfter);
                }
            }
        }
        Ok(())
    }
}
