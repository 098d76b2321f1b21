use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use runner_core::{host_matches, hosts_for_clipboard};

use super::{flag, focus_next_frame, text, CopyButton};

/// How many hosts are listed before the list collapses (longer lists also get a filter).
pub const COLLAPSED_HOSTS: usize = 10;
/// How many more hosts each "Show more" renders (long lists are rendered lazily, in chunks).
pub const HOSTS_CHUNK: usize = 500;

/// Count and list of failed hosts, with Copy (one host per line, as an Ansible retry file). Long
/// lists start collapsed, render the rest in chunks on demand, and can be filtered; Copy then
/// copies the hosts that match. One fixed structure (controls that do not apply are `hidden`),
/// which keeps the generated code small.
#[component]
pub fn FailedHosts(
    /// Host names as the server sent them (rendered as text); shared, not copied. How far the
    /// user expanded the list, and the filter, are kept when the list changes.
    #[prop(into)]
    hosts: Signal<Arc<[String]>>,
    /// The card's polite live region (Copy says how it went).
    announce: RwSignal<String>,
) -> impl IntoView {
    let count = move || hosts.with(|h| h.len());
    let limit = RwSignal::new(COLLAPSED_HOSTS);
    let query = RwSignal::new(String::new());
    let filtering = move || query.with(|q| !q.trim().is_empty());
    // calls `f` with the first `max` hosts that match the filter (every host without one), in
    // the server's order
    let each_match = move |max: usize, f: &mut dyn FnMut(&String)| {
        query.with(|q| {
            hosts.with(|all| {
                all.iter()
                    .filter(|h| host_matches(h, q))
                    .take(max)
                    .for_each(f)
            })
        })
    };
    let matches = move || {
        if !filtering() {
            return count();
        }
        let mut n = 0usize;
        each_match(usize::MAX, &mut |_| n += 1);
        n
    };
    let shown = move || {
        let mut items = Vec::new();
        each_match(limit.get(), &mut |host| {
            items.push(view! { <li>{host.clone()}</li> })
        });
        items
    };
    let remaining = move || matches().saturating_sub(limit.get());
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
    // a status: the number of matches is read out as the user types
    let summary = text(move || match (count(), filtering()) {
        (0, _) => "None".to_string(),
        (count, false) => format!("{count} failed"),
        (count, true) => format!("{} of {count} match", matches()),
    });
    let none = flag(move || count() == 0);
    let copied = text(move || {
        let mut list = Vec::new();
        each_match(usize::MAX, &mut |host| list.push(host.clone()));
        hosts_for_clipboard(&list)
    });
    let copy_label = text(move || {
        if filtering() {
            "Copy matches"
        } else {
            "Copy all"
        }
        .into()
    });
    view! {
        <div class="rw-hosts" data-failed-count=text(move || count().to_string())>
            <span class="rw-hosts__count" class:rw-muted=none role="status">{summary}</span>
            // shown while it is in use, so a filter is never left on with no way to clear it
            <label class="rw-hosts__tools" hidden=flag(move || count() <= COLLAPSED_HOSTS && !filtering())>
                "Filter"
                <input type="search" class="rw-input" autocomplete="off"
                    prop:value=text(move || query.get()) on:input=move |ev| query.set(event_target_value(&ev))/>
            </label>
            <ul class="rw-hosts__list" hidden=flag(move || matches() == 0)>{shown}</ul>
            <div class="rw-buttons" hidden=none>
                <CopyButton value=copied label=copy_label what="failed hosts" announce/>
                <button type="button" class="rw-btn rw-btn--small" aria-expanded="false"
                    hidden=flag(move || remaining() == 0) node_ref=more_ref on:click=more>
                    {text(move || format!("Show {} more", remaining().min(HOSTS_CHUNK)))}
                </button>
                <button type="button" class="rw-btn rw-btn--small" aria-expanded="true"
                    hidden=flag(move || limit.get() <= COLLAPSED_HOSTS || matches() <= COLLAPSED_HOSTS) node_ref=fewer_ref on:click=fewer>"Show fewer"</button>
            </div>
        </div>
    }
}
