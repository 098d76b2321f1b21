//! runner-sim: a local Runner Jobs API that behaves as the docs say, with the docs' odd document
//! shapes and fault injection, for the widget's demo, dev and tests.

pub mod auth;
pub mod config;
pub mod error;
pub mod faults;
pub mod reqlog;
pub mod rng;
pub mod routes;
pub mod scenario;
pub mod seed;
pub mod server;
pub mod shape;
pub mod state;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

pub use config::{Config, ShapeMode};
pub use scenario::Scenario;
pub use server::{serve, ServerHandle};

use auth::Tokens;
use faults::Fault;
use reqlog::RequestLog;
use rng::Rng;
use state::{Timings, World};

/// Milliseconds since the Unix epoch, UTC.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Everything mutable, behind one lock (never held across an await).
#[derive(Debug)]
pub struct Sim {
    pub world: World,
    pub tokens: Tokens,
    pub faults: Vec<Fault>,
    pub log: RequestLog,
    pub shape: ShapeMode,
    pub rng: Rng,
}

/// Shared state of the server.
#[derive(Clone, Debug)]
pub struct AppState {
    pub config: Arc<Config>,
    pub scenario: Arc<Scenario>,
    sim: Arc<Mutex<Sim>>,
}

impl AppState {
    /// Builds the state from the configuration (loading `--scenario` if given).
    pub fn new(config: Config) -> Result<AppState, String> {
        let scenario = match &config.scenario {
            Some(path) => Scenario::load(path)?,
            None => seed::default_scenario(),
        };
        let rng = config.seed.map(Rng::new).unwrap_or_else(Rng::from_clock);
        let sim = Sim {
            world: World::from_scenario(&scenario, now_ms()),
            tokens: Tokens::default(),
            faults: Vec::new(),
            log: RequestLog::default(),
            shape: config.shape,
            rng,
        };
        Ok(AppState {
            config: Arc::new(config),
            scenario: Arc::new(scenario),
            sim: Arc::new(Mutex::new(sim)),
        })
    }

    pub fn lock(&self) -> MutexGuard<'_, Sim> {
        self.sim
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn timings(&self) -> Timings {
        Timings {
            pending_ms: self.config.pending_ms,
            initializing_ms: self.config.initializing_ms,
            stop_delay_ms: self.config.stop_delay_ms,
            kill_delay_ms: self.config.kill_delay_ms,
        }
    }

    /// The `demo credentials: ...` line printed at start (first user, its first job and execution).
    pub fn credentials_line(&self) -> String {
        let sim = self.lock();
        let Some(user) = sim.world.users.first() else {
            return "demo credentials: none (the scenario has no users)".to_string();
        };
        let job = sim.world.jobs.iter().find(|j| j.account == user.account);
        let execution = job
            .and_then(|j| j.newest_first().first().map(|&i| &j.executions[i]))
            .map(|e| e.execution_id.as_str())
            .unwrap_or("-");
        format!(
            "demo credentials: user={} password={} account={} job={} execution={}",
            user.username,
            user.password,
            user.account,
            job.map(|j| j.job_id.as_str()).unwrap_or("-"),
            execution
        )
    }
}
