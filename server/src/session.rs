//! One session: its seq counter, bounded replay buffer, live connection, and the model of the
//! messages it streamed.
//!
//! A session outlives its connection (see `registry.rs`); its reply tasks keep emitting while
//! no connection is attached and the frames wait in the buffer. Every state change happens
//! under one mutex that is never held across an `.await`, and sending is an unbounded channel
//! push, so "assign seq, buffer, send" and "replay, then switch the live sender" are each
//! atomic: a resume neither loses nor doubles a frame.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;

use crate::message::MessageModel;
use crate::protocol::{action, close, reason, Frame};
use crate::writer::{Outbound, Outbox};

/// The connection a session's frames go to.
#[derive(Debug, Clone)]
pub struct Live {
    /// The connection's id (see `hub.rs`).
    pub conn_id: u64,
    /// Its writer.
    pub outbox: Outbox,
}

/// Why a `resume` was refused; [`ResumeFailure::as_str`] is the wire `reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResumeFailure {
    /// No such session (expired, never existed, or another user's).
    UnknownSession,
    /// The server restarted since (a different epoch).
    EpochChanged,
    /// The buffer no longer holds every frame after the client's seq.
    BufferExceeded,
}

impl ResumeFailure {
    /// The `resume.failed` payload's `reason`.
    pub fn as_str(self) -> &'static str {
        match self {
            ResumeFailure::UnknownSession => "unknown_session",
            ResumeFailure::EpochChanged => "epoch_changed",
            ResumeFailure::BufferExceeded => "buffer_exceeded",
        }
    }
}

struct Buffered {
    seq: u64,
    text: Arc<str>,
}

struct Inner {
    seq: u64,
    buffer: VecDeque<Buffered>,
    live: Option<Live>,
    detached_at: Option<Instant>,
    messages: HashMap<String, MessageModel>,
    /// Replies that may still emit; `signal.stop` removes one, and its task's next emit fails.
    streaming: HashSet<String>,
    /// Open forms: elicitation id -> (message id, where to deliver the submitted values).
    elicitations: HashMap<String, (String, oneshot::Sender<Value>)>,
}

/// One session.
pub struct Session {
    /// The id the client resumes with.
    pub id: String,
    /// The server epoch the session was made in.
    pub epoch: u64,
    /// The user (token) who owns it.
    pub user: String,
    capacity: usize,
    cancel: CancellationToken,
    inner: Mutex<Inner>,
}

impl Session {
    /// A new session with no connection and an empty buffer of `capacity` frames.
    pub fn new(id: String, epoch: u64, user: String, capacity: usize) -> Self {
        Session {
            id,
            epoch,
            user,
            capacity: capacity.max(1),
            cancel: CancellationToken::new(),
            inner: Mutex::new(Inner {
                seq: 0,
                buffer: VecDeque::new(),
                live: None,
                detached_at: Some(Instant::now()),
                messages: HashMap::new(),
                streaming: HashSet::new(),
                elicitations: HashMap::new(),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// Fires when the session is discarded; its reply tasks stop on it.
    pub fn cancelled(&self) -> CancellationToken {
        self.cancel.clone()
    }

    /// Assigns the next seq, updates the message model, buffers and sends. Returns the seq.
    pub fn emit(&self, frame: Frame) -> u64 {
        let mut inner = self.lock();
        self.emit_locked(&mut inner, frame)
    }

    fn emit_locked(&self, inner: &mut Inner, frame: Frame) -> u64 {
        inner.seq += 1;
        let seq = inner.seq;
        if let Some(id) = &frame.message_id {
            let model = inner
                .messages
                .entry(id.clone())
                .or_insert_with(|| MessageModel::new(id));
            model.apply(frame.action_type, &frame.payload);
        }
        let text: Arc<str> = frame.encode(Some(seq)).into();
        inner.buffer.push_back(Buffered {
            seq,
            text: text.clone(),
        });
        while inner.buffer.len() > self.capacity {
            inner.buffer.pop_front();
        }
        let delivered = inner.live.as_ref().map(|live| {
            live.outbox
                .send(Outbound::Frame {
                    text,
                    seq: Some(seq),
                })
                .is_ok()
        });
        if delivered == Some(false) {
            // The writer is gone; the connection's own cleanup will follow.
            inner.live = None;
            inner.detached_at = Some(Instant::now());
        }
        seq
    }

    /// Marks `message_id` as a streaming reply, so [`Session::emit_reply`] accepts its frames.
    pub fn start_reply(&self, message_id: &str) {
        self.lock().streaming.insert(message_id.to_owned());
    }

    /// Emits a frame of a streaming reply; `false` (and nothing sent) once it was stopped.
    /// With `last`, the reply stops streaming after this frame.
    pub fn emit_reply(
        &self,
        message_id: &str,
        action_type: &'static str,
        payload: Value,
        last: bool,
    ) -> bool {
        let mut inner = self.lock();
        let active = if last {
            inner.streaming.remove(message_id)
        } else {
            inner.streaming.contains(message_id)
        };
        if active {
            self.emit_locked(
                &mut inner,
                Frame::for_message(action_type, message_id, payload),
            );
        }
        active
    }

    /// Stops a streaming reply: no frame of it follows the `message.cancelled` sent here.
    /// Returns whether it was streaming.
    pub fn stop_reply(&self, message_id: &str) -> bool {
        let mut inner = self.lock();
        if !inner.streaming.remove(message_id) {
            return false;
        }
        // Dropping its form's sender wakes the reply task waiting on it.
        inner
            .elicitations
            .retain(|_, (owner, _)| owner != message_id);
        self.emit_locked(
            &mut inner,
            Frame::for_message(action::MESSAGE_CANCELLED, message_id, json!({})),
        );
        true
    }

    /// Opens a form for `message_id`; the receiver gets the submitted values.
    pub fn open_elicitation(
        &self,
        elicitation_id: &str,
        message_id: &str,
    ) -> oneshot::Receiver<Value> {
        let (sender, receiver) = oneshot::channel();
        self.lock()
            .elicitations
            .insert(elicitation_id.to_owned(), (message_id.to_owned(), sender));
        receiver
    }

    /// Delivers a form's values; `false` if no such form is open.
    pub fn submit_elicitation(&self, elicitation_id: &str, values: Value) -> bool {
        match self.lock().elicitations.remove(elicitation_id) {
            Some((_, sender)) => sender.send(values).is_ok(),
            None => false,
        }
    }

    /// Emits a `message.snapshot` of `message_id` answering `reference`; `false` if unknown.
    pub fn emit_snapshot(&self, message_id: &str, reference: Option<String>) -> bool {
        let mut inner = self.lock();
        let Some(snapshot) = inner.messages.get(message_id).map(MessageModel::to_json) else {
            return false;
        };
        let frame =
            Frame::for_message(action::MESSAGE_SNAPSHOT, message_id, snapshot).with_ref(reference);
        self.emit_locked(&mut inner, frame);
        true
    }

    /// The model of one message, as a snapshot payload.
    pub fn snapshot(&self, message_id: &str) -> Option<Value> {
        self.lock()
            .messages
            .get(message_id)
            .map(MessageModel::to_json)
    }

    /// Attaches a new connection: sends `session.ready {seq: 0}` and makes it live.
    pub fn attach_fresh(&self, live: Live) {
        let mut inner = self.lock();
        let ready = self.ready_frame(inner.seq, None);
        if live.outbox.send(ready).is_ok() {
            inner.live = Some(live);
            inner.detached_at = None;
        }
    }

    /// Resumes after `after`: sends `session.ready {seq: after}` with `ref`, replays every
    /// buffered frame with a greater seq, and makes `live` the live connection, all under the
    /// lock, so the next emitted frame follows the replay exactly.
    pub fn resume(
        &self,
        live: Live,
        epoch: u64,
        after: u64,
        reference: Option<String>,
    ) -> Result<(), ResumeFailure> {
        let mut inner = self.lock();
        if epoch != self.epoch {
            return Err(ResumeFailure::EpochChanged);
        }
        let first_kept = inner.buffer.front().map_or(inner.seq + 1, |b| b.seq);
        if after > inner.seq || after + 1 < first_kept {
            return Err(ResumeFailure::BufferExceeded);
        }
        if let Some(previous) = inner.live.take() {
            if previous.conn_id != live.conn_id {
                let _ = previous.outbox.send(Outbound::Close {
                    code: close::SESSION_TAKEN,
                    reason: reason::SESSION_TAKEN,
                });
            }
        }
        let _ = live.outbox.send(self.ready_frame(after, reference));
        Self::replay(&inner, &live, after);
        inner.live = Some(live);
        inner.detached_at = None;
        Ok(())
    }

    /// Re-attaches a connection that was detached at seq `after` (a failed resume), sending
    /// what was emitted meanwhile. No `session.ready`: the client never left.
    pub fn reattach(&self, live: Live, after: u64) {
        let mut inner = self.lock();
        Self::replay(&inner, &live, after);
        inner.live = Some(live);
        inner.detached_at = None;
    }

    fn replay(inner: &Inner, live: &Live, after: u64) {
        for buffered in inner.buffer.iter().filter(|b| b.seq > after) {
            let _ = live.outbox.send(Outbound::Frame {
                text: buffered.text.clone(),
                seq: Some(buffered.seq),
            });
        }
    }

    /// Detaches connection `conn_id` if it is the live one. Returns the seq at detach time.
    pub fn detach(&self, conn_id: u64) -> u64 {
        let mut inner = self.lock();
        if inner.live.as_ref().is_some_and(|l| l.conn_id == conn_id) {
            inner.live = None;
            inner.detached_at = Some(Instant::now());
        }
        inner.seq
    }

    /// Whether the session has had no connection for longer than `ttl`.
    pub fn expired(&self, now: Instant, ttl: Duration) -> bool {
        let inner = self.lock();
        inner.live.is_none()
            && inner
                .detached_at
                .is_some_and(|at| now.saturating_duration_since(at) > ttl)
    }

    /// Ends the session: its reply tasks stop and it forgets its connection.
    pub fn close(&self) {
        self.cancel.cancel();
        let mut inner = self.lock();
        inner.live = None;
        inner.streaming.clear();
        inner.elicitations.clear();
    }

    fn ready_frame(&self, seq: u64, reference: Option<String>) -> Outbound {
        let payload = json!({"sessionId": self.id, "epoch": self.epoch, "seq": seq});
        let text = Frame::new(action::SESSION_READY, payload)
            .with_ref(reference)
            .encode(None);
        Outbound::Frame {
            text: text.into(),
            seq: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::mpsc;

    fn live(conn_id: u64) -> (Live, mpsc::UnboundedReceiver<Outbound>) {
        let (outbox, rx) = mpsc::unbounded_channel();
        (Live { conn_id, outbox }, rx)
    }

    fn texts(rx: &mut mpsc::UnboundedReceiver<Outbound>) -> Vec<Value> {
        let mut out = Vec::new();
        while let Ok(Outbound::Frame { text, .. }) = rx.try_recv() {
            out.push(serde_json::from_str(&text).unwrap());
        }
        out
    }

    fn delta(text: &str) -> Frame {
        Frame::for_message(action::CONTENT_DELTA, "a-1", json!({ "text": text }))
    }

    #[test]
    fn resume_replays_only_what_followed_and_then_goes_live() {
        let session = Session::new("s".into(), 7, "u".into(), 100);
        let (first, mut rx1) = live(1);
        session.attach_fresh(first);
        session.emit(delta("a"));
        session.emit(delta("b"));
        assert_eq!(texts(&mut rx1).len(), 3);
        session.detach(1);
        session.emit(delta("c"));
        let (second, mut rx2) = live(2);
        session.resume(second, 7, 1, Some("r1".into())).unwrap();
        session.emit(delta("d"));
        let got = texts(&mut rx2);
        assert_eq!(got[0]["action_type"], "session.ready");
        assert_eq!(got[0]["ref"], "r1");
        assert_eq!(got[0]["payload"]["seq"], 1);
        let seqs: Vec<_> = got[1..]
            .iter()
            .map(|f| f["seq"].as_u64().unwrap())
            .collect();
        assert_eq!(seqs, vec![2, 3, 4]);
        assert_eq!(session.snapshot("a-1").unwrap()["content"], "abcd");
    }

    #[test]
    fn resume_fails_on_other_epoch_or_lost_frames() {
        let session = Session::new("s".into(), 1, "u".into(), 2);
        for t in ["a", "b", "c"] {
            session.emit(delta(t));
        }
        let (l, _rx) = live(1);
        assert_eq!(
            session.resume(l.clone(), 2, 3, None),
            Err(ResumeFailure::EpochChanged)
        );
        assert_eq!(
            session.resume(l.clone(), 1, 0, None),
            Err(ResumeFailure::BufferExceeded)
        );
        assert_eq!(
            session.resume(l.clone(), 1, 9, None),
            Err(ResumeFailure::BufferExceeded)
        );
        assert!(session.resume(l, 1, 1, None).is_ok());
    }

    #[test]
    fn a_stopped_reply_emits_nothing_more() {
        let session = Session::new("s".into(), 1, "u".into(), 10);
        session.start_reply("a-1");
        assert!(session.emit_reply("a-1", action::CONTENT_DELTA, json!({"text": "x"}), false));
        assert!(session.stop_reply("a-1"));
        assert!(!session.emit_reply("a-1", action::CONTENT_DELTA, json!({"text": "y"}), false));
        assert!(!session.stop_reply("a-1"));
        assert_eq!(session.snapshot("a-1").unwrap()["status"], "cancelled");
    }
}
