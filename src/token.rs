//! The bearer token: in memory only (never storage, URL or log), from the host page's provider,
//! an explicit value, or the card's own sign-in form.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// How long the provider's promise may take: a portal whose session call hangs gets a message and
/// a retry on the error backoff instead of a card that waits for ever.
pub const PROVIDER_TIMEOUT_MS: i32 = 15_000;

/// What the timeout rejects with (told apart from the page's own rejections).
const TIMED_OUT: &str = "runner-widget: token provider timeout";

/// Where a fresh token comes from when the card needs one.
#[derive(Clone)]
pub enum Provider {
    /// The name of a global function (`data-token-provider="getToken"`).
    Global(String),
    /// A function handed to `mount(element, { tokenProvider })`.
    Function(Function),
}

/// Why no token could be had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// No token and no provider: the user has to sign in.
    NeedsSignIn,
    /// The provider failed; the text says how (never contains the token).
    Provider(String),
}

/// The card's token holder. Deliberately not `Debug`.
#[derive(Clone, Default)]
pub struct Tokens {
    inner: Rc<RefCell<State>>,
}

#[derive(Default)]
struct State {
    current: Option<String>,
    provider: Option<Provider>,
    /// The provider's answer from [`Tokens::prefetch`], not awaited yet (a `JsFuture`, so a
    /// rejection is handled even if the card never asks).
    pending: Option<Result<Answer, TokenError>>,
    /// Bumped by every [`Tokens::set`]: a provider answer asked for before is not newer.
    generation: u64,
}

impl Tokens {
    /// A holder with an optional initial token and an optional provider.
    pub fn new(token: Option<String>, provider: Option<Provider>) -> Self {
        let current = token
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        Tokens {
            inner: Rc::new(RefCell::new(State {
                current,
                provider,
                pending: None,
                generation: 0,
            })),
        }
    }

    /// Replaces the token (`handle.setToken`, sign-in); an answer still pending from the provider
    /// is dropped (it is not newer), and one still on its way will not replace this token.
    pub fn set(&self, token: String) {
        let token = token.trim().to_string();
        let mut state = self.inner.borrow_mut();
        state.current = (!token.is_empty()).then_some(token);
        state.pending = None;
        state.generation = state.generation.wrapping_add(1);
    }

    /// Keeps the provider's `token`, asked for at `generation`, unless the page or the user has
    /// set one since (a sign-in that finished while the provider was answering wins). Returns
    /// the token to use.
    fn adopt(&self, token: String, generation: u64) -> String {
        let mut state = self.inner.borrow_mut();
        match &state.current {
            Some(newer) if state.generation != generation => newer.clone(),
            _ => {
                state.current = Some(token.clone());
                token
            }
        }
    }

    /// Forgets the token (it was rejected), and any answer asked for before it.
    pub fn clear(&self) {
        let mut state = self.inner.borrow_mut();
        state.current = None;
        state.pending = None;
    }

    /// Forgets `used` because the server rejected it, unless a newer token has replaced it in the
    /// meantime (`setToken` while the request was in flight). Returns whether it was the current one.
    pub fn reject(&self, used: &str) -> bool {
        let current = self.inner.borrow().current.as_deref() == Some(used);
        if current {
            self.clear();
        }
        current
    }

    /// Whether a provider can be asked for a new token.
    pub fn has_provider(&self) -> bool {
        self.inner.borrow().provider.is_some()
    }

    /// Asks the provider now, without waiting, when there is no token yet: a card calls this as
    /// it starts, before its first render, so the portal's token request goes out first. The next
    /// [`Tokens::get`] takes the answer.
    ///
    /// Returns the provider's answer (a promise that settles when it comes, or with the provider's
    /// timeout) when one was asked for, so that the card can wait a moment for it before it renders.
    pub fn prefetch(&self) -> Option<Promise> {
        let provider = {
            let state = self.inner.borrow();
            if state.current.is_some() || state.pending.is_some() {
                return None;
            }
            state.provider.clone()
        };
        // no borrow is held while the page's function runs
        let answer = invoke(&provider?).map(Answer::from);
        let settled = answer.as_ref().ok().map(|answer| answer.2.clone());
        self.inner.borrow_mut().pending = Some(answer);
        settled
    }

    /// The current token, asking the provider when there is none.
    pub async fn get(&self) -> Result<String, TokenError> {
        let (current, pending, generation) = {
            let mut state = self.inner.borrow_mut();
            (
                state.current.clone(),
                state.pending.take(),
                state.generation,
            )
        };
        match (current, pending) {
            (Some(token), _) => Ok(token),
            (None, Some(answer)) => {
                let token = answer?.token().await?;
                Ok(self.adopt(token, generation))
            }
            (None, None) => self.refresh().await,
        }
    }

    /// Asks the provider for a new token (after a 401, or at start).
    pub async fn refresh(&self) -> Result<String, TokenError> {
        let provider = self.inner.borrow().provider.clone();
        let Some(provider) = provider else {
            return Err(TokenError::NeedsSignIn);
        };
        let generation = {
            let mut state = self.inner.borrow_mut();
            state.pending = None;
            state.generation
        };
        let token = Answer::from(invoke(&provider)?).token().await?;
        Ok(self.adopt(token, generation))
    }
}

/// Calls the provider; its answer may be a Promise (see [`settle`]).
fn invoke(provider: &Provider) -> Result<JsValue, TokenError> {
    let function = match provider {
        Provider::Function(f) => f.clone(),
        Provider::Global(name) => {
            let global = js_sys::global();
            Reflect::get(&global, &JsValue::from_str(name))
                .ok()
                .and_then(|value| value.dyn_into::<Function>().ok())
                .ok_or_else(|| {
                    TokenError::Provider(format!(
                        "The token provider “{name}” is not a function on this page."
                    ))
                })?
        }
    };
    function
        .call0(&JsValue::NULL)
        .map_err(|_| TokenError::Provider("The token provider threw an error.".into()))
}

/// What the provider returned, already being listened to with its deadline: a Promise (this
/// page's, another frame's, or any thenable) or a plain value, all taken through `Promise.resolve`.
/// The promise listened to is kept for [`Tokens::prefetch`]'s caller.
struct Answer(JsFuture, Deadline, Promise);

impl From<JsValue> for Answer {
    fn from(value: JsValue) -> Answer {
        let (raced, deadline) = within_timeout(Promise::resolve(&value));
        Answer(JsFuture::from(raced.clone()), deadline, raced)
    }
}

/// The timer that rejects a provider's promise after [`PROVIDER_TIMEOUT_MS`]. Cleared once the
/// answer has come; an answer nobody waits for any more keeps it, so that a promise that never
/// settles still ends (and the callbacks listening to it are freed).
struct Deadline(Option<i32>);

impl Deadline {
    fn clear(self) {
        if let (Some(id), Some(window)) = (self.0, web_sys::window()) {
            window.clear_timeout_with_handle(id);
        }
    }
}

/// `promise`, or a rejection with [`TIMED_OUT`] if it has not settled [`PROVIDER_TIMEOUT_MS`]
/// after now.
fn within_timeout(promise: Promise) -> (Promise, Deadline) {
    let Some(window) = web_sys::window() else {
        return (promise, Deadline(None));
    };
    let mut timer = None;
    let timeout = Promise::new(&mut |_resolve, reject| {
        timer = window
            .set_timeout_with_callback_and_timeout_and_arguments_1(
                &reject,
                PROVIDER_TIMEOUT_MS,
                &JsValue::from_str(TIMED_OUT),
            )
            .ok();
    });
    let raced = Promise::race(&js_sys::Array::of2(&promise, &timeout));
    (raced, Deadline(timer))
}

impl Answer {
    /// The token: a non-empty single-line string.
    async fn token(self) -> Result<String, TokenError> {
        let Answer(future, deadline, _) = self;
        let settled = future.await;
        deadline.clear();
        let value = settled.map_err(|error| {
            TokenError::Provider(if error.as_string().as_deref() == Some(TIMED_OUT) {
                format!(
                    "The token provider did not answer within {} s.",
                    PROVIDER_TIMEOUT_MS / 1000
                )
            } else {
                "The token provider's promise was rejected.".into()
            })
        })?;
        settle(value)
    }
}

/// The token from a provider's settled answer.
fn settle(value: JsValue) -> Result<String, TokenError> {
    match value.as_string().map(|t| t.trim().to_string()) {
        Some(token) if !token.is_empty() && !token.contains(['\r', '\n']) => Ok(token),
        _ => Err(TokenError::Provider(
            "The token provider did not return a token.".into(),
        )),
    }
}
