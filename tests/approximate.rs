//! Venues known only by their commune's centre, on the real data: they rank at the far edge of
//! their commune's rough disk (`Finder::nearest_where`), so none comes before a precisely placed
//! venue that may be nearer; the list says where they are known to be, never a precise distance.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use tiers_lieux::lookup::geo::haversine_km;
use tiers_lieux::lookup::venues::FLAG_COMMUNE_LEVEL;
use tiers_lieux::lookup::{LatLon, Scope, VenueFilter};

/// The rule, by brute force: every venue's rank (distance + radius), sorted, ties by index.
fn ranked_by_scan(origin: LatLon, k: usize, radius_km: Option<f64>) -> Vec<(u32, f64)> {
    let t = common::venues();
    let mut all: Vec<(u32, f64, f64)> = (0..t.len())
        .map(|i| {
            let d = haversine_km(origin, t.position(i));
            (i as u32, d, d + t.position_radius_km(i))
        })
        .filter(|&(_, d, _)| radius_km.is_none_or(|r| d <= r))
        .collect();
    all.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)));
    all.into_iter().take(k).map(|(i, d, _)| (i, d)).collect()
}

#[test]
fn commune_level_venues_have_their_commune_s_radius() {
    let t = common::venues();
    let mut with_radius = 0;
    for i in 0..t.len() {
        let v = t.get(i);
        if v.flags & FLAG_COMMUNE_LEVEL != 0 {
            assert!(v.position_radius_km > 0.0, "{} ({}) has no radius", v.id, v.commune);
            with_radius += 1;
        } else {
            assert_eq!(v.position_radius_km, 0.0, "{} is placed at its address", v.id);
        }
    }
    assert!(with_radius > 400, "{with_radius}");
    // Rennes is 50.4 km²: a disk of 4.0 km (rounded up to the hectometre).
    let rennes = (0..t.len()).map(|i| t.get(i)).find(|v| v.flags & FLAG_COMMUNE_LEVEL != 0 && v.commune == "Rennes").expect("Rennes has one");
    assert_eq!(rennes.position_radius_km, 4.1);
}

#[test]
fn nearest_follows_the_far_edge_rule_everywhere() {
    let finder = common::finder(Scope::default());
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    for case in 0..300 {
        let origin = LatLon::new(42.5 + next() * 8.5, -4.5 + next() * 12.5);
        let k = 1 + (case % 25);
        let radius = if case % 3 == 0 { Some(5.0 + next() * 60.0) } else { None };
        let got: Vec<(u32, f64)> = finder.nearest(origin, k, radius, VenueFilter::ALL).unwrap().iter().map(|n| (n.id, n.distance_km)).collect();
        let want = ranked_by_scan(origin, k, radius);
        assert_eq!(got.len(), want.len(), "case {case}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g.0, w.0, "case {case}: {origin:?} k {k}");
            assert!((g.1 - w.1).abs() < 1e-9, "distance_km is the distance to the position");
        }
    }
}

#[test]
fn no_commune_level_venue_jumps_ahead_of_one_that_may_be_nearer() {
    let finder = common::finder(Scope::default());
    let t = finder.table();
    // The three towns: Rennes had 4 commune-level venues in its first 4 places.
    for (town, origin) in
        [("Rennes", LatLon::new(48.11198, -1.68186)), ("Lille", LatLon::new(50.6312, 3.0468)), ("Brest", LatLon::new(48.4001, -4.5026))]
    {
        let results = finder.nearest(origin, 50, None, VenueFilter::ALL).unwrap();
        for (pos, r) in results.iter().enumerate() {
            let i = r.id as usize;
            if t.get(i).flags & FLAG_COMMUNE_LEVEL == 0 {
                continue;
            }
            let farthest = r.distance_km + t.position_radius_km(i);
            // Every precisely placed venue that may be nearer (closer than the far edge) is before it.
            for later in &results[pos + 1..] {
                let j = later.id as usize;
                if t.get(j).flags & FLAG_COMMUNE_LEVEL == 0 {
                    assert!(
                        later.distance_km >= farthest,
                        "{town}: {} at {:.2} km after {} (up to {farthest:.2} km)",
                        t.id(j),
                        later.distance_km,
                        t.id(i)
                    );
                }
            }
        }
        let first = t.get(results[0].id as usize);
        assert_eq!(first.flags & FLAG_COMMUNE_LEVEL, 0, "{town}: the first result is placed precisely ({})", first.id);
    }
}

/// The card of venue `id` seen from `origin`, as the list shows it.
fn distance_line(t: &tiers_lieux::lookup::VenueTable, id: &str, origin: LatLon, lang: tiers_lieux::lookup::Lang) -> (String, &'static str) {
    use tiers_lieux::model::card::{CardContext, VenueCard};
    let i = t.find_id(id).unwrap();
    let d = haversine_km(origin, t.position(i));
    let ctx = CardContext { lang, report_url: None, source_line: "", national: true, page_url: "", share: None };
    VenueCard::new(&t.get(i), 1, Some(d), &ctx).distance.unwrap()
}

#[test]
fn the_list_says_where_an_approximate_venue_is_never_metres() {
    use tiers_lieux::lookup::Lang;
    let t = common::venues();
    let rennes_centre = LatLon::new(48.11156, -1.68188);
    let rennes: Vec<&str> =
        (0..t.len()).map(|i| t.get(i)).filter(|v| v.flags & FLAG_COMMUNE_LEVEL != 0 && v.commune == "Rennes").map(|v| v.id).collect();
    assert!(rennes.len() >= 4, "{rennes:?}");
    for id in &rennes {
        // From the commune's centre, from a street 3 km off: in the commune.
        assert_eq!(distance_line(&t, id, rennes_centre, Lang::Fr), ("dans la commune".to_owned(), ""));
        assert_eq!(distance_line(&t, id, LatLon::new(48.1385, -1.6819), Lang::Fr).0, "dans la commune");
        assert_eq!(distance_line(&t, id, rennes_centre, Lang::En).0, "in the commune");
    }
    // From Vitré (about 33 km east): rounded to the kilometre, said as approximate.
    let vitre = LatLon::new(48.1237, -1.2086);
    let (line, after) = distance_line(&t, rennes[0], vitre, Lang::Fr);
    assert_eq!((line.as_str(), after), ("à 35 km environ", ""));
    assert_eq!(distance_line(&t, rennes[0], vitre, Lang::En).0, "about 35 km away");
    // Every commune-level venue, from anywhere: no metres, no decimals.
    for i in (0..t.len()).filter(|&i| t.get(i).flags & FLAG_COMMUNE_LEVEL != 0) {
        for origin in [rennes_centre, vitre, t.position(i), LatLon::new(t.position(i).lat + 0.05, t.position(i).lon)] {
            let (line, after) = distance_line(&t, t.id(i), origin, Lang::Fr);
            assert!(!line.contains(" m") && !line.contains(',') && after.is_empty(), "{}: {line}", t.id(i));
        }
    }
    // A precisely placed venue keeps its precise distance.
    let precise = (0..t.len()).find(|&i| t.get(i).flags & FLAG_COMMUNE_LEVEL == 0 && t.get(i).commune == "Rennes").unwrap();
    let (line, after) = distance_line(&t, t.id(precise), t.position(precise), Lang::Fr);
    assert_eq!((line.as_str(), after), ("0 m", "à vol d'oiseau"));
}
