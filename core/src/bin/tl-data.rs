//! `tl-data DATA_DIR OUT_DIR`: runs the data pipeline and writes into OUT_DIR the widget's data
//! files: `communes.bin`, `venues.bin` (whole), `venues-details.bin` (the details part the widget
//! fetches at ready), `outlines.geojson` (offline base map), `meta.json`
//! (version and venue types for the JS API) and `REPORT.md`. `--report` also writes the report to
//! `DATA_DIR/REPORT.md`; `--check` fails when the committed one differs.
//! `--baseline-json` also writes `venues.json`, `venues-lean.json` and `communes.json`, the same data for the
//! plain-JavaScript baseline of the side-by-side benchmark (`bench/side-by-side.mjs`).

use std::path::PathBuf;
use std::process::ExitCode;

use tiers_lieux_core::pipeline::{build, Sources};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let write_report = args.iter().any(|a| a == "--report");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let (Some(data), Some(out)) = (paths.first(), paths.get(1)) else {
        eprintln!("usage: tl-data [--check] DATA_DIR OUT_DIR");
        return ExitCode::from(2);
    };
    let (data, out) = (PathBuf::from(data), PathBuf::from(out));
    let built = match Sources::read(&data).map_err(|e| e.to_string()).and_then(|s| build(&s)) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("tl-data: {e}");
            return ExitCode::FAILURE;
        }
    };
    let report_path = data.join("REPORT.md");
    if check {
        let current = std::fs::read_to_string(&report_path).unwrap_or_default();
        if current != built.report {
            eprintln!("tl-data: {} is out of date: run `make data`", report_path.display());
            return ExitCode::FAILURE;
        }
    } else if write_report {
        if let Err(e) = std::fs::write(&report_path, &built.report) {
            eprintln!("tl-data: {}: {e}", report_path.display());
            return ExitCode::FAILURE;
        }
    }
    let outlines = match std::fs::read_to_string(data.join(tiers_lieux_core::pipeline::OUTLINES_FILE))
        .map_err(|e| e.to_string())
        .and_then(|t| tiers_lieux_core::pipeline::outlines(&t))
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("tl-data: outlines: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::create_dir_all(&out)
        .and_then(|_| std::fs::write(out.join("communes.bin"), &built.slices.root))
        .and_then(|_| std::fs::write(out.join("communes-whole.bin"), &built.gazetteer))
        .and_then(|_| {
            let dir = out.join("communes");
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir)?;
            built.slices.files.iter().try_for_each(|(name, bytes)| std::fs::write(dir.join(name), bytes))
        })
        .and_then(|_| std::fs::write(out.join("venues.bin"), &built.venues))
        .and_then(|_| std::fs::write(out.join("venues-details.bin"), &built.venues_details))
        .and_then(|_| std::fs::write(out.join("outlines.geojson"), &outlines))
        .and_then(|_| std::fs::write(out.join("meta.json"), tiers_lieux_core::pipeline::meta_json(env!("CARGO_PKG_VERSION"))))
        .and_then(|_| std::fs::write(out.join("REPORT.md"), &built.report))
    {
        eprintln!("tl-data: {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    // `--baseline-json`: the same data as JSON, for the plain-JavaScript build of bench/baseline.
    if args.iter().any(|a| a == "--baseline-json") {
        use tiers_lieux_core::pipeline::baseline;
        let written = baseline::venues_json(&built.venues)
            .and_then(|v| Ok((v, baseline::venues_lean_json(&built.venues)?, baseline::communes_json(&built.gazetteer)?)))
            .map_err(|e| e.to_string())
            .and_then(|(v, lean, c)| {
                std::fs::write(out.join("venues.json"), v)
                    .and_then(|_| std::fs::write(out.join("venues-lean.json"), lean))
                    .and_then(|_| std::fs::write(out.join("communes.json"), c))
                    .map_err(|e| e.to_string())
            });
        if let Err(e) = written {
            eprintln!("tl-data: baseline JSON: {e}");
            return ExitCode::FAILURE;
        }
    }
    println!("{:#?}", built.stats);
    println!(
        "communes.bin (root) {} bytes and {} slices, venues.bin {} bytes (embedded part {} bytes, details {} bytes)",
        built.slices.root.len(),
        built.slices.files.len(),
        built.venues.len(),
        built.venues_main.len(),
        built.venues_details.len()
    );
    ExitCode::SUCCESS
}
