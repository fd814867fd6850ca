//! `GET /ws`: the WebSocket endpoint. Authenticates, starts the connection's writer task, and
//! reads client frames until the socket ends, a fault drops it, or the server shuts down.
//!
//! Query parameters: `token` (required, see `auth.rs`), `conversation` (default `default`),
//! `binary=1` (send binary frames), `faults=…` (see `faults.rs`), `tokenMs=N` (reply pace).

use std::collections::HashMap;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::Response;
use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio::time::timeout;

use crate::auth::{self, Rejection};
use crate::connection::Connection;
use crate::faults::ConnFaults;
use crate::protocol::{close, reason};
use crate::state::AppState;
use crate::writer::{Outbound, Writer, WriterEnd};

/// The conversation a connection is in when its URL names none.
pub const DEFAULT_CONVERSATION: &str = "default";
/// How long to wait for the peer's close reply after sending a close frame.
pub const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// Upgrades the request; auth failures are reported after the upgrade, as a close code the
/// browser can read (an HTTP 401 on the handshake is invisible to `WebSocket` in JS).
pub async fn upgrade(
    ws: WebSocketUpgrade,
    Query(query): Query<HashMap<String, String>>,
    State(state): State<AppState>,
) -> Response {
    ws.on_upgrade(move |socket| run(socket, state, query))
}

async fn run(mut socket: WebSocket, state: AppState, query: HashMap<String, String>) {
    // The token comes in the query, or (a client's `tokenMode: 'frame'`) as the first frame.
    let token = match query.get("token") {
        Some(token) => Some(token.clone()),
        None => first_frame_token(&mut socket).await,
    };
    let user = match auth::check(token.as_deref()) {
        Ok(user) => user,
        Err(rejection) => return refuse(socket, rejection).await,
    };
    let conversation = query
        .get("conversation")
        .map_or(DEFAULT_CONVERSATION, String::as_str);
    let binary = query.get("binary").is_some_and(|b| b == "1" || b == "true");
    let (faults, unknown) = ConnFaults::parse(query.get("faults").map_or("", String::as_str));
    if !unknown.is_empty() {
        tracing::warn!(?unknown, "ignoring unknown faults");
    }
    let tick = Duration::from_millis(
        query
            .get("tokenMs")
            .and_then(|t| t.parse().ok())
            .unwrap_or(state.config.token_ms),
    );

    let (outbox, rx) = mpsc::unbounded_channel();
    let handle = state.hub.register(&user, conversation, outbox.clone());
    let (sink, mut stream) = socket.split();
    let writer = Writer::new(
        sink,
        binary,
        faults.knobs,
        state.knobs.clone(),
        handle.kill.clone(),
        faults.drop_after,
    );
    let mut writer = tokio::spawn(writer.run(rx));
    let mut connection = Connection::open(state.clone(), handle.clone(), tick);
    if faults.malformed > 0 {
        let _ = outbox.send(Outbound::Malformed(faults.malformed));
    }
    tracing::debug!(conn = handle.id, %user, "connected");

    let shutdown = state.shutdown.clone();
    let end = loop {
        tokio::select! {
            end = &mut writer => break end.unwrap_or(WriterEnd::Finished),
            _ = shutdown.cancelled() => {
                let _ = outbox.send(Outbound::Close { code: close::GOING_AWAY, reason: reason::SHUTDOWN });
                shutdown_wait(&mut writer).await;
                break WriterEnd::Closed;
            }
            message = stream.next() => match message {
                Some(Ok(Message::Text(text))) => connection.handle_text(text.as_str()),
                Some(Ok(Message::Binary(bytes))) => connection.handle_bytes(&bytes),
                // Pings are answered by the WebSocket layer; pongs need nothing.
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                // The peer closed: stop writing, then let the layer answer its close frame.
                Some(Ok(Message::Close(_))) => {
                    handle.kill.cancel();
                    break WriterEnd::Closed;
                }
                Some(Err(_)) | None => {
                    handle.kill.cancel();
                    break WriterEnd::Finished;
                }
            },
        }
    };
    connection.close();
    drop(outbox);
    if end == WriterEnd::Closed {
        // Let the peer answer our close frame before the TCP connection goes.
        let _ = timeout(CLOSE_GRACE, async {
            while stream.next().await.is_some() {}
        })
        .await;
    }
    // For DroppedAfter and Killed, the stream half is dropped here with no close frame: to the
    // client this is an abrupt loss of the connection, which is what those faults simulate.
    tracing::debug!(conn = handle.id, ?end, "disconnected");
}

async fn shutdown_wait(writer: &mut tokio::task::JoinHandle<WriterEnd>) {
    if timeout(CLOSE_GRACE, &mut *writer).await.is_err() {
        writer.abort();
    }
}

/// How long a connection without `?token=` may take to send its `auth` frame.
pub const AUTH_FRAME_WAIT: Duration = Duration::from_secs(5);

/// Reads `{"action_type":"auth","payload":{"token":"…"}}` as the first frame, if it comes
/// in time; anything else means no token.
async fn first_frame_token(socket: &mut WebSocket) -> Option<String> {
    let first = timeout(AUTH_FRAME_WAIT, socket.next()).await.ok()??.ok()?;
    let text = match first {
        Message::Text(text) => text.as_str().to_owned(),
        Message::Binary(bytes) => String::from_utf8(bytes.to_vec()).ok()?,
        _ => return None,
    };
    auth::token_from_frame(&text)
}

/// Closes an unauthenticated socket with the rejection's code and reason.
async fn refuse(mut socket: WebSocket, rejection: Rejection) {
    let frame = CloseFrame {
        code: rejection.code,
        reason: rejection.reason.into(),
    };
    if socket.send(Message::Close(Some(frame))).await.is_ok() {
        let _ = timeout(CLOSE_GRACE, async {
            while socket.next().await.is_some() {}
        })
        .await;
    }
}
