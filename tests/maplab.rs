//! The Brittany list (#MapLabBZH, CC BY 4.0) merged into the national venues, on the real rows:
//! its tiers-lieux only, duplicates merged (same name near or in the same commune, or the same
//! site unless a network's), the others added with their source, no e-mail or phone shipped,
//! every row accounted for in the report.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use tiers_lieux::lookup::pipeline::maplab::MAPLAB_SOURCE;

fn section<'a>(report: &'a str, title: &str) -> &'a str {
    let s = report.split(&format!("## {title}")).nth(1).unwrap_or_else(|| panic!("the report has « {title} »"));
    s.split("\n## ").next().unwrap_or("")
}

#[test]
fn every_row_is_merged_added_or_left_out_with_its_reason() {
    let r = tiers_lieux::DATA_REPORT;
    let merged = section(r, "MapLab Bretagne : déjà dans la base nationale");
    let added = section(r, "MapLab Bretagne : lieux ajoutés");
    let left = section(r, "MapLab Bretagne : lignes écartées");
    let rows = |s: &str| s.lines().filter(|l| l.starts_with("|  | maplab-")).count();
    assert_eq!((rows(merged), rows(added), rows(left)), (40, 17, 64));
    assert_eq!(rows(merged) + rows(added) + rows(left), 121, "each of the 121 rows once");
    // Only the tiers-lieux kinds are kept: the networks and associations are left out, said so.
    assert!(left.lines().filter(|l| l.starts_with("|  | maplab-")).all(|l| l.contains("hors des tiers-lieux retenus")));
    // Merges by name (near, or in the same commune: the lists' points differ by up to 0.8 km).
    assert!(merged.contains("| maplab-2 | Tilt | déjà dans la base : cget-289 « Tilt » (même nom à 596 m) |"));
    assert!(merged.contains("| maplab-49 | FabMake | déjà dans la base : cget-1444 « FabMake »"));
    // By site, when the site is a place's own.
    assert!(merged.contains("| maplab-1 | MakerSpace56 | déjà dans la base : cget-1188"));
    // In the same commune though the two points are 9.6 km apart (one of them is not the place's).
    assert!(merged.contains("| maplab-11 | TéléFab Brest | déjà dans la base : cget-1435 « TéléFab Brest » (même nom à 9630 m) |"));
    // A network's site (lafabrique-rocheauxfees.fr, two fab labs) merges nothing by itself.
    assert!(added.contains("| maplab-62 | La Fabrique Amanlis | ajouté : Amanlis (35) |"));
    assert!(added.contains("| maplab-120 | La Fabrique Janzé | ajouté : Janzé (35) |"));
}

#[test]
fn added_venues_carry_their_source_and_no_contact() {
    let t = common::venues();
    let ours: Vec<_> = (0..t.len()).map(|i| t.get(i)).filter(|v| v.id.starts_with("maplab-")).collect();
    assert_eq!(ours.len(), 17);
    let is_email = |w: &str| w.split_once('@').is_some_and(|(u, h)| !u.is_empty() && h.contains('.'));
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).count();
    for v in &ours {
        assert_eq!(v.source, MAPLAB_SOURCE, "{}", v.id);
        assert!(v.source.contains("MapLab Bretagne") && v.source.contains("2020") && v.source.contains("CC BY 4.0"));
        assert!(!v.code_insee.is_empty() && ["22", "29", "35", "44", "56"].contains(&v.departement), "{}: {} {}", v.id, v.commune, v.departement);
        assert!(v.types == 2 || v.types == 8, "{}: a fab lab or a tiers-lieu", v.id);
        for field in [v.name, v.address, v.website, v.twitter, v.facebook, v.description] {
            assert!(!field.split_whitespace().any(is_email), "{}: {field}", v.id);
            // No phone number: no run of 9 digits or more (a postcode has 5).
            assert!(field.split(|c: char| !c.is_ascii_digit() && c != ' ' && c != '.').all(|run| digits(run) < 9), "{}: {field}", v.id);
        }
        assert!(v.twitter.is_empty() || v.twitter.starts_with("https://twitter.com/"), "{}", v.twitter);
    }
    // The national rows keep the table's own source.
    assert!((0..t.len()).map(|i| t.get(i)).filter(|v| !v.id.starts_with("maplab-")).all(|v| v.source.is_empty()));
    // The committed copy has no contact left.
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/maplabbzh-bretagne/map_bzh_fablab.geojson")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&src).unwrap();
    for f in doc["features"].as_array().unwrap() {
        assert_eq!((f["properties"]["email"].as_str(), f["properties"]["tel"].as_str()), (Some(""), Some("")));
    }
}

#[test]
fn the_details_name_the_source() {
    use tiers_lieux::lookup::Lang;
    use tiers_lieux::model::card::{CardContext, VenueCard};
    let t = common::venues();
    let i = t.find_id("maplab-62").unwrap();
    let ctx = CardContext {
        lang: Lang::Fr,
        report_url: None,
        source_line: "Données : ANCT, Mission Coworking 2019",
        national: true,
        page_url: "",
        share: None,
    };
    let card = VenueCard::new(&t.get(i), 1, None, &ctx);
    assert_eq!(card.name, "La Fabrique Amanlis");
    assert_eq!(card.details.sources[0], format!("Données : {MAPLAB_SOURCE} (informations de cette date, à vérifier auprès du lieu)"));
    assert!(card.details.sources[0].contains("MapLab Bretagne (Guillaume Rouan, #MapLabBZH), 2020"));
    let national = VenueCard::new(&t.get(t.find_id("cget-1434").unwrap()), 1, None, &ctx);
    assert_eq!(national.details.sources[0], "Données : ANCT, Mission Coworking 2019");
}
