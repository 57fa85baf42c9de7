//! The query normaliser and the whole type-ahead on the real data, with any text typed: folding
//! is idempotent and tidy, search never panics and never answers more than asked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tiers_lieux_core::{text, Finder, Gazetteer, Lang, Scope, VenueFilter, VenueTable};

thread_local! {
    /// The national venues and the real gazetteer, decoded once (libFuzzer runs one thread; the
    /// finder's scratch space is not shareable between threads anyway).
    static REAL_DATA: (Finder, Gazetteer) = {
        let venues = VenueTable::from_bytes(tiers_lieux::NATIONAL_VENUES.to_vec()).expect("national venues");
        let gazetteer = Gazetteer::from_bytes(tiers_lieux::GAZETTEER.to_vec()).expect("gazetteer");
        (Finder::new(venues, Scope::default(), VenueFilter::ALL), gazetteer)
    };
}

fuzz_target!(|data: &[u8]| {
    let typed = String::from_utf8_lossy(data);
    let folded = text::fold(&typed);
    assert_eq!(text::fold(&folded), folded, "fold is idempotent");
    assert!(!folded.starts_with(' ') && !folded.ends_with(' ') && !folded.contains("  "));
    let lang = if data.first().is_some_and(|b| b & 1 == 1) { Lang::En } else { Lang::Fr };
    REAL_DATA.with(|(finder, gazetteer)| {
        let found = finder.search(Some(gazetteer), &typed, 8, lang);
        assert!(found.len() <= 8);
        for s in &found {
            assert!(!s.label.is_empty());
        }
    });
});
