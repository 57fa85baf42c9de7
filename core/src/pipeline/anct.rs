//! ANCT labels ("Fabrique de Territoire", "Manufacture de proximité") → flags on the venues they
//! name (same commune, similar name), or venues of their own located at commune level.

use serde_json::Value;

use super::gazetteer::GazetteerBuild;
use super::names::project_name;
use super::report::Log;
use crate::geo::LatLon;
use crate::text;
use crate::venues::{Venue, FLAG_COMMUNE_LEVEL, LABELS};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Programme {
    Fabrique,
    Manufacture,
}

impl Programme {
    fn label(self) -> &'static crate::venues::VenueType {
        match self {
            Programme::Fabrique => &LABELS[0],
            Programme::Manufacture => &LABELS[1],
        }
    }
    /// Type given to a labelled place with no venue of its own in the national base.
    fn default_type(self) -> u8 {
        match self {
            Programme::Fabrique => 8,
            Programme::Manufacture => 4,
        }
    }
}

/// Words that say nothing about which place it is.
const STOP_WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "de",
    "du",
    "des",
    "et",
    "en",
    "au",
    "aux",
    "pour",
    "par",
    "sur",
    "dans",
    "un",
    "une",
    "the",
    "tiers",
    "lieu",
    "lieux",
    "coworking",
    "fablab",
    "fab",
    "lab",
    "labs",
    "association",
    "asso",
    "atelier",
    "ateliers",
    "espace",
    "communaute",
    "communes",
    "commune",
    "porte",
    "projet",
    "cowork",
    "maison",
    "pole",
    "centre",
    "sas",
    "scic",
    "sarl",
    "numerique",
    "saint",
    "sainte",
    "club",
    "collectif",
    "pays",
    "fabrique",
    "fabriques",
    "manufacture",
    "territoire",
    "territoires",
    "innovation",
    "social",
    "sociale",
    "solidaire",
    "reseau",
    "consortium",
    "cooperative",
    "agglomeration",
    "france",
    "ville",
    "quartier",
];

/// Words of `name` that can tell two places apart: not stop words, not the commune's own name.
fn significant_tokens(name: &str, commune: &str) -> Vec<String> {
    let commune = text::index_tokens(commune);
    let mut t: Vec<String> =
        text::index_tokens(name).into_iter().filter(|t| t.len() >= 3 && !STOP_WORDS.contains(&t.as_str()) && !commune.contains(t)).collect();
    t.sort();
    t.dedup();
    t
}

/// Overlap coefficient of the significant words (0..1), needing one shared word of 4+ letters.
fn similarity(a: &[String], b: &[String]) -> f64 {
    let common: Vec<&String> = a.iter().filter(|t| b.contains(t)).collect();
    if a.is_empty() || b.is_empty() || !common.iter().any(|t| t.len() >= 4) {
        return 0.0;
    }
    common.len() as f64 / a.len().min(b.len()) as f64
}

/// More than half of the shorter name's significant words must be shared.
const MIN_SIMILARITY: f64 = 0.51;

/// Names equal once spaces are removed ("LAB 01" and "LAB01") are the same place.
fn same_compact_name(a: &str, b: &str) -> bool {
    let c = |s: &str| text::canonical(s).replace(' ', "");
    let (a, b) = (c(a), c(b));
    !a.is_empty() && a == b
}

pub fn apply(venues: &mut Vec<Venue>, geojson: &str, programme: Programme, gaz: &GazetteerBuild, log: &mut Log) -> Result<(), String> {
    let doc: Value = serde_json::from_str(geojson).map_err(|e| format!("ANCT {programme:?}: {e}"))?;
    let features = doc["features"].as_array().ok_or(format!("ANCT {programme:?}: no features"))?;
    let label = programme.label();
    let mut seen: Vec<(String, String)> = Vec::new();
    for (fi, f) in features.iter().enumerate() {
        let p = &f["properties"];
        let code = p["id_geo"].as_str().unwrap_or("").to_owned();
        let commune_name = p["lib_geo"].as_str().unwrap_or("").to_owned();
        let ids: Vec<&str> = p["id_territoire"].as_str().unwrap_or("").split("; ").collect();
        // Entities first: « Bretagne &amp; Vert le Jardin » is one project, not two.
        let texts = text::decode_entities(p["lib_territoire"].as_str().unwrap_or("")).into_owned();
        let names: Vec<&str> = texts.split("; ").collect();
        if ids.len() != names.len() {
            log.anct_note(format!(
                "{} entité {fi} ({commune_name}) : {} identifiants pour {} noms, appariés dans l'ordre",
                label.label_fr,
                ids.len(),
                names.len()
            ));
        }
        let commune = gaz.current(&code);
        let point = f["geometry"]["coordinates"].as_array().and_then(|c| Some(LatLon::new(c.get(1)?.as_f64()?, c.first()?.as_f64()?)));
        for (k, project_text) in names.iter().enumerate() {
            let project = project_name(project_text);
            let name = project.name;
            let id = format!("anct-{}", ids.get(k).copied().unwrap_or("").trim());
            if let Some(whole) = &project.description {
                log.renamed(&id, whole, &name);
            }
            if name.is_empty() {
                log.anct_dropped(&id, "", "nom absent");
                continue;
            }
            let key = (text::canonical(&name), code.clone());
            if seen.contains(&key) {
                log.anct_note(format!("{} « {name} » ({commune_name}) : listé deux fois (deux vagues), compté une fois", label.label_fr));
                continue;
            }
            seen.push(key);
            log.labels_read += 1;
            // Matched on the whole text: a partner named in it (« La Palanquée / Sète en
            // commun ») may be the national base's venue.
            let tokens = significant_tokens(project.description.as_deref().unwrap_or(&name), &commune_name);
            let city = commune.map(|c| gaz.city_of(c));
            let best = venues
                .iter()
                .enumerate()
                .filter(|(_, v)| {
                    let vc = gaz.by_code.get(&v.code_insee).map(|&i| gaz.city_of(i));
                    match (vc, city) {
                        (Some(a), Some(b)) => a == b,
                        _ => text::canonical(&v.commune) == text::canonical(&commune_name),
                    }
                })
                .map(|(i, v)| {
                    let score = if same_compact_name(&name, &v.name) { 1.0 } else { similarity(&tokens, &significant_tokens(&v.name, &v.commune)) };
                    (i, score)
                })
                .filter(|&(_, s)| s >= MIN_SIMILARITY)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            match best {
                Some((i, score)) => {
                    let v = &mut venues[i];
                    v.labels |= label.bit;
                    if !v.label_names.is_empty() {
                        v.label_names.push_str(" ; ");
                    }
                    v.label_names.push_str(&format!("{} : {name}", label.label_fr));
                    if let Some(whole) = &project.description {
                        if !v.description.is_empty() {
                            v.description.push_str("\n\n");
                        }
                        v.description.push_str(whole);
                    }
                    log.labelled(&v.id, &v.name, label.label_fr, &name, score);
                }
                None => {
                    let position = point.filter(|p| crate::geo::in_france(*p)).or_else(|| commune.and_then(|c| gaz.places[c].position));
                    let Some(position) = position else {
                        log.anct_dropped(&id, &name, "ni point ni commune connue : impossible à placer");
                        continue;
                    };
                    let (code_insee, commune_label, dep, reg) = match commune {
                        Some(c) => {
                            (gaz.places[c].code.clone(), gaz.places[c].name.clone(), gaz.dep_code(c).to_owned(), gaz.region_code(c).to_owned())
                        }
                        None => (String::new(), commune_name.clone(), String::new(), String::new()),
                    };
                    let radius_km = commune.and_then(|c| gaz.radius_km(c));
                    log.commune_level(&id, &name, label.label_fr, &commune_label, radius_km);
                    venues.push(Venue {
                        id,
                        name: name.clone(),
                        commune: commune_label,
                        code_insee,
                        departement: dep,
                        region: reg,
                        position: Some(position),
                        types: programme.default_type(),
                        labels: label.bit,
                        label_names: format!("{} : {name}", label.label_fr),
                        description: project.description.clone().unwrap_or_default(),
                        flags: FLAG_COMMUNE_LEVEL,
                        position_radius_m: radius_km.map_or(0, |r| (r * 1000.0).ceil() as u32),
                        ..Venue::default()
                    });
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_similarity() {
        let a = significant_tokens("Pangloss Labs", "Bellignat");
        assert_eq!(similarity(&a, &significant_tokens("PANGLOSS LABS - Fablab", "Bellignat")), 1.0);
        // Sharing only the commune's name, or only generic words, is no match.
        let bourg = |n| significant_tokens(n, "Bourg-en-Bresse");
        assert_eq!(similarity(&bourg("Le Tiers-Lieu de Bourg"), &bourg("Coworking de Bourg")), 0.0);
        assert_eq!(similarity(&bourg("Fablab associatif"), &bourg("Atelier fablab")), 0.0);
        assert!(similarity(&significant_tokens("La Cordée", "Morez"), &significant_tokens("La Cordée à Morez", "Morez")) >= MIN_SIMILARITY);
        let none = |n| significant_tokens(n, "Lyon");
        assert!(similarity(&none("Le Social Club"), &none("SCULPTURE CLUB, l'atelier partagé")) < MIN_SIMILARITY);
        assert!(similarity(&none("La Vilaine Bidouille"), &none("Fédération d'Animation Rurale en Pays de Vilaine")) < MIN_SIMILARITY);
        assert!(same_compact_name("LAB 01", "LAB01") && !same_compact_name("LAB 01", "LAB 02"));
    }
}
