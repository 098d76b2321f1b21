//! The router: the Runner API, the optional `/__sim` admin API, static files, CORS and the request log.

pub mod admin;
pub mod api;

use axum::body::Body;
use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use tower::ServiceExt;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

use crate::error::ApiError;
use crate::{faults, reqlog, AppState};

/// Path parameters, percent-decoded; an undecodable path is a 400 with a JSON message.
pub struct Segments<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Segments<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(t)| Segments(t))
            .map_err(|e| ApiError::bad_request(format!("Invalid path: {e}")))
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let execution = "/jobs/{alias}/{job}/executions/{execution}";
    let mut app = Router::new()
        .route("/v2/authentication/login", post(api::login))
        .route("/jobs/{alias}/{job}/executions", get(api::list))
        .route(execution, get(api::get_execution))
        .route(&format!("{execution}/stop"), post(api::stop))
        .route(&format!("{execution}/kill"), post(api::kill))
        .route(&format!("{execution}/restart"), post(api::restart))
        .route("/jobs/{alias}/{job}/start", post(api::start))
        .route_layer(from_fn_with_state(state.clone(), faults::apply));
    if state.config.faults {
        app = app.nest("/__sim", admin::router());
    }
    app = app.fallback(fallback);
    if let Some(cors) = cors_layer(&state.config.cors_origins) {
        app = app.layer(cors);
    }
    app.layer(from_fn_with_state(state.clone(), reqlog::record))
        .with_state(state)
}

fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| match HeaderValue::from_str(o) {
            Ok(v) => Some(v),
            Err(_) => {
                tracing::warn!(origin = %o, "ignoring invalid --cors-origin");
                None
            }
        })
        .collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
            .expose_headers([header::RETRY_AFTER, header::DATE]),
    )
}

/// Unknown API paths are JSON 404s; everything else comes from `--static DIR` if given.
async fn fallback(State(app): State<AppState>, request: Request) -> Response {
    let path = request.uri().path();
    let reserved = ["/jobs", "/v2", "/__sim"]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")));
    let Some(dir) = app.config.static_dir.as_ref().filter(|_| !reserved) else {
        return ApiError::not_found("No such resource.").into_response();
    };
    let served = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .oneshot(request)
        .await;
    let mut response = match served {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    if let Some(csp) = app
        .config
        .csp
        .as_deref()
        .and_then(|c| HeaderValue::from_str(c).ok())
    {
        response
            .headers_mut()
            .insert(HeaderName::from_static("content-security-policy"), csp);
    }
    response
}
