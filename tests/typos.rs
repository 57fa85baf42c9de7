//! Typo tolerance against uFuzzy (issue 17), on a seeded set of 400 misspelt commune names of the
//! real gazetteer (`tests/fixtures/in/typos.json`, drawn by `node bench/typos.mjs`, which also
//! writes uFuzzy's answers as the plain-JS baseline configures it, never this test). The widget
//! must put the right commune in its top 5 more often than uFuzzy does, through the whole
//! gazetteer and through its slices alike.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use serde_json::Value;
use tiers_lieux::lookup::slices::Parts;
use tiers_lieux::lookup::{Lang, Scope, SuggestionKind};

#[test]
fn the_widget_finds_more_misspelt_communes_than_ufuzzy() {
    let cases = common::fixture_in("typos.json");
    let cases = cases.as_array().unwrap();
    let ufuzzy = common::fixture_out("typos-ufuzzy.json");
    let theirs: Vec<bool> = ufuzzy["found"].as_array().unwrap().iter().map(|b| b.as_bool().unwrap()).collect();
    assert_eq!(theirs.len(), cases.len(), "rerun node bench/typos.mjs");
    assert!(cases.len() >= 300);
    let (finder, whole, sliced) = (common::finder(Scope::default()), common::gazetteer(), common::sliced_places());
    let mut ours = Vec::new();
    let mut by_edit: std::collections::BTreeMap<&str, (usize, usize, usize)> = Default::default();
    for (c, &their) in cases.iter().zip(&theirs) {
        let (query, code) = (c["query"].as_str().unwrap(), c["code"].as_str().unwrap());
        // The widget's box asks for 8 suggestions; the top 5 are compared.
        let answer = finder.search(Some(&whole), query, 8, Lang::Fr);
        let Parts::Ready(parts) = sliced.parts(query, finder.scope(), 8) else { panic!("{query}: every slice is loaded") };
        assert_eq!(finder.search_in(&parts, query, 8, Lang::Fr), answer, "{query}: the slices answer as the whole");
        let hit = answer.iter().take(5).any(|s| s.kind == SuggestionKind::Commune && s.code == code);
        ours.push(hit);
        let e = by_edit.entry(c["edit"].as_str().unwrap()).or_default();
        e.0 += hit as usize;
        e.1 += their as usize;
        e.2 += 1;
    }
    let (n_ours, n_theirs) = (ours.iter().filter(|&&h| h).count(), theirs.iter().filter(|&&h| h).count());
    assert_eq!(n_theirs as u64, ufuzzy["recall"].as_u64().unwrap());
    eprintln!("top-5 recall on {} misspelt names: widget {n_ours}, uFuzzy {n_theirs}", cases.len());
    for (edit, (o, t, n)) in &by_edit {
        eprintln!("  {edit}: widget {o} / {n}, uFuzzy {t} / {n}");
    }
    let missed: Vec<&str> = cases.iter().zip(&ours).filter(|(_, &h)| !h).map(|(c, _)| c["query"].as_str().unwrap()).collect();
    eprintln!("missed by the widget: {missed:?}");
    assert!(n_ours > n_theirs, "widget {n_ours} against uFuzzy {n_theirs}");
}

/// What a typo set case is, for readers of the fixture.
#[test]
fn the_set_is_real_names_with_one_edit() {
    let cases = common::fixture_in("typos.json");
    let whole = common::gazetteer();
    let names: std::collections::HashSet<&str> = (0..whole.len()).map(|i| whole.name(i)).collect();
    for c in cases.as_array().unwrap() {
        let (name, query) = (c["name"].as_str().unwrap(), c["query"].as_str().unwrap());
        assert!(names.contains(name), "{name} is a real name");
        assert_ne!(name, query);
        assert!(matches!(c["edit"].as_str(), Some("drop" | "add" | "swap" | "substitute" | "linking dropped" | "linking mangled")), "{c}");
    }
    let _: &Value = &cases;
}
