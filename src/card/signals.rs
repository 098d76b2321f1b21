//! The reactive state of one card. All plain data, so every signal is `Send + Sync` and `Copy`.

use leptos::prelude::*;
use runner_core::{ApiError, Execution, ExpiryError, Status};

/// A user action that changes the execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Stop,
    Kill,
    Restart,
}

impl Action {
    /// Whether `status` lets the user start this action (Kill only once it is offered): the
    /// buttons and the controller both ask here.
    pub fn allowed_by(self, status: &Status, offer_kill: bool) -> bool {
        match self {
            Action::Stop => status.can_stop(),
            Action::Kill => offer_kill && status.can_kill(),
            Action::Restart => status.can_restart(),
        }
    }

    /// The status the server answers an accepted action with.
    pub fn answer(self) -> Status {
        match self {
            Action::Stop => Status::Stopping,
            Action::Kill => Status::Killing,
            Action::Restart => Status::Pending,
        }
    }

    /// Whether `status` can follow this action having been carried out (STOPPING or STOPPED
    /// after a stop; PENDING, INITIALIZING or RUNNING after a restart).
    pub fn shows(self, status: &Status) -> bool {
        match self {
            Action::Stop => matches!(status, Status::Stopping | Status::Stopped),
            Action::Kill => matches!(status, Status::Killing | Status::Killed),
            Action::Restart => {
                matches!(
                    status,
                    Status::Pending | Status::Initializing | Status::Running
                )
            }
        }
    }

    /// The verb on buttons and in messages.
    pub fn verb(self) -> &'static str {
        match self {
            Action::Stop => "stop",
            Action::Kill => "kill",
            Action::Restart => "restart",
        }
    }
}

/// Where the confirmation flow is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionState {
    Idle,
    /// Waiting for Confirm/Cancel; the stop/kill expiry is fixed at this point.
    Confirming {
        action: Action,
        expiry_secs: u32,
    },
    /// The request is in flight: every control is disabled.
    Sending(Action),
}

/// How a notice is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Warning,
    Error,
}

impl NoticeKind {
    /// CSS modifier.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Info => "info",
            NoticeKind::Warning => "warning",
            NoticeKind::Error => "error",
        }
    }
}

/// A message about the last user action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

/// A stop or kill the user sent, followed until the execution settles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignalAttempt {
    pub action: Action,
    pub sent_at_ms: i64,
    pub expiry_secs: u32,
    /// Whether the server is known to have taken it: its answer, or a later status that is the
    /// action's (STOPPING). False after an error that leaves it unknown (a timeout, a dropped
    /// connection, a gateway's 502 or 504): then nothing is said of an expiry until it is.
    pub confirmed: bool,
}

impl SignalAttempt {
    /// When the stop signal expires (None: it never does).
    pub fn expires_at_ms(&self) -> Option<i64> {
        (self.expiry_secs > 0).then(|| self.sent_at_ms + i64::from(self.expiry_secs) * 1000)
    }
}

/// Everything the card's components read.
#[derive(Clone, Copy)]
pub struct CardSignals {
    pub execution: RwSignal<Option<Execution>>,
    /// The last refresh failed with this; the execution on screen is then stale.
    pub refresh_error: RwSignal<Option<ApiError>>,
    /// When the execution on screen was last confirmed by the server.
    pub updated_at: RwSignal<Option<i64>>,
    /// When the next automatic retry happens after an error, on the server clock like `now_ms`.
    pub retry_at: RwSignal<Option<i64>>,
    pub action: RwSignal<ActionState>,
    pub notice: RwSignal<Option<Notice>>,
    pub attempt: RwSignal<Option<SignalAttempt>>,
    pub offer_kill: RwSignal<bool>,
    pub needs_sign_in: RwSignal<bool>,
    pub sign_in_error: RwSignal<Option<String>>,
    pub signing_in: RwSignal<bool>,
    /// Polite live-region text: each status change once.
    pub announcement: RwSignal<String>,
    /// The ticking clock for elapsed times and countdowns.
    pub now_ms: RwSignal<i64>,
    pub expiry_input: RwSignal<String>,
    pub expiry_error: RwSignal<Option<ExpiryError>>,
}

impl CardSignals {
    /// Fresh state for a card that has loaded nothing yet.
    pub fn new(now_ms: i64) -> Self {
        CardSignals {
            execution: RwSignal::new(None),
            refresh_error: RwSignal::new(None),
            updated_at: RwSignal::new(None),
            retry_at: RwSignal::new(None),
            action: RwSignal::new(ActionState::Idle),
            notice: RwSignal::new(None),
            attempt: RwSignal::new(None),
            offer_kill: RwSignal::new(false),
            needs_sign_in: RwSignal::new(false),
            sign_in_error: RwSignal::new(None),
            signing_in: RwSignal::new(false),
            announcement: RwSignal::new(String::new()),
            now_ms: RwSignal::new(now_ms),
            expiry_input: RwSignal::new("0".to_string()),
            expiry_error: RwSignal::new(None),
        }
    }
}

/// How long a message stays in the card's live region: long enough to be said, then it goes, so a
/// screen reader user who reads through the card later does not come upon an old message.
const SAID_FOR_MS: u64 = 8_000;

/// Puts `text` in a polite live region so that it is said even when it repeats the region's last
/// message (a text node whose text does not change is not announced again): a repeat alternates
/// a trailing no-break space. The region is emptied [`SAID_FOR_MS`] later, unless another message
/// took its place meanwhile (emptying a region says nothing).
pub fn say(region: RwSignal<String>, text: String) {
    let mut now_said = String::new();
    region.try_update(|said| {
        *said = if *said == text { text + "\u{a0}" } else { text };
        now_said = said.clone();
    });
    set_timeout(
        move || {
            region.try_update(|said| {
                if *said == now_said {
                    said.clear();
                }
            });
        },
        std::time::Duration::from_millis(SAID_FOR_MS),
    );
}
