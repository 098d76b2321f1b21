//! Baseline page: a button that counts, and one GET of a small JSON shown on load.
use gloo_net::http::Request;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;

#[derive(Deserialize)]
struct Data {
    message: String,
}

#[component]
fn App() -> impl IntoView {
    let (count, set_count) = signal(0u32);
    let (data, set_data) = signal(None::<String>);
    spawn_local(async move {
        let text = match Request::get("/data.json").send().await {
            Ok(response) => match response.json::<Data>().await {
                Ok(data) => data.message,
                Err(error) => format!("error: {error}"),
            },
            Err(error) => format!("error: {error}"),
        };
        set_data.set(Some(text));
    });
    view! {
        <main>
            <button on:click=move |_| set_count.update(|n| *n += 1)>"Count: " {count}</button>
            <p data-loaded=move || data.with(|d| d.is_some().to_string())>
                {move || data.get().unwrap_or_else(|| "loading…".to_string())}
            </p>
        </main>
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
