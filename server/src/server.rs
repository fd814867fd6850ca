//! The HTTP app (routes, static files) and [`serve`], which binds and runs it in the
//! background so tests and `main.rs` start it the same way.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower_http::cors::CorsLayer;
use tower_http::services::{ServeDir, ServeFile};

use crate::config::Config;
use crate::state::{AppState, Shared};
use crate::{control, sse, ws};

/// How often expired sessions are swept.
pub const SWEEP_EVERY: Duration = Duration::from_secs(10);

/// A running server.
pub struct ServerHandle {
    state: AppState,
    task: JoinHandle<()>,
}

impl ServerHandle {
    /// The server's shared state (sessions, connections, knobs).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Closes every connection (1001), stops listening and ends every session's reply tasks;
    /// returns when the server is down.
    pub async fn shutdown(self) {
        self.state.shutdown.cancel();
        if let Err(e) = self.task.await {
            tracing::warn!("server task ended badly: {e}");
        }
        // Stop every reply task too, so an in-process server leaves nothing running.
        self.state.registry.restart();
    }
}

/// The routes: `/ws`, `/chat/stream`, `/health`, `/control`, and `--static` at `/`.
pub fn router(state: AppState) -> Router {
    let mut app = Router::new()
        .route("/ws", get(ws::upgrade))
        .route("/health", get(|| async { "ok" }))
        // A page served from another origin (a dev server) may stream a reply too.
        .route(
            "/chat/stream",
            post(sse::chat_stream).layer(CorsLayer::permissive()),
        )
        .route(
            "/control",
            get(control::get)
                .post(control::post)
                // The demo page may be served from another origin (a dev server).
                .layer(CorsLayer::permissive()),
        );
    if let Some(dir) = &state.config.static_dir {
        let index = ServeFile::new(dir.join("index.html"));
        app = app.fallback_service(ServeDir::new(dir).fallback(index));
    }
    app.with_state(state)
}

/// Binds `config.addr` and serves in the background. Returns the bound address (the real port
/// when `config.addr` has port 0) and a handle to stop it.
pub async fn serve(config: Config) -> std::io::Result<(SocketAddr, ServerHandle)> {
    let listener = TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let state = Shared::new(config);
    let app = router(state.clone());
    let shutdown = state.shutdown.clone();
    tokio::spawn(sweep(state.clone()));
    let task = tokio::spawn(async move {
        let stopped = async move { shutdown.cancelled_owned().await };
        if let Err(e) = axum::serve(listener, app)
            .with_graceful_shutdown(stopped)
            .await
        {
            tracing::error!("server error: {e}");
        }
    });
    Ok((addr, ServerHandle { state, task }))
}

async fn sweep(state: AppState) {
    let mut every = tokio::time::interval(SWEEP_EVERY);
    loop {
        tokio::select! {
            _ = state.shutdown.cancelled() => return,
            _ = every.tick() => {
                let n = state.registry.sweep(Instant::now());
                if n > 0 {
                    tracing::debug!(n, "expired sessions swept");
                }
            }
        }
    }
}
