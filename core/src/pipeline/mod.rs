//! Build-time data pipeline: the committed sources in `data/` → the two binary assets and the
//! data report. Deterministic: the same sources always give the same bytes.
//!
//! Every venue row that is repaired, merged, dropped or labelled is written to the report with
//! its reason, so nothing is lost silently.

mod anct;
mod cget;
mod gazetteer;
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
}

/// Paths of the sources below the data folder (also what build.rs watches).
pub const SOURCE_FILES: &[&str] = &[
    "gazetteer/communes_gazetteer_2026.csv",
    "gazetteer/departements.json",
    "gazetteer/regions.json",
    "cget-tiers-lieux-2019/tiers-lieux-2019.csv",
    "anct/fabt_geom.geojson",
    "anct/manuprox_geom.geojson",
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
        })
    }
}

/// What the pipeline produces.
pub struct Built {
    /// `communes.bin`: the gazetteer asset.
    pub gazetteer: Vec<u8>,
    /// `venues.bin`: the national venue table (embedded in the wasm).
    pub venues: Vec<u8>,
    /// `data/REPORT.md`.
    pub report: String,
    pub stats: Stats,
}

/// Attribution carried inside the venue asset and shown by the widget.
pub const VENUE_SOURCE: &str = "ANCT/CGET, Mission Coworking 2019 ; ANCT, Fabriques de Territoire et Manufactures de proximité 2024";
pub const VENUE_LICENCE: &str = "Licence Ouverte 2.0 (Etalab)";
pub const VENUE_DATE: &str = "2019";

pub fn build(src: &Sources) -> Result<Built, String> {
    let gaz = gazetteer::build(src)?;
    let mut log = report::Log::default();
    let mut venues = cget::read(&src.venues_csv, &gaz, &mut log)?;
    cget::merge_duplicates(&mut venues, &mut log);
    anct::apply(&mut venues, &src.fabriques_geojson, anct::Programme::Fabrique, &gaz, &mut log)?;
    anct::apply(&mut venues, &src.manufactures_geojson, anct::Programme::Manufacture, &gaz, &mut log)?;
    let stats = report::stats(&venues, &log, &gaz);
    let meta = [("source", VENUE_SOURCE), ("licence", VENUE_LICENCE), ("date", VENUE_DATE)];
    let venue_bytes = crate::venues::encode(&venues, &meta);
    let gaz_bytes = crate::places::encode(&gaz.places, &gaz.dep_regions, &gaz.regions)?;
    let report = report::render(&stats, &log, &gaz, gaz_bytes.len(), venue_bytes.len());
    Ok(Built { gazetteer: gaz_bytes, venues: venue_bytes, report, stats })
}
