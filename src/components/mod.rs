//! The card's views: small, one component each. They read `CardSignals` and call the `Controller`.

mod badge;
mod card;
mod commit;
mod config_problem;
mod facts;
mod hosts;
mod id_text;
mod sign_in;
mod stop_panel;
mod timers;

pub use badge::StatusBadge;
pub use card::ExecutionCard;
pub use commit::CommitInfo;
pub use config_problem::ConfigProblem;
pub use facts::Facts;
pub use hosts::FailedHosts;
pub use id_text::IdText;
pub use sign_in::SignInForm;
pub use stop_panel::StopPanel;
pub use timers::TimerTable;

use leptos::prelude::Signal;

/// Reactive text as one shared view type: every `{text(move || …)}` renders through the same
/// `Signal<String>` code, where each `{move || …}` child would instantiate its own (wasm size).
pub fn text(f: impl Fn() -> String + Send + Sync + 'static) -> Signal<String> {
    Signal::derive(f)
}

/// A reactive yes/no (for `hidden`, `disabled`, `class:x`) as one shared type, like [`text`].
pub fn flag(f: impl Fn() -> bool + Send + Sync + 'static) -> Signal<bool> {
    Signal::derive(f)
}
