//! Golden fixtures for search and nearest on the real data (`tests/fixtures/in` → `out`).

#![cfg(not(target_arch = "wasm32"))]

mod common;

use serde_json::{json, Value};
use tiers_lieux::lookup::{Lang, LatLon, Scope, VenueFilter};

fn scope_of(case: &Value) -> Scope {
    let list = |k: &str| case[k].as_str().map(|s| s.split(',').map(str::to_owned).collect()).unwrap_or_default();
    Scope { regions: list("region"), departements: list("departement") }
}

#[test]
fn search_golden() {
    let g = common::gazetteer();
    let mut out = Vec::new();
    for case in common::fixture_in("search.json").as_array().unwrap() {
        let f = common::finder(scope_of(case));
        let lang = Lang::parse(case["lang"].as_str().unwrap_or("fr")).unwrap();
        let limit = case["limit"].as_u64().unwrap_or(8) as usize;
        let s = f.search(Some(&g), case["query"].as_str().unwrap(), limit, lang);
        let answers: Vec<Value> = s
            .iter()
            .map(|s| {
                json!({
                    "kind": s.kind.as_str(),
                    "label": s.label,
                    "code": s.code,
                    "lat": s.position.map(|p| (p.lat * 1e4).round() / 1e4),
                    "lon": s.position.map(|p| (p.lon * 1e4).round() / 1e4),
                })
            })
            .collect();
        out.push(json!({"case": case["case"], "query": case["query"], "suggestions": answers}));
    }
    common::assert_golden("search.json", &Value::Array(out));
}

#[test]
fn nearest_golden() {
    let mut out = Vec::new();
    for case in common::fixture_in("nearest.json").as_array().unwrap() {
        let f = common::finder(scope_of(case));
        let keys: Vec<&str> = case["types"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        let (filter, unknown) = VenueFilter::from_keys(keys);
        assert!(unknown.is_empty());
        let origin = LatLon::new(case["lat"].as_f64().unwrap(), case["lon"].as_f64().unwrap());
        let r = f.nearest(origin, case["k"].as_u64().unwrap() as usize, case["radius_km"].as_f64(), filter).unwrap();
        let t = f.table();
        let results: Vec<Value> = r
            .iter()
            .map(|n| {
                let v = t.get(n.id as usize);
                json!({"id": v.id, "name": v.name, "commune": v.commune, "distance_km": (n.distance_km * 1000.0).round() / 1000.0})
            })
            .collect();
        out.push(json!({"case": case["case"], "results": results}));
    }
    common::assert_golden("nearest.json", &Value::Array(out));
}
