use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::card::say;
use crate::dom::{el, El};

/// A button that copies `value` to the clipboard and says how it went: its label reads "Copied"
/// for 2 s once the clipboard took the text, or "Couldn't copy" when it refused (no clipboard
/// here, permission denied); the latest click owns the label.
///
/// - `value`: what is copied, read when the button is pressed.
/// - `label`: the label before (and 2 s after) a copy.
/// - `what`: what is copied, for screen readers ("execution id"): the button's name is
///   "Copy execution id".
/// - `announce`: the card's polite live region, which says how a copy went.
pub fn copy_button(
    value: Signal<String>,
    label: Signal<String>,
    what: &'static str,
    announce: RwSignal<String>,
) -> El {
    // what the button says instead of `label` for now ("": nothing, the label shows)
    let said = RwSignal::new("");
    let clicks = Rc::new(Cell::new(0u32));
    let copy = move |_: web_sys::Event| {
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
                say(announce, format!("{outcome} {what}."));
                set_timeout(
                    move || {
                        if clicks.get() == click {
                            said.try_set("");
                        }
                    },
                    std::time::Duration::from_secs(2),
                );
            }
        });
    };
    el("button")
        .attr("type", "button")
        .class("rw-btn rw-btn--small")
        .on("click", copy)
        .dyn_text(move || match said.get() {
            "" => label.get(),
            said => said.into(),
        })
        .child(el("span").class("rw-sr-only").text(&format!(" {what}")))
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
