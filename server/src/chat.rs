//! Handling one `chat.message`: rate limit, the two acks, the echo of the user message, and
//! the assistant replies streamed in parallel.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::command::{ChatMessage, MAX_REPLIES};
use crate::protocol::{ack_payload, ack_status, action, error_code, Frame};
use crate::reply::Reply;
use crate::script::plan;
use crate::session::Session;
use crate::state::AppState;

/// Answers chat message `id` from `user` on `session`, streaming replies one frame per `tick`.
pub fn handle(
    state: &AppState,
    session: &Arc<Session>,
    user: &str,
    id: Option<String>,
    chat: ChatMessage,
    tick: Duration,
) {
    if let Err(wait) = state.limiter.check(user, Instant::now()) {
        let error = format!("Rate limit exceeded. Try again in {wait} seconds");
        let payload = ack_payload(
            ack_status::ERROR,
            Some(error_code::RATE_LIMIT),
            Some(&error),
        );
        session.emit(Frame::new(action::ACK, payload).with_ref(id));
        return;
    }
    if id.is_some() {
        for status in [ack_status::RECEIVED, ack_status::DELIVERED] {
            let payload = ack_payload(status, None, None);
            session.emit(Frame::new(action::ACK, payload).with_ref(id.clone()));
        }
    }
    let user_id = chat
        .message_id
        .clone()
        .unwrap_or_else(|| state.message_id("u"));
    for frame in echo(&user_id, &chat.content) {
        session.emit(frame);
    }
    let replies = chat.replies.unwrap_or(1).clamp(1, MAX_REPLIES);
    for index in 0..replies as usize {
        let message_id = state.message_id("a");
        let script = plan(&chat.content, &message_id, index, state.config.words);
        session.start_reply(&message_id);
        let reply = Reply::new(session.clone(), message_id, state.elicitation_id(), tick);
        tokio::spawn(reply.run(script));
    }
}

/// The echo of a user message: its start, its whole text, its end.
pub fn echo(message_id: &str, content: &str) -> [Frame; 3] {
    [
        Frame::for_message(action::MESSAGE_START, message_id, json!({"role": "user"})),
        Frame::for_message(action::CONTENT_SET, message_id, json!({"text": content})),
        Frame::for_message(action::MESSAGE_DONE, message_id, json!({})),
    ]
}
