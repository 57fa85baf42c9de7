//! Lookup benchmarks on the real data, each beside a naive baseline:
//! - type-ahead per keystroke over the whole gazetteer + venues: every prefix of a fixed list of
//!   queries, as typed; p50/p95 over keystrokes (index vs scan of pre-folded names);
//! - nearest k = 10 from random points in France (kd index vs full scan).
//!
//! `make bench` (or `cargo bench --bench lookup`). Prints a table, writes `bench/out/lookup.json`,
//! then runs the criterion groups for the same operations.

#[path = "common.rs"]
mod common;
use common::{median_us, Rng};
use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, Criterion};
use tiers_lieux::lookup::geo::LatLon;
use tiers_lieux::lookup::nearest::{nearest_by_scan, KdIndex};
use tiers_lieux::lookup::text;
use tiers_lieux::lookup::{Finder, Gazetteer, Lang, Scope, VenueFilter, VenueTable};

const QUERIES: &[&str] = &[
    "Rennes",
    "Saint-Martin-de-Crau",
    "Paris 11e",
    "Bellegarde-sur-Valserine",
    "35000",
    "Toulouze",
    "st malo",
    "Ille-et-Vilaine",
    "La Cordée",
    "Lyon 3e",
    "Noaillan",
    "Clermont-Ferrand",
    "Besançon",
    "33730",
    "Aix-en-Provence",
    "Quimper",
];

/// What a developer without an index would write: names folded once, then for each keystroke a
/// scan of every name checking each query word against its words, sorted by population.
struct NaiveSearch {
    names: Vec<(Vec<String>, u32)>,
}

impl NaiveSearch {
    fn new(g: &Gazetteer) -> Self {
        NaiveSearch { names: (0..g.len()).map(|i| (text::index_tokens(g.name(i)), g.population(i))).collect() }
    }
    fn search(&self, q: &str, limit: usize) -> Vec<usize> {
        let words = text::index_tokens(q);
        let mut hits: Vec<(u32, usize)> = self
            .names
            .iter()
            .enumerate()
            .filter(|(_, (toks, _))| words.iter().all(|w| toks.iter().any(|t| t.starts_with(w.as_str()))))
            .map(|(i, (_, pop))| (u32::MAX - pop, i))
            .collect();
        hits.sort_unstable();
        hits.truncate(limit);
        hits.into_iter().map(|h| h.1).collect()
    }
}

fn keystrokes() -> Vec<String> {
    QUERIES.iter().flat_map(|q| q.char_indices().map(move |(i, c)| q[..i + c.len_utf8()].to_owned())).collect()
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn random_points(n: usize) -> Vec<LatLon> {
    let mut r = Rng(0x9e3779b97f4a7c15);
    (0..n).map(|_| LatLon::new(r.range(41.5, 51.0), r.range(-4.8, 8.2))).collect()
}

fn load() -> (Gazetteer, Finder) {
    let g = Gazetteer::from_bytes(tiers_lieux::GAZETTEER.to_vec()).expect("gazetteer");
    let v = VenueTable::from_bytes(tiers_lieux::NATIONAL_VENUES.to_vec()).expect("venues");
    (g, Finder::new(v, Scope::default(), VenueFilter::ALL))
}

fn summary() {
    let t0 = Instant::now();
    let (g, f) = load();
    let load_ms = t0.elapsed().as_secs_f64() * 1e3;
    let naive = NaiveSearch::new(&g);
    let keys = keystrokes();
    let mut fast: Vec<f64> = keys.iter().map(|k| median_us(31, || drop(black_box(f.search(Some(&g), k, 8, Lang::Fr))))).collect();
    let mut slow: Vec<f64> = keys.iter().map(|k| median_us(11, || drop(black_box(naive.search(k, 8))))).collect();

    let venues = f.table();
    let points: Vec<LatLon> = (0..venues.len()).map(|i| venues.position(i)).collect();
    let kd = KdIndex::build(&points);
    let origins = random_points(2000);
    let per_query = |f: &dyn Fn(LatLon)| {
        let s = Instant::now();
        for &o in &origins {
            f(o);
        }
        s.elapsed().as_secs_f64() * 1e6 / origins.len() as f64
    };
    let nearest_kd = per_query(&|o| drop(black_box(kd.nearest(o, 10, None, |_| true))));
    let nearest_scan = per_query(&|o| drop(black_box(nearest_by_scan(&points, o, 10, None, |_| true))));

    let (fp50, fp95) = (percentile(&mut fast, 0.5), percentile(&mut fast, 0.95));
    let (sp50, sp95) = (percentile(&mut slow, 0.5), percentile(&mut slow, 0.95));
    println!("\nlookup bench ({} keystrokes over {} gazetteer entries + {} venues; native, 1 thread)", keys.len(), g.len(), venues.len());
    println!("| measure | index | naive scan | ratio |\n|---|---|---|---|");
    println!("| search per keystroke p50 (µs) | {fp50:.1} | {sp50:.1} | {:.2} |", fp50 / sp50);
    println!("| search per keystroke p95 (µs) | {fp95:.1} | {sp95:.1} | {:.2} |", fp95 / sp95);
    println!("| nearest k=10 mean (µs) | {nearest_kd:.2} | {nearest_scan:.2} | {:.3} |", nearest_kd / nearest_scan);
    println!("| decode gazetteer + venues, build indexes (ms) | {load_ms:.1} | | |");
    let json = format!(
        "{{\"keystrokes\":{},\"search_p50_us\":{fp50:.2},\"search_p95_us\":{fp95:.2},\"naive_search_p50_us\":{sp50:.2},\"naive_search_p95_us\":{sp95:.2},\"nearest_k10_us\":{nearest_kd:.3},\"naive_nearest_k10_us\":{nearest_scan:.3},\"load_ms\":{load_ms:.2}}}\n",
        keys.len()
    );
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/out");
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(format!("{dir}/lookup.json"), json);
}

fn criterion_groups(c: &mut Criterion) {
    let (g, f) = load();
    let naive = NaiveSearch::new(&g);
    let mut group = c.benchmark_group("search");
    for q in ["r", "ren", "saint-m", "bellegarde sur v", "3573"] {
        group.bench_function(format!("index {q:?}"), |b| b.iter(|| f.search(Some(&g), black_box(q), 8, Lang::Fr)));
        group.bench_function(format!("naive {q:?}"), |b| b.iter(|| naive.search(black_box(q), 8)));
    }
    group.finish();
    let venues = f.table();
    let points: Vec<LatLon> = (0..venues.len()).map(|i| venues.position(i)).collect();
    let kd = KdIndex::build(&points);
    let o = LatLon::new(47.2, 2.1);
    let mut group = c.benchmark_group("nearest k=10");
    group.bench_function("kd index", |b| b.iter(|| kd.nearest(black_box(o), 10, None, |_| true)));
    group.bench_function("full scan", |b| b.iter(|| nearest_by_scan(&points, black_box(o), 10, None, |_| true)));
    group.finish();
    c.bench_function("decode + index gazetteer", |b| b.iter(|| Gazetteer::from_bytes(black_box(tiers_lieux::GAZETTEER.to_vec()))));
}

criterion_group!(benches, criterion_groups);

fn main() {
    summary();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
