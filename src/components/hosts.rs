use std::sync::Arc;

use leptos::prelude::*;

use leptos::html;

use super::{flag, focus_next_frame, text};

/// How many hosts are listed before the list collapses.
pub const COLLAPSED_HOSTS: usize = 10;
/// How many more hosts each "Show more" renders (long lists are rendered lazily, in chunks).
pub const HOSTS_CHUNK: usize = 500;

/// Count and list of failed hosts; long lists start collapsed and render the rest in chunks on demand.
/// One fixed structure (controls that do not apply are `hidden`), which keeps the generated code small.
#[component]
pub fn FailedHosts(
    /// Host names as the server sent them (rendered as text); shared, not copied. How far the
    /// user expanded the list is kept when the list changes.
    #[prop(into)]
    hosts: Signal<Arc<[String]>>,
) -> impl IntoView {
    let count = move || hosts.with(|h| h.len());
    let limit = RwSignal::new(COLLAPSED_HOSTS);
    let shown = move || {
        hosts.with(|all| {
            all.iter()
                .take(limit.get())
                .map(|host| view! { <li>{host.clone()}</li> })
                .collect::<Vec<_>>()
        })
    };
    let remaining = move || count().saturating_sub(limit.get());
    let (more_ref, fewer_ref) = (
        NodeRef::<html::Button>::new(),
        NodeRef::<html::Button>::new(),
    );
    // a button that hides itself hands keyboard focus to the other one
    let more = move |_| {
        limit.update(|l| *l = l.saturating_add(HOSTS_CHUNK));
        if remaining() == 0 {
            focus_next_frame(fewer_ref);
        }
    };
    let fewer = move |_| {
        limit.set(COLLAPSED_HOSTS);
        focus_next_frame(more_ref);
    };
    let summary = text(move || match count() {
        0 => "None".to_string(),
        count => format!("{count} failed"),
    });
    let none = flag(move || count() == 0);
    view! {
        <div class="rw-hosts" data-failed-count=text(move || count().to_string())>
            <span class="rw-hosts__count" class:rw-muted=none>{summary}</span>
            <ul class="rw-hosts__list" hidden=none>{shown}</ul>
            <div class="rw-buttons" hidden=flag(move || count() <= COLLAPSED_HOSTS)>
                <button type="button" class="rw-btn rw-btn--small" aria-expanded="false"
                    hidden=flag(move || remaining() == 0) node_ref=more_ref on:click=more>
                    {text(move || format!("Show {} more", remaining().min(HOSTS_CHUNK)))}
                </button>
                <button type="button" class="rw-btn rw-btn--small" aria-expanded="true"
                    hidden=flag(move || limit.get() <= COLLAPSED_HOSTS || count() <= COLLAPSED_HOSTS) node_ref=fewer_ref on:click=fewer>"Show fewer"</button>
            </div>
        </div>
    }
}
