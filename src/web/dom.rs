//! Small DOM helpers. Venue text only ever goes through `text` (a text node), never through
//! HTML parsing; links only through `safe_href` (the core's rule).

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

pub fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// `<tag class="class">`
pub fn el(tag: &str, class: &str) -> HtmlElement {
    let e = document().create_element(tag).expect("valid tag").unchecked_into::<HtmlElement>();
    if !class.is_empty() {
        e.set_class_name(class);
    }
    e
}

/// `<tag class="class">text</tag>`, the text as a text node.
pub fn el_text(tag: &str, class: &str, text: &str) -> HtmlElement {
    let e = el(tag, class);
    e.set_text_content(Some(text));
    e
}

pub fn attr(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

pub fn append(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

pub fn clear(e: &Element) {
    e.set_text_content(None);
}
