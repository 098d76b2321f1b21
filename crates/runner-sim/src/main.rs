//! `runner-sim`: parses the command line, starts the server, waits for Ctrl-C or SIGTERM.

use std::io::{IsTerminal, Write};

use clap::Parser;
use runner_sim::{serve, Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let config = Config::parse();
    let listener = match tokio::net::TcpListener::bind(config.addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("runner-sim: cannot listen on {}: {error}", config.addr);
            return std::process::ExitCode::FAILURE;
        }
    };
    let server = match serve(config, listener).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("runner-sim: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let shutdown = shutdown_signal();
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "runner-sim listening on {}", server.base_url());
    let _ = writeln!(stdout, "{}", server.state().credentials_line());
    let _ = stdout.flush();
    drop(stdout);
    shutdown.await;
    tracing::info!("signal received");
    server.shutdown().await;
    std::process::ExitCode::SUCCESS
}

/// Registers the Ctrl-C and SIGTERM handlers now (before the start line is printed, so a test that
/// signals right after reading it is handled), returning a future that completes on either.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let terminate = signal(SignalKind::terminate());
        let interrupt = signal(SignalKind::interrupt());
        async move {
            match (terminate, interrupt) {
                (Ok(mut terminate), Ok(mut interrupt)) => {
                    tokio::select! {
                        _ = terminate.recv() => {},
                        _ = interrupt.recv() => {},
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
