//! The national Mission Coworking base (CGET/ANCT 2019) → venues: repair INSEE codes through the
//! gazetteer, normalise websites, drop rows that cannot be shown, merge true duplicates.

use super::gazetteer::GazetteerBuild;
use super::report::Log;
use crate::csv;
use crate::geo::{haversine_km, in_france, LatLon};
use crate::links::normalise_url;
use crate::places::PlaceKind;
use crate::text::{self, clean_text};
use crate::venues::{Venue, FLAG_METRO, FLAG_METRO_KNOWN};

pub fn read(text_csv: &str, gaz: &GazetteerBuild, log: &mut Log) -> Result<Vec<Venue>, String> {
    let records = csv::parse(text_csv, b',').map_err(|e| format!("venues: {e}"))?;
    let header = csv::Header::new(records.first().ok_or("venues: empty file")?);
    let col = |n: &str| header.find(&[n]);
    let need = |n: &str| col(n).ok_or(format!("venues: no column {n}"));
    let (c_id, c_nom, c_lat, c_lon) = (need("id")?, need("nom_tl")?, need("lat")?, need("long")?);
    let (c_addr, c_cp, c_cominit, c_insee, c_nomcom) = (col("adresse"), col("cp"), col("cominit"), col("inseecom"), col("nomcom"));
    let (c_web, c_tw, c_fb, c_typo, c_metro, c_dep, c_reg) =
        (col("web"), col("twitter"), col("facebook"), col("typo"), col("metro"), col("inseedep"), col("inseereg"));
    for personal in ["contact", "mail"] {
        if header.find(&[personal]).is_some() {
            return Err(format!("venues: column {personal} holds personal data and must not be committed or bundled"));
        }
    }
    let mut venues = Vec::new();
    for r in &records[1..] {
        log.read += 1;
        let f = |c: Option<usize>| csv::field(r, c).to_owned();
        let id = format!("cget-{}", f(Some(c_id)));
        let name = clean_text(&f(Some(c_nom)));
        if name.is_empty() {
            log.dropped(r.line, &id, "", "nom absent");
            continue;
        }
        let position = match (f(Some(c_lat)).parse::<f64>(), f(Some(c_lon)).parse::<f64>()) {
            (Ok(lat), Ok(lon)) if in_france(LatLon::new(lat, lon)) => LatLon::new(lat, lon),
            _ => {
                log.dropped(r.line, &id, &name, "coordonnées absentes ou hors de France");
                continue;
            }
        };
        let mut postcode = f(c_cp);
        if !(postcode.len() == 5 && postcode.bytes().all(|c| c.is_ascii_digit())) || postcode == "00000" {
            postcode.clear();
        }
        // The geocoder's address ("…, 12400 Vabres-l'Abbaye, France") names the commune too.
        let geocoded = [f(col("geocod")), f(c_addr)].iter().find_map(|a| postcode_and_town(a));
        let mut declared = vec![f(c_nomcom), f(c_cominit)];
        let mut postcodes = vec![postcode.clone()];
        if let Some((pc, town)) = geocoded {
            declared.push(town);
            postcodes.push(pc);
        }
        let declared_name = declared.iter().find(|n| !n.is_empty()).cloned().unwrap_or_default();
        let mut insee = f(c_insee);
        let mut commune_index = None;
        if insee.is_empty() || insee == "0" {
            match repair_insee(gaz, &declared, &postcodes, &f(c_dep)) {
                Ok((i, how)) => {
                    log.repaired(
                        r.line,
                        &id,
                        &name,
                        format!(
                            "code INSEE « {} » → {} ({}) par {how}",
                            if insee.is_empty() { "" } else { &insee },
                            gaz.places[i].code,
                            gaz.places[i].name,
                        ),
                    );
                    commune_index = Some(i);
                }
                Err(why) => log.unresolved(r.line, &id, &name, why),
            }
        } else if let Some(&i) = gaz.by_code.get(&insee) {
            commune_index = Some(i);
        } else if let Some(&i) = gaz.former_by_code.get(&insee) {
            log.repaired(
                r.line,
                &id,
                &name,
                format!("code INSEE {insee} (commune devenue déléguée) → commune actuelle {} ({})", gaz.places[i].code, gaz.places[i].name),
            );
            commune_index = Some(i);
        } else {
            log.unresolved(r.line, &id, &name, format!("code INSEE {insee} inconnu du COG 2026"));
        }
        let (commune, departement, region) = match commune_index {
            Some(i) => {
                insee = gaz.places[i].code.clone();
                (gaz.places[i].name.clone(), gaz.dep_code(i).to_owned(), gaz.region_code(i).to_owned())
            }
            None => {
                insee.clear();
                (declared_name.clone(), f(c_dep), f(c_reg))
            }
        };
        let website = match normalise_url(&f(c_web)) {
            Ok(u) => {
                if let Some(u) = &u {
                    let raw = f(c_web);
                    if *u != raw {
                        log.website(r.line, &id, &name, format!("« {raw} » → {u}"));
                    }
                }
                u.unwrap_or_default()
            }
            Err(_) => {
                // The raw value is not repeated: some of these cells hold a person's name.
                log.website(r.line, &id, &name, "valeur qui n'est pas une adresse web (texte libre) : retirée".to_owned());
                String::new()
            }
        };
        let types = match f(c_typo).as_str() {
            t if t.contains("coworking") => 1,
            t if t.contains("fablab") => 2,
            _ => 8,
        };
        let flags = match f(c_metro).as_str() {
            "1" => FLAG_METRO | FLAG_METRO_KNOWN,
            "0" => FLAG_METRO_KNOWN,
            _ => 0,
        };
        venues.push(Venue {
            id,
            name,
            address: clean_text(&f(c_addr)),
            postcode,
            commune,
            code_insee: insee,
            departement,
            region,
            position: Some(position),
            website,
            twitter: clean_text(&f(c_tw)),
            facebook: clean_text(&f(c_fb)),
            types,
            labels: 0,
            label_names: String::new(),
            description: String::new(),
            source: String::new(),
            position_radius_m: 0,
            flags,
        });
    }
    Ok(venues)
}

/// Finds the current commune named by `names` (declared commune names), constrained by a
/// postcode when there is one, else by the département. Only an unambiguous answer is taken.
fn repair_insee(gaz: &GazetteerBuild, names: &[String], postcodes: &[String], dep: &str) -> Result<(usize, &'static str), String> {
    let postcodes: Vec<&String> = postcodes.iter().filter(|p| !p.is_empty()).collect();
    let names: Vec<&String> = names.iter().filter(|n| !n.is_empty()).collect();
    if names.is_empty() && postcodes.is_empty() {
        // A département with a single commune (Paris) names it.
        let in_dep: Vec<usize> = (0..gaz.places.len())
            .filter(|&i| gaz.places[i].kind == PlaceKind::Commune && !dep.is_empty() && gaz.dep_code(i).eq_ignore_ascii_case(dep))
            .collect();
        return match in_dep.as_slice() {
            [one] => Ok((*one, "département à commune unique")),
            _ => Err(format!("ni commune ni code postal dans la source (département « {dep} »)")),
        };
    }
    let mut candidates: Vec<usize> = Vec::new();
    for n in &names {
        let canon = text::canonical(n);
        // "Puy-en-Velay" is "Le Puy-en-Velay": try the leading articles too.
        for variant in [canon.clone(), format!("le {canon}"), format!("la {canon}"), format!("les {canon}"), format!("l {canon}")] {
            for &i in gaz.by_name.get(&variant).map(|v| v.as_slice()).unwrap_or(&[]) {
                let c = if gaz.places[i].kind == PlaceKind::Former { gaz.city_of(i) } else { i };
                if !candidates.contains(&c) {
                    candidates.push(c);
                }
            }
        }
    }
    let has_postcode =
        |i: usize| postcodes.iter().any(|pc| gaz.places[i].postcodes.contains(pc) || gaz.places[gaz.city_of(i)].postcodes.contains(pc));
    let by_pc: Vec<usize> = candidates.iter().copied().filter(|&i| has_postcode(i)).collect();
    if by_pc.len() == 1 {
        return Ok((by_pc[0], "code postal + nom de commune"));
    }
    let by_dep: Vec<usize> = candidates.iter().copied().filter(|&i| !dep.is_empty() && gaz.dep_code(i).eq_ignore_ascii_case(dep)).collect();
    if by_dep.len() == 1 && by_pc.is_empty() {
        return Ok((by_dep[0], "nom de commune + département"));
    }
    // A commune nouvelle that kept the old name as its first words ("Florac" → "Florac Trois
    // Rivières"), the only one with that postcode.
    if candidates.is_empty() {
        let starts: Vec<usize> = (0..gaz.places.len())
            .filter(|&i| matches!(gaz.places[i].kind, PlaceKind::Commune | PlaceKind::Arrondissement) && has_postcode(i))
            .filter(|&i| {
                let c = text::canonical(&gaz.places[i].name);
                names.iter().any(|n| c.starts_with(&format!("{} ", text::canonical(n))))
            })
            .collect();
        if let [one] = starts.as_slice() {
            return Ok((*one, "code postal + début du nom de la commune nouvelle"));
        }
        return Err(format!("commune « {} » introuvable dans le COG 2026", names.first().map(|s| s.as_str()).unwrap_or("")));
    }
    let pcs: Vec<&str> = postcodes.iter().map(|s| s.as_str()).collect();
    Err(match (by_pc.len(), by_dep.len()) {
        (0, 0) => format!("aucune commune de ce nom avec le code postal « {} » ou dans le département « {dep} »", pcs.join(" / ")),
        _ => format!("ambigu : {} communes possibles", by_pc.len().max(by_dep.len())),
    })
}

/// The last "NNNNN Town" of an address ("21 Rue du Pont Vieux, 12400 Vabres-l'Abbaye, France").
fn postcode_and_town(address: &str) -> Option<(String, String)> {
    let words: Vec<&str> = address.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let at = words.iter().rposition(|w| w.len() == 5 && w.bytes().all(|c| c.is_ascii_digit()))?;
    let town: Vec<&str> = words[at + 1..].iter().copied().take_while(|w| *w != "France").collect();
    (!town.is_empty()).then(|| (words[at].to_owned(), town.join(" ")))
}

/// Merges true duplicates: same canonical name at the same place (same address, or under
/// 50 m apart). The first row is kept; its empty fields are filled from the merged one. Same
/// name at another address nearby (a chain's second site, a move) is kept and noted.
pub fn merge_duplicates(venues: &mut Vec<Venue>, log: &mut Log) {
    const SAME_PLACE_KM: f64 = 0.05;
    const NOTE_KM: f64 = 1.0;
    let mut keep: Vec<Venue> = Vec::with_capacity(venues.len());
    let mut by_name: std::collections::HashMap<String, Vec<usize>> = Default::default();
    for v in venues.drain(..) {
        let key = text::canonical(&v.name);
        let pos = v.position.unwrap_or(LatLon::new(0.0, 0.0));
        let address = text::canonical(&v.address);
        let same_name: Vec<usize> = by_name.get(&key).cloned().unwrap_or_default();
        let distance = |k: usize| keep[k].position.map_or(f64::INFINITY, |p| haversine_km(p, pos));
        let twin = same_name.iter().copied().find(|&k| {
            distance(k) < SAME_PLACE_KM || (!address.is_empty() && text::canonical(&keep[k].address) == address && keep[k].code_insee == v.code_insee)
        });
        match twin {
            Some(k) => {
                log.merged(&v.id, &keep[k].id, &v.name, distance(k));
                let kept = &mut keep[k];
                for (dst, src) in [
                    (&mut kept.address, &v.address),
                    (&mut kept.website, &v.website),
                    (&mut kept.twitter, &v.twitter),
                    (&mut kept.facebook, &v.facebook),
                    (&mut kept.postcode, &v.postcode),
                ] {
                    if dst.is_empty() {
                        dst.clone_from(src);
                    }
                }
            }
            None => {
                for &k in &same_name {
                    if distance(k) < NOTE_KM {
                        log.homonym(&v.id, &keep[k].id, &v.name, distance(k));
                    }
                }
                by_name.entry(key).or_default().push(keep.len());
                keep.push(v);
            }
        }
    }
    *venues = keep;
}
