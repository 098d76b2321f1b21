use leptos::prelude::*;
use runner_core::{format_duration, format_utc, Timer};

use crate::platform::{format_local, local_format_ready};

/// How many of the most recent runs are listed before "Show N earlier runs".
pub const RECENT_RUNS: usize = 10;

/// One row per run (start/end pair), a live elapsed time for the open run, and the total.
/// Executions restarted many times list their most recent runs; earlier ones render on demand.
#[component]
pub fn TimerTable(
    /// The execution's timers, oldest first.
    timers: Vec<Timer>,
    /// The ticking clock (epoch ms).
    #[prop(into)]
    now_ms: Signal<i64>,
) -> impl IntoView {
    if timers.is_empty() {
        return view! { <p class="rw-muted">"No run recorded yet."</p> }.into_any();
    }
    let several = timers.len() > 1;
    let utc = RwSignal::new(false);
    let total = {
        let timers = timers.clone();
        move || format_duration(timers.iter().map(|t| t.duration_ms(now_ms.get())).sum())
    };
    let count = timers.len();
    let first_shown = RwSignal::new(count.saturating_sub(RECENT_RUNS));
    let timers = StoredValue::new(timers);
    let rows = move || {
        let from = first_shown.get().min(count);
        timers.with_value(|all| {
            all.iter()
                .enumerate()
                .skip(from)
                .map(|(index, timer)| row(index, timer.clone(), now_ms, utc))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="rw-timers__bar">
            <Show when=move || { first_shown.get() > 0 }>
                <button type="button" class="rw-btn rw-btn--small" on:click=move |_| first_shown.set(0)>
                    {move || format!("Show {} earlier runs", first_shown.get())}
                </button>
            </Show>
            <button type="button" class="rw-btn rw-btn--small" aria-pressed=move || utc.get().to_string()
                on:click=move |_| utc.update(|u| *u = !*u)>"Show times in UTC"</button>
        </div>
        <table class="rw-timers">
            <caption class="rw-sr-only">"Run timers"</caption>
            <thead><tr><th scope="col">"Run"</th><th scope="col">"Started"</th><th scope="col">"Ended"</th><th scope="col">"Duration"</th></tr></thead>
            <tbody>{rows}</tbody>
            {several.then(|| view! {
                <tfoot><tr><th scope="row" colspan="3">"Total run time"</th><td class="rw-timers__total">{total.clone()}</td></tr></tfoot>
            })}
        </table>
    }
    .into_any()
}

/// One run: its number, start, end (or "running") and live duration.
fn row(index: usize, timer: Timer, now_ms: Signal<i64>, utc: RwSignal<bool>) -> impl IntoView {
    let open = timer.is_open();
    let (start, end) = (timer.start, timer.end);
    let duration = move || format_duration(timer.duration_ms(now_ms.get()));
    let end = match end {
        Some(end) => instant(end, utc).into_any(),
        None => view! { <span class="rw-running">"running"</span> }.into_any(),
    };
    view! {
        <tr class:rw-timers__open=open>
            <th scope="row">{format!("Run {}", index + 1)}</th>
            <td data-label="Started">{instant(start, utc)}</td>
            <td data-label="Ended">{end}</td>
            <td data-label="Duration" class="rw-timers__duration">{duration}</td>
        </tr>
    }
}

/// An instant in the user's locale and time zone, or in UTC; the other form in the tooltip.
/// Until the page's locale formatter exists (created just after the first paint), UTC is shown.
fn instant(epoch_ms: i64, utc: RwSignal<bool>) -> impl IntoView {
    let universal = format_utc(epoch_ms);
    let (shown, other) = (universal.clone(), universal);
    let local = move || local_format_ready().then(|| format_local(epoch_ms));
    view! {
        <time title=move || if utc.get() { local() } else { Some(other.clone()) }>
            {move || if utc.get() { shown.clone() } else { local().unwrap_or_else(|| shown.clone()) }}
        </time>
    }
}
