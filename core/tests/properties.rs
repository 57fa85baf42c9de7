//! Property tests (proptest) of the query normaliser, the CSV reader, the partner-list parser
//! (through a scoped finder) and the binary decoders: on any input they answer or refuse, never
//! panic, and keep their invariants. `make test` runs the default 256 cases per property with a
//! fixed seed; `make fuzz` runs many more (PROPTEST_CASES), then the coverage-guided libFuzzer
//! targets of `fuzz/` on the same code.

use proptest::prelude::*;
use tiers_lieux_core::format::Container;
use tiers_lieux_core::geo::{in_france, LatLon};
use tiers_lieux_core::venues::{encode, Venue, VenueTable};
use tiers_lieux_core::{csv, partner, places::Gazetteer, text, Finder, Lang, Scope, VenueFilter};

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![".*", "[ a-zA-ZéèÉœŒæ’'\\-\\.0-9\u{202e}\u{200f}\u{301}]{0,40}", "(st|ste|saint|paris|11e|[0-9]{1,5})( (st|de|la|[a-z]{1,6}))*",]
}

/// `make test`: a fixed seed (the same cases every run, so CI never flakes). `make fuzz` sets
/// PROPTEST_RANDOM=1 and many more cases, to look for new failures.
fn config() -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_RANDOM").is_none() {
        c.rng_seed = proptest::test_runner::RngSeed::Fixed(0x7133_5EED);
    }
    c
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fold_is_idempotent_and_tidy(s in any_text()) {
        let f = text::fold(&s);
        prop_assert_eq!(text::fold(&f), f.clone());
        prop_assert!(!f.starts_with(' ') && !f.ends_with(' ') && !f.contains("  "));
        prop_assert!(f.chars().all(|c| c == ' ' || c.is_alphanumeric()));
        // Case never matters (letters without a lower case, like 𝕬, stay as they are).
        prop_assert_eq!(text::fold(&s.to_ascii_uppercase()), text::fold(&s.to_ascii_lowercase()));
    }

    #[test]
    fn search_never_panics_on_any_query(s in any_text()) {
        let v = VenueTable::from_bytes(encode(&[Venue { id: "a".into(), name: "Saint Malo Lab".into(), position: Some(LatLon::new(48.6, -2.0)), types: 1, ..Venue::default() }], &[])).unwrap();
        let f = Finder::new(v, Scope::default(), VenueFilter::ALL);
        let r = f.search(None, &s, 8, Lang::Fr);
        prop_assert!(r.len() <= 8);
    }

    #[test]
    fn csv_reader_never_panics(s in ".*", semi in any::<bool>()) {
        let _ = csv::parse(&s, if semi { b';' } else { b',' });
    }

    #[test]
    fn partner_parser_never_panics_and_keeps_only_valid_rows(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(l) = partner::parse(&bytes) {
            for v in &l.venues {
                prop_assert!(!v.name.is_empty());
                prop_assert!(in_france(v.position.unwrap()));
            }
        }
    }

    #[test]
    fn partner_csv_rows_are_kept_or_reported(rows in prop::collection::vec((any_text(), -90.0f64..90.0, -180.0f64..180.0), 0..40)) {
        let mut text = String::from("nom,latitude,longitude\n");
        for (n, la, lo) in &rows {
            text.push_str(&format!("\"{}\",{la},{lo}\n", n.replace('"', "\"\"").replace(['\n', '\r'], " ")));
        }
        let l = partner::parse(text.as_bytes()).unwrap();
        prop_assert_eq!(l.venues.len() + l.rejected.len(), rows.len(), "every row shown or reported");
    }

    /// Through a widget's scope: every data line is either shown or reported as not shown,
    /// exactly once, whatever the rows' départements and types.
    #[test]
    fn partner_rows_through_a_scope_are_shown_or_reported_once(
        rows in prop::collection::vec((any_text(), 41.5f64..51.0, -5.0f64..9.5, prop::sample::select(vec!["", "35238", "44109", "2A004", "97105", "xx"]), prop::sample::select(vec!["", "coworking", "fablab", "bar"])), 0..40),
        regions in prop::sample::select(vec![vec![], vec!["53".to_owned()], vec!["52".to_owned(), "01".to_owned()]]),
        types in prop::sample::select(vec!["", "fablab"]),
    ) {
        let mut text = String::from("nom,latitude,longitude,code_insee,types\n");
        for (n, la, lo, insee, ty) in &rows {
            text.push_str(&format!("\"{}\",{la},{lo},{insee},{ty}\n", n.replace('"', "\"\"").replace(['\n', '\r'], " ")));
        }
        let (filter, _) = VenueFilter::from_keys(types.split(','));
        let scope = Scope { regions, departements: vec![] };
        let (finder, report) = partner::into_finder(partner::parse(text.as_bytes()).unwrap(), scope, filter, "35=53,44=52,2A=94,971=01");
        prop_assert_eq!(report.rows, rows.len());
        prop_assert_eq!(report.shown, finder.in_scope().len());
        let mut lines: Vec<usize> = report.not_shown.iter().map(|r| r.line).collect();
        lines.extend(finder.in_scope().iter().map(|&i| finder.table().id(i as usize).trim_start_matches("ligne-").parse::<usize>().unwrap()));
        lines.sort_unstable();
        prop_assert_eq!(lines, (2..rows.len() + 2).collect::<Vec<_>>());
        prop_assert!(report.not_shown.iter().all(|r| r.problem.rejects()));
    }

    #[test]
    fn decoders_never_panic_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = Container::parse(bytes.clone().into(), *b"TLGZ", 2);
        let _ = Gazetteer::from_bytes(bytes.clone());
        let _ = VenueTable::from_bytes(bytes);
    }

    #[test]
    fn venues_round_trip(list in prop::collection::vec((any_text(), any_text(), 41.5f64..51.0, -5.0f64..9.5, 0u8..16), 0..30)) {
        let venues: Vec<Venue> = list.iter().enumerate().map(|(i, (name, commune, lat, lon, types))| Venue {
            id: format!("v{i}"), name: name.clone(), commune: commune.clone(), position: Some(LatLon::new(*lat, *lon)), types: *types, ..Venue::default()
        }).collect();
        let t = VenueTable::from_bytes(encode(&venues, &[("source", "test")])).unwrap();
        prop_assert_eq!(t.len(), venues.len());
        for (i, v) in venues.iter().enumerate() {
            let r = t.get(i);
            prop_assert_eq!(r.name, v.name.as_str());
            prop_assert_eq!(r.commune, v.commune.as_str());
            prop_assert_eq!(r.types, v.types);
            let p = v.position.unwrap();
            prop_assert!((r.position.lat - p.lat).abs() < 1e-6 && (r.position.lon - p.lon).abs() < 1e-6);
        }
    }
}

#[test]
fn a_partner_list_feeds_the_finder() {
    let text = "nom,latitude,longitude,types,id\nA,48.11,-1.68,fablab,a\nB,48.12,-1.69,coworking,b\nC,47.2,-1.55,fablab,c\n";
    let (f, report) = partner::into_finder(partner::parse(text.as_bytes()).unwrap(), Scope::default(), VenueFilter::ALL, "");
    assert_eq!((report.rows, report.shown), (3, 3));
    let (fab, _) = VenueFilter::from_keys(["fablab"]);
    let r = f.nearest(LatLon::new(48.11, -1.68), 5, None, fab).unwrap();
    let ids: Vec<&str> = r.iter().map(|n| f.table().id(n.id as usize)).collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(f.search(None, "b", 8, Lang::Fr)[0].code, "b");
}
