//! The card's DOM layer: elements made with web-sys, kept up to date by Leptos render effects.
//!
//! Why not `view!`: Leptos's view layer (tachys) compiles build, rebuild, mount and drop code for
//! every view type. Measured with `bench/size-breakdown`, the card's views cost 49 KB brotli, more
//! than the whole baseline counter, and the size budget (2.0× the counter) left them 9.7 KB. Here
//! each binding is one boxed closure run by a `RenderEffect`: the same reactive system as Leptos
//! views (signals, memos, owners, `on_cleanup`), with nothing generic compiled per binding.
//!
//! - [`el`] makes an element; the builder methods add attributes, text and children.
//! - `dyn_*` methods bind a part of it to a closure that reads signals: the part changes when what
//!   the closure read changes, and only then is the DOM touched (the same value is not set again,
//!   so a live region is not re-read and an input's caret does not move).
//! - [`El::dyn_children`] builds a part anew each time its closure runs again: what the previous
//!   build made (its bindings, listeners, `on_cleanup`s) is cleaned up first.
//! - [`mount`] builds under a new `Owner`; dropping what it returns removes the element, then
//!   cleans up every binding and listener.
//!
//! Every element is built under an owner (a binding made with none would be dropped at once).

use leptos::prelude::{on_cleanup, Owner, RenderEffect};
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, HtmlElement, HtmlInputElement, Node};

thread_local! {
    // Outside a page there is nothing to render to: the calls then throw in JavaScript (the card's
    // code is only reached from `mount`, which is given a page's element), never panic in Rust.
    static DOCUMENT: Document = web_sys::window()
        .and_then(|w| w.document())
        .unwrap_or_else(|| JsValue::UNDEFINED.unchecked_into());
}

/// The page's document.
pub fn document() -> Document {
    DOCUMENT.with(Clone::clone)
}

/// What [`El::dyn_items`] runs: it calls its argument once per item's text.
type Items = dyn Fn(&mut dyn FnMut(&str));

/// An element being built, or kept to act on later (focus it, read its value).
#[derive(Clone)]
pub struct El(pub Element);

/// A new `tag` element (the card's own, fixed tag names).
#[inline(never)]
pub fn el(tag: &str) -> El {
    El(document()
        .create_element(tag)
        .unwrap_or_else(|_| JsValue::UNDEFINED.unchecked_into()))
}

/// Runs `f` now, and again whenever a signal it read changes, for as long as the current owner
/// lives (one effect type for every binding: see the module's note on size).
#[inline(never)]
pub fn bind(f: Box<dyn FnMut()>) {
    debug_assert!(
        Owner::current().is_some(),
        "a binding made with no owner is dropped at once"
    );
    let mut f = f;
    let effect = SendWrapper::new(RenderEffect::new(move |_: Option<()>| f()));
    on_cleanup(move || drop(effect));
}

impl El {
    /// The element as an HTML element (every element here is one: made by `el` in an HTML page).
    pub fn html(&self) -> &HtmlElement {
        self.0.unchecked_ref()
    }

    /// Sets an attribute.
    #[inline(never)]
    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Sets the `class` attribute.
    pub fn class(self, value: &str) -> Self {
        self.attr("class", value)
    }

    /// Appends text (as text: never parsed as HTML).
    #[inline(never)]
    pub fn text(self, value: &str) -> Self {
        let _ = self.0.append_with_str_1(value);
        self
    }

    /// Appends a child element.
    #[inline(never)]
    pub fn child(self, child: El) -> Self {
        let _ = self.0.append_with_node_1(&child.0);
        self
    }

    /// Appends child elements (a component that is several elements side by side).
    #[inline(never)]
    pub fn children(self, children: Vec<El>) -> Self {
        for child in children {
            let _ = self.0.append_with_node_1(&child.0);
        }
        self
    }

    /// Appends text that follows `f`.
    pub fn dyn_text(self, f: impl Fn() -> String + 'static) -> Self {
        self.dyn_text_boxed(Box::new(f))
    }

    #[inline(never)]
    fn dyn_text_boxed(self, f: Box<dyn Fn() -> String>) -> Self {
        let node: Node = document().create_text_node("").into();
        let _ = self.0.append_with_node_1(&node);
        let mut shown: Option<String> = None;
        bind(Box::new(move || {
            let value = f();
            if shown.as_ref() != Some(&value) {
                node.set_node_value(Some(&value));
                shown = Some(value);
            }
        }));
        self
    }

    /// An attribute that follows `f`: there with its value, or not there (`None`).
    pub fn dyn_attr(self, name: &'static str, f: impl Fn() -> Option<String> + 'static) -> Self {
        self.dyn_attr_boxed(name, Box::new(f))
    }

    #[inline(never)]
    fn dyn_attr_boxed(self, name: &'static str, f: Box<dyn Fn() -> Option<String>>) -> Self {
        let element = self.0.clone();
        // `Some(None)`: known to be absent
        let mut shown: Option<Option<String>> = None;
        bind(Box::new(move || {
            let value = f();
            if shown.as_ref() != Some(&value) {
                let _ = match &value {
                    Some(v) => element.set_attribute(name, v),
                    None => element.remove_attribute(name),
                };
                shown = Some(value);
            }
        }));
        self
    }

    /// The `class` attribute, following `f`.
    pub fn dyn_class(self, f: impl Fn() -> String + 'static) -> Self {
        self.dyn_attr("class", move || Some(f()))
    }

    /// An attribute that follows `f`, as a text value (`aria-pressed="true"`).
    pub fn dyn_value_attr(self, name: &'static str, f: impl Fn() -> String + 'static) -> Self {
        self.dyn_attr(name, move || Some(f()))
    }

    /// A boolean attribute (`hidden`, `disabled`) that follows `f`.
    pub fn flag(self, name: &'static str, f: impl Fn() -> bool + 'static) -> Self {
        self.dyn_attr(name, move || f().then(String::new))
    }

    /// `hidden` while `f` says so.
    pub fn hidden(self, f: impl Fn() -> bool + 'static) -> Self {
        self.flag("hidden", f)
    }

    /// An input's value (the property, what the user sees) following `f`; left alone while it
    /// already reads so (the caret stays where the user put it).
    pub fn dyn_value(self, f: impl Fn() -> String + 'static) -> Self {
        let f: Box<dyn Fn() -> String> = Box::new(f);
        let input: HtmlInputElement = self.0.clone().unchecked_into();
        bind(Box::new(move || {
            let value = f();
            if input.value() != value {
                input.set_value(&value);
            }
        }));
        self
    }

    /// Calls `f` with each `event` on this element, for as long as the current owner lives.
    pub fn on(self, event: &'static str, f: impl FnMut(Event) + 'static) -> Self {
        self.on_boxed(event, Box::new(f))
    }

    #[inline(never)]
    fn on_boxed(self, event: &'static str, f: Box<dyn FnMut(Event)>) -> Self {
        debug_assert!(
            Owner::current().is_some(),
            "a listener made with no owner is freed at once"
        );
        let listener = Closure::wrap(f);
        let _ = self
            .0
            .add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        let kept = SendWrapper::new((self.0.clone(), listener));
        on_cleanup(move || {
            // taken off the element before it is freed: an event that still reaches the element
            // (a focusout as it goes) finds no listener rather than a freed one
            let (element, listener) = kept.take();
            let _ = element
                .remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        });
        self
    }

    /// Children that `f` builds, built anew (in the same place) each time it runs again: for parts
    /// that hold nothing the user would lose on a rebuild, or that are rebuilt only as they show
    /// anew. The previous build's bindings and listeners are cleaned up before it goes.
    pub fn dyn_children(self, f: impl Fn() -> Vec<El> + 'static) -> Self {
        self.dyn_children_boxed(Box::new(f))
    }

    #[inline(never)]
    fn dyn_children_boxed(self, f: Box<dyn Fn() -> Vec<El>>) -> Self {
        // the children go before this empty text node, which stays put
        let end: Node = document().create_text_node("").into();
        let _ = self.0.append_with_node_1(&end);
        let parent = self.0.clone();
        let mut shown: Vec<El> = Vec::new();
        bind(Box::new(move || {
            for old in shown.drain(..) {
                old.0.remove();
            }
            shown = f();
            for new in &shown {
                let _ = parent.insert_before(&new.0, Some(&end));
            }
        }));
        self
    }

    /// Text items (`tag` elements, e.g. `li`), one per text `f` gives, patched in place when it
    /// runs again: an item whose text is the same is left alone, one whose text changed has it
    /// replaced, and items are added or taken away at the end (a long list filtered key by key).
    /// The items are the element's only children.
    pub fn dyn_items(self, tag: &'static str, f: impl Fn(&mut dyn FnMut(&str)) + 'static) -> Self {
        self.dyn_items_boxed(tag, Box::new(f))
    }

    #[inline(never)]
    fn dyn_items_boxed(self, tag: &'static str, f: Box<Items>) -> Self {
        let parent = self.0.clone();
        let mut items: Vec<(Element, String)> = Vec::new();
        bind(Box::new(move || {
            let mut count = 0;
            f(&mut |text| {
                match items.get_mut(count) {
                    Some((item, shown)) => {
                        if shown != text {
                            item.set_text_content(Some(text));
                            *shown = text.to_string();
                        }
                    }
                    None => {
                        let item = el(tag).text(text).0;
                        let _ = parent.append_with_node_1(&item);
                        items.push((item, text.to_string()));
                    }
                }
                count += 1;
            });
            for (item, _) in items.drain(count.min(items.len())..) {
                item.remove();
            }
        }));
        self
    }

    /// A child that `f` builds when it is `Some`, like [`El::dyn_children`].
    pub fn dyn_child(self, f: impl Fn() -> Option<El> + 'static) -> Self {
        self.dyn_children(move || f().into_iter().collect())
    }
}

/// A property read by name (an event's `key`, an element's `value`). Not through a type check:
/// `instanceof` fails for events and elements of another window (a card mounted into an iframe's
/// element); a property that is not there reads `undefined` (a plain `Event` that a page
/// dispatched as "keydown" has no `key`).
pub fn property(of: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(of, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// The key a keyboard event is for ("" for any other event).
pub fn key(ev: &Event) -> String {
    property(ev, "key").as_string().unwrap_or_default()
}

/// The value of the input an event came from ("" when it came from something else).
pub fn input_value(ev: &Event) -> String {
    ev.target()
        .and_then(|t| property(&t, "value").as_string())
        .unwrap_or_default()
}

/// A built element in the page, until dropped: then it leaves the page and its bindings and
/// listeners are cleaned up.
pub struct Mounted {
    owner: Owner,
    root: Element,
    /// Left on the page when dropped ([`Mounted::freeze`]).
    keep: bool,
}

/// Builds `build`'s element under a new owner and appends it to `parent`.
pub fn mount(parent: &Element, build: impl FnOnce() -> El) -> Mounted {
    // render effects run again on Leptos's executor (started once; later calls do nothing)
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    let root = owner.with(build).0;
    let _ = parent.append_with_node_1(&root);
    Mounted {
        owner,
        root,
        keep: false,
    }
}

impl Mounted {
    /// Leaves its element on the page as it is now, but stops updating it (a configuration
    /// message whose element is handed back to the page).
    pub fn freeze(mut self) {
        self.keep = true;
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if !self.keep {
            self.root.remove();
        }
        self.owner.cleanup();
    }
}
