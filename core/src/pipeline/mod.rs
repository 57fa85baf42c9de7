//! Build-time data pipeline: the committed sources in `data/` → the two binary assets and the
//! data report. Deterministic: the same sources always give the same bytes.
//!
//! Every venue row that is repaired, merged, dropped or labelled is written to the report with
//! its reason, so nothing is lost silently.

mod anct;
pub mod baseline;
mod cget;
mod gazetteer;
pub mod maplab;
pub mod names;
mod report;

use std::path::Path;

pub use gazetteer::GazetteerBuild;
pub use report::Stats;

/// The source files, read into memory.
pub struct Sources {
    pub gazetteer_csv: String,
    pub departements_json: String,
    pub regions_json: String,
    pub venues_csv: String,
    pub fabriques_geojson: String,
    pub manufactures_geojson: String,
    pub commune_areas_csv: String,
    pub maplab_geojson: String,
}

/// Paths of the sources below the data folder (also what build.rs watches).
pub const SOURCE_FILES: &[&str] = &[
    "gazetteer/communes_gazetteer_2026.csv",
    "gazetteer/departements.json",
    "gazetteer/regions.json",
    "cget-tiers-lieux-2019/tiers-lieux-2019.csv",
    "anct/fabt_geom.geojson",
    "anct/manuprox_geom.geojson",
    "gazetteer/commune-areas.csv",
    "maplabbzh-bretagne/map_bzh_fablab.geojson",
];

impl Sources {
    pub fn read(data_dir: &Path) -> std::io::Result<Sources> {
        let r = |i: usize| std::fs::read_to_string(data_dir.join(SOURCE_FILES[i]));
        Ok(Sources {
            gazetteer_csv: r(0)?,
            departements_json: r(1)?,
            regions_json: r(2)?,
            venues_csv: r(3)?,
            fabriques_geojson: r(4)?,
            manufactures_geojson: r(5)?,
            commune_areas_csv: r(6)?,
            maplab_geojson: r(7)?,
        })
    }
}

/// What the pipeline produces.
pub struct Built {
    /// The whole gazetteer (host tests, the baseline's JSON).
    pub gazetteer: Vec<u8>,
    /// The gazetteer as the widget loads it: the root (`communes.bin`) and its slices.
    pub slices: crate::slices::Built,
    /// The national venue table, whole (the host tools and the baseline read it).
    pub venues: Vec<u8>,
    /// The same in two parts: `venues.bin`, embedded in the wasm (what search, map and filters
    /// read), and `venues-details.bin` (addresses, links, label names), fetched at ready.
    pub venues_main: Vec<u8>,
    pub venues_details: Vec<u8>,
    /// `data/REPORT.md`.
    pub report: String,
    pub stats: Stats,
}

/// Attribution carried inside the venue asset and shown by the widget.
pub const VENUE_SOURCE: &str =
    "ANCT/CGET, Mission Coworking 2019 ; ANCT, Fabriques de Territoire et Manufactures de proximité 2024 ; MapLab Bretagne (Guillaume Rouan, #MapLabBZH) 2020, CC BY 4.0";
pub const VENUE_LICENCE: &str = "Licence Ouverte 2.0 (Etalab)";
pub const VENUE_DATE: &str = "2019";

pub fn build(src: &Sources) -> Result<Built, String> {
    let gaz = gazetteer::build(src)?;
    let mut log = report::Log::default();
    let mut venues = cget::read(&src.venues_csv, &gaz, &mut log)?;
    cget::merge_duplicates(&mut venues, &mut log);
    // Before the labels, so that a label may attach to a venue the regional list brought.
    maplab::apply(&mut venues, &src.maplab_geojson, &gaz, &mut log)?;
    anct::apply(&mut venues, &src.fabriques_geojson, anct::Programme::Fabrique, &gaz, &mut log)?;
    anct::apply(&mut venues, &src.manufactures_geojson, anct::Programme::Manufacture, &gaz, &mut log)?;
    let stats = report::stats(&venues, &log, &gaz);
    let dep_regions = gaz.departement_regions();
    let meta = [("source", VENUE_SOURCE), ("licence", VENUE_LICENCE), ("date", VENUE_DATE), (crate::venues::META_DEP_REGIONS, dep_regions.as_str())];
    let venue_bytes = crate::venues::encode(&venues, &meta);
    let (venues_main, venues_details) = crate::venues::encode_split(&venues, &meta);
    let gaz_bytes = crate::places::encode(&gaz.places, &gaz.dep_regions)?;
    let whole = crate::places::Gazetteer::from_bytes(gaz_bytes.clone()).map_err(|e| e.to_string())?;
    let slices = crate::slices::build(&gaz.places, &gaz.dep_regions, &whole)?;
    let mut report = report::render(&stats, &log, &gaz, gaz_bytes.len(), (venues_main.len(), venues_details.len()));
    report::slices(&mut report, &slices);
    Ok(Built { gazetteer: gaz_bytes, slices, venues: venue_bytes, venues_main, venues_details, report, stats })
}

/// The département outlines source (offline base map).
pub const OUTLINES_FILE: &str = "boundaries/departements-version-simplifiee.geojson";

/// The département outlines for the offline base map: coordinates rounded to 0.005° (~500 m,
/// plenty at the zooms where outlines matter), repeated points dropped, only `code` and `nom`
/// kept. About a quarter of the source's size.
pub fn outlines(geojson: &str) -> Result<String, String> {
    use serde_json::{json, Value};
    let doc: Value = serde_json::from_str(geojson).map_err(|e| e.to_string())?;
    let round = |v: f64| (v * 200.0).round() / 200.0;
    fn ring(r: &Value, round: &dyn Fn(f64) -> f64) -> Value {
        let mut out: Vec<Value> = Vec::new();
        let mut last: Option<(f64, f64)> = None;
        for p in r.as_array().into_iter().flatten() {
            let (x, y) = (round(p[0].as_f64().unwrap_or(0.0)), round(p[1].as_f64().unwrap_or(0.0)));
            if last != Some((x, y)) {
                out.push(json!([x, y]));
                last = Some((x, y));
            }
        }
        Value::Array(out)
    }
    let mut features = Vec::new();
    for f in doc["features"].as_array().ok_or("no features")? {
        let g = &f["geometry"];
        let coords = match g["type"].as_str() {
            Some("Polygon") => Value::Array(g["coordinates"].as_array().ok_or("bad polygon")?.iter().map(|r| ring(r, &round)).collect()),
            Some("MultiPolygon") => Value::Array(
                g["coordinates"]
                    .as_array()
                    .ok_or("bad multipolygon")?
                    .iter()
                    .map(|poly| Value::Array(poly.as_array().into_iter().flatten().map(|r| ring(r, &round)).collect()))
                    .collect(),
            ),
            _ => continue,
        };
        features.push(json!({"type": "Feature", "properties": {"code": f["properties"]["code"], "nom": f["properties"]["nom"]}, "geometry": {"type": g["type"], "coordinates": coords}}));
    }
    serde_json::to_string(&json!({"type": "FeatureCollection", "features": features})).map_err(|e| e.to_string())
}

/// `meta.json` for the JS entry: the version and the venue type keys with their labels.
pub fn meta_json(version: &str) -> String {
    use serde_json::json;
    let list = |table: &[crate::venues::VenueType], kind: &str| -> Vec<serde_json::Value> {
        table.iter().map(|t| json!({"key": t.key, "label": t.label_fr, "labelEn": t.label_en, "kind": kind})).collect()
    };
    let mut types = list(crate::venues::TYPES, "type");
    types.extend(list(crate::venues::LABELS, "label"));
    json!({"version": version, "types": types}).to_string()
}
