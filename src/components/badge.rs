use leptos::prelude::*;
use runner_core::Status;

use super::text;

/// The status badge: icon + text + colour, with `data-status` carrying the raw wire value.
#[component]
pub fn StatusBadge(
    /// The status to show.
    #[prop(into)]
    status: Signal<Status>,
) -> impl IntoView {
    let class = text(move || format!("rw-badge rw-badge--{}", status.with(|s| s.css_modifier())));
    view! {
        <span class=class data-status=text(move || status.with(|s| s.as_str().to_string()))>
            <span class="rw-badge__icon" aria-hidden="true">{text(move || status.with(icon).to_string())}</span>
            <span class="rw-badge__text">{text(move || status.with(|s| s.label().to_string()))}</span>
        </span>
    }
}

/// A glyph per status, so colour is never the only signal.
pub fn icon(status: &Status) -> &'static str {
    match status {
        Status::Pending => "◷",
        Status::Initializing => "◔",
        Status::Running => "▶",
        Status::Success => "✓",
        Status::Failure | Status::InitFailure => "✕",
        Status::Stopping | Status::Killing => "◼",
        Status::Stopped => "■",
        Status::Killed => "⊘",
        _ => "?",
    }
}
