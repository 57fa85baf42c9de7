//! Venue names that are names, on the real rows: the ANCT project texts give a place's own name,
//! and their whole text stays as the venue's description (`core/src/pipeline/names.rs`).

#![cfg(not(target_arch = "wasm32"))]

mod common;

use tiers_lieux::lookup::VenueRef;

fn by_id<'a>(t: &'a tiers_lieux::lookup::VenueTable, id: &str) -> VenueRef<'a> {
    t.get(t.find_id(id).unwrap_or_else(|| panic!("{id} is in the national table")))
}

#[test]
fn every_name_is_a_name() {
    let t = common::venues();
    for i in 0..t.len() {
        let v = t.get(i);
        let chars = v.name.chars().count();
        // 80 characters, and the « … » of a cut.
        assert!(chars <= 81, "{}: {chars} characters: {}", v.id, v.name);
        assert!(!v.name.contains(['\n', '\r']), "{}: a line break in {:?}", v.id, v.name);
        for entity in ["&amp", "&quot", "&#39", "&lt", "&gt", "&nbsp"] {
            assert!(!v.name.contains(entity) && !v.description.contains(entity), "{}: {entity} in {:?}", v.id, v.name);
        }
    }
}

#[test]
fn brest_paragraph_becomes_its_carrier_s_name() {
    let t = common::venues();
    // Decoded before it was split: « Bretagne &amp; Les Fabriques du Ponant » is one project
    // (it was cut in two at « &amp; »), so no venue's name or text ends in « &amp ».
    let ponant = by_id(&t, "cget-1434");
    assert!(ponant.label_names.starts_with("Fabrique de Territoire : Le Lieu-Dit, Pôle de Coopération"), "{}", ponant.label_names);
    assert!(ponant.label_names.ends_with('…'), "{}", ponant.label_names);
    assert!(ponant.description.contains("Les Petits Débrouillards de Bretagne & Les Fabriques du Ponant"), "{}", ponant.description);
    assert!(ponant
        .description
        .starts_with("Le Lieu-Dit, Pôle de Coopération et d’Innovations Economiques et Sociales du Pays de Brest, porte ce projet."));
}

#[test]
fn first_line_marker_list_and_form_rules_on_real_rows() {
    let t = common::venues();
    let cases = [
        // The first line.
        ("anct-fabt-358", "Nouveaux Liens, Nouveaux Lieux"),
        ("anct-fabt-317", "ASSOCIATION TIERS-LIEU DU MOULIN À TAN"),
        // Before « porte ce projet », « porté par », « en consortium avec ».
        ("anct-fabt-359", "Initiative Pays d'Arles - La fabrique à entreprendre"),
        ("anct-fabt-301", "Tiers-Lieu culturel : L'imprimerie"),
        ("anct-fabt-319", "Atelier de la Poissonnerie"),
        // A form's label.
        ("anct-fabt-291", "Sentiers communs"),
        ("anct-fabt-352", "Le Lien Pyrénées"),
        // A list: the first item and how many others.
        ("anct-fabt-294", "Association Le Germoir et 1 autre"),
        // Cut at a word boundary.
        ("anct-fabt-75", "Association pour l'Animation et la Gestion des Equipements Sociaux des…"),
        // An individual enterprise is named after a person: the place is what it is for.
        ("anct-fabt-342", "Ferme collective de la ferme du Temple"),
    ];
    for (id, name) in cases {
        let v = by_id(&t, id);
        assert_eq!(v.name, name, "{id}");
        assert!(!v.description.is_empty() && v.description != v.name, "{id} keeps its whole text");
    }
    // The whole text, one line per line of the source.
    let ubaye = by_id(&t, "anct-fabt-358");
    assert_eq!(ubaye.description.lines().count(), 4, "{}", ubaye.description);
    assert!(ubaye.description.contains("2 - L'Atelier partagé en Ubaye"));
    // A name that was already a name has no description.
    let plain = (0..t.len()).map(|i| t.get(i)).find(|v| v.id.starts_with("anct-") && v.name == "La Fabrique").map(|v| v.description);
    if let Some(d) = plain {
        assert_eq!(d, "");
    }
}

#[test]
fn no_person_named_in_names_or_descriptions() {
    let t = common::venues();
    for i in 0..t.len() {
        let v = t.get(i);
        for text in [v.name, v.description, v.label_names] {
            let lower = text.to_lowercase();
            assert!(!lower.contains("représenté par"), "{}: {text}", v.id);
            assert!(!text.contains("Joseph Petit") && !text.contains("FIHUE"), "{}: {text}", v.id);
        }
    }
    assert!(!tiers_lieux::DATA_REPORT.contains("Joseph Petit") && !tiers_lieux::DATA_REPORT.contains("FIHUE"));
}

#[test]
fn report_lists_every_rewritten_name() {
    let r = tiers_lieux::DATA_REPORT;
    let section = r.split("## Noms tirés des textes de projet ANCT").nth(1).expect("the report has the section");
    let section = section.split("\n## ").next().unwrap_or("");
    let t = common::venues();
    // Every ANCT venue of its own whose text was longer than its name is listed, before and after.
    for i in 0..t.len() {
        let v = t.get(i);
        if v.id.starts_with("anct-") && !v.description.is_empty() {
            assert!(section.contains(&format!("| {} |", v.id)), "{} is not in the report", v.id);
            assert!(section.contains(&format!("| {} |", v.name.replace('|', "\\|"))), "{}'s new name is not in the report", v.id);
        }
    }
    assert!(section.contains("| anct-fabt-194 |"));
}
