//! The card's behaviour: the polling loop, stop/kill/restart, sign-in. Decisions (what a status
//! allows, when to poll next, which words to use) come from `runner_core`; this file sequences them.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use runner_core::{
    awaits_outcome, expiry_poll, next_poll, parse_expiry, parse_http_date, ApiError, Execution,
    PollDecision, PollInput, ServerClock, Status,
};
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;

use super::signals::{say, Action, ActionState, CardSignals, Notice, NoticeKind, SignalAttempt};
use crate::api::{Found, RunnerApi, Searched};
use crate::platform::{jitter, now_ms, page_visible, several_cards_on_page, Waker};
use crate::token::{TokenError, Tokens};

/// The `visibilitychange` listener, kept to remove it on shutdown.
type Listener = Closure<dyn FnMut()>;
/// A one-time callback the embedding hands in.
type Hook = Box<dyn FnOnce()>;

/// Drives one card. Cheap to clone; every clone controls the same card. `Send + Sync` (the
/// browser has one thread) so that views can hold it.
#[derive(Clone)]
pub struct Controller(SendWrapper<Rc<Inner>>);

impl std::ops::Deref for Controller {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl Controller {
    /// A controller for `execution_id` of `api.job`.
    pub fn new(api: RunnerApi, tokens: Tokens, execution_id: &str, interval_ms: u64) -> Self {
        Controller(SendWrapper::new(Rc::new(Inner::new(
            api,
            tokens,
            execution_id,
            interval_ms,
        ))))
    }

    /// A controller that never polls nor sends anything (no API, no token, not started): it
    /// shows what it is given with [`Controller::show`]. For the rehearsal card built off the page.
    pub fn inert(execution_id: &str) -> Self {
        let api = RunnerApi {
            job: runner_core::JobRef::new("", "", ""),
            auth_base: String::new(),
            in_flight: Default::default(),
        };
        let controller = Controller::new(api, Tokens::default(), execution_id, 0);
        controller.alive.set(false);
        controller
    }
}

/// The controller's state, one per card (clones of the `Controller` share it).
pub struct Inner {
    pub signals: CardSignals,
    api: RunnerApi,
    tokens: Tokens,
    execution_id: Box<str>,
    interval_ms: u64,
    waker: Waker,
    alive: Cell<bool>,
    /// Page the execution was last found on.
    remembered_page: Cell<Option<u32>>,
    /// The list page a search stopped at while nobody could see the card (it goes on from there).
    search_resume: Cell<Option<u32>>,
    consecutive_errors: Cell<u32>,
    /// The last failure will not go away by itself soon (400, 403, 404): back off further.
    lasting_error: Cell<bool>,
    retry_after_ms: Cell<Option<u64>>,
    last_action_at: Cell<Option<i64>>,
    /// Bumped by each user action: a poll that started before it is discarded.
    action_seq: Cell<u64>,
    /// Refresh once even though the status is terminal (after an action's outcome).
    force_refresh: Cell<bool>,
    /// After an error, the local epoch ms before which the loop does not ask again (Retry-After,
    /// the error backoff), even when woken early by the tab or the element coming back; with the
    /// wait's length, which bounds what is left of it if the computer's clock is set back.
    backoff_until: Cell<Option<(i64, u64)>>,
    /// The part of that wait the server asked for (Retry-After), in the same form: a refresh
    /// the user or the page asks for (`force_refresh`) still keeps to it.
    asked_until: Cell<Option<(i64, u64)>>,
    visibility: Cell<Option<Listener>>,
    /// List responses from requests started before this are not reused (new token, user action).
    fresh_after: Cell<i64>,
    /// Server clock minus browser clock, from the `Date` of responses (one odd `Date` does not
    /// move it: see `ServerClock::learn`).
    clock: Cell<ServerClock>,
    /// Called once if the first answer has not come [`SLOW_FIRST_ANSWER`] after it was asked for.
    on_slow_first_answer: Cell<Option<Hook>>,
    /// The page element holding the card (none for the rehearsal card).
    host: std::cell::RefCell<Option<web_sys::Element>>,
    /// The polling loop sleeps because the host element is out of the document (`tick` wakes it).
    detached: Cell<bool>,
    /// Whether the current outage has been said (by this card, then its end is said too).
    error_said: Cell<Said>,
    /// Whether the status the action being sent asks for (STOPPING for a stop) showed up while
    /// it was out: then the action arrived even if its answer gets lost.
    answer_seen: Cell<bool>,
    /// The status the user's last action (that may have been carried out) was sent from: while
    /// it is still shown, the action's outcome is still to come (see `awaits_outcome`).
    action_from: std::cell::RefCell<Option<Status>>,
}

/// Whether a refresh error has been said in a live region.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Said {
    #[default]
    No,
    /// By this card: it says the end too.
    Here,
    /// Another card of the page said it (one outage reaches the cards of a job at once).
    Elsewhere,
}

thread_local! {
    /// The last outage message said on the page, and when (epoch ms).
    static LAST_SAID: std::cell::RefCell<(String, i64)> = const { std::cell::RefCell::new((String::new(), 0)) };
}

/// Says `text` in a card's live region unless another card of the page said the same within 2 s
/// (cards of one job share their polls, so one outage reaches them all at once: said once).
/// Returns whether it was said.
fn say_on_page(region: RwSignal<String>, text: &str) -> bool {
    let fresh = fresh_on_page(text);
    if fresh {
        say(region, text.to_string());
    }
    fresh
}

/// Whether no card of the page has said `text` within 2 s; counts it as said now.
fn fresh_on_page(text: &str) -> bool {
    let now = now_ms();
    LAST_SAID.with(|last| {
        let mut last = last.borrow_mut();
        let repeated = last.0 == text && now - last.1 < 2_000;
        *last = (text.to_string(), now);
        !repeated
    })
}

/// What the card says when the execution followed after an action ends in `status` ("The execution
/// is now stopped.", "The execution has succeeded.").
fn ended_text(status: &Status) -> String {
    match status {
        Status::Success => "The execution has succeeded.".into(),
        Status::InitFailure => "The execution failed to initialize.".into(),
        other => format!(
            "The execution is now {}.",
            other.label().to_ascii_lowercase()
        ),
    }
}

/// How long after sending an action whose answer never came the card stops waiting for its
/// status (STOPPING): its request reached the server within the 15 s timeout or not at all, and
/// the server's answer would have shown at a poll or two after that.
const UNCONFIRMED_MS: i64 = 30_000;

/// How long the first list request may take before the card counts its answer as slow.
pub const SLOW_FIRST_ANSWER: std::time::Duration = std::time::Duration::from_millis(50);

impl Inner {
    fn new(api: RunnerApi, tokens: Tokens, execution_id: &str, interval_ms: u64) -> Self {
        Inner {
            signals: CardSignals::new(now_ms()),
            api,
            tokens,
            execution_id: Box::from(execution_id),
            interval_ms,
            waker: Waker::default(),
            alive: Cell::new(true),
            remembered_page: Default::default(),
            search_resume: Default::default(),
            consecutive_errors: Default::default(),
            lasting_error: Default::default(),
            retry_after_ms: Default::default(),
            last_action_at: Default::default(),
            action_seq: Default::default(),
            force_refresh: Default::default(),
            backoff_until: Default::default(),
            asked_until: Default::default(),
            visibility: Default::default(),
            clock: Default::default(),
            fresh_after: Default::default(),
            on_slow_first_answer: Default::default(),
            host: Default::default(),
            detached: Default::default(),
            error_said: Default::default(),
            answer_seen: Default::default(),
            action_from: Default::default(),
        }
    }
}

impl Controller {
    /// Runs `f` once if the first answer is slow to come: not there [`SLOW_FIRST_ANSWER`] after
    /// the first list request went out (the page uses the wait, see `components::rehearsal`).
    pub fn on_slow_first_answer(&self, f: impl FnOnce() + 'static) {
        self.on_slow_first_answer.set(Some(Box::new(f)));
    }

    /// The page element the card lives in: while the page has taken it out of the document (a
    /// single-page app changing views), the card makes no requests and its clock stands still.
    pub fn set_host(&self, element: web_sys::Element) {
        *self.host.borrow_mut() = Some(element);
    }

    /// Whether the host element is in the document (a card without one counts as in it).
    fn connected(&self) -> bool {
        self.host
            .borrow()
            .as_ref()
            .is_none_or(|host| host.is_connected())
    }

    /// The card's clock, once a second: moves `now_ms` while the host element is in the document,
    /// and refreshes at once when it comes back (the polling loop pauses while it is out).
    pub fn tick(&self) {
        if !self.connected() {
            return; // paused: the clock stands still too
        }
        // back in the document while the loop sleeps for it (set only then): refresh now
        if self.detached.replace(false) {
            self.waker.wake();
        }
        self.signals.now_ms.try_set(self.server_now());
    }

    /// The first list request is going out: arm the slow-answer callback.
    fn asking_first(&self) {
        let Some(f) = self.on_slow_first_answer.take() else {
            return;
        };
        let (execution, this) = (self.signals.execution, self.clone());
        set_timeout(
            move || {
                // not for a card unmounted meanwhile
                if this.alive() && execution.try_with_untracked(Option::is_some) == Some(false) {
                    f();
                }
            },
            SLOW_FIRST_ANSWER,
        );
    }

    /// Starts polling and listening for visibility changes (not for an [`Controller::inert`] one).
    /// Call it once. Returns the token provider's answer when the first refresh has to wait for
    /// it (see [`Tokens::prefetch`]).
    pub fn start(&self) -> Option<js_sys::Promise> {
        if !self.alive() {
            return None;
        }
        // a hidden tab does not poll, so it does not ask for a token it may not use for hours
        let token_answer = page_visible().then(|| self.tokens.prefetch()).flatten();
        // the waker only: the listener is kept in the controller, which it must not hold
        let waker = self.waker.clone();
        let on_visibility = Closure::<dyn FnMut()>::new(move || {
            if page_visible() {
                waker.wake();
            }
        });
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let _ = document.add_event_listener_with_callback(
                "visibilitychange",
                on_visibility.as_ref().unchecked_ref(),
            );
        }
        self.visibility.set(Some(on_visibility));
        let this = self.clone();
        spawn_local(async move { this.run().await });
        token_answer
    }

    /// Stops everything: no timer fires and no request stays in flight after this.
    pub fn shutdown(&self) {
        self.alive.set(false);
        self.api.in_flight.close();
        crate::shared::forget_idle();
        self.waker.cancel();
        if let Some(closure) = self.visibility.take() {
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                let _ = document.remove_event_listener_with_callback(
                    "visibilitychange",
                    closure.as_ref().unchecked_ref(),
                );
            }
        }
    }

    /// A new token from the host page: use it and refresh now.
    pub fn set_token(&self, token: String) {
        self.tokens.set(token);
        self.fresh_after.set(now_ms());
        self.leave_sign_in();
        self.refresh_now();
    }

    /// No sign-in needed any more: an action's error from while it was ("Sign in to stop the
    /// execution.", a 401) is over.
    fn leave_sign_in(&self) {
        if self.signals.needs_sign_in.try_get_untracked() == Some(true) && self.action_error_shown()
        {
            self.signals.notice.try_set(None);
        }
        self.signals.needs_sign_in.try_set(false);
    }

    /// The sign-in form goes away, and the card says why.
    fn signed_in(&self) {
        self.leave_sign_in();
        say(self.signals.announcement, "Signed in.".into());
    }

    fn refresh_now(&self) {
        self.force_refresh.set(true);
        self.waker.wake();
    }

    /// The server's idea of now (epoch ms): elapsed times and countdowns use it, so a user whose
    /// computer clock is off still sees correct figures.
    pub fn server_now(&self) -> i64 {
        now_ms().saturating_add(self.clock.get().offset_ms())
    }

    fn learn_clock(&self, server_date: Option<&str>) {
        if let Some(server_ms) = server_date.and_then(parse_http_date) {
            let mut clock = self.clock.get();
            clock.learn(server_ms, now_ms());
            self.clock.set(clock);
        }
    }

    /// The execution this card shows (as configured).
    pub fn execution_id(&self) -> &str {
        &self.execution_id
    }

    /// Whether this card polls: false once shut down, and for an [`Controller::inert`] one.
    pub fn alive(&self) -> bool {
        self.alive.get()
    }

    /// What the polling policy is told (a hidden tab waits at the top of the loop; an error's
    /// wait (Retry-After, backoff) counts from now either way, so it is asked for as if visible).
    fn poll_input(&self) -> PollInput {
        let status = self.status();
        PollInput {
            outcome_pending: status.is_some() && *self.action_from.borrow() == status,
            status,
            since_user_action_ms: self
                .last_action_at
                .get()
                .map(|t| (now_ms() - t).max(0) as u64),
            consecutive_errors: self.consecutive_errors.get(),
            retry_after_ms: self.retry_after_ms.get(),
            lasting_error: self.lasting_error.get(),
            visible: true,
            interval_ms: self.interval_ms,
        }
    }

    fn status(&self) -> Option<Status> {
        // by reference: the execution may carry 10 000 failed hosts
        self.signals
            .execution
            .try_with_untracked(|e| e.as_ref().map(|e| e.status.clone()))
            .flatten()
    }

    async fn run(&self) {
        while self.alive() {
            let settled = self.status().is_some_and(|s| s.is_terminal())
                && self.consecutive_errors.get() == 0
                && !awaits_outcome(&self.poll_input());
            // Without a provider only the user can help (sign in, or the page's setToken). With
            // one, the provider is asked again on the error backoff (up to every 5 minutes) while
            // the form is shown: the portal's session may have been renewed meanwhile.
            let blocked = self
                .signals
                .needs_sign_in
                .try_get_untracked()
                .unwrap_or(true)
                && !self.tokens.has_provider();
            if !self.connected() {
                // out of the document: `tick` wakes the loop if the element comes back
                self.detached.set(true);
                self.waker.sleep(None).await;
                continue;
            }
            // back (or woken by something else first): `tick` must not wake the loop again
            self.detached.set(false);
            if blocked || !page_visible() || (settled && !self.force_refresh.get()) {
                self.waker.sleep(None).await;
                continue;
            }
            // Woken early during an error's wait (the tab or the element came back): the rest of
            // the wait still holds; only the user or the page (`force_refresh`: a new token, an
            // action's outcome) cuts the card's own backoff short, never a wait the server asked
            // for (Retry-After: a portal calling setToken every few seconds keeps to it too).
            // what is left of a wait, from now (so a clock set back meanwhile does not lengthen it)
            let rest = |wait: &Cell<Option<(i64, u64)>>| {
                let left = wait.get().map_or(0, |(until, length)| {
                    until.saturating_sub(now_ms()).min(length as i64).max(0) as u64
                });
                wait.set((left > 0).then(|| (now_ms().saturating_add(left as i64), left)));
                left
            };
            let (backoff, asked) = (rest(&self.backoff_until), rest(&self.asked_until));
            let left = if self.force_refresh.get() {
                asked
            } else {
                backoff
            };
            if left > 0 {
                self.waker.sleep(Some(left)).await;
                continue;
            }
            self.backoff_until.set(None);
            self.asked_until.set(None);
            let forced = self.force_refresh.replace(false);
            self.refresh().await;
            if !self.alive() {
                break;
            }
            if self.search_resume.get().is_some() {
                // a search stopped while nobody could see the card: back to the top, which waits
                // for the card to show and goes on at once then (no new wait is drawn, and a
                // refresh the page or the user asked for is still owed)
                self.force_refresh.set(self.force_refresh.get() || forced);
                continue;
            }
            if self.signals.needs_sign_in.try_get_untracked() == Some(true)
                && !self.tokens.has_provider()
            {
                // only the user or the page goes on from here (the loop's top waits for them):
                // no "Trying again in …"
                self.signals.retry_at.try_set(None);
                continue;
            }
            let input = self.poll_input();
            match next_poll(&input, jitter()) {
                PollDecision::After(ms) => {
                    let errors = self.consecutive_errors.get() > 0;
                    // Steady polls land on a page-wide grid, so cards of one job ask together and
                    // share one request (see `crate::shared`); backoff keeps its jitter.
                    // the user's stop that expires before then is looked at just after it expires
                    let until_expiry = self
                        .signals
                        .attempt
                        .try_with_untracked(|a| a.as_ref().and_then(|a| a.expires_at_ms()))
                        .flatten()
                        .map(|at| at - self.server_now());
                    let ms = if errors {
                        ms
                    } else {
                        expiry_poll(on_grid(now_ms(), ms), until_expiry)
                    };
                    let retry_at = errors.then(|| self.server_now() + ms as i64);
                    if retry_at.is_some() {
                        // "Trying again in …" counts from now, not from the last tick
                        self.signals.now_ms.try_set(self.server_now());
                    }
                    self.signals.retry_at.try_set(retry_at);
                    self.backoff_until
                        .set(errors.then(|| (now_ms().saturating_add(ms as i64), ms)));
                    let asked = self
                        .retry_after_ms
                        .get()
                        .filter(|_| errors)
                        .map(|r| r.min(ms));
                    // a wait an action's answer asked for meanwhile (a poll was out when the
                    // stop was refused with Retry-After) holds too: the later of the two
                    let kept = self
                        .asked_until
                        .get()
                        .filter(|(until, _)| *until > now_ms());
                    let new = asked.map(|r| (now_ms().saturating_add(r as i64), r));
                    self.asked_until.set(match (kept, new) {
                        (Some(k), Some(n)) => Some(if k.0 > n.0 { k } else { n }),
                        (k, n) => n.or(k),
                    });
                    self.waker.sleep(Some(ms)).await;
                }
                PollDecision::Paused | PollDecision::Done => self.waker.sleep(None).await,
            }
        }
    }

    /// One refresh from the executions list, with one token renewal on 401.
    async fn refresh(&self) {
        let seq = self.action_seq.get();
        let (mut used, mut result) = self.find().await;
        let unauthorized =
            |r: &Result<Found, Option<ApiError>>| matches!(r, Err(Some(ApiError::Unauthorized)));
        if unauthorized(&result) && self.tokens.has_provider() && self.tokens.reject(&used) {
            self.fresh_after.set(now_ms());
            (used, result) = self.find().await;
        }
        if !self.alive() || seq != self.action_seq.get() {
            return; // the card is gone, or a user action superseded this poll
        }
        if unauthorized(&result) && !self.tokens.reject(&used) {
            return; // the page handed over a new token meanwhile: the next refresh uses it
        }
        match result {
            Ok(found) => {
                // the end of the outage this card said
                let mut lead =
                    (self.error_said.replace(Said::No) == Said::Here).then_some("Live data again.");
                self.learn_clock(found.server_date.as_deref());
                self.remembered_page.set(Some(found.page));
                let execution = found.execution;
                self.consecutive_errors.set(0);
                self.lasting_error.set(false);
                self.retry_after_ms.set(None);
                self.signals.refresh_error.try_set(None);
                self.signals.retry_at.try_set(None);
                if self.signals.needs_sign_in.try_get_untracked() == Some(true) {
                    // the provider came through while the sign-in form showed
                    self.leave_sign_in();
                    lead = Some("Signed in.");
                }
                self.signals.updated_at.try_set(Some(now_ms()));
                let region = self.signals.announcement;
                let before = region.try_get_untracked();
                self.apply(execution);
                // said before what the answer brought (a status change), not replaced by it;
                // once for the page (one renewed session reaches every card at once)
                if let Some(lead) = lead.filter(|lead| fresh_on_page(lead)) {
                    let after = region.try_get_untracked();
                    say(
                        region,
                        match after {
                            Some(after) if Some(&after) != before.as_ref() => {
                                format!("{lead} {after}")
                            }
                            _ => lead.to_string(),
                        },
                    );
                }
            }
            // needs sign-in (already shown), or a search stopped while nobody could see the card
            Err(None) => {}
            Err(Some(error)) => {
                if error == ApiError::Unauthorized {
                    self.signals.needs_sign_in.try_set(true);
                }
                self.consecutive_errors
                    .set(self.consecutive_errors.get().saturating_add(1));
                self.lasting_error.set(!error.is_retryable());
                self.retry_after_ms.set(error.retry_after_ms());
                // Said once per outage, not at every retry or countdown second; not for a blip
                // that one retry may cure (unless the card has nothing to show yet); not over a
                // failed action's message, which has just been said and names the same cause.
                let worth_saying = self.consecutive_errors.get() >= 2
                    || !error.is_retryable()
                    || self.signals.execution.try_with_untracked(Option::is_none) == Some(true);
                if worth_saying && !self.action_error_shown() && self.error_said.get() == Said::No {
                    self.error_said.set(
                        if say_on_page(self.signals.announcement, &error.message()) {
                            Said::Here
                        } else {
                            Said::Elsewhere
                        },
                    );
                }
                self.signals.refresh_error.try_set(Some(error));
            }
        }
    }

    /// The token used (empty when there was none) and the outcome. `Err(None)`: no token (the
    /// sign-in form is shown instead), or a search stopped while nobody could see the card.
    async fn find(&self) -> (String, Result<Found, Option<ApiError>>) {
        let token = match self.token().await {
            Ok(token) => token,
            Err(error) => return (String::new(), Err(error)),
        };
        // unmounted while the provider was answering: ask nothing
        if !self.alive() {
            return (token, Err(None));
        }
        self.asking_first();
        let fresh_after = self
            .fresh_after
            .get()
            .max(self.last_action_at.get().unwrap_or(0));
        let result = self
            .api
            .find_execution(
                &token,
                &self.execution_id,
                self.remembered_page.get(),
                self.search_resume.get(),
                fresh_after,
                // the sign-in form shows (this token, or the one before it, was refused): only
                // an answer to this card's own token may take it away
                self.signals.needs_sign_in.try_get_untracked() == Some(true),
                // a search over many pages stops while nobody can see the card (a hidden tab asks
                // nothing); the loop starts it again when the card shows
                &|| self.alive() && self.connected() && page_visible(),
            )
            .await;
        // stopped before the end: nothing to show, and no error; it goes on from there next time
        self.search_resume.set(None);
        let result = match result {
            Ok(Searched::Found(found)) => Ok(found),
            Ok(Searched::Paused(page)) => {
                self.search_resume.set(Some(page));
                Err(None)
            }
            Err(error) => Err(Some(error)),
        };
        (token, result)
    }

    async fn token(&self) -> Result<String, Option<ApiError>> {
        match self.tokens.get().await {
            Ok(token) => Ok(token),
            Err(TokenError::NeedsSignIn) => {
                self.signals.needs_sign_in.try_set(true);
                Err(None)
            }
            Err(TokenError::Provider(message)) => Err(Some(ApiError::TokenProvider { message })),
        }
    }

    /// Shows `execution` as if the server had just sent it (the rehearsal card's one answer).
    pub fn show(&self, execution: Execution) {
        self.signals.updated_at.try_set(Some(now_ms()));
        self.apply(execution);
    }

    /// Shows a new execution document and follows the outcome of a stop or kill.
    fn apply(&self, mut execution: Execution) {
        let signals = self.signals;
        // the list page documents only the latest run: keep the runs an earlier answer (a stop or
        // restart reply) showed, or the run rows would jump back to one at the next poll
        signals.execution.try_with_untracked(|shown| {
            if let Some(shown) = shown {
                execution.keep_history(shown);
            }
        });
        execution.fill_in(&self.api.job);
        let previous = self.status();
        let status = execution.status.clone();
        // a change is said; the first status is not (it is the card's content: ten cards on a
        // dashboard would each speak as the page loads)
        if previous.as_ref().is_some_and(|p| *p != status) {
            // with several cards on the page (a dashboard), which execution it is: a poll's
            // change is said whichever card the user is on
            let mut text = self.spoken_name().unwrap_or_else(|| "Execution".into());
            text.push_str(" status: ");
            text.push_str(status.label());
            say(signals.announcement, text);
        }
        // whether a notice here says what happened to the user's stop (then closing a
        // confirmation below adds none)
        let mut explained = false;
        let changed = previous.is_some() && previous.as_ref() != Some(&status);
        // the status an action in flight asks for showed up meanwhile (its answer may get lost)
        if let Some(ActionState::Sending(action)) = signals.action.try_get_untracked() {
            if changed && action.shows(&status) {
                self.answer_seen.set(true);
            }
        }
        if let Some(attempt) = signals.attempt.try_get_untracked().flatten() {
            let back_to_running = matches!(
                status,
                Status::Running | Status::Pending | Status::Initializing
            );
            let unconfirmed = !attempt.confirmed;
            // a request that got no answer reached the server within its timeout, if at all:
            // past that, a change is someone else's doing
            let given_up = unconfirmed && self.server_now() - attempt.sent_at_ms > UNCONFIRMED_MS;
            // The action's status showing up is news of it, taken before `given_up`: after polls
            // that failed or paused (an outage, a hidden tab) it may come later than that (once
            // polls did answer past that time with no sign of it, the attempt is already gone).
            // Not past the signal's own expiry, though: a STOPPING after that is someone else's.
            let its_status = unconfirmed && changed && attempt.action.shows(&status);
            let in_time = attempt
                .expires_at_ms()
                .is_none_or(|at| self.server_now() < at + 2_000);
            if its_status && in_time {
                // an action whose answer was lost reached the server (or someone else's did)
                explained = true;
                signals.attempt.try_set(Some(SignalAttempt {
                    confirmed: true,
                    ..attempt
                }));
                signals.offer_kill.try_set(false);
                self.notify(
                    NoticeKind::Info,
                    &format!(
                        "The status changed to {}: your {} (or another) reached the Runner service.",
                        status.label(),
                        attempt.action.verb()
                    ),
                );
            } else if given_up || its_status {
                explained = true;
                signals.attempt.try_set(None);
                self.notify(
                    NoticeKind::Info,
                    &if changed {
                        format!("The status changed to {}.", status.label())
                    } else {
                        format!(
                            "Nothing shows that the {} reached the Runner service: the execution is still {}.",
                            attempt.action.verb(),
                            status.label().to_ascii_lowercase()
                        )
                    },
                );
            } else if unconfirmed && !status.is_terminal() {
                // not (yet) arrived: the error shown says so
            } else if back_to_running && attempt.action == Action::Stop {
                explained = true;
                signals.attempt.try_set(None);
                signals.offer_kill.try_set(true);
                // `Date` has whole seconds and the server starts the expiry when the stop arrives:
                // allow for both before calling it expired
                let expired = attempt
                    .expires_at_ms()
                    .is_some_and(|at| self.server_now() + 2_000 >= at);
                self.notify(
                    NoticeKind::Warning,
                    if expired {
                        "The stop signal expired before the play reached a safe point: the execution is still running. You can kill it instead."
                    } else {
                        "The execution is running again although the stop signal had not expired (it may have been restarted). You can stop it again or kill it."
                    },
                );
            } else if status.is_terminal() {
                explained = true;
                signals.attempt.try_set(None);
                signals.offer_kill.try_set(false);
                self.notify(NoticeKind::Info, &ended_text(&status));
            }
        }
        // the "you can kill it instead" notice no longer applies
        let kill_offer_gone =
            !status.can_kill() && signals.offer_kill.try_get_untracked() == Some(true);
        if kill_offer_gone {
            signals.offer_kill.try_set(false);
        }
        // a failed action's error is about the status it failed in: once that has changed (the
        // execution finished, or someone else stopped it), say so instead of keeping the error
        if kill_offer_gone || (changed && self.action_error_shown()) {
            self.notify(
                NoticeKind::Info,
                &format!("The status changed to {}.", status.label()),
            );
        }
        // An open confirmation is closed when its action no longer applies, and when what Stop
        // does changes: going into STOPPING (someone else stopped the execution: Confirm would
        // replace their signal) or out of it (the signal it would replace has expired).
        if let Some(ActionState::Confirming { action, .. }) = signals.action.try_get_untracked() {
            let offer_kill = signals.offer_kill.try_get_untracked().unwrap_or(false);
            let allowed = action.allowed_by(&status, offer_kill);
            let stopping = |s: &Status| *s == Status::Stopping;
            let stop_changed = action == Action::Stop
                && changed
                && (previous.as_ref().is_some_and(stopping) || stopping(&status));
            if !allowed || stop_changed {
                signals.action.try_set(ActionState::Idle);
                let label = status.label();
                if !allowed {
                    self.notify(
                        NoticeKind::Info,
                        &format!(
                            "The status changed to {label}, so the execution can no longer be {}.",
                            past(action)
                        ),
                    );
                } else if !explained {
                    self.notify(
                        NoticeKind::Info,
                        &format!("The status changed to {label} while you were confirming. Check it, then stop again if you still want to."),
                    );
                }
            }
        }
        if signals
            .execution
            .try_with_untracked(|e| e.as_ref() != Some(&execution))
            == Some(true)
        {
            // elapsed times read the server's clock from the first answer (the tick comes later)
            signals.now_ms.try_set(self.server_now());
            signals.execution.try_set(Some(execution));
        }
    }

    /// Whether the notice shows a failed action (the only notices of kind error).
    fn action_error_shown(&self) -> bool {
        self.signals
            .notice
            .try_with_untracked(|n| n.as_ref().map(|n| n.kind))
            .flatten()
            == Some(NoticeKind::Error)
    }

    fn notify(&self, kind: NoticeKind, text: &str) {
        self.signals.notice.try_set(Some(Notice {
            kind,
            text: text.to_string(),
        }));
        // said with the execution's name when the page shows several cards (an outcome can come
        // while the user is on another one)
        let mut said = self
            .spoken_name()
            .map(|name| name + ": ")
            .unwrap_or_default();
        said.push_str(text);
        say(self.signals.announcement, said);
    }

    /// "Execution 7a1c2e3f" when the page shows other cards beside this one: then what the card
    /// says names its execution. `None` for a card alone.
    fn spoken_name(&self) -> Option<String> {
        let several = self
            .host
            .borrow()
            .as_ref()
            .is_some_and(several_cards_on_page);
        several.then(|| {
            let mut name = String::from("Execution ");
            name.extend(self.execution_id.chars().take(8));
            name
        })
    }

    /// The user pressed Stop (or Kill / Restart): validate, then ask for confirmation.
    /// Returns whether the expiry entry was refused (the view then focuses it).
    pub fn request(&self, action: Action) -> bool {
        let signals = self.signals;
        // Stop stays focusable once the execution has ended (`aria-disabled`): a press does nothing
        if signals.action.get_untracked() != ActionState::Idle || !self.allows(action) {
            return false;
        }
        let expiry_secs = match action {
            Action::Stop => match parse_expiry(&signals.expiry_input.get_untracked()) {
                Ok(secs) => secs,
                Err(error) => {
                    signals.expiry_error.set(Some(error));
                    return true;
                }
            },
            Action::Kill | Action::Restart => 0,
        };
        signals.expiry_error.set(None);
        signals.action.set(ActionState::Confirming {
            action,
            expiry_secs,
        });
        false
    }

    /// Whether the execution's status lets the user start `action` now.
    fn allows(&self, action: Action) -> bool {
        let offer_kill = self.signals.offer_kill.get_untracked();
        self.status()
            .is_some_and(|st| action.allowed_by(&st, offer_kill))
    }

    /// Cancel on the confirmation.
    pub fn cancel(&self) {
        if matches!(
            self.signals.action.get_untracked(),
            ActionState::Confirming { .. }
        ) {
            self.signals.action.set(ActionState::Idle);
        }
    }

    /// Confirm on the confirmation: sends exactly one request.
    pub fn confirm(&self) {
        let ActionState::Confirming {
            action,
            expiry_secs,
        } = self.signals.action.get_untracked()
        else {
            return; // a second click, or nothing to confirm
        };
        if !self.allows(action) {
            self.signals.action.set(ActionState::Idle);
            return; // the status changed under the confirmation (apply() closes it too)
        }
        self.signals.action.set(ActionState::Sending(action));
        self.signals.notice.set(None);
        let this = self.clone();
        spawn_local(async move { this.send(action, expiry_secs).await });
    }

    async fn send(&self, action: Action, expiry_secs: u32) {
        let before = self.status();
        // an earlier action's outcome is no longer awaited (this one's may be, below)
        self.action_from.replace(None);
        self.answer_seen.set(false);
        // The server starts a stop's expiry when the request arrives, after it was sent: counted
        // from the send (once the token provider has answered), not from the reply (a slow reply
        // would push the expiry past the truth).
        let (used, mut sent_at, mut result) = self.send_once(action, expiry_secs).await;
        let unauthorized = matches!(result, Err(Some(ApiError::Unauthorized)));
        // a 401 means nothing was done: safe to send again with a fresh token (the provider's, or
        // one the page handed over while the request was in flight)
        if unauthorized
            && self.alive()
            && (!self.tokens.reject(&used) || self.tokens.has_provider())
        {
            let (again, at, second) = self.send_once(action, expiry_secs).await;
            sent_at = at;
            if matches!(second, Err(Some(ApiError::Unauthorized))) {
                self.tokens.reject(&again);
            }
            result = second;
        }
        if !self.alive() {
            return;
        }
        self.action_seq.set(self.action_seq.get() + 1);
        // refused as busy with a wait (429, 503 + Retry-After): nothing was done, and the server
        // asked the card to wait, polls included (a rate limit is the whole API's); otherwise the
        // outcome is polled for at once and then fast
        let asked = match &result {
            // no longer than polls wait for one (an hour)
            Err(Some(error)) if !error.may_have_arrived() => error
                .retry_after_ms()
                .map(|ms| ms.min(runner_core::policy::MAX_INTERVAL_MS)),
            _ => None,
        };
        match asked {
            Some(wait) => self
                .asked_until
                .set(Some((now_ms().saturating_add(wait as i64), wait))),
            None => self.last_action_at.set(Some(now_ms())),
        }
        let signals = self.signals;
        signals.action.try_set(ActionState::Idle);
        // The server accepted it (a 2xx, even one whose body can't be read), or may have (no
        // answer came back): follow its outcome. Without an answer, it is known to have arrived
        // when the status it asks for showed up meanwhile; a new signal sent while the first one's
        // status holds (a stop while STOPPING) leaves the first one followed.
        let unknown = matches!(&result, Err(Some(e)) if e.may_have_arrived());
        let seen = self.answer_seen.get();
        // already in the action's status (a stop while STOPPING), and nothing new seen: the
        // signal followed so far stays; with none, the new one is followed (the execution is
        // stopping anyway)
        let already = unknown && !seen && before.as_ref() == Some(&action.answer());
        let following = signals
            .attempt
            .try_with_untracked(|a| a.is_some_and(|a| a.action == action))
            == Some(true);
        let resent = already && following;
        let confirmed = !unknown || seen || already;
        if (unknown && !resent) || matches!(result, Ok(_) | Err(Some(ApiError::Decode(_)))) {
            let attempt = SignalAttempt {
                action,
                sent_at_ms: sent_at,
                expiry_secs,
                confirmed,
            };
            signals
                .attempt
                .try_set((action != Action::Restart).then_some(attempt));
            // polled until its outcome shows, even from a terminal status (a restart from FAILURE)
            *self.action_from.borrow_mut() = before.clone();
            // the countdown starts from now, not from the last tick (up to 1 s ago)
            signals.now_ms.try_set(self.server_now());
            if confirmed {
                signals.offer_kill.try_set(false);
            }
        }
        match result {
            // the reply describes this execution (a reply about another one is not shown: the
            // refresh below reads the card's own)
            Ok(execution) if *execution.execution_id == *self.execution_id => {
                self.consecutive_errors.set(0);
                // The reply describes the moment the request arrived. A poll answered while it
                // was out may already show a later status (KILLED before the reply's KILLING
                // comes): then the reply is not shown, and the refresh below decides.
                let now = self.status();
                let overtaken = now != before && now.as_ref() != Some(&execution.status);
                if !overtaken {
                    self.apply(execution);
                }
            }
            Ok(_) => {}
            // no token: the sign-in form is shown
            Err(None) => self.notify(
                NoticeKind::Error,
                &format!("Sign in to {} the execution.", action.verb()),
            ),
            Err(Some(ApiError::NotRunning { .. })) => {
                self.notify(
                    NoticeKind::Info,
                    &if action == Action::Restart {
                        // someone else restarted it, and a card does not poll a failed execution
                        "The execution is no longer failed (it may have been restarted already), so it was not restarted. The card has been refreshed.".to_string()
                    } else {
                        format!("The execution had already finished, so it was not {}. The card has been refreshed.", past(action))
                    },
                );
            }
            Err(Some(ApiError::Decode(_))) => {
                self.notify(
                    NoticeKind::Warning,
                    &format!(
                        "The {} request was sent, but the response couldn't be read. Refreshing…",
                        action.verb()
                    ),
                );
            }
            Err(Some(error)) => {
                if error == ApiError::Unauthorized {
                    signals.needs_sign_in.try_set(true);
                }
                let verb = action.verb();
                let cause = error.action_message();
                let answer = action.answer();
                if unknown && seen {
                    let now = self
                        .status()
                        .map(|s| s.label().to_string())
                        .unwrap_or_default();
                    self.notify(
                        NoticeKind::Info,
                        &format!("The {verb} couldn't be confirmed, but the status changed to {now}: it (or another) reached the Runner service."),
                    );
                } else {
                    self.notify(
                        NoticeKind::Error,
                        &if resent {
                            format!("Couldn't confirm the new {verb} signal. {cause} The earlier one still applies, unless the new one reached the Runner service.")
                        } else if already {
                            format!("Couldn't confirm the {verb} signal. {cause} The execution was already {}: the card follows it.", answer.label().to_ascii_lowercase())
                        } else if unknown {
                            format!("Couldn't confirm the {verb}. {cause} If it reached the Runner service, the status will change to {}.", answer.label())
                        } else {
                            format!("Couldn't {verb} the execution. {cause}")
                        },
                    );
                }
            }
        }
        self.refresh_now();
    }

    async fn send_once(
        &self,
        action: Action,
        expiry_secs: u32,
    ) -> (String, i64, Result<Execution, Option<ApiError>>) {
        let token = match self.token().await {
            Ok(token) => token,
            Err(error) => return (String::new(), self.server_now(), Err(error)),
        };
        let sent_at = self.server_now();
        // unmounted while the provider was answering (a renewal after a 401): send nothing
        if !self.alive() {
            return (token, sent_at, Err(None));
        }
        let id = &self.execution_id;
        let reply = match action {
            Action::Stop => self.api.stop(&token, id, expiry_secs).await,
            Action::Kill => self.api.kill(&token, id, expiry_secs).await,
            Action::Restart => self.api.restart(&token, id).await,
        };
        (token, sent_at, reply.map(|r| r.value).map_err(Some))
    }

    /// The sign-in form was submitted.
    pub fn sign_in(&self, username: String, password: String) {
        let signals = self.signals;
        if signals.signing_in.get_untracked() {
            return;
        }
        if username.trim().is_empty() || password.is_empty() {
            signals
                .sign_in_error
                .set(Some("Enter your user name and password.".into()));
            return;
        }
        signals.signing_in.set(true);
        signals.sign_in_error.set(None);
        let this = self.clone();
        spawn_local(async move {
            let result = this.api.login(username.trim(), &password).await;
            if !this.alive() {
                return;
            }
            this.signals.signing_in.try_set(false);
            match result {
                Ok(token) => {
                    this.signed_in();
                    this.set_token(token);
                }
                Err(error) => {
                    this.signals
                        .sign_in_error
                        .try_set(Some(error.login_message()));
                }
            }
        });
    }
}

fn past(action: Action) -> &'static str {
    match action {
        Action::Stop => "stopped",
        Action::Kill => "killed",
        Action::Restart => "restarted",
    }
}

/// Delay from `now` to the next multiple of `interval` (at least half an interval away).
fn on_grid(now: i64, interval: u64) -> u64 {
    let interval_i = interval.max(1) as i64;
    let next = (now.div_euclid(interval_i) + 1) * interval_i;
    let delay = (next - now) as u64;
    if delay < interval / 2 {
        delay + interval
    } else {
        delay
    }
}
