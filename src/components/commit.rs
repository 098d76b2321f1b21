use runner_core::RepositoryLog;

use crate::dom::{el, El};

/// The playbook's git commit: its sha (seven characters shown, the whole read out and copied),
/// message, author and date when known; raw text otherwise (its first lines shown). One of three
/// shapes, built anew when the log changes (seldom).
///
/// - `log`: the execution's `repository_log`.
pub fn commit_info(log: &RepositoryLog) -> El {
    match log {
        RepositoryLog::Commit(commit) => {
            let sha = commit.sha.as_deref().unwrap_or("unknown");
            let detail = commit.detail();
            // the whole sha is the text (read out, selected and copied whole); the style shows its
            // first seven characters
            let shown = el("span").class("rw-commit").child(
                el("code")
                    .class("rw-commit__sha")
                    .attr("title", sha)
                    .text(sha),
            );
            if detail.is_empty() {
                shown
            } else {
                shown.child(el("span").class("rw-commit__detail").text(&detail))
            }
        }
        // the whole text, its first lines shown (see the style)
        RepositoryLog::Raw(text) => el("code")
            .class("rw-commit__raw")
            .attr("title", text)
            .text(text),
        _ => el("span").class("rw-muted").text("Not recorded"),
    }
}
