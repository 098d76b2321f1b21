//! The Runner Jobs API: login, list, get, start, stop, kill, restart.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::Segments;
use crate::error::{parse_json_body, ApiError};
use crate::scenario::ExecutionSpec;
use crate::shape::render;
use crate::state::{Execution, Job, NotAllowed};
use crate::{now_ms, AppState, Sim};

const BAD_CREDENTIALS: &str =
    "We didn't recognize the username or password you entered. Please try again.";

type JsonResult = Result<Json<Value>, ApiError>;

#[derive(Deserialize)]
struct Credentials {
    username: String,
    password: String,
}

/// `POST /v2/authentication/login`
pub async fn login(State(app): State<AppState>, body: Bytes) -> JsonResult {
    let credentials: Credentials = serde_json::from_slice(&body).map_err(|_| {
        ApiError::bad_request(
            "The request body must be JSON {\"username\": \"...\", \"password\": \"...\"}.",
        )
    })?;
    let mut sim = app.lock();
    let user = sim
        .world
        .users
        .iter()
        .find(|u| u.username == credentials.username && u.password == credentials.password)
        .cloned()
        .ok_or_else(|| ApiError::bad_request(BAD_CREDENTIALS))?;
    let token = sim.rng.token();
    let lifetime_ms = app.config.token_lifetime_secs.saturating_mul(1000);
    let expires_at = now_ms().saturating_add(lifetime_ms);
    sim.tokens.insert(token.clone(), &user.account, expires_at);
    tracing::info!(user = %user.username, account = %user.account, "login");
    Ok(Json(json!({
        "userName": user.username,
        "accountAlias": user.account,
        "locationAlias": "VA1",
        "roles": ["AccountAdmin"],
        "bearerToken": token,
    })))
}

/// Checks the token (401/403) and finds the job (404).
fn authorized_job<'a>(
    sim: &'a mut Sim,
    headers: &HeaderMap,
    alias: &str,
    job: &str,
    now: u64,
) -> Result<&'a mut Job, ApiError> {
    sim.tokens.authorize(headers, alias, now)?;
    sim.world
        .job_mut(alias, job)
        .ok_or_else(|| ApiError::not_found(format!("Job {job} was not found in account {alias}.")))
}

fn find_execution<'a>(job: &'a mut Job, id: &str) -> Result<&'a mut Execution, ApiError> {
    job.find_mut(id)
        .ok_or_else(|| ApiError::not_found(format!("Execution {id} was not found.")))
}

fn parse_bound(
    query: &HashMap<String, String>,
    name: &str,
    default: u64,
    range: std::ops::RangeInclusive<u64>,
) -> Result<u64, ApiError> {
    let Some(raw) = query.get(name) else {
        return Ok(default);
    };
    raw.trim()
        .parse::<u64>()
        .ok()
        .filter(|v| range.contains(v))
        .ok_or_else(|| {
            let expected = if *range.end() == u64::MAX {
                format!("an integer >= {}", range.start())
            } else {
                format!("an integer from {} to {}", range.start(), range.end())
            };
            ApiError::bad_request(format!("Invalid {name} {raw:?}: expected {expected}."))
        })
}

/// `GET /jobs/{alias}/{job}/executions?page=0&size=100`
pub async fn list(
    State(app): State<AppState>,
    headers: HeaderMap,
    Segments((alias, job)): Segments<(String, String)>,
    query: Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>,
) -> JsonResult {
    let now = now_ms();
    let timings = app.timings();
    let mut sim = app.lock();
    let shape = sim.shape.on_list();
    let job = authorized_job(&mut sim, &headers, &alias, &job, now)?;
    let Query(query) = query.map_err(|e| ApiError::bad_request(format!("Invalid query: {e}")))?;
    let page = parse_bound(&query, "page", 0, 0..=u64::MAX)?;
    let size = parse_bound(&query, "size", 100, 1..=100)?;
    for execution in &mut job.executions {
        execution.advance(now, &timings);
    }
    let order = job.newest_first();
    let skip = usize::try_from(page.saturating_mul(size)).unwrap_or(usize::MAX);
    let results: Vec<Value> = order
        .iter()
        .skip(skip)
        .take(size as usize)
        .map(|&i| render(&job.executions[i], shape))
        .collect();
    Ok(Json(json!({
        "totalSize": order.len(),
        "page": page,
        "size": size,
        "results": results,
    })))
}

/// `GET /jobs/{alias}/{job}/executions/{execution}`
pub async fn get_execution(
    State(app): State<AppState>,
    headers: HeaderMap,
    Segments((alias, job, id)): Segments<(String, String, String)>,
) -> JsonResult {
    act(&app, &headers, (&alias, &job, &id), Ok(()), |_, _| Ok(())).await
}

/// Authorizes, finds the execution, advances it, applies `action`, renders it.
async fn act(
    app: &AppState,
    headers: &HeaderMap,
    (alias, job, id): (&str, &str, &str),
    body_check: Result<(), ApiError>,
    action: impl FnOnce(&mut Execution, u64) -> Result<(), String>,
) -> JsonResult {
    let now = now_ms();
    let timings = app.timings();
    let mut sim = app.lock();
    let shape = sim.shape;
    let job = authorized_job(&mut sim, headers, alias, job, now)?;
    let execution = find_execution(job, id)?;
    body_check?;
    execution.advance(now, &timings);
    action(execution, now).map_err(ApiError::conflict)?;
    Ok(Json(render(execution, shape)))
}

/// `{}`, an empty body, or `{"expiryDuration": n}` with n a whole number >= 0.
fn expiry_from(body: &[u8]) -> Result<u64, ApiError> {
    let body: Value = parse_json_body(body)?;
    let Value::Object(body) = body else {
        return Err(ApiError::bad_request(
            "The request body must be a JSON object.",
        ));
    };
    match body.get("expiryDuration") {
        None | Some(Value::Null) => Ok(0),
        Some(value) => value.as_u64().ok_or_else(|| {
            ApiError::bad_request(format!(
                "Invalid expiryDuration {value}: expected a whole number of seconds >= 0."
            ))
        }),
    }
}

/// `{}`, an empty body, or `{"hosts": [...]}`.
fn check_start_body(body: &[u8]) -> Result<(), ApiError> {
    let body: Value = parse_json_body(body)?;
    let Value::Object(body) = body else {
        return Err(ApiError::bad_request(
            "The request body must be a JSON object.",
        ));
    };
    match body.get("hosts") {
        None | Some(Value::Null) | Some(Value::Array(_)) => Ok(()),
        Some(_) => Err(ApiError::bad_request("hosts must be an array.")),
    }
}

fn refused(id: &str, NotAllowed(status): NotAllowed, what: &str) -> String {
    match what {
        "restart" => format!(
            "Execution {id} has not failed (status {status}); only failed executions can be restarted."
        ),
        verb => format!("Execution {id} is not running (status {status}); it cannot be {verb}."),
    }
}

/// `POST .../executions/{execution}/stop`
pub async fn stop(
    State(app): State<AppState>,
    headers: HeaderMap,
    Segments((alias, job, id)): Segments<(String, String, String)>,
    body: Bytes,
) -> JsonResult {
    let (check, expiry) = match expiry_from(&body) {
        Ok(expiry) => (Ok(()), expiry),
        Err(error) => (Err(error), 0),
    };
    act(&app, &headers, (&alias, &job, &id), check, |e, now| {
        e.stop(now, expiry).map_err(|n| refused(&id, n, "stopped"))
    })
    .await
}

/// `POST .../executions/{execution}/kill`
pub async fn kill(
    State(app): State<AppState>,
    headers: HeaderMap,
    Segments((alias, job, id)): Segments<(String, String, String)>,
    body: Bytes,
) -> JsonResult {
    let check = expiry_from(&body).map(|_| ());
    act(&app, &headers, (&alias, &job, &id), check, |e, now| {
        e.kill(now).map_err(|n| refused(&id, n, "killed"))
    })
    .await
}

/// `POST .../executions/{execution}/restart`
pub async fn restart(
    State(app): State<AppState>,
    headers: HeaderMap,
    Segments((alias, job, id)): Segments<(String, String, String)>,
    body: Bytes,
) -> JsonResult {
    let check = check_start_body(&body);
    act(&app, &headers, (&alias, &job, &id), check, |e, now| {
        e.restart(now).map_err(|n| refused(&id, n, "restart"))
    })
    .await
}

/// `POST /jobs/{alias}/{job}/start`: a new PENDING execution with one open timer.
pub async fn start(
    State(app): State<AppState>,
    headers: HeaderMap,
    Segments((alias, job_id)): Segments<(String, String)>,
    body: Bytes,
) -> JsonResult {
    let now = now_ms();
    let mut sim = app.lock();
    let shape = sim.shape;
    let execution_id = sim.rng.uuid_v4();
    let job = authorized_job(&mut sim, &headers, &alias, &job_id, now)?;
    check_start_body(&body)?;
    let repository_log = job
        .newest_first()
        .first()
        .map(|&i| job.executions[i].repository_log.clone())
        .unwrap_or(Value::Null);
    let spec = ExecutionSpec {
        execution_id,
        status: Some("PENDING".into()),
        run_ms: app.config.start_run_ms,
        repository_log,
        is_vpn_established: true,
        ..ExecutionSpec::default()
    };
    let execution = Execution::from_spec(spec, &alias, &job_id, now);
    let document = render(&execution, shape);
    tracing::info!(account = %alias, job = %job_id, execution = %execution.execution_id, "started");
    job.upsert(execution);
    Ok(Json(document))
}
