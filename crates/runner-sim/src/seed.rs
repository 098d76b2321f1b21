//! The default world: the demo account, its 150-execution job, the docs' example job, and a second
//! account for 403s. Deterministic: the same ids land on the same pages on every start.

use serde_json::{json, Value};

use crate::rng::Rng;
use crate::scenario::{ExecutionSpec, JobSpec, Outcome, Scenario, TimerSpec, UserSpec};

pub const DEMO_ACCOUNT: &str = "XXXX";
pub const DEMO_JOB: &str = "1111505e-6773-494a-b2bf-d2cc2684710d";
pub const DEMO_EXECUTION: &str = "44fdcfa2-6a7f-46d3-9f71-22e629e2358a";
pub const PAGE_ONE_EXECUTION: &str = "7a1c2e3f-0b1d-4c5e-9f00-000000000120";
pub const FAILED_EXECUTION: &str = "5f3e2a10-0000-4000-8000-00000000fa11";
pub const SUCCEEDED_EXECUTION: &str = "5f3e2a10-0000-4000-8000-000000005cc5";
pub const DOCS_JOB: &str = "ba7e6f6a-2673-4580-a297-8d7e44483bd7";
pub const OTHER_ACCOUNT: &str = "YYYY";
pub const OTHER_JOB: &str = "2c9d4e7f-3a1b-4c8d-9e0f-1a2b3c4d5e6f";
pub const OTHER_EXECUTION: &str = "0be7a5d1-9c3f-4e2a-8b6d-7f1e2d3c4b5a";

const MINUTE: u64 = 60_000;
const HOUR: u64 = 60 * MINUTE;

fn commit(sha: &str, message: &str) -> Value {
    json!({
        "recent_commit": [{
            "commit": sha,
            "author": "Author name",
            "author_email": "author@example.com",
            "date": "Wed Sep 16 16:27:20 2015 -0500",
            "message": message
        }],
        "tags": []
    })
}

fn running(id: &str, started_ago_ms: u64) -> ExecutionSpec {
    ExecutionSpec {
        execution_id: id.to_string(),
        status: Some("RUNNING".into()),
        started_ago_ms,
        is_vpn_established: true,
        ..ExecutionSpec::default()
    }
}

/// The default scenario.
pub fn default_scenario() -> Scenario {
    let user = |username: &str, account: &str| UserSpec {
        username: username.into(),
        password: username.into(),
        account: account.into(),
    };
    Scenario {
        users: vec![user("demo", DEMO_ACCOUNT), user("other", OTHER_ACCOUNT)],
        jobs: vec![
            JobSpec {
                account: DEMO_ACCOUNT.into(),
                job_id: DEMO_JOB.into(),
                executions: (0..150).map(demo_execution).collect(),
            },
            docs_job(),
            JobSpec {
                account: OTHER_ACCOUNT.into(),
                job_id: OTHER_JOB.into(),
                executions: vec![running(OTHER_EXECUTION, 20 * MINUTE)],
            },
        ],
    }
}

/// Index `i` of the demo job, newest first: index 0's first timer is 4 h old, the others are older.
fn demo_execution(i: u64) -> ExecutionSpec {
    let started_ago_ms = 5 * HOUR + i.saturating_sub(1) * 47 * MINUTE;
    match i {
        0 => ExecutionSpec {
            timers: Some(vec![
                TimerSpec {
                    start_ago_ms: 4 * HOUR,
                    end_ago_ms: Some(3 * HOUR + 52 * MINUTE),
                },
                TimerSpec {
                    start_ago_ms: 2 * HOUR + 15 * MINUTE,
                    end_ago_ms: None,
                },
            ]),
            repository_log: commit("b087e1a44c79d0576d7cccd249d3e71a3c54fe12", "Latest commit"),
            ..running(DEMO_EXECUTION, 2 * HOUR + 15 * MINUTE)
        },
        1 => ExecutionSpec {
            execution_id: FAILED_EXECUTION.into(),
            status: Some("FAILURE".into()),
            started_ago_ms,
            run_ms: Some(6 * MINUTE),
            outcome: Outcome::Failure,
            failed_hosts: vec![
                json!("web-01.example.internal"),
                json!("web-02.example.internal"),
                json!("db-01.example.internal"),
            ],
            repository_log: commit("3f2c9a1e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39", "Add web tier"),
            is_vpn_established: true,
            ..ExecutionSpec::default()
        },
        2 => ExecutionSpec {
            execution_id: SUCCEEDED_EXECUTION.into(),
            status: Some("SUCCESS".into()),
            started_ago_ms,
            run_ms: Some(4 * MINUTE + 12_000),
            repository_log: commit("9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b", "Tune timeouts"),
            is_vpn_established: true,
            ..ExecutionSpec::default()
        },
        120 => running(PAGE_ONE_EXECUTION, started_ago_ms),
        _ => mixed_execution(i, started_ago_ms),
    }
}

/// A deterministic terminal execution: SUCCESS, FAILURE, STOPPED or KILLED with a closed timer.
fn mixed_execution(i: u64, started_ago_ms: u64) -> ExecutionSpec {
    let mut rng = Rng::new(0x5EED_0000 + i);
    let execution_id = rng.uuid_v4();
    let status = match rng.below(20) {
        0..=9 => "SUCCESS",
        10..=14 => "FAILURE",
        15..=17 => "STOPPED",
        _ => "KILLED",
    };
    let failed_hosts = if status == "FAILURE" {
        (0..=rng.below(3))
            .map(|h| json!(format!("app-{:02}.example.internal", h + 1)))
            .collect()
    } else {
        Vec::new()
    };
    let sha = format!("{:016x}{:016x}{:08x}", rng.next_u64(), rng.next_u64(), i);
    let repository_log = match rng.below(4) {
        0 => Value::Null,
        1 => Value::String(sha),
        _ => commit(&sha, &format!("Change {i}")),
    };
    ExecutionSpec {
        execution_id,
        status: Some(status.into()),
        started_ago_ms,
        run_ms: Some(30_000 + rng.below(20 * MINUTE)),
        failed_hosts,
        repository_log,
        is_vpn_established: rng.below(3) != 0,
        ..ExecutionSpec::default()
    }
}

/// The docs' example job, with the list page's own strings.
fn docs_job() -> JobSpec {
    let docs_log = "{\n 'recent_commit': [ { \"commit\": \"b087e1a44c79d0576d7cccd249d3e71a3c54fe12\", \"author\": \"Author name\", \"date\": \"Wed Sep 16 16:27:20 2015 -0500\", \"message\": \"Latest commit\" } ],\n 'tags': []\n}";
    let mut example = running(DEMO_EXECUTION, 30 * MINUTE);
    example.repository_log = Value::String(docs_log.into());
    example.is_vpn_established = false;
    example
        .extra
        .insert("id".into(), json!("61671a90-93f2-491a-b8f2-aed515f0b5a6"));
    let done = ExecutionSpec {
        execution_id: "8e2f6c1a-4b3d-4f5e-a6b7-c8d9e0f1a2b3".into(),
        status: Some("SUCCESS".into()),
        started_ago_ms: 3 * HOUR,
        run_ms: Some(7 * MINUTE),
        failed_hosts: vec![json!(0)],
        repository_log: Value::String("b087e1a44c79d0576d7cccd249d3e71a3c54fe12".into()),
        ..ExecutionSpec::default()
    };
    JobSpec {
        account: DEMO_ACCOUNT.into(),
        job_id: DOCS_JOB.into(),
        executions: vec![example, done],
    }
}
