//! The Brittany list (#MapLabBZH, CC BY 4.0, 2020) merged into the national venues: its
//! tiers-lieux only, each either merged with the national row it duplicates or added as a venue of
//! its own, every decision written to the report.
//!
//! A row duplicates a national venue when both have the same folded name within
//! [`SAME_PLACE_KM`] or in the same commune (the two lists' points for one place are up to a
//! kilometre apart: « Tilt » in Theix-Noyalo, « Open Factory » in Brest), or the same website
//! host, unless that host names several places in either list (a network's site: `labfab.fr`
//! serves four Rennes fab labs) and then only within that distance too.

use std::collections::HashMap;

use serde_json::Value;

use super::gazetteer::GazetteerBuild;
use super::report::Log;
use crate::geo::{haversine_km, LatLon};
use crate::links::normalise_url;
use crate::places::PlaceKind;
use crate::text::{self, clean_text};
use crate::venues::Venue;

/// Credited in each of its venues' details, under the map and in `pkg/DATA-LICENCE.md`.
pub const MAPLAB_SOURCE: &str = "MapLab Bretagne (Guillaume Rouan, #MapLabBZH), 2020 — CC BY 4.0";

/// Two rows with the same folded name this close are one place.
pub const SAME_PLACE_KM: f64 = 0.3;

/// `structure` values that are tiers-lieux, and the venue type each gets.
const KEPT: &[(&str, u8)] = &[("fablab", 2), ("fablabMIT", 2), ("hakerspace", 2), ("makerspace", 2), ("tierslieu", 8)];

/// A website's host, without `www.` (`http://www.labfab.fr/x` → `labfab.fr`).
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let h = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    let h = h.strip_prefix("www.").unwrap_or(&h).to_owned();
    (!h.is_empty()).then_some(h)
}

/// A social-network handle or page as a link (`@tilt_theix` → `https://twitter.com/tilt_theix`).
fn social(raw: &str, base: &str) -> String {
    let raw = raw.trim();
    if raw.is_empty() || raw.starts_with("http://") || raw.starts_with("https://") {
        return raw.to_owned();
    }
    let handle = raw.trim_start_matches('@');
    if handle.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.')) {
        format!("{base}{handle}")
    } else {
        String::new()
    }
}

/// The current commune a row names: by its postcode and town, else its town's name alone, else
/// the commune nearest its point in the postcode's département.
fn commune_of(gaz: &GazetteerBuild, postcode: &str, town: &str, at: LatLon) -> Option<usize> {
    let town = text::canonical(town);
    let communes = || gaz.places.iter().enumerate().filter(|(_, p)| p.kind == PlaceKind::Commune);
    let by_postcode: Vec<usize> = communes().filter(|(_, p)| p.postcodes.iter().any(|c| c == postcode)).map(|(i, _)| i).collect();
    let named = |i: &usize| {
        let name = text::canonical(&gaz.places[*i].name);
        name == town || name.starts_with(&format!("{town} "))
    };
    if let Some(&i) = by_postcode.iter().find(|i| named(i)) {
        return Some(i);
    }
    if let [only] = by_postcode.as_slice() {
        return Some(*only);
    }
    if let Some(list) = gaz.by_name.get(&town) {
        let current: Vec<usize> = list.iter().map(|&i| gaz.city_of(i)).collect();
        if let [only] = current.as_slice() {
            return Some(*only);
        }
    }
    let dep = postcode.get(..2)?;
    communes()
        .filter(|(i, p)| p.position.is_some() && gaz.dep_code(*i) == dep)
        .min_by(|a, b| haversine_km(at, a.1.position.unwrap_or(at)).total_cmp(&haversine_km(at, b.1.position.unwrap_or(at))))
        .map(|(i, _)| i)
}

/// Merges the list's tiers-lieux into `venues` (the national base's rows).
pub fn apply(venues: &mut Vec<Venue>, geojson: &str, gaz: &GazetteerBuild, log: &mut Log) -> Result<(), String> {
    let doc: Value = serde_json::from_str(geojson).map_err(|e| format!("MapLab Bretagne: {e}"))?;
    let features = doc["features"].as_array().ok_or("MapLab Bretagne: no features")?;
    let rows: Vec<&Value> = features.iter().collect();
    let website = |p: &Value| normalise_url(p["web"].as_str().unwrap_or("")).ok().flatten();
    // Hosts that name several places in either list: a network's site, not a place's.
    let mut host_count: HashMap<String, (usize, usize)> = HashMap::new();
    for v in venues.iter() {
        if let Some(h) = host(&v.website) {
            host_count.entry(h).or_default().0 += 1;
        }
    }
    for f in &rows {
        if let Some(h) = website(&f["properties"]).as_deref().and_then(host) {
            host_count.entry(h).or_default().1 += 1;
        }
    }
    let national = venues.len();
    for f in rows {
        let p = &f["properties"];
        let id = format!("maplab-{}", p["id"].as_str().unwrap_or("").trim());
        let name = clean_text(p["name"].as_str().unwrap_or(""));
        let structure = p["structure"].as_str().unwrap_or("");
        let Some(&(_, types)) = KEPT.iter().find(|(s, _)| *s == structure) else {
            log.maplab_left_out(
                &id,
                &name,
                &format!("type « {structure} », hors des tiers-lieux retenus (fablab, fablabMIT, tierslieu, hakerspace, makerspace)"),
            );
            continue;
        };
        let at = f["geometry"]["coordinates"].as_array().and_then(|c| Some(LatLon::new(c.get(1)?.as_f64()?, c.first()?.as_f64()?)));
        let Some(at) = at.filter(|p| crate::geo::in_france(*p)) else {
            log.maplab_left_out(&id, &name, "point absent ou hors de France");
            continue;
        };
        if name.is_empty() {
            log.maplab_left_out(&id, "", "nom absent");
            continue;
        }
        let web = website(p);
        let folded = text::canonical(&name);
        let postcode = p["cp"].as_str().unwrap_or("").trim().to_owned();
        let town = clean_text(p["ville"].as_str().unwrap_or(""));
        let commune = commune_of(gaz, &postcode, &town, at);
        let code = commune.map(|c| gaz.places[c].code.as_str());
        let same = venues[..national].iter().find_map(|v| {
            let km = haversine_km(at, v.position?);
            if text::canonical(&v.name) == folded && (km <= SAME_PLACE_KM || code == Some(v.code_insee.as_str())) {
                return Some((v, format!("même nom à {:.0} m", km * 1000.0)));
            }
            let (h, vh) = (web.as_deref().and_then(host)?, host(&v.website)?);
            let shared = host_count.get(&h).is_some_and(|&(a, b)| a > 1 || b > 1);
            (h == vh && (!shared || km <= SAME_PLACE_KM)).then(|| (v, format!("même site ({h}), à {:.1} km", km).replace('.', ",")))
        });
        if let Some((v, why)) = same {
            log.maplab_merged(&id, &name, &v.id, &v.name, &why);
            continue;
        }
        let organisation = clean_text(p["organisation"].as_str().unwrap_or(""));
        let venue = Venue {
            id: id.clone(),
            name: name.clone(),
            address: clean_text(p["adresse"].as_str().unwrap_or("")),
            postcode: if postcode.len() == 5 && postcode.bytes().all(|b| b.is_ascii_digit()) { postcode } else { String::new() },
            commune: commune.map_or(town.clone(), |c| gaz.places[c].name.clone()),
            code_insee: commune.map_or(String::new(), |c| gaz.places[c].code.clone()),
            departement: commune.map_or(String::new(), |c| gaz.dep_code(c).to_owned()),
            region: commune.map_or(String::new(), |c| gaz.region_code(c).to_owned()),
            position: Some(at),
            website: web.unwrap_or_default(),
            twitter: social(p["twitter"].as_str().unwrap_or(""), "https://twitter.com/"),
            facebook: social(p["facebook"].as_str().unwrap_or(""), "https://www.facebook.com/"),
            types,
            description: if organisation.is_empty() { String::new() } else { format!("Structure : {organisation}") },
            source: MAPLAB_SOURCE.to_owned(),
            ..Venue::default()
        };
        log.maplab_added(&id, &name, &format!("{} ({})", venue.commune, venue.departement));
        venues.push(venue);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_handles() {
        assert_eq!(host("http://www.labfab.fr/x").as_deref(), Some("labfab.fr"));
        assert_eq!(host("https://Fablab-Lorient.bzh").as_deref(), Some("fablab-lorient.bzh"));
        assert_eq!(social("@tilt_theix", "https://twitter.com/"), "https://twitter.com/tilt_theix");
        assert_eq!(social("https://twitter.com/LabFab_UR1", "https://twitter.com/"), "https://twitter.com/LabFab_UR1");
        assert_eq!(social("FablabLorient", "https://www.facebook.com/"), "https://www.facebook.com/FablabLorient");
        assert_eq!(social("not a handle", "https://twitter.com/"), "");
    }
}
