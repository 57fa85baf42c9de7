//! The web layer (wasm32 only): a thin shell over the core that the JS entry calls. It parses
//! options, builds the widget's DOM in its shadow root, drives Leaflet, and turns core answers and
//! errors into the contract's JS values, events and messages.

mod data;
mod dom;
mod i18n;
mod map;
mod widget;

pub use widget::{mount_widget, Finder};
