//! Fault injection: the next N matching API requests fail in a chosen way.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

use crate::error::ApiError;
use crate::shape::wrong_types;
use crate::AppState;

/// Lets a handler close its own connection without answering (inserted per connection by the server).
#[derive(Clone, Debug)]
pub struct ConnectionKill(pub Arc<Notify>);

/// What a fault does to the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Answers `status` (with Retry-After and body if given) without running the handler.
    Status,
    /// Runs the handler, answers 200 with its body cut in half.
    Truncate,
    /// Runs the handler, answers 200 with a document whose fields have the wrong types.
    WrongTypes,
    /// Waits `delay_ms`, then answers normally.
    Slow,
    /// Closes the connection without any response (the handler does not run).
    Drop,
    /// Answers 200 `text/html` `<html>oops</html>` without running the handler.
    Html,
    /// Answers a redirect (`status`, default 307) to `location` without running the handler.
    Redirect,
    /// Runs the handler, waits `delay_ms` (default 0), then answers `status` (default 504) as a
    /// gateway whose upstream timed out: the action happened, its answer is lost.
    Lost,
    /// Runs the handler, waits `delay_ms` (default 2000), then answers with what it answered: the
    /// action happened at once, its answer (describing that moment) comes late.
    Late,
}

/// One queued fault, as posted to `/__sim/faults`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    #[serde(default = "any_route")]
    pub route: String,
    #[serde(default = "one")]
    pub count: u32,
    pub kind: FaultKind,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub retry_after: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// The `Location` of a `redirect` fault.
    #[serde(default)]
    pub location: Option<String>,
}

fn any_route() -> String {
    "any".into()
}

fn one() -> u32 {
    1
}

const ROUTES: [&str; 8] = [
    "list", "get", "stop", "kill", "restart", "start", "login", "any",
];

impl Fault {
    /// Checks the fields a fault needs before it is queued.
    pub fn validate(&self) -> Result<(), ApiError> {
        if !ROUTES.contains(&self.route.as_str()) {
            return Err(ApiError::bad_request(format!(
                "Unknown route {:?}; expected one of {ROUTES:?}.",
                self.route
            )));
        }
        if let Some(status) = self.status {
            StatusCode::from_u16(status)
                .map_err(|_| ApiError::bad_request(format!("Invalid status {status}.")))?;
        }
        if let Some(retry_after) = &self.retry_after {
            HeaderValue::from_str(retry_after)
                .map_err(|_| ApiError::bad_request("Invalid retry_after header value."))?;
        }
        if self.kind == FaultKind::Redirect {
            let location = self
                .location
                .as_deref()
                .ok_or_else(|| ApiError::bad_request("A redirect fault needs a location."))?;
            HeaderValue::from_str(location)
                .map_err(|_| ApiError::bad_request("Invalid location header value."))?;
            if self.status.is_some_and(|s| !(300..=399).contains(&s)) {
                return Err(ApiError::bad_request(
                    "A redirect fault's status must be 3xx.",
                ));
            }
        }
        Ok(())
    }
}

/// The route name of a matched API path pattern.
fn route_of(method: &Method, pattern: &str) -> Option<&'static str> {
    let route = match pattern {
        "/v2/authentication/login" => "login",
        "/jobs/{alias}/{job}/executions" => "list",
        "/jobs/{alias}/{job}/executions/{execution}" => "get",
        "/jobs/{alias}/{job}/executions/{execution}/stop" => "stop",
        "/jobs/{alias}/{job}/executions/{execution}/kill" => "kill",
        "/jobs/{alias}/{job}/executions/{execution}/restart" => "restart",
        "/jobs/{alias}/{job}/start" => "start",
        _ => return None,
    };
    (method != Method::OPTIONS).then_some(route)
}

/// Takes the first queued fault matching `route`, counting it down.
pub fn take(queue: &mut Vec<Fault>, route: &str) -> Option<Fault> {
    let index = queue
        .iter()
        .position(|f| f.count > 0 && (f.route == route || f.route == "any"))?;
    let fault = queue[index].clone();
    queue[index].count -= 1;
    if queue[index].count == 0 {
        queue.remove(index);
    }
    Some(fault)
}

/// Middleware on the API routes: applies the next matching fault, if any.
pub async fn apply(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let pattern = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let Some(route) = route_of(request.method(), &pattern) else {
        return next.run(request).await;
    };
    let Some(fault) = take(&mut app.lock().faults, route) else {
        return next.run(request).await;
    };
    tracing::info!(route, kind = ?fault.kind, "injecting fault");
    match fault.kind {
        FaultKind::Status => status_response(&fault),
        FaultKind::Slow => {
            tokio::time::sleep(Duration::from_millis(fault.delay_ms.unwrap_or(2000))).await;
            next.run(request).await
        }
        FaultKind::Truncate => {
            let response = next.run(request).await;
            let bytes = to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap_or_default();
            let half = bytes.slice(..bytes.len() / 2);
            json_200(Body::from(half))
        }
        FaultKind::WrongTypes => {
            let _ = next.run(request).await;
            json_200(Body::from(wrong_types(route).to_string()))
        }
        FaultKind::Html => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<html>oops</html>",
        )
            .into_response(),
        FaultKind::Redirect => redirect_response(&fault),
        FaultKind::Late => {
            let response = next.run(request).await;
            tokio::time::sleep(Duration::from_millis(fault.delay_ms.unwrap_or(2000))).await;
            response
        }
        FaultKind::Lost => {
            let _ = next.run(request).await;
            tokio::time::sleep(Duration::from_millis(fault.delay_ms.unwrap_or(0))).await;
            status_response(&Fault {
                status: Some(fault.status.unwrap_or(504)),
                ..fault
            })
        }
        FaultKind::Drop => match request.extensions().get::<ConnectionKill>() {
            Some(kill) => {
                kill.0.notify_one();
                // The server drops the connection (and this future) right away.
                std::future::pending::<Response>().await
            }
            None => {
                ApiError::new(StatusCode::BAD_GATEWAY, "drop fault: no connection").into_response()
            }
        },
    }
}

fn json_200(body: Body) -> Response {
    let mut response = Response::new(body);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn redirect_response(fault: &Fault) -> Response {
    let status = fault
        .status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::TEMPORARY_REDIRECT);
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    if let Some(value) = fault
        .location
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

fn status_response(fault: &Fault) -> Response {
    let status = fault
        .status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let body = fault.body.clone().unwrap_or_default();
    let content_type = if body.is_empty() {
        None
    } else if serde_json::from_str::<serde_json::Value>(&body).is_ok() {
        Some("application/json")
    } else {
        Some("text/plain; charset=utf-8")
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Some(content_type) = content_type {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    if let Some(value) = fault
        .retry_after
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        headers.insert(header::RETRY_AFTER, value);
    }
    response
}
