//! Thin wrappers over the browser: clock, locale time formatting, wakeable sleeps, visibility.
//! Nothing here panics: a missing `window` (tests, workers) degrades to harmless defaults.

use std::cell::RefCell;
use std::rc::Rc;

use std::time::Duration;

use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::prelude::{request_animation_frame, set_timeout, ArcRwSignal, Get, Set};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Milliseconds since the epoch, from the browser clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A random number in `[0, 1)` for backoff jitter.
pub fn jitter() -> f64 {
    js_sys::Math::random()
}

/// The page's origin (`location.origin`; `"null"` for an opaque one).
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Whether the page is visible (`document.hidden` is false). Unknown counts as visible.
pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| !d.hidden())
        .unwrap_or(true)
}

/// Whether the page shows more than one card where `host` is: in its document, or in its shadow
/// root (configuration messages, and the rehearsal's card, which is never on the page, not
/// counted).
pub fn several_cards_on_page(host: &web_sys::Element) -> bool {
    use wasm_bindgen::JsCast;
    // a document, a shadow root, or (out of the document) the top of its tree: each of them has
    // `querySelectorAll`, which is all that is called on it
    host.get_root_node()
        .unchecked_into::<web_sys::Element>()
        .query_selector_all("section.rw-card")
        .is_ok_and(|cards| cards.length() > 1)
}

thread_local! {
    static LOCAL_FORMAT: RefCell<Option<Function>> = const { RefCell::new(None) };
    /// Whether `LOCAL_FORMAT` exists: views show UTC until then and re-render when it flips.
    static LOCAL_READY: ArcRwSignal<bool> = ArcRwSignal::new(false);
    static LOCAL_SCHEDULED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Creates the page's `Intl.DateTimeFormat` if it does not exist yet. Its first creation costs tens
/// of milliseconds (locale data), so cards ask for it with [`prepare_local_format_soon`] once their
/// first data is on screen, not on the way to it.
pub fn prepare_local_format() {
    let created = LOCAL_FORMAT.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_some() {
            return false;
        }
        let options = Object::new();
        let _ = Reflect::set(&options, &"dateStyle".into(), &"medium".into());
        // "long": with the time zone ("9:32:55 AM GMT+2"), so a local time is never ambiguous
        let _ = Reflect::set(&options, &"timeStyle".into(), &"long".into());
        let formatter = js_sys::Intl::DateTimeFormat::new(&Array::new(), &options);
        *slot = Some(formatter.format());
        true
    });
    if created {
        LOCAL_READY.with(|ready| ready.set(true));
    }
}

/// Schedules [`prepare_local_format`] after the next paint (once per page).
pub fn prepare_local_format_soon() {
    if LOCAL_SCHEDULED.with(|s| s.replace(true)) {
        return;
    }
    request_animation_frame(|| set_timeout(prepare_local_format, Duration::ZERO));
}

/// Whether local times can be formatted now (tracked: a view reading it updates when it can).
pub fn local_format_ready() -> bool {
    LOCAL_READY.with(|ready| ready.get())
}

/// Formats an epoch-millisecond instant in the user's locale and time zone (`Intl.DateTimeFormat`).
pub fn format_local(epoch_ms: i64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(epoch_ms as f64));
    if date.get_time().is_nan() {
        return runner_core::format_utc(epoch_ms);
    }
    prepare_local_format();
    LOCAL_FORMAT.with(|cell| {
        cell.borrow()
            .as_ref()
            .and_then(|format| format.call1(&JsValue::NULL, &date).ok())
            .and_then(|text| text.as_string())
            .unwrap_or_else(|| runner_core::format_utc(epoch_ms))
    })
}

/// `promise` raced with a timer: settles when `promise` does, or after `ms` at the latest. Only
/// for waiting (whether it is fulfilled or rejected says nothing).
pub fn settled_or_after(promise: &Promise, ms: i32) -> Promise {
    let timer = Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    Promise::race(&js_sys::Array::of2(promise, &timer))
}

/// A sleep that can be cut short. `wake()` resolves the pending sleep (if any) at once;
/// `cancel()` clears the timer so nothing fires after the card is gone.
#[derive(Clone, Default)]
pub struct Waker {
    inner: Rc<RefCell<WakerInner>>,
}

#[derive(Default)]
struct WakerInner {
    resolve: Option<Function>,
    timer: Option<i32>,
    woken_early: bool,
}

impl Waker {
    /// Sleeps `ms` milliseconds, or until `wake()`; `None` sleeps until `wake()` only.
    pub async fn sleep(&self, ms: Option<u64>) {
        if std::mem::take(&mut self.inner.borrow_mut().woken_early) {
            return;
        }
        let inner = self.inner.clone();
        let promise = Promise::new(&mut |resolve, _reject| {
            let mut state = inner.borrow_mut();
            if let (Some(ms), Some(window)) = (ms, web_sys::window()) {
                let delay = ms.min(i32::MAX as u64) as i32;
                state.timer = window
                    .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay)
                    .ok();
            }
            state.resolve = Some(resolve);
        });
        let _ = JsFuture::from(promise).await;
        let mut state = self.inner.borrow_mut();
        state.resolve = None;
        state.timer = None;
    }

    /// Ends the current sleep now; if none is pending, the next sleep returns at once.
    pub fn wake(&self) {
        let (resolve, timer) = {
            let mut state = self.inner.borrow_mut();
            let resolve = state.resolve.take();
            if resolve.is_none() {
                state.woken_early = true;
            }
            (resolve, state.timer.take())
        };
        clear_timer(timer);
        if let Some(resolve) = resolve {
            let _ = resolve.call0(&JsValue::NULL);
        }
    }

    /// Clears any timer without resolving (used on unmount; the loop checks its alive flag).
    pub fn cancel(&self) {
        let timer = self.inner.borrow_mut().timer.take();
        clear_timer(timer);
        self.wake();
    }
}

fn clear_timer(timer: Option<i32>) {
    if let (Some(id), Some(window)) = (timer, web_sys::window()) {
        window.clear_timeout_with_handle(id);
    }
}
