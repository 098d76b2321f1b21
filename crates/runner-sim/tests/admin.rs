//! The `/__sim` admin API: faults, request log, injection, tokens; CORS and static files.

mod common;

use std::time::Instant;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

fn list_path() -> String {
    format!("/jobs/{ACCOUNT}/{JOB}/executions")
}

#[tokio::test]
async fn status_fault_with_retry_after_then_normal() {
    let sim = start(test_config()).await;
    let token = sim.login("demo").await;
    sim.admin(
        "/faults",
        json!({"route": "list", "count": 2, "kind": "status", "status": 503, "retry_after": "5", "body": "busy"}),
    )
    .await;
    for _ in 0..2 {
        let response = sim.call(Method::GET, &list_path(), &token, None).await;
        assert_eq!(response.status(), 503);
        assert_eq!(response.headers()["retry-after"], "5");
        assert_eq!(response.text().await.unwrap(), "busy");
    }
    // Other routes are unaffected; the third list call is normal.
    let (status, _) = sim.get_json(&sim.exec_path(EXECUTION), &token).await;
    assert_eq!(status, 200);
    let (status, _) = sim.get_json(&list_path(), &token).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn truncate_wrong_types_html_slow_and_drop() {
    let sim = start(test_config()).await;
    let token = sim.login("demo").await;
    let path = sim.exec_path(EXECUTION);

    sim.admin("/faults", json!({"route": "get", "kind": "truncate"}))
        .await;
    let response = sim.call(Method::GET, &path, &token, None).await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(text.starts_with("{\""));
    assert!(serde_json::from_str::<Value>(&text).is_err());

    sim.admin("/faults", json!({"route": "any", "kind": "wrong_types"}))
        .await;
    let (status, body) = sim.get_json(&path, &token).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], 42);
    assert_eq!(body["timers"], "x");
    sim.admin("/faults", json!({"route": "list", "kind": "wrong_types"}))
        .await;
    let (_, body) = sim.get_json(&list_path(), &token).await;
    assert_eq!(body["results"], json!({}));

    sim.admin("/faults", json!({"route": "get", "kind": "html"}))
        .await;
    let response = sim.call(Method::GET, &path, &token, None).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert_eq!(response.text().await.unwrap(), "<html>oops</html>");

    sim.admin(
        "/faults",
        json!({"route": "get", "kind": "slow", "delay_ms": 300}),
    )
    .await;
    let began = Instant::now();
    let (status, _) = sim.get_json(&path, &token).await;
    assert_eq!(status, 200);
    assert!(began.elapsed().as_millis() >= 300);

    sim.admin("/faults", json!({"route": "stop", "kind": "drop"}))
        .await;
    let result = sim
        .client
        .post(sim.url(&format!("{path}/stop")))
        .bearer_auth(&token)
        .json(&json!({}))
        .send()
        .await;
    assert!(result.is_err(), "dropped connection: {result:?}");
    // The dropped stop did not happen, and the server still answers.
    assert_eq!(sim.status_of(EXECUTION, &token).await, "RUNNING");

    sim.admin(
        "/faults",
        json!({"route": "login", "kind": "status", "status": 500}),
    )
    .await;
    let response = sim
        .client
        .delete(sim.url("/__sim/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    sim.login("demo").await;

    let response = sim
        .client
        .post(sim.url("/__sim/faults"))
        .json(&json!({"route": "nowhere", "kind": "drop"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn redirect_fault_answers_307_with_location_and_skips_the_handler() {
    let sim = start(test_config()).await;
    let token = sim.login("demo").await;
    let path = sim.exec_path(EXECUTION);
    let target = "http://127.0.0.1:9/elsewhere";
    sim.admin(
        "/faults",
        json!({"route": "stop", "kind": "redirect", "location": target}),
    )
    .await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client
        .post(sim.url(&format!("{path}/stop")))
        .bearer_auth(&token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 307);
    assert_eq!(response.headers()["location"], target);
    // The handler did not run: the execution is still running; the next stop is normal.
    assert_eq!(sim.status_of(EXECUTION, &token).await, "RUNNING");

    for bad in [
        json!({"kind": "redirect"}),
        json!({"kind": "redirect", "location": "x", "status": 200}),
    ] {
        let response = sim
            .client
            .post(sim.url("/__sim/faults"))
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn request_log_records_api_calls_verbatim() {
    let sim = start(test_config()).await;
    let token = sim.login("demo").await;
    let encoded = format!("{}/a%2Fb", list_path());
    sim.get_json(&encoded, &token).await;
    sim.post_json(
        &format!("{}/stop", sim.exec_path(EXECUTION)),
        &token,
        json!({"expiryDuration": 30}),
    )
    .await;
    sim.client.get(sim.url(&list_path())).send().await.unwrap(); // 401, still logged
    let log: Value = sim.request_log().await;
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 4, "{log:?}");
    assert_eq!(log[0]["method"], "POST");
    assert_eq!(log[0]["path"], "/v2/authentication/login");
    assert_eq!(log[1]["path"], encoded);
    assert_eq!(
        log[1]["headers"]["authorization"],
        format!("Bearer {token}")
    );
    assert_eq!(log[2]["method"], "POST");
    assert_eq!(log[2]["headers"]["content-type"], "application/json");
    let body: Value = serde_json::from_str(log[2]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body, json!({"expiryDuration": 30}));
    assert!(log[3]["headers"].get("authorization").is_none());
    assert!(log[3]["seq"].as_u64() > log[2]["seq"].as_u64());

    sim.client
        .delete(sim.url("/__sim/requests"))
        .send()
        .await
        .unwrap();
    let log: Value = sim.request_log().await;
    assert_eq!(log, json!([]));
}

#[tokio::test]
async fn injection_raw_documents_reset_and_tokens() {
    let sim = start(test_config()).await;
    let token = sim.login("demo").await;
    let hosts: Vec<Value> = (0..10_000).map(|i| json!(format!("host-{i}"))).collect();
    sim.admin(
        "/executions",
        json!({"account": ACCOUNT, "job_id": JOB, "execution_id": "<script>alert(1)</script>",
               "status": "EXPLODED", "failed_hosts": hosts, "extra": {"id": 5}}),
    )
    .await;
    let (status, body) = sim
        .get_json(
            &sim.exec_path("%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
            &token,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "EXPLODED");
    assert_eq!(body["failed_hosts"].as_array().unwrap().len(), 10_000);
    assert_eq!(body["id"], 5);

    let raw = json!({"totally": ["different"], "status": "RUNNING"});
    sim.admin(
        "/executions",
        json!({"account": ACCOUNT, "job_id": JOB, "execution_id": "raw-1", "raw": raw}),
    )
    .await;
    let (_, body) = sim.get_json(&sim.exec_path("raw-1"), &token).await;
    assert_eq!(body, raw);

    sim.admin("/reset", json!({})).await;
    let (status, _) = sim.get_json(&sim.exec_path("raw-1"), &token).await;
    assert_eq!(status, 404);

    let minted = sim.admin("/token", json!({"account": "YYYY"})).await;
    let other = minted["bearerToken"].as_str().unwrap();
    let (status, _) = sim.get_json(&sim.exec_path(EXECUTION), other).await;
    assert_eq!(status, 403);

    sim.admin("/tokens/expire", json!({})).await;
    let (status, body) = sim.get_json(&sim.exec_path(EXECUTION), &token).await;
    assert_eq!(status, 401);
    assert!(body["message"].as_str().unwrap().contains("expired"));
    let fresh = sim.login("demo").await;
    let (status, _) = sim.get_json(&sim.exec_path(EXECUTION), &fresh).await;
    assert_eq!(status, 200);

    let short = sim
        .admin("/token", json!({"account": ACCOUNT, "lifetime_ms": 100}))
        .await;
    let short = short["bearerToken"].as_str().unwrap();
    assert_eq!(sim.get_json(&sim.exec_path(EXECUTION), short).await.0, 200);
    sleep_ms(150).await;
    assert_eq!(sim.get_json(&sim.exec_path(EXECUTION), short).await.0, 401);
}

#[tokio::test]
async fn admin_is_404_without_faults_flag() {
    let config = runner_sim::Config {
        faults: false,
        ..test_config()
    };
    let sim = start(config).await;
    for path in ["/__sim/health", "/__sim/requests"] {
        let response = sim.client.get(sim.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404);
    }
    let response = sim
        .client
        .post(sim.url("/__sim/reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn cors_preflight_and_headers() {
    let origin = "http://portal.example";
    let config = runner_sim::Config {
        cors_origins: vec![origin.into()],
        ..test_config()
    };
    let sim = start(config).await;
    let response = sim
        .client
        .request(
            Method::OPTIONS,
            sim.url(&format!("{}/stop", sim.exec_path(EXECUTION))),
        )
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization,content-type",
        )
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let headers = response.headers();
    assert_eq!(headers["access-control-allow-origin"], origin);
    let methods = headers["access-control-allow-methods"].to_str().unwrap();
    assert!(methods.contains("POST") && methods.contains("GET"));
    let allowed = headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(allowed.contains("authorization") && allowed.contains("content-type"));

    let response = sim
        .client
        .get(sim.url(&sim.exec_path(EXECUTION)))
        .header("Origin", origin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["access-control-allow-origin"], origin);
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(exposed.contains("retry-after") && exposed.contains("date"));

    let response = sim
        .client
        .get(sim.url(&sim.exec_path(EXECUTION)))
        .header("Origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());

    // Without --cors-origin there are no CORS headers at all.
    let plain = start(test_config()).await;
    let response = plain
        .client
        .get(plain.url(&plain.exec_path(EXECUTION)))
        .header("Origin", origin)
        .send()
        .await
        .unwrap();
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[tokio::test]
async fn static_files_with_csp() {
    let dir = std::env::temp_dir().join(format!("runner-sim-static-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("e2e")).unwrap();
    std::fs::write(dir.join("index.html"), "<html>widget</html>").unwrap();
    std::fs::write(dir.join("e2e/page.html"), "<html>page</html>").unwrap();
    let config = runner_sim::Config {
        static_dir: Some(dir.clone()),
        csp: Some("default-src 'self'".into()),
        ..test_config()
    };
    let sim = start(config).await;
    let response = sim.client.get(sim.url("/")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'self'"
    );
    assert_eq!(response.text().await.unwrap(), "<html>widget</html>");
    let response = sim
        .client
        .get(sim.url("/e2e/page.html"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.text().await.unwrap(), "<html>page</html>");
    let response = sim.client.get(sim.url("/missing.js")).send().await.unwrap();
    assert_eq!(response.status(), 404);
    // API paths never fall through to static files, and API responses carry no CSP.
    let response = sim.client.get(sim.url("/jobs/x")).send().await.unwrap();
    assert_eq!(response.status(), 404);
    assert!(response.headers().get("content-security-policy").is_none());
    // Static requests are not in the request log.
    let log: Value = sim.request_log().await;
    assert_eq!(log.as_array().unwrap().len(), 1);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn scenario_file_replaces_the_seed() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/example.json");
    let config = runner_sim::Config {
        scenario: Some(path.into()),
        ..test_config()
    };
    let sim = start(config).await;
    assert!(sim
        .server
        .state()
        .credentials_line()
        .starts_with("demo credentials: user="));
    let response = sim
        .client
        .post(sim.url("/v2/authentication/login"))
        .json(&json!({"username": "demo", "password": "demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}
