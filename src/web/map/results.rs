//! The result markers: one per point (`model::markers`), numbered like the list, shaped as pins
//! so they never look like the overview's round clusters; a marker for several venues opens a
//! popup that lists them. Selecting a result highlights its marker and opens its card.

use std::rc::Rc;

use js_sys::{Object, Reflect};
use leaflet::{Circle, DivIconOptions, LatLng, LatLngBounds, Marker, MarkerOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use super::{activates, call0, dot, dot_options, extend_bounds, l_div_icon, ll, set, MapView, RESULT_Z};
use crate::model::markers::MarkerGroup;
use tiers_lieux_core::LatLon;

/// A pin's body height and its point's length below it, in CSS px (widget.css `.tl-marker`).
const PIN_HEIGHT: f64 = 26.0;
const PIN_TIP: f64 = 8.0;

/// A pin wide enough for its label (« 7 », « 12 », « 1–4 », « 2, 5, 7 »).
fn pin_width(label: &str) -> f64 {
    (label.chars().count() as f64 * 8.0 + 12.0).max(PIN_HEIGHT)
}

/// A marker's element (once it is on the map).
fn element_of(m: &Marker) -> Option<HtmlElement> {
    let f: js_sys::Function = Reflect::get(m, &"getElement".into()).ok()?.dyn_into().ok()?;
    f.call0(m).ok()?.dyn_into().ok()
}

impl MapView {
    /// Frames the results to come (the origin and the pins' points), the old result layers
    /// removed first. Called before the list is drawn: Leaflet lays the page out when the map
    /// reaches a new zoom (its tile level's forced reflow), and that layout is cheaper before the
    /// new list and pins are in it; the pins are then placed once, at the new zoom.
    pub fn frame_results(&mut self, origin: Option<LatLon>, groups: &[MarkerGroup]) {
        self.results.clear_layers();
        call0(&self.map, "closePopup");
        let mut bounds: Option<LatLngBounds> = None;
        for p in origin.into_iter().chain(groups.iter().map(|g| g.at)) {
            extend_bounds(&mut bounds, p);
        }
        if let Some(b) = bounds {
            self.fit(&b);
        }
    }

    /// The results on the map, once `frame_results` framed them: a pin per point (`groups`, in
    /// rank order), the origin, and the distance chosen as a circle around it. `ids` are the
    /// results' venue ids; `popup(i)` builds result `i`'s card (DOM, text only) when it is first
    /// shown, and `group_popup(g)` is the list of a marker for several venues, whose buttons
    /// carry `data-id`.
    #[allow(clippy::too_many_arguments)]
    pub fn show_results(
        &mut self,
        origin: Option<(LatLon, String)>,
        radius_km: Option<f64>,
        ids: Vec<String>,
        groups: &[MarkerGroup],
        popup: impl Fn(usize) -> HtmlElement + 'static,
        group_popup: impl Fn(&MarkerGroup) -> HtmlElement,
        on_select: impl Fn(String) + 'static,
    ) {
        self.results.clear_layers();
        call0(&self.map, "closePopup");
        self.markers.clear();
        self.popup_listeners.clear();
        self.result_handlers.clear();
        *self.popups.borrow_mut() = vec![None; ids.len()];
        self.make_popup = Box::new(popup);
        self.marker_of = vec![0; ids.len()];
        self.ids = ids;
        let on_select: Rc<dyn Fn(String)> = Rc::new(on_select);
        if let Some((p, label)) = &origin {
            if let Some(r) = radius_km {
                let o = dot_options(0, "#2f4ac0", 2, "#2f4ac0", 0.06);
                set(&o, "radius", r * 1000.0);
                set(&o, "interactive", false);
                set(&o, "dashArray", "6 6");
                self.results.add_layer(&Circle::new_with_options(&ll(*p), o.unchecked_ref()));
            }
            self.results.add_layer(&dot(*p, 8, "#1b1f24", 3, "#ffd43b", 1.0, label));
        }
        self.group_popups = groups.iter().map(|g| g.heading.is_some().then(|| group_popup(g))).collect();
        for (g, group) in groups.iter().enumerate() {
            for &i in &group.members {
                if let Some(slot) = self.marker_of.get_mut(i) {
                    *slot = g;
                }
            }
            let m = self.pin(group);
            self.on_marker(&m, g, group, &on_select);
            if let Some(list) = &self.group_popups[g] {
                let cb = on_select.clone();
                self.popup_listeners.push(gloo::events::EventListener::new(list, "click", move |e| {
                    let id = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|t| t.closest(".tl-group-venue").ok().flatten());
                    if let Some(id) = id.and_then(|b| b.get_attribute("data-id")) {
                        cb(id);
                    }
                }));
                // Escape closes the list and gives the focus back to its pin (Leaflet would
                // close it and leave the focus nowhere).
                let (map, pin) = (self.map.clone(), m.clone());
                self.popup_listeners.push(gloo::events::EventListener::new(list, "keydown", move |e| {
                    if e.dyn_ref::<web_sys::KeyboardEvent>().is_some_and(|k| k.key() == "Escape") {
                        e.stop_propagation();
                        call0(&map, "closePopup");
                        if let Some(el) = element_of(&pin) {
                            let _ = el.focus();
                        }
                    }
                }));
            }
            self.results.add_layer(&m);
            self.markers.push(m);
        }
        let _ = self.container.class_list().toggle_with_force("tl-results-shown", !groups.is_empty());
        // Name each marker for assistive technology.
        for (g, group) in groups.iter().enumerate() {
            if let Some(el) = self.marker_element(g) {
                let _ = el.set_attribute("aria-label", &group.name);
            }
        }
    }

    /// A result pin, its tip on the point; above the overview's clusters.
    fn pin(&self, group: &MarkerGroup) -> Marker {
        let width = pin_width(&group.label);
        let icon_opts = DivIconOptions::new();
        icon_opts.set_class_name(if group.heading.is_some() { "tl-marker tl-marker-group" } else { "tl-marker" }.to_owned());
        // The label is ours (ranks, digits and punctuation): never venue text as HTML.
        icon_opts.set_html(group.label.clone());
        icon_opts.set_icon_size(leaflet::Point::new(width, PIN_HEIGHT));
        icon_opts.set_icon_anchor(leaflet::Point::new(width / 2.0, PIN_HEIGHT + PIN_TIP));
        let opts = MarkerOptions::new();
        opts.set_icon(l_div_icon(&icon_opts));
        opts.set_title(group.name.clone());
        opts.set_alt(group.name.clone());
        opts.set_keyboard(true);
        opts.set_rise_on_hover(true);
        opts.set_z_index_offset(RESULT_Z);
        Marker::new_with_options(&ll(group.at), &opts)
    }

    /// A click, or Enter or Space from the keyboard (Leaflet turns only a bound popup's Enter
    /// into a click): one venue is selected; a marker for several opens their list.
    fn on_marker(&mut self, m: &Marker, g: usize, group: &MarkerGroup, on_select: &Rc<dyn Fn(String)>) {
        let open = {
            let single = (group.heading.is_none()).then(|| self.ids.get(group.members[0]).cloned()).flatten();
            let (cb, map, popup, close_label, reduced_motion) =
                (on_select.clone(), self.map.clone(), self.group_popups[g].clone(), self.t.close_popup, self.reduced_motion);
            let at = ll(group.at);
            move |focus: bool| match (&single, &popup) {
                (Some(id), _) => cb(id.clone()),
                (None, Some(list)) => {
                    open_popup(&map, &at, list, close_label, reduced_motion);
                    if focus {
                        if let Ok(Some(first)) = list.query_selector(".tl-group-venue") {
                            let _ = first.unchecked_ref::<HtmlElement>().focus();
                        }
                    }
                }
                (None, None) => {}
            }
        };
        let open = Rc::new(open);
        let by_click = open.clone();
        let h = Closure::<dyn FnMut(JsValue)>::new(move |_| by_click(false));
        m.on("click", h.as_ref());
        self.result_handlers.push(h);
        let k = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            if activates(&e) {
                open(true);
            }
        });
        m.on("keypress", k.as_ref());
        self.result_handlers.push(k);
    }

    fn marker_element(&self, g: usize) -> Option<HtmlElement> {
        element_of(self.markers.get(g)?)
    }

    /// Highlights the marker of venue `id` and opens its card there.
    pub fn select(&self, id: &str) {
        let chosen = self.ids.iter().position(|v| v == id);
        let group = chosen.and_then(|i| self.marker_of.get(i).copied());
        for (g, m) in self.markers.iter().enumerate() {
            let on = group == Some(g);
            if let Some(el) = self.marker_element(g) {
                let _ = el.class_list().toggle_with_force("tl-marker-selected", on);
            }
            m.set_z_index_offset(if on { RESULT_Z + 1000.0 } else { RESULT_Z });
        }
        let (Some(i), Some(g)) = (chosen, group) else { return };
        let Some(m) = self.markers.get(g) else { return };
        // Built here the first time (no Leaflet call while the cache is borrowed).
        let card = {
            let mut popups = self.popups.borrow_mut();
            let Some(slot) = popups.get_mut(i) else { return };
            slot.get_or_insert_with(|| (self.make_popup)(i)).clone()
        };
        open_popup(&self.map, &m.get_lat_lng(), &card, self.t.close_popup, self.reduced_motion);
    }
}

/// Opens a popup with `content` above a pin at `at`, its close button named in the widget's
/// language (Leaflet's says "Close popup" in English only), then moves the map just enough for
/// the whole popup and its pin to show, clear of the zoom buttons (which Leaflet draws above
/// popups). Leaflet's own auto-pan always animates and ignores the controls: this one does
/// neither.
fn open_popup(map: &leaflet::Map, at: &LatLng, content: &HtmlElement, close_label: &str, reduced_motion: bool) {
    let margin = 8.0;
    let container = map.get_container();
    let (width, height) = (f64::from(container.client_width()), f64::from(container.client_height()));
    // The zoom buttons' column on the left (their right edge), kept free of popups.
    let controls = container
        .query_selector(".leaflet-top.leaflet-left .leaflet-control-zoom")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<HtmlElement>().ok())
        .map_or(0.0, |c| f64::from(c.offset_left() + c.offset_width()));
    // Leaflet's width options are the content's: its wrapper adds 45 px of margins and border.
    let room = (width - controls - 2.0 * margin - 45.0).max(100.0);
    let popup_opts = leaflet::PopupOptions::new();
    popup_opts.set_auto_pan(false);
    popup_opts.set_offset(leaflet::Point::new(0.0, -(PIN_HEIGHT + PIN_TIP) + 4.0));
    // A narrow map (a phone) gets a popup as wide as the room beside the buttons, not a thin
    // column; taller content than the map scrolls inside the popup, its title always on screen.
    popup_opts.set_max_width(room.min(320.0));
    popup_opts.set_min_width(room.min(240.0));
    popup_opts.set_max_height((height - PIN_HEIGHT - PIN_TIP - 100.0).max(100.0));
    let popup = leaflet::Popup::new(&popup_opts, None);
    popup.set_lat_lng(at);
    popup.set_content(content.as_ref());
    map.open_popup(&popup);
    let element = popup.get_element();
    if let Ok(Some(close)) = element.query_selector(".leaflet-popup-close-button") {
        let _ = close.set_attribute("aria-label", close_label);
        let _ = close.set_attribute("title", close_label);
    }
    // Where the pin's point is, and the room the popup takes on each side and above it (Leaflet
    // puts the popup's bottom at the point plus its offset, with 20 px of margin for its tip).
    let tip = map.lat_lng_to_container_point(at);
    let (x, y) = (tip.x(), tip.y());
    let half = f64::from(element.offset_width()) / 2.0;
    let above = f64::from(element.offset_height()) + 20.0 + PIN_HEIGHT + PIN_TIP - 4.0;
    let (left, right) = (controls + margin, width - margin);
    let dx = if x - half < left {
        x - half - left
    } else if x + half > right {
        x + half - right
    } else {
        0.0
    };
    let dy = if y - above < margin {
        y - above - margin
    } else if y > height - margin {
        y - (height - margin)
    } else {
        0.0
    };
    if dx != 0.0 || dy != 0.0 {
        let o = Object::new();
        set(&o, "animate", !reduced_motion);
        map.pan_by_with_options(&leaflet::Point::new(dx, dy), &o);
    }
}
