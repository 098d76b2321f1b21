use leptos::prelude::*;
use runner_core::RepositoryLog;

/// The playbook's git commit: short sha, message and author when known, raw text otherwise.
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
            let sha = commit.sha.clone().unwrap_or_default();
            let short = commit.short_sha().unwrap_or_else(|| "unknown".into());
            let detail = [
                commit.message.clone(),
                commit.author.clone().map(|a| format!("by {a}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" — ");
            let date = commit.date.clone().unwrap_or_default();
            view! {
                <span class="rw-commit">
                    <code class="rw-commit__sha" title=sha>{short}</code>
                    {(!detail.is_empty()).then(|| view! { <span class="rw-commit__detail" title=date>{detail}</span> })}
                </span>
            }
            .into_any()
        }
        RepositoryLog::Raw(text) => {
            let shown: String = text.chars().take(120).collect();
            let cut = shown.len() < text.len();
            view! { <code class="rw-commit__raw" title=text.clone()>{shown}{cut.then_some("…")}</code> }
                .into_any()
        }
        _ => view! { <span class="rw-muted">"Not recorded"</span> }.into_any(),
    }
}
