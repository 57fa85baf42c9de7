//! The overview: every venue in scope that the chips keep, clustered in Rust (core `cluster`,
//! supercluster's algorithm), drawn for the current view in one call per move: a venue alone is
//! a canvas dot, a cluster a focusable count marker that opens to the zoom where it splits.

use std::cell::RefCell;

use js_sys::{Object, Reflect};
use leaflet::{FeatureGroup, LatLngBounds, Map};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use super::{activates, ll, option_f64, set, MapView};
use tiers_lieux_core::cluster::{ClusterIndex, ClusterItem, ClusterOptions};
use tiers_lieux_core::LatLon;

#[wasm_bindgen(inline_js = r#"
export function tl_draw_overview(group, itemsView, dotStyle, label) {
  // `itemsView` is a view into the wasm memory: read it before anything else runs.
  const shown = group.tlShown || (group.tlShown = new Map());
  const next = new Map();
  let dots = 0;
  for (let i = 0; i + 3 < itemsView.length; i += 4) {
    const lat = itemsView[i], lon = itemsView[i + 1], count = itemsView[i + 2], payload = itemsView[i + 3];
    if (count > 1) next.set(`c${count}:${payload}:${lat}:${lon}`, [lat, lon, count, payload]);
    else { next.set(`d${payload}`, [lat, lon, 1, payload]); dots++; }
  }
  // Layers still wanted stay as they are: a pan keeps the DOM (and the focus) of what stays.
  let refocus = false;
  for (const [key, layer] of shown) {
    if (next.has(key)) continue;
    const el = layer.getElement && layer.getElement();
    if (el && el.getRootNode().activeElement === el) refocus = true;
    group.removeLayer(layer);
    shown.delete(key);
  }
  for (const [key, [lat, lon, count, payload]] of next) {
    if (shown.has(key)) continue;
    let layer;
    if (count > 1) {
      const size = count < 10 ? 32 : count < 100 ? 38 : 44;
      // Digits only: the count is ours, never venue text.
      const icon = L.divIcon({ className: 'tl-cluster', html: String(count), iconSize: [size, size] });
      layer = L.marker([lat, lon], { icon, keyboard: true, riseOnHover: true, tlCount: count, tlZoom: payload });
      group.addLayer(layer);
      const el = layer.getElement();
      if (el) el.setAttribute('aria-label', label.replace('{n}', String(count)));
    } else {
      layer = L.circleMarker([lat, lon], Object.assign({ tlIndex: payload }, dotStyle));
      group.addLayer(layer);
    }
    shown.set(key, layer);
  }
  const map = group._map;
  if (map) {
    // Keyboard order: the order of `items` (north to south), unless a cluster has the focus
    // (moving it in the DOM would drop the focus).
    const els = [...next.keys()].map((k) => shown.get(k)).filter((l) => l instanceof L.Marker).map((l) => l.getElement()).filter(Boolean);
    if (!els.some((el) => el.getRootNode().activeElement === el)) for (const el of els) el.parentNode.appendChild(el);
    // A focused cluster went away (it opened, or the zoom changed): the focus goes to the map.
    if (refocus) map.getContainer().focus({ preventScroll: true });
  }
  return dots;
}

"#)]
extern "C" {
    /// Shows the items of the current view on the overview `group` in a single call (a layer per
    /// item from Rust would cost a dozen JS↔wasm crossings each): `items` holds lat, lon, count,
    /// payload per item. A venue alone (count 1) is a canvas dot carrying its table index as
    /// `options.tlIndex`; a cluster is a focusable count marker (`role="button"`, named by
    /// `label` with `{n}` the count) carrying its count and the zoom at which it splits as
    /// `options.tlCount` and `options.tlZoom`. Layers already shown are kept (a pan rebuilds
    /// nothing and keeps the focus); a focused cluster that goes away hands the focus to the map.
    /// Returns the number of dots.
    fn tl_draw_overview(group: &FeatureGroup, items: &[f64], dot_style: &Object, label: &str) -> u32;
}

/// The cluster hierarchy of the venues in scope, and their table indices (the hierarchy's ids are
/// positions in `venues`).
struct Overview {
    index: ClusterIndex,
    venues: Vec<u32>,
    /// The items of the last draw, and the same flat (lat, lon, count, payload) for JS: buffers
    /// reused from move to move.
    in_view: Vec<ClusterItem>,
    items: Vec<f64>,
}

/// The overview layer: what it draws from, and the drawing of the current view.
pub(super) struct OverviewLayer {
    map: Map,
    pub(super) group: FeatureGroup,
    data: RefCell<Option<Overview>>,
    dot_style: Object,
    /// A cluster's accessible name, `{n}` the count.
    label: &'static str,
    /// The map's element: `data-overview-zoom` and `data-dots-shown` tell what it shows.
    container: HtmlElement,
}

impl OverviewLayer {
    pub(super) fn new(map: Map, dot_style: Object, label: &'static str, container: HtmlElement) -> Self {
        OverviewLayer { map, group: FeatureGroup::new(), data: RefCell::new(None), dot_style, label, container }
    }

    /// Draws the items of the current zoom inside the view, with a margin of a quarter of the
    /// view on each side (clusters whose centre is just outside still show their edge).
    pub(super) fn redraw(&self) {
        let Ok(mut data) = self.data.try_borrow_mut() else { return };
        let Some(Overview { index, venues, in_view, items }) = data.as_mut() else { return };
        let (b, zoom) = (self.map.get_bounds(), self.map.get_zoom());
        let (sw, ne) = (b.get_south_west(), b.get_north_east());
        let (dlat, dlon) = ((ne.lat() - sw.lat()) / 4.0, (ne.lng() - sw.lng()) / 4.0);
        in_view.clear();
        index.for_each_in(sw.lng() - dlon, sw.lat() - dlat, ne.lng() + dlon, ne.lat() + dlat, zoom, &mut |it| in_view.push(it));
        // Keyboard order of the clusters: north to south, then west to east (not the tree's).
        in_view.sort_unstable_by(|a, b| b.lat.total_cmp(&a.lat).then(a.lon.total_cmp(&b.lon)));
        items.clear();
        for it in in_view.iter() {
            let payload = if it.is_cluster() { it.payload } else { venues.get(it.payload as usize).copied().unwrap_or(u32::MAX) };
            items.extend([it.lat, it.lon, it.count as f64, payload as f64]);
        }
        let dots = tl_draw_overview(&self.group, items, &self.dot_style, self.label);
        let _ = self.container.set_attribute("data-overview-zoom", &zoom.to_string());
        let _ = self.container.set_attribute("data-dots-shown", &dots.to_string());
    }
}

impl MapView {
    /// Every venue in scope, clustered: `points` are their positions (lat, lon) and `venues` their table
    /// indices (same order). The hierarchy is built once here (core `cluster`); each `moveend`
    /// then draws the items of the view in one call. A venue alone is a canvas dot; the group has
    /// one click handler, `on_select(index)`, and one tooltip function, `name_of(index)`, called
    /// on hover: no closure, string or node per dot. A cluster (click, or Enter on it) zooms the
    /// map to where it splits, then `on_cluster_opened(count)`.
    pub fn show_overview(
        &mut self,
        points: Vec<[f64; 2]>,
        venues: Vec<u32>,
        bounds: Option<(LatLon, LatLon)>,
        name_of: impl Fn(u32) -> String + 'static,
        on_select: impl Fn(u32) + 'static,
        on_cluster_opened: impl Fn(u32) + 'static,
    ) {
        // A new scope or new chips: the previous handlers go (unbound first: a dropped closure
        // that Leaflet still calls would throw).
        for (event, h) in self.handlers.drain(..) {
            self.overview.group.off(event, h.as_ref());
        }
        *self.overview.data.borrow_mut() =
            Some(Overview { index: ClusterIndex::build(points, ClusterOptions::MAP), venues, in_view: Vec::new(), items: Vec::new() });
        let option = option_f64;
        let on_cluster_opened = std::rc::Rc::new(on_cluster_opened);
        // A cluster opened: zoom to where it splits, and tell the count. (From the keyboard, the
        // focus goes to the map when the redraw removes the cluster: `tl_draw_overview`.)
        let open_cluster = {
            let (overview, reduced_motion) = (self.overview.clone(), self.reduced_motion);
            move |layer: &JsValue| -> bool {
                let (Some(count), Some(zoom)) = (option(layer, "tlCount"), option(layer, "tlZoom")) else { return false };
                let Ok(at) = Reflect::get(layer, &"getLatLng".into()).and_then(|f| f.dyn_into::<js_sys::Function>()).and_then(|f| f.call0(layer))
                else {
                    return false;
                };
                let o = Object::new();
                set(&o, "animate", !reduced_motion);
                let zoom = zoom.min(overview.map.get_max_zoom());
                overview.map.set_view_with_options(at.unchecked_ref(), zoom, &o);
                on_cluster_opened(count as u32);
                true
            }
        };
        let open_by_click = open_cluster.clone();
        let click = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let Ok(layer) = Reflect::get(&e, &"sourceTarget".into()) else { return };
            if !open_by_click(&layer) {
                if let Some(i) = option(&layer, "tlIndex") {
                    on_select(i as u32);
                }
            }
        });
        self.overview.group.on("click", click.as_ref());
        self.handlers.push(("click", click));
        // Keyboard: Leaflet turns Enter on a marker into `keypress` on it (propagated to the group),
        // not into a click.
        let key = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            if activates(&e) {
                if let Ok(layer) = Reflect::get(&e, &"sourceTarget".into()) {
                    if open_cluster(&layer) {
                        if let Some(ev) = Reflect::get(&e, &"originalEvent".into()).ok().and_then(|o| o.dyn_into::<web_sys::Event>().ok()) {
                            ev.prevent_default();
                        }
                    }
                }
            }
        });
        self.overview.group.on("keypress", key.as_ref());
        self.handlers.push(("keypress", key));
        let cluster_label = self.overview.label;
        let tooltip = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |layer: JsValue| {
            let text = match (option(&layer, "tlCount"), option(&layer, "tlIndex")) {
                (Some(count), _) => cluster_label.replace("{n}", &count.to_string()),
                (None, Some(i)) => name_of(i as u32),
                _ => String::new(),
            };
            super::super::dom::el_text("span", "", &text).into()
        });
        if let Ok(f) = Reflect::get(&self.overview.group, &"bindTooltip".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
            let _ = f.call1(&self.overview.group, tooltip.as_ref());
        }
        self.tooltip_fn = Some(tooltip);
        // The initial view: no animation (and none to swallow a view set right after it).
        if let Some((sw, ne)) = bounds {
            self.fit_with(&LatLngBounds::new(&ll(sw), &ll(ne)), false);
        }
        if self.move_handler.is_none() {
            let overview = self.overview.clone();
            let moved = Closure::<dyn FnMut(JsValue)>::new(move |_| overview.redraw());
            self.map.on("moveend", moved.as_ref());
            self.move_handler = Some(moved);
        }
        self.overview.redraw();
    }
}
