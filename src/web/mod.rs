//! The web layer (wasm32 only): a thin shell that runs the pure model (`crate::model`) in the
//! browser. Who may touch what:
//! - `api`: the JS API; its methods send messages or read the venues in scope.
//! - `runtime`: owns the state; borrows it only to update it, then runs the effects.
//! - `events`: DOM events → messages. `platform`: URL, history, sharing, geolocation.
//! - `view`: the only module, with `dom`, that creates elements; draws parts from view data.
//! - `map`: Leaflet. `emit`: the contract's events. `data`: fetching, the page-wide gazetteer.

mod api;
mod data;
mod dom;
mod emit;
mod events;
mod map;
mod platform;
mod runtime;
mod view;

pub use api::{mount_widget, Finder};

/// A line for the webmaster in the console, with the widget's prefix.
fn warn(msg: &str) {
    web_sys::console::warn_1(&wasm_bindgen::JsValue::from_str(&format!("[tiers-lieux] {msg}")));
}
