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

/// `venues-lean.json`: what the baseline's search and list need, as columns (one array per field,
/// as a careful JavaScript developer would ship it): ids, names, communes, addresses, websites,
/// types (as indexes into `typeKeys`), latitudes and longitudes.
pub fn venues_lean_json(venues_bin: &[u8]) -> Result<String, FormatError> {
    let t = VenueTable::from_bytes(venues_bin.to_vec())?;
    let vs: Vec<_> = (0..t.len()).map(|i| t.get(i)).collect();
    let col = |f: &dyn Fn(&crate::venues::VenueRef) -> Value| -> Value { Value::Array(vs.iter().map(f).collect()) };
    let types = col(&|v| json!(TYPES.iter().enumerate().filter(|(_, k)| v.types & k.bit != 0).map(|(i, _)| i).collect::<Vec<_>>()));
    Ok(json!({
        "id": col(&|v| json!(v.id)), "name": col(&|v| json!(v.name)), "commune": col(&|v| json!(v.commune)),
        "address": col(&|v| json!(v.address)), "website": col(&|v| json!(v.website)), "types": types,
        "typeKeys": TYPES.iter().map(|k| k.key).collect::<Vec<_>>(),
        "lat": col(&|v| round(v.position.lat, 1e6)), "lon": col(&|v| round(v.position.lon, 1e6)),
    })
    .to_string())
}

/// `communes.json`, as columns (one array per field, as a careful JavaScript developer would
/// ship it), by INSEE code: `name`, `code`, `kind` (0 département, 1 commune, 2 arrondissement,
/// 3 former commune), `parent` and `dep` (indexes into the columns), `pop` (two significant
/// digits: it only orders homonyms), `lat`, `lon` (1e-4°, `null` without a position), and the
/// postcodes as `pc` (sorted) and `pcPlace`.
pub fn communes_json(communes_bin: &[u8]) -> Result<String, FormatError> {
    let g = Gazetteer::from_bytes(communes_bin.to_vec())?;
    let n = g.len();
    let col = |f: &dyn Fn(usize) -> Value| -> Value { Value::Array((0..n).map(f).collect()) };
    let kind = |i: usize| match g.kind(i) {
        PlaceKind::Departement => 0,
        PlaceKind::Commune => 1,
        PlaceKind::Arrondissement => 2,
        PlaceKind::Former => 3,
    };
    let two_digits = |p: u32| {
        let scale = 10u32.pow((p.max(1).ilog10()).saturating_sub(1));
        (p + scale / 2) / scale * scale
    };
    let (pcs, pc_places): (Vec<u32>, Vec<usize>) = g.postcodes().unzip();
    Ok(json!({
        "name": col(&|i| json!(g.name(i))), "code": col(&|i| json!(g.code(i))), "kind": col(&|i| json!(kind(i))),
        "parent": col(&|i| json!(g.parent(i))), "dep": col(&|i| json!(g.departement_by_code(g.dep_code(i)).unwrap_or(0))),
        "pop": col(&|i| json!(two_digits(g.population(i)))),
        "lat": col(&|i| g.position(i).map_or(Value::Null, |p| round(p.lat, 1e4))),
        "lon": col(&|i| g.position(i).map_or(Value::Null, |p| round(p.lon, 1e4))),
        "pc": pcs, "pcPlace": pc_places,
    })
    .to_string())
}
