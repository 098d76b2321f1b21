use leptos::html;
use leptos::prelude::*;

use super::{card_title, focused_element, handler, text};
use crate::card::Controller;

/// Sign-in with the Runner Login API, when the page gave no token and no provider (or it was rejected).
#[component]
pub fn SignInForm(
    /// The card's controller.
    controller: Controller,
    /// Prefix for element ids, unique per card.
    uid: String,
) -> impl IntoView {
    let s = controller.signals;
    let user_ref = NodeRef::<html::Input>::new();
    let pass_ref = NodeRef::<html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let user = user_ref
            .get_untracked()
            .map(|i| i.value())
            .unwrap_or_default();
        let pass = pass_ref
            .get_untracked()
            .map(|i| i.value())
            .unwrap_or_default();
        if let Some(input) = pass_ref.get_untracked() {
            input.set_value("");
        }
        controller.sign_in(user, pass);
    };
    let (user_id, pass_id) = (format!("{uid}-user"), format!("{uid}-password"));
    // The form goes away once the card has a working token (signed in, or the page's provider
    // came through): if keyboard focus was in it, it moves to the card's title, not to the page.
    let form_ref = NodeRef::<html::Form>::new();
    on_cleanup(move || {
        let Some(form) = form_ref.try_get_untracked().flatten() else {
            return;
        };
        if focused_element().is_some_and(|a| form.contains(Some(&a))) {
            if let Some(title) = card_title(&form) {
                let _ = title.focus();
            }
        }
    });
    view! {
        <form class="rw-sign-in" on:submit=handler(on_submit) aria-label="Sign in to Runner" node_ref=form_ref>
            <p class="rw-sign-in__intro">"Sign in to see this execution."</p>
            <div class="rw-field">
                <label for=user_id.clone()>"User name"</label>
                <input id=user_id class="rw-input" node_ref=user_ref autocomplete="username" required/>
            </div>
            <div class="rw-field">
                <label for=pass_id.clone()>"Password"</label>
                <input id=pass_id class="rw-input" type="password" node_ref=pass_ref autocomplete="current-password" required/>
            </div>
            <p class="rw-field-error" aria-live="assertive">{text(move || s.sign_in_error.get().unwrap_or_default())}</p>
            <button type="submit" class="rw-btn rw-btn--primary" aria-disabled=text(move || s.signing_in.get().to_string())>
                {text(move || if s.signing_in.get() { "Signing in…" } else { "Sign in" }.into())}
            </button>
        </form>
    }
}
