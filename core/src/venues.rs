//! Venue records (tiers-lieux), their types and labels, and the venue table asset: one encoder
//! (build time for the national data, load time for a partner's list) and an in-place decoder.
//!
//! The national table ships in two parts ([`encode_split`]): what the search, the map and the
//! filters need (embedded in the wasm), and the venues' details (addresses, links, label names),
//! a file fetched once the widget is ready ([`VenueTable::attach_details`]). A partner's list is
//! one table with everything.

use std::cell::OnceCell;
use std::sync::Arc;

use crate::format::{Container, FormatError, StrCol, U8Col, Writer};
use crate::geo::LatLon;
use crate::tokens::TokenIndex;

pub const MAGIC: [u8; 4] = *b"TLVN";
pub const VERSION: u16 = 3;
/// The details part of a split table.
pub const DETAILS_MAGIC: [u8; 4] = *b"TLVD";
pub const DETAILS_VERSION: u16 = 2;
/// The sections the details part holds: nothing the search, the map or the filters read.
const DETAIL_TAGS: [[u8; 4]; 8] = [*b"ADDR", *b"PCOD", *b"INSE", *b"WEBS", *b"TWIT", *b"FACE", *b"LBLN", *b"DESC"];
/// Both parts of a split table carry this key (a hash of the ids): details attach only to their
/// own table.
const DETAILS_KEY: [u8; 4] = *b"DKEY";

/// A venue type: key (stable, used in options and data), labels, and its bit in a type set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VenueType {
    pub key: &'static str,
    pub label_fr: &'static str,
    pub label_en: &'static str,
    pub bit: u8,
}

pub const TYPES: &[VenueType] = &[
    VenueType { key: "coworking", label_fr: "Coworking", label_en: "Coworking", bit: 1 },
    VenueType { key: "fablab", label_fr: "Fab lab", label_en: "Fab lab", bit: 2 },
    VenueType { key: "atelier", label_fr: "Atelier partagé", label_en: "Shared workshop", bit: 4 },
    VenueType { key: "tiers-lieu", label_fr: "Tiers-lieu (type non précisé)", label_en: "Third place (type not given)", bit: 8 },
];

/// Labels awarded by the State (ANCT programmes).
pub const LABELS: &[VenueType] = &[
    VenueType { key: "fabrique-de-territoire", label_fr: "Fabrique de Territoire", label_en: "Fabrique de Territoire (ANCT label)", bit: 1 },
    VenueType { key: "manufacture-de-proximite", label_fr: "Manufacture de proximité", label_en: "Manufacture de proximité (ANCT label)", bit: 2 },
];

/// Bit set of the type keys in `keys`; unknown keys are returned apart.
pub fn type_bits<'a>(keys: impl IntoIterator<Item = &'a str>) -> (u8, Vec<&'a str>) {
    let mut bits = 0;
    let mut unknown = Vec::new();
    for k in keys {
        let k = k.trim();
        if k.is_empty() {
            continue;
        }
        match TYPES.iter().find(|t| t.key.eq_ignore_ascii_case(k)) {
            Some(t) => bits |= t.bit,
            None => unknown.push(k),
        }
    }
    (bits, unknown)
}

pub fn keys_of(bits: u8, table: &'static [VenueType]) -> impl Iterator<Item = &'static VenueType> {
    table.iter().filter(move |t| bits & t.bit != 0)
}

/// Metadata key of the national table: every département's région (`01=84,02=32,…`), so that a
/// partner's rows can be scoped by région without the gazetteer.
pub const META_DEP_REGIONS: &str = "departement-regions";

/// The région of département `dep` in a `01=84,02=32,…` map.
pub fn region_of_departement<'m>(map: &'m str, dep: &str) -> Option<&'m str> {
    map.split(',').filter_map(|pair| pair.split_once('=')).find(|(d, _)| d.eq_ignore_ascii_case(dep)).map(|(_, r)| r)
}

/// The département a French postcode most likely belongs to: its first two digits, three
/// overseas (`971…`, `987…`), and Corsica split at 20200 (`201xx` Corse-du-Sud, `202xx` and
/// above Haute-Corse). A few communes use a neighbouring département's postcode: the INSEE
/// code, when given, is preferred.
pub fn departement_of_postcode(postcode: &str) -> Option<String> {
    let pc = postcode.trim();
    if pc.len() != 5 || !pc.bytes().all(|b| b.is_ascii_digit()) || pc.starts_with("00") {
        return None;
    }
    Some(match &pc[..2] {
        "20" => if pc.as_bytes()[2] < b'2' { "2A" } else { "2B" }.to_owned(),
        "97" | "98" => pc[..3].to_owned(),
        d => d.to_owned(),
    })
}

pub const FLAG_METRO: u8 = 1;
pub const FLAG_METRO_KNOWN: u8 = 2;
/// The position is a commune centroid, not the venue's address.
pub const FLAG_COMMUNE_LEVEL: u8 = 4;

/// An owned venue, as the pipeline or a partner list produces it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Venue {
    pub id: String,
    pub name: String,
    pub address: String,
    pub postcode: String,
    pub commune: String,
    pub code_insee: String,
    pub departement: String,
    pub region: String,
    pub position: Option<LatLon>,
    pub website: String,
    pub twitter: String,
    pub facebook: String,
    pub types: u8,
    pub labels: u8,
    /// Programme names behind the labels ("Fabrique de Territoire : LAB 01").
    pub label_names: String,
    /// What the source says of the place beyond its name (an ANCT project's whole text).
    pub description: String,
    /// The venue's own source when it is not the table's (a regional list merged in), credited
    /// in its details: « MapLab Bretagne (…), 2020 — CC BY 4.0 ».
    pub source: String,
    pub flags: u8,
    /// How far the venue may be from its position, in metres: for a venue known only by its
    /// commune ([`FLAG_COMMUNE_LEVEL`]), the commune's rough radius; 0 when placed at its address.
    pub position_radius_m: u32,
}

fn micro(v: f64) -> i32 {
    (v * 1e6).round() as i32
}

/// Writes a venue table. Every venue must have a position. `meta` holds (key, value) strings such
/// as the data source and date, carried to the widget for attribution.
pub fn encode(venues: &[Venue], meta: &[(&str, &str)]) -> Vec<u8> {
    write_sections(venues, meta, |_| true, None).finish()
}

/// Writes the table in two parts: the main one, without the details (embedded), and the details
/// (`TLVD`), fetched later. Each decodes alone; [`VenueTable::attach_details`] joins them.
pub fn encode_split(venues: &[Venue], meta: &[(&str, &str)]) -> (Vec<u8>, Vec<u8>) {
    let key = details_key(venues.iter().map(|v| v.id.as_str()));
    let main = write_sections(venues, meta, |t| !DETAIL_TAGS.contains(t), Some(key)).finish();
    let mut details = Writer::new(DETAILS_MAGIC, DETAILS_VERSION);
    let all = write_sections(venues, meta, |t| DETAIL_TAGS.contains(t), None);
    for (tag, data) in all.into_sections() {
        details.raw(tag, data);
    }
    details.u8s(DETAILS_KEY, &key);
    (main, details.finish())
}

/// FNV-1a (64 bits) over the ids, each followed by a zero byte, and their count.
fn details_key<'a>(ids: impl Iterator<Item = &'a str>) -> [u8; 8] {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut n = 0u64;
    for id in ids {
        for b in id.bytes().chain([0]) {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        n += 1;
    }
    (h ^ n).to_le_bytes()
}

/// The sections of `venues` whose tag `keep` accepts, and the details key when given.
fn write_sections(venues: &[Venue], meta: &[(&str, &str)], keep: impl Fn(&[u8; 4]) -> bool, key: Option<[u8; 8]>) -> Writer {
    let mut w = Writer::new(MAGIC, VERSION);
    macro_rules! strs {
        ($tag:expr, $f:ident) => {
            w.strs(*$tag, &venues.iter().map(|v| v.$f.as_str()).collect::<Vec<_>>())
        };
    }
    strs!(b"V_ID", id);
    strs!(b"NAME", name);
    strs!(b"ADDR", address);
    strs!(b"PCOD", postcode);
    strs!(b"COMM", commune);
    strs!(b"INSE", code_insee);
    strs!(b"DEPC", departement);
    strs!(b"REGC", region);
    strs!(b"WEBS", website);
    strs!(b"TWIT", twitter);
    strs!(b"FACE", facebook);
    strs!(b"LBLN", label_names);
    strs!(b"DESC", description);
    strs!(b"SRCE", source);
    w.zigzag_deltas(*b"LATS", &venues.iter().map(|v| v.position.map_or(0, |p| micro(p.lat))).collect::<Vec<_>>());
    w.zigzag_deltas(*b"LONS", &venues.iter().map(|v| v.position.map_or(0, |p| micro(p.lon))).collect::<Vec<_>>());
    w.u8s(*b"TYPE", &venues.iter().map(|v| v.types).collect::<Vec<_>>());
    w.u8s(*b"LABL", &venues.iter().map(|v| v.labels).collect::<Vec<_>>());
    w.u8s(*b"FLAG", &venues.iter().map(|v| v.flags).collect::<Vec<_>>());
    // In hectometres, rounded up (a radius is never made smaller).
    w.varints(*b"RADI", &venues.iter().map(|v| v.position_radius_m.div_ceil(100)).collect::<Vec<_>>());
    w.strs(*b"MKEY", &meta.iter().map(|m| m.0).collect::<Vec<_>>());
    w.strs(*b"MVAL", &meta.iter().map(|m| m.1).collect::<Vec<_>>());
    if let Some(key) = key {
        w.u8s(DETAILS_KEY, &key);
    }
    w.retain(keep);
    w
}

/// The decoded venue table.
pub struct VenueTable {
    c: Container,
    n: usize,
    id: StrCol,
    name: StrCol,
    commune: StrCol,
    departement: StrCol,
    region: StrCol,
    /// The details: decoded with the table when it holds them, else attached once fetched.
    details: OnceCell<Details>,
    /// A split table's key, which its details part must carry.
    details_key: Option<[u8; 8]>,
    lat: Vec<i32>,
    lon: Vec<i32>,
    types: U8Col,
    labels: U8Col,
    flags: U8Col,
    /// How far each venue may be from its position, in hectometres (0: at its address).
    radius_hm: Vec<u32>,
    /// Each venue's own source, when not the table's (read at mount: the credit under the map).
    source: StrCol,
    meta_keys: StrCol,
    meta_values: StrCol,
    /// The names' token index: built on the first search (or by [`build_index`](Self::build_index)
    /// when the page is idle), not when the table is decoded, so that a widget shows before it.
    index: OnceCell<TokenIndex>,
}

/// The columns of a table's details part, read in place from their own container (the table's
/// own, when it holds them).
struct Details {
    c: Container,
    address: StrCol,
    postcode: StrCol,
    code_insee: StrCol,
    website: StrCol,
    twitter: StrCol,
    facebook: StrCol,
    label_names: StrCol,
    description: StrCol,
}

impl Details {
    fn from_container(c: Container, n: usize) -> Result<Details, FormatError> {
        let s = |t: &[u8; 4]| c.strs(*t, Some(n));
        Ok(Details {
            address: s(b"ADDR")?,
            postcode: s(b"PCOD")?,
            code_insee: s(b"INSE")?,
            website: s(b"WEBS")?,
            twitter: s(b"TWIT")?,
            facebook: s(b"FACE")?,
            label_names: s(b"LBLN")?,
            description: s(b"DESC")?,
            c,
        })
    }
}

/// A venue read in place from the table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VenueRef<'a> {
    pub index: usize,
    pub id: &'a str,
    pub name: &'a str,
    pub address: &'a str,
    pub postcode: &'a str,
    pub commune: &'a str,
    pub code_insee: &'a str,
    pub departement: &'a str,
    pub region: &'a str,
    pub position: LatLon,
    pub website: &'a str,
    pub twitter: &'a str,
    pub facebook: &'a str,
    pub types: u8,
    pub labels: u8,
    pub label_names: &'a str,
    pub description: &'a str,
    /// See [`Venue::source`]: empty for the table's own source.
    pub source: &'a str,
    pub flags: u8,
    /// See [`VenueTable::position_radius_km`].
    pub position_radius_km: f64,
}

/// The details key a container carries.
fn key_of(c: &Container) -> Result<[u8; 8], FormatError> {
    let col = c.u8s(DETAILS_KEY, Some(8))?;
    let mut key = [0u8; 8];
    for (i, k) in key.iter_mut().enumerate() {
        *k = col.get(c.bytes(), i);
    }
    Ok(key)
}

/// One metadata value of a venue asset, read without decoding the venues or indexing them.
pub fn metadata(bytes: impl Into<Arc<[u8]>>, key: &str) -> Result<Option<String>, FormatError> {
    let c = Container::parse(bytes.into(), MAGIC, VERSION)?;
    let keys = c.strs(*b"MKEY", None)?;
    let values = c.strs(*b"MVAL", Some(keys.len()))?;
    Ok((0..keys.len()).find(|&i| keys.get(c.bytes(), i) == key).map(|i| values.get(c.bytes(), i).to_owned()))
}

impl VenueTable {
    /// A table without venues (a widget whose partner list failed, with `fallback="none"`).
    pub fn empty() -> Self {
        Self::from_bytes(encode(&[], &[])).expect("the encoder's empty table decodes")
    }

    pub fn from_bytes(bytes: impl Into<Arc<[u8]>>) -> Result<Self, FormatError> {
        let c = Container::parse(bytes.into(), MAGIC, VERSION)?;
        let id = c.strs(*b"V_ID", None)?;
        let n = id.len();
        let s = |t: &[u8; 4]| c.strs(*t, Some(n));
        let name = s(b"NAME")?;
        let meta_keys = c.strs(*b"MKEY", None)?;
        let (details, details_key) =
            if c.has(DETAILS_KEY) { (OnceCell::new(), Some(key_of(&c)?)) } else { (OnceCell::from(Details::from_container(c.clone(), n)?), None) };
        Ok(VenueTable {
            commune: s(b"COMM")?,
            departement: s(b"DEPC")?,
            region: s(b"REGC")?,
            details,
            details_key,
            lat: c.zigzag_deltas(*b"LATS", Some(n))?,
            lon: c.zigzag_deltas(*b"LONS", Some(n))?,
            types: c.u8s(*b"TYPE", Some(n))?,
            labels: c.u8s(*b"LABL", Some(n))?,
            flags: c.u8s(*b"FLAG", Some(n))?,
            radius_hm: c.varints(*b"RADI", Some(n))?,
            source: s(b"SRCE")?,
            meta_values: c.strs(*b"MVAL", Some(meta_keys.len()))?,
            meta_keys,
            index: OnceCell::new(),
            name,
            id,
            n,
            c,
        })
    }

    pub fn len(&self) -> usize {
        self.n
    }

    /// The names' token index, built the first time it is asked for.
    pub(crate) fn index(&self) -> &TokenIndex {
        self.index.get_or_init(|| TokenIndex::build(self.n, (0..self.n).map(|i| (i as u32, self.name.get(self.c.bytes(), i)))))
    }

    /// Builds the names' token index now (a page calls this once idle after mounting, so that
    /// the first keystroke finds it ready); later searches reuse it.
    pub fn build_index(&self) {
        self.index();
    }

    /// Whether the venues' addresses, links and label names are here (always, for a table
    /// encoded whole; for a split one, once [`attach_details`](Self::attach_details) succeeded).
    pub fn has_details(&self) -> bool {
        self.details.get().is_some()
    }

    /// Joins the details part of this split table (`encode_split`'s second file). Details that
    /// belong to another table (another build) are refused; a table that has its details keeps them.
    pub fn attach_details(&self, bytes: impl Into<Arc<[u8]>>) -> Result<(), FormatError> {
        if self.has_details() {
            return Ok(());
        }
        let c = Container::parse(bytes.into(), DETAILS_MAGIC, DETAILS_VERSION)?;
        if Some(key_of(&c)?) != self.details_key {
            return Err(FormatError::BadSection(DETAILS_KEY, "these details belong to another venue table"));
        }
        let details = Details::from_container(c, self.n)?;
        let _ = self.details.set(details);
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    pub fn position(&self, i: usize) -> LatLon {
        LatLon::new(self.lat[i] as f64 / 1e6, self.lon[i] as f64 / 1e6)
    }

    /// How far venue `i` may be from its position, in km: its commune's rough radius for a venue
    /// known only by its commune, else 0.
    pub fn position_radius_km(&self, i: usize) -> f64 {
        self.radius_hm[i] as f64 / 10.0
    }

    /// Venue `i`'s own source, empty when it is the table's.
    pub fn source(&self, i: usize) -> &str {
        self.source.get(self.c.bytes(), i)
    }

    pub fn types(&self, i: usize) -> u8 {
        self.types.get(self.c.bytes(), i)
    }

    pub fn labels(&self, i: usize) -> u8 {
        self.labels.get(self.c.bytes(), i)
    }

    pub fn departement(&self, i: usize) -> &str {
        self.departement.get(self.c.bytes(), i)
    }

    pub fn region(&self, i: usize) -> &str {
        self.region.get(self.c.bytes(), i)
    }

    pub fn name(&self, i: usize) -> &str {
        self.name.get(self.c.bytes(), i)
    }

    pub fn commune(&self, i: usize) -> &str {
        self.commune.get(self.c.bytes(), i)
    }

    pub fn id(&self, i: usize) -> &str {
        self.id.get(self.c.bytes(), i)
    }

    /// Index of the venue with this id.
    pub fn find_id(&self, id: &str) -> Option<usize> {
        (0..self.n).find(|&i| self.id(i) == id)
    }

    /// Venue `i`; its details are empty strings while a split table has none attached.
    pub fn get(&self, i: usize) -> VenueRef<'_> {
        let b = self.c.bytes();
        let detail = |col: fn(&Details) -> &StrCol| self.details.get().map_or("", |d| col(d).get(d.c.bytes(), i));
        VenueRef {
            index: i,
            id: self.id.get(b, i),
            name: self.name.get(b, i),
            address: detail(|d| &d.address),
            postcode: detail(|d| &d.postcode),
            commune: self.commune.get(b, i),
            code_insee: detail(|d| &d.code_insee),
            departement: self.departement.get(b, i),
            region: self.region.get(b, i),
            position: self.position(i),
            website: detail(|d| &d.website),
            twitter: detail(|d| &d.twitter),
            facebook: detail(|d| &d.facebook),
            types: self.types.get(b, i),
            labels: self.labels.get(b, i),
            label_names: detail(|d| &d.label_names),
            description: detail(|d| &d.description),
            source: self.source.get(b, i),
            flags: self.flags.get(b, i),
            position_radius_km: self.position_radius_km(i),
        }
    }

    /// A metadata value (for instance "source", "date", "licence").
    pub fn meta(&self, key: &str) -> Option<&str> {
        let b = self.c.bytes();
        (0..self.meta_keys.len()).find(|&i| self.meta_keys.get(b, i) == key).map(|i| self.meta_values.get(b, i))
    }
}
