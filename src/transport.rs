//! The one place the widget talks HTTP. Every request goes through [`request`]: it adds the bearer
//! token (only in the `Authorization` header, never in the URL), follows no redirect, sends no cookie, uses no cache,
//! enforces a timeout, can be aborted when the card goes away, maps the HTTP outcome to a typed
//! [`ApiError`] and decodes the body.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use runner_core::{classify_response, response_now, ApiError, DecodeError};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Headers, RequestCache, RequestCredentials, RequestInit, RequestRedirect,
    Response,
};

use crate::platform::now_ms;

/// How long a request may take before the widget gives up on it.
pub const REQUEST_TIMEOUT_MS: i32 = 15_000;

/// A shared request's waiter count and its own slot.
type SharedWait = (Rc<Cell<u32>>, InFlight);

/// Holds the card's requests in flight so that unmounting can abort them (a poll and a stop
/// can be out at once).
#[derive(Clone, Default)]
pub struct InFlight {
    controllers: Rc<RefCell<Vec<AbortController>>>,
    /// A request shared with other cards (see `crate::shared`): its waiter count and its slot.
    shared: Rc<RefCell<Option<SharedWait>>>,
    /// Set by [`InFlight::close`]: the card is gone, and no request of its starts any more.
    closed: Rc<Cell<bool>>,
}

impl InFlight {
    /// The card is gone: aborts what it has in flight, and refuses whatever it would send next (a
    /// search that goes on to the next list page, a stop that was waiting for a token).
    pub fn close(&self) {
        self.closed.set(true);
        self.abort();
    }

    /// Whether [`InFlight::close`] was called.
    pub fn closed(&self) -> bool {
        self.closed.get()
    }

    /// Aborts whatever requests this card has in flight; a shared request only when this card was
    /// the last one waiting for it.
    pub fn abort(&self) {
        let controllers = std::mem::take(&mut *self.controllers.borrow_mut());
        for controller in controllers {
            controller.abort();
        }
        let shared = self.shared.borrow_mut().take();
        if let Some((waiters, slot)) = shared {
            waiters.set(waiters.get().saturating_sub(1));
            if waiters.get() == 0 {
                slot.abort();
            }
        }
    }

    /// This card now waits for a shared request.
    pub(crate) fn hold_shared(&self, waiters: Rc<Cell<u32>>, slot: InFlight) {
        *self.shared.borrow_mut() = Some((waiters, slot));
    }

    /// This card got its answer from the shared request.
    pub(crate) fn release_shared(&self) {
        if let Some((waiters, _)) = self.shared.borrow_mut().take() {
            waiters.set(waiters.get().saturating_sub(1));
        }
    }
}

/// A decoded success, with the server's `Date` header (for clock-offset estimates).
#[derive(Clone)]
pub struct Reply<T> {
    pub value: T,
    pub server_date: Option<String>,
}

/// What to send.
pub struct Call<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub token: Option<&'a str>,
    pub json_body: Option<String>,
}

/// Sends `call`, maps the outcome and decodes a 2xx body with `decode`.
pub async fn request<T>(
    call: Call<'_>,
    in_flight: &InFlight,
    decode: impl FnOnce(&[u8]) -> Result<T, DecodeError>,
) -> Result<Reply<T>, ApiError> {
    if in_flight.closed() {
        return Err(network("unmounted"));
    }
    let window = web_sys::window().ok_or_else(|| network("no window"))?;
    let init = RequestInit::new();
    init.set_method(call.method);
    init.set_credentials(RequestCredentials::Omit);
    // a status must never come from a cache (an old page would undo what the user just saw)
    init.set_cache(RequestCache::NoStore);
    // a redirect is not followed (the token stays with the configured API) but answered as an
    // opaque redirect (status 0), so the card can say so rather than "offline"
    init.set_redirect(RequestRedirect::Manual);
    let headers = Headers::new().map_err(|_| network("cannot build headers"))?;
    let _ = headers.set("Accept", "application/json");
    if let Some(token) = call.token {
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .map_err(|_| ApiError::Unauthorized)?;
    }
    if let Some(body) = &call.json_body {
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);

    let controller =
        AbortController::new().map_err(|_| network("cannot create AbortController"))?;
    init.set_signal(Some(&controller.signal()));
    in_flight.controllers.borrow_mut().push(controller.clone());

    let timed_out = Rc::new(Cell::new(false));
    let on_timeout = {
        let timed_out = timed_out.clone();
        let controller = controller.clone();
        Closure::once(move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            REQUEST_TIMEOUT_MS,
        )
        .ok();

    let outcome = send(&window, call.url, &init).await;
    if let Some(id) = timer {
        window.clear_timeout_with_handle(id);
    }
    drop(on_timeout);
    in_flight
        .controllers
        .borrow_mut()
        .retain(|c| JsValue::from(c) != JsValue::from(&controller));

    let (response, body) = match outcome {
        Ok(pair) => pair,
        Err(_) if timed_out.get() => return Err(ApiError::Timeout),
        Err(detail) => return Err(network(&detail)),
    };
    let status = response.status();
    let header = |name: &str| response.headers().get(name).ok().flatten();
    let server_date = header("date");
    // a Retry-After date is the server's: measured from the server's `Date`, not this computer's clock
    let sent_at = response_now(server_date.as_deref(), now_ms());
    classify_response(status, &body, header("retry-after").as_deref(), sent_at)?;
    let value = decode(&body).map_err(ApiError::Decode)?;
    Ok(Reply { value, server_date })
}

async fn send(
    window: &web_sys::Window,
    url: &str,
    init: &RequestInit,
) -> Result<(Response, Vec<u8>), String> {
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "fetch did not return a Response".to_string())?;
    let buffer = JsFuture::from(response.array_buffer().map_err(describe)?)
        .await
        .map_err(describe)?;
    let body = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok((response, body))
}

fn describe(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "request failed".to_string())
}

fn network(detail: &str) -> ApiError {
    ApiError::Network {
        detail: detail.to_string(),
    }
}
