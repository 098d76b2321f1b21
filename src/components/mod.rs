//! The card's views: small, one component each. They read `CardSignals`, call the `Controller`,
//! and build their DOM with [`crate::dom`].

mod badge;
mod card;
mod commit;
mod config_problem;
mod copy_button;
mod facts;
mod hosts;
mod id_text;
mod rehearsal;
mod sign_in;
mod stop_panel;
mod timers;

pub use badge::status_badge;
pub use card::execution_card;
pub use commit::commit_info;
pub use config_problem::config_problem;
pub use copy_button::copy_button;
pub use facts::facts;
pub use hosts::failed_hosts;
pub use id_text::id_text;
pub use rehearsal::{rehearse, rehearse_once};
pub use sign_in::sign_in_form;
pub use stop_panel::stop_panel;
pub use timers::timer_table;

use leptos::prelude::{request_animation_frame, Effect};

use crate::dom::El;

/// An effect as one shared type: each closure given to `Effect::new` instantiates the effect's
/// machinery again (about 0.4 KB brotli each).
pub fn effect(f: impl FnMut() + 'static) {
    let mut f: Box<dyn FnMut()> = Box::new(f);
    Effect::new(move |_| f());
}

/// Moves keyboard focus to `target` once the DOM has caught up (next frame), unless it is hidden
/// then: used when the control that had focus is about to hide itself, so focus does not fall
/// back to the page.
pub fn focus_next_frame(target: El) {
    request_animation_frame(move || {
        let target = target.html();
        // the card may have been unmounted before this frame: then it is no longer connected
        if target.is_connected() && !target.hidden() {
            let _ = target.focus();
        }
    });
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

/// The element holding keyboard focus in the document or shadow root `inside` is in (a card
/// mounted into an iframe's element has its own document; in a shadow root the document's
/// `activeElement` is the shadow host), if any.
pub fn focused_element(inside: &web_sys::Element) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    crate::dom::property(&inside.get_root_node(), "activeElement")
        .dyn_into()
        .ok()
}
