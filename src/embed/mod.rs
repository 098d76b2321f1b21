//! The only code that reads the host page: `data-runner-execution` elements, the JS `mount` API,
//! and the token provider. Each card is isolated: a bad configuration affects its element only.

mod options;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use any_spawner::Executor;
use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;

use runner_core::JobRef;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

pub use options::{CardOptions, Names, ATTRIBUTES, KEYS};

use crate::api::RunnerApi;
use crate::card::Controller;
use crate::components::{config_problem, execution_card, rehearse_once};
use crate::dom;
use crate::platform::settled_or_after;
use crate::token::{Provider, Tokens};
use crate::transport::InFlight;

/// Marks an element that already holds a card, so a second `init()` never mounts twice.
const MOUNTED_ATTRIBUTE: &str = "data-runner-mounted";

thread_local! {
    static NEXT_UID: Cell<u32> = const { Cell::new(0) };
    /// Declarative cards live as long as the page (or until `mountAll()` finds them out of it).
    static DECLARED: RefCell<Vec<Rc<MountedCard>>> = const { RefCell::new(Vec::new()) };
    /// `mount()`ed cards, until their `unmount()`: a page that drops the handle (and has it
    /// collected) does not take the card with it.
    static MOUNTED: RefCell<Vec<Rc<MountedCard>>> = const { RefCell::new(Vec::new()) };
}

fn next_uid() -> String {
    NEXT_UID.with(|n| {
        n.set(n.get() + 1);
        format!("rw{}", n.get())
    })
}

/// `mountAll()`: mounts cards into `[data-runner-execution]` elements added after `init()`
/// (elements that already hold a card are left alone), and unmounts the declarative cards whose
/// elements have left the document (a single-page app calls it after changing views).
#[wasm_bindgen(js_name = mountAll)]
pub fn mount_all() {
    release_detached();
    mount_declared();
}

/// Unmounts and forgets the declarative cards whose elements are out of the document. (Until
/// then such a card only pauses: a view kept alive out of the document and put back resumes.)
fn release_detached() {
    let gone: Vec<Rc<MountedCard>> = DECLARED.with(|d| {
        let mut declared = d.borrow_mut();
        let (gone, kept) = std::mem::take(&mut *declared)
            .into_iter()
            .partition(|card| !card.element.is_connected());
        *declared = kept;
        gone
    });
    // no borrow of DECLARED is held while the cards go
    for card in gone {
        card.unmount();
    }
}

/// Mounts a card into every `[data-runner-execution]` element of the document.
pub fn mount_declared() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(list) = document.query_selector_all("[data-runner-execution]") else {
        return;
    };
    for index in 0..list.length() {
        let Some(element) = list
            .item(index)
            .and_then(|n| n.dyn_into::<HtmlElement>().ok())
        else {
            continue;
        };
        if element.has_attribute(MOUNTED_ATTRIBUTE) {
            continue;
        }
        let attrs = element.clone();
        let parsed = CardOptions::parse(&ATTRIBUTES, |name| attrs.get_attribute(name), None, None);
        let card = Rc::new(mount_card(element, parsed));
        DECLARED.with(|d| d.borrow_mut().push(card));
    }
}

/// How long a card waits for the token provider's answer before it first renders (and shows
/// "Loading…"). A token that comes quickly then sends the list request out before the render
/// (~15 ms of work here) instead of after it, and no loading state flashes by.
const FIRST_RENDER_WAIT_MS: i32 = 50;

/// The card's view, once it is mounted (dropping it unmounts).
type Mounted = Rc<RefCell<Option<dom::Mounted>>>;

/// Mounts the card's view into `element` (the rehearsal mounts it the same way, so the same
/// code is compiled).
pub(crate) fn mount_card_view(
    element: HtmlElement,
    controller: Controller,
    uid: String,
    heading: &'static str,
) -> dom::Mounted {
    dom::mount(&element, move || execution_card(controller, uid, heading))
}

/// Mounts one card (or its configuration problem) into `element`.
fn mount_card(element: HtmlElement, parsed: Result<CardOptions, String>) -> MountedCard {
    let _ = element.set_attribute(MOUNTED_ATTRIBUTE, "");
    element.set_inner_html("");
    let options = match parsed {
        Ok(options) => options,
        Err(message) => {
            let view = dom::mount(&element, move || config_problem(&message));
            return MountedCard {
                element,
                mounted: Rc::new(RefCell::new(Some(view))),
                controller: None,
                owner: RefCell::new(None),
            };
        }
    };
    let api = RunnerApi {
        job: JobRef::new(&options.api_base, &options.account, &options.job),
        auth_base: options.auth_base.clone(),
        in_flight: InFlight::default(),
    };
    let tokens = Tokens::new(options.token.clone(), options.provider.clone());
    // The card's signals belong to this owner, freed by `unmount()`: created with no
    // owner they would live as long as the page (a single-page app mounts many cards).
    let owner = Owner::new();
    let controller =
        owner.with(|| Controller::new(api, tokens, &options.execution, options.poll_interval_ms));
    controller.set_host(element.clone().into());
    controller.on_slow_first_answer(rehearse_once);
    // the loop starts before the first view (which would start the executor)
    let _ = Executor::init_wasm_bindgen();
    let token_answer = controller.start();
    let mounted = Mounted::default();
    // spawned after the loop, so it runs after the loop's first step (a known token's request is out)
    spawn_local(render_when_ready(
        element.clone(),
        controller.clone(),
        token_answer,
        next_uid(),
        options.heading,
        mounted.clone(),
    ));
    MountedCard {
        element,
        mounted,
        controller: Some(controller),
        owner: RefCell::new(Some(owner)),
    }
}

/// Mounts the card's view once the token provider has answered, or after
/// [`FIRST_RENDER_WAIT_MS`]; not if the card was unmounted meanwhile.
async fn render_when_ready(
    element: HtmlElement,
    controller: Controller,
    token_answer: Option<Promise>,
    uid: String,
    heading: &'static str,
    mounted: Mounted,
) {
    if let Some(answer) = token_answer {
        let _ = JsFuture::from(settled_or_after(&answer, FIRST_RENDER_WAIT_MS)).await;
    }
    if !controller.alive() {
        return;
    }
    *mounted.borrow_mut() = Some(mount_card_view(element, controller, uid, heading));
}

/// What `mount()` returns: `unmount()` and `setToken(token)`. Dropping it leaves the card.
#[wasm_bindgen]
pub struct MountHandle(Rc<MountedCard>);

/// A card (or its configuration message) in its element, until `unmount()`.
struct MountedCard {
    element: HtmlElement,
    /// The view; `None` until a card's first render, and after `unmount()`.
    mounted: Mounted,
    controller: Option<Controller>,
    /// Owns the controller's signals.
    owner: RefCell<Option<Owner>>,
}

#[wasm_bindgen]
impl MountHandle {
    /// Removes the card: cancels its timers and aborts its in-flight request.
    pub fn unmount(&self) {
        self.0.unmount();
        MOUNTED.with(|m| m.borrow_mut().retain(|card| !Rc::ptr_eq(card, &self.0)));
    }

    /// Hands the card a new bearer token (kept in memory only) and refreshes it.
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: String) {
        if let Some(controller) = &self.0.controller {
            controller.set_token(token);
        }
    }
}

impl MountedCard {
    /// Removes the card: cancels its timers and aborts its in-flight request.
    fn unmount(&self) {
        if let Some(controller) = &self.controller {
            controller.shutdown(); // also keeps a first render still waiting from happening
        }
        let view = self.mounted.borrow_mut().take();
        let owner = self.owner.borrow_mut().take();
        if view.is_none() && owner.is_none() {
            return; // unmounted already: the element may hold another card by now
        }
        drop(view);
        if let Some(owner) = owner {
            owner.cleanup();
        }
        let _ = self.element.remove_attribute(MOUNTED_ATTRIBUTE);
    }
}

/// `mount(element, options)`: mounts a card and returns its handle. A bad option throws an
/// `Error` whose message says which, and the element shows the same message.
#[wasm_bindgen]
pub fn mount(element: HtmlElement, options: JsValue) -> Result<MountHandle, JsError> {
    if element.has_attribute(MOUNTED_ATTRIBUTE) {
        return Err(JsError::new(
            "This element already holds a Runner card; unmount it first.",
        ));
    }
    let get = |name: &str| -> Option<String> {
        let value = Reflect::get(&options, &JsValue::from_str(name)).ok()?;
        value.as_string().or_else(|| {
            // numbers are formatted by JavaScript (no float formatting code in the wasm)
            value.as_f64().map(|_| {
                String::from(
                    js_sys::Number::from(value.clone())
                        .to_string_with_radix(10)
                        .unwrap_or_else(|_| js_sys::JsString::from("")),
                )
            })
        })
    };
    let token = get("token");
    let provider = Reflect::get(&options, &JsValue::from_str(KEYS.token_provider))
        .ok()
        .and_then(|v| v.dyn_into::<Function>().ok())
        .map(Provider::Function);
    let parsed = if options.is_object() {
        CardOptions::parse(&KEYS, get, token, provider)
    } else {
        Err("the options must be an object.".to_string())
    };
    let error = parsed.as_ref().err().cloned();
    let card = mount_card(element, parsed);
    match error {
        Some(message) => {
            card.unmount_keep_message();
            Err(JsError::new(&message))
        }
        None => {
            let card = Rc::new(card);
            MOUNTED.with(|m| m.borrow_mut().push(card.clone()));
            Ok(MountHandle(card))
        }
    }
}

impl MountedCard {
    /// Leaves the configuration message on screen but frees the element for another `mount`.
    fn unmount_keep_message(self) {
        let _ = self.element.remove_attribute(MOUNTED_ATTRIBUTE);
        if let Some(view) = self.mounted.borrow_mut().take() {
            view.freeze();
        }
    }
}
