//! The polling policy: when to fetch the execution again.

use crate::status::Status;

/// Steady polling interval when nothing special is happening.
pub const DEFAULT_INTERVAL_MS: u64 = 5_000;
/// Interval right after a stop, kill or restart, to show the change quickly.
pub const FAST_INTERVAL_MS: u64 = 1_000;
/// How long after a user action the fast interval applies.
pub const FAST_WINDOW_MS: u64 = 30_000;
/// First backoff ceiling after an error.
pub const BACKOFF_BASE_MS: u64 = 1_000;
/// Largest backoff ceiling.
pub const BACKOFF_CAP_MS: u64 = 60_000;
/// Longest backoff after an error that trying again soon will not fix (400, 403, 404): a missing
/// execution costs a search through every list page, so it is not repeated every minute.
pub const LASTING_BACKOFF_CAP_MS: u64 = 300_000;
/// Shortest delay ever returned after an error.
pub const MIN_DELAY_MS: u64 = 250;
/// Bounds of the configured steady interval.
pub const MIN_INTERVAL_MS: u64 = 1_000;
/// Longest steady interval, and the most a `Retry-After` can delay a poll.
pub const MAX_INTERVAL_MS: u64 = 3_600_000;

/// What the policy needs to know to choose the next poll.
#[derive(Clone, Debug, PartialEq)]
pub struct PollInput {
    /// Last known status; `None` when nothing has loaded yet.
    pub status: Option<Status>,
    /// Time since the last stop/kill/restart, if there was one.
    pub since_user_action_ms: Option<u64>,
    /// Failed polls in a row.
    pub consecutive_errors: u32,
    /// `Retry-After` from the last failure.
    pub retry_after_ms: Option<u64>,
    /// The last failure will not go away by itself soon (see [`crate::ApiError::is_retryable`]).
    pub lasting_error: bool,
    /// The user's last action (a restart from FAILURE, say) was sent from the status still
    /// shown: its outcome has not shown yet, so within [`FAST_WINDOW_MS`] of it a terminal status
    /// does not end polling (a restart whose answer got lost is followed like any other action).
    pub outcome_pending: bool,
    /// Whether the page is visible.
    pub visible: bool,
    /// Configured steady interval.
    pub interval_ms: u64,
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PollDecision {
    /// Poll again after this many milliseconds.
    After(u64),
    /// The page is hidden; poll again when it becomes visible.
    Paused,
    /// The execution is finished; stop polling.
    Done,
}

/// Chooses the next poll. `jitter` is a number in `[0, 1)` from the caller (`Math.random()` in the
/// browser); it is clamped, and NaN counts as 0.5.
///
/// Hidden pages pause; a terminal status without errors is done; errors back off exponentially
/// with full jitter (at least [`MIN_DELAY_MS`], at most [`BACKOFF_CAP_MS`] or, for a lasting error,
/// [`LASTING_BACKOFF_CAP_MS`], but never sooner than
/// `Retry-After`); otherwise the fast interval just after a user action, else the steady interval.
pub fn next_poll(input: &PollInput, jitter: f64) -> PollDecision {
    if !input.visible {
        return PollDecision::Paused;
    }
    let errors = input.consecutive_errors;
    let is_terminal = input.status.as_ref().is_some_and(Status::is_terminal);
    let delay = if errors > 0 {
        let exp = errors.saturating_sub(1).min(32);
        let cap = if input.lasting_error {
            LASTING_BACKOFF_CAP_MS
        } else {
            BACKOFF_CAP_MS
        };
        let ceiling = BACKOFF_BASE_MS.saturating_mul(1u64 << exp).min(cap);
        let jitter = if jitter.is_nan() {
            0.5
        } else {
            jitter.clamp(0.0, 1.0)
        };
        ((jitter * ceiling as f64) as u64).max(MIN_DELAY_MS)
    } else if is_terminal && !awaits_outcome(input) {
        return PollDecision::Done;
    } else if input
        .since_user_action_ms
        .is_some_and(|since| since < FAST_WINDOW_MS)
    {
        FAST_INTERVAL_MS
    } else {
        input.interval_ms.clamp(MIN_INTERVAL_MS, MAX_INTERVAL_MS)
    };
    let retry_after = input.retry_after_ms.unwrap_or(0).min(MAX_INTERVAL_MS);
    PollDecision::After(delay.max(retry_after))
}

/// Whether the user's action was sent from the status still shown, within [`FAST_WINDOW_MS`]:
/// its outcome is still to come, even if that status is terminal.
pub fn awaits_outcome(input: &PollInput) -> bool {
    input.outcome_pending
        && input
            .since_user_action_ms
            .is_some_and(|since| since < FAST_WINDOW_MS)
}

/// `delay_ms` (a steady poll's), brought forward for the user's stop signal that expires, or has
/// just expired, before then (`until_expiry_ms`, negative once past): the card looks again a
/// second after the expiry, then every second for [`FAST_WINDOW_MS`] while the server puts the
/// play back to running, so its countdown does not sit at 0 until a long interval ends.
pub fn expiry_poll(delay_ms: u64, until_expiry_ms: Option<i64>) -> u64 {
    match until_expiry_ms {
        Some(left) if left > 0 => delay_ms.min((left as u64).saturating_add(FAST_INTERVAL_MS)),
        Some(left) if left > -(FAST_WINDOW_MS as i64) => delay_ms.min(FAST_INTERVAL_MS),
        _ => delay_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stop_expiry_brings_the_next_poll_forward() {
        let long = 600_000;
        assert_eq!(expiry_poll(long, None), long);
        assert_eq!(
            expiry_poll(long, Some(60_000)),
            61_000,
            "a second after it expires"
        );
        assert_eq!(
            expiry_poll(5_000, Some(60_000)),
            5_000,
            "never later than planned"
        );
        assert_eq!(expiry_poll(long, Some(0)), 1_000);
        assert_eq!(
            expiry_poll(long, Some(-29_000)),
            1_000,
            "every second just after"
        );
        assert_eq!(
            expiry_poll(long, Some(-31_000)),
            long,
            "then the usual interval"
        );
        assert_eq!(expiry_poll(long, Some(i64::MAX)), long);
        assert_eq!(expiry_poll(long, Some(i64::MIN)), long);
    }

    fn input() -> PollInput {
        PollInput {
            status: Some(Status::Running),
            since_user_action_ms: None,
            consecutive_errors: 0,
            retry_after_ms: None,
            lasting_error: false,
            outcome_pending: false,
            visible: true,
            interval_ms: DEFAULT_INTERVAL_MS,
        }
    }

    #[test]
    fn a_terminal_status_an_action_was_sent_from_is_polled_fast_for_a_while() {
        // a restart from FAILURE whose answer got lost: FAILURE may not be its outcome yet
        let failed = |since, pending| PollInput {
            status: Some(Status::Failure),
            since_user_action_ms: Some(since),
            outcome_pending: pending,
            ..input()
        };
        assert_eq!(
            next_poll(&failed(2_000, true), 0.5),
            PollDecision::After(1_000)
        );
        assert_eq!(
            next_poll(&failed(29_999, true), 0.5),
            PollDecision::After(1_000)
        );
        assert_eq!(
            next_poll(&failed(30_000, true), 0.5),
            PollDecision::Done,
            "not for ever"
        );
        assert_eq!(
            next_poll(&failed(2_000, false), 0.5),
            PollDecision::Done,
            "an outcome shown ends it"
        );
        let never = PollInput {
            since_user_action_ms: None,
            ..failed(0, true)
        };
        assert_eq!(next_poll(&never, 0.5), PollDecision::Done);
    }

    #[test]
    fn lasting_errors_back_off_further_but_start_the_same() {
        let lasting = |errors| PollInput {
            consecutive_errors: errors,
            lasting_error: true,
            ..input()
        };
        let passing = |errors| PollInput {
            consecutive_errors: errors,
            ..input()
        };
        // the first retries are as quick (a 404 during a deploy recovers in seconds)
        assert_eq!(next_poll(&lasting(2), 0.99), next_poll(&passing(2), 0.99));
        assert_eq!(next_poll(&passing(20), 0.99), PollDecision::After(59_400));
        assert_eq!(next_poll(&lasting(20), 0.99), PollDecision::After(297_000));
    }

    #[test]
    fn hidden_pauses_always() {
        let hidden = PollInput {
            visible: false,
            consecutive_errors: 3,
            ..input()
        };
        assert_eq!(next_poll(&hidden, 0.3), PollDecision::Paused);
        let done = PollInput {
            visible: false,
            status: Some(Status::Success),
            ..input()
        };
        assert_eq!(next_poll(&done, 0.3), PollDecision::Paused);
    }

    #[test]
    fn terminal_is_done_unless_errors() {
        for s in Status::ALL.into_iter().filter(Status::is_terminal) {
            let i = PollInput {
                status: Some(s),
                ..input()
            };
            assert_eq!(next_poll(&i, 0.5), PollDecision::Done);
            let i = PollInput {
                consecutive_errors: 1,
                ..i
            };
            assert_eq!(next_poll(&i, 0.5), PollDecision::After(500));
        }
    }

    #[test]
    fn steady_and_fast_intervals() {
        assert_eq!(next_poll(&input(), 0.9), PollDecision::After(5_000));
        let unknown = PollInput {
            status: Some(Status::Unknown("X".into())),
            ..input()
        };
        assert_eq!(next_poll(&unknown, 0.9), PollDecision::After(5_000));
        let first = PollInput {
            status: None,
            ..input()
        };
        assert_eq!(next_poll(&first, 0.9), PollDecision::After(5_000));
        let fast = PollInput {
            since_user_action_ms: Some(29_999),
            ..input()
        };
        assert_eq!(next_poll(&fast, 0.9), PollDecision::After(FAST_INTERVAL_MS));
        let later = PollInput {
            since_user_action_ms: Some(30_000),
            ..input()
        };
        assert_eq!(next_poll(&later, 0.9), PollDecision::After(5_000));
        let tiny = PollInput {
            interval_ms: 10,
            ..input()
        };
        assert_eq!(next_poll(&tiny, 0.9), PollDecision::After(1_000));
        let huge = PollInput {
            interval_ms: u64::MAX,
            ..input()
        };
        assert_eq!(next_poll(&huge, 0.9), PollDecision::After(3_600_000));
    }

    #[test]
    fn backoff_grows_and_caps() {
        let at = |errors, jitter| {
            next_poll(
                &PollInput {
                    consecutive_errors: errors,
                    ..input()
                },
                jitter,
            )
        };
        assert_eq!(at(1, 0.999_999), PollDecision::After(999));
        assert_eq!(at(2, 0.5), PollDecision::After(1_000));
        assert_eq!(at(3, 0.5), PollDecision::After(2_000));
        assert_eq!(at(7, 1.0), PollDecision::After(60_000));
        assert_eq!(at(u32::MAX, 1.0), PollDecision::After(60_000));
        assert_eq!(at(1, 0.0), PollDecision::After(250));
        assert_eq!(at(3, f64::NAN), PollDecision::After(2_000));
        assert_eq!(at(3, -4.0), PollDecision::After(250));
        assert_eq!(at(3, f64::INFINITY), PollDecision::After(4_000));
    }

    #[test]
    fn retry_after_wins_but_is_bounded() {
        let i = PollInput {
            consecutive_errors: 1,
            retry_after_ms: Some(12_000),
            ..input()
        };
        assert_eq!(next_poll(&i, 0.5), PollDecision::After(12_000));
        let i = PollInput {
            retry_after_ms: Some(u64::MAX),
            ..i
        };
        assert_eq!(next_poll(&i, 0.5), PollDecision::After(3_600_000));
        let i = PollInput {
            retry_after_ms: Some(10),
            ..i
        };
        assert_eq!(next_poll(&i, 0.5), PollDecision::After(500));
    }
}
