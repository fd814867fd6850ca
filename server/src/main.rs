//! `wirestore-server`: parses flags, starts the server, prints
//! `wirestore-server listening on http://ADDR`, writes `--port-file`, and runs until SIGINT or
//! SIGTERM.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use wirestore_server::config::{Cli, USAGE};
use wirestore_server::{serve, Config};

#[tokio::main]
async fn main() -> ExitCode {
    // WIRESTORE_LOG=debug|info|warn|error|trace; info by default.
    let level = std::env::var("WIRESTORE_LOG")
        .ok()
        .and_then(|l| l.parse().ok())
        .unwrap_or(tracing::Level::INFO);
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_max_level(level)
        .init();
    let config = match Config::from_args(std::env::args().skip(1)) {
        Ok(Cli::Run(config)) => config,
        Ok(Cli::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("wirestore-server: {message}");
            return ExitCode::from(2);
        }
    };
    let port_file = config.port_file.clone();
    let (addr, handle) = match serve(config).await {
        Ok(started) => started,
        Err(e) => {
            eprintln!("wirestore-server: cannot listen: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("wirestore-server listening on http://{addr}");
    let _ = std::io::stdout().flush();
    if let Some(path) = port_file {
        if let Err(e) = write_port(&path, addr.port()).await {
            eprintln!("wirestore-server: cannot write {}: {e}", path.display());
        }
    }
    wait_for_signal().await;
    tracing::info!("shutting down");
    handle.shutdown().await;
    ExitCode::SUCCESS
}

/// Writes the port through a temporary file and a rename, so a reader never sees half of it.
async fn write_port(path: &Path, port: u16) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    tokio::fs::write(&tmp, port.to_string()).await?;
    tokio::fs::rename(&tmp, path).await
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
