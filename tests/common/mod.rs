//! Helpers shared by the wasm test files.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// A fresh `div` in the test page's body, to mount into.
pub fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document
        .create_element("div")
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}
