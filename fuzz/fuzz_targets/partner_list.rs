//! A partner's list as fetched (any bytes): it is read or refused with a reason, never a panic;
//! once read, through a scoped finder, every data row is shown or reported exactly once, and
//! every venue shown has a name and a position in France.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tiers_lieux_core::geo::in_france;
use tiers_lieux_core::{partner, Scope, VenueFilter};

fuzz_target!(|data: &[u8]| {
    let Ok(list) = partner::parse(data) else { return };
    let read = list.venues.len() + list.rejected.len();
    let rows = list.rows;
    let scope = Scope { regions: if data.len() % 2 == 0 { vec!["53".into()] } else { vec![] }, departements: vec![] };
    let (finder, report) = partner::into_finder(list, scope, VenueFilter::ALL, "22=53,29=53,35=53,56=53,44=52,75=11,2A=94,971=01");
    // A GeoJSON feature or CSV record is one row; each gives one venue or one rejection.
    assert_eq!(read, rows, "every row read is kept or rejected");
    assert_eq!(report.shown + report.not_shown.len(), rows, "every row shown or reported");
    assert_eq!(report.shown, finder.in_scope().len());
    let t = finder.table();
    for &i in finder.in_scope() {
        assert!(!t.name(i as usize).is_empty());
        assert!(in_france(t.position(i as usize)));
    }
});
