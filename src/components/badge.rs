use leptos::prelude::*;
use runner_core::Status;

use crate::dom::{el, El};

/// The status badge: icon + text + colour, with `data-status` carrying the raw wire value.
/// Before the first answer (no status) it reads `waiting` ("Loading…", or why not) and has no
/// `data-status`.
///
/// - `status`: the status to show; None while loading.
/// - `waiting`: what the badge says while there is no status.
pub fn status_badge(status: Signal<Option<Status>>, waiting: Signal<String>) -> El {
    el("span")
        .dyn_class(move || {
            let modifier = status.with(|s| s.as_ref().map_or("loading", |s| s.css_modifier()));
            format!("rw-badge rw-badge--{modifier}")
        })
        .dyn_attr("data-status", move || {
            status.with(|s| s.as_ref().map(|s| s.as_str().to_string()))
        })
        .child(
            el("span")
                .class("rw-badge__icon")
                .attr("aria-hidden", "true")
                .dyn_text(move || status.with(|s| s.as_ref().map_or("", icon)).to_string()),
        )
        .child(el("span").class("rw-badge__text").dyn_text(move || {
            status.with(|s| {
                s.as_ref()
                    .map_or_else(|| waiting.get(), |s| s.label().to_string())
            })
        }))
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
