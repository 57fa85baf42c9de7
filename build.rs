//! Runs the data pipeline on the committed sources in `data/` and writes both assets to OUT_DIR:
//! `venues.bin`, which the widget embeds, and `communes.bin` (the gazetteer, which `pkg/` ships
//! as a separate file loaded on first use; host tests read it from here). `make data` runs the
//! same pipeline through `tl-data` to write `pkg/communes.bin` and `data/REPORT.md`.

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let data = root.join("data");
    for f in tiers_lieux_core::pipeline::SOURCE_FILES {
        println!("cargo:rerun-if-changed={}", data.join(f).display());
    }
    let sources = tiers_lieux_core::pipeline::Sources::read(&data).unwrap_or_else(|e| panic!("reading {}: {e}", data.display()));
    let built = tiers_lieux_core::pipeline::build(&sources).unwrap_or_else(|e| panic!("data pipeline: {e}"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("venues.bin"), &built.venues).expect("writing venues.bin");
    std::fs::write(out.join("communes.bin"), &built.gazetteer).expect("writing communes.bin");
    std::fs::write(out.join("REPORT.md"), &built.report).expect("writing REPORT.md");
}
