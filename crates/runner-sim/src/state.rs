//! The execution state machine, evaluated lazily: each execution stores its phase and the instant it
//! began, and `advance` replays every transition that is due by "now".

use serde_json::{Map, Value};

use crate::rng::derived_uuid;
use crate::scenario::{ExecutionSpec, JobSpec, Outcome, Scenario, UserSpec};

/// Durations of the timed phases (milliseconds).
#[derive(Debug, Clone, Copy)]
pub struct Timings {
    pub pending_ms: u64,
    pub initializing_ms: u64,
    pub stop_delay_ms: u64,
    pub kill_delay_ms: u64,
}

/// Where an execution is in its life.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Pending,
    Initializing,
    Running,
    /// A stop signal is pending; `resume` is the phase (and its start) to go back to if it expires.
    Stopping {
        expires_at: Option<u64>,
        resume: Box<(Phase, u64)>,
    },
    Killing,
    /// SUCCESS, FAILURE, STOPPED, KILLED, INIT_FAILURE or any unknown status: never changes by itself.
    Done(String),
}

impl Phase {
    pub fn from_status(status: &str) -> Phase {
        match status {
            "PENDING" => Phase::Pending,
            "INITIALIZING" => Phase::Initializing,
            "RUNNING" => Phase::Running,
            "KILLING" => Phase::Killing,
            other => Phase::Done(other.to_string()),
        }
    }

    pub fn status(&self) -> &str {
        match self {
            Phase::Pending => "PENDING",
            Phase::Initializing => "INITIALIZING",
            Phase::Running => "RUNNING",
            Phase::Stopping { .. } => "STOPPING",
            Phase::Killing => "KILLING",
            Phase::Done(s) => s,
        }
    }

    fn is_active(&self) -> bool {
        !matches!(self, Phase::Done(_))
    }
}

/// One run timer, epoch milliseconds UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timer {
    pub start: u64,
    pub end: Option<u64>,
}

/// An action refused in the current status (the status is carried for the message).
#[derive(Debug, Clone, PartialEq)]
pub struct NotAllowed(pub String);

/// One execution with its state-machine data and document fields.
#[derive(Debug, Clone)]
pub struct Execution {
    pub execution_id: String,
    pub job_id: String,
    pub account_alias: String,
    /// The flat shape's extra `id` field.
    pub doc_id: String,
    pub phase: Phase,
    pub since: u64,
    pub timers: Vec<Timer>,
    pub run_ms: Option<u64>,
    pub outcome: Outcome,
    pub outcome_failed_hosts: Vec<Value>,
    pub failed_hosts: Vec<Value>,
    pub repository_log: Value,
    pub is_vpn_established: bool,
    pub stop_delay_ms: Option<u64>,
    pub kill_delay_ms: Option<u64>,
    pub extra: Map<String, Value>,
    pub raw: Option<Value>,
}

impl Execution {
    /// Builds an execution from its scenario form, with times relative to `now`.
    pub fn from_spec(spec: ExecutionSpec, account: &str, job_id: &str, now: u64) -> Execution {
        let status = spec
            .status
            .clone()
            .or_else(|| spec.raw.as_ref()?.get("status")?.as_str().map(String::from))
            .unwrap_or_else(|| "RUNNING".to_string());
        let start = now.saturating_sub(spec.started_ago_ms);
        let since = now.saturating_sub(spec.phase_ago_ms.unwrap_or(spec.started_ago_ms));
        let mut phase = Phase::from_status(&status);
        if status == "STOPPING" {
            phase = Phase::Stopping {
                expires_at: None,
                resume: Box::new((Phase::Running, start)),
            };
        }
        let timers = match spec.timers {
            Some(timers) => timers
                .iter()
                .map(|t| Timer {
                    start: now.saturating_sub(t.start_ago_ms),
                    end: t.end_ago_ms.map(|e| now.saturating_sub(e)),
                })
                .collect(),
            None if phase.is_active() => vec![Timer { start, end: None }],
            None => vec![Timer {
                start,
                end: Some(start.saturating_add(spec.run_ms.unwrap_or(60_000)).min(now)),
            }],
        };
        Execution {
            doc_id: derived_uuid(&spec.execution_id),
            execution_id: spec.execution_id,
            job_id: job_id.to_string(),
            account_alias: account.to_string(),
            phase,
            since,
            timers,
            run_ms: spec.run_ms,
            outcome: spec.outcome,
            outcome_failed_hosts: spec
                .outcome_failed_hosts
                .unwrap_or_else(|| vec![Value::from("app-01")]),
            failed_hosts: spec.failed_hosts,
            repository_log: spec.repository_log,
            is_vpn_established: spec.is_vpn_established,
            stop_delay_ms: spec.stop_delay_ms,
            kill_delay_ms: spec.kill_delay_ms,
            extra: spec.extra,
            raw: spec.raw,
        }
    }

    pub fn status(&self) -> &str {
        self.phase.status()
    }

    /// Applies every transition due at or before `now`.
    pub fn advance(&mut self, now: u64, t: &Timings) {
        let stop_delay = self.stop_delay_ms.unwrap_or(t.stop_delay_ms);
        let kill_delay = self.kill_delay_ms.unwrap_or(t.kill_delay_ms);
        loop {
            let since = self.since;
            let (at, next) = match &self.phase {
                Phase::Pending => (since.saturating_add(t.pending_ms), Phase::Initializing),
                Phase::Initializing => (since.saturating_add(t.initializing_ms), Phase::Running),
                Phase::Running => match self.run_ms {
                    Some(run) => (since.saturating_add(run), self.outcome_phase()),
                    None => return,
                },
                Phase::Stopping { expires_at, resume } => {
                    let stop_at = since.saturating_add(stop_delay);
                    match expires_at {
                        Some(e) if *e < stop_at => {
                            if now < *e {
                                return;
                            }
                            // The signal expired: the stop did not happen.
                            let (phase, resumed_since) = (**resume).clone();
                            self.phase = phase;
                            self.since = resumed_since;
                            continue;
                        }
                        _ => (stop_at, Phase::Done("STOPPED".into())),
                    }
                }
                Phase::Killing => (
                    since.saturating_add(kill_delay),
                    Phase::Done("KILLED".into()),
                ),
                Phase::Done(_) => return,
            };
            if now < at {
                return;
            }
            if next == Phase::Done("FAILURE".into()) {
                self.failed_hosts
                    .extend(self.outcome_failed_hosts.iter().cloned());
            }
            if !next.is_active() {
                self.close_timer(at);
            }
            self.phase = next;
            self.since = at;
        }
    }

    fn outcome_phase(&self) -> Phase {
        match self.outcome {
            Outcome::Success => Phase::Done("SUCCESS".into()),
            Outcome::Failure => Phase::Done("FAILURE".into()),
        }
    }

    fn close_timer(&mut self, at: u64) {
        if let Some(timer) = self.timers.iter_mut().rev().find(|t| t.end.is_none()) {
            timer.end = Some(at.max(timer.start));
        }
    }

    /// Stop: allowed from PENDING, INITIALIZING, RUNNING and STOPPING. A stop while STOPPING is a
    /// new signal: its expiry replaces the pending one's (counted from now; 0 never expires), and
    /// the play's way to a safe point goes on (STOPPED still comes at the first stop + the delay).
    pub fn stop(&mut self, now: u64, expiry_secs: u64) -> Result<(), NotAllowed> {
        let expires_at =
            (expiry_secs > 0).then(|| now.saturating_add(expiry_secs.saturating_mul(1000)));
        match &mut self.phase {
            Phase::Pending | Phase::Initializing | Phase::Running => {
                let resume = Box::new((self.phase.clone(), self.since));
                self.phase = Phase::Stopping { expires_at, resume };
                self.since = now;
                Ok(())
            }
            Phase::Stopping {
                expires_at: pending,
                ..
            } => {
                *pending = expires_at;
                Ok(())
            }
            _ => Err(NotAllowed(self.status().to_string())),
        }
    }

    /// Kill: allowed from the stoppable statuses and KILLING (which it leaves unchanged).
    pub fn kill(&mut self, now: u64) -> Result<(), NotAllowed> {
        match self.phase {
            Phase::Pending | Phase::Initializing | Phase::Running | Phase::Stopping { .. } => {
                self.phase = Phase::Killing;
                self.since = now;
                Ok(())
            }
            Phase::Killing => Ok(()),
            _ => Err(NotAllowed(self.status().to_string())),
        }
    }

    /// Restart: only from FAILURE; appends a new timer and keeps the previous ones. The new run succeeds.
    pub fn restart(&mut self, now: u64) -> Result<(), NotAllowed> {
        if self.phase != Phase::Done("FAILURE".into()) {
            return Err(NotAllowed(self.status().to_string()));
        }
        self.phase = Phase::Pending;
        self.since = now;
        self.timers.push(Timer {
            start: now,
            end: None,
        });
        self.failed_hosts.clear();
        self.outcome = Outcome::Success;
        Ok(())
    }

    /// The sort key of the list: first timer start (executions without timers sort last).
    pub fn first_start(&self) -> Option<u64> {
        self.timers.first().map(|t| t.start)
    }
}

/// A job and its executions in insertion order.
#[derive(Debug, Clone)]
pub struct Job {
    pub account: String,
    pub job_id: String,
    pub executions: Vec<Execution>,
}

impl Job {
    pub fn find_mut(&mut self, execution_id: &str) -> Option<&mut Execution> {
        self.executions
            .iter_mut()
            .find(|e| e.execution_id == execution_id)
    }

    /// Replaces the execution with the same id or adds it.
    pub fn upsert(&mut self, execution: Execution) {
        match self.find_mut(&execution.execution_id) {
            Some(existing) => *existing = execution,
            None => self.executions.push(execution),
        }
    }

    /// Indices of the executions, newest first (first timer start descending, later inserts first on ties).
    pub fn newest_first(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.executions.len()).collect();
        order.sort_by(|&a, &b| {
            let key = |i: usize| (self.executions[i].first_start(), i);
            key(b).cmp(&key(a))
        });
        order
    }
}

/// Users and jobs.
#[derive(Debug, Clone, Default)]
pub struct World {
    pub users: Vec<UserSpec>,
    pub jobs: Vec<Job>,
}

impl World {
    pub fn from_scenario(scenario: &Scenario, now: u64) -> World {
        let mut world = World {
            users: scenario.users.clone(),
            jobs: Vec::new(),
        };
        for JobSpec {
            account,
            job_id,
            executions,
        } in scenario.jobs.iter().cloned()
        {
            let job = world.job_or_insert(&account, &job_id);
            for spec in executions {
                job.upsert(Execution::from_spec(spec, &account, &job_id, now));
            }
        }
        world
    }

    pub fn job_mut(&mut self, account: &str, job_id: &str) -> Option<&mut Job> {
        self.jobs
            .iter_mut()
            .find(|j| j.account == account && j.job_id == job_id)
    }

    pub fn job_or_insert(&mut self, account: &str, job_id: &str) -> &mut Job {
        let index = match self
            .jobs
            .iter()
            .position(|j| j.account == account && j.job_id == job_id)
        {
            Some(i) => i,
            None => {
                self.jobs.push(Job {
                    account: account.to_string(),
                    job_id: job_id.to_string(),
                    executions: Vec::new(),
                });
                self.jobs.len() - 1
            }
        };
        &mut self.jobs[index]
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
