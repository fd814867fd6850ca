//! `POST /chat/stream` against a real socket: the reply as SSE (and NDJSON) in the response
//! body, read by the client's own core (the `wirestore` crate's stream API), re-chunked.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::net::SocketAddr;

use common::{fast, start, WAIT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;
use wirestore::connection::backoff::Backoff;
use wirestore::store::StreamNext;
use wirestore::stream::resume::{Attempt, EndStatus, Reconnect};
use wirestore::stream::{Resume, StreamSpec};
use wirestore::{Status, Store, StoreOptions};
use wirestore_server::script::plan;

/// A response: status, the `content-type` header, the body (de-chunked).
struct Response {
    status: u16,
    content_type: String,
    body: Vec<u8>,
}

async fn post(addr: SocketAddr, path: &str, body: &str) -> Response {
    let mut stream = TcpStream::connect(addr).await.expect("tcp connect");
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    timeout(WAIT, stream.read_to_end(&mut raw))
        .await
        .expect("response in time")
        .expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let content_type = head
        .lines()
        .find_map(|l| l.strip_prefix("content-type:"))
        .unwrap_or_default()
        .trim()
        .to_owned();
    let mut body = raw[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    Response {
        status,
        content_type,
        body,
    }
}

/// The payload of an HTTP/1.1 chunked body.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line = raw
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size line");
        let size =
            usize::from_str_radix(std::str::from_utf8(&raw[..line]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[line + 2..line + 2 + size]);
        raw = &raw[line + 2 + size + 2..];
    }
}

/// Reads `body` into a fresh store as a stream of `content_type`, cut into `chunk`-byte pieces.
fn read_into_store(content_type: &str, body: &[u8], chunk: usize) -> (Store, StreamNext) {
    let mut store = Store::new(StoreOptions::default());
    let spec = StreamSpec {
        format: None,
        id_as_seq: true,
        resume: Resume::Never,
    };
    let id = store.open_stream(spec, Reconnect::new(Backoff::new(10, 100, 0.0, 1), 1));
    assert_eq!(
        store.stream_response(id, 200, content_type, "POST /chat/stream", 0),
        StreamNext::Read
    );
    for piece in body.chunks(chunk) {
        store.stream_chunk(id, piece, 0);
    }
    let end = store.stream_ended(
        id,
        Attempt::Ended {
            broken: false,
            partial: false,
        },
        "POST /chat/stream",
        0,
    );
    (store, end)
}

#[tokio::test]
async fn a_reply_streams_as_sse_with_ids_and_done_and_the_client_core_rebuilds_it() {
    let (addr, server) = start(fast()).await;
    let prompt = "tell me about sse";
    let body = format!(r#"{{"content":"{prompt}","messageId":"u-1","replyId":"a-1"}}"#);
    let r = post(addr, "/chat/stream?token=alice&tokenMs=0", &body).await;
    assert_eq!(
        (r.status, r.content_type.as_str()),
        (200, "text/event-stream")
    );
    let text = String::from_utf8(r.body.clone()).unwrap();
    assert!(text.starts_with("id: 1\ndata: {"), "{text:.80}");
    assert!(text.ends_with("data: [DONE]\n\n"));
    let ids: Vec<u64> = text
        .lines()
        .filter_map(|l| l.strip_prefix("id: "))
        .map(|i| i.parse().unwrap())
        .collect();
    assert_eq!(
        ids,
        (1..=ids.len() as u64).collect::<Vec<_>>(),
        "ids count the events"
    );
    let script = plan(prompt, "a-1", 0, fast().words);
    for chunk in [1, 7, 16 * 1024] {
        let (store, end) = read_into_store(&r.content_type, &r.body, chunk);
        let StreamNext::End(end) = end else {
            panic!("{end:?}")
        };
        assert_eq!(
            (end.status, end.events),
            (EndStatus::Complete, ids.len() as u64)
        );
        let user = store.message("u-1").expect("the echo");
        assert_eq!((user.content.as_str(), user.status), (prompt, Status::Done));
        let reply = store.message("a-1").expect("the reply");
        assert_eq!(
            (reply.content.as_str(), reply.status),
            (script.text.as_str(), Status::Done)
        );
        assert_eq!(
            (
                reply.sources.len(),
                reply.tools.len(),
                reply.follow_up_questions.len()
            ),
            (3, 1, 3)
        );
        assert!(store.errors().is_empty(), "{:?}", store.errors());
    }
    server.shutdown().await;
}

#[tokio::test]
async fn ndjson_on_request_and_refusals_by_status() {
    let (addr, server) = start(fast()).await;
    let r = post(
        addr,
        "/chat/stream?token=bob&tokenMs=0&format=ndjson",
        r#"{"content":"hi","replyId":"a-9"}"#,
    )
    .await;
    assert_eq!(
        (r.status, r.content_type.as_str()),
        (200, "application/x-ndjson")
    );
    let (store, _) = read_into_store(&r.content_type, &r.body, 5);
    assert_eq!(store.message("a-9").map(|m| m.status), Some(Status::Done));
    for (path, body, status) in [
        ("/chat/stream", r#"{"content":"hi"}"#, 401),
        ("/chat/stream?token=bad-1", r#"{"content":"hi"}"#, 401),
        ("/chat/stream?token=forbidden-1", r#"{"content":"hi"}"#, 403),
        ("/chat/stream?token=carol", r#"{"text":"hi"}"#, 400),
    ] {
        assert_eq!(post(addr, path, body).await.status, status, "{path} {body}");
    }
    server.shutdown().await;
}
