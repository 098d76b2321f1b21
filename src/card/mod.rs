//! One card's state and behaviour: signals the components read, and the controller that polls,
//! stops, kills and signs in. Components stay thin; decisions come from `runner_core`.

mod controller;
mod signals;

pub use controller::Controller;
pub use signals::{say, Action, ActionState, CardSignals, Notice, NoticeKind, SignalAttempt};
