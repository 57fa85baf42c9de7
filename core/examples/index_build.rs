//! Times decoding the venues' table and building its name index on the host:
//! `cargo run --release -p tiers-lieux-core --example index_build -- <venues.bin>` (the build's
//! `target/wasm32-unknown-unknown/wasm-release/build/tiers-lieux-*/out/venues.bin`).
use std::time::Instant;
use tiers_lieux_core::venues::VenueTable;
fn main() {
    let bytes = std::fs::read(std::env::args().nth(1).expect("venues.bin")).expect("read");
    let n = 50;
    let t = Instant::now();
    for _ in 0..n {
        let v = VenueTable::from_bytes(bytes.clone()).expect("table");
        std::hint::black_box(&v);
    }
    let decode = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
    let t = Instant::now();
    for _ in 0..n {
        let v = VenueTable::from_bytes(bytes.clone()).expect("table");
        v.build_index();
        std::hint::black_box(&v);
    }
    println!("decode {decode:.3} ms, decode + index {:.3} ms", t.elapsed().as_secs_f64() * 1000.0 / n as f64);
}
