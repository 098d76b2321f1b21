//! Starts the simulator in-process on 127.0.0.1:0 and talks to it over real HTTP.
#![allow(dead_code)]

use reqwest::{Client, Method, Response};
use runner_sim::{serve, Config, ServerHandle};
use serde_json::{json, Value};

pub const ACCOUNT: &str = "XXXX";
pub const JOB: &str = "1111505e-6773-494a-b2bf-d2cc2684710d";
pub const EXECUTION: &str = "44fdcfa2-6a7f-46d3-9f71-22e629e2358a";
pub const FAILED: &str = "5f3e2a10-0000-4000-8000-00000000fa11";
pub const SUCCEEDED: &str = "5f3e2a10-0000-4000-8000-000000005cc5";
pub const PAGE_ONE: &str = "7a1c2e3f-0b1d-4c5e-9f00-000000000120";

pub struct Sim {
    pub server: ServerHandle,
    pub client: Client,
    pub base: String,
}

/// Small delays so state-machine tests run fast; admin API on.
pub fn test_config() -> Config {
    Config {
        stop_delay_ms: 500,
        kill_delay_ms: 400,
        pending_ms: 300,
        initializing_ms: 600,
        faults: true,
        seed: Some(7),
        ..Config::default()
    }
}

pub async fn start(config: Config) -> Sim {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let server = serve(config, listener).await.expect("serve");
    let base = server.base_url();
    Sim {
        server,
        client: Client::new(),
        base,
    }
}

impl Sim {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn exec_path(&self, id: &str) -> String {
        format!("/jobs/{ACCOUNT}/{JOB}/executions/{id}")
    }

    pub async fn login(&self, user: &str) -> String {
        let response = self
            .client
            .post(self.url("/v2/authentication/login"))
            .json(&json!({"username": user, "password": user}))
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.expect("json");
        body["bearerToken"].as_str().expect("token").to_string()
    }

    /// A request with the bearer token; `body` None sends no body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("send")
    }

    pub async fn get_json(&self, path: &str, token: &str) -> (u16, Value) {
        let response = self.call(Method::GET, path, token, None).await;
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn post_json(&self, path: &str, token: &str, body: Value) -> (u16, Value) {
        let response = self.call(Method::POST, path, token, Some(body)).await;
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// POST to the admin API.
    pub async fn admin(&self, path: &str, body: Value) -> Value {
        let response = self
            .client
            .post(self.url(&format!("/__sim{path}")))
            .json(&body)
            .send()
            .await
            .expect("admin");
        assert!(
            response.status().is_success(),
            "admin {path}: {}",
            response.status()
        );
        response.json().await.expect("admin json")
    }

    /// The request log (`GET /__sim/requests`).
    pub async fn request_log(&self) -> Value {
        self.client
            .get(self.url("/__sim/requests"))
            .send()
            .await
            .expect("request log")
            .json()
            .await
            .expect("request log json")
    }

    pub async fn status_of(&self, id: &str, token: &str) -> String {
        let (_, doc) = self.get_json(&self.exec_path(id), token).await;
        doc["status"].as_str().unwrap_or("?").to_string()
    }
}

pub async fn sleep_ms(ms: u64) {
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
}
