//! The Rust↔DOM boundary in headless Chromium (wasm-bindgen-test): mounting builds the widget in
//! an open shadow root with an ARIA combobox, the JS API answers with the contract's shapes from
//! the real embedded data, events reach the host, venue text stays text, destroy cleans up.
//! Leaflet is provided as the global `L` by the test harness below (in the product, the bundle
//! injects its own).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function install_leaflet(src) {
  if (globalThis.L && globalThis.L.Map) return Promise.resolve();
  return new Promise((ok, ko) => { const s = document.createElement('script'); s.textContent = src; document.head.append(s); ok(); });
}
"#)]
extern "C" {
    fn install_leaflet(src: &str) -> js_sys::Promise;
}

/// The venues' details as the build wrote them beside the embedded table.
static VENUE_DETAILS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/venues-details.bin"));

/// The entry's asset URLs: the venues' details as a blob URL of the built file (the test server
/// serves only the test itself); the gazetteer and outlines point nowhere (never needed here).
fn no_assets() -> wasm_bindgen::JsValue {
    let o = Object::new();
    Reflect::set(&o, &"communes".into(), &"/no-assets-in-this-test/communes.bin".into()).unwrap();
    Reflect::set(&o, &"outlines".into(), &"/no-assets-in-this-test/outlines.geojson".into()).unwrap();
    let parts = Array::of1(&js_sys::Uint8Array::from(VENUE_DETAILS));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap();
    Reflect::set(&o, &"details".into(), &web_sys::Url::create_object_url_with_blob(&blob).unwrap().into()).unwrap();
    o.into()
}

async fn setup() -> (HtmlElement, tiers_lieux::web::Finder, ShadowRoot) {
    JsFuture::from(install_leaflet(include_str!("../node_modules/leaflet/dist/leaflet-src.js"))).await.unwrap();
    let doc = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    host.style().set_property("width", "800px").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let opts = Object::new();
    Reflect::set(&opts, &"tiles".into(), &"none".into()).unwrap();
    Reflect::set(&opts, &"maxResults".into(), &"5".into()).unwrap();
    let finder = tiers_lieux::web::mount_widget(host.clone(), opts, no_assets()).await.unwrap();
    let shadow = host.shadow_root().expect("an open shadow root");
    (host, finder, shadow)
}

fn q(root: &ShadowRoot, sel: &str) -> web_sys::Element {
    root.query_selector(sel).unwrap().unwrap_or_else(|| panic!("no {sel}"))
}

#[wasm_bindgen_test]
async fn mount_builds_an_accessible_widget_in_an_open_shadow_root() {
    let (host, finder, shadow) = setup().await;
    let input = q(&shadow, "input.tl-input");
    assert_eq!(input.get_attribute("role").as_deref(), Some("combobox"));
    assert_eq!(input.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(input.get_attribute("aria-controls").as_deref(), Some("tl-suggestions"));
    assert_eq!(q(&shadow, "#tl-suggestions").get_attribute("role").as_deref(), Some("listbox"));
    assert_eq!(q(&shadow, "label").get_attribute("for").as_deref(), Some("tl-q"));
    assert_eq!(q(&shadow, ".tl-root").get_attribute("lang").as_deref(), Some("fr"));
    assert_eq!(q(&shadow, ".tl-map").get_attribute("role").as_deref(), Some("region"));
    assert!(q(&shadow, ".tl-attribution").text_content().unwrap().contains("Licence Ouverte"));
    assert!(finder.venue_count() > 1900);
    finder.destroy();
    assert!(shadow.query_selector(".tl-root").unwrap().is_none(), "destroy removes the widget");
    host.remove();
}

#[wasm_bindgen_test]
async fn nearest_and_venues_answer_in_the_contract_shape() {
    let (host, finder, _shadow) = setup().await;
    let point = Object::new();
    Reflect::set(&point, &"lat".into(), &48.11198.into()).unwrap();
    Reflect::set(&point, &"lon".into(), &(-1.68029).into()).unwrap();
    let opts = Object::new();
    Reflect::set(&opts, &"k".into(), &3.into()).unwrap();
    Reflect::set(&opts, &"types".into(), &Array::of1(&"fablab".into())).unwrap();
    let results: Array = JsFuture::from(finder.nearest(point.clone().into(), opts.into())).await.unwrap().unchecked_into();
    assert_eq!(results.length(), 3);
    let mut last = 0.0;
    for r in results.iter() {
        for key in ["id", "name", "commune", "codeInsee", "lat", "lon", "distanceKm", "types", "address", "website", "labels"] {
            assert!(Reflect::has(&r, &key.into()).unwrap(), "missing {key}");
        }
        let types: Array = Reflect::get(&r, &"types".into()).unwrap().unchecked_into();
        assert!(types.includes(&"fablab".into(), 0));
        // The INSEE code comes with the details file, which nearest() waited for.
        assert_eq!(Reflect::get(&r, &"codeInsee".into()).unwrap().as_string().map(|c| c.len()), Some(5));
        // Nearest first: a precisely placed venue after every venue nearer than it (one known
        // only by its commune ranks at its commune's far edge).
        let d = Reflect::get(&r, &"distanceKm".into()).unwrap().as_f64().unwrap();
        if Reflect::get(&r, &"locatedAtCommuneLevel".into()).unwrap().as_bool() == Some(false) {
            assert!(d >= last);
        }
        last = last.max(d);
    }
    // A bad point is a rejected promise with a readable message, not a panic.
    let bad = Object::new();
    Reflect::set(&bad, &"lat".into(), &200.into()).unwrap();
    let err = JsFuture::from(finder.nearest(bad.into(), JsValue::UNDEFINED)).await.unwrap_err();
    assert!(err.unchecked_into::<js_sys::Error>().message().as_string().unwrap().contains("lat"));
    let all: Array = JsFuture::from(finder.venues()).await.unwrap().unchecked_into();
    assert_eq!(all.length(), finder.venue_count());
    assert!(!Reflect::has(&all.get(0), &"distanceKm".into()).unwrap());
    finder.destroy();
    host.remove();
}

#[wasm_bindgen_test]
async fn select_renders_venue_text_as_text_and_fires_select() {
    let (host, finder, shadow) = setup().await;
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::<JsValue>::new()));
    let s2 = seen.clone();
    let listener = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| s2.borrow_mut().push(e.detail()));
    host.add_event_listener_with_callback("tierslieux:select", listener.as_ref().unchecked_ref()).unwrap();
    // "ESS CARGO & CIE" has an ampersand: it must show as written, and create no markup.
    let venues: Array = JsFuture::from(finder.venues()).await.unwrap().unchecked_into();
    let target =
        venues.iter().find(|v| Reflect::get(v, &"name".into()).unwrap().as_string().unwrap().contains('&')).expect("a venue whose name has '&'");
    let id = Reflect::get(&target, &"id".into()).unwrap().as_string().unwrap();
    let name = Reflect::get(&target, &"name".into()).unwrap().as_string().unwrap();
    finder.select(id.clone());
    let item = q(&shadow, ".tl-result.tl-selected");
    assert_eq!(item.get_attribute("data-id").as_deref(), Some(id.as_str()));
    assert_eq!(item.get_attribute("aria-current").as_deref(), Some("true"));
    let button = q(&shadow, ".tl-result.tl-selected .tl-name");
    assert!(button.text_content().unwrap().ends_with(&name));
    assert_eq!(button.query_selector_all("*").unwrap().length(), 2, "only our two spans");
    assert!(q(&shadow, ".tl-status").text_content().unwrap().contains("trouvés"));
    assert_eq!(seen.borrow().len(), 1);
    let venue = Reflect::get(&seen.borrow()[0], &"venue".into()).unwrap();
    assert_eq!(Reflect::get(&venue, &"id".into()).unwrap().as_string().as_deref(), Some(id.as_str()));
    // An unknown id changes nothing and does not throw.
    finder.select("no-such-venue".into());
    assert_eq!(seen.borrow().len(), 1);
    finder.destroy();
    host.remove();
}

#[wasm_bindgen_test]
async fn invalid_options_fall_back() {
    JsFuture::from(install_leaflet(include_str!("../node_modules/leaflet/dist/leaflet-src.js"))).await.unwrap();
    let doc = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&host).unwrap();
    let opts = Object::new();
    for (k, v) in [("lang", "de"), ("maxResults", "999"), ("tiles", "none"), ("region", "Bretagne")] {
        Reflect::set(&opts, &k.into(), &v.into()).unwrap();
    }
    let finder = tiers_lieux::web::mount_widget(host.clone(), opts, no_assets()).await.unwrap();
    let shadow = host.shadow_root().unwrap();
    assert_eq!(q(&shadow, ".tl-root").get_attribute("lang").as_deref(), Some("fr"), "lang=de falls back to fr");
    assert!(finder.venue_count() > 1900, "a bad region falls back to all");
    finder.destroy();
    host.remove();
}
