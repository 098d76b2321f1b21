use leptos::prelude::*;

use super::{flag, text, CopyButton};

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
    let unknown = flag(move || value.with(|v| v.is_empty()));
    view! {
        <span class="rw-muted" hidden=flag(move || !unknown.get())>"Unknown"</span>
        <span class="rw-id" hidden=unknown>
            <code class="rw-id__value" title=value>
                <span aria-hidden="true">{short}</span>
                <span class="rw-sr-only">{value}</span>
            </code>
            <CopyButton value label=text(|| "Copy".into()) what announce/>
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
