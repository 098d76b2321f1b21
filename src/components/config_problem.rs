use crate::dom::{el, El};

/// Shown instead of a card when its configuration is wrong; only this element is affected.
///
/// - `message`: what is wrong, in words a page author understands.
pub fn config_problem(message: &str) -> El {
    el("div")
        .class("rw-card rw-card--problem")
        .attr("role", "alert")
        .attr("lang", "en")
        .child(
            el("p")
                .class("rw-notice rw-notice--error")
                .text(&format!("Runner widget configuration problem: {message}")),
        )
}
