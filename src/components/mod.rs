//! The card's views: small, one component each. They read `CardSignals` and call the `Controller`.

mod badge;
mod card;
mod commit;
mod config_problem;
mod copy_button;
mod facts;
mod fresh;
mod hosts;
mod id_text;
mod rehearsal;
mod sign_in;
mod stop_panel;
mod timers;

pub use badge::StatusBadge;
pub use card::ExecutionCard;
pub use commit::CommitInfo;
pub use config_problem::ConfigProblem;
pub use copy_button::CopyButton;
pub use facts::Facts;
pub use fresh::Fresh;
pub use hosts::FailedHosts;
pub use id_text::IdText;
pub use rehearsal::{rehearse, rehearse_once};
pub use sign_in::SignInForm;
pub use stop_panel::StopPanel;
pub use timers::TimerTable;

use leptos::html;
use leptos::prelude::{request_animation_frame, Effect, GetUntracked, NodeRef, Signal};

/// Reactive text as one shared view type: every `{text(move || …)}` renders through the same
/// `Signal<String>` code, where each `{move || …}` child would instantiate its own (wasm size).
pub fn text(f: impl Fn() -> String + Send + Sync + 'static) -> Signal<String> {
    // boxed: one `Signal::derive` for every call, not one per closure
    let f: Box<dyn Fn() -> String + Send + Sync> = Box::new(f);
    Signal::derive(f)
}

/// Reactive optional text (an attribute that is there or not) as one shared type, like [`text`].
pub fn maybe_text(
    f: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> Signal<Option<String>> {
    let f: Box<dyn Fn() -> Option<String> + Send + Sync> = Box::new(f);
    Signal::derive(f)
}

/// An effect as one shared type, like [`text`]: each closure given to `Effect::new` instantiates
/// the effect's machinery again (about 0.4 KB brotli each).
pub fn effect(f: impl FnMut() + 'static) {
    let mut f: Box<dyn FnMut()> = Box::new(f);
    Effect::new(move |_| f());
}

/// An event handler as one shared type per event, like [`text`]: each closure given to `on:…`
/// instantiates the listener code again.
pub fn handler<E: 'static>(f: impl FnMut(E) + 'static) -> Box<dyn FnMut(E)> {
    Box::new(f)
}

/// Moves keyboard focus to `button` once the DOM has caught up (next frame): used when the
/// control that had focus is about to hide itself, so focus does not fall back to the page.
pub fn focus_next_frame(button: NodeRef<html::Button>) {
    request_animation_frame(move || {
        // `try_`: the card may have been unmounted before this frame
        if let Some(button) = button.try_get_untracked().flatten() {
            if !button.hidden() {
                let _ = button.focus();
            }
        }
    });
}

/// A reactive yes/no (for `hidden`, `disabled`) as one shared type, like [`text`].
pub fn flag(f: impl Fn() -> bool + Send + Sync + 'static) -> Signal<bool> {
    let f: Box<dyn Fn() -> bool + Send + Sync> = Box::new(f);
    Signal::derive(f)
}

/// The title of the card holding `inside` (focusable from code: `tabindex="-1"`): it takes
/// keyboard focus when the control that had it goes away and no other control fits.
pub fn card_title(inside: &web_sys::Element) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    inside
        .closest(".rw-card")
        .ok()
        .flatten()?
        .query_selector(".rw-card__title")
        .ok()
        .flatten()?
        .dyn_into()
        .ok()
}

/// The element holding keyboard focus on the page, if any.
pub fn focused_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.active_element()
}
