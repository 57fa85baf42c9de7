//! The commune slices a typed session fetches, as the widget does: the side-by-side bench's
//! queries typed letter by letter from the root alone; each prefix loads what `Places::parts`
//! asks for, then what `Places::ahead` fetches for the next letter. Prints each query's files
//! (`>`: fetched ahead) and the totals, uncompressed.
//! Usage: cargo run --release -p tiers-lieux-core --example session_slices -- target/data

use std::rc::Rc;

use tiers_lieux_core::places::{Gazetteer, Scope};
use tiers_lieux_core::slices::{Parts, Places, SliceRoot};
use tiers_lieux_core::venues::VenueTable;
use tiers_lieux_core::{Finder, Lang, VenueFilter};

/// The queries of `bench/side-by-side.mjs`, « sa » typed at ready first.
const QUERIES: [&str; 11] =
    ["sa", "rennes", "quimper", "35000", "saint-malo", "aix en provence", "mont de marsan", "beziers", "Besancon", "29200", "lannion"];

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "target/data".into()));
    let read = |p: std::path::PathBuf| std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e} (run make data)", p.display()));
    let root = Rc::new(SliceRoot::from_bytes(read(dir.join("communes.bin"))).expect("the root decodes"));
    let venues = VenueTable::from_bytes(read(dir.join("venues.bin"))).expect("the venues decode");
    let finder = Finder::new(venues, Scope::default(), VenueFilter::ALL);
    let slice = |f: usize| Rc::new(Gazetteer::from_bytes(read(dir.join("communes").join(&root.files()[f]))).expect("a slice decodes"));
    let mut places = Places { slices: vec![None; root.files().len()], root: Some(root.clone()) };
    let (mut files, mut bytes) = (0, 0u64);
    for q in QUERIES {
        let mut line = String::new();
        // Each prefix, then the query finished (a space after it).
        for p in q.char_indices().skip(1).map(|(i, _)| &q[..i]).chain([q]) {
            let mut fetch = |places: &mut Places, f: usize, mark: char| {
                files += 1;
                bytes += root.size(f) as u64;
                line.push_str(&format!(" {p}{mark}{} ({} B)", root.files()[f], root.size(f)));
                places.slices[f] = Some(slice(f));
            };
            while let Parts::Missing(missing) = places.parts(p, &Scope::default(), 8) {
                for f in missing {
                    fetch(&mut places, f, ':');
                }
            }
            let shown = finder.search_in(&places.loaded(), p, 8, Lang::Fr);
            for f in places.ahead(p, &Scope::default(), 8, &shown) {
                fetch(&mut places, f, '>');
            }
        }
        println!("{q}:{line}");
    }
    println!("{files} slices, {bytes} bytes uncompressed (make size-check gives brotli sizes)");
}
