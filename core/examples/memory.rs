//! Heap used by the decoded assets, as the widget's wasm memory sees it: the peak while decoding
//! (the wasm memory never shrinks, so its size is this peak) and what stays live after.
//! Usage: cargo run --release -p tiers-lieux-core --example memory -- target/data

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let now = LIVE.fetch_add(new, Relaxed) + new;
        PEAK.fetch_max(now, Relaxed);
        let r = System.realloc(p, l, new);
        LIVE.fetch_sub(l.size(), Relaxed);
        r
    }
}

#[global_allocator]
static A: Counting = Counting;

fn measure<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let v = f();
    let kib = |n: usize| n as f64 / 1024.0;
    println!("{what}: peak +{:.0} KiB, live after +{:.0} KiB", kib(PEAK.load(Relaxed) - before), kib(LIVE.load(Relaxed) - before));
    v
}

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "target/data".into()));
    // The whole gazetteer (the build's source of the root and slices): the most a page can hold.
    let communes = std::fs::read(dir.join("communes-whole.bin")).expect("communes-whole.bin (run make data)");
    let venues = std::fs::read(dir.join("venues.bin")).expect("venues.bin (run make build)");
    let _v = measure("venues (bytes + table + index)", || tiers_lieux_core::venues::VenueTable::from_bytes(venues.clone()));
    let arc: std::sync::Arc<[u8]> = measure("gazetteer bytes as Arc (from a Vec)", || communes.clone().into());
    let g =
        measure("gazetteer decoded from an Arc (columns + index)", || tiers_lieux_core::places::Gazetteer::from_bytes(arc.clone())).expect("decodes");
    let index = measure("  of which the token index alone", || {
        tiers_lieux_core::tokens::TokenIndex::build(g.len(), (0..g.len()).map(|i| (i as u32, g.name(i))))
    });
    println!("gazetteer: {} entries, {} postcode pairs, {} distinct tokens", g.len(), g.postcodes().count(), index.dict_len());
}
