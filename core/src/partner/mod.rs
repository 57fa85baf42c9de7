//! Partner venue lists (the `src` option): GeoJSON or CSV in the contract's columns, or the
//! column names of the national export this project bundles. Every row is either kept (a
//! `Venue`) or rejected with its line (CSV: the file's 1-based line, the header being line 1;
//! GeoJSON: the 0-based feature index) and the reason; nothing is dropped silently. Rows kept with
//! a caveat (an unknown type, a website that is not an address…) are listed as warnings.

use serde_json::Value;

use crate::csv;
use crate::finder::{is_in_scope, Finder, VenueFilter};
use crate::geo::{in_france, LatLon};
use crate::links::{normalise_url, safe_href};
use crate::places::Scope;
use crate::text::clean_text;
use crate::venues::{departement_of_postcode, encode, region_of_departement, Venue, VenueTable, TYPES};

/// Lists larger than this are refused whole (a partner list is a few thousand rows).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
pub const MAX_ROWS: usize = 50_000;
/// Longer field values are cut (with a warning): a name is not a paragraph.
pub const MAX_FIELD_CHARS: usize = 300;

/// What is wrong with a row. Rows whose problem [`rejects`](Problem::rejects) are not shown; the
/// others are shown with a caveat the partner should fix.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    MissingName,
    MissingCoordinates {
        name: String,
    },
    UnreadableCoordinates {
        name: String,
        lat: String,
        lon: String,
    },
    OutsideFrance {
        name: String,
        lat: f64,
        lon: f64,
        swapped: bool,
    },
    DuplicateId {
        name: String,
        id: String,
        first_line: usize,
    },
    NotAPoint {
        geometry: String,
    },
    /// Outside the widget's `region`/`departement`/`types` (described as the options say it).
    OutOfScope {
        name: String,
        scope: String,
    },
    // Shown with a caveat:
    NotUtf8,
    TooLong {
        field: &'static str,
    },
    UnknownType {
        value: String,
    },
    WebsiteAsText {
        name: String,
    },
    UnknownDepartement {
        name: String,
    },
}

impl Problem {
    /// True when the row is not shown.
    pub fn rejects(&self) -> bool {
        matches!(
            self,
            Problem::MissingName
                | Problem::MissingCoordinates { .. }
                | Problem::UnreadableCoordinates { .. }
                | Problem::OutsideFrance { .. }
                | Problem::DuplicateId { .. }
                | Problem::NotAPoint { .. }
                | Problem::OutOfScope { .. }
        )
    }
}

/// The type keys a partner may use, for the reason of an unknown type.
pub fn type_keys() -> String {
    TYPES.iter().map(|t| t.key).collect::<Vec<_>>().join(", ")
}

/// A row that was not shown, or shown with a caveat.
#[derive(Clone, Debug, PartialEq)]
pub struct RowIssue {
    /// CSV: 1-based file line (header = 1). GeoJSON: 0-based feature index.
    pub line: usize,
    pub problem: Problem,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PartnerList {
    pub venues: Vec<Venue>,
    /// The line (CSV) or feature index (GeoJSON) of each venue, parallel to `venues`.
    pub lines: Vec<usize>,
    /// Rows not shown, each with its reason.
    pub rejected: Vec<RowIssue>,
    /// Rows shown, with something the partner should fix.
    pub warnings: Vec<RowIssue>,
    /// Data rows read (CSV records after the header, or GeoJSON features).
    pub rows: usize,
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
    /// For developers (the widget says it in the user's language: `i18n::list_error`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unreadable partner list: {self:?}")
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

/// Reads a partner list (bytes as fetched) at once. Invalid UTF-8 is replaced (and said where).
pub fn parse(bytes: &[u8]) -> Result<PartnerList, PartnerError> {
    Ok(Reader::new(bytes)?.finish())
}

/// A partner list being read: decoded and split into rows at once by [`Reader::new`] (which
/// refuses a list that cannot be read at all), then its rows checked `read(n)` at a time, so that
/// a browser can paint and answer input between chunks of a large list.
pub struct Reader {
    rows: Rows,
    next: usize,
    builder: Builder,
    format: &'static str,
}

enum Rows {
    Csv { header: csv::Header, records: Vec<csv::Record> },
    GeoJson { features: Vec<Value> },
}

impl Reader {
    pub fn new(bytes: &[u8]) -> Result<Reader, PartnerError> {
        if bytes.len() > MAX_BYTES {
            return Err(PartnerError::TooLarge { bytes: bytes.len() });
        }
        let mut warnings = Vec::new();
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => std::borrow::Cow::Borrowed(t),
            Err(e) => {
                let line = 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count();
                warnings.push(RowIssue { line, problem: Problem::NotUtf8 });
                String::from_utf8_lossy(bytes)
            }
        };
        let body = text.trim_start_matches('\u{FEFF}').trim_start();
        if body.is_empty() {
            return Err(PartnerError::Empty);
        }
        let (rows, format) = if body.starts_with('{') { (geojson_rows(body)?, "geojson") } else { (csv_rows(&text)?, "csv") };
        let mut builder = Builder::default();
        builder.list.rows = match &rows {
            Rows::Csv { records, .. } => records.len(),
            Rows::GeoJson { features } => features.len(),
        };
        builder.list.warnings = warnings;
        Ok(Reader { rows, next: 0, builder, format })
    }

    /// Data rows in the list.
    pub fn len(&self) -> usize {
        self.builder.list.rows
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Checks up to `max_rows` more rows; true once every row has been read.
    pub fn read(&mut self, max_rows: usize) -> bool {
        let end = self.next.saturating_add(max_rows).min(self.len());
        for i in self.next..end {
            match &self.rows {
                Rows::Csv { header, records } => {
                    let r = &records[i];
                    let row = CsvRow { header, record: r };
                    let coords = (row.get(F_LAT), row.get(F_LON));
                    self.builder.row(r.line, &row, Some(coords));
                }
                Rows::GeoJson { features } => feature_row(&mut self.builder, i, &features[i]),
            }
        }
        self.next = end;
        end == self.len()
    }

    /// Reads what is left and gives the list.
    pub fn finish(mut self) -> PartnerList {
        self.read(usize::MAX);
        self.builder.finish(self.format)
    }
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

/// The header checked and the records after it.
fn csv_rows(text: &str) -> Result<Rows, PartnerError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let delimiter = csv::detect_delimiter(text);
    let mut records = csv::parse(text, delimiter).map_err(PartnerError::Csv)?;
    if records.is_empty() {
        return Err(PartnerError::Empty);
    }
    let header = csv::Header::new(&records.remove(0));
    let mut missing = Vec::new();
    for (label, names) in [("nom", F_NAME), ("latitude", F_LAT), ("longitude", F_LON)] {
        if header.find(names).is_none() {
            missing.push(label);
        }
    }
    if !missing.is_empty() {
        return Err(PartnerError::MissingColumns(missing));
    }
    if records.len() > MAX_ROWS {
        return Err(PartnerError::TooManyRows { rows: records.len() });
    }
    Ok(Rows::Csv { header, records })
}

/// The features of a FeatureCollection.
fn geojson_rows(text: &str) -> Result<Rows, PartnerError> {
    let mut doc: Value = serde_json::from_str(text).map_err(|e| PartnerError::NotJson(e.to_string()))?;
    if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(PartnerError::NotFeatureCollection);
    }
    let Some(Value::Array(features)) = doc.get_mut("features").map(Value::take) else {
        return Err(PartnerError::NotFeatureCollection);
    };
    if features.len() > MAX_ROWS {
        return Err(PartnerError::TooManyRows { rows: features.len() });
    }
    Ok(Rows::GeoJson { features })
}

/// GeoJSON feature `i`: a Point's properties become a venue; any other geometry is rejected.
fn feature_row(b: &mut Builder, i: usize, f: &Value) {
    let no_properties = serde_json::Map::new();
    let props = f.get("properties").and_then(Value::as_object).unwrap_or(&no_properties);
    let geometry = f.get("geometry");
    let point = match geometry.and_then(|g| g.get("type")).and_then(Value::as_str) {
        Some("Point") => geometry.and_then(|g| g.get("coordinates")).and_then(Value::as_array).map(|c| {
            let n = |k: usize| c.get(k).map(|v| v.to_string()).unwrap_or_default();
            (n(1), n(0))
        }),
        Some(other) => return b.reject(i, Problem::NotAPoint { geometry: other.chars().take(40).collect() }),
        None => None,
    };
    b.row(i, props, point);
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
    fn reject(&mut self, line: usize, problem: Problem) {
        self.list.rejected.push(RowIssue { line, problem });
    }

    fn warn(&mut self, line: usize, problem: Problem) {
        self.list.warnings.push(RowIssue { line, problem });
    }

    /// A field's text: white space folded, control characters removed, length capped.
    fn text(&mut self, line: usize, field: &'static str, raw: &str) -> String {
        let cleaned: String = clean_text(raw).chars().filter(|c| !c.is_control()).collect();
        if cleaned.chars().count() > MAX_FIELD_CHARS {
            self.warn(line, Problem::TooLong { field });
            let mut cut: String = cleaned.chars().take(MAX_FIELD_CHARS - 1).collect();
            cut.push('…');
            return cut;
        }
        cleaned
    }

    fn row(&mut self, line: usize, row: &dyn Row, coords: Option<(String, String)>) {
        let name = self.text(line, "nom", &row.get(F_NAME));
        if name.is_empty() {
            return self.reject(line, Problem::MissingName);
        }
        let Some((lat_s, lon_s)) = coords.filter(|(a, b)| !a.trim().is_empty() && !b.trim().is_empty()) else {
            return self.reject(line, Problem::MissingCoordinates { name });
        };
        let (Some(lat), Some(lon)) = (number(&lat_s), number(&lon_s)) else {
            let short = |s: &str| s.chars().take(40).collect::<String>();
            return self.reject(line, Problem::UnreadableCoordinates { name, lat: short(&lat_s), lon: short(&lon_s) });
        };
        let p = LatLon::new(lat, lon);
        if !in_france(p) {
            let swapped = in_france(LatLon::new(lon, lat));
            return self.reject(line, Problem::OutsideFrance { name, lat, lon, swapped });
        }
        let mut id = self.text(line, "id", &row.get(F_ID));
        if id.is_empty() {
            id = format!("ligne-{line}");
        }
        if let Some(&first_line) = self.ids.get(&id) {
            return self.reject(line, Problem::DuplicateId { name, id, first_line });
        }
        self.ids.insert(id.clone(), line);
        let types = self.types(line, &row.get(F_TYPES));
        let website = self.website(line, &name, &row.get(F_WEB));
        let code_insee = row.get(F_INSEE);
        let code_insee = if code_insee.len() == 5 && code_insee.is_ascii() { code_insee.to_ascii_uppercase() } else { String::new() };
        let postcode: String = row.get(F_POSTCODE).chars().filter(char::is_ascii_digit).take(5).collect();
        let departement = match code_insee.get(..2) {
            Some("97") | Some("98") => code_insee[..3].to_owned(),
            Some(d) => d.to_owned(),
            None => departement_of_postcode(&postcode).unwrap_or_default(),
        };
        let venue = Venue {
            id,
            address: self.text(line, "adresse", &row.get(F_ADDRESS)),
            postcode,
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
        self.list.lines.push(line);
    }

    /// An http(s) address (a bare host gets `https://`), a `mailto:` or `tel:` link as given, or
    /// anything else kept as text (the widget never makes it a link) with a warning.
    fn website(&mut self, line: usize, name: &str, raw: &str) -> String {
        let raw = raw.trim();
        if let Some(link) = safe_href(raw).filter(|l| l.starts_with("mailto:") || l.starts_with("tel:")) {
            return link.to_owned();
        }
        match normalise_url(raw) {
            Ok(u) => u.filter(|u| safe_href(u).is_some()).unwrap_or_default(),
            Err(_) => {
                self.warn(line, Problem::WebsiteAsText { name: name.to_owned() });
                self.text(line, "site_web", raw)
            }
        }
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
                None => self.warn(line, Problem::UnknownType { value: part.chars().take(60).collect() }),
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

/// What became of a partner's list once in a widget: how many rows were read and shown, and
/// every row not shown or shown with a caveat, in line order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub format: &'static str,
    pub rows: usize,
    pub shown: usize,
    pub not_shown: Vec<RowIssue>,
    pub warnings: Vec<RowIssue>,
}

/// Metadata of a partner's venue table (the widget credits the partner's site as the source).
pub const PARTNER_SOURCE: &str = "partner";

/// Builds the finder over a partner's list for a widget with `scope` and `filter`.
///
/// Each row gets its région from its département (`dep_regions`, the national table's
/// [`crate::venues::META_DEP_REGIONS`]). Rows outside the scope or the types are not shown and
/// are reported as such; rows whose département is unknown are shown whatever the scope (the
/// partner chose them), with a warning when a région or département scope is set.
pub fn into_finder(list: PartnerList, scope: Scope, filter: VenueFilter, dep_regions: &str) -> (Finder, Report) {
    let PartnerList { mut venues, lines, rejected, mut warnings, rows, format } = list;
    for v in &mut venues {
        v.region = region_of_departement(dep_regions, &v.departement).unwrap_or("").to_owned();
    }
    // These bytes are the encoder's own output, not input data: the decoder reads whatever the
    // encoder writes (the `venues_round_trip` property test), so this cannot fail on any list.
    let table = VenueTable::from_bytes(encode(&venues, &[("source", PARTNER_SOURCE)])).expect("the venue encoder's output decodes");
    let scope_words = describe_scope(&scope, &filter);
    let mut not_shown = rejected;
    let mut in_scope = Vec::with_capacity(venues.len());
    let scoped = !scope.is_all();
    for (i, v) in venues.iter().enumerate() {
        let unknown_departement = scoped && v.departement.is_empty();
        let shown = if unknown_departement { filter.accepts(v.types, v.labels) } else { is_in_scope(&table, i, &scope, &filter) };
        if !shown {
            not_shown.push(RowIssue { line: lines[i], problem: Problem::OutOfScope { name: v.name.clone(), scope: scope_words.clone() } });
            continue;
        }
        if unknown_departement {
            warnings.push(RowIssue { line: lines[i], problem: Problem::UnknownDepartement { name: v.name.clone() } });
        }
        in_scope.push(i as u32);
    }
    not_shown.sort_by_key(|r| r.line);
    warnings.sort_by_key(|r| r.line);
    let report = Report { format, rows, shown: in_scope.len(), not_shown, warnings };
    (Finder::with_venues_in_scope(table, scope, filter, in_scope), report)
}

/// The widget's scope as its options say it: `region=53 ; types=coworking`.
fn describe_scope(scope: &Scope, filter: &VenueFilter) -> String {
    let mut parts = Vec::new();
    if !scope.regions.is_empty() {
        parts.push(format!("region={}", scope.regions.join(",")));
    }
    if !scope.departements.is_empty() {
        parts.push(format!("departement={}", scope.departements.join(",")));
    }
    if !filter.is_all() {
        let keys: Vec<&str> =
            crate::venues::keys_of(filter.types, TYPES).chain(crate::venues::keys_of(filter.labels, crate::venues::LABELS)).map(|t| t.key).collect();
        parts.push(format!("types={}", keys.join(",")));
    }
    parts.join(" ; ")
}

#[cfg(test)]
mod tests;
