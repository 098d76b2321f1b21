//! The scenario format: the world the simulator starts from (also used by `/__sim/executions`).

use serde::Deserialize;
use serde_json::{Map, Value};

/// A whole world: users and jobs with their executions.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    #[serde(default)]
    pub users: Vec<UserSpec>,
    #[serde(default)]
    pub jobs: Vec<JobSpec>,
}

/// A login: username, password and the account alias it belongs to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserSpec {
    pub username: String,
    pub password: String,
    pub account: String,
}

/// A job of an account with its executions (listed newest first by first timer start).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobSpec {
    pub account: String,
    pub job_id: String,
    #[serde(default)]
    pub executions: Vec<ExecutionSpec>,
}

/// How a run ends when its `run_ms` has elapsed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Outcome {
    #[default]
    Success,
    Failure,
}

/// A timer relative to server start (or to the injection time).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimerSpec {
    pub start_ago_ms: u64,
    #[serde(default)]
    pub end_ago_ms: Option<u64>,
}

/// One execution. Every field but `execution_id` is optional.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ExecutionSpec {
    pub execution_id: String,
    /// Current status; unknown values are kept verbatim and never change. Default RUNNING.
    #[serde(default)]
    pub status: Option<String>,
    /// Start of the latest timer, before now.
    #[serde(default)]
    pub started_ago_ms: u64,
    /// When the current status began, before now (default: `started_ago_ms`).
    #[serde(default)]
    pub phase_ago_ms: Option<u64>,
    /// Explicit timers (the last one is the current run); default: one timer from `started_ago_ms`.
    #[serde(default)]
    pub timers: Option<Vec<TimerSpec>>,
    /// How long the run stays RUNNING before its outcome; null/absent: forever.
    #[serde(default)]
    pub run_ms: Option<u64>,
    #[serde(default)]
    pub outcome: Outcome,
    /// Hosts added to `failed_hosts` when the run ends in FAILURE (default `["app-01"]`).
    #[serde(default)]
    pub outcome_failed_hosts: Option<Vec<Value>>,
    #[serde(default)]
    pub failed_hosts: Vec<Value>,
    #[serde(default)]
    pub repository_log: Value,
    #[serde(default)]
    pub is_vpn_established: bool,
    #[serde(default)]
    pub stop_delay_ms: Option<u64>,
    #[serde(default)]
    pub kill_delay_ms: Option<u64>,
    /// Extra fields merged into (and overriding) the rendered document.
    #[serde(default)]
    pub extra: Map<String, Value>,
    /// A document emitted verbatim instead of the rendered one.
    #[serde(default)]
    pub raw: Option<Value>,
}

impl Scenario {
    /// Reads and parses a scenario file.
    pub fn load(path: &std::path::Path) -> Result<Scenario, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read scenario {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("invalid scenario {}: {e}", path.display()))
    }
}
