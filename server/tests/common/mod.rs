//! Test helpers: an in-process server on a loopback port, a tokio-tungstenite client, and a
//! tiny HTTP client for `/control`. Every wait is bounded by [`WAIT`].

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};
use wirestore_server::{serve, Config, ServerHandle};

/// The longest any single wait in a test may take.
pub const WAIT: Duration = Duration::from_secs(10);

/// A client socket.
pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A fast configuration: tiny ticks and short replies.
pub fn fast() -> Config {
    Config {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        token_ms: 1,
        words: 20,
        ..Config::default()
    }
}

/// Starts a server with `config`.
pub async fn start(config: Config) -> (SocketAddr, ServerHandle) {
    serve(config).await.expect("server starts")
}

/// Opens `/ws?{query}`.
pub async fn connect(addr: SocketAddr, query: &str) -> Ws {
    let url = format!("ws://{addr}/ws?{query}");
    let (ws, _) = timeout(WAIT, connect_async(url))
        .await
        .expect("connect in time")
        .expect("connect");
    ws
}

/// Opens a connection and reads its `session.ready`.
pub async fn connect_ready(addr: SocketAddr, query: &str) -> (Ws, Value) {
    let mut ws = connect(addr, query).await;
    let ready = recv(&mut ws).await;
    assert_eq!(ready["action_type"], "session.ready", "{ready}");
    (ws, ready)
}

/// The next raw message (pings skipped); `None` when the connection ended or failed.
pub async fn next_message(ws: &mut Ws) -> Option<Message> {
    loop {
        match timeout(WAIT, ws.next()).await.expect("a frame in time") {
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(message)) => return Some(message),
            Some(Err(_)) | None => return None,
        }
    }
}

/// The next frame as JSON, or `None` when the connection ended (abruptly or with a close).
pub async fn try_recv(ws: &mut Ws) -> Option<Value> {
    match next_message(ws).await? {
        Message::Text(text) => Some(serde_json::from_str(text.as_str()).expect("JSON text")),
        Message::Binary(bytes) => Some(serde_json::from_slice(&bytes).expect("JSON bytes")),
        _ => None,
    }
}

/// The next frame as JSON; panics if the connection ends.
pub async fn recv(ws: &mut Ws) -> Value {
    try_recv(ws).await.expect("connection still open")
}

/// Frames up to and including the first one matching `done`.
pub async fn recv_until(ws: &mut Ws, mut done: impl FnMut(&Value) -> bool) -> Vec<Value> {
    let mut frames = Vec::new();
    loop {
        let frame = recv(ws).await;
        let stop = done(&frame);
        frames.push(frame);
        if stop {
            return frames;
        }
    }
}

/// Whether `frame` is `action` for `message_id`.
pub fn is(frame: &Value, action: &str, message_id: &str) -> bool {
    frame["action_type"] == action && frame["messageId"] == message_id
}

/// Sends a client frame.
pub async fn send(ws: &mut Ws, action: &str, id: &str, payload: Value) {
    let frame = json!({"v": 1, "action_type": action, "id": id, "payload": payload});
    ws.send(Message::Text(frame.to_string().into()))
        .await
        .expect("send");
}

/// Sends a chat message and returns the id of its first assistant reply (from `message.start`).
pub async fn chat(ws: &mut Ws, id: &str, content: &str) -> (String, Vec<Value>) {
    send(ws, "chat.message", id, json!({ "content": content })).await;
    let frames = recv_until(ws, |f| {
        f["action_type"] == "message.start" && f["payload"]["role"] == "assistant"
    })
    .await;
    let id = frames
        .last()
        .and_then(|f| f["messageId"].as_str())
        .expect("assistant id")
        .to_owned();
    (id, frames)
}

/// The concatenated `content.delta` texts of `message_id` in `frames`.
pub fn content_of(frames: &[Value], message_id: &str) -> String {
    frames
        .iter()
        .filter(|f| is(f, "content.delta", message_id))
        .map(|f| f["payload"]["text"].as_str().expect("text"))
        .collect()
}

/// The seqs of `frames`, in order (frames without seq skipped).
pub fn seqs(frames: &[Value]) -> Vec<u64> {
    frames.iter().filter_map(|f| f["seq"].as_u64()).collect()
}

/// The (code, reason) of the close frame the server sends next.
pub async fn close_of(ws: &mut Ws) -> (u16, String) {
    match next_message(ws).await {
        Some(Message::Close(Some(frame))) => (u16::from(frame.code), frame.reason.to_string()),
        other => panic!("expected a close frame, got {other:?}"),
    }
}

/// Sends a ping and reads until its pong: proves nothing else was queued before it, or returns
/// what was.
pub async fn frames_before_pong(ws: &mut Ws, id: &str) -> Vec<Value> {
    send(ws, "ping", id, json!({})).await;
    let mut frames = recv_until(ws, |f| f["action_type"] == "pong" && f["ref"] == id).await;
    frames.pop();
    frames
}

/// A raw HTTP/1.1 request to the server; returns the status code and the body.
pub async fn http(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.expect("tcp connect");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = String::new();
    timeout(WAIT, stream.read_to_string(&mut response))
        .await
        .expect("response in time")
        .expect("read");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// `POST /control` with `body`; returns the knob state.
pub async fn control(addr: SocketAddr, body: Value) -> Value {
    let (status, text) = http(addr, "POST", "/control", &body.to_string()).await;
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).expect("control JSON")
}
