use leptos::html;
use leptos::prelude::*;
use runner_core::{format_remaining, Status};

use super::{effect, flag, focused_element, handler, text};
use crate::card::{Action, ActionState, Controller};

/// Expiry input, Stop (and Kill / Restart when they apply) with an inline confirmation.
#[component]
pub fn StopPanel(
    /// The card's controller.
    controller: Controller,
    /// Prefix for element ids, unique per card.
    uid: String,
) -> impl IntoView {
    let s = controller.signals;
    let status = move || s.execution.with(|e| e.as_ref().map(|e| e.status.clone()));
    let busy = move || matches!(s.action.get(), ActionState::Sending(_));
    let confirming = move || matches!(s.action.get(), ActionState::Confirming { .. });
    let locked = flag(move || busy() || confirming());
    let allowed = move |action: Action| {
        let offer_kill = s.offer_kill.get();
        status().is_some_and(|st| action.allowed_by(&st, offer_kill))
    };
    let can_stop = move || allowed(Action::Stop);
    let can_restart = move || allowed(Action::Restart);
    let show_kill = move || allowed(Action::Kill);

    let stop_ref = NodeRef::<html::Button>::new();
    let confirm_ref = NodeRef::<html::Button>::new();
    effect(move || {
        if let (true, Some(button)) = (confirming(), confirm_ref.get()) {
            let _ = button.focus();
        }
    });
    // After a confirmation closes, keyboard focus goes back to the button that opened it (Stop when
    // that one is hidden now), if it was in the confirmation (now hidden) or lost to the page body:
    // a confirmation closed by a status change while the user is elsewhere (on the portal, on
    // another card) leaves focus where it is.
    let kill_ref = NodeRef::<html::Button>::new();
    let restart_ref = NodeRef::<html::Button>::new();
    let mut previous = None;
    effect(move || {
        let state = s.action.get();
        let opener = match previous {
            Some(ActionState::Confirming {
                action: Action::Kill,
                ..
            }) => kill_ref,
            Some(ActionState::Confirming {
                action: Action::Restart,
                ..
            }) => restart_ref,
            _ => stop_ref,
        };
        if state == ActionState::Idle && previous.is_some_and(|p| p != ActionState::Idle) {
            request_animation_frame(move || {
                // Confirm's box (Confirm > its buttons > the box): a hidden element keeps focus
                // until the browser's next style update, so focus may still be inside it here
                let confirm_box = confirm_ref
                    .try_get_untracked()
                    .flatten()
                    .and_then(|c| c.parent_element())
                    .and_then(|b| b.parent_element());
                let lost = focused_element().is_none_or(|e| {
                    e.tag_name().eq_ignore_ascii_case("body")
                        || confirm_box.is_some_and(|b| b.contains(Some(&e)))
                });
                if lost {
                    let shown = opener.try_get_untracked().flatten().filter(|b| !b.hidden());
                    match shown {
                        Some(button) => {
                            let _ = button.focus();
                        }
                        None => focus_stop(stop_ref),
                    }
                }
            });
        }
        previous = Some(state);
    });

    let (input_id, help_id, error_id) = (
        format!("{uid}-expiry"),
        format!("{uid}-expiry-help"),
        format!("{uid}-expiry-error"),
    );
    let described = format!("{help_id} {error_id}");
    let ctl = controller.clone();
    let expiry_ref = NodeRef::<html::Input>::new();
    // an expiry that can't be used: focus goes to it, which reads out the error (again, on a
    // second press with the same entry, where the unchanged error text would not be said)
    let on_stop = move |_| {
        if ctl.request(Action::Stop) {
            if let Some(input) = expiry_ref.get_untracked() {
                let _ = input.focus();
            }
        }
    };
    let ctl = controller.clone();
    let on_kill = move |_| {
        ctl.request(Action::Kill);
    };
    let ctl = controller.clone();
    let on_restart = move |_| {
        ctl.request(Action::Restart);
    };
    let ctl = controller.clone();
    // Confirm hides as the request goes: keyboard focus waits on Stop (shown as "Sending…", and
    // unavailable but focusable meanwhile), not on the page
    let on_confirm = move |_| {
        ctl.confirm();
        focus_stop(stop_ref);
    };
    let ctl = controller.clone();
    let cancel = move || ctl.cancel();
    let cancel_click = cancel.clone();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        // a held Enter presses only once: its repeats would press Stop (which has focus during the
        // send), open a new confirmation once STOPPING, and confirm a second stop
        if key == "Enter" && ev.repeat() {
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
    let note_id = format!("{uid}-stop-note");
    // Confirm's description: what it does (read out when it takes focus, after its name)
    let confirm_text_id = format!("{uid}-confirm-text");

    view! {
        <div class="rw-actions" on:keydown=handler(on_keydown)>
            <div class="rw-field">
                <label for=input_id.clone()>"Expiry (seconds)"</label>
                <input id=input_id node_ref=expiry_ref type="text" inputmode="numeric" autocomplete="off" class="rw-input"
                    aria-describedby=described aria-invalid=text(move || s.expiry_error.with(|e| e.is_some()).to_string())
                    prop:value=text(move || s.expiry_input.get())
                    on:input=handler(move |ev: leptos::ev::Event| { s.expiry_input.set(event_target_value(&ev)); s.expiry_error.set(None); })
                    disabled=locked/>
                <p id=help_id class="rw-help">"How long the stop signal waits for the play to reach a safe point; 0 means it never expires."</p>
                <p id=error_id class="rw-field-error" aria-live="assertive">{text(move || s.expiry_error.get().map(|e| e.message().to_string()).unwrap_or_default())}</p>
            </div>
            // Kill and Restart hide when the status stops allowing them (the execution ended): if the
            // one hiding had keyboard focus, Stop takes it, not the page. Chromium and Firefox blur a
            // focused element as it hides, with nowhere for focus to go (`relatedTarget` null).
            <div class="rw-buttons" on:focusout=handler(move |ev: leptos::ev::FocusEvent| {
                let hidden = event_target::<web_sys::Element>(&ev).has_attribute("hidden");
                if hidden && ev.related_target().is_none() {
                    request_animation_frame(move || {
                        if focused_element().is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body")) {
                            focus_stop(stop_ref);
                        }
                    });
                }
            })>
                // unavailable (for this status, while a confirmation is open or a request is on its
                // way), Stop stays focusable (`aria-disabled`; a press does nothing), so keyboard
                // focus on it is not lost to the page
                <button type="button" class="rw-btn rw-btn--danger" node_ref=stop_ref on:click=handler(on_stop)
                    aria-disabled=text(move || (locked.get() || !can_stop()).to_string()) aria-describedby=note_id.clone()>
                    {text(move || if busy() { "Sending…" } else { "Stop" }.into())}
                </button>
                <button type="button" class="rw-btn rw-btn--danger" node_ref=kill_ref on:click=handler(on_kill) disabled=locked
                    hidden=flag(move || !show_kill())>"Kill"</button>
                <button type="button" class="rw-btn" node_ref=restart_ref on:click=handler(on_restart) disabled=locked
                    hidden=flag(move || !can_restart())>"Restart"</button>
            </div>
            <p class="rw-countdown" id=note_id>{text(move || note().unwrap_or_default())}</p>
            <div class="rw-confirm" role="group" aria-label="Confirm"
                hidden=flag(move || !confirming())>
                <p class="rw-confirm__text" id=confirm_text_id.clone()>{text(move || confirm_text(s.action.get(), matches!(status(), Some(Status::Stopping))))}</p>
                <div class="rw-buttons">
                    <button type="button" class="rw-btn rw-btn--danger" node_ref=confirm_ref on:click=handler(on_confirm)
                        aria-describedby=confirm_text_id>
                        {text(move || confirm_label(s.action.get()).into())}
                    </button>
                    <button type="button" class="rw-btn" on:click=handler(move |_| cancel_click())>"Cancel"</button>
                </div>
            </div>
        </div>
    }
}

/// Gives keyboard focus to Stop: never `disabled` (unavailable, it is `aria-disabled`), so it can
/// always hold it.
fn focus_stop(stop_ref: NodeRef<html::Button>) {
    if let Some(button) = stop_ref.try_get_untracked().flatten() {
        let _ = button.focus();
    }
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
