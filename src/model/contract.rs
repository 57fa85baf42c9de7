//! Every JS-facing name and shape of the embed contract (`../shared/CONTRACT.md`): the events'
//! names and details, the error codes, and the `Suggestion`, `Result` and `Venue` objects. The
//! web layer turns these plain values into JS once, at the boundary.

use serde::Serialize;
use tiers_lieux_core::links::safe_href;
use tiers_lieux_core::venues::{keys_of, FLAG_COMMUNE_LEVEL, LABELS, TYPES};
use tiers_lieux_core::{LatLon, Suggestion, VenueRef};

/// The events the widget dispatches on its host element, as `tierslieux:NAME`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventName {
    Ready,
    Search,
    Results,
    Select,
    Error,
}

impl EventName {
    pub fn as_str(self) -> &'static str {
        match self {
            EventName::Ready => "tierslieux:ready",
            EventName::Search => "tierslieux:search",
            EventName::Results => "tierslieux:results",
            EventName::Select => "tierslieux:select",
            EventName::Error => "tierslieux:error",
        }
    }
}

/// `tierslieux:error`'s `code`. (`wasm-load` is the JS shell's own, before any Rust runs.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    PartnerLoad,
    PartnerRows,
    TilesLoad,
    GazetteerLoad,
    DetailsLoad,
    GeolocationInsecure,
    GeolocationDenied,
    GeolocationUnsupported,
    GeolocationTimeout,
    GeolocationUnavailable,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::PartnerLoad => "partner-load",
            ErrorCode::PartnerRows => "partner-rows",
            ErrorCode::TilesLoad => "tiles-load",
            ErrorCode::GazetteerLoad => "gazetteer-load",
            ErrorCode::DetailsLoad => "details-load",
            ErrorCode::GeolocationInsecure => "geolocation-insecure",
            ErrorCode::GeolocationDenied => "geolocation-denied",
            ErrorCode::GeolocationUnsupported => "geolocation-unsupported",
            ErrorCode::GeolocationTimeout => "geolocation-timeout",
            ErrorCode::GeolocationUnavailable => "geolocation-unavailable",
        }
    }
}

/// The contract's `Suggestion`.
#[derive(Serialize, Debug, PartialEq)]
pub struct JsSuggestion<'a> {
    pub kind: &'static str,
    pub label: &'a str,
    pub code: &'a str,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

pub fn js_suggestion(s: &Suggestion) -> JsSuggestion<'_> {
    JsSuggestion { kind: s.kind.as_str(), label: &s.label, code: &s.code, lat: s.position.map(|p| p.lat), lon: s.position.map(|p| p.lon) }
}

/// The contract's `Result` (and `Venue`, without `distanceKm`).
#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct JsVenue<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub commune: &'a str,
    pub code_insee: &'a str,
    pub lat: f64,
    pub lon: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    pub types: Vec<&'static str>,
    pub address: &'a str,
    pub website: &'a str,
    pub labels: Vec<&'static str>,
    pub located_at_commune_level: bool,
}

pub fn js_venue<'a>(v: &VenueRef<'a>, distance_km: Option<f64>) -> JsVenue<'a> {
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

/// `tierslieux:ready`'s detail.
#[derive(Serialize)]
pub struct ReadyDetail {
    pub venues: usize,
}

/// `tierslieux:results`' `origin`.
#[derive(Serialize)]
pub struct JsOrigin<'a> {
    pub lat: f64,
    pub lon: f64,
    pub label: &'a str,
}

impl<'a> JsOrigin<'a> {
    pub fn new(p: LatLon, label: &'a str) -> Self {
        JsOrigin { lat: p.lat, lon: p.lon, label }
    }
}

/// `tierslieux:results`' detail.
#[derive(Serialize)]
pub struct ResultsDetail<'a> {
    pub origin: JsOrigin<'a>,
    pub results: Vec<JsVenue<'a>>,
}

/// `tierslieux:select`'s detail.
#[derive(Serialize)]
pub struct SelectDetail<'a> {
    pub venue: JsVenue<'a>,
}

/// One row of a partner list that is not shown.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct JsRow {
    pub line: usize,
    pub reason: String,
}

/// `tierslieux:error`'s detail.
#[derive(Serialize)]
pub struct ErrorDetail<'a> {
    pub code: &'static str,
    pub message: &'a str,
    pub rows: &'a [JsRow],
}
