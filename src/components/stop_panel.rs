use leptos::prelude::*;
use runner_core::{format_remaining, Status};

use super::{effect, focused_element};
use crate::card::{Action, ActionState, Controller};
use crate::dom::{el, input_value, key, property, El};

/// Expiry input, Stop (and Kill / Restart when they apply) with an inline confirmation.
///
/// - `controller`: the card's controller.
/// - `uid`: prefix for element ids, unique per card.
pub fn stop_panel(controller: Controller, uid: &str) -> El {
    let s = controller.signals;
    let status = move || s.execution.with(|e| e.as_ref().map(|e| e.status.clone()));
    let busy = move || matches!(s.action.get(), ActionState::Sending(_));
    let confirming = move || matches!(s.action.get(), ActionState::Confirming { .. });
    let locked = move || busy() || confirming();
    let allowed = move |action: Action| {
        let offer_kill = s.offer_kill.get();
        status().is_some_and(|st| action.allowed_by(&st, offer_kill))
    };

    let (input_id, help_id, error_id) = (
        format!("{uid}-expiry"),
        format!("{uid}-expiry-help"),
        format!("{uid}-expiry-error"),
    );
    let note_id = format!("{uid}-stop-note");
    // Confirm's description: what it does (read out when it takes focus, after its name)
    let confirm_text_id = format!("{uid}-confirm-text");

    let expiry = el("input")
        .attr("id", &input_id)
        .attr("type", "text")
        .attr("inputmode", "numeric")
        .attr("autocomplete", "off")
        .class("rw-input")
        .attr("aria-describedby", &format!("{help_id} {error_id}"))
        .dyn_value_attr("aria-invalid", move || {
            s.expiry_error.with(|e| e.is_some()).to_string()
        })
        .dyn_value(move || s.expiry_input.get())
        .on("input", move |ev| {
            s.expiry_input.set(input_value(&ev));
            s.expiry_error.set(None);
        })
        .flag("disabled", locked);
    // Unavailable (for this status, while a confirmation is open or a request is on its way), the
    // action buttons stay focusable (`aria-disabled`; a press does nothing), so keyboard focus on
    // them is not lost to the page; the one whose request is on its way says "Sending…".
    let button = move |action: Action, label: &'static str, class: &str| {
        el("button")
            .attr("type", "button")
            .class(class)
            .dyn_value_attr("aria-disabled", move || {
                (locked() || !allowed(action)).to_string()
            })
            .dyn_text(move || {
                if s.action.get() == ActionState::Sending(action) {
                    "Sending…"
                } else {
                    label
                }
                .into()
            })
    };
    let stop =
        button(Action::Stop, "Stop", "rw-btn rw-btn--danger").attr("aria-describedby", &note_id);
    let kill = button(Action::Kill, "Kill", "rw-btn rw-btn--danger")
        .hidden(move || !allowed(Action::Kill));
    let restart =
        button(Action::Restart, "Restart", "rw-btn").hidden(move || !allowed(Action::Restart));
    let confirm = el("button")
        .attr("type", "button")
        .class("rw-btn rw-btn--danger")
        .attr("aria-describedby", &confirm_text_id)
        .dyn_text(move || confirm_label(s.action.get()).into());
    let confirm_box = el("div")
        .class("rw-confirm")
        .attr("role", "group")
        .attr("aria-label", "Confirm")
        .hidden(move || !confirming());

    let to_confirm = confirm.clone();
    effect(move || {
        if confirming() {
            let _ = to_confirm.html().focus();
        }
    });
    // After a confirmation closes, keyboard focus goes back to the button that opened it (Stop when
    // that one is hidden now), if it was in the confirmation (now hidden) or lost to the page body:
    // a confirmation closed by a status change while the user is elsewhere (on the portal, on
    // another card) leaves focus where it is.
    let mut previous = None;
    let (to_stop, to_kill, to_restart, in_box) = (
        stop.clone(),
        kill.clone(),
        restart.clone(),
        confirm_box.clone(),
    );
    effect(move || {
        let state = s.action.get();
        let opener = match previous {
            Some(ActionState::Confirming {
                action: Action::Kill,
                ..
            }) => to_kill.clone(),
            Some(ActionState::Confirming {
                action: Action::Restart,
                ..
            }) => to_restart.clone(),
            _ => to_stop.clone(),
        };
        if state == ActionState::Idle && previous.is_some_and(|p| p != ActionState::Idle) {
            let (stop, confirm_box) = (to_stop.clone(), in_box.clone());
            request_animation_frame(move || {
                // a hidden element keeps focus until the browser's next style update, so focus
                // may still be inside the confirmation here
                let lost = focused_element(&confirm_box.0).is_none_or(|e| {
                    e.tag_name().eq_ignore_ascii_case("body") || confirm_box.0.contains(Some(&e))
                });
                if lost {
                    let target = if opener.html().hidden() { stop } else { opener };
                    let _ = target.html().focus();
                }
            });
        }
        previous = Some(state);
    });

    let ctl = controller.clone();
    let to_expiry = expiry.clone();
    // an expiry that can't be used: focus goes to it, which reads out the error (again, on a
    // second press with the same entry, where the unchanged error text would not be said)
    let stop = stop.on("click", move |_| {
        if ctl.request(Action::Stop) {
            let _ = to_expiry.html().focus();
        }
    });
    let ctl = controller.clone();
    let kill = kill.on("click", move |_| {
        ctl.request(Action::Kill);
    });
    let ctl = controller.clone();
    let restart = restart.on("click", move |_| {
        ctl.request(Action::Restart);
    });
    let ctl = controller.clone();
    let (to_stop, to_kill, to_restart) = (stop.clone(), kill.clone(), restart.clone());
    // Confirm hides as the request goes: keyboard focus waits on the button of the action (shown as
    // "Sending…", and unavailable but focusable meanwhile), not on the page
    let confirm = confirm.on("click", move |_| {
        let target = match s.action.get_untracked() {
            ActionState::Confirming {
                action: Action::Kill,
                ..
            } => &to_kill,
            ActionState::Confirming {
                action: Action::Restart,
                ..
            } => &to_restart,
            _ => &to_stop,
        };
        ctl.confirm();
        let _ = target.html().focus();
    });
    let ctl = controller.clone();
    let cancel = move || ctl.cancel();
    let cancel_click = cancel.clone();
    let on_keydown = move |ev: web_sys::Event| {
        let key = key(&ev);
        // a held Enter presses only once: its repeats would press Stop (which has focus during the
        // send), open a new confirmation once STOPPING, and confirm a second stop
        if key == "Enter" && property(&ev, "repeat").is_truthy() {
            ev.prevent_default();
        } else if key == "Escape" && confirming() {
            // the portal's own Escape handlers (a dialog around the card) are not for this press
            ev.prevent_default();
            ev.stop_propagation();
            cancel();
        }
    };
    // next to Stop, and its accessible description: why it does nothing for this status, or while
    // the user's stop is under way, what it is waiting for and until when
    let note = move || {
        let status = status()?;
        if let Some(why) = status.stop_unavailable() {
            return Some(why.into());
        }
        let attempt = s.attempt.get()?;
        (attempt.action == Action::Stop && status == Status::Stopping).then(|| {
            match attempt.expires_at_ms() {
                Some(expires) => match format_remaining(expires - s.now_ms.get()) {
                    Some(left) => format!(
                        "The stop signal expires in {left} unless the play reaches a safe point."
                    ),
                    // the server says soon whether the play stopped in time (`expiry_poll`)
                    None => {
                        "The stop signal has expired; checking whether the play stopped.".into()
                    }
                },
                None => {
                    "Waiting for the play to reach a safe point; the stop signal never expires."
                        .into()
                }
            }
        })
    };
    let to_stop = stop.clone();
    // Kill and Restart hide when the status stops allowing them (the execution ended): if the one
    // hiding had keyboard focus, Stop takes it, not the page. Chromium and Firefox blur a focused
    // element as it hides, with nowhere for focus to go (`relatedTarget` null).
    let on_focusout = move |ev: web_sys::Event| {
        let hidden = ev
            .target()
            .is_some_and(|t| property(&t, "hidden").is_truthy());
        let nowhere = property(&ev, "relatedTarget").is_null();
        if hidden && nowhere {
            let stop = to_stop.clone();
            request_animation_frame(move || {
                if focused_element(&stop.0)
                    .is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"))
                {
                    let _ = stop.html().focus();
                }
            });
        }
    };

    el("div")
        .class("rw-actions")
        .on("keydown", on_keydown)
        .child(
            el("div")
                .class("rw-field")
                .child(el("label").attr("for", &input_id).text("Expiry (seconds)"))
                .child(expiry)
                .child(el("p").attr("id", &help_id).class("rw-help").text(
                    "How long the stop signal waits for the play to reach a safe point; 0 means it never expires.",
                ))
                .child(
                    el("p")
                        .attr("id", &error_id)
                        .class("rw-field-error")
                        .attr("aria-live", "assertive")
                        .dyn_text(move || {
                            s.expiry_error
                                .get()
                                .map(|e| e.message().to_string())
                                .unwrap_or_default()
                        }),
                ),
        )
        .child(
            el("div")
                .class("rw-buttons")
                .on("focusout", on_focusout)
                .child(stop)
                .child(kill)
                .child(restart),
        )
        .child(
            el("p")
                .class("rw-countdown")
                .attr("id", &note_id)
                .dyn_text(move || note().unwrap_or_default()),
        )
        .child(
            confirm_box
                .child(
                    el("p")
                        .class("rw-confirm__text")
                        .attr("id", &confirm_text_id)
                        .dyn_text(move || {
                            confirm_text(s.action.get(), matches!(status(), Some(Status::Stopping)))
                        }),
                )
                .child(
                    el("div").class("rw-buttons").child(confirm).child(
                        el("button")
                            .attr("type", "button")
                            .class("rw-btn")
                            .on("click", move |_| cancel_click())
                            .text("Cancel"),
                    ),
                ),
        )
}

/// What the confirmation asks; `stopping`: a stop signal was sent before (the API takes another,
/// whose expiry replaces the first one's: say, a shorter one).
fn confirm_text(state: ActionState, stopping: bool) -> String {
    match state {
        ActionState::Confirming { action: Action::Stop, expiry_secs } => {
            let ask = if stopping { "Send a new stop signal? It replaces the one already sent." } else { "Stop this execution?" };
            let expiry = if expiry_secs == 0 { "The stop signal never expires.".to_string() } else { format!("The stop signal expires after {expiry_secs} s.") };
            format!("{ask} Tasks already executed will not roll back. {expiry}")
        }
        ActionState::Confirming { action: Action::Kill, .. } => {
            "Kill this execution now? It ends without waiting for a safe point. Tasks already executed will not roll back.".into()
        }
        ActionState::Confirming { action: Action::Restart, .. } => "Restart this failed execution? A new run starts; earlier runs are kept.".into(),
        _ => String::new(),
    }
}

fn confirm_label(state: ActionState) -> &'static str {
    match state {
        ActionState::Confirming {
            action: Action::Kill,
            ..
        } => "Confirm kill",
        ActionState::Confirming {
            action: Action::Restart,
            ..
        } => "Confirm restart",
        _ => "Confirm stop",
    }
}
