//! The widget's clustering (`tiers_lieux_cluster`, the `cluster` of the core) behind a few plain `extern "C"`
//! functions, no wasm-bindgen: `bench/clusters.mjs` instantiates it with `WebAssembly` in Node
//! and times it beside supercluster, in the same engine. One index at a time (a benchmark, not an
//! API): `points(n)` gives the place to write n lat, lon pairs; `build` indexes them; `query`
//! writes the items of a view as lat, lon, count, payload into `items()` and returns how many,
//! as the map's overview does on every move.

use std::cell::RefCell;

use tiers_lieux_cluster::{ClusterIndex, ClusterOptions};

thread_local! {
    static INPUT: RefCell<Vec<[f64; 2]>> = const { RefCell::new(Vec::new()) };
    static INDEX: RefCell<Option<ClusterIndex>> = const { RefCell::new(None) };
    static ITEMS: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
}

/// Room for `n` points (lat, lon pairs); returns where to write them.
#[no_mangle]
pub extern "C" fn points(n: usize) -> *mut f64 {
    INPUT.with_borrow_mut(|v| {
        *v = vec![[0.0; 2]; n];
        v.as_mut_ptr().cast()
    })
}

/// Builds the hierarchy over the points written (the widget's options when `radius` is 0).
#[no_mangle]
pub extern "C" fn build(radius: f64, extent: f64, max_zoom: u32) -> usize {
    let options = if radius == 0.0 { ClusterOptions::MAP } else { ClusterOptions { radius, extent, min_zoom: 0, max_zoom: max_zoom as u8 } };
    // The index keeps the points: the next `points` call allocates anew.
    let index = ClusterIndex::build(INPUT.take(), options);
    let n = index.len();
    INDEX.with_borrow_mut(|i| *i = Some(index));
    n
}

/// The items of the view at `zoom`, written to `items()`; returns their number.
#[no_mangle]
pub extern "C" fn query(west: f64, south: f64, east: f64, north: f64, zoom: f64) -> usize {
    INDEX.with_borrow(|index| {
        let Some(index) = index else { return 0 };
        ITEMS.with_borrow_mut(|items| {
            items.clear();
            index.for_each_in(west, south, east, north, zoom, &mut |it| {
                items.extend([it.lat, it.lon, it.count as f64, it.payload as f64]);
            });
            items.len() / 4
        })
    })
}

/// Where the last query's items are.
#[no_mangle]
pub extern "C" fn items() -> *const f64 {
    ITEMS.with_borrow(|v| v.as_ptr())
}
