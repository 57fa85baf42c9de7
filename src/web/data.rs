//! Page-wide data: the national venue table embedded in the wasm, and the gazetteer fetched once
//! per page (on first use) and shared by every widget.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use js_sys::{Promise, Uint8Array};
use tiers_lieux_core::{Gazetteer, VenueTable};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::model::outcome::{FetchError, IDLE_TIMEOUT_MS};

pub fn national_venues() -> VenueTable {
    // The build produced these bytes from data/: they always decode. One copy, straight into the
    // shared buffer the table reads in place.
    VenueTable::from_bytes(Arc::<[u8]>::from(crate::NATIONAL_VENUES)).expect("embedded venue table")
}

enum GazState {
    NotStarted,
    Loading(Promise),
    Ready(Rc<Gazetteer>),
    Failed(String),
}

thread_local! {
    static GAZETTEER: RefCell<GazState> = const { RefCell::new(GazState::NotStarted) };
}

/// The gazetteer if it is already loaded.
pub fn gazetteer_now() -> Option<Rc<Gazetteer>> {
    GAZETTEER.with(|g| match &*g.borrow() {
        GazState::Ready(g) => Some(g.clone()),
        _ => None,
    })
}

/// Where the widget's own files are: absolute URLs (content-hashed names) given by the JS entry.
#[derive(Clone, Debug, Default)]
pub struct Assets {
    /// The gazetteer (`communes.HASH.bin`).
    pub communes: String,
    /// The offline base map (`outlines.HASH.geojson`).
    pub outlines: String,
}

impl Assets {
    /// From the entry's `{communes, outlines}` object (missing keys stay empty: that file then
    /// fails to load, with the widget's message).
    pub fn from_js(v: &JsValue) -> Assets {
        let get = |k: &str| js_sys::Reflect::get(v, &k.into()).ok().and_then(|s| s.as_string()).unwrap_or_default();
        Assets { communes: get("communes"), outlines: get("outlines") }
    }
}

/// Starts loading the gazetteer from `url` if nobody has, then waits for it.
pub async fn gazetteer(url: &str) -> Result<Rc<Gazetteer>, String> {
    let promise = GAZETTEER.with(|g| {
        let mut g = g.borrow_mut();
        match &*g {
            GazState::Ready(r) => Err(Ok(r.clone())),
            GazState::Failed(e) => Err(Err(e.clone())),
            GazState::Loading(p) => Ok(p.clone()),
            GazState::NotStarted => {
                let url = url.to_owned();
                let p = wasm_bindgen_futures::future_to_promise(async move {
                    let result = fetch_shared(&url).await.and_then(|b| Gazetteer::from_bytes(b).map_err(|e| format!("{url}: {e}")));
                    GAZETTEER.with(|g| {
                        *g.borrow_mut() = match result {
                            Ok(gz) => GazState::Ready(Rc::new(gz)),
                            Err(e) => GazState::Failed(e),
                        }
                    });
                    Ok(JsValue::UNDEFINED)
                });
                *g = GazState::Loading(p.clone());
                Ok(p)
            }
        }
    });
    match promise {
        Err(done) => done,
        Ok(p) => {
            let _ = JsFuture::from(p).await;
            GAZETTEER.with(|g| match &*g.borrow() {
                GazState::Ready(r) => Ok(r.clone()),
                GazState::Failed(e) => Err(e.clone()),
                _ => Err("gazetteer load did not finish".into()),
            })
        }
    }
}

/// GET `url` → the body as a JS `Uint8Array`, with a readable error for network failures and
/// HTTP errors.
async fn fetch_array(url: &str) -> Result<Uint8Array, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(window.fetch_with_str(url)).await.map_err(|e| format!("{url}: {}", js_message(&e)))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response".to_owned())?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(|e| js_message(&e))?).await.map_err(|e| js_message(&e))?;
    Ok(Uint8Array::new(&buf))
}

/// GET `url` → bytes.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    Ok(fetch_array(url).await?.to_vec())
}

/// GET `url` → bytes copied once, straight into the shared buffer an asset is read from in place
/// (a `Vec` then an `Arc` would hold the file twice at the peak, and the wasm memory keeps its
/// peak for good).
async fn fetch_shared(url: &str) -> Result<Arc<[u8]>, String> {
    let array = fetch_array(url).await?;
    let mut shared = Arc::<[u8]>::new_uninit_slice(array.length() as usize);
    let Some(slots) = Arc::get_mut(&mut shared) else { return Err(format!("{url}: buffer shared")) };
    array.copy_to_uninit(slots);
    // SAFETY: copy_to_uninit wrote every byte of the slice (it has the array's length).
    Ok(unsafe { shared.assume_init() })
}

/// GET `url` → text.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    String::from_utf8(fetch_bytes(url).await?).map_err(|_| format!("{url}: not UTF-8"))
}

pub fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| format!("{e:?}"))
}

/// GET `url`, streamed, refusing more than `max_bytes` and abandoning the download after
/// `IDLE_TIMEOUT_MS` without data.
pub async fn fetch_limited(url: &str, max_bytes: usize) -> Result<Vec<u8>, FetchError> {
    use std::cell::Cell;
    let window = web_sys::window().ok_or_else(|| FetchError::Network("no window".into()))?;
    let controller = web_sys::AbortController::new().ok();
    let init = web_sys::RequestInit::new();
    if let Some(c) = &controller {
        init.set_signal(Some(&c.signal()));
    }
    let timed_out = Rc::new(Cell::new(false));
    let arm = || {
        let (flag, ctl) = (timed_out.clone(), controller.clone());
        gloo::timers::callback::Timeout::new(IDLE_TIMEOUT_MS, move || {
            flag.set(true);
            if let Some(c) = ctl {
                c.abort();
            }
        })
    };
    let failed = |e: JsValue, timed_out: &Cell<bool>| if timed_out.get() { FetchError::TimedOut } else { FetchError::Network(js_message(&e)) };
    let mut timer = arm();
    let resp = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(|e| failed(e, &timed_out))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| FetchError::Network("not a response".into()))?;
    if !resp.ok() {
        return Err(FetchError::Http(resp.status()));
    }
    let announced = resp.headers().get("content-length").ok().flatten().and_then(|n| n.trim().parse::<usize>().ok());
    if let Some(n) = announced.filter(|&n| n > max_bytes) {
        if let Some(c) = &controller {
            c.abort();
        }
        return Err(FetchError::TooLarge(n));
    }
    let Some(body) = resp.body() else { return Ok(Vec::new()) };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes = Vec::with_capacity(announced.unwrap_or(0));
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| failed(e, &timed_out))?;
        if js_sys::Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            break;
        }
        let value: Uint8Array = js_sys::Reflect::get(&chunk, &"value".into()).map_err(|e| failed(e, &timed_out))?.unchecked_into();
        if bytes.len() + value.length() as usize > max_bytes {
            let _ = reader.cancel();
            return Err(FetchError::TooLarge(bytes.len() + value.length() as usize));
        }
        let start = bytes.len();
        bytes.resize(start + value.length() as usize, 0);
        value.copy_to(&mut bytes[start..]);
        timer.cancel();
        timer = arm();
    }
    timer.cancel();
    Ok(bytes)
}

/// `src` resolved against the page's URL (as an HTML attribute would be), with its host for
/// the attribution. Only http(s) results are accepted.
pub fn resolve_list_url(src: &str) -> Option<(String, String)> {
    let url = against_page(src)?;
    matches!(url.protocol().as_str(), "http:" | "https:").then(|| (url.href(), url.host()))
}

/// `url` resolved against the page's URL, as an HTML attribute would be.
fn against_page(url: &str) -> Option<web_sys::Url> {
    let base = web_sys::window()?.document()?.base_uri().ok().flatten()?;
    web_sys::Url::new_with_base(url, &base).ok()
}

/// The host (and port) of a tile URL template, relative ones being the page's own, for the
/// attribution and the consent box. Leaflet writes attributions as HTML: only letters, digits,
/// dots, hyphens and the port's colon are kept (`{s}.tile.example.fr` gives `s.tile.example.fr`).
pub fn host_of_template(template: &str) -> String {
    // `{z}` and friends are not valid in a host but are in a path: resolve as written.
    let host = against_page(template).map(|u| u.host()).unwrap_or_default();
    host.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':')).collect()
}

/// An option's URL (`report-url`) resolved against the page's URL.
pub fn resolve_against_page(url: &str) -> Option<String> {
    against_page(url).map(|u| u.href())
}

/// Lets the browser paint and handle input before the next step (resolves in a new task), so
/// that loading a large list is several short tasks rather than one long freeze.
pub async fn yield_to_browser() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(&resolve);
        }
    });
    let _ = JsFuture::from(p).await;
}
