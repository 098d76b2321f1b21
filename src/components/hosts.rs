use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use runner_core::{host_matches, hosts_for_clipboard};

use super::{copy_button, focus_next_frame};
use crate::card::say;
use crate::dom::{el, input_value, key, El};

/// How many hosts are listed before the list collapses (longer lists also get a filter).
pub const COLLAPSED_HOSTS: usize = 10;
/// How many more hosts each "Show more" renders (long lists are rendered lazily, in chunks).
pub const HOSTS_CHUNK: usize = 500;

/// Count and list of failed hosts, with Copy (one host per line, see `hosts_for_clipboard`). Long
/// lists start collapsed, render the rest in chunks on demand, and can be filtered; Copy then
/// copies the hosts that match. One fixed structure (controls that do not apply are `hidden`),
/// which keeps the generated code small.
///
/// - `hosts`: host names as the server sent them (rendered as text); shared, not copied. How far
///   the user expanded the list, and the filter, are kept when the list changes.
/// - `announce`: the card's polite live region (how many hosts match a filter, how a copy went).
pub fn failed_hosts(hosts: Signal<Arc<[String]>>, announce: RwSignal<String>) -> El {
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
    // patched in place, not rebuilt: a keystroke in the filter or "Show more" touches only the
    // items that changed (a text selection in the list, a screen reader's place, stay)
    let shown = move |item: &mut dyn FnMut(&str)| each_match(limit.get(), &mut |host| item(host));
    let remaining = move || matches().saturating_sub(limit.get());
    // not disclosure buttons (no aria-expanded): each says how many are shown now
    let more = el("button")
        .attr("type", "button")
        .class("rw-btn rw-btn--small rw-hosts__page")
        .hidden(move || remaining() == 0)
        .dyn_text(move || format!("Show {} more", remaining().min(HOSTS_CHUNK)));
    let fewer = el("button")
        .attr("type", "button")
        .class("rw-btn rw-btn--small rw-hosts__page")
        .hidden(move || limit.get() <= COLLAPSED_HOSTS || matches() <= COLLAPSED_HOSTS)
        .text("Show fewer");
    // a button that hides itself hands keyboard focus to the other one
    let (to_more, to_fewer) = (more.clone(), fewer.clone());
    let showing = move || {
        let (all, what) = if filtering() {
            (matches(), "matching")
        } else {
            (count(), "failed")
        };
        say(
            announce,
            format!(
                "Showing {} of {all} {what} hosts.",
                limit.get_untracked().min(all)
            ),
        );
    };
    let more = more.on("click", move |_| {
        limit.update(|l| *l = l.saturating_add(HOSTS_CHUNK));
        showing();
        if remaining() == 0 {
            focus_next_frame(to_fewer.clone());
        }
    });
    let fewer = fewer.on("click", move |_| {
        limit.set(COLLAPSED_HOSTS);
        showing();
        focus_next_frame(to_more.clone());
    });
    let summary = move || match (count(), filtering()) {
        (0, _) => "None".to_string(),
        (count, false) => format!("{count} failed"),
        (count, true) => format!("{} of {count} match", matches()),
    };
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
    let escape = move |ev: web_sys::Event| {
        if key(&ev) == "Escape" && !query.with(String::is_empty) {
            ev.stop_propagation();
            ev.prevent_default();
            clear(String::new());
        }
    };
    let copied = Signal::derive(move || {
        let mut list = Vec::new();
        each_match(usize::MAX, &mut |host| list.push(host.clone()));
        hosts_for_clipboard(&list)
    });
    let copy_label: Signal<String> = Signal::derive(move || {
        if filtering() {
            "Copy matching"
        } else {
            "Copy all"
        }
        .into()
    });
    el("div")
        .class("rw-hosts")
        .dyn_value_attr("data-failed-count", move || count().to_string())
        .child(
            el("span")
                .dyn_class(move || {
                    if count() == 0 {
                        "rw-hosts__count rw-muted"
                    } else {
                        "rw-hosts__count"
                    }
                    .into()
                })
                .dyn_text(summary),
        )
        .child(
            el("label")
                .class("rw-hosts__tools")
                .hidden(move || count() <= COLLAPSED_HOSTS && !used.get())
                .text("Filter")
                .child(el("span").class("rw-sr-only").text(" failed hosts"))
                .child(
                    el("input")
                        .attr("type", "search")
                        .class("rw-input")
                        .attr("autocomplete", "off")
                        .dyn_value(move || query.get())
                        .on("input", move |ev| filter(input_value(&ev)))
                        .on("keydown", escape),
                ),
        )
        // scrolls when long: focusable, so the keyboard can scroll it (Safari does not make it so)
        .child(
            el("ul")
                .class("rw-hosts__list")
                .attr("tabindex", "0")
                .attr("aria-label", "Failed hosts")
                .hidden(move || matches() == 0)
                .dyn_items("li", shown),
        )
        // nothing to copy or show when nothing matches
        .child(
            el("div")
                .class("rw-buttons")
                .hidden(move || matches() == 0)
                .child(copy_button(copied, copy_label, "failed hosts", announce))
                .child(more)
                .child(fewer),
        )
}
