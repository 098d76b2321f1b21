//! Command-line configuration of the simulator.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// How execution documents are rendered.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ShapeMode {
    /// `timers: [{start, end}]`, `repository_log` emitted as stored.
    #[default]
    Timers,
    /// The docs' list-page variant: flat `start`/`end`, pseudo-JSON `repository_log`, extra `id`.
    Flat,
    /// As the docs show them together: `flat` on the list page, `timers` in every other answer
    /// (one execution, start, stop, kill, restart).
    Docs,
}

impl ShapeMode {
    /// The shape of the list page's documents.
    pub fn on_list(self) -> ShapeMode {
        match self {
            ShapeMode::Docs => ShapeMode::Flat,
            other => other,
        }
    }
}

/// Local Runner API server: behaves as the Runner docs say, with document-shape modes and fault injection.
#[derive(Clone, Debug, Parser)]
#[command(name = "runner-sim", version, about)]
pub struct Config {
    /// Address to listen on (port 0 picks a free port; the bound address is printed).
    #[arg(long, default_value = "127.0.0.1:8081")]
    pub addr: SocketAddr,

    /// How long an execution stays STOPPING before it becomes STOPPED.
    #[arg(long, default_value_t = 3000)]
    pub stop_delay_ms: u64,

    /// How long an execution stays KILLING before it becomes KILLED.
    #[arg(long, default_value_t = 1000)]
    pub kill_delay_ms: u64,

    /// How long a new execution stays PENDING before INITIALIZING.
    #[arg(long, default_value_t = 1000)]
    pub pending_ms: u64,

    /// How long an execution stays INITIALIZING before RUNNING.
    #[arg(long, default_value_t = 1000)]
    pub initializing_ms: u64,

    /// How long executions created by `start` run before SUCCESS (absent: they run until stopped).
    #[arg(long)]
    pub start_run_ms: Option<u64>,

    /// Bearer token lifetime in seconds (default: two weeks).
    #[arg(long, default_value_t = 1_209_600)]
    pub token_lifetime_secs: u64,

    /// Document shape: `timers` (the execution page), `flat` (the docs' list-page variant) or
    /// `docs` (flat on the list page, timers elsewhere).
    #[arg(long, value_enum, default_value_t = ShapeMode::Timers)]
    pub shape: ShapeMode,

    /// Enable the unauthenticated `/__sim` admin API (faults, request log, injection). Off: `/__sim/*` is 404.
    #[arg(long)]
    pub faults: bool,

    /// Allow this browser origin (repeatable). No CORS headers are sent unless given.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,

    /// JSON world (users, jobs, executions) replacing the default seed.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,

    /// Serve files from DIR at `/` as a fallback (index.html for directories).
    #[arg(long = "static", value_name = "DIR")]
    pub static_dir: Option<PathBuf>,

    /// Content-Security-Policy header value added to static-file responses.
    #[arg(long, value_name = "POLICY")]
    pub csp: Option<String>,

    /// Seed of the PRNG for tokens and new execution ids (default: from the clock).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["runner-sim"])
    }
}
