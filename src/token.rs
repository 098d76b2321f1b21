//! The bearer token: in memory only (never storage, URL or log), from the host page's provider,
//! an explicit value, or the card's own sign-in form.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

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
}

impl Tokens {
    /// A holder with an optional initial token and an optional provider.
    pub fn new(token: Option<String>, provider: Option<Provider>) -> Self {
        let current = token
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        Tokens {
            inner: Rc::new(RefCell::new(State { current, provider })),
        }
    }

    /// Replaces the token (`handle.setToken`, sign-in).
    pub fn set(&self, token: String) {
        let token = token.trim().to_string();
        self.inner.borrow_mut().current = (!token.is_empty()).then_some(token);
    }

    /// Forgets the token (it was rejected).
    pub fn clear(&self) {
        self.inner.borrow_mut().current = None;
    }

    /// Whether a provider can be asked for a new token.
    pub fn has_provider(&self) -> bool {
        self.inner.borrow().provider.is_some()
    }

    /// The current token, asking the provider when there is none.
    pub async fn get(&self) -> Result<String, TokenError> {
        let current = self.inner.borrow().current.clone();
        match current {
            Some(token) => Ok(token),
            None => self.refresh().await,
        }
    }

    /// Asks the provider for a new token (after a 401, or at start).
    pub async fn refresh(&self) -> Result<String, TokenError> {
        let provider = self.inner.borrow().provider.clone();
        let Some(provider) = provider else {
            return Err(TokenError::NeedsSignIn);
        };
        let token = call_provider(&provider).await?;
        self.set(token.clone());
        Ok(token)
    }
}

async fn call_provider(provider: &Provider) -> Result<String, TokenError> {
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
    let mut value = function
        .call0(&JsValue::NULL)
        .map_err(|_| TokenError::Provider("The token provider threw an error.".into()))?;
    if let Some(promise) = value.dyn_ref::<Promise>() {
        value = JsFuture::from(promise.clone()).await.map_err(|_| {
            TokenError::Provider("The token provider's promise was rejected.".into())
        })?;
    }
    match value.as_string().map(|t| t.trim().to_string()) {
        Some(token) if !token.is_empty() && !token.contains(['\r', '\n']) => Ok(token),
        _ => Err(TokenError::Provider(
            "The token provider did not return a token.".into(),
        )),
    }
}
