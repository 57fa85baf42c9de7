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
    let assets = String::from_utf8_lossy(tiers_lieux::NATIONAL_VENUES);
    assert!(!assets.contains("PATTE-AUBOURG"), "a person's name in a website cell must not ship");
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
