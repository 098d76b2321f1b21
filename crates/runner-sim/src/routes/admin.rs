//! The `/__sim` admin API (only with `--faults`; no auth): faults, request log, injection, shape,
//! reset, tokens, health.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::config::ShapeMode;
use crate::error::{parse_json_body, ApiError};
use crate::faults::Fault;
use crate::scenario::ExecutionSpec;
use crate::shape::render;
use crate::state::{Execution, World};
use crate::{now_ms, AppState};

type JsonResult = Result<Json<Value>, ApiError>;

/// Routes mounted at `/__sim`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/faults",
            get(list_faults).post(add_faults).delete(clear_faults),
        )
        .route("/requests", get(list_requests).delete(clear_requests))
        .route("/executions", post(upsert_execution))
        .route("/shape", post(set_shape))
        .route("/reset", post(reset))
        .route("/tokens/expire", post(expire_tokens))
        .route("/token", post(mint_token))
        .route("/health", get(health))
        .layer(DefaultBodyLimit::max(64 * 1024 * 1024))
}

async fn list_faults(State(app): State<AppState>) -> Json<Value> {
    Json(json!(app.lock().faults))
}

/// One fault object or an array of them; each is queued in order.
async fn add_faults(State(app): State<AppState>, body: Bytes) -> JsonResult {
    let value: Value = parse_json_body(&body)?;
    let faults: Vec<Fault> = match value {
        Value::Array(_) => serde_json::from_value(value),
        other => serde_json::from_value(other).map(|f| vec![f]),
    }
    .map_err(|e| ApiError::bad_request(format!("Invalid fault: {e}")))?;
    for fault in &faults {
        fault.validate()?;
    }
    let mut sim = app.lock();
    sim.faults
        .extend(faults.into_iter().filter(|f| f.count > 0));
    Ok(Json(json!(sim.faults)))
}

async fn clear_faults(State(app): State<AppState>) -> Json<Value> {
    app.lock().faults.clear();
    Json(json!([]))
}

async fn list_requests(State(app): State<AppState>) -> Json<Value> {
    Json(json!(app.lock().log.entries))
}

async fn clear_requests(State(app): State<AppState>) -> Json<Value> {
    app.lock().log.clear();
    Json(json!([]))
}

#[derive(Deserialize)]
struct Injected {
    account: String,
    job_id: String,
    #[serde(flatten)]
    execution: ExecutionSpec,
}

/// Upserts one execution in scenario form (plus `account` and `job_id`); answers its document.
async fn upsert_execution(State(app): State<AppState>, body: Bytes) -> JsonResult {
    let injected: Injected = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("Invalid execution: {e}")))?;
    let now = now_ms();
    let execution =
        Execution::from_spec(injected.execution, &injected.account, &injected.job_id, now);
    let mut sim = app.lock();
    let document = render(&execution, sim.shape);
    sim.world
        .job_or_insert(&injected.account, &injected.job_id)
        .upsert(execution);
    Ok(Json(document))
}

#[derive(Deserialize)]
struct ShapeRequest {
    mode: ShapeMode,
}

async fn set_shape(State(app): State<AppState>, body: Bytes) -> JsonResult {
    let request: ShapeRequest = parse_json_body(&body)?;
    app.lock().shape = request.mode;
    Ok(Json(json!({ "mode": request.mode })))
}

/// Back to the seed (times relative to now), default shape, no faults, empty log. Tokens stay valid.
async fn reset(State(app): State<AppState>) -> Json<Value> {
    let world = World::from_scenario(&app.scenario, now_ms());
    let mut sim = app.lock();
    sim.world = world;
    sim.faults.clear();
    sim.log.clear();
    sim.shape = app.config.shape;
    Json(json!({ "reset": true }))
}

async fn expire_tokens(State(app): State<AppState>) -> Json<Value> {
    app.lock().tokens.expire_all(now_ms());
    Json(json!({ "expired": true }))
}

#[derive(Deserialize)]
struct MintRequest {
    account: String,
    #[serde(default)]
    lifetime_ms: Option<u64>,
}

/// Mints a token for an account without logging in (`lifetime_ms` defaults to the configured lifetime).
async fn mint_token(State(app): State<AppState>, body: Bytes) -> JsonResult {
    let request: MintRequest = parse_json_body(&body)?;
    let lifetime_ms = request
        .lifetime_ms
        .unwrap_or(app.config.token_lifetime_secs.saturating_mul(1000));
    let mut sim = app.lock();
    let token = sim.rng.token();
    sim.tokens.insert(
        token.clone(),
        &request.account,
        now_ms().saturating_add(lifetime_ms),
    );
    Ok(Json(json!({ "bearerToken": token })))
}

async fn health() -> Json<Value> {
    Json(json!({ "ok": true }))
}
