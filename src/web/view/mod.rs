//! The widget's views: the skeleton built once at mount (`skeleton`), and each part drawn from
//! its plain view data (`combobox`, `list`, `panels`). Only this module and `dom` create
//! elements; venue text is always a text node.

mod combobox;
mod list;
mod panels;

pub use combobox::{render_active, render_suggestions};
pub use list::{find_item, group_popup, popup, render_results, render_selection};
pub use panels::{map_focus_target, render_filters, render_layout, render_notices};

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

use super::dom::{append, attr, el, el_text};
use crate::model::i18n;
use crate::model::{Config, Kind};
use tiers_lieux_core::Lang;

/// The elements the views draw into (built once; the state is never read back from them).
pub struct Ui {
    pub input: HtmlInputElement,
    pub listbox: HtmlElement,
    pub locate: HtmlElement,
    pub status: HtmlElement,
    pub alert: HtmlElement,
    /// Dismissible notices (a partner list's rows not shown, a base map that failed).
    pub notices: HtmlElement,
    pub list: HtmlElement,
    pub hint: HtmlElement,
    pub map_el: HtmlElement,
    pub skip: HtmlElement,
    pub after_map: HtmlElement,
    /// Type and label chips: (key, button).
    pub chips: Vec<(&'static str, HtmlElement)>,
    /// Their fieldset (one listener for every chip).
    pub chips_box: Option<HtmlElement>,
    /// Distance choice.
    pub radius: HtmlSelectElement,
    /// "Copy the link to this search" (with `history="hash"`).
    pub share_results: HtmlElement,
    /// "Show the map background" and what it means (with `consent="click"`).
    pub consent_box: HtmlElement,
    /// The widget's root (a narrow widget's layout classes go on it).
    pub root: HtmlElement,
    /// A narrow widget's « Filtres » button (`aria-expanded`, with the count of filters on).
    pub filters_toggle: HtmlElement,
    /// A narrow widget's « Liste » and « Carte » buttons (`aria-pressed`).
    pub show_list: HtmlElement,
    pub show_map: HtmlElement,
    /// « Rechercher dans cette zone », over the map once the person moved it.
    pub search_area: HtmlElement,
}

/// Builds the widget's DOM (text nodes only) for `config`; the parts that change are drawn from
/// the state afterwards. `tile_host`: where the base map's tiles come from (for the consent box).
/// The map's legend, in words (the samples are decoration): result pins, clusters, dots.
fn legend(t: &i18n::Strings) -> HtmlElement {
    let list = el("ul", "tl-legend");
    for (sample, text, class) in
        [("1", t.legend_result, "tl-legend-pin"), ("5", t.legend_cluster, "tl-legend-cluster"), ("", t.legend_venue, "tl-legend-dot")]
    {
        let li = el("li", "");
        let s = el_text("span", class, sample);
        attr(&s, "aria-hidden", "true");
        append(&li, &s);
        append(&li, &el_text("span", "", text));
        append(&list, &li);
    }
    list
}

pub fn skeleton(config: &Config, data_line: &str, tile_host: &str) -> (HtmlElement, Ui) {
    let lang = config.lang;
    let t = i18n::strings(lang);
    let root = el("div", "tl-root");
    attr(
        &root,
        "lang",
        match lang {
            Lang::Fr => "fr",
            Lang::En => "en",
        },
    );
    let search = el("div", "tl-search");
    attr(&search, "role", "search");
    let label = el_text("label", "tl-label", t.search_label);
    attr(&label, "for", "tl-q");
    let combo = el("div", "tl-combo");
    let input: HtmlInputElement = el("input", "tl-input").unchecked_into();
    for (k, v) in [
        ("id", "tl-q"),
        ("type", "search"),
        ("role", "combobox"),
        ("aria-autocomplete", "list"),
        ("aria-expanded", "false"),
        ("aria-controls", "tl-suggestions"),
        ("autocomplete", "off"),
        ("autocapitalize", "words"),
        ("spellcheck", "false"),
        ("inputmode", "search"),
        ("enterkeyhint", "search"),
        ("placeholder", t.search_placeholder),
    ] {
        attr(&input, k, v);
    }
    let listbox = el("ul", "tl-suggestions");
    attr(&listbox, "id", "tl-suggestions");
    attr(&listbox, "role", "listbox");
    attr(&listbox, "aria-label", t.search_label);
    listbox.set_hidden(true);
    append(&combo, &input);
    append(&combo, &listbox);
    let locate = el_text("button", "tl-locate", t.locate);
    attr(&locate, "type", "button");
    append(&search, &label);
    let row = el("div", "tl-search-row");
    append(&row, &combo);
    append(&row, &locate);
    append(&search, &row);
    let status = el("div", "tl-status");
    attr(&status, "role", "status");
    attr(&status, "aria-live", "polite");
    let alert = el("div", "tl-alert");
    attr(&alert, "role", "alert");
    let notices = el("div", "tl-notices");
    // Filters: type and label chips (when there is a choice), and the distance.
    // A narrow widget (under 600 px): the filters fold behind one button, and the map is one
    // tap away from the list (the CSS shows this bar only there).
    let narrow_bar = el("div", "tl-narrow-bar");
    let filters_toggle = el_text("button", "tl-filters-toggle", t.filters_button);
    attr(&filters_toggle, "type", "button");
    attr(&filters_toggle, "aria-expanded", "false");
    attr(&filters_toggle, "aria-controls", "tl-filters");
    let view_toggle = el("div", "tl-view-toggle");
    attr(&view_toggle, "role", "group");
    attr(&view_toggle, "aria-label", t.view_choice);
    let show_list = el_text("button", "tl-show-list", t.show_list);
    let show_map = el_text("button", "tl-show-map", t.show_map);
    for (b, pressed) in [(&show_list, "true"), (&show_map, "false")] {
        attr(b, "type", "button");
        attr(b, "aria-pressed", pressed);
        append(&view_toggle, b);
    }
    append(&narrow_bar, &filters_toggle);
    append(&narrow_bar, &view_toggle);
    let filters = el("div", "tl-filters");
    attr(&filters, "id", "tl-filters");
    attr(&filters, "role", "group");
    attr(&filters, "aria-label", t.filters_label);
    let mut chips = Vec::new();
    let mut chips_box = None;
    if !config.kinds.is_empty() {
        let set = el("fieldset", "tl-chips");
        chips_box = Some(set.clone());
        append(&set, &el_text("legend", "tl-filter-label", t.types_legend));
        for Kind { key, label, count: n } in &config.kinds {
            let b = el("button", "tl-chip");
            attr(&b, "type", "button");
            attr(&b, "aria-pressed", "false");
            attr(&b, "data-key", key);
            append(&b, &el_text("span", "", label));
            append(&b, &el_text("span", "tl-count", &format!(" ({n})")));
            append(&set, &b);
            chips.push((*key, b));
        }
        append(&filters, &set);
    }
    let radius_box = el("div", "tl-radius");
    let radius_label = el_text("label", "tl-filter-label", t.distance_label);
    attr(&radius_label, "for", "tl-radius");
    let radius: HtmlSelectElement = el("select", "tl-radius-select").unchecked_into();
    attr(&radius, "id", "tl-radius");
    let any = el_text("option", "", t.any_distance);
    attr(&any, "value", "");
    append(&radius, &any);
    append(&radius_box, &radius_label);
    append(&radius_box, &radius);
    append(&filters, &radius_box);
    let body = el("div", "tl-body");
    let results = el("section", "tl-results");
    attr(&results, "aria-labelledby", "tl-results-title");
    let head = el("div", "tl-results-head");
    let h = el_text("h2", "tl-results-title", t.results_heading);
    attr(&h, "id", "tl-results-title");
    let share_results = el_text("button", "tl-share tl-share-results", t.share_results);
    attr(&share_results, "type", "button");
    share_results.set_hidden(true);
    append(&head, &h);
    append(&head, &share_results);
    let hint = el_text("p", "tl-hint", t.start_hint);
    let list = el("ol", "tl-list");
    append(&results, &head);
    append(&results, &hint);
    append(&results, &list);
    let map_wrap = el("div", "tl-map-wrap");
    let skip = el_text("a", "tl-skip", t.skip_map);
    // Inside a shadow root a fragment link cannot reach its target: `wire` moves the focus.
    attr(&skip, "href", "#tl-after-map");
    let map_el = el("div", "tl-map");
    attr(&map_el, "role", "region");
    attr(&map_el, "aria-label", t.map_label);
    let after = el("span", "tl-after-map");
    attr(&after, "id", "tl-after-map");
    attr(&after, "tabindex", "-1");
    // With consent="click": what the map background is, and the button that asks for it.
    let consent_box = el("div", "tl-consent");
    append(&consent_box, &el_text("p", "tl-consent-text", &i18n::consent_explain(tile_host, lang)));
    let consent_button = el_text("button", "tl-consent-button", t.show_base_map);
    attr(&consent_button, "type", "button");
    append(&consent_box, &consent_button);
    consent_box.set_hidden(true);
    let search_area = el_text("button", "tl-search-area", t.search_area);
    attr(&search_area, "type", "button");
    search_area.set_hidden(true);
    append(&map_wrap, &skip);
    // Before the map in the keyboard order: Shift+Tab from the map reaches it (its markers follow).
    append(&map_wrap, &search_area);
    append(&map_wrap, &map_el);
    append(&map_wrap, &legend(t));
    append(&map_wrap, &consent_box);
    append(&map_wrap, &after);
    append(&body, &results);
    append(&body, &map_wrap);
    let foot = el_text("p", "tl-attribution", data_line);
    for e in [&search, &narrow_bar, &filters, &status, &alert, &notices, &body, &foot] {
        append(&root, e);
    }
    let ui = Ui {
        input,
        listbox,
        locate: locate.unchecked_into(),
        status,
        alert,
        notices,
        list,
        hint,
        map_el,
        skip,
        after_map: after,
        chips,
        chips_box,
        radius,
        share_results,
        consent_box,
        root: root.clone(),
        filters_toggle,
        show_list,
        show_map,
        search_area,
    };
    (root, ui)
}
