//! Venue records (tiers-lieux), their types and labels, and the venue table asset: one encoder
//! (build time for the national data, load time for a partner's list) and an in-place decoder.

use std::sync::Arc;

use crate::format::{Container, FormatError, StrCol, U8Col, Writer};
use crate::geo::LatLon;
use crate::tokens::TokenIndex;

pub const MAGIC: [u8; 4] = *b"TLVN";
pub const VERSION: u16 = 2;

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
    pub flags: u8,
}

fn micro(v: f64) -> i32 {
    (v * 1e6).round() as i32
}

/// Writes a venue table. Every venue must have a position. `meta` holds (key, value) strings such
/// as the data source and date, carried to the widget for attribution.
pub fn encode(venues: &[Venue], meta: &[(&str, &str)]) -> Vec<u8> {
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
    w.zigzag_deltas(*b"LATS", &venues.iter().map(|v| v.position.map_or(0, |p| micro(p.lat))).collect::<Vec<_>>());
    w.zigzag_deltas(*b"LONS", &venues.iter().map(|v| v.position.map_or(0, |p| micro(p.lon))).collect::<Vec<_>>());
    w.u8s(*b"TYPE", &venues.iter().map(|v| v.types).collect::<Vec<_>>());
    w.u8s(*b"LABL", &venues.iter().map(|v| v.labels).collect::<Vec<_>>());
    w.u8s(*b"FLAG", &venues.iter().map(|v| v.flags).collect::<Vec<_>>());
    w.strs(*b"MKEY", &meta.iter().map(|m| m.0).collect::<Vec<_>>());
    w.strs(*b"MVAL", &meta.iter().map(|m| m.1).collect::<Vec<_>>());
    w.finish()
}

/// The decoded venue table.
pub struct VenueTable {
    c: Container,
    n: usize,
    id: StrCol,
    name: StrCol,
    address: StrCol,
    postcode: StrCol,
    commune: StrCol,
    code_insee: StrCol,
    departement: StrCol,
    region: StrCol,
    website: StrCol,
    twitter: StrCol,
    facebook: StrCol,
    label_names: StrCol,
    lat: Vec<i32>,
    lon: Vec<i32>,
    types: U8Col,
    labels: U8Col,
    flags: U8Col,
    meta_keys: StrCol,
    meta_values: StrCol,
    pub(crate) index: TokenIndex,
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
    pub flags: u8,
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
        let index = TokenIndex::build(n, (0..n).map(|i| (i as u32, name.get(c.bytes(), i))));
        Ok(VenueTable {
            address: s(b"ADDR")?,
            postcode: s(b"PCOD")?,
            commune: s(b"COMM")?,
            code_insee: s(b"INSE")?,
            departement: s(b"DEPC")?,
            region: s(b"REGC")?,
            website: s(b"WEBS")?,
            twitter: s(b"TWIT")?,
            facebook: s(b"FACE")?,
            label_names: s(b"LBLN")?,
            lat: c.zigzag_deltas(*b"LATS", Some(n))?,
            lon: c.zigzag_deltas(*b"LONS", Some(n))?,
            types: c.u8s(*b"TYPE", Some(n))?,
            labels: c.u8s(*b"LABL", Some(n))?,
            flags: c.u8s(*b"FLAG", Some(n))?,
            meta_values: c.strs(*b"MVAL", Some(meta_keys.len()))?,
            meta_keys,
            index,
            name,
            id,
            n,
            c,
        })
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    pub fn position(&self, i: usize) -> LatLon {
        LatLon::new(self.lat[i] as f64 / 1e6, self.lon[i] as f64 / 1e6)
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

    pub fn get(&self, i: usize) -> VenueRef<'_> {
        let b = self.c.bytes();
        VenueRef {
            index: i,
            id: self.id.get(b, i),
            name: self.name.get(b, i),
            address: self.address.get(b, i),
            postcode: self.postcode.get(b, i),
            commune: self.commune.get(b, i),
            code_insee: self.code_insee.get(b, i),
            departement: self.departement.get(b, i),
            region: self.region.get(b, i),
            position: self.position(i),
            website: self.website.get(b, i),
            twitter: self.twitter.get(b, i),
            facebook: self.facebook.get(b, i),
            types: self.types.get(b, i),
            labels: self.labels.get(b, i),
            label_names: self.label_names.get(b, i),
            flags: self.flags.get(b, i),
        }
    }

    /// A metadata value (for instance "source", "date", "licence").
    pub fn meta(&self, key: &str) -> Option<&str> {
        let b = self.c.bytes();
        (0..self.meta_keys.len()).find(|&i| self.meta_keys.get(b, i) == key).map(|i| self.meta_values.get(b, i))
    }
}
