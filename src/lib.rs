//! The tiers-lieux finder widget: the pure lookup core (`tiers_lieux_core`, re-exported as
//! [`core`]) and, on `wasm32`, the thin web layer that partners embed with one script tag.

pub use tiers_lieux_core as lookup;

pub mod model;
pub mod options;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// The national venue table without its details, produced at build time from `data/` and
/// embedded in the binary.
pub static NATIONAL_VENUES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/venues.bin"));

/// Its details part (addresses, links, label names), built with it: the widget fetches this file
/// at ready (`pkg/venues-details.*.bin`); host builds and tests attach it.
#[cfg(not(target_arch = "wasm32"))]
pub static NATIONAL_VENUE_DETAILS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/venues-details.bin"));

/// The national venue table with its details attached (host builds and tests).
#[cfg(not(target_arch = "wasm32"))]
pub fn national_venues_whole() -> tiers_lieux_core::VenueTable {
    let t = tiers_lieux_core::VenueTable::from_bytes(NATIONAL_VENUES.to_vec()).expect("the built venue table decodes");
    t.attach_details(NATIONAL_VENUE_DETAILS.to_vec()).expect("the built details belong to the built table");
    t
}

/// The gazetteer asset as built from `data/` (host builds and tests; the widget fetches it).
#[cfg(not(target_arch = "wasm32"))]
pub static GAZETTEER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/communes.bin"));

/// The folder of the sliced gazetteer as built from `data/` (`communes.bin`, the root, and its
/// slices), as `pkg/` ships it.
#[cfg(not(target_arch = "wasm32"))]
pub const GAZETTEER_SLICES_DIR: &str = concat!(env!("OUT_DIR"), "/communes-slices");

/// The data report the build generated, to compare with the committed `data/REPORT.md`.
#[cfg(not(target_arch = "wasm32"))]
pub static DATA_REPORT: &str = include_str!(concat!(env!("OUT_DIR"), "/REPORT.md"));
