//! Page-wide data: the national venue table embedded in the wasm and its details file, and the
//! gazetteer's root and slices, each fetched once per page when a widget first needs it and
//! shared by every widget.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use js_sys::{Promise, Uint8Array};
use tiers_lieux_core::slices::{Places, SliceRoot};
use tiers_lieux_core::{Gazetteer, VenueTable};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::model::outcome::{FetchError, IDLE_TIMEOUT_MS};
use crate::model::GazetteerPart;

pub fn national_venues() -> VenueTable {
    // The build produced these bytes from data/: they always decode. One copy, straight into the
    // shared buffer the table reads in place.
    VenueTable::from_bytes(Arc::<[u8]>::from(crate::NATIONAL_VENUES)).expect("embedded venue table")
}

/// The national venues' details file at one URL: on its way, here, or failed (asked again, it
/// is fetched again).
enum DetailsFile {
    Loading(Promise),
    Loaded(Arc<[u8]>),
    Failed(String),
}

thread_local! {
    static DETAILS: RefCell<Vec<(String, DetailsFile)>> = const { RefCell::new(Vec::new()) };
}

/// The national venues' details file at `url`: fetched once per page (every widget attaches the
/// same bytes to its own table); a failed or refused one is fetched again when asked again.
pub async fn load_venue_details(url: &str) -> Result<Arc<[u8]>, String> {
    let wait = DETAILS.with(|d| {
        let mut d = d.borrow_mut();
        match d.iter().find(|e| e.0 == url).map(|e| &e.1) {
            Some(DetailsFile::Loaded(_)) => None,
            Some(DetailsFile::Loading(p)) => Some(p.clone()),
            _ => {
                let owned = url.to_owned();
                let p = wasm_bindgen_futures::future_to_promise(async move {
                    let outcome = match fetch_shared(&owned).await {
                        Ok(b) => DetailsFile::Loaded(b),
                        Err(e) => DetailsFile::Failed(e),
                    };
                    DETAILS.with(|d| {
                        let mut d = d.borrow_mut();
                        d.retain(|e| e.0 != owned);
                        d.push((owned, outcome));
                    });
                    Ok(JsValue::UNDEFINED)
                });
                d.retain(|e| e.0 != url);
                d.push((url.to_owned(), DetailsFile::Loading(p.clone())));
                Some(p)
            }
        }
    });
    if let Some(p) = wait {
        let _ = JsFuture::from(p).await;
    }
    DETAILS.with(|d| match d.borrow().iter().find(|e| e.0 == url).map(|e| &e.1) {
        Some(DetailsFile::Loaded(b)) => Ok(b.clone()),
        Some(DetailsFile::Failed(e)) => Err(e.clone()),
        _ => Err(format!("{url}: not loaded")),
    })
}

/// The details file at `url` did not decode: the next attempt fetches it again.
pub fn refuse_venue_details(url: &str, why: String) {
    DETAILS.with(|d| {
        let mut d = d.borrow_mut();
        d.retain(|e| e.0 != url);
        d.push((url.to_owned(), DetailsFile::Failed(why)));
    });
}

/// Attaches the details file's bytes (from `url`) to `table`; bytes that do not decode, or
/// belong to another build, are refused page-wide (fetched again next time).
pub fn attach_venue_details(url: &str, table: &VenueTable, bytes: Arc<[u8]>) -> Result<(), String> {
    table.attach_details(bytes).map_err(|e| {
        let why = format!("{url}: {e}");
        refuse_venue_details(url, why.clone());
        why
    })
}

/// A part of the gazetteer on its way, or that failed (asked again, it is fetched again).
enum Pending {
    Loading(Promise),
    Failed(String),
}

/// The page's gazetteer from one root URL: what is loaded (replaced, never changed, so that a
/// widget's snapshot stays as it was), and what is loading or failed.
#[derive(Default)]
struct PageGazetteer {
    places: Rc<Places>,
    root: Option<Pending>,
    slices: Vec<(usize, Pending)>,
}

impl PageGazetteer {
    fn slice(&self, f: usize) -> Option<&Pending> {
        self.slices.iter().find(|s| s.0 == f).map(|s| &s.1)
    }
    fn set_slice(&mut self, f: usize, state: Option<Pending>) {
        self.slices.retain(|s| s.0 != f);
        self.slices.extend(state.map(|p| (f, p)));
    }
}

/// By root URL (one per page, unless two builds of the widget share it).
#[derive(Default)]
struct Pages(Vec<(String, PageGazetteer)>);

impl Pages {
    fn get(&self, url: &str) -> Option<&PageGazetteer> {
        self.0.iter().find(|p| p.0 == url).map(|p| &p.1)
    }
    fn get_mut(&mut self, url: &str) -> Option<&mut PageGazetteer> {
        self.0.iter_mut().find(|p| p.0 == url).map(|p| &mut p.1)
    }
    fn entry(&mut self, url: String) -> &mut PageGazetteer {
        let i = self.0.iter().position(|p| p.0 == url).unwrap_or_else(|| {
            self.0.push((url, PageGazetteer::default()));
            self.0.len() - 1
        });
        &mut self.0[i].1
    }
}

thread_local! {
    static GAZETTEER: RefCell<Pages> = RefCell::new(Pages::default());
}

/// What the page has of the gazetteer whose root is at `root_url`.
pub fn places_now(root_url: &str) -> Rc<Places> {
    GAZETTEER.with(|g| g.borrow().get(root_url).map(|p| p.places.clone()).unwrap_or_default())
}

/// Loads `part` of the gazetteer at `root_url` (the slices: all of them, at once), unless the
/// page has it; a part already loading is waited for, a failed one fetched again. `early`: the
/// root's download the entry started, used by the first load of the root.
pub async fn load_gazetteer(root_url: &str, part: &GazetteerPart, early: Option<&Promise>) -> Result<(), String> {
    match part {
        GazetteerPart::Root => {
            let p = GAZETTEER.with(|g| {
                let mut g = g.borrow_mut();
                let page = g.entry(root_url.to_owned());
                if page.places.root.is_some() {
                    return None;
                }
                if let Some(Pending::Loading(p)) = &page.root {
                    return Some(p.clone());
                }
                // The entry's early download serves the first attempt only.
                let early = early.filter(|_| page.root.is_none()).cloned();
                let p = spawn_load(root_url.to_owned(), None, early);
                page.root = Some(Pending::Loading(p.clone()));
                Some(p)
            });
            if let Some(p) = p {
                let _ = JsFuture::from(p).await;
            }
            GAZETTEER.with(|g| match g.borrow().get(root_url) {
                Some(page) if page.places.root.is_some() => Ok(()),
                Some(PageGazetteer { root: Some(Pending::Failed(e)), .. }) => Err(e.clone()),
                _ => Err(format!("{root_url}: not loaded")),
            })
        }
        GazetteerPart::Slices(files) | GazetteerPart::Ahead(files) => {
            let waits: Vec<Promise> = GAZETTEER.with(|g| {
                let mut g = g.borrow_mut();
                let Some(page) = g.get_mut(root_url) else { return Vec::new() };
                let Some(root) = page.places.root.clone() else { return Vec::new() };
                let mut waits = Vec::new();
                for &f in files {
                    if f >= root.files().len() || page.places.slices.get(f).is_some_and(Option::is_some) {
                        continue;
                    }
                    match page.slice(f) {
                        Some(Pending::Loading(p)) => waits.push(p.clone()),
                        _ => {
                            let url = against(&root.files()[f], root_url);
                            let p = spawn_load(url, Some((root_url.to_owned(), f)), None);
                            page.set_slice(f, Some(Pending::Loading(p.clone())));
                            waits.push(p);
                        }
                    }
                }
                waits
            });
            for p in waits {
                let _ = JsFuture::from(p).await;
            }
            GAZETTEER.with(|g| {
                let g = g.borrow();
                let page = g.get(root_url).ok_or_else(|| format!("{root_url}: not loaded"))?;
                for f in files {
                    if let Some(Pending::Failed(e)) = page.slice(*f) {
                        return Err(e.clone());
                    }
                }
                Ok(())
            })
        }
    }
}

/// Fetches (or takes from `early`) and decodes the root (`slice: None`) or slice `f` of the root
/// at the URL given, and records the outcome page-wide.
fn spawn_load(url: String, slice: Option<(String, usize)>, early: Option<Promise>) -> Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        let bytes = match early {
            Some(p) => match JsFuture::from(p).await {
                Ok(buf) => Ok(shared_from(&Uint8Array::new(&buf))),
                Err(_) => fetch_shared(&url).await,
            },
            None => fetch_shared(&url).await,
        };
        GAZETTEER.with(|g| {
            let mut g = g.borrow_mut();
            match slice {
                None => {
                    let page = g.entry(url.clone());
                    match bytes.and_then(|b| SliceRoot::from_bytes(b).map_err(|e| format!("{url}: {e}"))) {
                        Ok(root) => {
                            let n = root.files().len();
                            page.places = Rc::new(Places { root: Some(Rc::new(root)), slices: vec![None; n] });
                            page.root = None;
                        }
                        Err(e) => page.root = Some(Pending::Failed(e)),
                    }
                }
                Some((root_url, f)) => {
                    let page = g.entry(root_url);
                    let root = page.places.root.clone();
                    let checked = bytes.and_then(|b| match root.as_ref().map(|r| r.verify(f, &b)) {
                        Some(Err(e)) => Err(format!("{url}: {e}")),
                        _ => Ok(b),
                    });
                    match checked.and_then(|b| Gazetteer::from_bytes(b).map_err(|e| format!("{url}: {e}"))) {
                        Ok(slice) => {
                            let mut places = (*page.places).clone();
                            if let Some(s) = places.slices.get_mut(f) {
                                *s = Some(Rc::new(slice));
                            }
                            page.places = Rc::new(places);
                            page.set_slice(f, None);
                        }
                        Err(e) => page.set_slice(f, Some(Pending::Failed(e))),
                    }
                }
            }
        });
        Ok(JsValue::UNDEFINED)
    })
}

/// `name` resolved against `base` (a slice's file name against its root's URL).
fn against(name: &str, base: &str) -> String {
    web_sys::Url::new_with_base(name, base).map(|u| u.href()).unwrap_or_else(|_| name.to_owned())
}

/// Where the widget's own files are: absolute URLs (content-hashed names) given by the JS entry.
#[derive(Clone, Debug, Default)]
pub struct Assets {
    /// The gazetteer's root (`communes.HASH.bin`; its slices are beside it).
    pub communes: String,
    /// The root's bytes on their way (a promise of an `ArrayBuffer`): the entry starts that
    /// download beside the wasm's.
    pub communes_early: Option<Promise>,
    /// The offline base map (`outlines.HASH.geojson`).
    pub outlines: String,
    /// The national venues' details (`venues-details.HASH.bin`), fetched at ready.
    pub details: String,
}

impl Assets {
    /// From the entry's `{communes, outlines, details}` object (missing keys stay empty: that file then
    /// fails to load, with the widget's message).
    pub fn from_js(v: &JsValue) -> Assets {
        let get = |k: &str| js_sys::Reflect::get(v, &k.into()).ok().and_then(|s| s.as_string()).unwrap_or_default();
        let early = js_sys::Reflect::get(v, &"communesEarly".into()).ok().and_then(|p| p.dyn_into::<Promise>().ok());
        Assets { communes: get("communes"), communes_early: early, outlines: get("outlines"), details: get("details") }
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
    Ok(shared_from(&fetch_array(url).await?))
}

/// `array`'s bytes, copied once into a new shared buffer.
fn shared_from(array: &Uint8Array) -> Arc<[u8]> {
    let mut shared = Arc::<[u8]>::new_uninit_slice(array.length() as usize);
    let Some(slots) = Arc::get_mut(&mut shared) else { return Arc::from(array.to_vec()) };
    array.copy_to_uninit(slots);
    // SAFETY: copy_to_uninit wrote every byte of the slice (it has the array's length).
    unsafe { shared.assume_init() }
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
