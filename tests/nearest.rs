//! The spatial index returns exactly what a full scan returns: same ids, same order, same
//! distances, on thousands of random points, with and without radius and type filters.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use tiers_lieux::lookup::geo::{haversine_km, LatLon};
use tiers_lieux::lookup::nearest::{nearest_by_scan, KdIndex};
use tiers_lieux::lookup::{Scope, VenueFilter};

#[path = "../bench/common.rs"]
mod common_bench;
use common_bench::Rng;

#[test]
fn index_equals_full_scan_on_real_venues() {
    let t = common::venues();
    let points: Vec<LatLon> = (0..t.len()).map(|i| t.position(i)).collect();
    let kd = KdIndex::build(&points);
    let mut rng = Rng(0x5eed);
    for round in 0..4000 {
        // Mostly metropolitan France, some overseas, some far away.
        let origin = match round % 10 {
            0 => LatLon::new(rng.range(-22.0, 17.0), rng.range(-62.0, 56.0)),
            1 => LatLon::new(rng.range(-80.0, 80.0), rng.range(-180.0, 180.0)),
            _ => LatLon::new(rng.range(41.3, 51.1), rng.range(-5.2, 9.6)),
        };
        let k = 1 + (rng.next() * 25.0) as usize;
        let radius = if round % 3 == 0 { Some(rng.range(1.0, 150.0)) } else { None };
        let mask = if round % 4 == 0 { 1u8 << (rng.next() * 4.0) as u8 } else { 0 };
        let keep = |id: u32| mask == 0 || t.types(id as usize) & mask != 0;
        let fast = kd.nearest(origin, k, radius, keep);
        let slow = nearest_by_scan(&points, origin, k, radius, keep);
        assert_eq!(fast, slow, "round {round}: origin {origin:?} k {k} radius {radius:?} mask {mask}");
    }
}

#[test]
fn index_equals_full_scan_with_many_ties() {
    // Points on a coarse grid with duplicates: many equal distances, broken by id.
    let mut rng = Rng(42);
    let points: Vec<LatLon> =
        (0..3000).map(|_| LatLon::new((rng.range(45.0, 46.0) * 20.0).round() / 20.0, (rng.range(2.0, 3.0) * 20.0).round() / 20.0)).collect();
    let kd = KdIndex::build(&points);
    for _ in 0..2000 {
        let origin = LatLon::new((rng.range(44.9, 46.1) * 20.0).round() / 20.0, (rng.range(1.9, 3.1) * 20.0).round() / 20.0);
        let k = 1 + (rng.next() * 40.0) as usize;
        assert_eq!(kd.nearest(origin, k, None, |_| true), nearest_by_scan(&points, origin, k, None, |_| true));
    }
}

#[test]
fn finder_nearest_respects_scope_types_radius() {
    let f = common::finder(Scope { regions: vec!["53".into()], departements: vec![] });
    let paris = LatLon::new(48.8566, 2.3522);
    let (fablabs, _) = VenueFilter::from_keys(["fablab"]);
    let r = f.nearest(paris, 10, None, fablabs).unwrap();
    assert_eq!(r.len(), 10);
    for n in &r {
        let v = f.table().get(n.id as usize);
        assert_eq!(v.region, "53");
        assert!(v.types & 2 != 0);
        assert_eq!(n.distance_km, haversine_km(paris, v.position));
    }
    assert!(r.windows(2).all(|w| w[0].distance_km <= w[1].distance_km));
    let rennes = LatLon::new(48.11198, -1.68029);
    let within = f.nearest(rennes, 50, Some(5.0), VenueFilter::ALL).unwrap();
    assert!(!within.is_empty() && within.iter().all(|n| n.distance_km <= 5.0));
    assert!(f.nearest(LatLon::new(91.0, 0.0), 3, None, VenueFilter::ALL).is_err());
    let in_35 = f.nearest_where(paris, 500, None, VenueFilter::ALL, Some("35")).unwrap();
    assert!(!in_35.is_empty() && in_35.iter().all(|n| f.table().departement(n.id as usize) == "35"));
    assert!(f.nearest(rennes, 0, None, VenueFilter::ALL).unwrap().is_empty());
}

/// The filter chips' and distance choices' counts agree with what a search would list: the
/// count within R is the number of venues `nearest` finds within R with no limit, for every
/// type filter and département; the chip counts are the venues in scope of each kind.
#[test]
fn filter_counts_agree_with_nearest() {
    let f = common::finder(Scope { regions: vec!["53".into()], departements: vec![] });
    let rennes = LatLon::new(48.11198, -1.68029);
    let radii = [5.0, 10.0, 20.0, 50.0, 100.0];
    for keys in [vec![], vec!["coworking"], vec!["fablab", "fabrique-de-territoire"]] {
        let (filter, _) = VenueFilter::from_keys(keys.iter().copied());
        for dep in [None, Some("35"), Some("29")] {
            let counts = f.count_within(rennes, &radii, filter, dep);
            for (r, c) in radii.iter().zip(&counts) {
                let all = f.nearest_where(rennes, 100_000, Some(*r), filter, dep).unwrap();
                assert_eq!(*c, all.len(), "{keys:?} {dep:?} within {r} km");
            }
            assert!(counts.windows(2).all(|w| w[0] <= w[1]));
        }
    }
    assert!(f.count_within(rennes, &[100.0], VenueFilter::ALL, None)[0] > 50, "Rennes has many venues within 100 km");
    let kinds = f.kind_counts();
    assert!(kinds.iter().any(|k| k.0.key == "coworking" && !k.1) && kinds.iter().any(|k| k.0.key == "fabrique-de-territoire" && k.1));
    for (kind, is_label, n) in kinds {
        let expected = f
            .in_scope()
            .iter()
            .filter(|&&i| if is_label { f.table().labels(i as usize) } else { f.table().types(i as usize) } & kind.bit != 0)
            .count();
        assert_eq!(n, expected, "{}", kind.key);
        assert!(n > 0);
    }
}
