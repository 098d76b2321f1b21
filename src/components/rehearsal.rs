//! The rehearsal: once per page, when the first card's first answer is slow to come, a sample
//! card is built off the page and thrown away.
//!
//! V8 compiles each WebAssembly function on its first call, on the page's main thread. Without a
//! rehearsal, the first answer pays for compiling the decoder and the whole card body (about
//! 20 ms on the benchmark machine, more than the rendering itself) after it has arrived; with it,
//! that work is done while the page waits for the network. A quick answer needs no rehearsal (the
//! rehearsal would only delay it), so it happens only when a card's first answer has not come
//! `SLOW_FIRST_ANSWER` (50 ms) after it was asked for, as is usual behind a real API.
//!
//! The sample goes through the same code as a real answer: the list-page decoder, the
//! controller's `apply`, the `loaded` switch and every part of the body. The rehearsal card is
//! never attached to the document, sends nothing and starts no timer that outlives it.

use std::cell::Cell;

use leptos::prelude::*;
use leptos::task::{spawn_local, tick};
use runner_core::{ExecutionPage, PAGE_SIZE};
use wasm_bindgen::JsCast;

use crate::card::Controller;

/// A list page with one execution that exercises every part of the card: an open run after a
/// closed one, more failed hosts than the collapsed list shows, a commit, the VPN flag.
const SAMPLE_PAGE: &str = r#"{"totalSize":1,"results":[{"execution_id":"r","status":"RUNNING","timers":[{"start":1,"end":2},{"start":3,"end":null}],"repository_log":{"recent_commit":[{"commit":"0123456789abcdef","author":"a","date":"d","message":"m"}]},"failed_hosts":["a","b","c","d","e","f","g","h","i","j","k"],"is_vpn_established":true}]}"#;

/// The `performance.mark` each rehearsal leaves when it is done.
pub const REHEARSAL_MARK: &str = "runner-widget:rehearsal";

thread_local! {
    static REHEARSED: Cell<bool> = const { Cell::new(false) };
}

/// Rehearses, once per page (later calls do nothing): given to each card as its
/// `Controller::on_slow_first_answer`.
pub fn rehearse_once() {
    if REHEARSED.with(|s| s.replace(true)) {
        return;
    }
    spawn_local(async {
        rehearse().await;
    });
}

/// Builds the sample card off the page, lets it take its answer, then unmounts it. Returns the
/// card's `data-state` just before it is thrown away (`loaded` when the body was built), or
/// `None` when the sample could not be used (nothing is shown either way).
pub async fn rehearse() -> Option<String> {
    let parent = web_sys::window()?
        .document()?
        .create_element("div")
        .ok()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    let page = ExecutionPage::from_slice(SAMPLE_PAGE.as_bytes(), 0, PAGE_SIZE).ok()?;
    let execution = page.find("r")?.execution().ok()?;
    // the sample card's signals belong to this owner, freed with it at the end
    let owner = Owner::new();
    let controller = owner.with(|| Controller::inert(&execution.execution_id));
    let uid = "rw-rehearsal".to_string();
    // mounted as a real card is (`embed::mount_card_view`), so the same code is compiled
    let view = crate::embed::mount_card_view(parent.clone(), controller.clone(), uid, "h3");
    controller.show(execution);
    tick().await;
    let state = parent
        .query_selector(".rw-card")
        .ok()
        .flatten()
        .and_then(|card| card.get_attribute("data-state"));
    drop(view);
    owner.cleanup();
    // visible in the browser's performance timeline (and to the end-to-end tests)
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(REHEARSAL_MARK);
    }
    state
}
