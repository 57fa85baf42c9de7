//! The combobox's options, drawn in one crossing into JS per keystroke (the options as text
//! nodes, the combobox's ARIA state, the live status and `tierslieux:search`), and the active
//! option moved by the arrow keys.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use super::super::dom::attr;
use super::Ui;
use crate::model::view::SuggestionsView;

/// Field and record separators of the packed suggestion list (control characters that venue
/// and place text never carries: `pack_field` replaces any that would).
const FIELD: char = '\u{1f}';
const RECORD: char = '\u{1e}';

/// Appends `text` to a packed list, with any separator inside it turned into a space.
fn pack_field(out: &mut String, text: &str) {
    if text.contains([FIELD, RECORD]) {
        out.extend(text.chars().map(|c| if c == FIELD || c == RECORD { ' ' } else { c }));
    } else {
        out.push_str(text);
    }
    out.push(FIELD);
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function tl_show_suggestions(host, listbox, input, status, packed, coords, statusText, query, busy, announce) {
  // One call per keystroke: the options as text nodes (never HTML), the combobox state, the
  // live status, then `tierslieux:search` with the same suggestions.
  const records = packed ? packed.split('\u001e') : [];
  records.pop();
  // The options already drawn are reused, their text changed only where it differs: a keystroke
  // that refines a list (most of them) touches a few text nodes, not 8 new options' 24 nodes,
  // and the browser restyles only what changed.
  const doc = listbox.ownerDocument;
  const items = listbox.children;
  const suggestions = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const [kind, label, code, kindWord] = records[i].split('\u001f');
    let li = items[i];
    if (!li) {
      li = doc.createElement('li');
      li.className = 'tl-option';
      li.id = `tl-opt-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('data-index', String(i));
      const text = doc.createElement('span');
      text.className = 'tl-option-label';
      const word = doc.createElement('span');
      word.className = 'tl-option-kind';
      li.append(text, word);
      listbox.append(li);
    }
    if (li.getAttribute('aria-selected') !== 'false') li.setAttribute('aria-selected', 'false');
    const [text, word] = li.children;
    if (text.textContent !== label) text.textContent = label;
    if (word.textContent !== kindWord) word.textContent = kindWord;
    const lat = coords[2 * i], lon = coords[2 * i + 1];
    suggestions[i] = { kind, label, code, lat: Number.isNaN(lat) ? null : lat, lon: Number.isNaN(lon) ? null : lon };
  }
  while (items.length > records.length) items[items.length - 1].remove();
  listbox.hidden = records.length === 0;
  // Provisional options (more may come while their slices load).
  if (busy) listbox.setAttribute('aria-busy', 'true'); else listbox.removeAttribute('aria-busy');
  input.setAttribute('aria-expanded', records.length ? 'true' : 'false');
  input.removeAttribute('aria-activedescendant');
  if (status.textContent !== statusText) status.textContent = statusText;
  if (announce) host.dispatchEvent(new CustomEvent('tierslieux:search', { bubbles: true, composed: true, detail: { query, suggestions } }));
}
"#)]
extern "C" {
    /// Renders the suggestion options from a packed list (`kind FIELD label FIELD code FIELD
    /// kind-word FIELD RECORD` each; `coords` lat, lon pairs, NaN for none) and fires
    /// `tierslieux:search`: the keystroke's one crossing into JS.
    #[allow(clippy::too_many_arguments)]
    fn tl_show_suggestions(
        host: &Element,
        listbox: &Element,
        input: &Element,
        status: &Element,
        packed: &str,
        coords: &[f64],
        status_text: &str,
        query: &str,
        busy: bool,
        announce: bool,
    );
}

/// Draws the options of `v` (and fires `tierslieux:search` when `announce`).
pub fn render_suggestions(host: &HtmlElement, ui: &Ui, v: &SuggestionsView, announce: bool) {
    let mut packed = String::with_capacity(64 * v.options.len());
    let mut coords = Vec::with_capacity(2 * v.options.len());
    for o in &v.options {
        pack_field(&mut packed, o.kind);
        pack_field(&mut packed, &o.label);
        pack_field(&mut packed, &o.code);
        pack_field(&mut packed, o.kind_word);
        packed.push(RECORD);
        let (lat, lon) = o.position.map_or((f64::NAN, f64::NAN), |p| (p.lat, p.lon));
        coords.extend([lat, lon]);
    }
    tl_show_suggestions(host, &ui.listbox, &ui.input, &ui.status, &packed, &coords, &v.status, &v.query, v.busy, announce);
    if !v.open {
        ui.listbox.set_hidden(true);
        attr(&ui.input, "aria-expanded", "false");
    }
}

/// Marks option `active` (or none) and opens or closes the list.
pub fn render_active(ui: &Ui, active: Option<usize>, open: bool) {
    ui.listbox.set_hidden(!open);
    attr(&ui.input, "aria-expanded", if open { "true" } else { "false" });
    let items = ui.listbox.children();
    for k in 0..items.length() {
        if let Some(item) = items.item(k) {
            attr(&item, "aria-selected", if Some(k as usize) == active { "true" } else { "false" });
        }
    }
    match active.filter(|_| open) {
        Some(i) => {
            attr(&ui.input, "aria-activedescendant", &format!("tl-opt-{i}"));
            if let Some(item) = items.item(i as u32) {
                item.unchecked_ref::<Element>().scroll_into_view_with_bool(false);
            }
        }
        None => {
            let _ = ui.input.remove_attribute("aria-activedescendant");
        }
    }
}
