//! Runs the data pipeline on the committed sources in `data/` and writes the assets to OUT_DIR:
//! `venues.bin`, which the widget embeds, and `venues-details.bin`, which it fetches at ready (and
//! the host tests attach); `communes.bin`, the whole gazetteer, and
//! `communes-slices/`, the gazetteer as `pkg/` ships it (a root and its slices), both for the host
//! tests. `make data` runs the same pipeline through `tl-data` for `pkg/` and `data/REPORT.md`.

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
    std::fs::write(out.join("venues.bin"), &built.venues_main).expect("writing venues.bin");
    std::fs::write(out.join("venues-details.bin"), &built.venues_details).expect("writing venues-details.bin");
    std::fs::write(out.join("communes.bin"), &built.gazetteer).expect("writing communes.bin");
    // The sliced gazetteer as pkg/ ships it, for the host tests that compare it with the whole.
    let slices = out.join("communes-slices");
    let _ = std::fs::remove_dir_all(&slices);
    std::fs::create_dir_all(&slices).expect("creating communes-slices");
    std::fs::write(slices.join("communes.bin"), &built.slices.root).expect("writing the slices' root");
    for (name, bytes) in &built.slices.files {
        std::fs::write(slices.join(name), bytes).expect("writing a slice");
    }
    std::fs::write(out.join("REPORT.md"), &built.report).expect("writing REPORT.md");
}
