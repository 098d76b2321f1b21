use leptos::prelude::*;
use runner_core::RepositoryLog;

/// The playbook's git commit: its sha (short for the eye, whole to screen readers and in the
/// tooltip), message, author and date when known; raw text otherwise.
#[component]
pub fn CommitInfo(
    /// The execution's `repository_log` (rebuilt only when it changes).
    #[prop(into)]
    log: Signal<RepositoryLog>,
) -> impl IntoView {
    move || log.with(commit_view)
}

fn commit_view(log: &RepositoryLog) -> AnyView {
    match log {
        RepositoryLog::Commit(commit) => {
            let short = commit.short_sha().unwrap_or_else(|| "unknown".into());
            let sha = commit.sha.clone().unwrap_or_else(|| short.clone());
            let tooltip = sha.clone();
            let detail = [
                commit.message.clone(),
                commit.author.clone().map(|a| format!("by {a}")),
                commit.date.clone(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" — ");
            view! {
                <span class="rw-commit">
                    <code class="rw-commit__sha" title=tooltip>
                        <span aria-hidden="true">{short}</span>
                        <span class="rw-sr-only">{sha}</span>
                    </code>
                    {(!detail.is_empty()).then(|| view! { <span class="rw-commit__detail">{detail}</span> })}
                </span>
            }
            .into_any()
        }
        RepositoryLog::Raw(text) => {
            let shown: String = text.chars().take(120).collect();
            let cut = shown.len() < text.len();
            // the whole text to screen readers (the cut one is for the eye)
            view! {
                <code class="rw-commit__raw" title=text.clone()>
                    <span aria-hidden="true">{shown}{cut.then_some("…")}</span>
                    <span class="rw-sr-only">{text.clone()}</span>
                </code>
            }
            .into_any()
        }
        _ => view! { <span class="rw-muted">"Not recorded"</span> }.into_any(),
    }
}
