//! Shared helpers for host tests: the real assets as the build produced them from `data/`, and
//! golden-file comparison.
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;
use tiers_lieux::lookup::{Finder, Gazetteer, Scope, VenueFilter, VenueTable};

pub fn gazetteer() -> Gazetteer {
    Gazetteer::from_bytes(tiers_lieux::GAZETTEER.to_vec()).expect("the built gazetteer decodes")
}

/// The sliced gazetteer as `pkg/` ships it, every slice loaded.
pub fn sliced_places() -> tiers_lieux::lookup::slices::Places {
    use std::rc::Rc;
    use tiers_lieux::lookup::slices::{Places, SliceRoot};
    let dir = std::path::Path::new(tiers_lieux::GAZETTEER_SLICES_DIR);
    let root = SliceRoot::from_bytes(std::fs::read(dir.join("communes.bin")).unwrap()).expect("the root decodes");
    let slices =
        root.files().iter().map(|f| Some(Rc::new(Gazetteer::from_bytes(std::fs::read(dir.join(f)).unwrap()).expect("a slice decodes")))).collect();
    Places { root: Some(Rc::new(root)), slices }
}

/// The same with only the root loaded.
pub fn root_only(places: &tiers_lieux::lookup::slices::Places) -> tiers_lieux::lookup::slices::Places {
    tiers_lieux::lookup::slices::Places { root: places.root.clone(), slices: vec![None; places.slices.len()] }
}

/// The national venue table with its details attached, as the widget has it once they arrived.
pub fn venues() -> VenueTable {
    tiers_lieux::national_venues_whole()
}

pub fn finder(scope: Scope) -> Finder {
    Finder::new(venues(), scope, VenueFilter::ALL)
}

pub fn fixture_in(name: &str) -> Value {
    fixture("in", name)
}

/// An expected answer written by another program (not by `assert_golden`'s update).
pub fn fixture_out(name: &str) -> Value {
    fixture("out", name)
}

fn fixture(dir: &str, name: &str) -> Value {
    let p = root().join("tests/fixtures").join(dir).join(name);
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).expect("valid JSON fixture")
}

/// Compares `actual` with `tests/fixtures/out/NAME`; `UPDATE_FIXTURES=1` rewrites the file
/// (then review the diff: a golden file is only as good as the reading it got).
pub fn assert_golden(name: &str, actual: &Value) {
    let p = root().join("tests/fixtures/out").join(name);
    let text = serde_json::to_string_pretty(actual).unwrap() + "\n";
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&p, &text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_FIXTURES=1 once)", p.display()));
    let expected: Value = serde_json::from_str(&expected).unwrap();
    if &expected != actual {
        let (e, a) = (expected.as_array(), actual.as_array());
        if let (Some(e), Some(a)) = (e, a) {
            for (x, y) in e.iter().zip(a) {
                assert_eq!(x, y, "golden {name}: first differing case");
            }
        }
        panic!("golden {name} differs:\n{text}");
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
