use leptos::prelude::*;

/// How many hosts are listed before the list collapses.
pub const COLLAPSED_HOSTS: usize = 10;
/// How many more hosts each "Show more" renders (long lists are rendered lazily, in chunks).
pub const HOSTS_CHUNK: usize = 500;

/// Count and list of failed hosts; long lists start collapsed and render the rest in chunks on demand.
#[component]
pub fn FailedHosts(
    /// Host names as the server sent them (rendered as text).
    hosts: Vec<String>,
) -> impl IntoView {
    if hosts.is_empty() {
        return view! { <span class="rw-muted" data-failed-count="0">"None"</span> }.into_any();
    }
    let count = hosts.len();
    let limit = RwSignal::new(COLLAPSED_HOSTS);
    let hosts = StoredValue::new(hosts);
    let shown = move || {
        hosts.with_value(|all| {
            all.iter()
                .take(limit.get())
                .map(|host| view! { <li>{host.clone()}</li> })
                .collect::<Vec<_>>()
        })
    };
    let remaining = move || count.saturating_sub(limit.get());
    view! {
        <div class="rw-hosts" data-failed-count=count>
            <span class="rw-hosts__count">{format!("{count} failed")}</span>
            <ul class="rw-hosts__list">{shown}</ul>
            {(count > COLLAPSED_HOSTS).then(|| view! {
                <div class="rw-buttons">
                    <Show when=move || { remaining() > 0 }>
                        <button type="button" class="rw-btn rw-btn--small" aria-expanded="false"
                            on:click=move |_| limit.update(|l| *l = l.saturating_add(HOSTS_CHUNK))>
                            {move || format!("Show {} more", remaining().min(HOSTS_CHUNK))}
                        </button>
                    </Show>
                    <Show when=move || { limit.get() > COLLAPSED_HOSTS }>
                        <button type="button" class="rw-btn rw-btn--small" aria-expanded="true"
                            on:click=move |_| limit.set(COLLAPSED_HOSTS)>"Show fewer"</button>
                    </Show>
                </div>
            })}
        </div>
    }
    .into_any()
}
