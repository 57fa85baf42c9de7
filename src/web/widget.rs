//! One mounted widget: the search box (ARIA combobox), the "around me" button, the results list,
//! the map, messages and events, over a core `Finder`. Exported to JS as the contract's `Finder`.
//!
//! State lives in `Rc<RefCell<State>>`; no borrow is held while an event goes to the host page
//! (a host handler may call back into the finder). Every listener, observer and Leaflet handler
//! is owned by the state and released by `destroy`.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use serde::Serialize;
use tiers_lieux_core::nearest::Neighbour;
use tiers_lieux_core::places::SuggestionKind;
use tiers_lieux_core::links;
use tiers_lieux_core::venues::{keys_of, FLAG_COMMUNE_LEVEL, LABELS, TYPES};
use tiers_lieux_core::view::View;
use tiers_lieux_core::partner::{self, Report, RowIssue};
use tiers_lieux_core::{Finder as CoreFinder, Lang, LatLon, Suggestion, VenueFilter, VenueRef, VenueTable};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, Element, HtmlElement, HtmlInputElement, KeyboardEvent, ShadowRoot};

use super::data;
use super::dom::{append, attr, clear, el, el_text, pack_field, safe_href, tl_show_suggestions, RECORD};
use super::i18n::{self, Strings};
use super::map::MapView;
use crate::options::{self, Consent, Fallback, History, Options, Tiles};

const SUGGESTION_LIMIT: usize = 8;

/// The distance choices (km); the `radius-km` option joins them when it is not one of them.
const RADII_KM: [f64; 5] = [5.0, 10.0, 20.0, 50.0, 100.0];

/// With a distance chosen, the list shows every venue within it, up to this many (the contract's
/// largest `max-results`); without one, the `max-results` nearest.
const MAX_WITHIN_RADIUS: usize = 50;

thread_local! {
    /// The user asked for the map background (or the page's consent manager allowed it): for
    /// this page's lifetime only, shared by every widget of the page.
    static PAGE_TILE_CONSENT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Every widget mounted on this page (consent is given to all at once).
    static WIDGETS: RefCell<Vec<std::rc::Weak<RefCell<State>>>> = const { RefCell::new(Vec::new()) };
}

fn live_widgets() -> Vec<Shared> {
    WIDGETS.with(|w| {
        let mut w = w.borrow_mut();
        w.retain(|x| x.upgrade().is_some_and(|s| s.try_borrow().map_or(true, |s| !s.destroyed)));
        w.iter().filter_map(|x| x.upgrade()).collect()
    })
}

/// The contract's `Suggestion`.
#[derive(Serialize)]
struct JsSuggestion<'a> {
    kind: &'static str,
    label: &'a str,
    code: &'a str,
    lat: Option<f64>,
    lon: Option<f64>,
}

/// The contract's `Result` (and `Venue`, without `distanceKm`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsVenue<'a> {
    id: &'a str,
    name: &'a str,
    commune: &'a str,
    code_insee: &'a str,
    lat: f64,
    lon: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    distance_km: Option<f64>,
    types: Vec<&'static str>,
    address: &'a str,
    website: &'a str,
    labels: Vec<&'static str>,
    located_at_commune_level: bool,
}

fn js_venue<'a>(v: &VenueRef<'a>, distance_km: Option<f64>) -> JsVenue<'a> {
    JsVenue {
        id: v.id,
        name: v.name,
        commune: v.commune,
        code_insee: v.code_insee,
        lat: v.position.lat,
        lon: v.position.lon,
        distance_km: distance_km.map(|d| (d * 1000.0).round() / 1000.0),
        types: keys_of(v.types, TYPES).map(|t| t.key).collect(),
        address: v.address,
        // A value that is not an http(s), mailto: or tel: link is shown as text in the widget
        // but never handed to the host page as a website.
        website: safe_href(v.website).unwrap_or(""),
        labels: keys_of(v.labels, LABELS).map(|t| t.key).collect(),
        located_at_commune_level: v.flags & FLAG_COMMUNE_LEVEL != 0,
    }
}

fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

fn suggestions_js(s: &[Suggestion]) -> JsValue {
    let list: Vec<JsSuggestion> = s
        .iter()
        .map(|s| JsSuggestion { kind: s.kind.as_str(), label: &s.label, code: &s.code, lat: s.position.map(|p| p.lat), lon: s.position.map(|p| p.lon) })
        .collect();
    to_js(&list)
}

struct Ui {
    input: HtmlInputElement,
    listbox: HtmlElement,
    locate: HtmlElement,
    status: HtmlElement,
    alert: HtmlElement,
    /// Dismissible notices (a partner list's rows not shown, a base map that failed).
    notices: HtmlElement,
    list: HtmlElement,
    hint: HtmlElement,
    map_el: HtmlElement,
    skip: HtmlElement,
    after_map: HtmlElement,
    /// Type and label chips: (key, button).
    chips: Vec<(&'static str, HtmlElement)>,
    /// Distance choice, its options' values in km (none: any distance).
    radius: web_sys::HtmlSelectElement,
    radii: Vec<f64>,
    /// "Copy the link to this search" (with `history="hash"`).
    share_results: HtmlElement,
    /// "Show the map background" and what it means (with `consent="click"`).
    consent_box: HtmlElement,
}

struct State {
    host: HtmlElement,
    shadow: ShadowRoot,
    opts: Options,
    assets: data::Assets,
    finder: CoreFinder,
    /// "Source : …" in a venue's details: the national base, or the partner's site.
    source_line: String,
    ui: Ui,
    map: Option<MapView>,
    suggestions: Vec<Suggestion>,
    active: Option<usize>,
    results: Vec<Neighbour>,
    origin: Option<(LatLon, String)>,
    /// A département chosen in the search: the results keep to its venues.
    origin_departement: Option<String>,
    /// The origin is the user's position ("around me"): never written to the page's URL.
    origin_is_user: bool,
    /// Keys of the type and label chips that are on (none: every kind).
    chosen_kinds: Vec<&'static str>,
    /// The distance chosen (at first, the `radius-km` option).
    radius_km: Option<f64>,
    /// The `report-url` option resolved against the page's URL.
    report_url: Option<String>,
    selected: Option<String>,
    query_seq: u32,
    /// Enter was pressed before the suggestions for the current text arrived: choose the first
    /// one when they do (no keystroke lost while the gazetteer loads).
    pending_enter: bool,
    /// The gazetteer failure was already reported (once per widget, not per keystroke).
    gazetteer_error_shown: bool,
    listeners: Vec<EventListener>,
    /// Close buttons of the notices (released with the notice or the widget).
    notice_listeners: Vec<EventListener>,
    /// Listeners of the current result list, replaced with it.
    result_listeners: Vec<EventListener>,
    /// What had focus when the open venue details were opened (focus returns there on close).
    opener: Option<HtmlElement>,
    resize: Option<(web_sys::ResizeObserver, Closure<dyn FnMut(JsValue)>)>,
    destroyed: bool,
}

type Shared = Rc<RefCell<State>>;

/// The contract's `Finder`: one widget.
#[wasm_bindgen]
pub struct Finder {
    state: Shared,
}

fn warn(msg: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("[tiers-lieux] {msg}")));
}

/// Dispatches `tierslieux:NAME` on the host (bubbles, composed). Call with no borrow held.
fn dispatch(host: &HtmlElement, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(e) = CustomEvent::new_with_event_init_dict(&format!("tierslieux:{name}"), &init) {
        let _ = host.dispatch_event(&e);
    }
}

fn error_detail(code: &str, message: &str) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&o, &"message".into(), &message.into());
    let _ = js_sys::Reflect::set(&o, &"rows".into(), &js_sys::Array::new());
    o.into()
}

fn error_detail_rows(code: &str, message: &str, rows: &js_sys::Array) -> JsValue {
    let o = error_detail(code, message);
    let _ = js_sys::Reflect::set(&o, &"rows".into(), rows);
    o
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Mounts a widget on `host`. `raw_options` is a plain object of option strings keyed by
/// attribute name; `assets` is the entry's `{communes, outlines}` URLs. With `src`, the
/// partner's list is fetched and read first (the JS shell shows meanwhile); whatever happens to
/// it, the widget mounts and says what became of the list.
#[wasm_bindgen(js_name = mountWidget)]
pub async fn mount_widget(host: HtmlElement, raw_options: js_sys::Object, assets: JsValue) -> Result<Finder, JsValue> {
    let assets = data::Assets::from_js(&assets);
    let mut pairs: Vec<(String, String)> = Vec::new();
    for entry in js_sys::Object::entries(&raw_options).iter() {
        let entry: js_sys::Array = entry.unchecked_into();
        let (k, v) = (entry.get(0).as_string().unwrap_or_default(), entry.get(1));
        if v.is_undefined() || v.is_null() {
            continue;
        }
        let v = v.as_string().or_else(|| v.as_f64().map(|n| n.to_string())).unwrap_or_else(|| String::from(js_sys::JSON::stringify(&v).unwrap_or_default()));
        pairs.push((options::attribute_name(&k), v));
    }
    let (opts, warnings) = options::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    for w in &warnings {
        warn(w);
    }
    let (finder, partner_host, outcome) = load_venues(&opts).await;
    let shadow = match host.shadow_root() {
        Some(s) => s,
        None => host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?,
    };
    let strings = i18n::strings(opts.lang);
    let (data_line, source_line) = match &partner_host {
        Some(h) => (i18n::partner_data_line(h, opts.lang), i18n::partner_source(h, opts.lang)),
        None => (strings.data_line.to_owned(), strings.source.to_owned()),
    };
    let kinds: Vec<(&'static str, String, usize)> = finder
        .kind_counts()
        .into_iter()
        .map(|(k, _, n)| (k.key, match opts.lang {
            Lang::Fr => k.label_fr.to_owned(),
            Lang::En => k.label_en.to_owned(),
        }, n))
        .collect();
    let mut radii = RADII_KM.to_vec();
    if let Some(r) = opts.radius_km.filter(|r| !RADII_KM.contains(r)) {
        radii.push(r);
        radii.sort_by(f64::total_cmp);
    }
    let (root, ui) = build_dom(strings, &opts, &data_line, &kinds, radii);
    let report_url = opts.report_url.as_deref().and_then(data::resolve_against_page);
    // Replace the loading shell (and the partner's fallback slot) with the widget.
    clear_keeping_styles(&shadow);
    let _ = shadow.append_child(&root);

    let radius_km = opts.radius_km;
    let state = Rc::new(RefCell::new(State {
        host: host.clone(),
        shadow,
        opts,
        assets,
        finder,
        source_line,
        ui,
        map: None,
        suggestions: Vec::new(),
        active: None,
        results: Vec::new(),
        origin: None,
        origin_departement: None,
        origin_is_user: false,
        chosen_kinds: Vec::new(),
        radius_km,
        report_url,
        selected: None,
        query_seq: 0,
        pending_enter: false,
        gazetteer_error_shown: false,
        listeners: Vec::new(),
        notice_listeners: Vec::new(),
        result_listeners: Vec::new(),
        opener: None,
        resize: None,
        destroyed: false,
    }));
    wire(&state);
    wire_filters(&state);
    init_map(&state);
    report_list_outcome(&state, outcome);
    let history = state.borrow().opts.history;
    if history == History::Hash {
        let others = live_widgets().iter().any(|w| w.try_borrow().is_ok_and(|w| w.opts.history == History::Hash));
        if others {
            warn(match state.borrow().opts.lang {
                Lang::Fr => "plusieurs widgets de cette page ont history=\"hash\" : l'adresse de la page ne peut garder la vue que d'un seul. Laissez history=\"hash\" sur un seul widget.",
                Lang::En => "several widgets of this page have history=\"hash\": the page's URL can only keep one view. Keep history=\"hash\" on one widget.",
            });
        }
        wire_history(&state);
    }
    WIDGETS.with(|w| w.borrow_mut().push(Rc::downgrade(&state)));
    if geolocation_allowed_by_frame() == Some(false) {
        warn(self_check_geolocation_frame(state.borrow().opts.lang));
    }
    // Fetch the gazetteer when the browser is idle, so the first keystroke rarely waits.
    let idle = state.clone();
    gloo::timers::callback::Timeout::new(1500, move || {
        let url = idle.borrow().assets.communes.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = data::gazetteer(&url).await;
        });
    })
    .forget();
    Ok(Finder { state })
}

/// Rows of a partner's list checked in one go before the browser gets the hand back (about 25 ms
/// on the development machine, 100 ms on a phone four times slower).
const LIST_ROWS_PER_TASK: usize = 2_000;

/// What became of the partner's list (`src`), reported once the widget is on screen.
enum ListOutcome {
    /// No `src`: the national data.
    National,
    /// The list at `url` could not be fetched or read at all, because of `why` (shown in the
    /// console and the event, after the alert's plain sentence).
    Failed { url: String, why: String },
    Loaded(Report),
}

/// The finder over the venues this widget shows: the partner's list when `src` is set and
/// readable, else the national data or nothing, as `fallback` says. Also returns the partner's
/// host (for the attribution) when its list is shown.
async fn load_venues(opts: &Options) -> (CoreFinder, Option<String>, ListOutcome) {
    let national = || CoreFinder::new(data::national_venues(), opts.scope.clone(), opts.filter);
    let Some(src) = &opts.src else { return (national(), None, ListOutcome::National) };
    let failed = |url: String, why: String| {
        let finder = match opts.fallback {
            Fallback::National => national(),
            Fallback::None => CoreFinder::new(VenueTable::empty(), opts.scope.clone(), opts.filter),
        };
        (finder, None, ListOutcome::Failed { url, why })
    };
    let Some((url, host)) = data::resolve_list_url(src) else {
        let why = match opts.lang {
            Lang::Fr => "ce n'est pas une adresse http(s)".to_owned(),
            Lang::En => "not an http(s) URL".to_owned(),
        };
        return failed(src.clone(), why);
    };
    let bytes = match data::fetch_limited(&url, partner::MAX_BYTES).await {
        Ok(b) => b,
        Err(e) => return failed(url, i18n::fetch_error(&e, opts.lang)),
    };
    let mut reader = match partner::Reader::new(&bytes) {
        Ok(r) => r,
        Err(e) => return failed(url, e.message(opts.lang)),
    };
    drop(bytes);
    // Rows are checked a few thousand at a time, the browser painting and answering input
    // between chunks: a large list never freezes the page for long.
    while !reader.read(LIST_ROWS_PER_TASK) {
        data::yield_to_browser().await;
    }
    let list = reader.finish();
    data::yield_to_browser().await;
    let dep_regions = tiers_lieux_core::venues::metadata(crate::NATIONAL_VENUES.to_vec(), tiers_lieux_core::venues::META_DEP_REGIONS).ok().flatten().unwrap_or_default();
    let (finder, report) = partner::into_finder(list, opts.scope.clone(), opts.filter, &dep_regions);
    data::yield_to_browser().await;
    (finder, Some(host), ListOutcome::Loaded(report))
}

/// Shows what became of the partner's list: a failure as an alert (and `tierslieux:error`
/// `partner-load`); rows not shown as a dismissible notice naming each one (and
/// `tierslieux:error` `partner-rows` with every row); rows shown with a caveat in the console.
fn report_list_outcome(state: &Shared, outcome: ListOutcome) {
    let (lang, fallback) = {
        let s = state.borrow();
        (s.opts.lang, s.opts.fallback)
    };
    let t = i18n::strings(lang);
    let sep = colon(lang);
    match outcome {
        ListOutcome::National => {}
        ListOutcome::Failed { url, why } => {
            let then = match fallback {
                Fallback::National => t.list_failed_national,
                Fallback::None => t.list_failed_empty,
            };
            let user = format!("{}{sep}{then}", t.list_failed);
            let fix = match lang {
                Lang::Fr => "vérifiez l'adresse de src, que le fichier est servi (HTTP 200) en GeoJSON ou CSV, et, s'il est sur un autre site, qu'il envoie Access-Control-Allow-Origin et que la directive connect-src de votre Content-Security-Policy l'autorise",
                Lang::En => "check the src URL, that the file is served (HTTP 200) as GeoJSON or CSV and, when it is on another site, that it sends Access-Control-Allow-Origin and your Content-Security-Policy's connect-src allows it",
            };
            show_error(state, "partner-load", &user, &format!("{url}{sep}{why}. {fix}"));
        }
        ListOutcome::Loaded(report) => {
            // "ligne 4 : reason", each reason written once.
            let described = |rows: &[RowIssue]| -> Vec<(usize, String, String)> {
                rows.iter().map(|r| {
                    let reason = r.problem.reason(lang);
                    (r.line, format!("{}{sep}{reason}", report.row_name(r.line, lang)), reason)
                }).collect()
            };
            let warnings = described(&report.warnings);
            if !warnings.is_empty() {
                let head = match lang {
                    Lang::Fr => format!("liste partenaire : {} ligne(s) affichée(s) avec une remarque :", warnings.len()),
                    Lang::En => format!("partner list: {} row(s) shown with a remark:", warnings.len()),
                };
                let lines: Vec<&str> = warnings.iter().map(|w| w.1.as_str()).collect();
                warn(&format!("{head}\n{}", lines.join("\n")));
            }
            let not_shown = described(&report.not_shown);
            if not_shown.is_empty() {
                return;
            }
            let lines: Vec<String> = not_shown.iter().map(|r| r.1.clone()).collect();
            let summary = i18n::rows_not_shown(lines.len(), lang);
            warn(&format!("{summary}\n{}", lines.join("\n")));
            add_notice(state, &summary, &lines);
            let rows = js_sys::Array::new();
            for (line, _, reason) in &not_shown {
                let o = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&o, &"line".into(), &JsValue::from(*line as u32));
                let _ = js_sys::Reflect::set(&o, &"reason".into(), &JsValue::from_str(reason));
                rows.push(&o);
            }
            let host = state.borrow().host.clone();
            dispatch(&host, "error", &error_detail_rows("partner-rows", &summary, &rows));
        }
    }
}

/// At most this many rows are listed in the notice (all of them go to the console and the event).
const NOTICE_ROWS: usize = 200;

/// A dismissible notice (role=status): a sentence, and optionally the list of rows behind it.
fn add_notice(state: &Shared, summary: &str, rows: &[String]) {
    let mut s = state.borrow_mut();
    let t = i18n::strings(s.opts.lang);
    let notice = el("div", "tl-notice");
    let text = el_text("p", "tl-notice-text", summary);
    attr(&text, "role", "status");
    append(&notice, &text);
    if !rows.is_empty() {
        let details = el("details", "tl-notice-rows");
        append(&details, &el_text("summary", "", t.show_rows));
        let ul = el("ul", "");
        for r in rows.iter().take(NOTICE_ROWS) {
            append(&ul, &el_text("li", "", r));
        }
        if rows.len() > NOTICE_ROWS {
            let more = match s.opts.lang {
                Lang::Fr => format!("… et {} autres (toutes dans la console et l'événement tierslieux:error)", rows.len() - NOTICE_ROWS),
                Lang::En => format!("… and {} more (all in the console and the tierslieux:error event)", rows.len() - NOTICE_ROWS),
            };
            append(&ul, &el_text("li", "", &more));
        }
        append(&details, &ul);
        append(&notice, &details);
    }
    let close = el_text("button", "tl-notice-close", t.dismiss);
    attr(&close, "type", "button");
    append(&notice, &close);
    append(&s.ui.notices, &notice);
    let input = s.ui.input.clone();
    let n = notice.clone();
    s.notice_listeners.push(EventListener::new(&close, "click", move |_| {
        n.remove();
        // The button is gone with its notice: focus goes back to the search box.
        let _ = input.focus();
    }));
}

/// The base map's tiles fail to load (blocked, offline, a CSP `img-src` without the tile host):
/// a notice that the list is complete, the event, and the fix in the console.
fn on_tiles_failed(state: &Shared, tile_url: &str) {
    let (lang, host) = {
        let s = state.borrow();
        (s.opts.lang, s.host.clone())
    };
    let t = i18n::strings(lang);
    add_notice(state, t.tiles_failed, &[]);
    let fix = match lang {
        Lang::Fr => format!("une tuile du fond de carte n'a pas pu être chargée ({tile_url}) : vérifiez que ce serveur répond et que la directive img-src de votre Content-Security-Policy l'autorise, ou utilisez tiles=\"none\""),
        Lang::En => format!("a base map tile could not be loaded ({tile_url}): check that this server answers and that your Content-Security-Policy's img-src allows it, or use tiles=\"none\""),
    };
    warn(&format!("tiles-load: {fix}"));
    dispatch(&host, "error", &error_detail("tiles-load", &format!("{} ({tile_url})", t.tiles_failed)));
}

/// Whether the page lets this document use geolocation: false in an `<iframe>` of another
/// origin without `allow="geolocation"`. None when the browser cannot tell.
fn geolocation_allowed_by_frame() -> Option<bool> {
    let doc = super::dom::document();
    let policy = ["permissionsPolicy", "featurePolicy"].iter().find_map(|k| js_sys::Reflect::get(&doc, &(*k).into()).ok().filter(|p| p.is_object()))?;
    let allows: js_sys::Function = js_sys::Reflect::get(&policy, &"allowsFeature".into()).ok()?.dyn_into().ok()?;
    allows.call1(&policy, &"geolocation".into()).ok()?.as_bool()
}

fn self_check_geolocation_frame(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "le widget est dans un <iframe> qui n'autorise pas la localisation : « Autour de moi » ne fonctionnera pas. Ajoutez allow=\"geolocation\" à la balise <iframe>.",
        Lang::En => "the widget is in an <iframe> that does not allow location: \"Around me\" will not work. Add allow=\"geolocation\" to the <iframe> tag.",
    }
}

/// Empties the shadow root but for a `<style>` the JS entry put there (browsers without
/// constructable stylesheets).
fn clear_keeping_styles(shadow: &ShadowRoot) {
    let nodes = shadow.child_nodes();
    let keep: Vec<web_sys::Node> = (0..nodes.length()).filter_map(|i| nodes.item(i)).filter(|n| n.node_name() == "STYLE").collect();
    clear(shadow.unchecked_ref());
    for n in keep {
        let _ = shadow.append_child(&n);
    }
}

/// One distance choice, `r` km (its count is written once there is an origin).
fn radius_option(r: f64, lang: Lang) -> HtmlElement {
    let o = el_text("option", "", &i18n::radius_choice(r, None, lang));
    attr(&o, "value", &r.to_string());
    o
}

fn build_dom(t: &Strings, opts: &Options, data_line: &str, kinds: &[(&'static str, String, usize)], radii: Vec<f64>) -> (HtmlElement, Ui) {
    let lang = opts.lang;
    let root = el("div", "tl-root");
    attr(&root, "lang", match lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    });
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
    let filters = el("div", "tl-filters");
    attr(&filters, "role", "group");
    attr(&filters, "aria-label", t.filters_label);
    let mut chips = Vec::new();
    if kinds.len() > 1 {
        let set = el("fieldset", "tl-chips");
        append(&set, &el_text("legend", "tl-filter-label", t.types_legend));
        for (key, label, n) in kinds {
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
    let radius: web_sys::HtmlSelectElement = el("select", "tl-radius-select").unchecked_into();
    attr(&radius, "id", "tl-radius");
    let any = el_text("option", "", t.any_distance);
    attr(&any, "value", "");
    append(&radius, &any);
    for r in &radii {
        append(&radius, &radius_option(*r, lang));
    }
    if let Some(r) = opts.radius_km {
        radius.set_value(&r.to_string());
    }
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
    let tile_host = match &opts.tiles {
        Tiles::Ign => "data.geopf.fr (IGN)".to_owned(),
        Tiles::Osm => "tile.openstreetmap.org".to_owned(),
        Tiles::Template(u) => data::host_of_template(u),
        Tiles::None => String::new(),
    };
    append(&consent_box, &el_text("p", "tl-consent-text", &i18n::consent_explain(&tile_host, lang)));
    let consent_button = el_text("button", "tl-consent-button", t.show_base_map);
    attr(&consent_button, "type", "button");
    append(&consent_box, &consent_button);
    consent_box.set_hidden(true);
    append(&map_wrap, &skip);
    append(&map_wrap, &map_el);
    append(&map_wrap, &consent_box);
    append(&map_wrap, &after);
    append(&body, &results);
    append(&body, &map_wrap);
    let foot = el_text("p", "tl-attribution", data_line);
    for e in [&search, &filters, &status, &alert, &notices, &body, &foot] {
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
        radius,
        radii,
        share_results,
        consent_box,
    };
    (root, ui)
}

/// Whether this widget may request tiles now: always with `consent="none"`; with `"click"`,
/// once the user (or the page's consent manager) said yes on this page.
fn tiles_allowed(opts: &Options) -> bool {
    opts.consent == Consent::None || PAGE_TILE_CONSENT.with(|c| c.get())
}

fn init_map(state: &Shared) {
    let (map_el, tiles, t, center, zoom, outlines_url, allowed) = {
        let s = state.borrow();
        (s.ui.map_el.clone(), s.opts.tiles.clone(), i18n::strings(s.opts.lang), s.opts.center, s.opts.zoom, s.assets.outlines.clone(), tiles_allowed(&s.opts))
    };
    let view = match MapView::new(&map_el, &tiles, t, prefers_reduced_motion(), allowed) {
        Ok(v) => v,
        Err(e) => {
            warn(&format!("the map could not start: {}", data::js_message(&e)));
            return;
        }
    };
    state.borrow_mut().map = Some(view);
    let weak = Rc::downgrade(state);
    if let Some(m) = &mut state.borrow_mut().map {
        m.watch_tiles(move |url| {
            if let Some(st) = weak.upgrade() {
                on_tiles_failed(&st, &url);
            }
        });
    }
    if tiles != Tiles::None && !allowed {
        state.borrow().ui.consent_box.set_hidden(false);
    }
    // The offline base map: for tiles="none", and under the tiles until consent is given.
    if tiles == Tiles::None || !allowed {
        let st = state.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match data::fetch_text(&outlines_url).await {
                Ok(text) => {
                    if let Some(m) = &mut st.borrow_mut().map {
                        m.add_outlines(&text);
                    }
                }
                Err(e) => warn(&format!("offline base map unavailable: {e}")),
            }
        });
    }
    draw_overview(state, true);
    if let Some(m) = &state.borrow().map {
        match (center, zoom) {
            (Some(c), z) => m.set_view(c, z.unwrap_or(11.0)),
            // A zoom alone applies around the centre of the fitted venues.
            (None, Some(z)) => m.set_zoom(z),
            (None, None) => {}
        }
    }
    // Follow container resizes (the window's are not enough inside a partner's layout).
    let st = Rc::downgrade(state);
    let cb = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        if let Some(st) = st.upgrade() {
            if let Some(m) = &st.borrow().map {
                m.invalidate_size();
            }
        }
    });
    if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        ro.observe(&map_el);
        state.borrow_mut().resize = Some((ro, cb));
    }
}

/// The filter of the chips that are on (none on: every kind).
fn chosen_filter(s: &State) -> VenueFilter {
    VenueFilter::from_keys(s.chosen_kinds.iter().copied()).0
}

/// The overview: every venue in scope that the chips keep, clustered on the map; a venue chosen
/// there shows the venues around it. `fit`: frame them (at mount; not when a chip changes).
fn draw_overview(state: &Shared, fit: bool) {
    let (points, indices, bounds) = {
        let s = state.borrow();
        let t = s.finder.table();
        let filter = chosen_filter(&s);
        let mut points = Vec::with_capacity(s.finder.in_scope().len());
        let mut indices = Vec::with_capacity(s.finder.in_scope().len());
        for &i in s.finder.in_scope() {
            if !filter.accepts(t.types(i as usize), t.labels(i as usize)) {
                continue;
            }
            let p = t.position(i as usize);
            points.push([p.lat, p.lon]);
            indices.push(i);
        }
        // The first view: the French area with most venues (the others are clusters off-screen).
        let b = if fit {
            tiers_lieux_core::geo::main_area_bounds(points.iter().map(|&[lat, lon]| LatLon::new(lat, lon)))
        } else {
            tiers_lieux_core::geo::Bounds::EMPTY
        };
        let bounds = (fit && !b.is_empty()).then(|| (LatLon::new(b.south, b.west), LatLon::new(b.north, b.east)));
        (points, indices, bounds)
    };
    // How many venues the map's overview holds, alone or in clusters (for the page's own checks
    // and tests).
    attr(&state.borrow().ui.map_el, "data-venues-shown", &indices.len().to_string());
    let (weak_name, weak_select, weak_told) = (Rc::downgrade(state), Rc::downgrade(state), Rc::downgrade(state));
    if let Some(m) = &mut state.borrow_mut().map {
        m.show_overview(
            points,
            indices,
            bounds,
            move |i| weak_name.upgrade().map(|st| st.borrow().finder.table().name(i as usize).to_owned()).unwrap_or_default(),
            move |i| {
                if let Some(st) = weak_select.upgrade() {
                    let id = st.borrow().finder.table().id(i as usize).to_owned();
                    select_venue(&st, &id, true, true);
                    record_view(&st, false);
                }
            },
            move |count| {
                if let Some(st) = weak_told.upgrade() {
                    let text = i18n::strings(st.borrow().opts.lang).cluster_opened.replace("{n}", &count.to_string());
                    set_status(&st, &text);
                }
            },
        );
    }
}

/// Tiles allowed on this widget (the user clicked, or the page's consent manager said yes).
fn grant_tiles(state: &Shared, move_focus: bool) {
    let mut s = state.borrow_mut();
    let (tiles, word) = (s.opts.tiles.clone(), i18n::strings(s.opts.lang).base_map);
    let had_focus = move_focus && s.ui.consent_box.contains(js_sys::Reflect::get(&s.shadow, &"activeElement".into()).ok().and_then(|e| e.dyn_into::<web_sys::Node>().ok()).as_ref());
    s.ui.consent_box.set_hidden(true);
    if let Some(m) = &mut s.map {
        m.enable_tiles(&tiles, word);
    }
    if had_focus {
        // The button is gone: focus goes to the map it revealed.
        if let Ok(Some(c)) = s.ui.map_el.query_selector(".leaflet-container") {
            let _ = c.unchecked_into::<HtmlElement>().focus();
        } else {
            let _ = s.ui.map_el.focus();
        }
    }
}

/// Tiles withdrawn: no further tile request; the offline map and the consent button return.
fn withdraw_tiles(state: &Shared) {
    let needs_outlines = {
        let mut s = state.borrow_mut();
        if s.opts.tiles == Tiles::None {
            return;
        }
        s.ui.consent_box.set_hidden(false);
        match &mut s.map {
            Some(m) => {
                m.disable_tiles();
                !m.has_outlines()
            }
            None => false,
        }
    };
    if needs_outlines {
        let st = state.clone();
        let url = st.borrow().assets.outlines.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(text) = data::fetch_text(&url).await {
                if let Some(m) = &mut st.borrow_mut().map {
                    m.add_outlines(&text);
                }
            }
        });
    }
}

fn wire(state: &Shared) {
    let (input, listbox, locate) = {
        let s = state.borrow();
        (s.ui.input.clone(), s.ui.listbox.clone(), s.ui.locate.clone())
    };
    let mut listeners = Vec::new();
    let st = Rc::downgrade(state);
    listeners.push(EventListener::new(&input, "input", move |_| {
        if let Some(st) = st.upgrade() {
            on_input(&st);
        }
    }));
    let st = Rc::downgrade(state);
    listeners.push(EventListener::new(&input, "focus", move |_| {
        if let Some(st) = st.upgrade() {
            let url = st.borrow().assets.communes.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let _ = data::gazetteer(&url).await;
            });
        }
    }));
    let st = Rc::downgrade(state);
    listeners.push(EventListener::new_with_options(&input, "keydown", EventListenerOptions::enable_prevent_default(), move |e| {
        if let (Some(st), Some(e)) = (st.upgrade(), e.dyn_ref::<KeyboardEvent>()) {
            on_keydown(&st, e);
        }
    }));
    let st = Rc::downgrade(state);
    listeners.push(EventListener::new(&input, "blur", move |_| {
        // Let a click on a suggestion land first.
        if let Some(st) = st.upgrade() {
            let st2 = Rc::downgrade(&st);
            gloo::timers::callback::Timeout::new(150, move || {
                if let Some(st) = st2.upgrade() {
                    close_suggestions(&st);
                }
            })
            .forget();
        }
    }));
    // Suggestions: mousedown keeps focus in the box; click chooses.
    listeners.push(EventListener::new_with_options(&listbox, "mousedown", EventListenerOptions::enable_prevent_default(), |e| e.prevent_default()));
    let st = Rc::downgrade(state);
    listeners.push(EventListener::new(&listbox, "click", move |e| {
        let Some(st) = st.upgrade() else { return };
        let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
        let option = target.and_then(|t| t.closest("[role=option]").ok().flatten());
        if let Some(i) = option.and_then(|o| o.get_attribute("data-index")).and_then(|i| i.parse::<usize>().ok()) {
            choose(&st, i);
        }
    }));
    let (skip, after) = {
        let s = state.borrow();
        (s.ui.skip.clone(), s.ui.after_map.clone())
    };
    listeners.push(EventListener::new_with_options(&skip, "click", EventListenerOptions::enable_prevent_default(), move |e| {
        e.prevent_default();
        let _ = after.focus();
    }));
    // Escape inside open venue details closes them (focus goes back to the opener).
    let list = state.borrow().ui.list.clone();
    let st = Rc::downgrade(state);
    listeners.push(EventListener::new(&list, "keydown", move |e| {
        let Some(st) = st.upgrade() else { return };
        if e.dyn_ref::<KeyboardEvent>().is_some_and(|k| k.key() == "Escape") {
            let inside = e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| t.closest(".tl-details").ok().flatten()).is_some();
            if inside {
                close_details(&st);
                record_view(&st, true);
            }
        }
    }));
    let st = Rc::downgrade(state);
    listeners.push(EventListener::new(&locate, "click", move |_| {
        if let Some(st) = st.upgrade() {
            locate_user(&st);
        }
    }));
    state.borrow_mut().listeners = listeners;
}

/// The filter chips, the distance choice, the consent button and "copy the link to this search".
fn wire_filters(state: &Shared) {
    let (chips, radius, consent, share_results) = {
        let s = state.borrow();
        let consent = s.ui.consent_box.query_selector("button").ok().flatten();
        (s.ui.chips.clone(), s.ui.radius.clone(), consent, s.ui.share_results.clone())
    };
    let mut listeners = Vec::new();
    for (key, chip) in chips {
        let st = Rc::downgrade(state);
        let b = chip.clone();
        listeners.push(EventListener::new(&chip, "click", move |_| {
            let Some(st) = st.upgrade() else { return };
            let on = b.get_attribute("aria-pressed").as_deref() != Some("true");
            attr(&b, "aria-pressed", if on { "true" } else { "false" });
            {
                let mut s = st.borrow_mut();
                s.chosen_kinds.retain(|k| *k != key);
                if on {
                    s.chosen_kinds.push(key);
                }
            }
            filters_changed(&st);
        }));
    }
    let st = Rc::downgrade(state);
    let select = radius.clone();
    listeners.push(EventListener::new(&radius, "change", move |_| {
        let Some(st) = st.upgrade() else { return };
        st.borrow_mut().radius_km = select.value().parse::<f64>().ok().filter(|r| r.is_finite() && *r > 0.0);
        filters_changed(&st);
    }));
    if let Some(button) = consent {
        let st = Rc::downgrade(state);
        listeners.push(EventListener::new(&button, "click", move |_| {
            let Some(me) = st.upgrade() else { return };
            // The user's choice holds for this page (every widget on it), not beyond.
            PAGE_TILE_CONSENT.with(|c| c.set(true));
            for w in live_widgets() {
                grant_tiles(&w, Rc::ptr_eq(&w, &me));
            }
        }));
    }
    let st = Rc::downgrade(state);
    listeners.push(EventListener::new(&share_results, "click", move |_| {
        if let Some(st) = st.upgrade() {
            let title = st.borrow().origin.as_ref().map(|o| o.1.clone()).unwrap_or_default();
            share_link(&st, &title);
        }
    }));
    state.borrow_mut().listeners.extend(listeners);
}

/// A chip or the distance changed: list, map dots and counts follow; the URL too (hash mode).
fn filters_changed(state: &Shared) {
    draw_overview(state, false);
    if state.borrow().origin.is_some() {
        refresh_results(state);
    } else {
        update_radius_counts(state);
    }
    record_view(state, false);
}

/// The view to keep in the URL: the search (not the user's own position), filters, venue.
fn current_view(s: &State) -> View {
    let (at, label) = match (&s.origin, s.origin_is_user) {
        (Some((p, label)), false) => (Some(*p), label.clone()),
        _ => (None, String::new()),
    };
    View {
        label,
        at,
        departement: if s.origin_is_user { None } else { s.origin_departement.clone() },
        kinds: s.chosen_kinds.iter().map(|k| (*k).to_owned()).collect(),
        radius_km: s.radius_km,
        venue: s.selected.clone().filter(|id| !id.is_empty() && details_open_in(s, id)),
    }
}

fn details_open_in(s: &State, id: &str) -> bool {
    let q = format!(".tl-result[data-id=\"{}\"] .tl-details", css_escape(id));
    s.ui.list.query_selector(&q).ok().flatten().is_some_and(|d| !d.unchecked_ref::<HtmlElement>().hidden())
}

/// With `history="hash"`, writes the current view into the page's URL hash: a new history
/// entry (Back returns to the previous view), or, with `replace`, in place (details closed).
/// The user's position is kept only in the entry's state object, which never leaves the browser.
fn record_view(state: &Shared, replace: bool) {
    let s = state.borrow();
    if s.opts.history != History::Hash || s.destroyed {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let current = location.hash().unwrap_or_default();
    let fragment = current_view(&s).to_fragment(&current);
    let entry = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&entry, &"tiersLieux".into(), &JsValue::TRUE);
    if let (true, Some((p, label))) = (s.origin_is_user, &s.origin) {
        let _ = js_sys::Reflect::set(&entry, &"userLat".into(), &p.lat.into());
        let _ = js_sys::Reflect::set(&entry, &"userLon".into(), &p.lon.into());
        let _ = js_sys::Reflect::set(&entry, &"userLabel".into(), &JsValue::from_str(label));
    }
    let same_url = current.trim_start_matches('#') == fragment;
    let Ok(history) = window.history() else { return };
    let url = if fragment.is_empty() {
        format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default())
    } else {
        format!("#{fragment}")
    };
    let _ = if replace || (same_url && !s.origin_is_user) {
        history.replace_state_with_url(&entry, "", Some(&url))
    } else {
        history.push_state_with_url(&entry, "", Some(&url))
    };
}

/// Back/Forward (and a hash typed or followed): the widget shows the view the URL holds.
fn wire_history(state: &Shared) {
    let Some(window) = web_sys::window() else { return };
    let st = Rc::downgrade(state);
    let listener = EventListener::new(&window, "popstate", move |e| {
        if let Some(st) = st.upgrade() {
            let entry = js_sys::Reflect::get(e, &"state".into()).unwrap_or(JsValue::NULL);
            let fragment = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            apply_view(&st, &View::from_fragment(&fragment), &entry);
        }
    });
    state.borrow_mut().listeners.push(listener);
}

/// At mount, with `history="hash"`: the view the page's URL holds, if any.
fn restore_from_location(state: &Shared) {
    let Some(window) = web_sys::window() else { return };
    let fragment = window.location().hash().unwrap_or_default();
    let entry = window.history().and_then(|h| h.state()).unwrap_or(JsValue::NULL);
    let view = View::from_fragment(&fragment);
    if !view.is_empty() || user_origin_of(&entry).is_some() {
        apply_view(state, &view, &entry);
    }
}

/// The user's position kept in a history entry's state ("around me"), if any.
fn user_origin_of(entry: &JsValue) -> Option<(LatLon, String)> {
    if !entry.is_object() || !js_sys::Reflect::get(entry, &"tiersLieux".into()).ok()?.is_truthy() {
        return None;
    }
    let get = |k: &str| js_sys::Reflect::get(entry, &k.into()).ok().and_then(|v| v.as_f64());
    let p = LatLon::new(get("userLat")?, get("userLon")?);
    let label = js_sys::Reflect::get(entry, &"userLabel".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    p.is_valid().then_some((p, label))
}

/// Shows `view` (from the URL) without writing it back: filters, search, selected venue.
fn apply_view(state: &Shared, view: &View, entry: &JsValue) {
    let kinds_changed;
    {
        let mut s = state.borrow_mut();
        // Only the chips this widget has (a link from another scope may name others).
        let kinds: Vec<&'static str> = s.ui.chips.iter().map(|(k, _)| *k).filter(|k| view.kinds.iter().any(|v| v == k)).collect();
        for (k, b) in &s.ui.chips {
            attr(b, "aria-pressed", if kinds.contains(k) { "true" } else { "false" });
        }
        kinds_changed = s.chosen_kinds != kinds;
        s.chosen_kinds = kinds;
        s.radius_km = view.radius_km;
        match view.radius_km {
            Some(r) if s.ui.radii.contains(&r) => s.ui.radius.set_value(&r.to_string()),
            Some(r) => {
                // A distance that is not among the choices (edited by hand): added to them.
                append(&s.ui.radius, &radius_option(r, s.opts.lang));
                s.ui.radii.push(r);
                s.ui.radius.set_value(&r.to_string());
            }
            None => s.ui.radius.set_value(""),
        }
    }
    // Back over a venue or a search keeps the dots: they follow the chips only.
    if kinds_changed {
        draw_overview(state, false);
    }
    let user = user_origin_of(entry);
    match (view.at, user) {
        (Some(at), _) => {
            let label = if view.label.is_empty() { format!("{:.4}, {:.4}", at.lat, at.lon) } else { view.label.clone() };
            state.borrow().ui.input.set_value(&label);
            show_results_from(state, at, &label, view.departement.clone(), false);
        }
        (None, Some((p, label))) => {
            state.borrow().ui.input.set_value("");
            show_results_from(state, p, &label, None, true);
        }
        (None, None) if view.venue.is_none() => clear_results(state),
        (None, None) => {}
    }
    if let Some(id) = &view.venue {
        select_venue(state, id, true, false);
    }
}

/// Whether "share" opens the phone's share sheet (Web Share API on a touch-first device) rather
/// than copying the link.
fn share_sheet_available() -> bool {
    let Some(w) = web_sys::window() else { return false };
    let has_share = js_sys::Reflect::has(&w.navigator(), &"share".into()).unwrap_or(false);
    has_share && w.match_media("(pointer: coarse)").ok().flatten().is_some_and(|m| m.matches())
}

/// Shares the page's current URL (which holds the view): the phone's share sheet, or the
/// clipboard; when neither works, the link is shown to be copied by hand.
fn share_link(state: &Shared, title: &str) {
    let Some(window) = web_sys::window() else { return };
    let url = window.location().href().unwrap_or_default();
    let navigator = window.navigator();
    let st = state.clone();
    let fallback_url = url.clone();
    let on_done = move |ok: bool| {
        let t = i18n::strings(st.borrow().opts.lang);
        if ok {
            set_status(&st, t.link_copied);
        } else {
            add_notice(&st, t.link_copy_failed, std::slice::from_ref(&fallback_url));
        }
    };
    if share_sheet_available() {
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"title".into(), &JsValue::from_str(title));
        let _ = js_sys::Reflect::set(&data, &"url".into(), &JsValue::from_str(&url));
        if let Ok(f) = js_sys::Reflect::get(&navigator, &"share".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
            if let Ok(p) = f.call1(&navigator, &data).and_then(|p| p.dyn_into::<js_sys::Promise>()) {
                // A share sheet closed by the user is not an error; nothing to say then.
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
                });
                return;
            }
        }
    }
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok().filter(|c| c.is_object());
    let write = clipboard.as_ref().and_then(|c| js_sys::Reflect::get(c, &"writeText".into()).ok()).and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match (clipboard, write) {
        (Some(c), Some(f)) => match f.call1(&c, &JsValue::from_str(&url)).and_then(|p| p.dyn_into::<js_sys::Promise>()) {
            Ok(p) => wasm_bindgen_futures::spawn_local(async move {
                let ok = wasm_bindgen_futures::JsFuture::from(p).await.is_ok();
                on_done(ok);
            }),
            Err(_) => on_done(false),
        },
        _ => on_done(false),
    }
}

fn on_input(state: &Shared) {
    let (query, seq, base) = {
        let mut s = state.borrow_mut();
        s.query_seq = s.query_seq.wrapping_add(1);
        s.pending_enter = false;
        (s.ui.input.value(), s.query_seq, s.assets.communes.clone())
    };
    if query.trim().is_empty() {
        close_suggestions(state);
        return;
    }
    let st = state.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let gaz = match data::gazetteer_now() {
            Some(g) => Some(g),
            None => {
                set_status(&st, i18n::strings(st.borrow().opts.lang).loading);
                match data::gazetteer(&base).await {
                    Ok(g) => Some(g),
                    Err(e) => {
                        let first = !std::mem::replace(&mut st.borrow_mut().gazetteer_error_shown, true);
                        if first {
                            let msg = i18n::strings(st.borrow().opts.lang).gazetteer_failed;
                            show_error(&st, "gazetteer-load", msg, &e);
                        }
                        None
                    }
                }
            }
        };
        // A later keystroke supersedes this one.
        if st.borrow().query_seq != seq || st.borrow().destroyed {
            return;
        }
        let suggestions = {
            let s = st.borrow();
            s.finder.search(gaz.as_deref(), &query, SUGGESTION_LIMIT, s.opts.lang)
        };
        let enter = std::mem::take(&mut st.borrow_mut().pending_enter);
        show_suggestions(&st, &query, suggestions);
        if enter && !st.borrow().suggestions.is_empty() {
            choose(&st, 0);
        }
    });
}

/// Shows `suggestions` for `query` and fires `tierslieux:search`, in one call into JS (no
/// borrow held: the page's listeners may call the finder).
fn show_suggestions(state: &Shared, query: &str, suggestions: Vec<Suggestion>) {
    let (handles, packed, coords, status_text) = {
        let mut s = state.borrow_mut();
        let lang = s.opts.lang;
        let mut packed = String::with_capacity(64 * suggestions.len());
        let mut coords = Vec::with_capacity(2 * suggestions.len());
        for sug in &suggestions {
            pack_field(&mut packed, sug.kind.as_str());
            pack_field(&mut packed, &sug.label);
            pack_field(&mut packed, &sug.code);
            pack_field(&mut packed, kind_word(sug.kind, lang));
            packed.push(RECORD);
            let (lat, lon) = sug.position.map_or((f64::NAN, f64::NAN), |p| (p.lat, p.lon));
            coords.extend([lat, lon]);
        }
        let status_text = i18n::suggestions_count(suggestions.len(), lang);
        s.suggestions = suggestions;
        s.active = None;
        let handles = (s.host.clone(), s.ui.listbox.clone(), s.ui.input.clone(), s.ui.status.clone());
        (handles, packed, coords, status_text)
    };
    let (host, listbox, input, status) = handles;
    tl_show_suggestions(&host, &listbox, &input, &status, &packed, &coords, &status_text, query);
}

/// What a suggestion is, in words, after its label.
fn kind_word(kind: SuggestionKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (SuggestionKind::Commune, Lang::Fr) => "commune",
        (SuggestionKind::Commune, Lang::En) => "town",
        (SuggestionKind::Postcode, Lang::Fr) => "code postal",
        (SuggestionKind::Postcode, Lang::En) => "postcode",
        (SuggestionKind::Departement, _) => "département",
        (SuggestionKind::Venue, Lang::Fr) => "lieu",
        (SuggestionKind::Venue, Lang::En) => "place",
    }
}

fn close_suggestions(state: &Shared) {
    let Ok(mut s) = state.try_borrow_mut() else { return };
    if s.destroyed {
        return;
    }
    s.ui.listbox.set_hidden(true);
    attr(&s.ui.input, "aria-expanded", "false");
    let _ = s.ui.input.remove_attribute("aria-activedescendant");
    s.active = None;
}

fn set_active(state: &Shared, i: Option<usize>) {
    let mut s = state.borrow_mut();
    let items = s.ui.listbox.children();
    for k in 0..items.length() {
        if let Some(item) = items.item(k) {
            attr(&item, "aria-selected", if Some(k as usize) == i { "true" } else { "false" });
        }
    }
    match i {
        Some(i) => {
            attr(&s.ui.input, "aria-activedescendant", &format!("tl-opt-{i}"));
            if let Some(item) = items.item(i as u32) {
                item.scroll_into_view_with_bool(false);
            }
        }
        None => {
            let _ = s.ui.input.remove_attribute("aria-activedescendant");
        }
    }
    s.active = i;
}

fn on_keydown(state: &Shared, e: &KeyboardEvent) {
    let (open, n, active) = {
        let s = state.borrow();
        (!s.ui.listbox.hidden(), s.suggestions.len(), s.active)
    };
    match e.key().as_str() {
        "ArrowDown" if n > 0 => {
            e.prevent_default();
            if !open {
                let s = state.borrow();
                s.ui.listbox.set_hidden(false);
                attr(&s.ui.input, "aria-expanded", "true");
            }
            set_active(state, Some(active.map_or(0, |a| (a + 1) % n)));
        }
        "ArrowUp" if n > 0 && open => {
            e.prevent_default();
            set_active(state, Some(active.map_or(n - 1, |a| (a + n - 1) % n)));
        }
        "Enter" => {
            e.prevent_default();
            if open && n > 0 {
                choose(state, active.unwrap_or(0));
            } else {
                let mut s = state.borrow_mut();
                s.pending_enter = !s.ui.input.value().trim().is_empty();
            }
        }
        "Escape" => {
            if open {
                e.prevent_default();
                close_suggestions(state);
            } else {
                state.borrow().ui.input.set_value("");
            }
        }
        _ => {}
    }
}

fn choose(state: &Shared, i: usize) {
    let Some(sug) = state.borrow().suggestions.get(i).cloned() else { return };
    {
        let s = state.borrow();
        s.ui.input.set_value(&sug.label);
    }
    close_suggestions(state);
    let lang = state.borrow().opts.lang;
    let Some(pos) = sug.position else {
        show_notice(state, i18n::strings(lang).no_position_commune);
        return;
    };
    match sug.kind {
        SuggestionKind::Venue => select_venue(state, &sug.code, true, false),
        SuggestionKind::Departement => show_results_from(state, pos, &sug.label, Some(sug.code.clone()), false),
        _ => show_results_from(state, pos, &sug.label, None, false),
    }
    record_view(state, false);
}

/// Runs nearest from `origin` (optionally within one département) and shows the results.
/// `is_user`: the origin is the user's position.
fn show_results_from(state: &Shared, origin: LatLon, label: &str, departement: Option<String>, is_user: bool) {
    {
        let mut s = state.borrow_mut();
        s.origin = Some((origin, label.to_owned()));
        s.origin_departement = departement;
        s.origin_is_user = is_user;
        s.selected = None;
        s.ui.alert.set_text_content(None);
    }
    refresh_results(state);
}

/// Runs the search again from the current origin with the current filters (chips, distance),
/// and shows it in the list and on the map, with the distance choices' counts.
fn refresh_results(state: &Shared) {
    let Some((origin, label)) = state.borrow().origin.clone() else {
        update_radius_counts(state);
        return;
    };
    let results = {
        let s = state.borrow();
        let k = if s.radius_km.is_some() { MAX_WITHIN_RADIUS.max(s.opts.max_results) } else { s.opts.max_results };
        s.finder.nearest_where(origin, k, s.radius_km, chosen_filter(&s), s.origin_departement.as_deref()).unwrap_or_default()
    };
    {
        let mut s = state.borrow_mut();
        s.selected = None;
        s.results = results;
    }
    render_results(state);
    update_radius_counts(state);
    let (host, detail) = {
        let s = state.borrow();
        let t = s.finder.table();
        let list: Vec<JsVenue> = s.results.iter().map(|n| js_venue(&t.get(n.id as usize), Some(n.distance_km))).collect();
        let d = js_sys::Object::new();
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&o, &"lat".into(), &origin.lat.into());
        let _ = js_sys::Reflect::set(&o, &"lon".into(), &origin.lon.into());
        let _ = js_sys::Reflect::set(&o, &"label".into(), &JsValue::from_str(&label));
        let _ = js_sys::Reflect::set(&d, &"origin".into(), &o);
        let _ = js_sys::Reflect::set(&d, &"results".into(), &to_js(&list));
        (s.host.clone(), d)
    };
    dispatch(&host, "results", &detail);
}

/// The distance choices say how many venues each holds around the origin (with the chips'
/// filter); without an origin, just the distances.
fn update_radius_counts(state: &Shared) {
    let s = state.borrow();
    let counts = s.origin.as_ref().map(|(o, _)| s.finder.count_within(*o, &s.ui.radii, chosen_filter(&s), s.origin_departement.as_deref()));
    let options = s.ui.radius.options();
    // Option 0 is "any distance"; then one per radius.
    for (k, r) in s.ui.radii.iter().enumerate() {
        if let Some(o) = options.item(k as u32 + 1) {
            o.set_text_content(Some(&i18n::radius_choice(*r, counts.as_ref().map(|c| c[k]), s.opts.lang)));
        }
    }
}

/// No search any more (Back to the first view): the start hint, no results, no markers.
fn clear_results(state: &Shared) {
    {
        let mut s = state.borrow_mut();
        s.origin = None;
        s.origin_departement = None;
        s.origin_is_user = false;
        s.selected = None;
        s.results.clear();
        s.ui.input.set_value("");
    }
    render_results(state);
    {
        let s = state.borrow();
        let t = i18n::strings(s.opts.lang);
        s.ui.hint.set_text_content(Some(t.start_hint));
        s.ui.hint.set_hidden(false);
        s.ui.status.set_text_content(None);
    }
    update_radius_counts(state);
}

fn venue_types_line(v: &VenueRef, lang: Lang) -> String {
    keys_of(v.types, TYPES)
        .chain(keys_of(v.labels, LABELS))
        .map(|t| match lang {
            Lang::Fr => t.label_fr,
            Lang::En => t.label_en,
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A venue's summary as DOM (text nodes only): distance, commune, types and labels, address.
fn venue_summary(v: &VenueRef, distance_km: Option<f64>, lang: Lang, t: &Strings, parent: &HtmlElement) {
    if let Some(d) = distance_km {
        let p = el("p", "tl-distance");
        append(&p, &el_text("strong", "", &i18n::distance(d, lang)));
        append(&p, &el_text("span", "", &format!(" {}", t.as_the_crow_flies)));
        append(parent, &p);
    }
    let mut place = v.commune.to_owned();
    if !v.departement.is_empty() && !place.is_empty() {
        place.push_str(&format!(" ({})", v.departement));
    }
    if !place.is_empty() {
        append(parent, &el_text("p", "tl-commune", &place));
    }
    append(parent, &el_text("p", "tl-types", &venue_types_line(v, lang)));
    if !v.address.is_empty() {
        let town = [v.postcode, v.commune].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
        let address = if town.is_empty() { v.address.to_owned() } else { format!("{}, {town}", v.address) };
        append(parent, &el_text("p", "tl-address", &address));
    }
}

/// " : " in French, ": " in English.
fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => " : ",
        Lang::En => ": ",
    }
}

/// What a venue's details need besides the venue.
struct DetailsContext<'a> {
    t: &'static Strings,
    lang: Lang,
    /// The partner's `report-url`, absolute.
    report_url: Option<&'a str>,
    /// "Source : …" (the national base or the partner's site).
    source_line: &'a str,
    /// The page's URL, named in a "report an error" e-mail.
    page_url: String,
}

/// A link opening in a new window, its accessible name saying so.
fn new_window_link(href: &str, class: &str, text: &str, accessible: &str) -> HtmlElement {
    let a = el("a", class);
    attr(&a, "href", href);
    attr(&a, "target", "_blank");
    attr(&a, "rel", "noopener noreferrer");
    append(&a, &el_text("span", "", text));
    append(&a, &el_text("span", "tl-sr", accessible));
    a
}

/// The rest of a venue's details: position note, label programmes, website and social links,
/// "Y aller", "report an error", and where the data comes from and when.
fn venue_more(v: &VenueRef, c: &DetailsContext, parent: &HtmlElement) {
    let t = c.t;
    if v.flags & FLAG_COMMUNE_LEVEL != 0 {
        append(parent, &el_text("p", "tl-note", t.commune_level));
    }
    if !v.label_names.is_empty() {
        append(parent, &el_text("p", "tl-label-names", v.label_names));
    }
    if !v.website.is_empty() {
        match safe_href(v.website) {
            Some(href) => {
                let p = el("p", "tl-website");
                append(&p, &new_window_link(href, "tl-link", t.website, &format!(" {} {}", v.name, t.opens_new_window)));
                append(parent, &p);
            }
            None => append(parent, &el_text("p", "tl-link-text", v.website)),
        }
    }
    let social: Vec<String> = [v.twitter, v.facebook].iter().flat_map(|raw| links::social_links(raw)).collect();
    if !social.is_empty() {
        let p = el("p", "tl-social");
        append(&p, &el_text("span", "", &format!("{}{}", t.social, colon(c.lang))));
        for (k, url) in social.iter().enumerate() {
            if k > 0 {
                append(&p, &el_text("span", "", " · "));
            }
            append(&p, &new_window_link(url, "tl-link", links::display_url(url), &format!(" {}", t.opens_new_window)));
        }
        append(parent, &p);
    }
    // Y aller: the phone's map app, OpenStreetMap, Géoportail (numbers only in the links).
    let d = links::directions(v.position, v.name);
    let go = el("p", "tl-go");
    append(&go, &el_text("span", "tl-go-label", &format!("{}{}", t.go_there, colon(c.lang))));
    let geo = el("a", "tl-link tl-go-geo");
    attr(&geo, "href", &d.geo);
    append(&geo, &el_text("span", "", t.maps_app));
    append(&geo, &el_text("span", "tl-sr", &format!(" ({})", i18n::go_there_with(v.name, t.maps_app, false, c.lang))));
    append(&go, &geo);
    append(&go, &el_text("span", "", " · "));
    append(&go, &new_window_link(&d.osm, "tl-link tl-go-osm", t.osm_directions, &format!(" ({})", i18n::go_there_with(v.name, "OpenStreetMap", true, c.lang))));
    append(&go, &el_text("span", "", " · "));
    append(&go, &new_window_link(&d.geoportail, "tl-link tl-go-geoportail", t.geoportail, &format!(" ({})", i18n::go_there_with(v.name, "Géoportail", true, c.lang))));
    append(parent, &go);
    if let Some(report) = c.report_url {
        if let Some(href) = links::report_href(report, v.id, v.name, &c.page_url) {
            let p = el("p", "tl-report");
            let a = el("a", "tl-link tl-report-link");
            attr(&a, "href", &href);
            if !href.starts_with("mailto:") {
                attr(&a, "target", "_blank");
                attr(&a, "rel", "noopener");
                append(&a, &el_text("span", "", t.report_error));
                append(&a, &el_text("span", "tl-sr", &format!(" ({}) {}", v.name, t.opens_new_window)));
            } else {
                append(&a, &el_text("span", "", t.report_error));
                append(&a, &el_text("span", "tl-sr", &format!(" ({})", v.name)));
            }
            append(&p, &a);
            append(parent, &p);
        }
    }
    append(parent, &el_text("p", "tl-source", c.source_line));
    if v.labels != 0 && c.source_line == t.source {
        append(parent, &el_text("p", "tl-source", t.label_source));
    }
}

fn render_results(state: &Shared) {
    let weak = Rc::downgrade(state);
    let mut guard = state.borrow_mut();
    let s = &mut *guard;
    let lang = s.opts.lang;
    let t = i18n::strings(lang);
    let table = s.finder.table();
    let page_url = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let ctx = DetailsContext { t, lang, report_url: s.report_url.as_deref(), source_line: &s.source_line, page_url };
    let sharing = s.opts.history == History::Hash;
    clear(&s.ui.list);
    s.result_listeners.clear();
    s.ui.hint.set_hidden(true);
    s.ui.share_results.set_hidden(!(sharing && s.origin.is_some() && !s.results.is_empty()));
    for (i, n) in s.results.iter().enumerate() {
        let v = table.get(n.id as usize);
        let li = el("li", "tl-result");
        attr(&li, "id", &format!("tl-r-{}", n.id));
        attr(&li, "data-id", v.id);
        let h = el("h3", "tl-result-title");
        let b = el("button", "tl-name");
        attr(&b, "type", "button");
        attr(&b, "data-id", v.id);
        attr(&b, "aria-expanded", "false");
        attr(&b, "aria-controls", &format!("tl-d-{}", n.id));
        append(&b, &el_text("span", "tl-num", &format!("{}. ", i + 1)));
        append(&b, &el_text("span", "", v.name));
        append(&h, &b);
        append(&li, &h);
        venue_summary(&v, Some(n.distance_km), lang, t, &li);
        // On paper the details stay closed: the website is printed under the address.
        if !v.website.is_empty() {
            append(&li, &el_text("p", "tl-print-only", &format!("{} {}", t.website_label, v.website)));
        }
        let details = el("div", "tl-details");
        attr(&details, "id", &format!("tl-d-{}", n.id));
        attr(&details, "role", "group");
        attr(&details, "tabindex", "-1");
        attr(&details, "aria-label", &format!("{} : {}", t.details_of, v.name));
        details.set_hidden(true);
        venue_more(&v, &ctx, &details);
        let actions = el("p", "tl-actions");
        if sharing {
            let share = el_text("button", "tl-share tl-share-venue", if share_sheet_available() { t.share } else { t.copy_link });
            attr(&share, "type", "button");
            append(&share, &el_text("span", "tl-sr", &format!(" ({})", v.name)));
            append(&actions, &share);
            let (weak_share, title) = (weak.clone(), v.name.to_owned());
            s.result_listeners.push(EventListener::new(&share, "click", move |_| {
                if let Some(st) = weak_share.upgrade() {
                    share_link(&st, &title);
                }
            }));
        }
        let close = el_text("button", "tl-close", t.close_details);
        attr(&close, "type", "button");
        append(&actions, &close);
        append(&details, &actions);
        append(&li, &details);
        append(&s.ui.list, &li);
        let id = v.id.to_owned();
        let weak_open = weak.clone();
        s.result_listeners.push(EventListener::new(&b, "click", move |_| {
            if let Some(st) = weak_open.upgrade() {
                let open = st.borrow().selected.as_deref() == Some(id.as_str()) && details_open(&st, &id);
                if open {
                    close_details(&st);
                    record_view(&st, true);
                } else {
                    select_venue(&st, &id, false, true);
                    record_view(&st, false);
                }
            }
        }));
        let weak_close = weak.clone();
        s.result_listeners.push(EventListener::new(&close, "click", move |_| {
            if let Some(st) = weak_close.upgrade() {
                close_details(&st);
                record_view(&st, true);
            }
        }));
    }
    let origin_label = s.origin.as_ref().map(|o| o.1.clone()).unwrap_or_default();
    s.ui.status.set_text_content(Some(&i18n::results_count(s.results.len(), &origin_label, lang)));
    if s.results.is_empty() {
        s.ui.hint.set_text_content(Some(t.no_result));
        s.ui.hint.set_hidden(false);
    }
    let markers: Vec<(String, String, LatLon)> = s.results.iter().map(|n| (table.id(n.id as usize).to_owned(), table.name(n.id as usize).to_owned(), table.position(n.id as usize))).collect();
    let popups: Vec<HtmlElement> = s
        .results
        .iter()
        .map(|n| {
            let v = table.get(n.id as usize);
            let div = el("div", "tl-popup");
            append(&div, &el_text("p", "tl-popup-title", v.name));
            venue_summary(&v, Some(n.distance_km), lang, t, &div);
            venue_more(&v, &ctx, &div);
            div
        })
        .collect();
    let (origin, radius) = (s.origin.clone(), s.radius_km);
    if let Some(m) = &mut s.map {
        let weak2 = weak.clone();
        m.show_results(origin, radius, &markers, |i| popups[i].clone(), move |id| {
            if let Some(st) = weak2.upgrade() {
                select_venue(&st, &id, true, true);
                record_view(&st, false);
            }
        });
    }
}

fn details_open(state: &Shared, id: &str) -> bool {
    details_open_in(&state.borrow(), id)
}

/// An id as a CSS string (ids are ours or a partner's: quote and escape them).
fn css_escape(s: &str) -> String {
    s.chars().flat_map(|c| if c == '"' || c == '\\' { vec!['\\', c] } else { vec![c] }).collect()
}

/// Closes the open venue details and gives focus back to what opened them.
fn close_details(state: &Shared) {
    let (opener, fallback) = {
        let mut s = state.borrow_mut();
        let mut fallback = None;
        if let Ok(list) = s.ui.list.query_selector_all(".tl-details:not([hidden])") {
            for k in 0..list.length() {
                if let Some(d) = list.item(k).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
                    d.set_hidden(true);
                    if let Some(li) = d.parent_element() {
                        if let Ok(Some(b)) = li.query_selector(".tl-name") {
                            attr(&b, "aria-expanded", "false");
                            fallback = b.dyn_into::<HtmlElement>().ok();
                        }
                    }
                }
            }
        }
        (s.opener.take(), fallback)
    };
    let target = opener.filter(|o| o.is_connected()).or(fallback);
    if let Some(t) = target {
        let _ = t.focus();
    }
}

/// Selects venue `id`: highlight in list and map, popup, details open, event. When it is not
/// among the results, shows the venues around it first. `scroll`: bring its list entry into
/// view; `move_focus`: a user opened it, so focus goes to its details (and comes back on close).
fn select_venue(state: &Shared, id: &str, scroll: bool, move_focus: bool) {
    let opener: Option<HtmlElement> = if move_focus {
        let s = state.borrow();
        js_sys::Reflect::get(&s.shadow, &"activeElement".into()).ok().and_then(|e| e.dyn_into::<HtmlElement>().ok())
    } else {
        None
    };
    let (in_results, found) = {
        let s = state.borrow();
        let t = s.finder.table();
        let found = t.find_id(id).filter(|i| s.finder.in_scope().binary_search(&(*i as u32)).is_ok());
        (found.is_some_and(|i| s.results.iter().any(|n| n.id as usize == i)), found)
    };
    let Some(index) = found else {
        warn(&format!("select(): no venue with id {id:?} in this widget's scope"));
        return;
    };
    if !in_results {
        let (pos, name) = {
            let s = state.borrow();
            (s.finder.table().position(index), s.finder.table().name(index).to_owned())
        };
        show_results_from(state, pos, &name, None, false);
    }
    let (host, detail) = {
        let mut s = state.borrow_mut();
        s.selected = Some(id.to_owned());
        if move_focus {
            s.opener = opener;
        }
        let mut focus_target: Option<HtmlElement> = None;
        let items = s.ui.list.children();
        for k in 0..items.length() {
            if let Some(item) = items.item(k) {
                let on = item.get_attribute("data-id").as_deref() == Some(id);
                let _ = item.class_list().toggle_with_force("tl-selected", on);
                if let (Ok(Some(d)), Ok(Some(b))) = (item.query_selector(".tl-details"), item.query_selector(".tl-name")) {
                    let d: HtmlElement = d.unchecked_into();
                    d.set_hidden(!on);
                    attr(&b, "aria-expanded", if on { "true" } else { "false" });
                    if on {
                        focus_target = Some(d);
                    }
                }
                if on {
                    attr(&item, "aria-current", "true");
                    if scroll {
                        let o = web_sys::ScrollIntoViewOptions::new();
                        o.set_block(web_sys::ScrollLogicalPosition::Nearest);
                        item.scroll_into_view_with_scroll_into_view_options(&o);
                    }
                } else {
                    let _ = item.remove_attribute("aria-current");
                }
            }
        }
        if let Some(m) = &s.map {
            m.select(id);
        }
        if move_focus {
            if let Some(d) = &focus_target {
                let _ = d.focus();
            }
        }
        let t = s.finder.table();
        let distance = s.results.iter().find(|n| n.id as usize == index).map(|n| n.distance_km);
        let d = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&d, &"venue".into(), &to_js(&js_venue(&t.get(index), distance)));
        (s.host.clone(), d)
    };
    dispatch(&host, "select", &detail);
}

fn set_status(state: &Shared, text: &str) {
    state.borrow().ui.status.set_text_content(Some(text));
}

fn show_notice(state: &Shared, text: &str) {
    let s = state.borrow();
    s.ui.alert.set_text_content(Some(text));
}

/// A message the user must see (role=alert), plus `tierslieux:error` and a console line.
fn show_error(state: &Shared, code: &str, user_message: &str, detail: &str) {
    let host = {
        let s = state.borrow();
        s.ui.alert.set_text_content(Some(user_message));
        s.host.clone()
    };
    warn(&format!("{code}: {detail}"));
    dispatch(&host, "error", &error_detail(code, &format!("{user_message} ({detail})")));
}

fn locate_user(state: &Shared) {
    let lang = state.borrow().opts.lang;
    let t = i18n::strings(lang);
    let window = web_sys::window().expect("window");
    if !window.is_secure_context() {
        show_error(state, "geolocation-insecure", t.geo_insecure, "the page is not served over https");
        return;
    }
    if geolocation_allowed_by_frame() == Some(false) {
        warn(self_check_geolocation_frame(lang));
        show_error(state, "geolocation-denied", t.geo_blocked_by_page, "geolocation is not allowed in this frame (Permissions-Policy)");
        return;
    }
    let Ok(geo) = window.navigator().geolocation() else {
        show_error(state, "geolocation-unsupported", t.geo_unsupported, "navigator.geolocation is missing");
        return;
    };
    set_status(state, t.locating);
    let ok_state = Rc::downgrade(state);
    let ok = Closure::once_into_js(move |pos: web_sys::Position| {
        if let Some(st) = ok_state.upgrade() {
            let c = pos.coords();
            let here = LatLon::new(c.latitude(), c.longitude());
            show_results_from(&st, here, i18n::strings(lang).your_position, None, true);
            record_view(&st, false);
        }
    });
    let err_state = Rc::downgrade(state);
    let err = Closure::once_into_js(move |e: web_sys::PositionError| {
        if let Some(st) = err_state.upgrade() {
            let (code, msg) = match e.code() {
                1 => ("geolocation-denied", t.geo_denied),
                3 => ("geolocation-timeout", t.geo_timeout),
                _ => ("geolocation-unavailable", t.geo_unavailable),
            };
            set_status(&st, "");
            show_error(&st, code, msg, &e.message());
        }
    });
    let opts = web_sys::PositionOptions::new();
    opts.set_timeout(10_000);
    opts.set_maximum_age(60_000);
    opts.set_enable_high_accuracy(false);
    let _ = geo.get_current_position_with_error_callback_and_options(ok.unchecked_ref(), Some(err.unchecked_ref()), &opts);
}

fn parse_point(v: &JsValue) -> Option<LatLon> {
    let get = |k: &str| js_sys::Reflect::get(v, &k.into()).ok().and_then(|x| x.as_f64());
    let p = LatLon::new(get("lat")?, get("lon").or_else(|| get("lng"))?);
    p.is_valid().then_some(p)
}

#[wasm_bindgen]
impl Finder {
    /// Type-ahead suggestions for `text`, best first (waits for the gazetteer on first use).
    pub fn search(&self, text: String) -> js_sys::Promise {
        let st = self.state.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let url = st.borrow().assets.communes.clone();
            let gaz = data::gazetteer(&url).await.ok();
            let s = st.borrow();
            let list = s.finder.search(gaz.as_deref(), &text, SUGGESTION_LIMIT, s.opts.lang);
            Ok(suggestions_js(&list))
        })
    }

    /// The venues nearest to `point` ({lat, lon}); `options`: {k, radiusKm, types}.
    pub fn nearest(&self, point: JsValue, options: JsValue) -> js_sys::Promise {
        let st = self.state.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let origin = parse_point(&point).ok_or_else(|| js_sys::Error::new("[tiers-lieux] nearest(): expected {lat, lon} in degrees"))?;
            let get = |k: &str| js_sys::Reflect::get(&options, &k.into()).ok().filter(|v| !v.is_undefined() && !v.is_null());
            let s = st.borrow();
            let k = get("k").and_then(|v| v.as_f64()).map(|k| k.clamp(1.0, 500.0) as usize).unwrap_or(s.opts.max_results);
            let radius = get("radiusKm").and_then(|v| v.as_f64()).filter(|r| *r > 0.0).or(s.opts.radius_km);
            let keys: Vec<String> = match get("types") {
                Some(v) if js_sys::Array::is_array(&v) => js_sys::Array::from(&v).iter().filter_map(|x| x.as_string()).collect(),
                Some(v) => v.as_string().map(|s| s.split(',').map(str::to_owned).collect()).unwrap_or_default(),
                None => vec![],
            };
            let (filter, unknown) = VenueFilter::from_keys(keys.iter().map(String::as_str));
            if !unknown.is_empty() {
                return Err(js_sys::Error::new(&format!("[tiers-lieux] nearest(): unknown type {}", unknown.join(", "))).into());
            }
            let found = s.finder.nearest(origin, k, radius, filter).map_err(|e| js_sys::Error::new(&format!("[tiers-lieux] {e}")))?;
            let t = s.finder.table();
            let list: Vec<JsVenue> = found.iter().map(|n| js_venue(&t.get(n.id as usize), Some(n.distance_km))).collect();
            Ok(to_js(&list))
        })
    }

    /// Every venue in scope.
    pub fn venues(&self) -> js_sys::Promise {
        let s = self.state.borrow();
        let t = s.finder.table();
        let list: Vec<JsVenue> = s.finder.in_scope().iter().map(|&i| js_venue(&t.get(i as usize), None)).collect();
        js_sys::Promise::resolve(&to_js(&list))
    }

    /// Selects a venue by id, as a click on it would.
    pub fn select(&self, id: String) {
        select_venue(&self.state, &id, true, false);
        record_view(&self.state, false);
    }

    /// Asks the browser for the user's position and shows the venues around it.
    pub fn locate(&self) {
        locate_user(&self.state);
    }

    /// The page's consent manager allows tiles (`true`) or withdraws them (`false`), for every
    /// widget of the page: tiles come (or go, with the offline map and the consent button back).
    pub fn consent(&self, granted: bool) {
        PAGE_TILE_CONSENT.with(|c| c.set(granted));
        for w in live_widgets() {
            if granted {
                grant_tiles(&w, false);
            } else {
                withdraw_tiles(&w);
            }
        }
    }

    /// Removes the widget: listeners, observers, map, and its DOM.
    pub fn destroy(&self) {
        let mut s = self.state.borrow_mut();
        if s.destroyed {
            return;
        }
        s.destroyed = true;
        s.listeners.clear();
        s.notice_listeners.clear();
        s.result_listeners.clear();
        if let Some((ro, _)) = s.resize.take() {
            ro.disconnect();
        }
        if let Some(m) = s.map.take() {
            m.destroy();
        }
        clear_keeping_styles(&s.shadow);
    }

    /// Fires `tierslieux:ready` (the JS entry calls it once `element.finder` is set, so a
    /// listener can use it), then shows the view of the page's URL (`history="hash"`).
    #[wasm_bindgen(js_name = _announceReady)]
    pub fn announce_ready(&self) {
        let (host, count) = {
            let s = self.state.borrow();
            (s.host.clone(), s.finder.in_scope().len())
        };
        let detail = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&detail, &"venues".into(), &JsValue::from(count as u32));
        dispatch(&host, "ready", &detail);
        // Then, with history="hash", the view the page's URL holds (a shared link, a reload).
        if self.state.borrow().opts.history == History::Hash {
            restore_from_location(&self.state);
        }
    }

    /// Number of venues in this widget's scope.
    #[wasm_bindgen(getter, js_name = venueCount)]
    pub fn venue_count(&self) -> u32 {
        self.state.borrow().finder.in_scope().len() as u32
    }
}
