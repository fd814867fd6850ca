//! `POST /chat/stream`: one chat message answered in the response body instead of over a
//! socket, as Server-Sent Events (or NDJSON with `?format=ndjson`): the same protocol v1
//! frames a session would carry (the user message's echo, then the scripted reply), one per
//! event with `id: <n>`, then `data: [DONE]`. What the AI SDK, AG-UI and OpenAI do, in
//! wirestore's own frames, for the demo's "reply over SSE" switch and the tests.
//!
//! Body: `{"content": "…", "messageId"?: "…", "replyId"?: "…"}` (ids the client chose for the
//! user message and the reply, so it can stop the right stream). Query: `token` (as `/ws`:
//! none or a `bad…` one is 401, a `forbidden…` one 403), `tokenMs` (the pace), `format`. The
//! rate limit is the socket's (429 with `retry-after`). The reply stops when the client goes
//! away: its body's receiver is dropped. A `/form` prompt asks nothing here (the answer would
//! need a socket).

use std::convert::Infallible;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::mpsc;

use crate::auth;
use crate::chat::echo;
use crate::protocol::{close, Frame};
use crate::reply::Reply;
use crate::script::plan;
use crate::state::AppState;

/// Frames buffered between the reply task and the body (backpressure past this).
const CHANNEL_FRAMES: usize = 64;
/// The slowest pace a request may ask for.
const MAX_TICK_MS: u64 = 1000;
/// What ends an SSE body.
const DONE: &str = "data: [DONE]\n\n";

/// The request body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatBody {
    /// The user's message.
    pub content: String,
    /// The id the user message gets (else the server picks one).
    pub message_id: Option<String>,
    /// The id the reply gets (else the server picks one).
    pub reply_id: Option<String>,
}

/// The query parameters.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamQuery {
    /// The user (see `auth`).
    pub token: Option<String>,
    /// Delay between two frames, in ms.
    pub token_ms: Option<u64>,
    /// `sse` (default) or `ndjson`.
    pub format: Option<String>,
}

/// An id a client may choose: what a token may be.
fn valid_id(id: &str) -> bool {
    auth::check(Some(id)).is_ok()
}

/// `POST /chat/stream`.
pub async fn chat_stream(
    State(state): State<AppState>,
    Query(query): Query<StreamQuery>,
    body: String,
) -> Response {
    let user = match auth::check(query.token.as_deref()) {
        Ok(user) => user,
        Err(r) if r.code == close::FORBIDDEN => {
            return (StatusCode::FORBIDDEN, r.reason).into_response()
        }
        Err(r) => return (StatusCode::UNAUTHORIZED, r.reason).into_response(),
    };
    let chat: ChatBody = match serde_json::from_str(&body) {
        Ok(chat) => chat,
        Err(e) => {
            let text = format!("the body must be {{\"content\": \"…\"}}: {e}");
            return (StatusCode::BAD_REQUEST, text).into_response();
        }
    };
    if let Err(wait) = state.limiter.check(&user, Instant::now()) {
        let text = format!("Rate limit exceeded. Try again in {wait} seconds");
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, wait.to_string())],
            text,
        )
            .into_response();
    }
    let ndjson = query.format.as_deref() == Some("ndjson");
    let tick = Duration::from_millis(
        query
            .token_ms
            .unwrap_or(state.config.token_ms)
            .min(MAX_TICK_MS),
    );
    let pick = |id: Option<String>, prefix| {
        id.filter(|i| valid_id(i))
            .unwrap_or_else(|| state.message_id(prefix))
    };
    let user_id = pick(chat.message_id, "u");
    let reply_id = pick(chat.reply_id, "a");
    let script = plan(&chat.content, &reply_id, 0, state.config.words);
    let (tx, rx) = mpsc::channel(CHANNEL_FRAMES);
    tokio::spawn(async move {
        for frame in echo(&user_id, &chat.content) {
            if tx.send(frame).await.is_err() {
                return;
            }
        }
        Reply::into_body(tx, reply_id, tick).run(script).await;
    });
    let content_type = if ndjson {
        "application/x-ndjson"
    } else {
        "text/event-stream"
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
            (header::HeaderName::from_static("x-accel-buffering"), "no"),
        ],
        Body::from_stream(events(rx, ndjson)),
    )
        .into_response()
}

/// The body: each frame as an SSE event with its number as `id` (or an NDJSON line), then
/// `[DONE]` once the reply task is over.
fn events(
    rx: mpsc::Receiver<Frame>,
    ndjson: bool,
) -> impl futures_util::Stream<Item = Result<String, Infallible>> {
    futures_util::stream::unfold(Some((rx, 0u64)), move |state| async move {
        let (mut rx, n) = state?;
        match rx.recv().await {
            Some(frame) if ndjson => {
                Some((Ok(format!("{}\n", frame.encode(None))), Some((rx, n + 1))))
            }
            Some(frame) => {
                let event = format!("id: {}\ndata: {}\n\n", n + 1, frame.encode(None));
                Some((Ok(event), Some((rx, n + 1))))
            }
            None if ndjson => None,
            None => Some((Ok(DONE.to_owned()), None)),
        }
    })
}
