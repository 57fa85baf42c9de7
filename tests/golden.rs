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

/// The clustering against mapbox/supercluster itself: `tests/fixtures/out/cluster.json` is
/// written by supercluster (`node tests/fixtures/cluster-golden.mjs`), never by this test. Same
/// points (the real venues, by case), same options: at every zoom the same clusters (position
/// to 1e-7°, count, expansion zoom) and the same venues left alone.
#[test]
fn cluster_matches_supercluster() {
    use tiers_lieux::lookup::cluster::{ClusterIndex, ClusterOptions};
    let t = common::venues();
    let expected = common::fixture_out("cluster.json");
    let cases = common::fixture_in("cluster.json");
    let cases = cases.as_array().unwrap();
    assert_eq!(cases.len(), expected.as_array().unwrap().len(), "rerun node tests/fixtures/cluster-golden.mjs");
    let round7 = |v: f64| (v * 1e7).round() / 1e7;
    for (case, want) in cases.iter().zip(expected.as_array().unwrap()) {
        assert_eq!(case["case"], want["case"], "rerun node tests/fixtures/cluster-golden.mjs");
        let keys: Vec<&str> = case["types"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        let filter = if keys.is_empty() { VenueFilter::ALL } else { VenueFilter::from_keys(keys).0 };
        let dep = case["departement"].as_str();
        let ids: Vec<usize> =
            (0..t.len()).filter(|&i| dep.is_none_or(|d| t.departement(i) == d) && filter.accepts(t.types(i), t.labels(i))).collect();
        let points: Vec<[f64; 2]> = ids.iter().map(|&i| t.position(i)).map(|p| [p.lat, p.lon]).collect();
        assert_eq!(points.len() as u64, want["points"].as_u64().unwrap(), "{}: points", case["case"]);
        let o = &case["options"];
        let options = ClusterOptions {
            radius: o["radius"].as_f64().unwrap(),
            extent: o["extent"].as_f64().unwrap(),
            min_zoom: o["minZoom"].as_u64().unwrap() as u8,
            max_zoom: o["maxZoom"].as_u64().unwrap() as u8,
        };
        let index = ClusterIndex::build(points, options);
        let zooms = want["zooms"].as_array().unwrap();
        assert_eq!(zooms.len(), (options.max_zoom - options.min_zoom + 2) as usize);
        for z in zooms {
            let zoom = z["zoom"].as_f64().unwrap();
            let (mut singles, mut id_sum, mut clusters) = (0u64, 0u64, Vec::new());
            for it in index.items_in(-180.0, -90.0, 180.0, 90.0, zoom) {
                if it.is_cluster() {
                    clusters.push(json!([round7(it.lon), round7(it.lat), it.count, it.payload]));
                } else {
                    singles += 1;
                    // Supercluster was given the venue's table index as its `id` property.
                    id_sum += ids[it.payload as usize] as u64;
                }
            }
            clusters.sort_by(|a, b| {
                let k = |v: &Value| (v[0].as_f64().unwrap(), v[1].as_f64().unwrap(), v[2].as_u64().unwrap());
                k(a).partial_cmp(&k(b)).unwrap()
            });
            let got = json!({"zoom": z["zoom"], "singles": singles, "singleIdSum": id_sum, "clusters": clusters});
            assert_eq!(&got, z, "{}: zoom {zoom}", case["case"]);
        }
    }
}
