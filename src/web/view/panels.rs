//! The filters (chips and distance choices with their counts) and the dismissible notices.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use super::super::dom::{append, attr, clear, el, el_text};
use super::Ui;
use crate::model::i18n;
use crate::model::view::{FiltersView, LayoutView, NoticeView};
use tiers_lieux_core::Lang;

pub fn render_filters(ui: &Ui, v: &FiltersView) {
    for (key, button) in &ui.chips {
        let pressed = v.chips.iter().any(|(k, on)| k == key && *on);
        attr(button, "aria-pressed", if pressed { "true" } else { "false" });
    }
    let options = ui.radius.options();
    // Option 0 is "any distance"; then one per choice (a choice may have been added).
    for (k, (value, text)) in v.radius_options.iter().enumerate() {
        match options.item(k as u32 + 1) {
            Some(o) => {
                o.set_text_content(Some(text));
                attr(&o, "value", value);
            }
            None => {
                let o = el_text("option", "", text);
                attr(&o, "value", value);
                append(&ui.radius, &o);
            }
        }
    }
    ui.radius.set_value(&v.radius_value);
}

/// Draws every notice: its sentence, the rows behind it, and its close button (one delegated
/// listener on the notices' box: `data-notice` names the notice).
pub fn render_notices(ui: &Ui, notices: &[NoticeView], lang: Lang) {
    let t = i18n::strings(lang);
    clear(&ui.notices);
    for n in notices {
        let notice = el("div", "tl-notice");
        let text = el_text("p", "tl-notice-text", &n.summary);
        attr(&text, "role", "status");
        append(&notice, &text);
        if !n.rows.is_empty() {
            let details = el("details", "tl-notice-rows");
            append(&details, &el_text("summary", "", t.show_rows));
            let ul = el("ul", "");
            for r in &n.rows {
                append(&ul, &el_text("li", "", r));
            }
            append(&details, &ul);
            append(&notice, &details);
        }
        let close = el_text("button", "tl-notice-close", t.dismiss);
        attr(&close, "type", "button");
        attr(&close, "data-notice", &n.id.to_string());
        append(&notice, &close);
        append(&ui.notices, &notice);
    }
}

/// The map's focusable container (Leaflet's), or its region.
pub fn map_focus_target(ui: &Ui) -> HtmlElement {
    match ui.map_el.query_selector(".leaflet-container") {
        Ok(Some(c)) => c.unchecked_into(),
        _ => ui.map_el.clone(),
    }
}

/// A narrow widget's layout: filters folded or not (and how many are on), list or map.
pub fn render_layout(ui: &Ui, v: &LayoutView) {
    let classes = ui.root.class_list();
    let _ = classes.toggle_with_force("tl-filters-open", v.filters_open);
    let _ = classes.toggle_with_force("tl-map-shown", v.map_shown);
    ui.filters_toggle.set_text_content(Some(&v.filters_label));
    attr(&ui.filters_toggle, "aria-expanded", if v.filters_open { "true" } else { "false" });
    attr(&ui.show_list, "aria-pressed", if v.map_shown { "false" } else { "true" });
    attr(&ui.show_map, "aria-pressed", if v.map_shown { "true" } else { "false" });
}
