//! Native tests of the lazy state machine (no HTTP, explicit clock).

use super::*;

const T: Timings = Timings {
    pending_ms: 100,
    initializing_ms: 100,
    stop_delay_ms: 1000,
    kill_delay_ms: 500,
};

fn execution(status: &str, run_ms: Option<u64>, now: u64) -> Execution {
    let spec = ExecutionSpec {
        execution_id: "e".into(),
        status: Some(status.into()),
        run_ms,
        ..ExecutionSpec::default()
    };
    Execution::from_spec(spec, "XXXX", "job", now)
}

#[test]
fn pending_runs_through_to_its_outcome_and_closes_the_timer() {
    let mut e = execution("PENDING", Some(300), 10_000);
    e.advance(10_050, &T);
    assert_eq!(e.status(), "PENDING");
    e.advance(10_150, &T);
    assert_eq!(e.status(), "INITIALIZING");
    e.advance(10_250, &T);
    assert_eq!(e.status(), "RUNNING");
    e.advance(20_000, &T);
    assert_eq!(e.status(), "SUCCESS");
    assert_eq!(e.timers[0].end, Some(10_500));
}

#[test]
fn stop_then_stopped_at_the_delay() {
    let mut e = execution("RUNNING", None, 0);
    assert!(e.stop(100, 0).is_ok());
    e.advance(1_099, &T);
    assert_eq!(e.status(), "STOPPING");
    e.advance(1_100, &T);
    assert_eq!(e.status(), "STOPPED");
    assert_eq!(e.timers[0].end, Some(1_100));
    assert_eq!(e.stop(2_000, 0), Err(NotAllowed("STOPPED".into())));
}

#[test]
fn an_expiring_stop_resumes_the_previous_phase() {
    let mut short = execution("RUNNING", None, 0);
    assert!(short.stop(100, 0).is_ok());
    // expiry 0 never expires: STOPPED
    short.advance(5_000, &T);
    assert_eq!(short.status(), "STOPPED");

    let mut e2 = execution("RUNNING", None, 0);
    e2.stop_delay_ms = Some(5_000);
    assert!(e2.stop(100, 2).is_ok());
    e2.advance(2_099, &T);
    assert_eq!(e2.status(), "STOPPING");
    e2.advance(2_100, &T);
    assert_eq!(e2.status(), "RUNNING");
    assert_eq!(e2.timers[0].end, None);
    // A long expiry (>= the delay) does not save it.
    assert!(e2.stop(3_000, 10).is_ok());
    e2.advance(8_000, &T);
    assert_eq!(e2.status(), "STOPPED");
}

#[test]
fn kill_restart_and_unknown_statuses() {
    let mut e = execution("STOPPING", None, 0);
    assert!(e.kill(10).is_ok());
    assert!(e.kill(20).is_ok());
    e.advance(510, &T);
    assert_eq!(e.status(), "KILLED");
    assert!(e.restart(600).is_err());

    let mut failed = execution("FAILURE", Some(1_000), 10_000);
    assert!(failed.restart(20_000).is_ok());
    assert_eq!(failed.status(), "PENDING");
    assert_eq!(failed.timers.len(), 2);
    assert_eq!(failed.timers[1].end, None);

    let mut odd = execution("EXPLODED", None, 0);
    odd.advance(1_000_000, &T);
    assert_eq!(odd.status(), "EXPLODED");
    assert!(odd.stop(1, 0).is_err());
}

#[test]
fn a_stop_while_stopping_replaces_the_pending_signals_expiry() {
    // a long signal, then a short one: the short one expires, the stop did not happen
    let mut e = execution("RUNNING", None, 0);
    e.stop_delay_ms = Some(10_000);
    assert!(e.stop(100, 600).is_ok());
    assert!(e.stop(1_000, 2).is_ok());
    e.advance(2_999, &T);
    assert_eq!(e.status(), "STOPPING");
    e.advance(3_000, &T);
    assert_eq!(e.status(), "RUNNING");

    // a short signal, then one that never expires: STOPPED at the first stop + the delay
    let mut e = execution("RUNNING", None, 0);
    e.stop_delay_ms = Some(10_000);
    assert!(e.stop(100, 2).is_ok());
    assert!(e.stop(1_000, 0).is_ok());
    e.advance(10_099, &T);
    assert_eq!(e.status(), "STOPPING");
    e.advance(10_100, &T);
    assert_eq!(e.status(), "STOPPED");
}
