//! The bundled data: the pipeline's counts, the committed report in sync with the sources, no
//! personal data shipped.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use tiers_lieux::lookup::venues::FLAG_COMMUNE_LEVEL;

#[test]
fn committed_report_is_up_to_date() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/REPORT.md")).unwrap();
    assert!(committed == tiers_lieux::DATA_REPORT, "data/REPORT.md is out of date: run `make data` and commit it");
}

#[test]
fn report_counts() {
    let r = tiers_lieux::DATA_REPORT;
    for line in [
        "| lignes lues (base Mission Coworking 2019) | 1512 |",
        "| doublons fusionnés | 1 |",
        "| communes sans coordonnées (cherchables par nom, pas de recherche de distance) | 98 |",
    ] {
        assert!(r.contains(line), "missing {line}");
    }
}

#[test]
fn venues_are_complete_and_clean() {
    let t = common::venues();
    assert!(t.len() > 1900, "{}", t.len());
    let mut commune_level = 0;
    for i in 0..t.len() {
        let v = t.get(i);
        assert!(!v.name.is_empty() && !v.id.is_empty());
        assert!(tiers_lieux::lookup::geo::in_france(v.position), "{} {:?}", v.id, v.position);
        assert!(v.website.is_empty() || v.website.starts_with("https://") || v.website.starts_with("http://"), "{}", v.website);
        assert!(v.types != 0);
        if v.flags & FLAG_COMMUNE_LEVEL != 0 {
            commune_level += 1;
            assert!(v.labels != 0, "commune-level venues come from the ANCT labels");
        }
    }
    assert!(commune_level > 0);
    assert!(t.meta("source").unwrap().contains("Mission Coworking"));
    // Ids are unique.
    let mut ids: Vec<&str> = (0..t.len()).map(|i| t.id(i)).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), t.len());
}

#[test]
fn no_personal_data_in_sources_or_assets() {
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/cget-tiers-lieux-2019/tiers-lieux-2019.csv")).unwrap();
    let header = src.lines().next().unwrap();
    assert!(!header.split(',').any(|c| c == "CONTACT" || c == "MAIL"), "{header}");
    for part in [tiers_lieux::NATIONAL_VENUES, tiers_lieux::NATIONAL_VENUE_DETAILS] {
        assert!(!String::from_utf8_lossy(part).contains("PATTE-AUBOURG"), "a person's name in a website cell must not ship");
    }
    assert!(!tiers_lieux::DATA_REPORT.contains("PATTE-AUBOURG"));
    // No e-mail address in any text field of the shipped venue table, nor in the report.
    let is_email = |w: &str| w.split_once('@').is_some_and(|(u, h)| !u.is_empty() && h.contains('.'));
    let t = common::venues();
    for i in 0..t.len() {
        let v = t.get(i);
        for field in [v.name, v.address, v.commune, v.website, v.twitter, v.facebook, v.label_names] {
            assert!(!field.split_whitespace().any(is_email), "{}: {field}", v.id);
        }
    }
    assert!(!tiers_lieux::DATA_REPORT.split_whitespace().any(is_email));
}

#[test]
fn corrupted_assets_give_errors_not_panics() {
    use tiers_lieux::lookup::{Finder, Gazetteer, Lang, Scope, VenueFilter, VenueTable};
    let good = tiers_lieux::GAZETTEER;
    let venues = tiers_lieux::NATIONAL_VENUES;
    let mut seed = 0x2545F4914F6CDD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut decoded = 0;
    for round in 0..40 {
        let (src, is_gaz) = if round % 2 == 0 { (good, true) } else { (venues, false) };
        let mut bytes = src.to_vec();
        if round % 4 < 2 {
            bytes.truncate((next() as usize) % bytes.len());
        } else {
            // Low bits only: text stays valid UTF-8 and numbers change, so wrong-but-decodable
            // data reaches the search and nearest code too.
            for _ in 0..8 {
                let i = (next() as usize) % bytes.len();
                bytes[i] ^= 1 << (next() % 5);
            }
        }
        if is_gaz {
            if let Ok(g) = Gazetteer::from_bytes(bytes) {
                decoded += 1;
                let f = Finder::new(common::venues(), Scope::default(), VenueFilter::ALL);
                for q in ["rennes", "35", "saint m", "75011"] {
                    let _ = f.search(Some(&g), q, 8, Lang::Fr);
                }
            }
        } else if let Ok(t) = VenueTable::from_bytes(bytes) {
            decoded += 1;
            let f = Finder::new(t, Scope::default(), VenueFilter::ALL);
            let _ = f.search(None, "cowork", 8, Lang::Fr);
            let _ = f.nearest(tiers_lieux::lookup::LatLon::new(48.1, -1.7), 5, None, VenueFilter::ALL);
        }
    }
    // Truncations always fail; some flipped assets decode, and then search and nearest ran.
    eprintln!("corrupted assets that still decoded: {decoded} of 40");
    assert!(decoded > 0 && decoded < 40, "{decoded}");
}

#[test]
fn national_table_carries_every_departements_region() {
    use tiers_lieux::lookup::venues::{region_of_departement, META_DEP_REGIONS};
    let t = common::venues();
    let map = t.meta(META_DEP_REGIONS).expect("the département → région map is in the venue asset");
    let cheap = tiers_lieux::lookup::venues::metadata(tiers_lieux::NATIONAL_VENUES.to_vec(), META_DEP_REGIONS).unwrap();
    assert_eq!(cheap.as_deref(), Some(map), "read without decoding the venues");
    assert!(tiers_lieux::lookup::VenueTable::empty().is_empty());
    assert_eq!(map.split(',').count(), 109, "the 101 départements and 8 overseas collectivities, as in data/REPORT.md");
    for (dep, region) in [("35", "53"), ("2A", "94"), ("2B", "94"), ("75", "11"), ("971", "01"), ("976", "06"), ("44", "52")] {
        assert_eq!(region_of_departement(map, dep), Some(region), "{dep}");
    }
    // The map agrees with the venues' own régions.
    for i in 0..t.len() {
        if !t.departement(i).is_empty() && !t.region(i).is_empty() {
            assert_eq!(region_of_departement(map, t.departement(i)), Some(t.region(i)), "venue {}", t.id(i));
        }
    }
}
