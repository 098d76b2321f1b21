use std::time::Duration;

use leptos::prelude::*;
use runner_core::{format_remaining, format_utc};

use super::id_text::shorten;
use super::{effect, facts, sign_in_form, status_badge, stop_panel, timer_table};
use crate::card::Controller;
use crate::dom::{el, El};
use crate::platform::{format_local, local_format_ready, prepare_local_format_soon};

/// The execution card: status, ids, timers, failed hosts, commit, VPN, and Stop.
///
/// - `controller`: drives this card (polling, actions); started by the embedding, shut down on
///   unmount.
/// - `uid`: prefix for element ids, unique per card on the page.
/// - `heading`: the title's element, `h2`…`h6`, so it fits the page's outline (default `h3`).
pub fn execution_card(controller: Controller, uid: String, heading: &'static str) -> El {
    let s = controller.signals;
    let clock = controller.clone();
    let ticker = set_interval_with_handle(move || clock.tick(), Duration::from_secs(1)).ok();
    let ctl = controller.clone();
    on_cleanup(move || {
        if let Some(handle) = ticker {
            handle.clear();
        }
        ctl.shutdown();
    });

    let title_id = format!("{uid}-title");
    let short_id = format!(" {}", shorten(controller.execution_id()));
    let status = Signal::derive(move || s.execution.with(|e| e.as_ref().map(|e| e.status.clone())));
    let loaded = move || s.execution.with(|e| e.is_some());
    // no status yet: say why rather than "Loading…" for ever
    let waiting = Signal::derive(move || {
        if s.needs_sign_in.get() {
            "Sign-in needed"
        } else if s.refresh_error.with(Option::is_some) {
            "Unavailable"
        } else {
            "Loading…"
        }
        .to_string()
    });
    // The body is built just after the first answer's status has been painted: building it takes
    // tens of milliseconds the first time (compiling), and the status is what the user came for.
    // The rehearsal card builds it at once.
    // The first Intl.DateTimeFormat costs ~30 ms: create it after the first data is painted
    // (times show in UTC until then), not on the way to it (nor for the rehearsal card).
    let body = RwSignal::new(false);
    let live = controller.alive();
    effect(move || {
        if loaded() && !body.get_untracked() {
            if live {
                // after the next paint (a timer set in the frame callback), not before it; the
                // locale's formatter after the body's paint in turn
                request_animation_frame(move || {
                    set_timeout(
                        move || {
                            // once: a second set would build the body again (`Fresh`)
                            if body.try_get_untracked() == Some(false) {
                                body.try_set(true);
                            }
                            prepare_local_format_soon();
                        },
                        Duration::ZERO,
                    )
                });
            } else {
                body.set(true);
            }
        }
    });
    let stale_line = move || {
        let error = s.refresh_error.get()?;
        let mut text = error.message();
        if let Some(at) = s.updated_at.get() {
            // before the page's locale formatter exists (it is made after the first paint), UTC
            let shown = if local_format_ready() {
                format_local(at)
            } else {
                format_utc(at)
            };
            text = format!("{text} Showing data from {shown}.");
        }
        if let Some(left) = s
            .retry_at
            .get()
            .and_then(|at| format_remaining(at - s.now_ms.get()))
        {
            text = format!("{text} Trying again in {left}.");
        }
        Some(text)
    };
    // Built once, at mount (while the first answer is on its way), and hidden until it lands:
    // later answers update the parts that changed instead of rebuilding the card.
    let timers = Memo::new(move |_| {
        s.execution
            .with(|e| e.as_ref().map(|e| e.timers.clone()).unwrap_or_default())
    });

    // the body and the sign-in form are built once each time they show; the form's signal is set
    // again by every poll that gets a 401: it shows once, not once per poll
    let signing_in = Memo::new(move |_| s.needs_sign_in.get());
    let notice_kind = move || s.notice.with(|n| n.as_ref().map(|n| n.kind.as_str()));
    let (sign_in_ctl, sign_in_uid) = (controller.clone(), uid.clone());
    let (panel_ctl, panel_uid) = (controller.clone(), uid);
    let whole = Memo::new(move |_| {
        s.execution
            .with(|e| e.as_ref().is_none_or(|e| e.whole_history))
    });
    let finished = Memo::new(move |_| {
        s.execution
            .with(|e| e.as_ref().is_some_and(|e| e.status.is_terminal()))
    });
    el("section")
        .attr("lang", "en")
        .attr("aria-labelledby", &title_id)
        .dyn_value_attr("data-state", move || {
            if body.get() { "loaded" } else { "loading" }.into()
        })
        .dyn_class(move || {
            if s.refresh_error.with(|e| e.is_some()) && loaded() {
                "rw-card rw-card--stale"
            } else {
                "rw-card"
            }
            .into()
        })
        .child(
            el("header")
                .class("rw-card__header")
                // the card's name (its region's, its heading's) says which execution: a dashboard
                // of cards is not a list of "Runner execution" landmarks alike
                .child(
                    el(heading)
                        .class("rw-card__title")
                        .attr("id", &title_id)
                        .attr("tabindex", "-1")
                        .text("Runner execution")
                        .child(el("span").class("rw-sr-only").text(&short_id)),
                )
                .child(status_badge(status, waiting)),
        )
        .child(
            el("p")
                .class("rw-sr-only")
                .attr("role", "status")
                .attr("aria-live", "polite")
                .attr("aria-atomic", "true")
                .dyn_text(move || s.announcement.get()),
        )
        .dyn_child(move || {
            signing_in
                .get()
                .then(|| sign_in_form(sign_in_ctl.clone(), &sign_in_uid))
        })
        .child(
            el("p")
                .class("rw-notice rw-notice--error rw-stale")
                .hidden(move || s.refresh_error.with(|e| e.is_none()))
                .dyn_text(move || stale_line().unwrap_or_default()),
        )
        .child(
            el("p")
                .dyn_class(move || {
                    format!("rw-notice rw-notice--{}", notice_kind().unwrap_or_default())
                })
                .dyn_attr("data-notice", move || notice_kind().map(str::to_string))
                .hidden(move || notice_kind().is_none())
                .dyn_text(move || {
                    s.notice
                        .with(|n| n.as_ref().map(|n| n.text.clone()).unwrap_or_default())
                }),
        )
        .dyn_children(move || {
            if !body.get() {
                return Vec::new();
            }
            let mut parts = vec![facts(s.execution.into(), s.announcement)];
            parts.extend(timer_table(
                timers.into(),
                s.now_ms.into(),
                finished.into(),
                whole.into(),
            ));
            parts.push(stop_panel(panel_ctl.clone(), &panel_uid));
            parts
        })
}
