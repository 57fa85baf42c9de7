//! The result list: one entry per venue card (its name button, summary, and details with their
//! links and actions), the start hint, and the selection. A card's details are built when it is
//! first opened, and a map popup when it is first shown: an Enter draws only what shows (the
//! names and summaries), not the hidden details and popups of every result.

use web_sys::{Element, HtmlElement};

use super::super::dom::{append, attr, clear, el, el_text};
use super::Ui;
use crate::model::card::{Link, VenueCard, Website};
use crate::model::markers::MarkerGroup;
use crate::model::view::ResultsView;

fn link(l: &Link) -> HtmlElement {
    let class = if l.class.is_empty() { "tl-link".to_owned() } else { format!("tl-link {}", l.class) };
    let a = el("a", &class);
    attr(&a, "href", &l.href);
    if l.new_window {
        attr(&a, "target", "_blank");
        attr(&a, "rel", l.rel);
    }
    append(&a, &el_text("span", "", &l.text));
    append(&a, &el_text("span", "tl-sr", &l.sr));
    a
}

/// A paragraph of links after a label, separated by " · ".
fn links_line(class: &str, label: &str, label_class: &str, links: &[Link]) -> HtmlElement {
    let p = el("p", class);
    append(&p, &el_text("span", label_class, label));
    for (k, l) in links.iter().enumerate() {
        if k > 0 {
            append(&p, &el_text("span", "", " · "));
        }
        append(&p, &link(l));
    }
    p
}

/// Distance, commune, kinds, address.
fn summary(c: &VenueCard) -> Vec<HtmlElement> {
    let mut out = Vec::new();
    if let Some((d, crow)) = &c.distance {
        let p = el("p", "tl-distance");
        append(&p, &el_text("strong", "", d));
        if !crow.is_empty() {
            append(&p, &el_text("span", "", &format!(" {crow}")));
        }
        out.push(p);
    }
    if let Some(place) = &c.place {
        out.push(el_text("p", "tl-commune", place));
    }
    out.push(el_text("p", "tl-types", &c.kinds));
    if let Some(a) = &c.address {
        out.push(el_text("p", "tl-address", a));
    }
    out
}

/// Position note, labels, website, social links, « Y aller », report link, sources.
fn more(c: &VenueCard) -> Vec<HtmlElement> {
    let d = &c.details;
    let mut out = Vec::new();
    if let Some(note) = d.commune_level {
        out.push(el_text("p", "tl-note", note));
    }
    if let Some(names) = &d.label_names {
        out.push(el_text("p", "tl-label-names", names));
    }
    if let Some(text) = &d.description {
        out.push(el_text("p", "tl-description", text));
    }
    match &d.website {
        Some(Website::Link(l)) => {
            let p = el("p", "tl-website");
            append(&p, &link(l));
            out.push(p);
        }
        Some(Website::Text(t)) => out.push(el_text("p", "tl-link-text", t)),
        None => {}
    }
    if let Some((label, links)) = &d.social {
        out.push(links_line("tl-social", label, "", links));
    }
    out.push(links_line("tl-go", &d.go.0, "tl-go-label", &d.go.1));
    if let Some(r) = &d.report {
        let p = el("p", "tl-report");
        append(&p, &link(r));
        out.push(p);
    }
    for s in &d.sources {
        out.push(el_text("p", "tl-source", s));
    }
    out
}

/// One list entry: its name button, summary and an empty details group (`fill_details` fills it
/// when the card is first opened).
fn entry(c: &VenueCard) -> HtmlElement {
    let li = el("li", "tl-result");
    attr(&li, "id", &format!("tl-r-{}", c.index));
    attr(&li, "data-id", &c.id);
    let h = el("h3", "tl-result-title");
    let b = el("button", "tl-name");
    attr(&b, "type", "button");
    attr(&b, "data-id", &c.id);
    attr(&b, "aria-expanded", "false");
    attr(&b, "aria-controls", &format!("tl-d-{}", c.index));
    append(&b, &el_text("span", "tl-num", &format!("{}. ", c.number)));
    append(&b, &el_text("span", "", &c.name));
    append(&h, &b);
    append(&li, &h);
    for n in summary(c) {
        append(&li, &n);
    }
    // On paper the details stay closed: the website is printed under the address.
    if let Some(w) = &c.print_website {
        append(&li, &el_text("p", "tl-print-only", w));
    }
    let details = el("div", "tl-details");
    attr(&details, "id", &format!("tl-d-{}", c.index));
    attr(&details, "role", "group");
    attr(&details, "tabindex", "-1");
    attr(&details, "aria-label", &c.details.label);
    details.set_hidden(true);
    append(&li, &details);
    li
}

/// A card's details: its links and notes, then its actions (share, close).
fn fill_details(details: &Element, c: &VenueCard) {
    for n in more(c) {
        append(details, &n);
    }
    let actions = el("p", "tl-actions");
    if let Some((text, sr)) = &c.details.share {
        let share = el_text("button", "tl-share tl-share-venue", text);
        attr(&share, "type", "button");
        attr(&share, "data-id", &c.id);
        append(&share, &el_text("span", "tl-sr", sr));
        append(&actions, &share);
    }
    let close = el_text("button", "tl-close", c.details.close);
    attr(&close, "type", "button");
    append(&actions, &close);
    append(details, &actions);
}

/// A venue's map popup: its name, summary and details (text and links, no actions).
pub fn popup(c: &VenueCard) -> HtmlElement {
    let popup = el("div", "tl-popup");
    append(&popup, &el_text("p", "tl-popup-title", &c.name));
    for n in summary(c).into_iter().chain(more(c)) {
        append(&popup, &n);
    }
    popup
}

/// Draws the list of `v` (the listeners are the list's own, delegated: none per entry).
pub fn render_results(ui: &Ui, v: &ResultsView) {
    clear(&ui.list);
    ui.share_results.set_hidden(!v.share_visible);
    match v.hint {
        Some(h) => {
            ui.hint.set_text_content(Some(h));
            ui.hint.set_hidden(false);
        }
        None => ui.hint.set_hidden(true),
    }
    for c in &v.cards {
        append(&ui.list, &entry(c));
    }
}

/// A map marker's popup for several venues at one point: its heading and one button per venue
/// (« 1. Name », carrying `data-id`), text only.
pub fn group_popup(group: &MarkerGroup, cards: &[VenueCard]) -> HtmlElement {
    let popup = el("div", "tl-popup tl-group-popup");
    append(&popup, &el_text("p", "tl-popup-title", group.heading.as_deref().unwrap_or_default()));
    let list = el("ul", "tl-group-list");
    for c in group.members.iter().filter_map(|&i| cards.get(i)) {
        let li = el("li", "");
        let b = el_text("button", "tl-group-venue", &format!("{}. {}", c.number, c.name));
        attr(&b, "type", "button");
        attr(&b, "data-id", &c.id);
        append(&li, &b);
        append(&list, &li);
    }
    append(&popup, &list);
    popup
}

/// The list entry of venue `id`.
pub fn find_item(ui: &Ui, id: &str) -> Option<Element> {
    let items = ui.list.children();
    (0..items.length()).filter_map(|k| items.item(k)).find(|i| i.get_attribute("data-id").as_deref() == Some(id))
}

/// Marks the selected venue's entry and opens its details (or none), building them the first
/// time they open from `cards` (the cards the list was drawn from).
pub fn render_selection(ui: &Ui, selected: Option<&str>, details_open: bool, cards: &[VenueCard]) {
    let items = ui.list.children();
    for k in 0..items.length() {
        let Some(item) = items.item(k) else { continue };
        let on = selected.is_some() && item.get_attribute("data-id").as_deref() == selected;
        let _ = item.class_list().toggle_with_force("tl-selected", on);
        if on {
            attr(&item, "aria-current", "true");
        } else {
            let _ = item.remove_attribute("aria-current");
        }
        if let (Ok(Some(d)), Ok(Some(b))) = (item.query_selector(".tl-details"), item.query_selector(".tl-name")) {
            let open = on && details_open;
            if open && d.child_element_count() == 0 {
                if let Some(c) = cards.iter().find(|c| Some(c.id.as_str()) == selected) {
                    fill_details(&d, c);
                }
            }
            wasm_bindgen::JsCast::unchecked_ref::<HtmlElement>(&d).set_hidden(!open);
            attr(&b, "aria-expanded", if open { "true" } else { "false" });
        }
    }
}
