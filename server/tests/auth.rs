//! Auth over a real socket: the close codes a browser sees, and `/health`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;

#[tokio::test]
async fn missing_token_closes_4401_auth_required() {
    let (addr, server) = start(fast()).await;
    let mut ws = connect(addr, "").await;
    assert_eq!(close_of(&mut ws).await, (4401, "AUTH_REQUIRED".to_string()));
    server.shutdown().await;
}

#[tokio::test]
async fn bad_token_closes_4401_auth_failed() {
    let (addr, server) = start(fast()).await;
    let mut ws = connect(addr, "token=bad-one").await;
    assert_eq!(close_of(&mut ws).await, (4401, "AUTH_FAILED".to_string()));
    let mut ws = connect(addr, "token=has%20space").await;
    assert_eq!(close_of(&mut ws).await, (4401, "AUTH_FAILED".to_string()));
    server.shutdown().await;
}

#[tokio::test]
async fn forbidden_token_closes_4403() {
    let (addr, server) = start(fast()).await;
    let mut ws = connect(addr, "token=forbidden-user").await;
    assert_eq!(close_of(&mut ws).await, (4403, "FORBIDDEN".to_string()));
    server.shutdown().await;
}

#[tokio::test]
async fn health_answers_ok() {
    let (addr, server) = start(fast()).await;
    assert_eq!(
        http(addr, "GET", "/health", "").await,
        (200, "ok".to_string())
    );
    server.shutdown().await;
}

#[tokio::test]
async fn shutdown_closes_live_connections_with_1001() {
    let (addr, server) = start(fast()).await;
    let (mut ws, _) = connect_ready(addr, "token=alice").await;
    server.shutdown().await;
    assert_eq!(close_of(&mut ws).await.0, 1001);
}
