use leptos::prelude::*;

/// How many hosts are listed before the list collapses.
pub const COLLAPSED_HOSTS: usize = 10;

/// Count and list of failed hosts; long lists start collapsed and render the rest only on demand.
#[component]
pub fn FailedHosts(
    /// Host names as the server sent them (rendered as text).
    hosts: Vec<String>,
) -> impl IntoView {
    if hosts.is_empty() {
        return view! { <span class="rw-muted" data-failed-count="0">"None"</span> }.into_any();
    }
    let count = hosts.len();
    let expanded = RwSignal::new(false);
    let hosts = StoredValue::new(hosts);
    let shown = move || {
        let limit = if expanded.get() {
            usize::MAX
        } else {
            COLLAPSED_HOSTS
        };
        hosts.with_value(|all| {
            all.iter()
                .take(limit)
                .map(|host| view! { <li>{host.clone()}</li> })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="rw-hosts" data-failed-count=count>
            <span class="rw-hosts__count">{format!("{count} failed")}</span>
            <ul class="rw-hosts__list">{shown}</ul>
            {(count > COLLAPSED_HOSTS).then(|| view! {
                <button type="button" class="rw-btn rw-btn--small" aria-expanded=move || expanded.get().to_string()
                    on:click=move |_| expanded.update(|e| *e = !*e)>
                    {move || if expanded.get() { "Show fewer".to_string() } else { format!("Show all {count}") }}
                </button>
            })}
        </div>
    }
    .into_any()
}
