//! Stop, kill, restart with wall-clock timing; the flat document shape.

mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn stop_goes_stopping_then_stopped() {
    let sim = start(test_config()).await;
    let token = sim.login("demo").await;
    let path = sim.exec_path(EXECUTION);
    let (status, body) = sim
        .post_json(&format!("{path}/stop"), &token, json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "STOPPING");
    assert_eq!(body["timers"][1]["end"], Value::Null);
    // Stopping again is allowed and keeps STOPPING.
    let response = sim
        .call(reqwest::Method::POST, &format!("{path}/stop"), &token, None)
        .await;
    assert_eq!(response.status(), 200);
    sleep_ms(600).await;
    let (_, body) = sim.get_json(&path, &token).await;
    assert_eq!(body["status"], "STOPPED");
    assert!(body["timers"][1]["end"].is_u64());

    let (status, body) = sim
        .post_json(&format!("{path}/stop"), &token, json!({}))
        .await;
    assert_eq!(status, 409);
    assert!(body["message"].as_str().unwrap().contains("STOPPED"));
}

#[tokio::test]
async fn stop_on_success_is_a_conflict_and_bad_expiry_is_400() {
    let sim = start(test_config()).await;
    let token = sim.login("demo").await;
    let (status, body) = sim
        .post_json(
            &format!("{}/stop", sim.exec_path(SUCCEEDED)),
            &token,
            json!({}),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(
        body["message"],
        format!("Execution {SUCCEEDED} is not running (status SUCCESS); it cannot be stopped.")
    );
    let stop = format!("{}/stop", sim.exec_path(EXECUTION));
    for bad in [
        json!({"expiryDuration": -1}),
        json!({"expiryDuration": 1.5}),
        json!({"expiryDuration": "5"}),
        json!([1]),
    ] {
        let (status, body) = sim.post_json(&stop, &token, bad.clone()).await;
        assert_eq!(status, 400, "{bad}");
        assert!(body["message"].is_string());
    }
    assert_eq!(sim.status_of(EXECUTION, &token).await, "RUNNING");
}

#[tokio::test]
async fn an_expired_stop_signal_goes_back_to_running() {
    let config = runner_sim::Config {
        stop_delay_ms: 3000,
        ..test_config()
    };
    let sim = start(config).await;
    let token = sim.login("demo").await;
    let (status, body) = sim
        .post_json(
            &format!("{}/stop", sim.exec_path(EXECUTION)),
            &token,
            json!({"expiryDuration": 1}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "STOPPING");
    sleep_ms(1300).await;
    let (_, body) = sim.get_json(&sim.exec_path(EXECUTION), &token).await;
    assert_eq!(body["status"], "RUNNING");
    assert_eq!(body["timers"][1]["end"], Value::Null);
}

#[tokio::test]
async fn kill_goes_killing_then_killed() {
    let sim = start(test_config()).await;
    let token = sim.login("demo").await;
    let kill = format!("{}/kill", sim.exec_path(PAGE_ONE));
    let (status, body) = sim
        .post_json(&kill, &token, json!({"expiryDuration": 0}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "KILLING");
    let (status, body) = sim.post_json(&kill, &token, json!({})).await;
    assert_eq!(status, 200, "kill again while KILLING");
    assert_eq!(body["status"], "KILLING");
    sleep_ms(500).await;
    assert_eq!(sim.status_of(PAGE_ONE, &token).await, "KILLED");
    let (status, body) = sim.post_json(&kill, &token, json!({})).await;
    assert_eq!(status, 409);
    assert!(body["message"].as_str().unwrap().contains("KILLED"));
}

#[tokio::test]
async fn restart_only_from_failure() {
    let sim = start(test_config()).await;
    let token = sim.login("demo").await;
    let (status, body) = sim
        .post_json(
            &format!("{}/restart", sim.exec_path(SUCCEEDED)),
            &token,
            json!({}),
        )
        .await;
    assert_eq!(status, 409);
    assert!(body["message"].as_str().unwrap().contains("SUCCESS"));

    let (_, before) = sim.get_json(&sim.exec_path(FAILED), &token).await;
    let (status, body) = sim
        .post_json(
            &format!("{}/restart", sim.exec_path(FAILED)),
            &token,
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "PENDING");
    let timers = body["timers"].as_array().unwrap();
    assert_eq!(timers.len(), 2);
    assert_eq!(timers[0], before["timers"][0]);
    assert_eq!(timers[1]["end"], Value::Null);
}

#[tokio::test]
async fn runs_end_with_their_outcome() {
    let sim = start(test_config()).await;
    let token = sim.login("demo").await;
    let injected = sim
        .admin(
            "/executions",
            json!({"account": ACCOUNT, "job_id": JOB, "execution_id": "short-run",
                   "status": "RUNNING", "run_ms": 100, "outcome": "FAILURE",
                   "outcome_failed_hosts": ["h1", 0]}),
        )
        .await;
    assert_eq!(injected["status"], "RUNNING");
    sleep_ms(150).await;
    let (_, body) = sim.get_json(&sim.exec_path("short-run"), &token).await;
    assert_eq!(body["status"], "FAILURE");
    assert_eq!(body["failed_hosts"], json!(["h1", 0]));
    assert!(body["timers"][0]["end"].is_u64());
}

#[tokio::test]
async fn flat_shape_mode() {
    let config = runner_sim::Config {
        shape: runner_sim::ShapeMode::Flat,
        ..test_config()
    };
    let sim = start(config).await;
    let token = sim.login("demo").await;
    let (_, list) = sim
        .get_json(&format!("/jobs/{ACCOUNT}/{JOB}/executions?size=1"), &token)
        .await;
    let doc = &list["results"][0];
    assert!(doc.get("timers").is_none());
    assert!(doc["start"].is_u64());
    assert_eq!(doc["end"], Value::Null);
    assert!(doc["id"].is_string());
    assert_eq!(
        doc["repository_log"],
        "{\n 'recent_commit': [ { \"commit\": \"b087e1a44c79d0576d7cccd249d3e71a3c54fe12\", \"author\": \"Author name\", \"date\": \"Wed Sep 16 16:27:20 2015 -0500\", \"message\": \"Latest commit\" } ],\n 'tags': []\n}"
    );
    // Switch back at runtime.
    sim.admin("/shape", json!({"mode": "timers"})).await;
    let (_, doc) = sim.get_json(&sim.exec_path(EXECUTION), &token).await;
    assert!(doc["timers"].is_array());
    assert!(doc.get("id").is_none());
}

#[tokio::test]
async fn docs_shape_mode_is_flat_on_the_list_page_only() {
    let config = runner_sim::Config {
        shape: runner_sim::ShapeMode::Docs,
        ..test_config()
    };
    let sim = start(config).await;
    let token = sim.login("demo").await;
    let path = sim.exec_path(EXECUTION);
    let (_, stopped) = sim
        .post_json(&format!("{path}/stop"), &token, json!({}))
        .await;
    // the stop reply carries every timer (the seed's execution has been restarted once)
    assert_eq!(stopped["status"], "STOPPING");
    assert_eq!(stopped["timers"].as_array().map(Vec::len), Some(2));
    assert!(stopped.get("start").is_none());
    let (_, one) = sim.get_json(&path, &token).await;
    assert!(one["timers"].is_array());
    let (_, list) = sim
        .get_json(&format!("/jobs/{ACCOUNT}/{JOB}/executions"), &token)
        .await;
    let listed = list["results"]
        .as_array()
        .and_then(|r| r.iter().find(|d| d["execution_id"] == EXECUTION))
        .cloned()
        .unwrap_or_default();
    assert!(listed.get("timers").is_none(), "{listed}");
    assert_eq!(listed["start"], stopped["timers"][1]["start"]);
    assert!(listed["id"].is_string());
}
