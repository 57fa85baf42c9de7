//! The Leaflet map through the `leaflet` crate: base maps (IGN, OSM, a partner template, or the
//! offline département outlines), an overview of every venue in scope, the result markers with
//! their popups, and the origin. Every Leaflet handler closure is owned here and released by
//! `destroy`, which also removes the map.

mod mount;
mod overview;
mod results;

pub use mount::{apply_view_options, init, load_outlines, show_overview, tiles_allowed_now, PAGE_TILE_CONSENT};

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Object, Reflect};
use leaflet::{
    CircleMarker, DivIconOptions, LatLng, LatLngBounds, LayerGroup, Map, MapOptions, Marker, TileLayer, TileLayerOptions, Zoom, ZoomOptions,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::model::i18n::Strings;
use crate::options::Tiles;
use overview::OverviewLayer;
use tiers_lieux_core::LatLon;

pub const IGN_PLAN: &str = "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}";
pub const OSM: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

/// A Leaflet event handler owned by Rust.
type Handler = Closure<dyn FnMut(JsValue)>;

/// The watch of the person's own moves of the map: its undoing function and its callback.
type PersonWatch = (js_sys::Function, Closure<dyn FnMut(f64, f64)>);

/// z-index offset of the result markers: above the overview's cluster markers.
const RESULT_Z: f64 = 2000.0;

/// France métropolitaine, when nothing else says where to look.
const FRANCE: (f64, f64, f64, f64) = (41.3, -5.2, 51.1, 9.6);

#[wasm_bindgen(inline_js = r#"
export function tl_watch_person_moves(map, el, onMove) {
  // A move of the map is the person's when it ends soon after their own gesture: a drag, two
  // fingers, the wheel, the map's keys, the zoom buttons, a double click. Framing and popups are not.
  let until = 0;
  const soon = (ms) => { until = Date.now() + ms; };
  const on = [
    ['wheel', () => soon(1000)], ['dblclick', () => soon(1000)],
    ['keydown', (e) => { if (e.target === el && /^(Arrow|[+=-]$)/.test(e.key)) soon(1000); }],
    ['pointerdown', (e) => { if (e.target.closest && e.target.closest('.leaflet-control-zoom')) soon(1000); }],
    ['touchstart', (e) => { if (e.touches.length > 1) until = Infinity; }],
    ['touchend', () => { if (until === Infinity) soon(1500); }],
  ];
  for (const [t, f] of on) el.addEventListener(t, f, true);
  const start = () => { until = Infinity; };
  const end = () => soon(1500);
  const moved = () => { if (Date.now() <= until) { until = 0; const c = map.getCenter(); onMove(c.lat, c.lng); } };
  map.on('dragstart', start).on('dragend', end).on('moveend', moved);
  return () => { for (const [t, f] of on) el.removeEventListener(t, f, true); map.off('dragstart', start).off('dragend', end).off('moveend', moved); };
}
"#)]
extern "C" {
    /// Watches the person's own moves of `map` (its element `el`), calling `on_move(lat, lon)`;
    /// returns the function that stops watching.
    fn tl_watch_person_moves(map: &Map, el: &HtmlElement, on_move: &js_sys::Function) -> js_sys::Function;
}

#[wasm_bindgen]
extern "C" {
    /// `L.geoJSON` (the crate declares it but does not re-export it).
    #[wasm_bindgen(js_namespace = L, js_name = geoJSON)]
    fn l_geo_json(data: &JsValue, options: &JsValue) -> leaflet::GeoJson;

    /// `L.divIcon` (the crate's `DivIcon::new` constructs an `L.Icon`, which needs an image).
    #[wasm_bindgen(js_namespace = L, js_name = divIcon)]
    fn l_div_icon(options: &DivIconOptions) -> leaflet::Icon;
}

/// `layer.bindTooltip(node)` with the text in a text node. (The crate's binding calls a method
/// that does not exist; and a string would be parsed as HTML by Leaflet, which venue text must
/// never be.)
fn bind_tooltip_text(layer: &JsValue, text: &str) {
    let span = super::dom::el_text("span", "", text);
    if let Ok(f) = Reflect::get(layer, &"bindTooltip".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = f.call1(layer, &span);
    }
}

/// Calls a method without arguments on a Leaflet object, for the few the crate does not bind.
fn call0(obj: &JsValue, method: &str) {
    if let Ok(f) = Reflect::get(obj, &method.into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = f.call0(obj);
    }
}

/// Options of a circle marker (drawn on the canvas).
fn dot_options(radius: u32, stroke: &str, weight: u32, fill: &str, fill_opacity: f64) -> Object {
    let o = Object::new();
    set(&o, "radius", radius);
    set(&o, "color", stroke);
    set(&o, "weight", weight);
    set(&o, "fillColor", fill);
    set(&o, "fillOpacity", fill_opacity);
    o
}

/// A circle marker with a text tooltip.
fn dot(p: LatLon, radius: u32, stroke: &str, weight: u32, fill: &str, fill_opacity: f64, tooltip: &str) -> CircleMarker {
    let d = CircleMarker::new_with_options(&ll(p), &dot_options(radius, stroke, weight, fill, fill_opacity));
    bind_tooltip_text(&d, tooltip);
    d
}

/// Enter or Space on a focused marker: Leaflet turns those keys into a `keypress` on the layer
/// (carrying the DOM event), not into a click.
pub(super) fn activates(e: &JsValue) -> bool {
    let key = Reflect::get(e, &"originalEvent".into()).and_then(|o| Reflect::get(&o, &"key".into())).ok().and_then(|k| k.as_string());
    matches!(key.as_deref(), Some("Enter") | Some(" "))
}

/// The overview's venue dots, in their own pane (`leaflet-tl-overview-pane`, between the
/// results' circle and their pins) so the widget's CSS can fade them while results show.
fn overview_dots(map: &Map) -> Object {
    if let Ok(pane) =
        Reflect::get(map, &"createPane".into()).and_then(|f| f.dyn_into::<js_sys::Function>()).and_then(|f| f.call1(map, &"tl-overview".into()))
    {
        if let Some(pane) = pane.dyn_ref::<HtmlElement>() {
            let _ = pane.style().set_property("z-index", "450");
        }
    }
    let style = dot_options(4, "#ffffff", 1, "#3b5bdb", 0.85);
    set(&style, "pane", "tl-overview");
    style
}

/// Grows `bounds` (or starts it) to include `p`.
fn extend_bounds(bounds: &mut Option<LatLngBounds>, p: LatLon) {
    match bounds {
        Some(b) => {
            b.extend(&ll(p));
        }
        None => *bounds = Some(LatLngBounds::new(&ll(p), &ll(p))),
    }
}

pub(super) fn ll(p: LatLon) -> LatLng {
    LatLng::new(p.lat, p.lon)
}

/// A number among a Leaflet layer's options (`tlCount`, `tlIndex`…).
pub(super) fn option_f64(layer: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(layer, &"options".into()).and_then(|o| Reflect::get(&o, &key.into())).ok().and_then(|n| n.as_f64())
}

pub(super) fn set(o: &JsValue, k: &str, v: impl Into<JsValue>) {
    let _ = Reflect::set(o, &JsValue::from_str(k), &v.into());
}

pub struct MapView {
    map: Map,
    /// Every venue in scope, clustered; one click handler and one tooltip function for all.
    overview: Rc<OverviewLayer>,
    /// Redraws the overview for the view after each move or zoom.
    move_handler: Option<Handler>,
    results: LayerGroup,
    /// The result markers: one per point (`model::markers`), and which marker shows each result.
    markers: Vec<Marker>,
    marker_of: Vec<usize>,
    /// Each result's venue id, in rank order.
    ids: Vec<String>,
    /// Popup content of each result (built the first time `select` shows it, by `make_popup`),
    /// and of each marker that groups several. Popups are opened by `select` or by a group pin,
    /// not bound to the markers: a bound popup toggles on click and would close right after
    /// `select` opened it.
    popups: RefCell<Vec<Option<HtmlElement>>>,
    make_popup: Box<dyn Fn(usize) -> HtmlElement>,
    group_popups: Vec<Option<HtmlElement>>,
    /// A group popup's listeners: a click on one of its venues, Escape back to its pin.
    popup_listeners: Vec<gloo::events::EventListener>,
    /// The overview group's click and keypress handlers, by event (unbound when replaced).
    handlers: Vec<(&'static str, Handler)>,
    /// The overview's tooltip function.
    tooltip_fn: Option<Closure<dyn FnMut(JsValue) -> JsValue>>,
    /// Click handlers of the current result markers (replaced with them).
    result_handlers: Vec<Handler>,
    /// The base map's tile layer (none for the offline base map, or before consent).
    tiles: Option<TileLayer>,
    /// Handlers of the tile layer's `tileload`/`tileerror` (base map failure check).
    tile_handlers: Vec<Handler>,
    /// Told once when tiles fail before any loaded (kept to watch a tile layer added later).
    on_tile_fail: Option<std::rc::Rc<dyn Fn(String)>>,
    /// The offline base map (département outlines), on the map whenever tiles are not.
    outlines: Option<leaflet::GeoJson>,
    /// The map's element: its `data-base-map` says which base map shows (`tiles`, `outlines`,
    /// or `none` while the outlines load).
    container: HtmlElement,
    /// Touch listeners of the cooperative-gesture hint (touch-first devices).
    gesture_listeners: Vec<gloo::events::EventListener>,
    reduced_motion: bool,
    /// The widget's words (popup close button, base map attribution).
    t: &'static Strings,
    /// The watch of the person's own moves: its undoing function, and the callback it calls.
    person_watch: Option<PersonWatch>,
    /// What the map last framed (the results, or the overview's main area): framed again when a
    /// hidden map shows (`refit`).
    last_frame: Cell<Option<(LatLon, LatLon)>>,
}

impl MapView {
    /// Creates the map in `container`, with the base map `tiles` when `tiles_allowed` (else none
    /// until `enable_tiles`: the offline outlines show meanwhile).
    pub fn new(container: &HtmlElement, tiles: &Tiles, t: &'static Strings, reduced_motion: bool, tiles_allowed: bool) -> Result<MapView, JsValue> {
        // On touch-first devices the map leaves one-finger gestures to the page, as users of
        // embedded maps expect, and moves with two fingers.
        let touch_first = super::platform::coarse_pointer();
        let opts = MapOptions::new();
        // Our own zoom control, labelled in the widget's language (Leaflet's says "Zoom in").
        opts.set_zoom_control(false);
        if touch_first {
            // One finger scrolls the page (Leaflet then leaves touch-action to the browser);
            // two fingers pan and zoom the map (Leaflet's touch zoom follows their centre).
            opts.set_dragging(false);
            opts.set_touch_zoom(true);
        }
        opts.set_track_resize(false);
        opts.set_prefer_canvas(true);
        opts.set_zoom_animation(!reduced_motion);
        opts.set_fade_animation(!reduced_motion);
        opts.set_marker_zoom_animation(!reduced_motion);
        opts.set_min_zoom(2.0);
        opts.set_max_zoom(18.0);
        let map = Map::new_with_element(container, &opts)?;
        let mut zoom_opts = ZoomOptions::new();
        zoom_opts.set_zoom_in_title(t.zoom_in);
        zoom_opts.set_zoom_out_title(t.zoom_out);
        Zoom::new(&zoom_opts).add_to(&map);
        let (s, w, n, e) = FRANCE;
        map.fit_bounds(&LatLngBounds::new(&LatLng::new(s, w), &LatLng::new(n, e)));
        let mut view = MapView {
            map: map.clone(),
            overview: Rc::new(OverviewLayer::new(map.clone(), overview_dots(&map), t.cluster, container.clone())),
            move_handler: None,
            results: LayerGroup::new(),
            markers: Vec::new(),
            marker_of: Vec::new(),
            ids: Vec::new(),
            popups: RefCell::default(),
            make_popup: Box::new(|_| crate::web::dom::el("div", "tl-popup")),
            group_popups: Vec::new(),
            popup_listeners: Vec::new(),
            handlers: Vec::new(),
            tooltip_fn: None,
            result_handlers: Vec::new(),
            tiles: None,
            tile_handlers: Vec::new(),
            on_tile_fail: None,
            outlines: None,
            container: container.clone(),
            gesture_listeners: Vec::new(),
            reduced_motion,
            t,
            last_frame: Default::default(),
            person_watch: None,
        };
        if touch_first {
            view.gesture_hint(container, t.two_fingers);
        }
        if tiles_allowed {
            view.tiles = view.set_base(tiles);
        }
        view.mark_base();
        view.overview.group.add_to(&view.map);
        view.results.add_to(&view.map);
        Ok(view)
    }

    /// "Use two fingers to move the map", shown briefly when one finger moves over the map.
    fn gesture_hint(&mut self, container: &HtmlElement, text: &str) {
        let hint = super::dom::el_text("div", "tl-gesture-hint", text);
        let _ = hint.set_attribute("aria-hidden", "true");
        super::dom::append(container, &hint);
        let timer: std::rc::Rc<std::cell::RefCell<Option<gloo::timers::callback::Timeout>>> = Default::default();
        let touches = |e: &web_sys::Event| {
            Reflect::get(e, &"touches".into()).ok().and_then(|t| Reflect::get(&t, &"length".into()).ok()).and_then(|n| n.as_f64()).unwrap_or(0.0)
        };
        let (h, t) = (hint.clone(), timer.clone());
        let opts = gloo::events::EventListenerOptions::run_in_capture_phase();
        self.gesture_listeners.push(gloo::events::EventListener::new_with_options(container, "touchmove", opts, move |e| {
            let one = touches(e) < 2.0;
            let _ = h.class_list().toggle_with_force("tl-gesture-hint-visible", one);
            if one {
                let h2 = h.clone();
                *t.borrow_mut() = Some(gloo::timers::callback::Timeout::new(1500, move || {
                    let _ = h2.class_list().remove_1("tl-gesture-hint-visible");
                }));
            }
        }));
    }

    fn set_base(&self, tiles: &Tiles) -> Option<TileLayer> {
        let (url, attribution, max_zoom) = match tiles {
            Tiles::Ign => (IGN_PLAN.to_owned(), self.t.ign_attribution.to_owned(), 19.0),
            Tiles::Osm => (OSM.to_owned(), self.t.osm_attribution.to_owned(), 19.0),
            Tiles::Template(t) => (t.clone(), format!("{}{}{}", self.t.base_map, self.t.colon, super::data::host_of_template(t)), 19.0),
            Tiles::None => return None,
        };
        let o = TileLayerOptions::new();
        o.set_attribution(attribution);
        o.set_max_zoom(max_zoom);
        o.set_referrer_policy("strict-origin-when-cross-origin".to_owned());
        let layer = TileLayer::new_options(&url, &o);
        layer.add_to(&self.map);
        Some(layer)
    }

    /// Calls `on_fail(tile_url)` once if a tile fails before any has loaded (tiles blocked by the
    /// network, the host or a Content-Security-Policy). Later failures (one tile offline while
    /// panning) are not reported. A tile layer added later (after consent) is watched too.
    pub fn watch_tiles(&mut self, on_fail: impl Fn(String) + 'static) {
        self.on_tile_fail = Some(std::rc::Rc::new(on_fail));
        self.attach_tile_watch();
    }

    fn attach_tile_watch(&mut self) {
        let (Some(layer), Some(on_fail)) = (&self.tiles, self.on_tile_fail.clone()) else { return };
        self.tile_handlers.clear();
        // Settled once a tile has loaded or a failure was reported: nothing more to say then.
        let settled = std::rc::Rc::new(std::cell::Cell::new(false));
        let loaded = settled.clone();
        let on_load = Closure::<dyn FnMut(JsValue)>::new(move |_| loaded.set(true));
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            if !settled.replace(true) {
                let src = Reflect::get(&e, &"tile".into())
                    .and_then(|t| Reflect::get(&t, &"src".into()))
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_default();
                on_fail(src);
            }
        });
        layer.on("tileload", on_load.as_ref());
        layer.on("tileerror", on_error.as_ref());
        self.tile_handlers.push(on_load);
        self.tile_handlers.push(on_error);
    }

    fn mark_base(&self) {
        let base = match (&self.tiles, &self.outlines) {
            (Some(_), _) => "tiles",
            (None, Some(_)) => "outlines",
            (None, None) => "none",
        };
        let _ = self.container.set_attribute("data-base-map", base);
    }

    /// Whether the offline outlines were loaded.
    pub fn has_outlines(&self) -> bool {
        self.outlines.is_some()
    }

    /// Adds the base map's tiles (consent given): the offline outlines give way to them.
    pub fn enable_tiles(&mut self, tiles: &Tiles) {
        if self.tiles.is_some() || *tiles == Tiles::None {
            return;
        }
        if let Some(o) = &self.outlines {
            o.remove();
        }
        self.tiles = self.set_base(tiles);
        self.attach_tile_watch();
        self.mark_base();
    }

    /// Removes the tiles (consent withdrawn): no further tile request; the outlines come back.
    pub fn disable_tiles(&mut self) {
        if let Some(layer) = self.tiles.take() {
            layer.remove();
        }
        self.tile_handlers.clear();
        if let Some(o) = &self.outlines {
            o.add_to(&self.map);
            call0(o, "bringToBack");
        }
        self.mark_base();
    }

    /// Draws the offline base map from département outlines (GeoJSON text), while no tiles show.
    pub fn add_outlines(&mut self, geojson: &str) {
        let Ok(data) = js_sys::JSON::parse(geojson) else { return };
        let style = Object::new();
        set(&style, "color", "#8a8f98");
        set(&style, "weight", 1);
        set(&style, "fillColor", "#eef0f3");
        set(&style, "fillOpacity", 1);
        let options = Object::new();
        set(&options, "style", style);
        set(&options, "interactive", false);
        let layer = l_geo_json(&data, &options);
        if self.tiles.is_none() {
            layer.add_to(&self.map);
            call0(&layer, "bringToBack");
        }
        self.outlines = Some(layer);
        self.mark_base();
    }

    pub fn invalidate_size(&self) {
        self.map.invalidate_size(false);
    }

    fn no_animation() -> Object {
        let o = Object::new();
        set(&o, "animate", false);
        o
    }

    pub fn set_view(&self, center: LatLon, zoom: f64) {
        self.map.set_view_with_options(&ll(center), zoom, &Self::no_animation());
    }

    pub fn set_zoom(&self, zoom: f64) {
        self.map.set_zoom_with_options(zoom, &Self::no_animation());
    }

    fn fit(&self, b: &LatLngBounds) {
        self.fit_with(b, !self.reduced_motion);
    }

    /// Calls `on_move(centre)` after each move or zoom of the map that the person made (a drag,
    /// two fingers, the wheel, the keyboard, the zoom buttons, a double click), never after the
    /// widget's own (framing, a popup). One call into JS; `destroy` undoes it.
    pub fn watch_person_moves(&mut self, on_move: impl Fn(LatLon) + 'static) {
        let cb = Closure::<dyn FnMut(f64, f64)>::new(move |lat, lon| on_move(LatLon::new(lat, lon)));
        self.person_watch = Some((tl_watch_person_moves(&self.map, &self.container, cb.as_ref().unchecked_ref()), cb));
    }

    /// The map shows after being hidden (a narrow widget's « Carte »): it takes its size and
    /// frames again what it last framed.
    pub fn refit(&self) {
        self.map.invalidate_size(false);
        if let Some((sw, ne)) = self.last_frame.get() {
            self.fit_with(&LatLngBounds::new(&ll(sw), &ll(ne)), false);
        }
    }

    pub(super) fn fit_with(&self, b: &LatLngBounds, animate: bool) {
        let (sw, ne) = (b.get_south_west(), b.get_north_east());
        self.last_frame.set(Some((LatLon::new(sw.lat(), sw.lng()), LatLon::new(ne.lat(), ne.lng()))));
        let o = Object::new();
        // More room above: a result pin stands above its point.
        set(&o, "paddingTopLeft", js_sys::Array::of2(&JsValue::from(24), &JsValue::from(44)));
        set(&o, "paddingBottomRight", js_sys::Array::of2(&JsValue::from(24), &JsValue::from(16)));
        set(&o, "maxZoom", 14);
        set(&o, "animate", animate);
        self.map.fit_bounds_with_options(b, &o);
    }

    /// Removes the map. The widget's DOM is already detached by then; Leaflet may still have an
    /// animation frame or a zoom transition in flight (removing the map under it throws on the next
    /// frame), so the removal waits for those to finish. The handlers live until then.
    pub fn destroy(self) {
        gloo::timers::callback::Timeout::new(1000, move || {
            let MapView { map, handlers, tooltip_fn, result_handlers, gesture_listeners, tile_handlers, move_handler, person_watch, .. } = self;
            if let Some((undo, _)) = &person_watch {
                let _ = undo.call0(&JsValue::NULL);
            }
            drop((gesture_listeners, tooltip_fn));
            call0(&map, "stop");
            map.remove();
            drop((handlers, result_handlers, tile_handlers, move_handler, person_watch));
        })
        .forget();
    }
}
