use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use runner_core::{host_matches, hosts_for_clipboard};

use super::{flag, focus_next_frame, handler, text, CopyButton};
use crate::card::say;

/// How many hosts are listed before the list collapses (longer lists also get a filter).
pub const COLLAPSED_HOSTS: usize = 10;
/// How many more hosts each "Show more" renders (long lists are rendered lazily, in chunks).
pub const HOSTS_CHUNK: usize = 500;

/// Count and list of failed hosts, with Copy (one host per line, see `hosts_for_clipboard`). Long
/// lists start collapsed, render the rest in chunks on demand, and can be filtered; Copy then
/// copies the hosts that match. One fixed structure (controls that do not apply are `hidden`),
/// which keeps the generated code small.
#[component]
pub fn FailedHosts(
    /// Host names as the server sent them (rendered as text); shared, not copied. How far the
    /// user expanded the list, and the filter, are kept when the list changes.
    #[prop(into)]
    hosts: Signal<Arc<[String]>>,
    /// The card's polite live region (how many hosts match a filter, how a copy went).
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
    // a pass over the list per read while filtering (a few per keystroke: ~1 ms for 10 000 hosts)
    let matches = move || {
        if !filtering() {
            return count();
        }
        let mut n = 0usize;
        each_match(usize::MAX, &mut |_| n += 1);
        n
    };
    // the filter stays once used, so clearing it never hides the box that has keyboard focus
    let used = RwSignal::new(false);
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
    let summary = text(move || match (count(), filtering()) {
        (0, _) => "None".to_string(),
        (count, false) => format!("{count} failed"),
        (count, true) => format!("{} of {count} match", matches()),
    });
    // The card's live region says how many match once the user pauses typing (0.5 s: one message,
    // not one per key), and only then, not on every poll that changes the count.
    let typed = Rc::new(Cell::new(0u32));
    let filter = move |value: String| {
        used.set(true);
        query.set(value);
        let key = typed.get().wrapping_add(1);
        typed.set(key);
        let typed = typed.clone();
        set_timeout(
            move || {
                // the last key's; `try_`: the card may be gone by now
                if typed.get() == key && used.try_get_untracked() == Some(true) {
                    say(
                        announce,
                        if filtering() {
                            format!("{} of {} failed hosts match.", matches(), count())
                        } else {
                            "Filter cleared.".into()
                        },
                    );
                }
            },
            std::time::Duration::from_millis(500),
        );
    };
    // Escape clears the filter (and goes no further, so a dialog around the card stays open);
    // with nothing to clear it is the page's
    let clear = filter.clone();
    let escape = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" && !query.with(String::is_empty) {
            ev.stop_propagation();
            ev.prevent_default();
            clear(String::new());
        }
    };
    let copied = text(move || {
        let mut list = Vec::new();
        each_match(usize::MAX, &mut |host| list.push(host.clone()));
        hosts_for_clipboard(&list)
    });
    let copy_label = text(move || {
        if filtering() {
            "Copy matching"
        } else {
            "Copy all"
        }
        .into()
    });
    view! {
        <div class="rw-hosts" data-failed-count=text(move || count().to_string())>
            <span class=text(move || if count() == 0 { "rw-hosts__count rw-muted" } else { "rw-hosts__count" }.into())>{summary}</span>
            <label class="rw-hosts__tools" hidden=flag(move || count() <= COLLAPSED_HOSTS && !used.get())>
                "Filter"<span class="rw-sr-only">" failed hosts"</span>
                <input type="search" class="rw-input" autocomplete="off" prop:value=text(move || query.get())
                    on:input=handler(move |ev: leptos::ev::Event| filter(event_target_value(&ev))) on:keydown=handler(escape)/>
            </label>
            // scrolls when long: focusable, so the keyboard can scroll it (Safari does not make it so)
            <ul class="rw-hosts__list" tabindex="0" aria-label="Failed hosts" hidden=flag(move || matches() == 0)>{shown}</ul>
            // nothing to copy or show when nothing matches
            <div class="rw-buttons" hidden=flag(move || matches() == 0)>
                <CopyButton value=copied label=copy_label what="failed hosts" announce/>
                <button type="button" class="rw-btn rw-btn--small" aria-expanded="false"
                    hidden=flag(move || remaining() == 0) node_ref=more_ref on:click=handler(more)>
                    {text(move || format!("Show {} more", remaining().min(HOSTS_CHUNK)))}
                </button>
                <button type="button" class="rw-btn rw-btn--small" aria-expanded="true"
                    hidden=flag(move || limit.get() <= COLLAPSED_HOSTS || matches() <= COLLAPSED_HOSTS) node_ref=fewer_ref on:click=handler(fewer)>"Show fewer"</button>
            </div>
        </div>
    }
}
