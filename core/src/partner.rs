//! Partner venue lists (the `src` option): GeoJSON or CSV in the contract's columns, or the
//! column names of the national export this project bundles. Every row is either kept (a
//! `Venue`) or rejected with its line (CSV: the file's 1-based line, the header being line 1;
//! GeoJSON: the 0-based feature index) and the reason; nothing is dropped silently. Rows kept with
//! a caveat (an unknown type, a website that is not an address…) are listed as warnings.

use serde_json::Value;

use crate::csv;
use crate::geo::{in_france, LatLon};
use crate::pipeline::{clean_text, normalise_url};
use crate::venues::{Venue, TYPES};

/// Lists larger than this are refused whole (a partner list is a few thousand rows).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
pub const MAX_ROWS: usize = 50_000;
/// Longer field values are cut (with a warning): a name is not a paragraph.
pub const MAX_FIELD_CHARS: usize = 300;

/// A row that was not shown, or shown with a caveat.
#[derive(Clone, Debug, PartialEq)]
pub struct RowIssue {
    /// CSV: 1-based file line (header = 1). GeoJSON: 0-based feature index.
    pub line: usize,
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PartnerList {
    pub venues: Vec<Venue>,
    /// Rows not shown, each with its reason.
    pub rejected: Vec<RowIssue>,
    /// Rows shown, with something the partner should fix.
    pub warnings: Vec<RowIssue>,
    pub format: &'static str,
}

/// Why a list could not be read at all.
#[derive(Clone, Debug, PartialEq)]
pub enum PartnerError {
    TooLarge { bytes: usize },
    Empty,
    NotJson(String),
    NotFeatureCollection,
    Csv(csv::CsvError),
    MissingColumns(Vec<&'static str>),
    TooManyRows { rows: usize },
}

impl std::fmt::Display for PartnerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PartnerError::TooLarge { bytes } => write!(f, "liste trop grande ({bytes} octets, au plus {MAX_BYTES})"),
            PartnerError::Empty => write!(f, "liste vide"),
            PartnerError::NotJson(e) => write!(f, "GeoJSON illisible : {e}"),
            PartnerError::NotFeatureCollection => write!(f, "le GeoJSON n'est pas une FeatureCollection"),
            PartnerError::Csv(e) => write!(f, "CSV illisible : {e}"),
            PartnerError::MissingColumns(c) => write!(f, "colonnes obligatoires absentes : {}", c.join(", ")),
            PartnerError::TooManyRows { rows } => write!(f, "trop de lignes ({rows}, au plus {MAX_ROWS})"),
        }
    }
}

impl std::error::Error for PartnerError {}

/// Accepted names of each field, contract names first, then the national export's.
const F_ID: &[&str] = &["id"];
const F_NAME: &[&str] = &["nom", "nom_tl", "name"];
const F_ADDRESS: &[&str] = &["adresse", "address"];
const F_POSTCODE: &[&str] = &["code_postal", "cp"];
const F_COMMUNE: &[&str] = &["commune", "nomcom", "cominit"];
const F_INSEE: &[&str] = &["code_insee", "inseecom"];
const F_LAT: &[&str] = &["latitude", "lat"];
const F_LON: &[&str] = &["longitude", "lon", "lng", "long"];
const F_WEB: &[&str] = &["site_web", "web", "website"];
const F_TYPES: &[&str] = &["types", "typo"];

/// Reads a partner list (bytes as fetched). Invalid UTF-8 is replaced (and said where).
pub fn parse(bytes: &[u8]) -> Result<PartnerList, PartnerError> {
    if bytes.len() > MAX_BYTES {
        return Err(PartnerError::TooLarge { bytes: bytes.len() });
    }
    let mut warnings = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count();
            warnings.push(RowIssue { line, reason: "texte qui n'est pas en UTF-8 : caractères remplacés par �".into() });
            String::from_utf8_lossy(bytes)
        }
    };
    let body = text.trim_start_matches('\u{FEFF}').trim_start();
    if body.is_empty() {
        return Err(PartnerError::Empty);
    }
    let mut list = if body.starts_with('{') { parse_geojson(body)? } else { parse_csv(&text)? };
    warnings.append(&mut list.warnings);
    list.warnings = warnings;
    Ok(list)
}

/// Field lookup over a CSV record or GeoJSON properties.
trait Row {
    fn get(&self, names: &[&str]) -> String;
}

struct CsvRow<'a> {
    header: &'a csv::Header,
    record: &'a csv::Record,
}

impl Row for CsvRow<'_> {
    fn get(&self, names: &[&str]) -> String {
        csv::field(self.record, self.header.find(names)).to_owned()
    }
}

impl Row for serde_json::Map<String, Value> {
    fn get(&self, names: &[&str]) -> String {
        for n in names {
            let found = self.iter().find(|(k, _)| k.eq_ignore_ascii_case(n)).map(|(_, v)| v);
            match found {
                Some(Value::String(s)) => return s.trim().to_owned(),
                Some(Value::Number(x)) => return x.to_string(),
                Some(Value::Array(a)) => return a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(","),
                _ => {}
            }
        }
        String::new()
    }
}

fn parse_csv(text: &str) -> Result<PartnerList, PartnerError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let delimiter = csv::detect_delimiter(text);
    let records = csv::parse(text, delimiter).map_err(PartnerError::Csv)?;
    let header_record = records.first().ok_or(PartnerError::Empty)?;
    let header = csv::Header::new(header_record);
    let mut missing = Vec::new();
    for (label, names) in [("nom", F_NAME), ("latitude", F_LAT), ("longitude", F_LON)] {
        if header.find(names).is_none() {
            missing.push(label);
        }
    }
    if !missing.is_empty() {
        return Err(PartnerError::MissingColumns(missing));
    }
    if records.len() - 1 > MAX_ROWS {
        return Err(PartnerError::TooManyRows { rows: records.len() - 1 });
    }
    let mut b = Builder::default();
    for r in &records[1..] {
        let row = CsvRow { header: &header, record: r };
        let lat = row.get(F_LAT);
        let lon = row.get(F_LON);
        b.row(r.line, &row, Some((lat, lon)));
    }
    Ok(b.finish("csv"))
}

fn parse_geojson(text: &str) -> Result<PartnerList, PartnerError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| PartnerError::NotJson(e.to_string()))?;
    if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(PartnerError::NotFeatureCollection);
    }
    let features = doc.get("features").and_then(Value::as_array).ok_or(PartnerError::NotFeatureCollection)?;
    if features.len() > MAX_ROWS {
        return Err(PartnerError::TooManyRows { rows: features.len() });
    }
    let mut b = Builder::default();
    let empty = serde_json::Map::new();
    for (i, f) in features.iter().enumerate() {
        let props = f.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        let geometry = f.get("geometry");
        let point = match geometry.and_then(|g| g.get("type")).and_then(Value::as_str) {
            Some("Point") => geometry.and_then(|g| g.get("coordinates")).and_then(Value::as_array).map(|c| {
                let n = |k: usize| c.get(k).map(|v| v.to_string()).unwrap_or_default();
                (n(1), n(0))
            }),
            Some(other) => {
                b.reject(i, format!("géométrie « {other} » : seul un point (Point) situe un lieu"));
                continue;
            }
            None => None,
        };
        b.row(i, props, point);
    }
    Ok(b.finish("geojson"))
}

#[derive(Default)]
struct Builder {
    list: PartnerList,
    ids: std::collections::HashMap<String, usize>,
}

/// A number written with a decimal comma ("48,11") or point.
fn number(s: &str) -> Option<f64> {
    let t = s.trim().replace(',', ".");
    let v: f64 = t.parse().ok()?;
    v.is_finite().then_some(v)
}

impl Builder {
    fn reject(&mut self, line: usize, reason: String) {
        self.list.rejected.push(RowIssue { line, reason });
    }

    fn warn(&mut self, line: usize, reason: String) {
        self.list.warnings.push(RowIssue { line, reason });
    }

    /// A field's text: white space folded, control characters removed, length capped.
    fn text(&mut self, line: usize, field: &str, raw: &str) -> String {
        let cleaned: String = clean_text(raw).chars().filter(|c| !c.is_control()).collect();
        if cleaned.chars().count() > MAX_FIELD_CHARS {
            self.warn(line, format!("{field} de plus de {MAX_FIELD_CHARS} caractères : coupé"));
            let mut cut: String = cleaned.chars().take(MAX_FIELD_CHARS - 1).collect();
            cut.push('…');
            return cut;
        }
        cleaned
    }

    fn row(&mut self, line: usize, row: &dyn Row, coords: Option<(String, String)>) {
        let name = self.text(line, "nom", &row.get(F_NAME));
        if name.is_empty() {
            return self.reject(line, "nom manquant".into());
        }
        let Some((lat_s, lon_s)) = coords.filter(|(a, b)| !a.trim().is_empty() && !b.trim().is_empty()) else {
            return self.reject(line, format!("« {name} » : coordonnées manquantes"));
        };
        let (Some(lat), Some(lon)) = (number(&lat_s), number(&lon_s)) else {
            return self.reject(line, format!("« {name} » : coordonnées illisibles ({lat_s}, {lon_s})"));
        };
        let p = LatLon::new(lat, lon);
        if !in_france(p) {
            let hint = if in_france(LatLon::new(lon, lat)) { " : latitude et longitude inversées ?" } else { "" };
            return self.reject(line, format!("« {name} » : position hors de France ({lat}, {lon}){hint}"));
        }
        let mut id = self.text(line, "id", &row.get(F_ID));
        if id.is_empty() {
            id = format!("ligne-{line}");
        }
        if let Some(first) = self.ids.get(&id) {
            return self.reject(line, format!("« {name} » : identifiant « {id} » déjà utilisé (ligne {first})"));
        }
        self.ids.insert(id.clone(), line);
        let types = self.types(line, &row.get(F_TYPES));
        let website = match normalise_url(&row.get(F_WEB)) {
            Ok(u) => u.unwrap_or_default(),
            Err(_) => {
                self.warn(line, format!("« {name} » : site web qui n'est pas une adresse http(s) : non affiché"));
                String::new()
            }
        };
        let code_insee = row.get(F_INSEE);
        let code_insee = if code_insee.len() == 5 && code_insee.is_ascii() { code_insee.to_ascii_uppercase() } else { String::new() };
        let departement = match code_insee.get(..2) {
            Some("97") => code_insee[..3].to_owned(),
            Some(d) => d.to_owned(),
            None => String::new(),
        };
        let venue = Venue {
            id,
            address: self.text(line, "adresse", &row.get(F_ADDRESS)),
            postcode: row.get(F_POSTCODE).chars().filter(char::is_ascii_digit).take(5).collect(),
            commune: self.text(line, "commune", &row.get(F_COMMUNE)),
            code_insee,
            departement,
            region: String::new(),
            position: Some(p),
            website,
            types,
            name,
            ..Venue::default()
        };
        self.list.venues.push(venue);
    }

    /// Type keys (contract keys, or the national typology's text); unknown ones are warned.
    fn types(&mut self, line: usize, raw: &str) -> u8 {
        let mut bits = 0;
        for part in raw.split([',', ';', '|']).map(str::trim).filter(|p| !p.is_empty()) {
            let lower = part.to_lowercase();
            let key = if lower.contains("dominante coworking") {
                Some("coworking")
            } else if lower.contains("dominante fablab") {
                Some("fablab")
            } else {
                TYPES.iter().find(|t| t.key.eq_ignore_ascii_case(part)).map(|t| t.key)
            };
            match key.and_then(|k| TYPES.iter().find(|t| t.key == k)) {
                Some(t) => bits |= t.bit,
                None => self.warn(line, format!("type inconnu « {part} » ignoré (types connus : coworking, fablab, atelier, tiers-lieu)")),
            }
        }
        if bits == 0 {
            TYPES.iter().find(|t| t.key == "tiers-lieu").map_or(8, |t| t.bit)
        } else {
            bits
        }
    }

    fn finish(mut self, format: &'static str) -> PartnerList {
        self.list.format = format;
        self.list
    }
}

#[cfg(test)]
mod tests {
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
        assert_eq!(l.venues[1].website, "", "javascript: is never a link");
        let lines: Vec<usize> = l.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7], "{:?}", l.rejected);
        assert!(l.rejected[0].reason.contains("nom manquant"));
        assert!(l.rejected[1].reason.contains("coordonnées manquantes"));
        assert!(l.rejected[2].reason.contains("inversées"));
        assert!(l.rejected[3].reason.contains("hors de France"));
        assert!(l.rejected[4].reason.contains("déjà utilisé (ligne 2)"));
        assert!(l.warnings.iter().any(|w| w.line == 8 && w.reason.contains("http")));
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
        assert!(l.warnings.iter().any(|w| w.line == 2 && w.reason.contains("UTF-8")));
        assert!(l.warnings.iter().any(|w| w.line == 3 && w.reason.contains("coupé")));
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
}
