use leptos::prelude::*;
use runner_core::{format_duration, format_utc, Timer};

use crate::platform::format_local;

/// One row per run (start/end pair), a live elapsed time for the open run, and the total.
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
    let total = {
        let timers = timers.clone();
        move || format_duration(timers.iter().map(|t| t.duration_ms(now_ms.get())).sum())
    };
    let rows = timers
        .into_iter()
        .enumerate()
        .map(|(index, timer)| {
            let open = timer.is_open();
            let (start, end) = (timer.start, timer.end);
            let duration = move || format_duration(timer.duration_ms(now_ms.get()));
            let end = match end {
                Some(end) => {
                    view! { <time title=format_utc(end)>{format_local(end)}</time> }.into_any()
                }
                None => view! { <span class="rw-running">"running"</span> }.into_any(),
            };
            view! {
                <tr class:rw-timers__open=open>
                    <th scope="row">{format!("Run {}", index + 1)}</th>
                    <td data-label="Started"><time title=format_utc(start)>{format_local(start)}</time></td>
                    <td data-label="Ended">{end}</td>
                    <td data-label="Duration" class="rw-timers__duration">{duration}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
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
