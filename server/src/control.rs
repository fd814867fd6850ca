//! `POST /control` (and `GET /control`): the fault knobs, server-wide, for tests and the demo.
//!
//! Body fields, all optional, applied in this order:
//! `{"restart": true}` new epoch, every session forgotten, every connection dropped (as a real
//! restart would); `{"drop": true[, "sessionId": S]}` drop live connections abruptly now;
//! `{"dropAfter": N}` drop each live connection after N more frames; `{"duplicate": b}`,
//! `{"reorder": b}`, `{"delayMs": N}` shape every later frame; `{"malformed": N}` send N
//! malformed frames to every connection now. The answer is the knob state as JSON.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::state::AppState;
use crate::writer::Outbound;

/// A control request.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ControlRequest {
    /// Drop each live connection after this many more frames.
    pub drop_after: Option<u64>,
    /// Drop live connections now.
    pub drop: Option<bool>,
    /// With `drop`: only this session's connection.
    pub session_id: Option<String>,
    /// Send each seq'd frame twice.
    pub duplicate: Option<bool>,
    /// Swap adjacent pairs of seq'd frames.
    pub reorder: Option<bool>,
    /// Wait before each frame.
    pub delay_ms: Option<u64>,
    /// Send this many malformed frames to every connection now.
    pub malformed: Option<u32>,
    /// Start a new epoch and forget every session.
    pub restart: Option<bool>,
}

/// `GET /control`: the knob state.
pub async fn get(State(state): State<AppState>) -> Json<Value> {
    Json(report(&state, 0))
}

/// `POST /control`: applies a [`ControlRequest`], answers the knob state.
pub async fn post(State(state): State<AppState>, body: Bytes) -> Response {
    let request: ControlRequest = if body.iter().all(u8::is_ascii_whitespace) {
        ControlRequest::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(request) => request,
            Err(e) => {
                let error = json!({"error": format!("bad control request: {e}")});
                return (StatusCode::BAD_REQUEST, Json(error)).into_response();
            }
        }
    };
    let dropped = apply(&state, request);
    Json(report(&state, dropped)).into_response()
}

/// Applies a request; returns how many connections were dropped.
pub fn apply(state: &AppState, request: ControlRequest) -> usize {
    let mut dropped = 0;
    let conns = state.hub.all();
    if request.restart == Some(true) {
        let epoch = state.registry.restart();
        tracing::info!(epoch, "restart: sessions forgotten");
        for conn in &conns {
            conn.kill.cancel();
        }
        dropped = conns.len();
    }
    if request.drop == Some(true) {
        for conn in &conns {
            let chosen = match &request.session_id {
                Some(id) => *id == conn.session_id(),
                None => true,
            };
            if chosen {
                conn.kill.cancel();
                dropped += 1;
            }
        }
    }
    if let Some(n) = request.drop_after {
        *state
            .last_drop_after
            .lock()
            .unwrap_or_else(|poison| poison.into_inner()) = Some(n);
        for conn in &conns {
            let _ = conn.outbox.send(Outbound::DropAfter(n));
        }
    }
    state.knobs.update(|knobs| {
        knobs.duplicate = request.duplicate.unwrap_or(knobs.duplicate);
        knobs.reorder = request.reorder.unwrap_or(knobs.reorder);
        knobs.delay_ms = request.delay_ms.unwrap_or(knobs.delay_ms);
    });
    if let Some(n) = request.malformed.filter(|&n| n > 0) {
        for conn in &conns {
            let _ = conn.outbox.send(Outbound::Malformed(n));
        }
    }
    dropped
}

fn report(state: &AppState, dropped: usize) -> Value {
    let knobs = state.knobs.get();
    let drop_after = *state
        .last_drop_after
        .lock()
        .unwrap_or_else(|poison| poison.into_inner());
    json!({
        "duplicate": knobs.duplicate,
        "reorder": knobs.reorder,
        "delayMs": knobs.delay_ms,
        "dropAfter": drop_after,
        "epoch": state.registry.epoch(),
        "connections": state.hub.len(),
        "sessions": state.registry.len(),
        "dropped": dropped,
    })
}
