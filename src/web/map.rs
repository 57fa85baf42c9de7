//! The Leaflet map through the `leaflet` crate: base maps (IGN, OSM, a partner template, or the
//! offline département outlines), an overview of every venue in scope, the result markers with
//! their popups, and the origin. Every Leaflet handler closure is owned here and released by
//! `destroy`, which also removes the map.

use js_sys::{Object, Reflect};
use leaflet::{CircleMarker, DivIconOptions, LatLng, LatLngBounds, Layer, LayerGroup, Map, MapOptions, Marker, MarkerOptions, TileLayer, TileLayerOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::options::Tiles;
use tiers_lieux_core::LatLon;

pub const IGN_PLAN: &str = "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}";
pub const OSM: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

/// France métropolitaine, when nothing else says where to look.
const FRANCE: (f64, f64, f64, f64) = (41.3, -5.2, 51.1, 9.6);

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

fn ll(p: LatLon) -> LatLng {
    LatLng::new(p.lat, p.lon)
}

fn set(o: &JsValue, k: &str, v: impl Into<JsValue>) {
    let _ = Reflect::set(o, &JsValue::from_str(k), &v.into());
}

pub struct MapView {
    map: Map,
    overview: LayerGroup,
    results: LayerGroup,
    markers: Vec<(String, Marker)>,
    /// Click handlers of the overview dots (kept for the map's life).
    handlers: Vec<Closure<dyn FnMut(JsValue)>>,
    /// Click handlers of the current result markers (replaced with them).
    result_handlers: Vec<Closure<dyn FnMut(JsValue)>>,
    reduced_motion: bool,
}

impl MapView {
    /// Creates the map in `container`. `on_select(id)` is called when a marker or dot is chosen.
    pub fn new(container: &HtmlElement, tiles: &Tiles, lang_base_map: &str, reduced_motion: bool) -> Result<MapView, JsValue> {
        let opts = MapOptions::new();
        opts.set_track_resize(false);
        opts.set_prefer_canvas(true);
        opts.set_zoom_animation(!reduced_motion);
        opts.set_fade_animation(!reduced_motion);
        opts.set_marker_zoom_animation(!reduced_motion);
        opts.set_min_zoom(2.0);
        opts.set_max_zoom(18.0);
        let map = Map::new_with_element(container, &opts)?;
        let (s, w, n, e) = FRANCE;
        map.fit_bounds(&LatLngBounds::new(&LatLng::new(s, w), &LatLng::new(n, e)));
        let view = MapView { map, overview: LayerGroup::new(), results: LayerGroup::new(), markers: Vec::new(), handlers: Vec::new(), result_handlers: Vec::new(), reduced_motion };
        view.set_base(tiles, lang_base_map);
        view.overview.add_to(&view.map);
        view.results.add_to(&view.map);
        Ok(view)
    }

    fn set_base(&self, tiles: &Tiles, base_map_word: &str) {
        let (url, attribution, max_zoom) = match tiles {
            Tiles::Ign => (IGN_PLAN.to_owned(), "© IGN – Géoplateforme".to_owned(), 19.0),
            Tiles::Osm => (OSM.to_owned(), "© contributeurs OpenStreetMap".to_owned(), 19.0),
            Tiles::Template(t) => (t.clone(), format!("{base_map_word} : {}", host_of(t)), 19.0),
            Tiles::None => return,
        };
        let o = TileLayerOptions::new();
        o.set_attribution(attribution);
        o.set_max_zoom(max_zoom);
        o.set_referrer_policy("strict-origin-when-cross-origin".to_owned());
        TileLayer::new_options(&url, &o).add_to(&self.map);
    }

    /// Draws the offline base map from département outlines (GeoJSON text).
    pub fn add_outlines(&self, geojson: &str) {
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
        layer.add_to(&self.map);
        if let Ok(f) = Reflect::get(&layer, &"bringToBack".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
            let _ = f.call0(&layer);
        }
    }

    pub fn invalidate_size(&self) {
        self.map.invalidate_size(false);
    }

    /// Small dots for every venue in scope (canvas: cheap even for thousands), clickable.
    pub fn show_overview(&mut self, venues: &[(String, String, LatLon)], on_select: impl Fn(String) + 'static) {
        self.overview.clear_layers();
        let on_select = std::rc::Rc::new(on_select);
        let mut bounds: Option<LatLngBounds> = None;
        for (id, name, p) in venues {
            let o = Object::new();
            set(&o, "radius", 4);
            set(&o, "color", "#ffffff");
            set(&o, "weight", 1);
            set(&o, "fillColor", "#3b5bdb");
            set(&o, "fillOpacity", 0.85);
            let dot = CircleMarker::new_with_options(&ll(*p), &o);
            bind_tooltip_text(&dot, name);
            let (id, cb) = (id.clone(), on_select.clone());
            let h = Closure::<dyn FnMut(JsValue)>::new(move |_| cb(id.clone()));
            dot.on("click", h.as_ref());
            self.handlers.push(h);
            self.overview.add_layer(&dot);
            match &bounds {
                Some(b) => {
                    b.extend(&ll(*p));
                }
                None => bounds = Some(LatLngBounds::new(&ll(*p), &ll(*p))),
            }
        }
        if let Some(b) = bounds {
            self.fit(&b);
        }
    }

    pub fn set_view(&self, center: LatLon, zoom: f64) {
        self.map.set_view(&ll(center), zoom);
    }

    fn fit(&self, b: &LatLngBounds) {
        let o = Object::new();
        let pad = js_sys::Array::of2(&JsValue::from(24), &JsValue::from(24));
        set(&o, "padding", pad);
        set(&o, "maxZoom", 14);
        set(&o, "animate", !self.reduced_motion);
        self.map.fit_bounds_with_options(b, &o);
    }

    /// Numbered markers for the results (focusable, named), the origin, and bounds fitted to
    /// both. `popup(i)` builds the popup content of result `i` as DOM (text only).
    pub fn show_results(
        &mut self,
        origin: Option<(LatLon, String)>,
        results: &[(String, String, LatLon)],
        popup: impl Fn(usize) -> HtmlElement,
        on_select: impl Fn(String) + 'static,
    ) {
        self.results.clear_layers();
        self.markers.clear();
        self.result_handlers.clear();
        let on_select = std::rc::Rc::new(on_select);
        let mut bounds: Option<LatLngBounds> = None;
        let mut extend = |p: LatLon| match &bounds {
            Some(b) => {
                b.extend(&ll(p));
            }
            None => bounds = Some(LatLngBounds::new(&ll(p), &ll(p))),
        };
        if let Some((p, label)) = &origin {
            let o = Object::new();
            set(&o, "radius", 8);
            set(&o, "color", "#1b1f24");
            set(&o, "weight", 3);
            set(&o, "fillColor", "#ffd43b");
            set(&o, "fillOpacity", 1);
            let dot = CircleMarker::new_with_options(&ll(*p), &o);
            bind_tooltip_text(&dot, label);
            self.results.add_layer(&dot);
            extend(*p);
        }
        for (i, (id, name, p)) in results.iter().enumerate() {
            let icon_opts = DivIconOptions::new();
            icon_opts.set_class_name("tl-marker".to_owned());
            // The number is ours (digits only): never venue text as HTML.
            icon_opts.set_html(format!("{}", i + 1));
            icon_opts.set_icon_size(leaflet::Point::new(30.0, 30.0));
            let opts = MarkerOptions::new();
            opts.set_icon(l_div_icon(&icon_opts));
            opts.set_title(format!("{}. {name}", i + 1));
            opts.set_alt(format!("{}. {name}", i + 1));
            opts.set_keyboard(true);
            opts.set_rise_on_hover(true);
            let m = Marker::new_with_options(&ll(*p), &opts);
            let popup_opts = Object::new();
            set(&popup_opts, "autoPanPadding", js_sys::Array::of2(&JsValue::from(16), &JsValue::from(16)));
            m.bind_popup_with_options(&popup(i), &popup_opts);
            let (vid, cb) = (id.clone(), on_select.clone());
            let h = Closure::<dyn FnMut(JsValue)>::new(move |_| cb(vid.clone()));
            m.on("click", h.as_ref());
            self.result_handlers.push(h);
            self.results.add_layer(&m);
            self.markers.push((id.clone(), m));
            extend(*p);
        }
        if let Some(b) = bounds {
            self.fit(&b);
        }
        // Name each marker for assistive technology.
        for (i, (_, name, _)) in results.iter().enumerate() {
            if let Some(el) = self.marker_element(i) {
                let _ = el.set_attribute("aria-label", &format!("{}. {name}", i + 1));
            }
        }
    }

    fn marker_element(&self, i: usize) -> Option<web_sys::Element> {
        let m = &self.markers.get(i)?.1;
        let f: js_sys::Function = Reflect::get(m, &"getElement".into()).ok()?.dyn_into().ok()?;
        f.call0(m).ok()?.dyn_into().ok()
    }

    /// Highlights the marker of venue `id` and opens its popup.
    pub fn select(&self, id: &str) {
        for (i, (mid, m)) in self.markers.iter().enumerate() {
            let on = mid == id;
            if let Some(el) = self.marker_element(i) {
                let _ = el.class_list().toggle_with_force("tl-marker-selected", on);
            }
            if on {
                m.set_z_index_offset(1000.0);
                let layer: &Layer = m.as_ref();
                layer.open_popup();
                let o = Object::new();
                set(&o, "animate", !self.reduced_motion);
                self.map.pan_to_with_options(&m.get_lat_lng(), &o);
            } else {
                m.set_z_index_offset(0.0);
            }
        }
    }

    /// Removes the map. The widget's DOM is already detached by then; Leaflet may still have an
    /// animation frame or a zoom transition in flight (removing the map under it throws on the next
    /// frame), so the removal waits for those to finish. The handlers live until then.
    pub fn destroy(self) {
        gloo::timers::callback::Timeout::new(1000, move || {
            let MapView { map, handlers, result_handlers, .. } = self;
            if let Ok(f) = Reflect::get(&map, &"stop".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
                let _ = f.call0(&map);
            }
            map.remove();
            drop((handlers, result_handlers));
        })
        .forget();
    }
}

/// The host name of a URL template, for its attribution (letters, digits, dots, hyphens only).
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split('/').next().unwrap_or("").chars().filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-').collect()
}
