use leptos::prelude::*;

use super::copy_button;
use crate::dom::{el, El};

/// An id shown shortened, with the full value in a tooltip, to screen readers, and a Copy button;
/// an empty id reads "Unknown" (no Copy button). Two elements side by side.
///
/// - `value`: the full id (follows the execution).
/// - `what`: what the id is, for the Copy button's label ("execution id").
/// - `announce`: the card's polite live region, which says how a copy went.
pub fn id_text(value: Signal<String>, what: &'static str, announce: RwSignal<String>) -> Vec<El> {
    let unknown = move || value.with(|v| v.is_empty());
    vec![
        el("span")
            .class("rw-muted")
            .hidden(move || !unknown())
            .text("Unknown"),
        el("span")
            .class("rw-id")
            .hidden(unknown)
            .child(
                el("code")
                    .class("rw-id__value")
                    .dyn_value_attr("title", move || value.get())
                    .child(
                        el("span")
                            .attr("aria-hidden", "true")
                            .dyn_text(move || value.with(|v| shorten(v))),
                    )
                    .child(el("span").class("rw-sr-only").dyn_text(move || value.get())),
            )
            .child(copy_button(
                value,
                Signal::stored("Copy".into()),
                what,
                announce,
            )),
    ]
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
