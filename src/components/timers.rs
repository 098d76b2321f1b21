use leptos::prelude::*;
use runner_core::{format_duration, format_iso, format_utc, running_timer, Timer};

use leptos::html;

use super::{flag, focus_next_frame, handler, maybe_text, text, Fresh};
use crate::platform::{format_local, local_format_ready};

/// How many of the most recent runs are listed before "Show N earlier runs".
pub const RECENT_RUNS: usize = 10;

/// One row per run (start/end pair), a live elapsed time for the open run, and the total.
/// Executions restarted many times list their most recent runs; earlier ones render on demand.
/// One fixed structure (parts that do not apply are `hidden`), which keeps the generated code small.
#[component]
pub fn TimerTable(
    /// The execution's timers, oldest first (rows are rebuilt only when they change; the
    /// user's choices, earlier runs shown and UTC, are kept).
    #[prop(into)]
    timers: Signal<Vec<Timer>>,
    /// The ticking clock (epoch ms).
    #[prop(into)]
    now_ms: Signal<i64>,
    /// Whether the execution has finished: then no timer runs, even one the server left open.
    /// (A memo, like `whole`: the rows are rebuilt when it changes.)
    #[prop(into)]
    finished: Signal<bool>,
    /// Whether the timers are every run (a list page's flat `start`/`end` is the latest only:
    /// then runs are not numbered).
    #[prop(into)]
    whole: Signal<bool>,
) -> impl IntoView {
    let count = move || timers.with(|t| t.len());
    let utc = RwSignal::new(false);
    let all_runs = RwSignal::new(false);
    let first_shown = move || {
        if all_runs.get() {
            0
        } else {
            count().saturating_sub(RECENT_RUNS)
        }
    };
    let utc_ref = NodeRef::<html::Button>::new();
    // "Show earlier runs" hides itself: keyboard focus moves on to the next control
    let show_earlier = move |_| {
        all_runs.set(true);
        focus_next_frame(utc_ref);
    };
    // the one open timer that counts up (the server may leave others open: their end is unknown)
    let running = move || timers.with(|all| running_timer(all, finished.get()));
    let total = move || {
        let (now, run) = (now_ms.get(), running());
        timers.with(|all| {
            let total = all.iter().enumerate().fold(0i64, |sum, (index, t)| {
                sum.saturating_add(t.elapsed_ms(now, run == Some(index)).unwrap_or(0))
            });
            format_duration(total)
        })
    };
    // rebuilt whole when the runs change (seldom: a restart, a stop, "Show earlier runs"), not
    // patched (`Fresh`): rows hold nothing focusable, and the live duration is its own text.
    // (`finished` and `whole` are memos: another change to the execution, its status or its
    // hosts, does not rebuild them.)
    let rows = move || {
        let (from, run, whole) = (first_shown(), running(), whole.get());
        Fresh(timers.with(|all| {
            let last = all.len().saturating_sub(1);
            all.iter()
                .enumerate()
                .skip(from)
                .map(|(index, timer)| {
                    let label = match (whole, index == last) {
                        (true, _) => format!("Run {}", index + 1),
                        (false, true) => "Latest run".into(),
                        (false, false) => "Earlier run".into(),
                    };
                    row(label, timer.clone(), now_ms, utc, run == Some(index))
                })
                .collect::<Vec<_>>()
        }))
    };
    let none = flag(move || count() == 0);
    view! {
        <p class="rw-muted" hidden=flag(move || count() > 0)>"No run recorded yet."</p>
        <div class="rw-timers__bar" hidden=none>
            <button type="button" class="rw-btn rw-btn--small" hidden=flag(move || first_shown() == 0)
                on:click=handler(show_earlier)>
                {text(move || format!("Show {} earlier runs", first_shown()))}
            </button>
            <button type="button" class="rw-btn rw-btn--small" aria-pressed=text(move || utc.get().to_string()) node_ref=utc_ref
                on:click=handler(move |_| utc.update(|u| *u = !*u))>"Show times in UTC"</button>
        </div>
        // the wrapper is the container the narrow layout asks about (a table can't be one)
        <div class="rw-timers__wrap"><table class="rw-timers" hidden=none>
            <caption class="rw-sr-only">"Run timers"</caption>
            <thead><tr><th scope="col">"Run"</th><th scope="col">"Started"</th><th scope="col">"Ended"</th><th scope="col">"Duration"</th></tr></thead>
            <tbody>{rows}</tbody>
            <tfoot hidden=flag(move || count() < 2)>
                <tr><th scope="row" colspan="3">"Total run time"</th><td class="rw-timers__total">{text(total)}</td></tr>
            </tfoot>
        </table></div>
    }
}

/// One run: its label ("Run 2"), start, end ("running", or "not recorded" for an open timer that
/// does not run) and duration (live while running).
fn row(
    label: String,
    timer: Timer,
    now_ms: Signal<i64>,
    utc: RwSignal<bool>,
    running: bool,
) -> impl IntoView {
    let (start, end) = (timer.start, timer.end);
    let duration = move || {
        timer
            .elapsed_ms(now_ms.get(), running)
            .map_or_else(|| "not recorded".into(), format_duration)
    };
    let missing = if running { "running" } else { "not recorded" };
    view! {
        <tr class=running.then_some("rw-timers__open")>
            <th scope="row">{label}</th>
            <td data-label="Started">{instant(Some(start), utc, "")}</td>
            <td data-label="Ended">{instant(end, utc, missing)}</td>
            <td data-label="Duration" class="rw-timers__duration">{text(duration)}</td>
        </tr>
    }
}

/// An instant in the user's locale and time zone, or in UTC; the other form in the tooltip.
/// Until the page's locale formatter exists (created just after the first paint), UTC is shown
/// with no tooltip. No instant reads `missing` ("running", "not recorded").
fn instant(epoch_ms: Option<i64>, utc: RwSignal<bool>, missing: &'static str) -> impl IntoView {
    let universal = epoch_ms.map(format_utc).unwrap_or_default();
    let local = move || {
        local_format_ready()
            .then(|| epoch_ms.map(format_local))
            .flatten()
    };
    let shown = universal.clone();
    let label = move || {
        if utc.get() {
            shown.clone()
        } else {
            local().unwrap_or_else(|| shown.clone())
        }
    };
    let title = maybe_text(move || {
        let local = local()?;
        Some(if utc.get() { local } else { universal.clone() })
    });
    view! {
        <time datetime=epoch_ms.map(format_iso) title=title hidden=epoch_ms.is_none()>{text(label)}</time>
        <span class=if missing == "running" { "rw-running" } else { "rw-muted" } hidden=epoch_ms.is_some()>{missing}</span>
    }
}
