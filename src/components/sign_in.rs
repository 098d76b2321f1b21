use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use super::{card_title, focused_element};
use crate::card::Controller;
use crate::dom::{el, El};

/// Sign-in with the Runner Login API, when the page gave no token and no provider (or it was rejected).
///
/// - `controller`: the card's controller.
/// - `uid`: prefix for element ids, unique per card.
pub fn sign_in_form(controller: Controller, uid: &str) -> El {
    let s = controller.signals;
    let (user_id, pass_id) = (format!("{uid}-user"), format!("{uid}-password"));
    let user = el("input")
        .attr("id", &user_id)
        .class("rw-input")
        .attr("autocomplete", "username")
        .attr("required", "");
    let pass = el("input")
        .attr("id", &pass_id)
        .class("rw-input")
        .attr("type", "password")
        .attr("autocomplete", "current-password")
        .attr("required", "");
    let (user_input, pass_input): (HtmlInputElement, HtmlInputElement) = (
        user.0.clone().unchecked_into(),
        pass.0.clone().unchecked_into(),
    );
    let form = el("form")
        .class("rw-sign-in")
        .attr("aria-label", "Sign in to Runner");
    // The form goes away once the card has a working token (signed in, or the page's provider
    // came through): if keyboard focus was in it, it moves to the card's title, not to the page.
    let kept = send_wrapper::SendWrapper::new(form.0.clone());
    on_cleanup(move || {
        if focused_element(&kept).is_some_and(|a| kept.contains(Some(&a))) {
            if let Some(title) = card_title(&kept) {
                let _ = title.focus();
            }
        }
    });
    let field = |id: &str, label: &str, input: El| {
        el("div")
            .class("rw-field")
            .child(el("label").attr("for", id).text(label))
            .child(input)
    };
    form.on("submit", move |ev| {
        ev.prevent_default();
        let (user, pass) = (user_input.value(), pass_input.value());
        pass_input.set_value("");
        controller.sign_in(user, pass);
    })
    .child(
        el("p")
            .class("rw-sign-in__intro")
            .text("Sign in to see this execution."),
    )
    .child(field(&user_id, "User name", user))
    .child(field(&pass_id, "Password", pass))
    .child(
        el("p")
            .class("rw-field-error")
            .attr("aria-live", "assertive")
            .dyn_text(move || s.sign_in_error.get().unwrap_or_default()),
    )
    .child(
        el("button")
            .attr("type", "submit")
            .class("rw-btn rw-btn--primary")
            .dyn_value_attr("aria-disabled", move || s.signing_in.get().to_string())
            .dyn_text(move || {
                if s.signing_in.get() {
                    "Signing in…"
                } else {
                    "Sign in"
                }
                .into()
            }),
    )
}
