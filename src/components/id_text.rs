use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::{flag, text};

/// An id shown shortened, with the full value in a tooltip, to screen readers, and a Copy button;
/// an empty id reads "Unknown" (no Copy button).
#[component]
pub fn IdText(
    /// The full id (follows the execution).
    #[prop(into)]
    value: Signal<String>,
    /// What the id is, for the Copy button's label ("execution id").
    what: &'static str,
    /// The card's polite live region, which says how a copy went.
    announce: RwSignal<String>,
) -> impl IntoView {
    let short = text(move || value.with(|v| shorten(v)));
    // what the button says: "Copy", then for 2 s "Copied" once the clipboard took the id, or
    // "Couldn't copy" when it refused (no clipboard here, permission denied); the latest click
    // owns the label
    let said = RwSignal::new("Copy");
    let clicks = Rc::new(Cell::new(0u32));
    let copy = move |_| {
        let click = clicks.get().wrapping_add(1);
        clicks.set(click);
        let written = value.with_untracked(|v| write_clipboard(v));
        let clicks = clicks.clone();
        spawn_local(async move {
            let done = match written {
                Some(promise) => JsFuture::from(promise).await.is_ok(),
                None => false,
            };
            let outcome = if done { "Copied" } else { "Couldn't copy" };
            // `try_`: the card may be gone by now
            if clicks.get() == click && said.try_set(outcome).is_none() {
                // a button's changed name is not reliably read out: the card says it too
                announce.try_set(format!("{outcome} {what}."));
                set_timeout(
                    move || {
                        if clicks.get() == click {
                            said.try_set("Copy");
                        }
                    },
                    std::time::Duration::from_secs(2),
                );
            }
        });
    };
    let unknown = flag(move || value.with(|v| v.is_empty()));
    view! {
        <span class="rw-muted" hidden=flag(move || !unknown.get())>"Unknown"</span>
        <span class="rw-id" hidden=unknown>
            <code class="rw-id__value" title=value>
                <span aria-hidden="true">{short}</span>
                <span class="rw-sr-only">{value}</span>
            </code>
            <button type="button" class="rw-btn rw-btn--small" on:click=copy>
                {text(move || said.get().into())}
                <span class="rw-sr-only">{format!(" {what}")}</span>
            </button>
        </span>
    }
}

/// First 8 characters and an ellipsis when longer than 12.
pub fn shorten(id: &str) -> String {
    if id.chars().count() > 12 {
        let head: String = id.chars().take(8).collect();
        format!("{head}…")
    } else {
        id.to_string()
    }
}

/// `navigator.clipboard.writeText(text)`, or `None` when the browser offers no clipboard.
fn write_clipboard(text: &str) -> Option<Promise> {
    let navigator = web_sys::window()?.navigator();
    let clipboard = Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
    let write = Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    write
        .call1(&clipboard, &JsValue::from_str(text))
        .ok()?
        .dyn_into::<Promise>()
        .ok()
}
