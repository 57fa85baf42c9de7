//! The binary assets' decoders on damaged input: the fuzzer's bytes are patches applied to small
//! valid assets made by the real encoders (random bytes alone rarely get past a header), plus the
//! raw bytes themselves. Decoding answers or refuses, never panics; a table that decodes answers
//! `get`, `nearest` and `search` for every row.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tiers_lieux_core::geo::LatLon;
use tiers_lieux_core::places::{self, PlaceKind, PlaceRecord};
use tiers_lieux_core::venues::{self, Venue};
use tiers_lieux_core::{format::Container, Finder, Gazetteer, Lang, Scope, VenueFilter, VenueTable};

/// A three-venue table and a one-département, three-commune gazetteer, valid.
fn valid_assets() -> &'static (Vec<u8>, Vec<u8>) {
    static ASSETS: OnceLock<(Vec<u8>, Vec<u8>)> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let v = |id: &str, name: &str, lat: f64, lon: f64, types: u8| Venue {
            id: id.into(), name: name.into(), commune: "Rennes".into(), code_insee: "35238".into(), departement: "35".into(),
            region: "53".into(), position: Some(LatLon::new(lat, lon)), website: "https://a.fr".into(), types, ..Venue::default()
        };
        let table = venues::encode(&[v("a", "La Ruche", 48.11, -1.68, 1), v("b", "Fab Lab Saint-Malo", 48.65, -2.0, 2), v("c", "Atelier", 47.9, -1.5, 4)], &[("source", "fuzz")]);
        let p = |kind, code: &str, name: &str, parent, population, pos: Option<(f64, f64)>, postcodes: &[&str]| PlaceRecord {
            kind, code: code.into(), name: name.into(), parent, dep: 0, population,
            position: pos.map(|(a, b)| LatLon::new(a, b)), postcodes: postcodes.iter().map(|s| s.to_string()).collect(),
        };
        let gaz = places::encode(
            &[
                p(PlaceKind::Departement, "35", "Ille-et-Vilaine", 0, 1_000_000, Some((48.11, -1.68)), &[]),
                p(PlaceKind::Commune, "35238", "Rennes", 1, 220_000, Some((48.11, -1.68)), &["35000", "35200"]),
                p(PlaceKind::Commune, "35288", "Saint-Malo", 2, 47_000, Some((48.65, -2.0)), &["35400"]),
                p(PlaceKind::Former, "35289", "Saint-Servan", 2, 0, None, &[]),
            ],
            &["53".to_owned()],
        )
        .expect("a valid small gazetteer");
        (table, gaz)
    })
}

/// `data` as edits of `base`: the first byte picks truncation, then (offset, value) pairs.
fn damaged(base: &[u8], data: &[u8]) -> Vec<u8> {
    let mut out = base.to_vec();
    let Some((&cut, edits)) = data.split_first() else { return out };
    for e in edits.chunks_exact(3) {
        let at = (u16::from_le_bytes([e[0], e[1]]) as usize) % out.len().max(1);
        if let Some(b) = out.get_mut(at) {
            *b = e[2];
        }
    }
    if cut < 32 {
        out.truncate(out.len() * cut as usize / 32);
    }
    out
}

fn exercise_table(bytes: Vec<u8>) {
    if let Ok(t) = VenueTable::from_bytes(bytes) {
        for i in 0..t.len().min(64) {
            let _ = t.get(i);
        }
        let f = Finder::new(t, Scope::default(), VenueFilter::ALL);
        let _ = f.nearest(LatLon::new(48.1, -1.7), 5, None, VenueFilter::ALL);
        let _ = f.search(None, "la ruche", 8, Lang::Fr);
    }
}

fn exercise_gazetteer(bytes: Vec<u8>, query: &str) {
    if let Ok(g) = Gazetteer::from_bytes(bytes) {
        for i in 0..g.len().min(64) {
            let _ = (g.name(i), g.code(i), g.position(i), g.suggestion(i, Lang::Fr));
        }
        let f = Finder::new(VenueTable::empty(), Scope::default(), VenueFilter::ALL);
        let _ = f.search(Some(&g), query, 8, Lang::Fr);
    }
}

fuzz_target!(|data: &[u8]| {
    let (table, gaz) = valid_assets();
    let _ = Container::parse(data.to_vec().into(), venues::MAGIC, venues::VERSION);
    exercise_table(data.to_vec());
    exercise_table(damaged(table, data));
    exercise_gazetteer(data.to_vec(), "rennes");
    exercise_gazetteer(damaged(gaz, data), if data.len() % 2 == 0 { "saint" } else { "35" });
});
