use leptos::prelude::*;
use runner_core::RepositoryLog;

use super::copy_button;
use crate::dom::{el, El};

/// A raw log up to this many characters is shown whole: the style shows three lines, which hold
/// about this many in a 220 px sidebar with a large default font. A longer one gets "Show all"
/// (on a wide card it may fit in three lines anyway: then it shows nothing more).
const RAW_CHARS: usize = 40;

/// The playbook's git commit: its sha (seven characters shown, the whole read out and copied),
/// message, author and date when known; raw text otherwise (its first lines shown). One of three
/// shapes, built anew when the log changes (seldom).
///
/// - `log`: the execution's `repository_log`.
/// - `announce`: the card's polite live region, which says how a copy went.
pub fn commit_info(log: &RepositoryLog, announce: RwSignal<String>) -> El {
    match log {
        RepositoryLog::Commit(commit) => {
            let sha = commit.sha.as_deref().unwrap_or("unknown");
            let detail = commit.detail();
            // the whole sha is the text (read out, selected and copied whole); the style shows its
            // first seven characters, and Copy takes all of it (a keyboard user has no tooltip)
            let mut shown = el("span").class("rw-commit").child(
                el("code")
                    .class("rw-commit__sha")
                    .attr("title", sha)
                    .text(sha),
            );
            if let Some(sha) = commit.sha.clone() {
                shown = shown.child(copy_button(
                    Signal::stored(sha),
                    Signal::stored("Copy".into()),
                    "commit",
                    announce,
                ));
            }
            if detail.is_empty() {
                shown
            } else {
                shown.child(el("span").class("rw-commit__detail").text(&detail))
            }
        }
        // the whole text (read out whole), its first lines shown (see the style); a longer one
        // has "Show all", so a keyboard or touch user sees the rest too (`title` is the mouse's)
        RepositoryLog::Raw(text) => {
            let raw = el("code").attr("title", text).text(text);
            if text.chars().count() <= RAW_CHARS {
                return raw.class("rw-commit__raw");
            }
            let open = RwSignal::new(false);
            el("span").class("rw-commit").children(vec![
                raw.dyn_class(move || {
                    if open.get() {
                        "rw-commit__raw rw-commit__raw--open"
                    } else {
                        "rw-commit__raw"
                    }
                    .into()
                }),
                el("button")
                    .attr("type", "button")
                    .class("rw-btn rw-btn--small")
                    .dyn_value_attr("aria-expanded", move || open.get().to_string())
                    .dyn_text(move || if open.get() { "Show less" } else { "Show all" }.into())
                    .on("click", move |_| open.update(|o| *o = !*o)),
            ])
        }
        _ => el("span").class("rw-muted").text("Not recorded"),
    }
}
