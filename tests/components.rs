//! Component tests in Chromium (wasm-bindgen-test): what a user sees for each status, the timers,
//! hostile strings, expiry validation, the confirmation flow and disabled states.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use leptos::prelude::*;
use runner_core::{Commit, Execution, RepositoryLog, Status, Timer};
use runner_widget::api::RunnerApi;
use runner_widget::card::Controller;
use runner_widget::components::{
    facts, failed_hosts, rehearse, sign_in_form, status_badge, stop_panel, timer_table,
};
use runner_widget::dom::{el, mount, Mounted};
use runner_widget::token::Tokens;
use runner_widget::transport::InFlight;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::container;

fn find(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector} in {}", root.inner_html()))
        .dyn_into()
        .unwrap()
}

fn text(root: &HtmlElement, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

fn execution(status: &str) -> Execution {
    Execution {
        execution_id: "44fdcfa2-6a7f-46d3-9f71-22e629e2358a".into(),
        job_id: Some("1111505e-6773-494a-b2bf-d2cc2684710d".into()),
        account_alias: Some("XXXX".into()),
        status: Status::parse(status),
        timers: vec![Timer {
            start: 1_444_919_575_778,
            end: None,
        }],
        whole_history: true,
        repository_log: RepositoryLog::Absent,
        failed_hosts: Vec::new().into(),
        is_vpn_established: Some(false),
    }
}

/// `failed_hosts` with `count` hosts named host-0, host-1, … in a fresh container.
fn mount_hosts(count: usize) -> (HtmlElement, Mounted) {
    let root = container();
    let hosts: Vec<String> = (0..count).map(|i| format!("host-{i}")).collect();
    let handle = mount(&root, move || {
        failed_hosts(Signal::stored(shared(hosts)), RwSignal::new(String::new()))
    });
    (root, handle)
}

/// How many failed hosts are listed.
fn host_items(root: &HtmlElement) -> u32 {
    root.query_selector_all(".rw-hosts__list li")
        .unwrap()
        .length()
}

/// A host list as the card holds it.
fn shared(hosts: Vec<String>) -> Arc<[String]> {
    hosts.into()
}

fn controller() -> Controller {
    let api = RunnerApi {
        job: runner_core::JobRef::new("http://127.0.0.1:9", "XXXX", "job"),
        auth_base: String::new(),
        in_flight: InFlight::default(),
    };
    Controller::new(
        api,
        Tokens::new(Some("t".into()), None),
        "44fdcfa2-6a7f-46d3-9f71-22e629e2358a",
        5_000,
    )
}

#[wasm_bindgen_test]
async fn badge_shows_text_class_and_raw_status_for_every_status() {
    let cases = [
        ("PENDING", "Pending", "pending"),
        ("INITIALIZING", "Initializing", "initializing"),
        ("RUNNING", "Running", "running"),
        ("SUCCESS", "Succeeded", "success"),
        ("FAILURE", "Failed", "failure"),
        ("INIT_FAILURE", "Failed to initialize", "init-failure"),
        ("STOPPING", "Stopping", "stopping"),
        ("STOPPED", "Stopped", "stopped"),
        ("KILLING", "Killing", "killing"),
        ("KILLED", "Killed", "killed"),
        ("PAUSED_BY_MARS", "PAUSED_BY_MARS", "unknown"),
    ];
    for (raw, label, modifier) in cases {
        let root = container();
        let status = Status::parse(raw);
        let _handle = mount(&root, move || {
            status_badge(
                Signal::stored(Some(status)),
                Signal::stored("Loading…".to_string()),
            )
        });
        leptos::task::tick().await;
        let badge = find(&root, "[data-status]");
        assert_eq!(badge.get_attribute("data-status").as_deref(), Some(raw));
        assert!(
            badge
                .class_name()
                .contains(&format!("rw-badge--{modifier}")),
            "{}",
            badge.class_name()
        );
        assert_eq!(text(&root, ".rw-badge__text"), label);
        assert!(
            !text(&root, ".rw-badge__icon").is_empty(),
            "every status has an icon"
        );
    }
}

#[wasm_bindgen_test]
async fn without_a_status_the_badge_says_why_and_has_no_data_status() {
    let root = container();
    let waiting = RwSignal::new("Loading…".to_string());
    let _handle = mount(&root, move || {
        status_badge(Signal::stored(None), waiting.into())
    });
    leptos::task::tick().await;
    assert_eq!(text(&root, ".rw-badge__text"), "Loading…");
    assert!(root
        .query_selector("[data-status]")
        .ok()
        .flatten()
        .is_none());
    waiting.set("Sign-in needed".into());
    leptos::task::tick().await;
    assert_eq!(text(&root, ".rw-badge__text"), "Sign-in needed");
}

#[wasm_bindgen_test]
async fn timers_show_one_row_per_run_an_open_run_and_the_total() {
    let root = container();
    let timers = vec![
        Timer {
            start: 1_000_000,
            end: Some(1_060_000),
        },
        Timer {
            start: 2_000_000,
            end: None,
        },
    ];
    let now = RwSignal::new(2_000_000 + 125_000);
    let finished = RwSignal::new(false);
    // every run known (a `timers` array) until the test says otherwise
    let whole = RwSignal::new(true);
    let _handle = mount(&root, move || {
        el("div").children(timer_table(
            Signal::stored(timers),
            now.into(),
            finished.into(),
            whole.into(),
        ))
    });
    leptos::task::tick().await;
    assert_eq!(root.query_selector_all("tbody tr").unwrap().length(), 2);
    assert_eq!(text(&root, "tbody tr:nth-child(2) th"), "Run 2");
    // from a list page's flat start/end only the latest run is sure: not numbered
    whole.set(false);
    leptos::task::tick().await;
    assert_eq!(text(&root, "tbody tr:nth-child(1) th"), "Earlier run");
    assert_eq!(text(&root, "tbody tr:nth-child(2) th"), "Latest run");
    whole.set(true);
    leptos::task::tick().await;
    let durations: Vec<String> = (0..2)
        .map(|i| {
            root.query_selector_all(".rw-timers__duration")
                .unwrap()
                .item(i)
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    assert_eq!(durations, ["1m 00s", "2m 05s"]);
    assert!(text(&root, "tbody tr:nth-child(2)").contains("running"));
    // machine-readable instants; an open run shows "running" instead of an end time
    assert_eq!(
        find(&root, "tbody tr:first-child td time")
            .get_attribute("datetime")
            .as_deref(),
        Some("1970-01-01T00:16:40Z")
    );
    assert!(
        find(&root, "tbody tr:nth-child(2) td:nth-of-type(2) .rw-running")
            .get_attribute("hidden")
            .is_none()
    );
    assert!(find(&root, "tbody tr:nth-child(2) td:nth-of-type(2) time").has_attribute("hidden"));
    assert_eq!(text(&root, ".rw-timers__total"), "3m 05s");
    now.set(2_000_000 + 126_000);
    leptos::task::tick().await;
    assert_eq!(
        text(&root, "tbody tr:nth-child(2) .rw-timers__duration"),
        "2m 06s",
        "the open run ticks"
    );
    // finished with its last timer still open (the server never wrote the end): nothing counts up
    finished.set(true);
    now.set(2_000_000 + 600_000);
    leptos::task::tick().await;
    let open_row = text(&root, "tbody tr:nth-child(2)");
    assert!(!open_row.contains("running"), "{open_row}");
    assert_eq!(
        text(&root, "tbody tr:nth-child(2) .rw-timers__duration"),
        "not recorded"
    );
    assert_eq!(
        text(&root, "tbody tr:nth-child(2) td:nth-of-type(2) .rw-muted"),
        "not recorded"
    );
    assert_eq!(
        text(&root, ".rw-timers__total"),
        "1m 00s",
        "only recorded runs count"
    );
}

#[wasm_bindgen_test]
async fn many_runs_list_the_recent_ones_and_the_rest_on_demand() {
    let (root, _handle) = mount_finished_runs(25);
    leptos::task::tick().await;
    let rows = |root: &HtmlElement| root.query_selector_all("tbody tr").unwrap().length();
    assert_eq!(rows(&root), 10);
    assert_eq!(
        text(&root, "tbody tr th"),
        "Run 16",
        "the most recent runs are listed"
    );
    assert_eq!(
        text(&root, ".rw-timers__total"),
        "2m 05s",
        "the total counts every run"
    );
    let earlier = find(&root, ".rw-timers__bar button");
    assert_eq!(earlier.text_content().unwrap(), "Show 15 earlier runs");
    earlier.click();
    leptos::task::tick().await;
    assert_eq!(rows(&root), 25);
    assert_eq!(text(&root, "tbody tr th"), "Run 1");

    let (one_more, _second) = mount_finished_runs(11);
    leptos::task::tick().await;
    assert_eq!(
        text(&one_more, ".rw-timers__bar button"),
        "Show 1 earlier run"
    );
}

/// The timer table of a finished execution with `count` runs of 5 s, 10 s apart, in a fresh
/// container.
fn mount_finished_runs(count: i64) -> (HtmlElement, Mounted) {
    let root = container();
    let timers: Vec<Timer> = (0..count)
        .map(|i| Timer {
            start: i * 10_000,
            end: Some(i * 10_000 + 5_000),
        })
        .collect();
    let handle = mount(&root, move || {
        el("div").children(timer_table(
            Signal::stored(timers),
            Signal::stored(1_000_000),
            Signal::stored(false),
            Signal::stored(true),
        ))
    });
    (root, handle)
}

#[wasm_bindgen_test]
async fn hostile_strings_render_as_text() {
    let root = container();
    let evil =
        "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>".to_string();
    let mut exec = execution("FAILURE");
    exec.failed_hosts = vec![evil.clone(), "host-2".into()].into();
    exec.repository_log = RepositoryLog::Commit(Commit {
        sha: Some("b087e1a44c79d0576d7cccd249d3e71a3c54fe12".into()),
        message: Some(evil.clone()),
        author: Some("<b>bold</b>".into()),
        ..Commit::default()
    });
    exec.job_id = Some(evil.clone());
    let _handle = mount(&root, move || {
        facts(Signal::stored(Some(exec)), RwSignal::new(String::new()))
    });
    leptos::task::tick().await;
    assert!(
        root.query_selector("img, script, b").unwrap().is_none(),
        "no element came from server text"
    );
    assert_eq!(text(&root, ".rw-hosts__list li"), evil);
    assert!(text(&root, ".rw-commit__detail").contains(&evil));
    assert!(text(&root, ".rw-commit__detail").contains("<b>bold</b>"));
    let pwned = js_sys::Reflect::get(&js_sys::global(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined());
}

/// The texts of the controls of a host list that are on screen (no `hidden` on them or above).
fn visible_controls(root: &HtmlElement) -> Vec<String> {
    let all = root
        .query_selector_all(".rw-hosts button, .rw-hosts input")
        .unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i)?.dyn_into::<web_sys::Element>().ok())
        .filter(|e| e.closest("[hidden]").unwrap().is_none())
        .map(|e| match e.dyn_ref::<HtmlInputElement>() {
            Some(input) => format!("input {}", input.type_()),
            None => e.text_content().unwrap_or_default(),
        })
        .collect()
}

#[wasm_bindgen_test]
async fn short_lists_offer_copy_only_and_empty_ones_nothing() {
    let root = container();
    let _none = mount(&root, || {
        failed_hosts(
            Signal::stored(shared(Vec::new())),
            RwSignal::new(String::new()),
        )
    });
    leptos::task::tick().await;
    assert_eq!(
        text(&root, "[data-failed-count='0'] .rw-hosts__count"),
        "None"
    );
    assert!(find(&root, ".rw-hosts__list").has_attribute("hidden"));
    assert!(visible_controls(&root).is_empty());
    let root = container();
    let hosts = vec!["a".to_string(), "b".to_string()];
    let _two = mount(&root, move || {
        failed_hosts(Signal::stored(shared(hosts)), RwSignal::new(String::new()))
    });
    leptos::task::tick().await;
    assert_eq!(text(&root, ".rw-hosts__count"), "2 failed");
    assert_eq!(host_items(&root), 2);
    assert_eq!(visible_controls(&root), ["Copy all failed hosts"]);
}

#[wasm_bindgen_test]
async fn a_filter_narrows_a_long_list_and_says_how_many_match() {
    let root = container();
    let hosts: Vec<String> = (0..1_200).map(|i| format!("host-{i}")).collect();
    let announce = RwSignal::new(String::new());
    let _handle = mount(&root, move || {
        failed_hosts(Signal::stored(shared(hosts)), announce)
    });
    leptos::task::tick().await;
    assert_eq!(
        visible_controls(&root),
        ["input search", "Copy all failed hosts", "Show 500 more"]
    );
    let filter: HtmlInputElement = find(&root, "label input[type=search]").dyn_into().unwrap();
    assert_eq!(
        text(&root, "label.rw-hosts__tools"),
        "Filter failed hosts",
        "the filter has a label around it (\"Filter\" visible)"
    );
    let said = || announce.get_untracked();
    assert_eq!(said(), "", "nothing said before the filter is used");
    let type_in = |value: &str| {
        filter.set_value(value);
        filter
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    };
    // host-11, host-110 … host-119, host-1100 … host-1199; ASCII case and spaces around ignored
    type_in(" HOST-1");
    leptos::task::tick().await;
    type_in(" HOST-11 ");
    leptos::task::tick().await;
    assert_eq!(text(&root, ".rw-hosts__count"), "111 of 1200 match");
    assert_eq!(said(), "", "nothing said while the user is typing");
    sleep(600).await;
    assert_eq!(
        said(),
        "111 of 1200 failed hosts match.",
        "the card's live region says it once the user pauses"
    );
    assert_eq!(host_items(&root), 10);
    assert_eq!(text(&root, ".rw-hosts__list li"), "host-11");
    assert_eq!(
        visible_controls(&root),
        [
            "input search",
            "Copy matching failed hosts",
            "Show 101 more"
        ]
    );
    find(&root, ".rw-hosts__page:not([hidden])").click();
    leptos::task::tick().await;
    assert_eq!(host_items(&root), 111);
    assert_eq!(said(), "Showing 111 of 111 matching hosts.");
    type_in("no such host");
    leptos::task::tick().await;
    assert_eq!(text(&root, ".rw-hosts__count"), "0 of 1200 match");
    assert!(find(&root, ".rw-hosts__list").has_attribute("hidden"));
    assert_eq!(
        visible_controls(&root),
        ["input search"],
        "nothing to copy or show"
    );
    type_in("");
    leptos::task::tick().await;
    assert_eq!(text(&root, ".rw-hosts__count"), "1200 failed");
    sleep(600).await;
    assert_eq!(said(), "Filter cleared.");
    assert_eq!(
        host_items(&root),
        510,
        "what the user expanded stays expanded"
    );
}

#[wasm_bindgen_test]
async fn a_used_filter_stays_when_the_list_shrinks_and_escape_clears_it() {
    let root = container();
    let many: Vec<String> = (0..30).map(|i| format!("host-{i}")).collect();
    let hosts = RwSignal::new(Arc::<[String]>::from(many));
    let _handle = mount(&root, move || {
        failed_hosts(hosts.into(), RwSignal::new(String::new()))
    });
    leptos::task::tick().await;
    let filter: HtmlInputElement = find(&root, "label input[type=search]").dyn_into().unwrap();
    filter.set_value("host-2");
    filter
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(text(&root, ".rw-hosts__count"), "11 of 30 match");
    // a new answer with fewer hosts than the collapsed list: the filter in use stays on screen
    hosts.set(Arc::from(vec!["host-2".to_string(), "other".to_string()]));
    leptos::task::tick().await;
    assert_eq!(text(&root, ".rw-hosts__count"), "1 of 2 match");
    assert_eq!(visible_controls(&root)[0], "input search");
    // Escape clears it and goes no further; with nothing to clear it is the page's
    let escape = || {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Escape");
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        filter.dispatch_event(&event).unwrap();
        event.default_prevented()
    };
    assert!(escape(), "Escape cleared the filter");
    leptos::task::tick().await;
    assert_eq!(filter.value(), "");
    assert_eq!(text(&root, ".rw-hosts__count"), "2 failed");
    assert_eq!(
        visible_controls(&root),
        ["input search", "Copy all failed hosts"],
        "the box that had keyboard focus stays"
    );
    assert!(!escape(), "nothing to clear: Escape is left to the page");
}

/// Resolves after `ms` milliseconds (and a tick for Leptos' effects).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    leptos::task::tick().await;
}

/// Resolves after the next animation frame (and a tick for Leptos' effects).
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().unwrap().request_animation_frame(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    leptos::task::tick().await;
}

fn focused_text() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_host_button_that_hides_itself_hands_focus_to_the_other() {
    let (root, _handle) = mount_hosts(30);
    leptos::task::tick().await;
    let more = find(&root, ".rw-hosts__page:not([hidden])");
    more.focus().unwrap();
    more.click(); // 30 < 10 + 500: everything is shown, "Show 20 more" hides itself
    leptos::task::tick().await;
    next_frame().await;
    assert_eq!(focused_text(), "Show fewer");
    find(&root, ".rw-hosts__page:not([hidden])").click();
    leptos::task::tick().await;
    next_frame().await;
    assert_eq!(focused_text(), "Show 20 more");
}

#[wasm_bindgen_test]
async fn long_host_lists_start_collapsed_and_render_in_chunks() {
    let (root, _handle) = mount_hosts(1_200);
    leptos::task::tick().await;
    assert_eq!(text(&root, ".rw-hosts__count"), "1200 failed");
    assert_eq!(host_items(&root), 10);
    let more = find(&root, ".rw-hosts__page:not([hidden])");
    assert_eq!(more.text_content().unwrap(), "Show 500 more");
    more.click();
    leptos::task::tick().await;
    assert_eq!(host_items(&root), 510);
    find(&root, ".rw-hosts__page:not([hidden])").click();
    leptos::task::tick().await;
    find(&root, ".rw-hosts__page:not([hidden])").click();
    leptos::task::tick().await;
    assert_eq!(host_items(&root), 1_200);
    assert_eq!(
        root.query_selector_all(".rw-hosts__page:not([hidden])")
            .unwrap()
            .length(),
        1,
        "only Show fewer is left"
    );
    find(&root, ".rw-hosts__page:not([hidden])").click();
    leptos::task::tick().await;
    assert_eq!(host_items(&root), 10);
}

fn mount_panel(status: &str) -> (HtmlElement, Controller, impl Drop) {
    let root = container();
    let ctl = controller();
    ctl.signals.execution.set(Some(execution(status)));
    let panel_ctl = ctl.clone();
    let handle = mount(&root, move || stop_panel(panel_ctl, "t"));
    (root, ctl, handle)
}

fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

fn stop_button(root: &HtmlElement) -> web_sys::HtmlButtonElement {
    find(root, ".rw-buttons .rw-btn--danger")
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
async fn invalid_expiry_shows_a_message_and_asks_nothing() {
    let (root, ctl, _h) = mount_panel("RUNNING");
    leptos::task::tick().await;
    let input: HtmlInputElement = find(&root, "input").dyn_into().unwrap();
    assert_eq!(input.value(), "0", "default expiry");
    assert_eq!(
        find(&root, "label").text_content().unwrap(),
        "Expiry (seconds)"
    );
    for (entry, expected) in [
        ("abc", "number"),
        ("-3", "negative"),
        ("1.5", "whole"),
        ("", "whole seconds"),
        ("90000", "86400"),
    ] {
        type_into(&input, entry);
        leptos::task::tick().await;
        stop_button(&root).click();
        leptos::task::tick().await;
        let message = text(&root, ".rw-field-error");
        assert!(
            message.to_lowercase().contains(expected),
            "{entry:?} -> {message:?}"
        );
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert!(
            root.query_selector(".rw-confirm:not([hidden])")
                .unwrap()
                .is_none(),
            "no confirmation for {entry:?}"
        );
    }
    assert_eq!(
        ctl.signals.action.get_untracked(),
        runner_widget::card::ActionState::Idle
    );
}

#[wasm_bindgen_test]
async fn stop_asks_for_confirmation_and_cancel_or_escape_closes_it() {
    let (root, _ctl, _h) = mount_panel("RUNNING");
    leptos::task::tick().await;
    let input: HtmlInputElement = find(&root, "input").dyn_into().unwrap();
    type_into(&input, "30");
    stop_button(&root).click();
    leptos::task::tick().await;
    let confirm = text(&root, ".rw-confirm:not([hidden])");
    assert!(
        confirm.contains("Tasks already executed will not roll back."),
        "{confirm}"
    );
    assert!(confirm.contains("Confirm stop") && confirm.contains("Cancel"));
    // locked while confirming, but focusable (a press does nothing): aria-disabled, never disabled
    assert_eq!(
        stop_button(&root).get_attribute("aria-disabled").as_deref(),
        Some("true"),
        "Stop is locked while confirming"
    );
    assert!(!stop_button(&root).disabled());
    stop_button(&root).click();
    leptos::task::tick().await;
    assert_eq!(
        root.query_selector_all(".rw-confirm:not([hidden])")
            .unwrap()
            .length(),
        1,
        "a press on the locked Stop changes nothing"
    );
    let cancel: HtmlElement = find(
        &root,
        ".rw-confirm:not([hidden]) .rw-btn:not(.rw-btn--danger)",
    );
    cancel.click();
    leptos::task::tick().await;
    assert!(root
        .query_selector(".rw-confirm:not([hidden])")
        .unwrap()
        .is_none());

    stop_button(&root).click();
    leptos::task::tick().await;
    let group = find(&root, ".rw-confirm:not([hidden])");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    group
        .dispatch_event(
            &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
        )
        .unwrap();
    leptos::task::tick().await;
    assert!(
        root.query_selector(".rw-confirm:not([hidden])")
            .unwrap()
            .is_none(),
        "Escape cancels"
    );
}

#[wasm_bindgen_test]
async fn stop_is_unavailable_when_the_status_does_not_allow_it() {
    for (status, enabled) in [
        ("RUNNING", true),
        ("PENDING", true),
        ("STOPPING", true),
        ("SUCCESS", false),
        ("STOPPED", false),
        ("KILLED", false),
        ("WHATEVER", false),
    ] {
        let (root, _ctl, _h) = mount_panel(status);
        leptos::task::tick().await;
        let stop = stop_button(&root);
        // unavailable, not `disabled`: it keeps keyboard focus when the execution ends
        let available = stop.get_attribute("aria-disabled").as_deref() == Some("false");
        assert_eq!(available, enabled, "Stop for {status}");
        assert!(!stop.disabled(), "Stop for {status} stays focusable");
        // pressing an unavailable Stop asks nothing
        stop.click();
        leptos::task::tick().await;
        let asked = root
            .query_selector(".rw-confirm:not([hidden])")
            .unwrap()
            .is_some();
        assert_eq!(asked, enabled, "confirmation for {status}");
    }
    let (root, _ctl, _h) = mount_panel("FAILURE");
    leptos::task::tick().await;
    assert!(
        text(&root, ".rw-buttons").contains("Restart"),
        "FAILURE offers Restart"
    );
}

#[wasm_bindgen_test]
async fn a_bad_configuration_shows_a_message_in_that_element_only() {
    let root = container();
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"account".into(), &"XXXX".into()).unwrap();
    js_sys::Reflect::set(&options, &"job".into(), &"j".into()).unwrap();
    let result = runner_widget::embed::mount(root.clone(), options.into());
    let Err(_) = result else {
        panic!("a missing execution must be refused")
    };
    leptos::task::tick().await;
    let message = root.text_content().unwrap_or_default();
    assert!(message.contains("execution is missing"), "{message}");
}

#[wasm_bindgen_test]
async fn a_new_answer_keeps_what_the_user_expanded_and_where_focus_is() {
    let root = container();
    let mut first = execution("FAILURE");
    first.failed_hosts = (0..30)
        .map(|i| format!("host-{i}"))
        .collect::<Vec<_>>()
        .into();
    first.timers = (0..25)
        .map(|i| Timer {
            start: i * 10_000,
            end: Some(i * 10_000 + 5_000),
        })
        .collect();
    let shown = RwSignal::new(Some(first.clone()));
    let timers = Signal::derive(move || {
        shown.with(|e| e.as_ref().map(|e| e.timers.clone()).unwrap_or_default())
    });
    let now = RwSignal::new(1_000_000);
    let _handle = mount(&root, move || {
        el("div")
            .child(facts(shown.into(), RwSignal::new(String::new())))
            .children(timer_table(
                timers,
                now.into(),
                Signal::stored(false),
                Signal::stored(true),
            ))
    });
    leptos::task::tick().await;
    find(&root, ".rw-hosts__page:not([hidden])").click(); // all 30 hosts
    find(&root, ".rw-timers__bar button:not([hidden])").click(); // all 25 runs
    let utc = find(&root, "[aria-pressed]");
    utc.click();
    utc.focus().unwrap();
    leptos::task::tick().await;
    assert_eq!(host_items(&root), 30);
    // the next answer: a restart (new status, one more run); hosts and commit unchanged
    let mut second = first.clone();
    second.status = Status::Running;
    second.timers.push(Timer {
        start: 300_000,
        end: None,
    });
    shown.set(Some(second));
    leptos::task::tick().await;
    assert_eq!(host_items(&root), 30, "the hosts list stays expanded");
    assert_eq!(root.query_selector_all("tbody tr").unwrap().length(), 26);
    assert_eq!(utc.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert!(utc.is_connected(), "the UTC button was kept, not rebuilt");
    assert_eq!(
        focused_text(),
        "Show times in UTC",
        "focus stays where it was"
    );
    // a different execution id is shown as such
    let mut third = first.clone();
    third.execution_id = "0b1e7a55-0000-4000-8000-000000000001".into();
    shown.set(Some(third));
    leptos::task::tick().await;
    assert!(text(&root, ".rw-facts .rw-sr-only").contains("0b1e7a55-0000-4000-8000-000000000001"));
}

#[wasm_bindgen_test]
async fn the_rehearsal_builds_a_whole_card_off_the_page_and_leaves_nothing() {
    let before = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .query_selector_all(".rw-card")
        .unwrap()
        .length();
    // the sample decodes and the card body was built (data-state="loaded") before it was dropped
    assert_eq!(rehearse().await.as_deref(), Some("loaded"));
    let document = web_sys::window().unwrap().document().unwrap();
    assert_eq!(
        document.query_selector_all(".rw-card").unwrap().length(),
        before,
        "nothing was added to the document"
    );
    let marks = web_sys::window()
        .unwrap()
        .performance()
        .unwrap()
        .get_entries_by_name("runner-widget:rehearsal");
    assert!(
        marks.length() >= 1,
        "the rehearsal left its performance mark"
    );
}

#[wasm_bindgen_test]
async fn when_the_sign_in_form_goes_away_focus_moves_to_the_card_title() {
    let root = container();
    let shown = RwSignal::new(true);
    let ctl = controller();
    let _handle = mount(&root, move || {
        el("section")
            .class("rw-card")
            .child(
                el("h3")
                    .class("rw-card__title")
                    .attr("tabindex", "-1")
                    .text("Runner execution"),
            )
            .dyn_child(move || shown.get().then(|| sign_in_form(ctl.clone(), "t")))
    });
    leptos::task::tick().await;
    find(&root, "#t-user").focus().unwrap();
    shown.set(false); // the card got a working token
    leptos::task::tick().await;
    assert!(root.query_selector("form").unwrap().is_none());
    assert_eq!(
        focused_text(),
        "Runner execution",
        "focus is on the card, not lost"
    );
    // a form that goes away while focus is elsewhere leaves focus alone
    let outside = document_button();
    outside.focus().unwrap();
    shown.set(true);
    leptos::task::tick().await;
    shown.set(false);
    leptos::task::tick().await;
    assert_eq!(focused_text(), "Elsewhere");
}

fn document_button() -> HtmlElement {
    let button = container();
    button.set_inner_html("<button type=\"button\">Elsewhere</button>");
    find(&button, "button")
}

#[wasm_bindgen_test]
async fn a_sign_in_that_finishes_while_the_provider_answers_keeps_its_token() {
    use runner_widget::token::Provider;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen::JsValue;

    // a provider whose promise the test resolves by hand
    let resolve: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
    let slot = resolve.clone();
    let provider = Closure::<dyn FnMut() -> js_sys::Promise>::new(move || {
        let slot = slot.clone();
        js_sys::Promise::new(&mut |res, _| *slot.borrow_mut() = Some(res))
    });
    let function: js_sys::Function = provider
        .as_ref()
        .unchecked_ref::<js_sys::Function>()
        .clone();
    let tokens = Tokens::new(None, Some(Provider::Function(function)));
    let got = Rc::new(RefCell::new(None));
    let (asker, answer) = (tokens.clone(), got.clone());
    leptos::task::spawn_local(async move {
        *answer.borrow_mut() = Some(asker.refresh().await);
    });
    leptos::task::tick().await;
    assert!(resolve.borrow().is_some(), "the provider was asked");
    tokens.set("user-token".into()); // the user's sign-in finished meanwhile
    let res = resolve.borrow().clone().unwrap();
    res.call1(&JsValue::NULL, &JsValue::from_str("portal-token"))
        .unwrap();
    for _ in 0..10 {
        if got.borrow().is_some() {
            break;
        }
        leptos::task::tick().await;
    }
    assert_eq!(
        got.borrow().clone(),
        Some(Ok("user-token".to_string())),
        "the poll goes on with the user's token"
    );
    assert_eq!(
        tokens.get().await,
        Ok("user-token".to_string()),
        "and it is kept"
    );
    drop(provider);
}

#[wasm_bindgen_test]
async fn a_provider_that_never_answers_times_out_with_a_message() {
    use runner_widget::token::{Provider, TokenError};
    use wasm_bindgen::prelude::Closure;

    // a portal whose session call hangs: its promise never settles
    let provider =
        Closure::<dyn FnMut() -> js_sys::Promise>::new(|| js_sys::Promise::new(&mut |_, _| {}));
    let function: js_sys::Function = provider
        .as_ref()
        .unchecked_ref::<js_sys::Function>()
        .clone();
    let tokens = Tokens::new(None, Some(Provider::Function(function)));
    let answer = tokens.refresh().await;
    assert_eq!(
        answer,
        Err(TokenError::Provider(
            "The token provider did not answer within 15 s.".into()
        ))
    );
    drop(provider);
}

#[wasm_bindgen_test]
async fn a_provider_may_answer_with_a_value_a_thenable_or_another_frames_promise() {
    use runner_widget::token::{Provider, TokenError};

    // a plain value; a thenable (what some libraries and other frames' promises look like here);
    // a thenable whose `then` throws
    for (body, expected) in [
        ("return 'plain-token';", Ok("plain-token".to_string())),
        (
            "return { then(resolve) { resolve('thenable-token'); } };",
            Ok("thenable-token".to_string()),
        ),
        (
            "return { then() { throw new Error('no'); } };",
            Err(TokenError::Provider(
                "The token provider's promise was rejected.".into(),
            )),
        ),
    ] {
        let function = js_sys::Function::new_no_args(body);
        let tokens = Tokens::new(None, Some(Provider::Function(function)));
        assert_eq!(tokens.refresh().await, expected, "{body}");
    }
}

/// Options for `mount()` with a token provider that never answers (the first render waits up to
/// 50 ms for it; no request is ever sent).
fn options_with_silent_provider() -> js_sys::Object {
    let options = js_sys::Object::new();
    for (key, value) in [
        ("account", "XXXX"),
        ("job", "1111505e-6773-494a-b2bf-d2cc2684710d"),
        ("execution", "44fdcfa2-6a7f-46d3-9f71-22e629e2358a"),
    ] {
        js_sys::Reflect::set(&options, &key.into(), &value.into()).unwrap();
    }
    let silent = js_sys::Function::new_no_args("return new Promise(() => {});");
    js_sys::Reflect::set(&options, &"tokenProvider".into(), &silent).unwrap();
    options
}

/// Waits (up to 1 s: the first render waits 50 ms at most for the token) until `selector`
/// matches in `root`.
async fn wait_for(root: &HtmlElement, selector: &str) {
    let mut waited = 0;
    while root.query_selector(selector).ok().flatten().is_none() && waited < 1_000 {
        sleep(20).await;
        waited += 20;
    }
}

#[wasm_bindgen_test]
async fn a_silent_token_provider_does_not_keep_the_card_from_rendering() {
    let root = container();
    let handle = runner_widget::embed::mount(root.clone(), options_with_silent_provider().into())
        .unwrap_or_else(|_| panic!("valid options"));
    wait_for(&root, ".rw-badge__text").await;
    assert_eq!(text(&root, ".rw-badge__text"), "Loading…");
    handle.unmount();
    assert_eq!(root.child_element_count(), 0, "unmount removes the card");
}

#[wasm_bindgen_test]
async fn unmount_before_the_first_render_leaves_the_element_empty_and_free() {
    let root = container();
    let handle = runner_widget::embed::mount(root.clone(), options_with_silent_provider().into())
        .unwrap_or_else(|_| panic!("valid options"));
    assert!(root.has_attribute("data-runner-mounted"));
    handle.unmount();
    assert!(!root.has_attribute("data-runner-mounted"), "free at once");
    // past the first render's wait: nothing renders into the element
    sleep(200).await;
    assert_eq!(root.child_element_count(), 0, "{}", root.inner_html());
    // the element takes a new card
    let again = runner_widget::embed::mount(root.clone(), options_with_silent_provider().into())
        .unwrap_or_else(|_| panic!("the element is free again"));
    wait_for(&root, ".rw-badge__text").await;
    assert_eq!(text(&root, ".rw-badge__text"), "Loading…");
    assert_eq!(root.query_selector_all(".rw-card").unwrap().length(), 1);
    again.unmount();
}
