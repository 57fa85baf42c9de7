//! The same data as the two binary assets, written as the JSON a JavaScript developer would ship
//! (`bench/baseline/`): used only by the side-by-side benchmark, so that both builds show the very
//! same venues and places. Read back from the encoded assets, so nothing can drift.

use serde_json::{json, Value};

use crate::format::FormatError;
use crate::places::{Gazetteer, PlaceKind};
use crate::venues::{keys_of, VenueTable, FLAG_COMMUNE_LEVEL, LABELS, TYPES};

/// Coordinates rounded as the binary assets store them (venues 1e-6°, places 1e-4°).
fn round(v: f64, scale: f64) -> Value {
    json!((v * scale).round() / scale)
}

/// `venues.json`: `{meta: {source, date, licence}, venues: [{id, name, …}]}`, the JS API's fields
/// plus the details the widget shows (social links, programme names, commune-level flag).
pub fn venues_json(venues_bin: &[u8]) -> Result<String, FormatError> {
    let t = VenueTable::from_bytes(venues_bin.to_vec())?;
    let rows: Vec<Value> = (0..t.len())
        .map(|i| {
            let v = t.get(i);
            json!({
                "id": v.id, "name": v.name, "address": v.address, "postcode": v.postcode,
                "commune": v.commune, "codeInsee": v.code_insee, "dep": v.departement, "region": v.region,
                "lat": round(v.position.lat, 1e6), "lon": round(v.position.lon, 1e6),
                "website": v.website, "twitter": v.twitter, "facebook": v.facebook,
                "types": keys_of(v.types, TYPES).map(|t| t.key).collect::<Vec<_>>(),
                "labels": keys_of(v.labels, LABELS).map(|t| t.key).collect::<Vec<_>>(),
                "labelNames": v.label_names,
                "communeLevel": v.flags & FLAG_COMMUNE_LEVEL != 0,
            })
        })
        .collect();
    let meta: Value = ["source", "date", "licence", "url"].iter().filter_map(|k| t.meta(k).map(|v| (k.to_string(), json!(v)))).collect();
    Ok(json!({"meta": meta, "venues": rows}).to_string())
}

/// `communes.json`, compact as a careful developer would write it: one array per place
/// `[name, code, kind, parent, population, lat, lon, dep]` (kind 0 département, 1 commune,
/// 2 arrondissement, 3 former commune; `parent` and `dep` are indexes into `places`), the
/// postcodes as `[postcode, place]` pairs, and the départements' régions.
pub fn communes_json(communes_bin: &[u8]) -> Result<String, FormatError> {
    let g = Gazetteer::from_bytes(communes_bin.to_vec())?;
    let places: Vec<Value> = (0..g.len())
        .map(|i| {
            let (lat, lon) = g.position(i).map_or((Value::Null, Value::Null), |p| (round(p.lat, 1e4), round(p.lon, 1e4)));
            let kind = match g.kind(i) {
                PlaceKind::Departement => 0,
                PlaceKind::Commune => 1,
                PlaceKind::Arrondissement => 2,
                PlaceKind::Former => 3,
            };
            let dep = g.departement_by_code(g.dep_code(i)).unwrap_or(0);
            json!([g.name(i), g.code(i), kind, g.parent(i), g.population(i), lat, lon, dep])
        })
        .collect();
    let postcodes: Vec<Value> = g.postcodes().map(|(pc, e)| json!([pc, e])).collect();
    let regions: Vec<Value> = g.regions().map(|(c, n)| json!([c, n])).collect();
    let dep_regions: Vec<Value> = g.departements().map(|(_, _, r)| json!(r)).collect();
    Ok(json!({"places": places, "postcodes": postcodes, "regions": regions, "depRegions": dep_regions}).to_string())
}
