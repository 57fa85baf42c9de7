//! The partner list reader on small lists written for each rule.
use super::*;

#[test]
fn csv_contract_columns_semicolon_bom_and_every_bad_row_named() {
    let text = "\u{FEFF}nom;adresse;commune;code_insee;latitude;longitude;site_web;types;id\n\
        La Ruche;1 rue A;Rennes;35238;48,11;-1,68;laruche.fr;coworking;r1\n\
        ;2 rue B;Rennes;35238;48.1;-1.6;;;r2\n\
        Sans position;;;;;;;;r3\n\
        Inversé;;;;-1.68;48.11;;;r4\n\
        Madrid;;;;40.4;-3.7;;;r5\n\
        Doublon;;;;48.2;-1.7;;fablab,cuisine;r1\n\
        \"Multi\nligne\";;;;48.3;-1.5;javascript:alert(1);fablab;r6\n";
    let l = parse(text.as_bytes()).unwrap();
    assert_eq!(l.format, "csv");
    let names: Vec<&str> = l.venues.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["La Ruche", "Multi ligne"]);
    assert_eq!(l.venues[0].position, Some(LatLon::new(48.11, -1.68)));
    assert_eq!(l.venues[0].website, "https://laruche.fr");
    assert_eq!(l.venues[0].departement, "35");
    assert_eq!(l.venues[1].website, "javascript:alert(1)", "kept as text");
    assert_eq!(safe_href(&l.venues[1].website), None, "javascript: is never a link");
    assert_eq!(l.lines, [2, 8]);
    assert_eq!(l.rows, 7);
    let lines: Vec<usize> = l.rejected.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7], "{:?}", l.rejected);
    assert_eq!(l.rejected[0].problem, Problem::MissingName);
    assert_eq!(l.rejected[1].problem, Problem::MissingCoordinates { name: "Sans position".into() });
    assert!(matches!(l.rejected[2].problem, Problem::OutsideFrance { swapped: true, .. }));
    assert!(matches!(l.rejected[3].problem, Problem::OutsideFrance { swapped: false, .. }));
    assert!(matches!(l.rejected[4].problem, Problem::DuplicateId { first_line: 2, .. }));
    assert!(l.warnings.iter().any(|w| w.line == 8 && matches!(w.problem, Problem::WebsiteAsText { .. })));
}

#[test]
fn reading_in_chunks_gives_the_same_list() {
    let mut csv = String::from("nom,latitude,longitude,types,id\n");
    for i in 0..25 {
        csv.push_str(&format!(
            "Lieu {i},{},{},{},i{}\n",
            48.0 + i as f64 / 100.0,
            if i % 7 == 0 { 200.0 } else { -1.6 },
            if i % 5 == 0 { "bar" } else { "fablab" },
            i % 20
        ));
    }
    let geo = r#"{"type":"FeatureCollection","features":[{"properties":{"nom":"A"},"geometry":{"type":"Point","coordinates":[-1.6,48.1]}},{"properties":{"nom":"B"},"geometry":{"type":"LineString","coordinates":[]}},{"properties":{"nom":"C"},"geometry":{"type":"Point","coordinates":[-1.7,48.2]}}]}"#;
    for text in [csv.as_str(), geo] {
        let whole = parse(text.as_bytes()).unwrap();
        let mut r = Reader::new(text.as_bytes()).unwrap();
        let mut chunks = 0;
        while !r.read(2) {
            chunks += 1;
        }
        assert!(chunks >= 1);
        assert_eq!(r.finish(), whole);
    }
}

#[test]
fn national_export_columns_are_accepted() {
    let text = "ID,NOM_TL,ADRESSE,CP,COMINIT,INSEECOM,NOMCOM,WEB,TYPO,LAT,LONG\n\
        1,ADE Coworking,9 Rue du Petit Châtelier,44300,Nantes,44109,Nantes,www.ade-coworking.net,Tiers lieux à dominante coworking,47.245935,-1.505602\n";
    let l = parse(text.as_bytes()).unwrap();
    assert_eq!(l.venues.len(), 1);
    let v = &l.venues[0];
    assert_eq!((v.id.as_str(), v.name.as_str(), v.commune.as_str(), v.code_insee.as_str(), v.types), ("1", "ADE Coworking", "Nantes", "44109", 1));
    assert_eq!(v.postcode, "44300");
}

#[test]
fn geojson_rows_by_feature_index() {
    let text = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"nom":"<script>alert(1)</script>","types":["fablab","atelier"],"id":"a"},"geometry":{"type":"Point","coordinates":[-1.68,48.11]}},
        {"type":"Feature","properties":{"nom":"Zone"},"geometry":{"type":"Polygon","coordinates":[]}},
        {"type":"Feature","properties":{"nom":"Rien"},"geometry":null},
        {"type":"Feature","properties":{"name":"\u202eRTL"},"geometry":{"type":"Point","coordinates":[2.35,48.85]}}
    ]}"#;
    let l = parse(text.as_bytes()).unwrap();
    assert_eq!(l.format, "geojson");
    assert_eq!(l.venues[0].name, "<script>alert(1)</script>", "kept as written: the widget shows it as text");
    assert_eq!(l.venues[0].types, 2 | 4);
    // Kept as written: the web layer isolates bidi text (unicode-bidi: isolate) when showing it.
    assert_eq!(l.venues[1].name, "\u{202e}RTL");
    assert_eq!(l.venues[1].id, "ligne-3");
    let rejected: Vec<usize> = l.rejected.iter().map(|r| r.line).collect();
    assert_eq!(rejected, [1, 2]);
}

#[test]
fn unreadable_lists_say_why() {
    assert_eq!(parse(b"  \n"), Err(PartnerError::Empty));
    assert!(matches!(parse(b"{\"type\":"), Err(PartnerError::NotJson(_))));
    assert_eq!(parse(br#"{"type":"Feature"}"#), Err(PartnerError::NotFeatureCollection));
    assert_eq!(parse(b"foo,bar\n1,2\n"), Err(PartnerError::MissingColumns(vec!["nom", "latitude", "longitude"])));
    assert!(matches!(parse(b"nom,latitude,longitude\n\"open,1,2\n"), Err(PartnerError::Csv(_))));
    assert!(matches!(parse(&vec![b' '; MAX_BYTES + 1]), Err(PartnerError::TooLarge { .. })));
}

#[test]
fn broken_utf8_and_long_text() {
    let mut bytes = b"nom,latitude,longitude\nCaf\xe9,48.1,-1.6\n".to_vec();
    bytes.extend(format!("{},48.2,-1.6\n", "x".repeat(5000)).as_bytes());
    let l = parse(&bytes).unwrap();
    assert_eq!(l.venues[0].name, "Caf\u{FFFD}");
    assert_eq!(l.venues[1].name.chars().count(), MAX_FIELD_CHARS);
    assert!(l.warnings.iter().any(|w| w.line == 2 && w.problem == Problem::NotUtf8));
    assert!(l.warnings.iter().any(|w| w.line == 3 && w.problem == Problem::TooLong { field: "nom" }));
}

#[test]
fn twenty_thousand_rows() {
    let mut text = String::from("nom,latitude,longitude,types,id\n");
    for i in 0..20_000 {
        text.push_str(&format!("Lieu {i},{},{},coworking,id{i}\n", 43.0 + (i % 700) as f64 / 100.0, -1.0 + (i % 900) as f64 / 100.0));
    }
    let l = parse(text.as_bytes()).unwrap();
    assert_eq!((l.venues.len(), l.rejected.len(), l.warnings.len()), (20_000, 0, 0));
}
const DEP_REGIONS: &str = "22=53,29=53,35=53,44=52,2A=94,971=01";

#[test]
fn scope_reports_every_row_not_shown_and_keeps_rows_of_unknown_departement() {
    let text = "nom,code_insee,code_postal,latitude,longitude,types,id\n\
        Rennes,35238,,48.11,-1.68,coworking,a\n\
        Nantes,44109,,47.22,-1.55,coworking,b\n\
        Brest par le code postal,,29200,48.39,-4.49,fablab,c\n\
        Nulle part,,,48.0,-2.0,coworking,d\n\
        Ajaccio,,20000,41.92,8.74,coworking,e\n";
    let list = parse(text.as_bytes()).unwrap();
    assert_eq!(list.venues[2].departement, "29", "from the postcode");
    assert_eq!(list.venues[4].departement, "2A");
    let scope = Scope { regions: vec!["53".into()], departements: vec![] };
    let (finder, report) = into_finder(list, scope, VenueFilter::ALL, DEP_REGIONS);
    assert_eq!((report.rows, report.shown), (5, 3));
    let names: Vec<&str> = finder.in_scope().iter().map(|&i| finder.table().name(i as usize)).collect();
    assert_eq!(names, ["Rennes", "Brest par le code postal", "Nulle part"]);
    let lines: Vec<usize> = report.not_shown.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 6]);
    assert_eq!(report.not_shown[0].problem, Problem::OutOfScope { name: "Nantes".into(), scope: "region=53".into() });
    assert!(report.warnings.iter().any(|w| w.line == 5 && matches!(w.problem, Problem::UnknownDepartement { .. })));
    assert_eq!(finder.table().region(0), "53");
    // Nearest and search answer over the partner's rows only.
    let near = finder.nearest(LatLon::new(48.1, -1.7), 10, None, VenueFilter::ALL).unwrap();
    assert_eq!(near.len(), 3);
    let hits = finder.search(None, "brest", 5, crate::Lang::Fr);
    assert_eq!(hits[0].code, "c");
}

#[test]
fn types_option_hides_rows_with_a_reason_and_all_rows_show_without_scope() {
    let text = "nom,latitude,longitude,types\nA,48.1,-1.6,coworking\nB,48.2,-1.6,fablab\n";
    let (f, _) = VenueFilter::from_keys(["fablab"]);
    let (finder, report) = into_finder(parse(text.as_bytes()).unwrap(), Scope::default(), f, DEP_REGIONS);
    assert_eq!(finder.in_scope().len(), 1);
    assert_eq!(report.not_shown.len(), 1);
    assert!(matches!(&report.not_shown[0].problem, Problem::OutOfScope { scope, .. } if scope == "types=fablab"), "{:?}", report.not_shown[0]);
    let (finder, report) = into_finder(parse(text.as_bytes()).unwrap(), Scope::default(), VenueFilter::ALL, DEP_REGIONS);
    assert_eq!((finder.in_scope().len(), report.not_shown.len(), report.warnings.len()), (2, 0, 0));
}

#[test]
fn links_mailto_and_tel_kept_other_schemes_as_text() {
    let text = "nom,latitude,longitude,site_web\n\
        A,48.1,-1.6,mailto:contact@lieu.fr\n\
        B,48.1,-1.6,tel:+33299000000\n\
        C,48.1,-1.6,\"data:text/html;base64,PHNjcmlwdD4=\"\n\
        D,48.1,-1.6,www.lieu.fr\n";
    let l = parse(text.as_bytes()).unwrap();
    let sites: Vec<&str> = l.venues.iter().map(|v| v.website.as_str()).collect();
    assert_eq!(sites, ["mailto:contact@lieu.fr", "tel:+33299000000", "data:text/html;base64,PHNjcmlwdD4=", "https://www.lieu.fr"]);
    assert_eq!(l.warnings.len(), 1);
    assert_eq!(l.warnings[0].line, 4);
}
