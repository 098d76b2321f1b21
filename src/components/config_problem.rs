use leptos::prelude::*;

/// Shown instead of a card when its configuration is wrong; only this element is affected.
#[component]
pub fn ConfigProblem(
    /// What is wrong, in words a page author understands.
    message: String,
) -> impl IntoView {
    view! {
        <div class="rw-card rw-card--problem" role="alert">
            <p class="rw-notice rw-notice--error">{format!("Runner widget configuration problem: {message}")}</p>
        </div>
    }
}
