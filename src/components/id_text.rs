use js_sys::{Function, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

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
) -> impl IntoView {
    let short = text(move || value.with(|v| shorten(v)));
    let copied = RwSignal::new(false);
    let copy = move |_| {
        if value.with_untracked(|v| copy_text(v)) {
            copied.set(true);
            // back to "Copy" after a moment (`try_`: the card may be gone by then)
            set_timeout(
                move || {
                    copied.try_set(false);
                },
                std::time::Duration::from_secs(2),
            );
        }
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
                {text(move || if copied.get() { "Copied" } else { "Copy" }.into())}
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

/// `navigator.clipboard.writeText(text)`; false when the browser offers no clipboard.
fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"))
        .unwrap_or(JsValue::UNDEFINED);
    if clipboard.is_undefined() || clipboard.is_null() {
        return false;
    }
    Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .map(|write| write.call1(&clipboard, &JsValue::from_str(text)).is_ok())
        .unwrap_or(false)
}
