//! The DOM layer (`src/dom.rs`) in Chromium: bindings touch the page only when their value changes,
//! rebuilt parts clean up what they made, and unmounting removes the element, its bindings and its
//! listeners.
#![cfg(target_arch = "wasm32")]

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::tick;
use runner_widget::dom::{el, mount};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, MutationObserver, MutationObserverInit};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::container;

/// Watches every change under `root` (text, attributes, children); `count` takes what came in
/// (delivered to the observer's callback, which counts them, or still pending).
struct Changes(MutationObserver);

impl Changes {
    fn watch(root: &HtmlElement) -> Self {
        let count = js_sys::Function::new_with_args(
            "records, observer",
            "observer.seen = (observer.seen || 0) + records.length;",
        );
        let observer = MutationObserver::new(&count).unwrap();
        let options = MutationObserverInit::new();
        options.set_subtree(true);
        options.set_child_list(true);
        options.set_attributes(true);
        options.set_character_data(true);
        observer.observe_with_options(root, &options).unwrap();
        Changes(observer)
    }

    fn count(&self) -> u32 {
        let pending = self.0.take_records().length();
        let seen = js_sys::Reflect::get(&self.0, &"seen".into())
            .unwrap()
            .as_f64()
            .unwrap_or(0.0) as u32;
        js_sys::Reflect::set(&self.0, &"seen".into(), &0.into()).unwrap();
        seen + pending
    }
}

#[wasm_bindgen_test]
async fn a_binding_changes_the_page_only_when_its_value_does() {
    let root = container();
    let (said, hidden) = (RwSignal::new("Stopping.".to_string()), RwSignal::new(false));
    let _view = mount(&root, move || {
        el("p")
            .attr("role", "status")
            .dyn_text(move || said.get())
            .dyn_attr("data-said", move || Some(said.get()))
            .hidden(move || hidden.get())
    });
    tick().await;
    let changes = Changes::watch(&root);
    // the same text again (a poll that says what was said): a live region must not be touched,
    // or a screen reader may read it out again
    said.set("Stopping.".into());
    hidden.set(false);
    tick().await;
    assert_eq!(changes.count(), 0, "nothing changed on the page");
    said.set("Stopped.".into());
    tick().await;
    assert_eq!(changes.count(), 2, "the text and the attribute, once each");
    assert_eq!(root.text_content().unwrap(), "Stopped.");
    hidden.set(true);
    tick().await;
    assert_eq!(changes.count(), 1);
    assert!(root.query_selector("p[hidden]").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn an_input_keeps_what_the_user_typed_when_its_value_is_set_to_the_same() {
    let root = container();
    let value = RwSignal::new("30".to_string());
    let _view = mount(&root, move || el("input").dyn_value(move || value.get()));
    tick().await;
    let input: web_sys::HtmlInputElement = root
        .query_selector("input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(input.value(), "30");
    input.set_value("300");
    input.set_selection_range(1, 1).unwrap();
    value.set("300".into()); // what an input handler does with the typed value
    tick().await;
    assert_eq!(input.value(), "300");
    assert_eq!(input.selection_start().unwrap(), Some(1), "the caret stays");
    value.set("0".into());
    tick().await;
    assert_eq!(input.value(), "0", "a value from the card replaces it");
}

#[wasm_bindgen_test]
async fn a_rebuilt_part_replaces_the_old_one_in_place_and_cleans_it_up() {
    let root = container();
    let round = RwSignal::new(1u32);
    let cleaned = Arc::new(AtomicU32::new(0));
    let clicks = Arc::new(AtomicU32::new(0));
    let (c, k) = (cleaned.clone(), clicks.clone());
    let view = mount(&root, move || {
        el("div")
            .child(el("span").text("before"))
            .dyn_children(move || {
                let n = round.get();
                let c = c.clone();
                on_cleanup(move || {
                    c.fetch_add(1, Ordering::SeqCst);
                });
                let k = k.clone();
                vec![
                    el("button")
                        .text(&format!("round {n}"))
                        .on("click", move |_| {
                            k.fetch_add(1, Ordering::SeqCst);
                        }),
                    el("i").text("second"),
                ]
            })
            .child(el("span").text("after"))
    });
    tick().await;
    let texts = || {
        let children = root.first_element_child().unwrap().children();
        (0..children.length())
            .map(|i| children.item(i).unwrap().text_content().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(), ["before", "round 1", "second", "after"]);
    let old: HtmlElement = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    old.click();
    assert_eq!(clicks.load(Ordering::SeqCst), 1);

    round.set(2);
    tick().await;
    assert_eq!(
        texts(),
        ["before", "round 2", "second", "after"],
        "in the same place"
    );
    assert_eq!(
        cleaned.load(Ordering::SeqCst),
        1,
        "the first build was cleaned up"
    );
    assert!(!old.is_connected(), "the old button left the page");
    old.click();
    assert_eq!(
        clicks.load(Ordering::SeqCst),
        1,
        "the old button's listener is gone"
    );
    let new: HtmlElement = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    new.click();
    assert_eq!(clicks.load(Ordering::SeqCst), 2);

    drop(view);
    assert_eq!(
        root.child_element_count(),
        0,
        "unmounted: the element left the page"
    );
    assert_eq!(
        cleaned.load(Ordering::SeqCst),
        2,
        "and the last build was cleaned up"
    );
    new.click();
    assert_eq!(clicks.load(Ordering::SeqCst), 2, "its listener is gone too");
    // an unmounted view's bindings no longer run (a signal set afterwards changes nothing)
    round.set(3);
    tick().await;
    assert_eq!(cleaned.load(Ordering::SeqCst), 2);
}

#[wasm_bindgen_test]
async fn text_items_are_patched_in_place() {
    let root = container();
    let texts = RwSignal::new(vec!["a".to_string(), "b".into(), "c".into()]);
    let _view = mount(&root, move || {
        el("ul").dyn_items("li", move |item| {
            texts.with(|t| t.iter().for_each(|t| item(t)))
        })
    });
    tick().await;
    let items = || root.query_selector_all("li").unwrap();
    let first = items().item(0).unwrap();
    let second = items().item(1).unwrap();
    assert_eq!(root.text_content().unwrap(), "abc");

    let changes = Changes::watch(&root);
    texts.set(vec!["a".into(), "x".into()]);
    tick().await;
    assert_eq!(root.text_content().unwrap(), "ax");
    assert_eq!(items().length(), 2);
    assert!(
        items().item(0).unwrap() == first,
        "an item whose text stays is the same element"
    );
    assert!(
        items().item(1).unwrap() == second,
        "an item whose text changes keeps its element"
    );
    // the second item's text (its text node replaced) and the third item taken away
    assert_eq!(changes.count(), 2);

    texts.set(vec!["a".into(), "x".into(), "y".into(), "z".into()]);
    tick().await;
    assert_eq!(root.text_content().unwrap(), "axyz");
    assert!(items().item(0).unwrap() == first);
    assert_eq!(
        changes.count(),
        2,
        "two items added at the end, nothing else touched"
    );
}
