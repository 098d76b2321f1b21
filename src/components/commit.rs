use leptos::prelude::*;
use runner_core::RepositoryLog;

use leptos::either::EitherOf3;

use super::Fresh;

/// The playbook's git commit: its sha (seven characters shown, the whole read out and copied),
/// message, author and date when known; raw text otherwise (its first lines shown).
#[component]
pub fn CommitInfo(
    /// The execution's `repository_log` (rebuilt only when it changes).
    #[prop(into)]
    log: Signal<RepositoryLog>,
) -> impl IntoView {
    move || Fresh(log.with(commit_view))
}

/// One of three shapes, built anew when the log changes (seldom: `Fresh`).
fn commit_view(log: &RepositoryLog) -> EitherOf3<impl IntoView, impl IntoView, impl IntoView> {
    match log {
        RepositoryLog::Commit(commit) => {
            let sha = commit.sha.clone().unwrap_or_else(|| "unknown".into());
            let tooltip = sha.clone();
            let detail = commit.detail();
            // the whole sha is the text (read out, selected and copied whole); the style shows its
            // first seven characters
            EitherOf3::A(view! {
                <span class="rw-commit">
                    <code class="rw-commit__sha" title=tooltip>{sha}</code>
                    {(!detail.is_empty()).then(|| view! { <span class="rw-commit__detail">{detail}</span> })}
                </span>
            })
        }
        // the whole text, its first lines shown (see the style)
        RepositoryLog::Raw(text) => EitherOf3::B(
            view! { <code class="rw-commit__raw" title=text.clone()>{text.clone()}</code> },
        ),
        _ => EitherOf3::C(view! { <span class="rw-muted">"Not recorded"</span> }),
    }
}
