use leptos::prelude::*;
use runner_core::Status;

use super::{maybe_text, text};

/// The status badge: icon + text + colour, with `data-status` carrying the raw wire value.
/// Before the first answer (no status) it reads `waiting` ("Loading…", or why not) and has no
/// `data-status`.
#[component]
pub fn StatusBadge(
    /// The status to show; None while loading.
    #[prop(into)]
    status: Signal<Option<Status>>,
    /// What the badge says while there is no status.
    waiting: Signal<String>,
) -> impl IntoView {
    let class = text(move || {
        let modifier = status.with(|s| s.as_ref().map_or("loading", |s| s.css_modifier()));
        format!("rw-badge rw-badge--{modifier}")
    });
    let raw = maybe_text(move || status.with(|s| s.as_ref().map(|s| s.as_str().to_string())));
    view! {
        <span class=class data-status=raw>
            <span class="rw-badge__icon" aria-hidden="true">{text(move || status.with(|s| s.as_ref().map_or("", icon)).to_string())}</span>
            <span class="rw-badge__text">{text(move || status.with(|s| s.as_ref().map_or_else(|| waiting.get(), |s| s.label().to_string())))}</span>
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
