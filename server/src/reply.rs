//! The task that streams one scripted assistant reply, one frame per tick, into a session or
//! into an HTTP response body (`POST /chat/stream`, see `sse.rs`).
//!
//! Into a session it emits through [`Session::emit_reply`], which refuses once `signal.stop`
//! took the reply out of the streaming set, so no frame of a stopped reply follows its
//! `message.cancelled`; it stops too when the session is discarded (restart, expiry, a
//! successful resume elsewhere). Into a body it stops when the client goes away (the body's
//! receiver is dropped), and asks no form (its answer would need a socket).

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tokio::sync::{mpsc, oneshot};
use tokio::time::sleep;
use tokio_util::sync::CancellationToken;

use crate::protocol::{action, error_code, Frame};
use crate::script::{chunks, form_schema, mention_values, Script};
use crate::session::Session;

/// The reply ended early: stopped, or its session is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Halted;

/// Where a reply's frames go.
enum Outlet {
    /// A session: seq'd into its history, stopped by `signal.stop`.
    Session(Arc<Session>),
    /// An HTTP response body, in order.
    Body(mpsc::Sender<Frame>),
}

/// One reply being streamed.
pub struct Reply {
    outlet: Outlet,
    cancel: CancellationToken,
    message_id: String,
    elicitation_id: String,
    tick: Duration,
}

impl Reply {
    /// A reply `message_id` on `session`, one frame per `tick`. The caller has already called
    /// [`Session::start_reply`], so a `signal.stop` that arrives before the first tick works.
    pub fn new(
        session: Arc<Session>,
        message_id: String,
        elicitation_id: String,
        tick: Duration,
    ) -> Self {
        Reply {
            cancel: session.cancelled(),
            outlet: Outlet::Session(session),
            message_id,
            elicitation_id,
            tick,
        }
    }

    /// A reply `message_id` streamed into an HTTP body through `body`, one frame per `tick`.
    pub fn into_body(body: mpsc::Sender<Frame>, message_id: String, tick: Duration) -> Self {
        Reply {
            outlet: Outlet::Body(body),
            cancel: CancellationToken::new(),
            message_id,
            elicitation_id: String::new(),
            tick,
        }
    }

    /// Streams `script` to the end, or until halted.
    pub async fn run(self, script: Script) {
        if self.stream(&script).await.is_err() {
            tracing::debug!(message_id = %self.message_id, "reply halted");
        }
    }

    async fn stream(&self, s: &Script) -> Result<(), Halted> {
        self.step(action::MESSAGE_START, json!({"role": "assistant"}))
            .await?;
        for source in &s.sources {
            self.step(action::SOURCES_ADD, json!({ "source": source }))
                .await?;
        }
        let mut prefix = String::new();
        if s.form && matches!(self.outlet, Outlet::Session(_)) {
            let values = self.ask_form().await?;
            prefix = mention_values(&values);
        }
        for text in &s.reasoning {
            self.step(action::REASONING_DELTA, json!({ "text": text }))
                .await?;
        }
        let mut logs = s.logs.iter();
        if let Some(log) = logs.next() {
            self.step(action::LOGS_APPEND, stamped(log)).await?;
        }
        let id = &s.tool_call_id;
        self.step(
            action::TOOL_START,
            json!({"toolCallId": id, "name": s.tool_name}),
        )
        .await?;
        for args in &s.tool_args {
            self.step(
                action::TOOL_DELTA,
                json!({"toolCallId": id, "argsText": args}),
            )
            .await?;
        }
        self.step(
            action::TOOL_END,
            json!({"toolCallId": id, "result": s.tool_result}),
        )
        .await?;
        for log in logs {
            self.step(action::LOGS_APPEND, stamped(log)).await?;
        }
        for token in chunks(&format!("{prefix}{}", s.text), s.seed) {
            self.step(action::CONTENT_DELTA, json!({ "text": token }))
                .await?;
        }
        self.step(action::FOLLOW_UPS_SET, json!({"questions": s.follow_ups}))
            .await?;
        if s.error {
            let message = "The scripted model failed, as the prompt asked (/error).";
            self.last(
                action::MESSAGE_ERROR,
                json!({"code": error_code::MODEL_ERROR, "message": message}),
            )
            .await
        } else {
            self.last(action::MESSAGE_DONE, json!({})).await
        }
    }

    /// Sends `elicitation.start`, waits for the submitted values, sends `elicitation.end`.
    async fn ask_form(&self) -> Result<Value, Halted> {
        let eid = &self.elicitation_id;
        let Outlet::Session(session) = &self.outlet else {
            return Ok(Value::Null);
        };
        let answer: oneshot::Receiver<Value> = session.open_elicitation(eid, &self.message_id);
        self.step(
            action::ELICITATION_START,
            json!({"elicitationId": eid, "schema": form_schema(), "mode": "form"}),
        )
        .await?;
        let values = tokio::select! {
            _ = self.cancel.cancelled() => return Err(Halted),
            // An error here means the form was dropped: the reply was stopped.
            values = answer => values.map_err(|_| Halted)?,
        };
        self.step(action::ELICITATION_END, json!({ "elicitationId": eid }))
            .await?;
        Ok(values)
    }

    async fn step(&self, action_type: &'static str, payload: Value) -> Result<(), Halted> {
        self.emit(action_type, payload, false).await
    }

    async fn last(&self, action_type: &'static str, payload: Value) -> Result<(), Halted> {
        self.emit(action_type, payload, true).await
    }

    async fn emit(
        &self,
        action_type: &'static str,
        payload: Value,
        last: bool,
    ) -> Result<(), Halted> {
        tokio::select! {
            _ = self.cancel.cancelled() => return Err(Halted),
            _ = sleep(self.tick) => {}
        }
        match &self.outlet {
            Outlet::Session(session) => session
                .emit_reply(&self.message_id, action_type, payload, last)
                .then_some(())
                .ok_or(Halted),
            Outlet::Body(body) => {
                let frame = Frame::for_message(action_type, &self.message_id, payload);
                body.send(frame).await.map_err(|_| Halted)
            }
        }
    }
}

/// A log payload with `ts` set to now (ms since the Unix epoch).
fn stamped(log: &Value) -> Value {
    let ts = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let mut log = log.clone();
    if let Some(map) = log.as_object_mut() {
        map.insert("ts".into(), Value::from(ts));
    }
    log
}
