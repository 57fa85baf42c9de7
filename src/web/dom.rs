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

pub use tiers_lieux_core::links::safe_href;

/// Field and record separators of the packed suggestion list (control characters that venue
/// and place text never carries: `pack_field` replaces any that would).
pub const FIELD: char = '\u{1f}';
pub const RECORD: char = '\u{1e}';

/// Appends `text` to a packed list, with any separator inside it turned into a space.
pub fn pack_field(out: &mut String, text: &str) {
    if text.contains([FIELD, RECORD]) {
        out.extend(text.chars().map(|c| if c == FIELD || c == RECORD { ' ' } else { c }));
    } else {
        out.push_str(text);
    }
    out.push(FIELD);
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function tl_show_suggestions(host, listbox, input, status, packed, coords, statusText, query) {
  // One call per keystroke: the options as text nodes (never HTML), the combobox state, the
  // live status, then `tierslieux:search` with the same suggestions.
  const records = packed ? packed.split('\u001e') : [];
  records.pop();
  const doc = listbox.ownerDocument;
  const frag = doc.createDocumentFragment();
  const suggestions = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const [kind, label, code, kindWord] = records[i].split('\u001f');
    const li = doc.createElement('li');
    li.className = 'tl-option';
    li.id = `tl-opt-${i}`;
    li.setAttribute('role', 'option');
    li.setAttribute('data-index', String(i));
    li.setAttribute('aria-selected', 'false');
    const text = doc.createElement('span');
    text.className = 'tl-option-label';
    text.textContent = label;
    const word = doc.createElement('span');
    word.className = 'tl-option-kind';
    word.textContent = kindWord;
    li.append(text, word);
    frag.append(li);
    const lat = coords[2 * i], lon = coords[2 * i + 1];
    suggestions[i] = { kind, label, code, lat: Number.isNaN(lat) ? null : lat, lon: Number.isNaN(lon) ? null : lon };
  }
  listbox.replaceChildren(frag);
  listbox.hidden = records.length === 0;
  input.setAttribute('aria-expanded', records.length ? 'true' : 'false');
  input.removeAttribute('aria-activedescendant');
  status.textContent = statusText;
  host.dispatchEvent(new CustomEvent('tierslieux:search', { bubbles: true, composed: true, detail: { query, suggestions } }));
}
"#)]
extern "C" {
    /// Renders the suggestion options from a packed list (`kind FIELD label FIELD code FIELD
    /// kind-word FIELD RECORD` each; `coords` lat, lon pairs, NaN for none) and fires
    /// `tierslieux:search`: the keystroke's one crossing into JS.
    #[allow(clippy::too_many_arguments)]
    pub fn tl_show_suggestions(
        host: &Element,
        listbox: &Element,
        input: &Element,
        status: &Element,
        packed: &str,
        coords: &[f64],
        status_text: &str,
        query: &str,
    );
}
