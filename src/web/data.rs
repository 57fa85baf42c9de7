//! Page-wide data: the national venue table embedded in the wasm, and the gazetteer fetched once
//! per page (on first use) and shared by every widget.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Promise, Uint8Array};
use tiers_lieux_core::{Gazetteer, VenueTable};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub fn national_venues() -> VenueTable {
    // The build produced these bytes from data/: they always decode.
    VenueTable::from_bytes(crate::NATIONAL_VENUES.to_vec()).expect("embedded venue table")
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

/// Starts loading `communes.bin` from `asset_base` if nobody has, then waits for it.
pub async fn gazetteer(asset_base: &str) -> Result<Rc<Gazetteer>, String> {
    let promise = GAZETTEER.with(|g| {
        let mut g = g.borrow_mut();
        match &*g {
            GazState::Ready(r) => Err(Ok(r.clone())),
            GazState::Failed(e) => Err(Err(e.clone())),
            GazState::Loading(p) => Ok(p.clone()),
            GazState::NotStarted => {
                let url = format!("{asset_base}communes.bin");
                let p = wasm_bindgen_futures::future_to_promise(async move {
                    let result = fetch_bytes(&url).await.and_then(|b| Gazetteer::from_bytes(b).map_err(|e| format!("{url}: {e}")));
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

/// GET `url` → bytes, with a readable error for network failures and HTTP errors.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(window.fetch_with_str(url)).await.map_err(|e| format!("{url}: {}", js_message(&e)))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response".to_owned())?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(|e| js_message(&e))?).await.map_err(|e| js_message(&e))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// GET `url` → text.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    String::from_utf8(fetch_bytes(url).await?).map_err(|_| format!("{url}: not UTF-8"))
}

pub fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| format!("{e:?}"))
}
