use leptos::prelude::*;
use runner_core::{format_duration, format_iso, format_utc, running_timer, Timer};

use super::focus_next_frame;
use crate::dom::{el, El};
use crate::platform::{format_local, local_format_ready};

/// How many of the most recent runs are listed before "Show N earlier runs".
pub const RECENT_RUNS: usize = 10;

/// One row per run (start/end pair), a live elapsed time for the open run, and the total.
/// Executions restarted many times list their most recent runs; earlier ones render on demand.
/// One fixed structure (parts that do not apply are `hidden`), which keeps the generated code small.
/// Three elements side by side: the "no run" note, the bar of buttons and the table's wrapper.
///
/// - `timers`: the execution's timers, oldest first (rows are rebuilt only when they change; the
///   user's choices, earlier runs shown and UTC, are kept).
/// - `now_ms`: the ticking clock (epoch ms).
/// - `finished`: whether the execution has finished: then no timer runs, even one the server left
///   open. (A memo, like `whole`: the rows are rebuilt when it changes.)
/// - `whole`: whether the timers are every run (a list page's flat `start`/`end` is the latest
///   only: then runs are not numbered).
pub fn timer_table(
    timers: Signal<Vec<Timer>>,
    now_ms: Signal<i64>,
    finished: Signal<bool>,
    whole: Signal<bool>,
) -> Vec<El> {
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
    // rebuilt whole (`dyn_children`) when the runs change (seldom: a restart, a stop, "Show
    // earlier runs"), not patched: rows hold nothing focusable, and the live duration is its own
    // text. (`finished` and `whole` are memos: another change to the execution, its status or its
    // hosts, does not rebuild them.)
    let rows = move || {
        let (from, run, whole) = (first_shown(), running(), whole.get());
        timers.with(|all| {
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
        })
    };
    let utc_button = el("button")
        .attr("type", "button")
        .class("rw-btn rw-btn--small")
        .dyn_value_attr("aria-pressed", move || utc.get().to_string())
        .on("click", move |_| utc.update(|u| *u = !*u))
        .text("Show times in UTC");
    let utc_target = utc_button.clone();
    let show_earlier = el("button")
        .attr("type", "button")
        .class("rw-btn rw-btn--small")
        .hidden(move || first_shown() == 0)
        // "Show earlier runs" hides itself: keyboard focus moves on to the next control
        .on("click", move |_| {
            all_runs.set(true);
            focus_next_frame(utc_target.clone());
        })
        .dyn_text(move || match first_shown() {
            1 => "Show 1 earlier run".into(),
            n => format!("Show {n} earlier runs"),
        });
    let head: Vec<El> = ["Run", "Started", "Ended", "Duration"]
        .into_iter()
        .map(|name| el("th").attr("scope", "col").text(name))
        .collect();
    let foot = el("tr")
        .child(
            el("th")
                .attr("scope", "row")
                .attr("colspan", "3")
                .text("Total run time"),
        )
        .child(el("td").class("rw-timers__total").dyn_text(total));
    let table = el("table")
        .class("rw-timers")
        .hidden(move || count() == 0)
        .child(el("caption").class("rw-sr-only").text("Run timers"))
        .child(el("thead").child(el("tr").children(head)))
        .child(el("tbody").dyn_children(rows))
        .child(el("tfoot").hidden(move || count() < 2).child(foot));
    vec![
        el("p")
            .class("rw-muted")
            .hidden(move || count() > 0)
            .text("No run recorded yet."),
        el("div")
            .class("rw-timers__bar")
            .hidden(move || count() == 0)
            .child(show_earlier)
            .child(utc_button),
        // the wrapper is the container the narrow layout asks about (a table can't be one)
        el("div").class("rw-timers__wrap").child(table),
    ]
}

/// One run: its label ("Run 2"), start, end ("running", or "not recorded" for an open timer that
/// does not run) and duration (live while running).
fn row(label: String, timer: Timer, now_ms: Signal<i64>, utc: RwSignal<bool>, running: bool) -> El {
    let (start, end) = (timer.start, timer.end);
    let duration = move || {
        timer
            .elapsed_ms(now_ms.get(), running)
            .map_or_else(|| "not recorded".into(), format_duration)
    };
    let missing = if running { "running" } else { "not recorded" };
    let tr = el("tr");
    let tr = if running {
        tr.class("rw-timers__open")
    } else {
        tr
    };
    tr.child(el("th").attr("scope", "row").text(&label))
        .child(
            el("td")
                .attr("data-label", "Started")
                .children(instant(Some(start), utc, "")),
        )
        .child(
            el("td")
                .attr("data-label", "Ended")
                .children(instant(end, utc, missing)),
        )
        .child(
            el("td")
                .attr("data-label", "Duration")
                .class("rw-timers__duration")
                .dyn_text(duration),
        )
}

/// An instant in the user's locale and time zone, or in UTC; the other form in the tooltip.
/// Until the page's locale formatter exists (created just after the first paint), UTC is shown
/// with no tooltip. No instant reads `missing` ("running", "not recorded").
/// Two elements side by side: the `time`, and the `span` shown instead when there is no instant.
fn instant(epoch_ms: Option<i64>, utc: RwSignal<bool>, missing: &'static str) -> Vec<El> {
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
    let mut time = el("time");
    if let Some(ms) = epoch_ms {
        time = time.attr("datetime", &format_iso(ms));
    }
    time = time.dyn_attr("title", move || {
        let local = local()?;
        Some(if utc.get() { local } else { universal.clone() })
    });
    if epoch_ms.is_none() {
        time = time.attr("hidden", "");
    }
    let class = if missing == "running" {
        "rw-running"
    } else {
        "rw-muted"
    };
    let mut span = el("span").class(class);
    if epoch_ms.is_some() {
        span = span.attr("hidden", "");
    }
    vec![time.dyn_text(label), span.text(missing)]
}
