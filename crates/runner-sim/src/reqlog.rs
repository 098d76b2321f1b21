//! Records every request to `/jobs` and `/v2` (for `/__sim/requests`) and traces it to stderr.

use std::collections::BTreeMap;
use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::{now_ms, AppState};

/// Largest request body accepted on the API (the admin API has its own limit).
const BODY_LIMIT: usize = 4 * 1024 * 1024;
/// Oldest entries are dropped past this many.
const LOG_CAP: usize = 10_000;

/// One recorded request. Headers are recorded verbatim, including `Authorization`.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    pub seq: u64,
    pub time_ms: u64,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: BTreeMap<String, String>,
    pub body: Option<String>,
}

/// The request log.
#[derive(Debug, Default)]
pub struct RequestLog {
    next_seq: u64,
    pub entries: Vec<LoggedRequest>,
}

impl RequestLog {
    fn push(&mut self, mut entry: LoggedRequest) {
        self.next_seq += 1;
        entry.seq = self.next_seq;
        if self.entries.len() >= LOG_CAP {
            self.entries.remove(0);
        }
        self.entries.push(entry);
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

fn is_api_path(path: &str) -> bool {
    path == "/jobs" || path.starts_with("/jobs/") || path == "/v2" || path.starts_with("/v2/")
}

/// Middleware: logs API requests before anything can answer or drop them.
pub async fn record(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let method = request.method().clone();
    let started = Instant::now();
    if !is_api_path(&path) {
        let response = next.run(request).await;
        tracing::debug!(%method, %path, status = response.status().as_u16(), "other request");
        return response;
    }
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response(),
    };
    let mut headers = BTreeMap::new();
    for (name, value) in &parts.headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        headers
            .entry(name.as_str().to_string())
            .and_modify(|v: &mut String| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert(value);
    }
    let entry = LoggedRequest {
        seq: 0,
        time_ms: now_ms(),
        method: method.to_string(),
        path: path.clone(),
        query: parts.uri.query().map(String::from),
        headers,
        body: (!bytes.is_empty()).then(|| String::from_utf8_lossy(&bytes).into_owned()),
    };
    app.lock().log.push(entry);
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "api request"
    );
    response
}
