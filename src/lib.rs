//! runner-widget: an execution card for the Runner automation service, as a Leptos WebAssembly
//! widget. Importing the module and awaiting its default export mounts a card into every
//! `[data-runner-execution]` element; `mount(element, options)` mounts one programmatically.
//!
//! Layers: `runner_core` (domain rules) → [`transport`] / [`api`] (HTTP) → [`card`] (state and
//! behaviour) → [`components`] (views) → [`embed`] (the host page).

pub mod api;
pub mod card;
pub mod components;
pub mod dom;
pub mod embed;
pub mod platform;
pub mod shared;
pub mod token;
pub mod transport;

use wasm_bindgen::prelude::*;

/// Runs when the module is initialised: mounts the declared cards.
#[wasm_bindgen(start)]
pub fn start() {
    embed::mount_declared();
}
