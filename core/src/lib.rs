//! Pure-Rust lookup core of the tiers-lieux finder. No JS types: everything here runs and is
//! tested on the host with `cargo test`, and is wrapped by the thin web layer of the widget.
//!
//! Data flows one way: committed sources → [`pipeline`] (build time) → binary assets
//! ([`format`]) → [`places::Gazetteer`] / [`venues::VenueTable`] → [`finder::Finder`].

pub mod csv;
pub mod finder;
pub mod format;
pub mod geo;
pub mod links;
pub mod nearest;
pub mod partner;
#[cfg(feature = "pipeline")]
pub mod pipeline;
pub mod places;
pub mod slices;
pub mod text;
pub mod tokens;
pub mod venues;
pub mod view;

pub use finder::{Finder, VenueFilter};
pub use geo::LatLon;
pub use places::{Gazetteer, Scope, Suggestion, SuggestionKind};
/// Clustering of the map's points (its own crate: built at opt-level 3 in the wasm).
pub use tiers_lieux_cluster as cluster;
pub use venues::{Venue, VenueRef, VenueTable};

/// Interface language for the few words the core writes into labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Errors of the core, turned into JS errors once at the boundary.
#[derive(Debug, Clone, PartialEq)]
pub enum CoreError {
    /// A binary asset could not be read.
    Format(format::FormatError),
    /// A venue id that is not in the list.
    UnknownVenue(String),
    /// A point outside the valid latitude/longitude ranges.
    InvalidPoint,
}

impl std::fmt::Display for CoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CoreError::Format(e) => e.fmt(f),
            CoreError::UnknownVenue(id) => write!(f, "unknown venue id {id:?}"),
            CoreError::InvalidPoint => write!(f, "invalid point: lat must be in [-90, 90] and lon in [-180, 180]"),
        }
    }
}

impl std::error::Error for CoreError {}

impl From<format::FormatError> for CoreError {
    fn from(e: format::FormatError) -> Self {
        CoreError::Format(e)
    }
}
