//! The JS API: `mountWidget` (called by the entry script) and the contract's `Finder`. Its
//! getters and `search`, `nearest`, `venues` read the venues in scope, which nothing borrows
//! mutably; `select`, `locate`, `consent` and `destroy` send a message to the runtime. So a host
//! listener may call any of them from inside any event the widget causes: the call works or
//! rejects with an `Error`, it never traps.

use std::rc::Rc;
use std::sync::Once;

use tiers_lieux_core::partner;
use tiers_lieux_core::slices::Parts;
use tiers_lieux_core::{Finder as CoreFinder, LatLon, VenueFilter, VenueTable};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use super::emit::to_js;
use super::runtime::{clear_keeping_styles, live_widgets, Runtime};
use super::{data, events, map, platform, view};
use crate::model::contract::{js_suggestion, js_venue, JsSuggestion, JsVenue};
use crate::model::outcome::{ListFailure, ListOutcome};
use crate::model::{i18n, Config, GazetteerPart, Model, Msg, SUGGESTION_LIMIT};
use crate::options::{self, Fallback, History, Options, Tiles};

/// Rows of a partner's list checked in one go before the browser gets the hand back (about 25 ms
/// on the development machine, 100 ms on a phone four times slower).
const LIST_ROWS_PER_TASK: usize = 2_000;

/// A panic (a bug) is said in the console, with the prefix, before the module stops.
fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            web_sys::console::error_1(&JsValue::from_str(&format!("[tiers-lieux] internal error (please report it): {info}")));
        }));
    });
}

/// The contract's `Finder`: one widget.
#[wasm_bindgen]
pub struct Finder {
    rt: Rc<Runtime>,
}

/// The options as `(attribute name, value)` pairs from the entry's plain object.
fn option_pairs(raw: &js_sys::Object) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for entry in js_sys::Object::entries(raw).iter() {
        let entry: js_sys::Array = entry.unchecked_into();
        let (k, v) = (entry.get(0).as_string().unwrap_or_default(), entry.get(1));
        if v.is_undefined() || v.is_null() {
            continue;
        }
        let v = v
            .as_string()
            .or_else(|| v.as_f64().map(|n| n.to_string()))
            .unwrap_or_else(|| String::from(js_sys::JSON::stringify(&v).unwrap_or_default()));
        pairs.push((options::attribute_name(&k), v));
    }
    pairs
}

/// The distinct own sources of the venues in scope, in table order.
fn own_sources(finder: &tiers_lieux_core::Finder) -> Vec<&str> {
    let t = finder.table();
    let mut out: Vec<&str> = Vec::new();
    for &i in finder.in_scope() {
        let s = t.source(i as usize);
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Mounts a widget on `host`. `raw_options` is a plain object of option strings keyed by
/// attribute name; `assets` is the entry's `{communes, outlines}` URLs. With `src`, the
/// partner's list is fetched and read first (the JS shell shows meanwhile); whatever happens to
/// it, the widget mounts and says what became of the list.
#[wasm_bindgen(js_name = mountWidget)]
pub async fn mount_widget(host: HtmlElement, raw_options: js_sys::Object, assets: JsValue) -> Result<Finder, JsValue> {
    install_panic_hook();
    let assets = data::Assets::from_js(&assets);
    let pairs = option_pairs(&raw_options);
    let (opts, warnings) = options::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    for w in &warnings {
        super::warn(w);
    }
    let (finder, partner_host, outcome) = load_venues(&opts).await;
    let shadow = match host.shadow_root() {
        Some(s) => s,
        None => host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?,
    };
    let lang = opts.lang;
    let mut config = Config::new(&opts, &finder, partner_host.as_deref(), platform::share_sheet_available());
    config.report_url = opts.report_url.as_deref().and_then(data::resolve_against_page);
    let data_line = match &partner_host {
        Some(h) => i18n::partner_data_line(h, lang),
        // A regional list's venues in scope: its credit too (« MapLab Bretagne … CC BY 4.0 »).
        None => i18n::data_line_with(i18n::strings(lang).data_line, &own_sources(&finder), lang),
    };
    let tile_host = match &opts.tiles {
        Tiles::Ign => "data.geopf.fr (IGN)".to_owned(),
        Tiles::Osm => "tile.openstreetmap.org".to_owned(),
        Tiles::Template(u) => data::host_of_template(u),
        Tiles::None => String::new(),
    };
    let (root, ui) = view::skeleton(&config, &data_line, &tile_host);
    // Replace the loading shell (and the partner's fallback slot) with the widget.
    clear_keeping_styles(&shadow);
    shadow.append_child(&root)?;
    let model = Model::new(config, opts.radius_km, map::tiles_allowed_now());
    let tiles_allowed = model.tiles_allowed;
    let hash_history = opts.history == History::Hash;
    let others_keep_history = live_widgets().iter().any(|w| w.opts.history == History::Hash);
    let rt = Runtime::new(host, shadow, finder, opts, assets, ui, model);
    events::wire(&rt);
    map::init(&rt, tiles_allowed);
    rt.send(Msg::Mounted);
    rt.send(Msg::ListOutcome(outcome));
    if hash_history {
        if others_keep_history {
            super::warn(i18n::several_history_widgets(lang));
        }
        events::wire_history(&rt);
    }
    if platform::geolocation_allowed_by_frame() == Some(false) {
        super::warn(i18n::geolocation_frame_check(lang));
    }
    // Fetch the gazetteer when the browser is idle, so that the first keystroke rarely waits.
    let weak = Rc::downgrade(&rt);
    let prefetch = gloo::timers::callback::Timeout::new(1500, move || {
        if let Some(rt) = weak.upgrade() {
            rt.send(Msg::Focus);
        }
    });
    rt.res.borrow_mut().prefetch_timer = Some(prefetch);
    // The venues' name index, built in a task of its own once the widget is drawn (tens of ms
    // on a slow phone, which ready no longer waits for); a keystroke before it builds it.
    let weak = Rc::downgrade(&rt);
    let index = gloo::timers::callback::Timeout::new(0, move || {
        if let Some(rt) = weak.upgrade() {
            rt.finder.table().build_index();
        }
    });
    rt.res.borrow_mut().index_timer = Some(index);
    rt.begin();
    map::apply_view_options(&rt);
    Ok(Finder { rt })
}

/// The finder over the venues this widget shows: the partner's list when `src` is set and
/// readable, else the national data or nothing, as `fallback` says. Also returns the partner's
/// host (for the attribution) when its list is shown.
async fn load_venues(opts: &Options) -> (CoreFinder, Option<String>, ListOutcome) {
    let national = || CoreFinder::new(data::national_venues(), opts.scope.clone(), opts.filter);
    let Some(src) = &opts.src else { return (national(), None, ListOutcome::National) };
    let failed = |url: String, why: ListFailure| {
        let finder = match opts.fallback {
            Fallback::National => national(),
            Fallback::None => CoreFinder::new(VenueTable::empty(), opts.scope.clone(), opts.filter),
        };
        (finder, None, ListOutcome::Failed { url, why })
    };
    let Some((url, host)) = data::resolve_list_url(src) else {
        return failed(src.clone(), ListFailure::NotHttp);
    };
    let bytes = match data::fetch_limited(&url, partner::MAX_BYTES).await {
        Ok(b) => b,
        Err(e) => return failed(url, ListFailure::Fetch(e)),
    };
    let mut reader = match partner::Reader::new(&bytes) {
        Ok(r) => r,
        Err(e) => return failed(url, ListFailure::Unreadable(e)),
    };
    drop(bytes);
    // Rows are checked a few thousand at a time, the browser painting and answering input
    // between chunks: a large list never freezes the page for long.
    while !reader.read(LIST_ROWS_PER_TASK) {
        data::yield_to_browser().await;
    }
    let list = reader.finish();
    data::yield_to_browser().await;
    let dep_regions = tiers_lieux_core::venues::metadata(crate::NATIONAL_VENUES.to_vec(), tiers_lieux_core::venues::META_DEP_REGIONS)
        .ok()
        .flatten()
        .unwrap_or_default();
    let (finder, report) = partner::into_finder(list, opts.scope.clone(), opts.filter, &dep_regions);
    data::yield_to_browser().await;
    (finder, Some(host), ListOutcome::Loaded(report))
}

fn parse_point(v: &JsValue) -> Option<LatLon> {
    let get = |k: &str| js_sys::Reflect::get(v, &k.into()).ok().and_then(|x| x.as_f64());
    let p = LatLon::new(get("lat")?, get("lon").or_else(|| get("lng"))?);
    p.is_valid().then_some(p)
}

fn api_error(text: &str) -> JsValue {
    js_sys::Error::new(&format!("[tiers-lieux] {text}")).into()
}

/// The venues' details (addresses, links), before `nearest` and `venues` answer: fetched once
/// per page, at ready or here, whichever comes first. `call`: the method, for the error.
async fn with_details(rt: &Runtime, call: &str) -> Result<(), JsValue> {
    if rt.finder.table().has_details() {
        return Ok(());
    }
    let bytes = data::load_venue_details(&rt.assets.details)
        .await
        .map_err(|e| api_error(&format!("{call}: the venues' details could not be loaded ({e})")))?;
    data::attach_venue_details(&rt.assets.details, rt.finder.table(), bytes).map_err(|e| api_error(&format!("{call}: {e}")))
}

#[wasm_bindgen]
impl Finder {
    /// Type-ahead suggestions for `text`, best first (fetches the parts of the gazetteer it
    /// needs; if one fails to load, answers from what the page has).
    pub fn search(&self, text: String) -> js_sys::Promise {
        let rt = self.rt.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let url = &rt.assets.communes;
            let scope = rt.finder.scope();
            let mut loaded = data::load_gazetteer(url, &GazetteerPart::Root, rt.assets.communes_early.as_ref()).await;
            // The slices of the words as typed, then, when too few places match as typed, those
            // of their typos: two rounds at most.
            for _ in 0..2 {
                let Ok(()) = loaded else { break };
                let Parts::Missing(files) = data::places_now(url).parts(&text, scope, SUGGESTION_LIMIT) else { break };
                loaded = data::load_gazetteer(url, &GazetteerPart::Slices(files), None).await;
            }
            let places = data::places_now(url);
            let list = match places.parts(&text, scope, SUGGESTION_LIMIT) {
                Parts::Ready(parts) => rt.finder.search_in(&parts, &text, SUGGESTION_LIMIT, rt.opts.lang),
                _ => {
                    super::warn(&format!("gazetteer-load: {}", loaded.err().unwrap_or_default()));
                    let known: Vec<_> = places.root.as_deref().map(|r| r.places()).into_iter().collect();
                    rt.finder.search_in(&known, &text, SUGGESTION_LIMIT, rt.opts.lang)
                }
            };
            Ok(to_js(&list.iter().map(js_suggestion).collect::<Vec<JsSuggestion>>()))
        })
    }

    /// The venues nearest to `point` ({lat, lon}); `options`: {k, radiusKm, types}.
    pub fn nearest(&self, point: JsValue, options: JsValue) -> js_sys::Promise {
        let rt = self.rt.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let origin = parse_point(&point).ok_or_else(|| api_error("nearest(): expected {lat, lon} in degrees"))?;
            let get = |k: &str| js_sys::Reflect::get(&options, &k.into()).ok().filter(|v| !v.is_undefined() && !v.is_null());
            let k = get("k").and_then(|v| v.as_f64()).map(|k| k.clamp(1.0, 500.0) as usize).unwrap_or(rt.opts.max_results);
            let radius = get("radiusKm").and_then(|v| v.as_f64()).filter(|r| *r > 0.0).or(rt.opts.radius_km);
            let keys: Vec<String> = match get("types") {
                Some(v) if js_sys::Array::is_array(&v) => js_sys::Array::from(&v).iter().filter_map(|x| x.as_string()).collect(),
                Some(v) => v.as_string().map(|s| s.split(',').map(str::to_owned).collect()).unwrap_or_default(),
                None => vec![],
            };
            let (filter, unknown) = VenueFilter::from_keys(keys.iter().map(String::as_str));
            if !unknown.is_empty() {
                return Err(api_error(&format!("nearest(): unknown type {}", unknown.join(", "))));
            }
            let found = rt.finder.nearest(origin, k, radius, filter).map_err(|e| api_error(&e.to_string()))?;
            with_details(&rt, "nearest()").await?;
            let t = rt.finder.table();
            let list: Vec<JsVenue> = found.iter().map(|n| js_venue(&t.get(n.id as usize), Some(n.distance_km))).collect();
            Ok(to_js(&list))
        })
    }

    /// Every venue in scope.
    pub fn venues(&self) -> js_sys::Promise {
        let rt = self.rt.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            with_details(&rt, "venues()").await?;
            let t = rt.finder.table();
            let list: Vec<JsVenue> = rt.finder.in_scope().iter().map(|&i| js_venue(&t.get(i as usize), None)).collect();
            Ok(to_js(&list))
        })
    }

    /// Selects a venue by id, as a click on it would.
    pub fn select(&self, id: String) {
        self.rt.send(Msg::Select { id, scroll: true, focus: false });
    }

    /// Asks the browser for the person's position and shows the venues around it.
    pub fn locate(&self) {
        self.rt.send(Msg::Locate);
    }

    /// The page's consent manager allows tiles (`true`) or withdraws them (`false`), for every
    /// widget of the page: tiles come (or go, with the offline map and the consent button back).
    pub fn consent(&self, granted: bool) {
        if granted {
            events::grant_consent(None);
        } else {
            map::PAGE_TILE_CONSENT.with(|c| c.set(false));
            for w in live_widgets() {
                w.send(Msg::ConsentWithdrawn);
            }
        }
    }

    /// Removes the widget: listeners, timers, observers, map, and its DOM.
    pub fn destroy(&self) {
        self.rt.send(Msg::Destroy);
    }

    /// Fires `tierslieux:ready` (the JS entry calls it once `element.finder` is set, so a
    /// listener can use it), then shows the view of the page's URL (`history="hash"`).
    #[wasm_bindgen(js_name = _announceReady)]
    pub fn announce_ready(&self) {
        self.rt.send(Msg::Ready);
    }

    /// Number of venues in this widget's scope.
    #[wasm_bindgen(getter, js_name = venueCount)]
    pub fn venue_count(&self) -> u32 {
        self.rt.finder.in_scope().len() as u32
    }
}
