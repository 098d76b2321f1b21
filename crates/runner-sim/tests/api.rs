//! Login, authorization, lookups and the list page, over real HTTP.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn login_ok_and_bad_credentials() {
    let sim = start(test_config()).await;
    let response = sim
        .client
        .post(sim.url("/v2/authentication/login"))
        .json(&json!({"username": "demo", "password": "demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["userName"], "demo");
    assert_eq!(body["accountAlias"], "XXXX");
    assert_eq!(body["locationAlias"], "VA1");
    assert_eq!(body["roles"], json!(["AccountAdmin"]));
    assert!(body["bearerToken"].as_str().unwrap().len() >= 32);

    let response = sim
        .client
        .post(sim.url("/v2/authentication/login"))
        .json(&json!({"username": "demo", "password": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["message"],
        "We didn't recognize the username or password you entered. Please try again."
    );

    let response = sim
        .client
        .post(sim.url("/v2/authentication/login"))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert!(body["message"].as_str().unwrap().contains("username"));
}

#[tokio::test]
async fn unauthorized_forbidden_and_not_found() {
    let sim = start(test_config()).await;
    let path = sim.exec_path(EXECUTION);
    let response = sim.client.get(sim.url(&path)).send().await.unwrap();
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert!(body["message"].is_string());

    let (status, _) = sim.get_json(&path, "not-a-token").await;
    assert_eq!(status, 401);

    let other = sim.login("other").await;
    let (status, body) = sim.get_json(&path, &other).await;
    assert_eq!(status, 403);
    assert!(body["message"].is_string());

    let token = sim.login("demo").await;
    let (status, body) = sim.get_json(&path, &token).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "RUNNING");
    assert_eq!(body["timers"].as_array().unwrap().len(), 2);
    assert_eq!(body["timers"][1]["end"], Value::Null);
    assert!(body["timers"][0]["end"].is_u64());
    assert_eq!(body["is_vpn_established"], true);
    assert_eq!(
        body["repository_log"]["recent_commit"][0]["commit"],
        "b087e1a44c79d0576d7cccd249d3e71a3c54fe12"
    );
    let started = body["timers"][1]["start"].as_u64().unwrap();
    let ago = runner_sim::now_ms() - started;
    assert!(
        (2 * 3_600_000..3 * 3_600_000).contains(&ago),
        "started {ago} ms ago"
    );

    let (status, body) = sim.get_json(&sim.exec_path("nope"), &token).await;
    assert_eq!(status, 404);
    assert!(body["message"].is_string());

    // An encoded '/' stays inside the id: looked up literally, never routed elsewhere.
    let encoded = format!("{}%2Fstop", sim.exec_path(EXECUTION));
    let (status, body) = sim.get_json(&encoded, &token).await;
    assert_eq!(status, 404);
    assert!(body["message"].as_str().unwrap().contains("/stop"));
    let (status, _) = sim
        .post_json(
            &format!("{}%2Fx/stop", sim.exec_path(EXECUTION)),
            &token,
            json!({}),
        )
        .await;
    assert_eq!(status, 404);

    let (status, _) = sim
        .get_json(&format!("/jobs/{ACCOUNT}/unknown-job/executions"), &token)
        .await;
    assert_eq!(status, 404);
    let (status, _) = sim.get_json("/jobs/nothing/here", &token).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn list_pages_and_validation() {
    let sim = start(test_config()).await;
    let token = sim.login("demo").await;
    let list = format!("/jobs/{ACCOUNT}/{JOB}/executions");

    let (status, body) = sim.get_json(&list, &token).await;
    assert_eq!(status, 200);
    assert_eq!(body["totalSize"], 150);
    assert_eq!(body["page"], 0);
    assert_eq!(body["size"], 100);
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 100);
    assert_eq!(results[0]["execution_id"], EXECUTION);
    assert_eq!(results[1]["execution_id"], FAILED);
    assert_eq!(results[1]["status"], "FAILURE");
    assert_eq!(results[1]["failed_hosts"].as_array().unwrap().len(), 3);
    assert_eq!(results[2]["execution_id"], SUCCEEDED);
    assert_eq!(results[2]["status"], "SUCCESS");
    let firsts: Vec<u64> = results
        .iter()
        .map(|r| r["timers"][0]["start"].as_u64().unwrap())
        .collect();
    assert!(firsts.windows(2).all(|w| w[0] > w[1]), "newest first");

    let (status, body) = sim
        .get_json(&format!("{list}?page=1&size=100"), &token)
        .await;
    assert_eq!(status, 200);
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 50);
    assert_eq!(results[20]["execution_id"], PAGE_ONE);
    assert_eq!(results[20]["status"], "RUNNING");

    let (_, body) = sim
        .get_json(&format!("{list}?page=3&size=50"), &token)
        .await;
    assert_eq!(body["results"], json!([]));
    assert_eq!(body["totalSize"], 150);

    for bad in [
        "size=0", "size=101", "page=-1", "size=abc", "page=x", "size=",
    ] {
        let (status, body) = sim.get_json(&format!("{list}?{bad}"), &token).await;
        assert_eq!(status, 400, "{bad}");
        assert!(body["message"].is_string(), "{bad}");
    }

    let (_, body) = sim
        .get_json(
            &format!("/jobs/{ACCOUNT}/ba7e6f6a-2673-4580-a297-8d7e44483bd7/executions"),
            &token,
        )
        .await;
    assert_eq!(body["totalSize"], 2);
}

#[tokio::test]
async fn start_creates_a_pending_execution() {
    let sim = start(test_config()).await;
    let token = sim.login("demo").await;
    let start_path = format!("/jobs/{ACCOUNT}/{JOB}/start");
    let response = sim.call(Method::POST, &start_path, &token, None).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "PENDING");
    assert_eq!(body["timers"].as_array().unwrap().len(), 1);
    assert_eq!(body["timers"][0]["end"], Value::Null);
    let id = body["execution_id"].as_str().unwrap().to_string();

    let (status, body) = sim
        .post_json(&start_path, &token, json!({"hosts": ["web-01"]}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "PENDING");
    let (status, _) = sim
        .post_json(&start_path, &token, json!({"hosts": 3}))
        .await;
    assert_eq!(status, 400);

    let (_, list) = sim
        .get_json(&format!("/jobs/{ACCOUNT}/{JOB}/executions?size=2"), &token)
        .await;
    assert_eq!(list["totalSize"], 152);
    sleep_ms(450).await;
    assert_eq!(sim.status_of(&id, &token).await, "INITIALIZING");
    sleep_ms(600).await;
    assert_eq!(sim.status_of(&id, &token).await, "RUNNING");
}
