//! Gazetteer sources (COG 2026 communes with centroids, départements, régions) → place records.

use std::collections::HashMap;

use serde_json::Value;

use super::Sources;
use crate::csv;
use crate::geo::LatLon;
use crate::places::{PlaceKind, PlaceRecord};
use crate::text;

/// A région of regions.json.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub code: String,
    pub name: String,
}

pub struct GazetteerBuild {
    pub places: Vec<PlaceRecord>,
    pub dep_regions: Vec<String>,
    pub regions: Vec<Region>,
    /// Current commune or arrondissement by INSEE code.
    pub by_code: HashMap<String, usize>,
    /// Former commune (déléguée/associée) by INSEE code → index of its current commune.
    pub former_by_code: HashMap<String, usize>,
    /// Canonical name → communes, arrondissements and former communes of that name.
    pub by_name: HashMap<String, Vec<usize>>,
    /// Communes that have no coordinates: (code, name, zone).
    pub no_position: Vec<(String, String, String)>,
    /// Former communes not indexed because their name is their current commune's.
    pub aliases_same_name: usize,
    pub counts: HashMap<&'static str, usize>,
    /// Area in km² of each current commune and arrondissement (`commune-areas.csv`).
    pub area_km2: HashMap<String, f64>,
}

impl GazetteerBuild {
    pub fn dep_code(&self, i: usize) -> &str {
        &self.places[self.places[i].dep as usize].code
    }
    pub fn region_code(&self, i: usize) -> &str {
        &self.dep_regions[self.places[i].dep as usize]
    }
    /// `01=84,02=32,…`: each département's région, in the form
    /// [`crate::venues::region_of_departement`] reads.
    pub fn departement_regions(&self) -> String {
        self.dep_regions.iter().enumerate().map(|(i, r)| format!("{}={r}", self.places[i].code)).collect::<Vec<_>>().join(",")
    }
    /// The current commune that this code names (a current commune, arrondissement, or a former
    /// commune's current one).
    pub fn current(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).or_else(|| self.former_by_code.get(code)).copied()
    }
    /// The rough radius of commune or arrondissement `i`, in km: that of a disk of its area.
    pub fn radius_km(&self, i: usize) -> Option<f64> {
        self.area_km2.get(&self.places[i].code).map(|a| (a / std::f64::consts::PI).sqrt())
    }
    /// The commune itself, or for an arrondissement its city (Paris, Lyon, Marseille).
    pub fn city_of(&self, i: usize) -> usize {
        match self.places[i].kind {
            PlaceKind::Arrondissement | PlaceKind::Former => self.places[i].parent as usize,
            _ => i,
        }
    }
}

struct Row {
    code: String,
    kind: String,
    name: String,
    parent: String,
    postcodes: Vec<String>,
    dep: String,
    population: u32,
    position: Option<LatLon>,
    zone: String,
}

pub fn build(src: &Sources) -> Result<GazetteerBuild, String> {
    let deps: Vec<Value> = serde_json::from_str(&src.departements_json).map_err(|e| format!("departements.json: {e}"))?;
    let regs: Vec<Value> = serde_json::from_str(&src.regions_json).map_err(|e| format!("regions.json: {e}"))?;
    let records = csv::parse(&src.gazetteer_csv, b',').map_err(|e| format!("gazetteer: {e}"))?;
    let header = csv::Header::new(records.first().ok_or("gazetteer: empty")?);
    let col = |n: &str| header.find(&[n]).ok_or(format!("gazetteer: no column {n}"));
    let (c_code, c_type, c_nom, c_parent, c_pc, c_dep, c_pop, c_lat, c_lon, c_zone) = (
        col("code_insee")?,
        col("type")?,
        col("nom")?,
        col("parent_code")?,
        col("codes_postaux")?,
        col("dep_code")?,
        col("population")?,
        col("lat")?,
        col("lon")?,
        col("zone")?,
    );
    let mut rows = Vec::new();
    for r in &records[1..] {
        let f = |c: usize| csv::field(r, Some(c)).to_owned();
        let position = match (f(c_lat).parse::<f64>(), f(c_lon).parse::<f64>()) {
            (Ok(lat), Ok(lon)) => Some(LatLon::new(lat, lon)),
            _ => None,
        };
        rows.push(Row {
            code: f(c_code),
            kind: f(c_type),
            name: f(c_nom),
            parent: f(c_parent),
            postcodes: f(c_pc).split(';').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
            dep: f(c_dep),
            population: f(c_pop).parse().unwrap_or(0),
            position,
            zone: f(c_zone),
        });
    }

    let mut regions: Vec<Region> =
        regs.iter().filter_map(|r| Some(Region { code: r["code"].as_str()?.to_owned(), name: r["nom"].as_str()?.to_owned() })).collect();
    regions.sort_by(|a, b| a.code.cmp(&b.code));

    let mut dep_list: Vec<(String, String, String, String)> = deps
        .iter()
        .filter_map(|d| {
            Some((
                d["code"].as_str()?.to_owned(),
                d["nom"].as_str()?.to_owned(),
                d["region"].as_str()?.to_owned(),
                d["chefLieu"].as_str().unwrap_or("").to_owned(),
            ))
        })
        .collect();
    dep_list.sort();
    // Scopes name régions by code: each département's must be one of regions.json (the assets
    // carry the codes only, never the régions' names).
    if let Some(d) = dep_list.iter().find(|d| regions.binary_search_by(|r| r.code.cmp(&d.2)).is_err()) {
        return Err(format!("departements.json: département {} has région {}, not in regions.json", d.0, d.2));
    }
    let dep_index: HashMap<String, usize> = dep_list.iter().enumerate().map(|(i, d)| (d.0.clone(), i)).collect();

    let mut places: Vec<PlaceRecord> = Vec::new();
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    for (code, name, _, _) in &dep_list {
        places.push(PlaceRecord {
            kind: PlaceKind::Departement,
            code: code.clone(),
            name: name.clone(),
            parent: places.len() as u32,
            dep: places.len() as u32,
            population: 0,
            position: None,
            postcodes: vec![],
        });
    }
    counts.insert("départements", dep_list.len());

    // Communes and arrondissements, by code.
    let mut current: Vec<&Row> = rows.iter().filter(|r| r.kind == "COM" || r.kind == "ARM").collect();
    current.sort_by(|a, b| a.code.cmp(&b.code));
    let mut by_code = HashMap::new();
    let mut no_position = Vec::new();
    for r in &current {
        let dep = *dep_index.get(&r.dep).ok_or(format!("gazetteer: commune {} has unknown département {}", r.code, r.dep))?;
        let kind = if r.kind == "ARM" { PlaceKind::Arrondissement } else { PlaceKind::Commune };
        *counts.entry(if kind == PlaceKind::Arrondissement { "arrondissements" } else { "communes" }).or_default() += 1;
        if r.position.is_none() && kind == PlaceKind::Commune {
            no_position.push((r.code.clone(), r.name.clone(), r.zone.clone()));
        }
        by_code.insert(r.code.clone(), places.len());
        places.push(PlaceRecord {
            kind,
            code: r.code.clone(),
            name: r.name.clone(),
            parent: places.len() as u32,
            dep: dep as u32,
            population: r.population,
            position: r.position,
            postcodes: r.postcodes.clone(),
        });
    }
    // Arrondissements point at their city; a postcode an arrondissement has is its, not the city's.
    let mut arm_postcodes: HashMap<String, Vec<String>> = HashMap::new();
    for r in current.iter().filter(|r| r.kind == "ARM") {
        let i = by_code[&r.code];
        let parent = *by_code.get(&r.parent).ok_or(format!("gazetteer: arrondissement {} without city {}", r.code, r.parent))?;
        places[i].parent = parent as u32;
        arm_postcodes.entry(r.parent.clone()).or_default().extend(r.postcodes.iter().cloned());
    }
    for (city, pcs) in arm_postcodes {
        let i = by_code[&city];
        places[i].postcodes.retain(|p| !pcs.contains(p));
    }
    // Département positions: the prefecture's; population: the sum of its communes'.
    for (d, (_, _, _, chef)) in dep_list.iter().enumerate() {
        places[d].position = by_code.get(chef).and_then(|&i| places[i].position);
    }
    let pops: Vec<(usize, u32)> = places.iter().filter(|p| p.kind == PlaceKind::Commune).map(|p| (p.dep as usize, p.population)).collect();
    for (d, pop) in pops {
        places[d].population = places[d].population.saturating_add(pop);
    }

    // Former communes: aliases of their current commune.
    let mut former: Vec<&Row> = rows.iter().filter(|r| r.kind == "COMD" || r.kind == "COMA").collect();
    former.sort_by(|a, b| (&a.code, &a.name).cmp(&(&b.code, &b.name)));
    let mut former_by_code = HashMap::new();
    let mut aliases_same_name = 0;
    for r in former {
        let Some(&parent) = by_code.get(&r.parent) else {
            return Err(format!("gazetteer: former commune {} without current commune {}", r.code, r.parent));
        };
        if r.code != r.parent {
            former_by_code.entry(r.code.clone()).or_insert(parent);
        }
        if text::canonical(&r.name) == text::canonical(&places[parent].name) {
            aliases_same_name += 1;
            continue;
        }
        *counts.entry("anciennes communes").or_default() += 1;
        // Its own département, read from its code (a few joined a commune across a border).
        let own_dep = [3, 2].iter().find_map(|&k| r.code.get(..k).and_then(|p| dep_index.get(p)));
        let dep = own_dep.copied().map_or(places[parent].dep, |d| d as u32);
        places.push(PlaceRecord {
            kind: PlaceKind::Former,
            code: r.code.clone(),
            name: r.name.clone(),
            parent: parent as u32,
            dep,
            population: r.population,
            position: r.position.or(places[parent].position),
            postcodes: vec![],
        });
    }

    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in places.iter().enumerate().skip(dep_list.len()) {
        by_name.entry(text::canonical(&p.name)).or_default().push(i);
    }
    let dep_regions = dep_list.iter().map(|d| d.2.clone()).collect();
    let area_km2 = commune_areas(&src.commune_areas_csv)?;
    Ok(GazetteerBuild { places, dep_regions, regions, by_code, former_by_code, by_name, no_position, aliases_same_name, counts, area_km2 })
}

/// `code_insee,area_km2` rows.
fn commune_areas(text: &str) -> Result<HashMap<String, f64>, String> {
    let records = csv::parse(text, b',').map_err(|e| format!("commune-areas.csv: {e}"))?;
    let mut out = HashMap::new();
    for (line, r) in records.iter().enumerate().skip(1) {
        let area: f64 = csv::field(r, Some(1)).parse().map_err(|_| format!("commune-areas.csv line {}: not an area", line + 1))?;
        if !(area.is_finite() && area > 0.0) {
            return Err(format!("commune-areas.csv line {}: area {area}", line + 1));
        }
        out.insert(csv::field(r, Some(0)).to_owned(), area);
    }
    Ok(out)
}
