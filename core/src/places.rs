//! The gazetteer: communes, Paris/Lyon/Marseille arrondissements, former communes (aliases of
//! their current commune), départements and postcodes, with type-ahead search over them.
//!
//! `encode` (build time) writes the binary asset `communes.bin`; `Gazetteer::from_bytes` reads it:
//! names in place, numbers expanded once from their compact columns, and the search index built
//! in memory. Entries are stored départements first, then communes and arrondissements by INSEE
//! code, then former communes; an INSEE code is stored as its number within its département.

use std::cell::RefCell;
use std::sync::Arc;

use crate::format::{Container, FormatError, StrCol, U8Col, Writer};
use crate::geo::LatLon;
use crate::tokens::{Hit, Query, Scratch, TokenIndex};
use crate::Lang;

pub const MAGIC: [u8; 4] = *b"TLGZ";
pub const VERSION: u16 = 3;

/// Coordinates are stored as integers of 1e-4 degree (11 m: ample for a commune's centre, and
/// one byte less per delta than the source's 1e-5); this is "none".
pub const NO_COORD: i32 = i32::MIN;
const COORD_SCALE: f64 = 1e4;

/// Populations only rank homonyms: stored on a log scale in one byte (steps of about 6 %).
fn population_code(pop: u32) -> u8 {
    ((pop as f64).ln_1p() * 16.0).round().min(255.0) as u8
}

fn population_from_code(code: u8) -> u32 {
    (code as f64 / 16.0).exp_m1().round() as u32
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum PlaceKind {
    Departement = 0,
    Commune = 1,
    Arrondissement = 2,
    /// Commune déléguée or associée: a former commune, searched as an alias of its current one.
    Former = 3,
}

impl PlaceKind {
    fn from_u8(v: u8) -> Option<Self> {
        Some(match v {
            0 => Self::Departement,
            1 => Self::Commune,
            2 => Self::Arrondissement,
            3 => Self::Former,
            _ => return None,
        })
    }
}

/// One gazetteer entry as the build pipeline produces it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceRecord {
    pub kind: PlaceKind,
    pub code: String,
    pub name: String,
    /// Index of the current commune (former communes, arrondissements), else its own index.
    pub parent: u32,
    /// Index of the département entry.
    pub dep: u32,
    pub population: u32,
    pub position: Option<LatLon>,
    pub postcodes: Vec<String>,
}

fn quantise(v: f64) -> i32 {
    (v * COORD_SCALE).round() as i32
}

/// The number of an INSEE code within its département ("35238" in "35" → 238), checked to give the
/// code back.
fn code_suffix(code: &str, dep: &str) -> Option<u32> {
    let rest = code.strip_prefix(dep)?;
    let n: u32 = rest.parse().ok()?;
    (format!("{dep}{n:0width$}", width = 5usize.checked_sub(dep.len())?) == code).then_some(n)
}

/// Writes the gazetteer asset. `places` must be ordered départements first, every parent before
/// its children; `dep_regions[i]` is the région code of département entry `i`.
pub fn encode(places: &[PlaceRecord], dep_regions: &[String]) -> Result<Vec<u8>, String> {
    let mut w = Writer::new(MAGIC, VERSION);
    write_sections(&mut w, places, dep_regions, None, &|_| true)?;
    Ok(w.finish())
}

/// Writes a gazetteer's sections into `w`. `global`: each entry's index in the whole gazetteer
/// when `places` is a part of it (a slice, `crate::slices`); `keep_postcode` chooses the
/// postcodes written.
pub fn write_sections(
    w: &mut Writer,
    places: &[PlaceRecord],
    dep_regions: &[String],
    global: Option<&[u32]>,
    keep_postcode: &dyn Fn(u32) -> bool,
) -> Result<(), String> {
    let deps = dep_regions.len();
    let mut suffixes = Vec::with_capacity(places.len());
    let mut parents = Vec::with_capacity(places.len());
    for (i, p) in places.iter().enumerate() {
        if (p.kind == PlaceKind::Departement) != (i < deps) {
            return Err(format!("entry {i} ({}): départements must come first", p.code));
        }
        let dep = &places[p.dep as usize].code;
        suffixes.push(if i < deps { 0 } else { code_suffix(&p.code, dep).ok_or(format!("code {} is not in département {dep}", p.code))? as i32 });
        parents.push((i as u32).checked_sub(p.parent).ok_or(format!("entry {i} ({}): parent after child", p.code))?);
    }
    w.u8s(*b"KIND", &places.iter().map(|p| p.kind as u8).collect::<Vec<_>>());
    w.strs(*b"NAME", &places.iter().map(|p| p.name.as_str()).collect::<Vec<_>>());
    w.strs(*b"DCOD", &places[..deps].iter().map(|p| p.code.as_str()).collect::<Vec<_>>());
    w.zigzag_deltas(*b"CSUF", &suffixes);
    w.varints(*b"PRNT", &parents);
    w.varints(*b"DEPT", &places.iter().map(|p| p.dep).collect::<Vec<_>>());
    w.u8s(*b"POPU", &places.iter().map(|p| population_code(p.population)).collect::<Vec<_>>());
    w.zigzag_deltas(*b"LATS", &places.iter().map(|p| p.position.map_or(NO_COORD, |c| quantise(c.lat))).collect::<Vec<_>>());
    w.zigzag_deltas(*b"LONS", &places.iter().map(|p| p.position.map_or(NO_COORD, |c| quantise(c.lon))).collect::<Vec<_>>());
    w.strs(*b"DREG", dep_regions);
    // Postcodes: (postcode, entry) sorted by postcode, then larger population first.
    let mut pcs: Vec<(u32, u32)> = Vec::new();
    for (i, p) in places.iter().enumerate() {
        for pc in &p.postcodes {
            if let Ok(v) = pc.parse::<u32>() {
                if keep_postcode(v) {
                    pcs.push((v, i as u32));
                }
            }
        }
    }
    pcs.sort_by_key(|&(pc, i)| (pc, std::cmp::Reverse(places[i as usize].population), i));
    w.zigzag_deltas(*b"PCOD", &pcs.iter().map(|p| p.0 as i32).collect::<Vec<_>>());
    w.zigzag_deltas(*b"PENT", &pcs.iter().map(|p| p.1 as i32).collect::<Vec<_>>());
    if let Some(global) = global {
        if global.len() != places.len() || global.windows(2).any(|w| w[0] >= w[1]) {
            return Err("global indices: one per entry, increasing".into());
        }
        w.zigzag_deltas(*b"GIDX", &global.iter().map(|&g| g as i32).collect::<Vec<_>>());
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuggestionKind {
    Commune,
    Postcode,
    Departement,
    Venue,
}

impl SuggestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Commune => "commune",
            Self::Postcode => "postcode",
            Self::Departement => "departement",
            Self::Venue => "venue",
        }
    }
}

/// A type-ahead answer (the contract's `Suggestion`).
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    pub label: String,
    /// INSEE code (current commune), département code, or venue id.
    pub code: String,
    /// None for the few communes without coordinates: they cannot anchor a distance search.
    pub position: Option<LatLon>,
}

/// What a search is limited to: communes in scope rank first, venues outside are not offered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scope {
    pub regions: Vec<String>,
    pub departements: Vec<String>,
}

impl Scope {
    pub fn is_all(&self) -> bool {
        self.regions.is_empty() && self.departements.is_empty()
    }

    pub fn contains(&self, dep: &str, region: &str) -> bool {
        (self.regions.is_empty() || self.regions.iter().any(|r| r == region))
            && (self.departements.is_empty() || self.departements.iter().any(|d| d.eq_ignore_ascii_case(dep)))
    }
}

/// The decoded gazetteer.
pub struct Gazetteer {
    c: Container,
    n: usize,
    deps: usize,
    kind: U8Col,
    name: StrCol,
    /// INSEE codes (départements: their code), 5 ASCII bytes each, space-padded.
    codes: Vec<[u8; 5]>,
    parent: Vec<u32>,
    dep: Vec<u32>,
    population: Vec<u32>,
    lat: Vec<i32>,
    lon: Vec<i32>,
    dep_region: StrCol,
    postcode: Vec<i32>,
    postcode_entry: Vec<u32>,
    /// Each entry's index in the whole gazetteer (a slice holds a part of it); None: the whole.
    global: Option<Vec<u32>>,
    index: TokenIndex,
    scratch: RefCell<(Scratch, Vec<Hit>)>,
}

/// A ranked candidate: smaller keys are better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct RankKey {
    /// Query words matched loosely (a typo, or a finished word matching only a longer one).
    pub inexact: u8,
    /// 0: the whole name; 1: the name starts with the query; 2: the words elsewhere.
    pub tier: u8,
    /// Places outside the widget's scope come after those in it.
    pub out_of_scope: bool,
    /// Communes without coordinates cannot anchor a distance search: after the others.
    pub no_position: bool,
    /// Bigger places first (the usual meaning of a homonym or a short prefix).
    pub neg_population: std::cmp::Reverse<u32>,
    /// Words matched only with a typo.
    pub typos: u8,
    pub kind: u8,
    pub index: u32,
}

impl Gazetteer {
    pub fn from_bytes(bytes: impl Into<Arc<[u8]>>) -> Result<Self, FormatError> {
        Self::from_container(Container::parse(bytes.into(), MAGIC, VERSION)?)
    }

    /// The gazetteer whose sections `c` holds (a slice's root holds other sections too).
    pub fn from_container(c: Container) -> Result<Self, FormatError> {
        let kind = c.u8s(*b"KIND", None)?;
        let n = kind.len();
        let name = c.strs(*b"NAME", Some(n))?;
        let dep_codes = c.strs(*b"DCOD", None)?;
        let deps = dep_codes.len();
        let suffixes = c.zigzag_deltas(*b"CSUF", Some(n))?;
        let parent_gap = c.varints(*b"PRNT", Some(n))?;
        let dep = c.varints(*b"DEPT", Some(n))?;
        let population = c.u8s(*b"POPU", Some(n))?;
        let population: Vec<u32> = (0..n).map(|i| population_from_code(population.get(c.bytes(), i))).collect();
        let lat = c.zigzag_deltas(*b"LATS", Some(n))?;
        let lon = c.zigzag_deltas(*b"LONS", Some(n))?;
        let dep_region = c.strs(*b"DREG", Some(deps))?;
        let postcode = c.zigzag_deltas(*b"PCOD", None)?;
        let postcode_entry: Vec<u32> = c.zigzag_deltas(*b"PENT", Some(postcode.len()))?.into_iter().map(|e| e as u32).collect();
        let b = c.bytes();
        let mut parent = Vec::with_capacity(n);
        let mut codes = Vec::with_capacity(n);
        for i in 0..n {
            let k = PlaceKind::from_u8(kind.get(b, i)).ok_or(FormatError::BadSection(*b"KIND", "unknown kind"))?;
            if (k == PlaceKind::Departement) != (i < deps) {
                return Err(FormatError::BadSection(*b"KIND", "départements must come first"));
            }
            parent.push((i as u32).checked_sub(parent_gap[i]).ok_or(FormatError::BadSection(*b"PRNT", "index out of range"))?);
            let d = dep[i] as usize;
            if d >= deps {
                return Err(FormatError::BadSection(*b"DEPT", "index out of range"));
            }
            let dc = dep_codes.get_bytes(b, d);
            let mut code = [b' '; 5];
            if i < deps {
                code[..dc.len().min(5)].copy_from_slice(&dc[..dc.len().min(5)]);
            } else {
                let width = 5usize.checked_sub(dc.len()).ok_or(FormatError::BadSection(*b"DCOD", "code too long"))?;
                let digits = format!("{:0width$}", suffixes[i]);
                if digits.len() != width || suffixes[i] < 0 {
                    return Err(FormatError::BadSection(*b"CSUF", "code number out of range"));
                }
                code[..dc.len()].copy_from_slice(dc);
                code[dc.len()..].copy_from_slice(digits.as_bytes());
            }
            codes.push(code);
        }
        if postcode_entry.iter().any(|&e| e as usize >= n) {
            return Err(FormatError::BadSection(*b"PENT", "index out of range"));
        }
        let global = match c.zigzag_deltas(*b"GIDX", Some(n)) {
            Ok(g) if g.windows(2).all(|w| w[0] < w[1]) && g.first().is_none_or(|&f| f >= 0) => Some(g.into_iter().map(|g| g as u32).collect()),
            Ok(_) => return Err(FormatError::BadSection(*b"GIDX", "indices not increasing")),
            Err(FormatError::MissingSection(_)) => None,
            Err(e) => return Err(e),
        };
        // The decoding temporaries go before the index is built: a lower peak of memory.
        drop((suffixes, parent_gap));
        let index = TokenIndex::build(n, (0..n).map(|i| (i as u32, name.get(b, i))));
        Ok(Gazetteer {
            n,
            deps,
            kind,
            name,
            codes,
            parent,
            dep,
            population,
            lat,
            lon,
            dep_region,
            postcode,
            postcode_entry,
            global,
            index,
            scratch: RefCell::new((Scratch::default(), Vec::new())),
            c,
        })
    }

    fn b(&self) -> &[u8] {
        self.c.bytes()
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Entry `i`'s index in the whole gazetteer (its own index unless this is a slice).
    pub fn global_index(&self, i: usize) -> u32 {
        self.global.as_ref().map_or(i as u32, |g| g[i])
    }

    pub fn kind(&self, i: usize) -> PlaceKind {
        PlaceKind::from_u8(self.kind.get(self.b(), i)).unwrap_or(PlaceKind::Commune)
    }

    pub fn name(&self, i: usize) -> &str {
        self.name.get(self.b(), i)
    }

    pub fn code(&self, i: usize) -> &str {
        std::str::from_utf8(&self.codes[i]).unwrap_or("").trim_end()
    }

    pub fn parent(&self, i: usize) -> usize {
        self.parent[i] as usize
    }

    pub fn population(&self, i: usize) -> u32 {
        self.population[i]
    }

    pub fn position(&self, i: usize) -> Option<LatLon> {
        let (la, lo) = (self.lat[i], self.lon[i]);
        (la != NO_COORD && lo != NO_COORD).then(|| LatLon::new(la as f64 / COORD_SCALE, lo as f64 / COORD_SCALE))
    }

    /// Département code of entry `i`.
    pub fn dep_code(&self, i: usize) -> &str {
        self.code(self.dep[i] as usize)
    }

    /// Région code of entry `i`.
    pub fn region_code(&self, i: usize) -> &str {
        self.dep_region.get(self.b(), self.dep[i] as usize)
    }

    /// (code, name, région code) of every département.
    pub fn departements(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        (0..self.deps).map(|i| (self.code(i), self.name(i), self.dep_region.get(self.b(), i)))
    }

    /// Every (postcode, entry) pair, by postcode, the most populous commune first.
    pub fn postcodes(&self) -> impl Iterator<Item = (u32, usize)> + '_ {
        self.postcode.iter().zip(&self.postcode_entry).map(|(&p, &e)| (p as u32, e as usize))
    }

    /// The current commune or arrondissement with this INSEE code (not former communes).
    pub fn commune_by_code(&self, code: &str) -> Option<usize> {
        // Communes and arrondissements are sorted by code after the départements.
        let first_former = self.deps + crate::tokens::partition_point(self.n - self.deps, |i| self.kind(self.deps + i) != PlaceKind::Former);
        let range = self.deps..first_former;
        let pos = crate::tokens::partition_point(range.len(), |i| self.code(range.start + i) < code);
        let i = range.start + pos;
        (i < range.end && self.code(i) == code).then_some(i)
    }

    pub fn departement_by_code(&self, code: &str) -> Option<usize> {
        (0..self.deps).find(|&i| self.code(i).eq_ignore_ascii_case(code))
    }

    fn in_scope(&self, i: usize, scope: &Scope) -> bool {
        let current = self.parent(i);
        scope.is_all() || scope.contains(self.dep_code(current), self.region_code(current))
    }

    fn rank_key(&self, h: &Hit, scope: &Scope) -> RankKey {
        let i = h.entry as usize;
        RankKey {
            inexact: h.loose,
            tier: h.tier,
            out_of_scope: !self.in_scope(i, scope),
            no_position: self.lat[i] == NO_COORD,
            typos: h.typos,
            neg_population: std::cmp::Reverse(self.population(i)),
            kind: match self.kind(i) {
                PlaceKind::Commune | PlaceKind::Arrondissement => 0,
                PlaceKind::Departement => 1,
                PlaceKind::Former => 2,
            },
            index: self.global_index(i),
        }
    }

    /// The suggestion for entry `i`.
    pub fn suggestion(&self, i: usize, lang: Lang) -> Suggestion {
        // A former commune is labelled with its current commune's département.
        let dep = self.dep_code(self.parent(i));
        let position = self.position(i);
        let no_pos = match (position, lang) {
            (Some(_), _) => "",
            (None, Lang::Fr) => ", sans position",
            (None, Lang::En) => ", no position",
        };
        match self.kind(i) {
            PlaceKind::Departement => Suggestion {
                kind: SuggestionKind::Departement,
                label: format!("{} (département {})", self.name(i), self.code(i)),
                code: self.code(i).to_owned(),
                position,
            },
            PlaceKind::Commune | PlaceKind::Arrondissement => Suggestion {
                kind: SuggestionKind::Commune,
                label: format!("{} ({dep}{no_pos})", self.name(i)),
                code: self.code(i).to_owned(),
                position,
            },
            PlaceKind::Former => {
                let p = self.parent(i);
                let label = match lang {
                    Lang::Fr => format!("{} (ancienne commune, aujourd'hui {}, {dep}{no_pos})", self.name(i), self.name(p)),
                    Lang::En => format!("{} (former commune, now {}, {dep}{no_pos})", self.name(i), self.name(p)),
                };
                Suggestion { kind: SuggestionKind::Commune, label, code: self.code(p).to_owned(), position }
            }
        }
    }

    /// Postcode suggestions: every (postcode, commune) whose postcode starts with `digits`.
    pub fn postcode_suggestions(&self, digits: &str, limit: usize, out: &mut Vec<Suggestion>) {
        let Some((lo, hi)) = postcode_range(digits) else { return };
        let start = self.postcode.partition_point(|&p| (p as u32) < lo);
        for i in start..self.postcode.len() {
            let pc = self.postcode[i] as u32;
            if pc >= hi || out.len() >= limit {
                break;
            }
            let e = self.postcode_entry[i] as usize;
            out.push(Suggestion {
                kind: SuggestionKind::Postcode,
                label: format!("{pc:05} {}", self.name(e)),
                code: self.code(e).to_owned(),
                position: self.position(e),
            });
        }
    }
}

/// Bits of a ranked place's id below its part number (see [`ranked`]): ids are 64-bit, so that
/// any number of parts (a page may have loaded a thousand slices) and entries fit on wasm32 too.
pub(crate) const PART_SHIFT: u32 = 32;

/// Every entry of `parts` matching `query`, ranked (best first), at most `limit`: ids are
/// `part << PART_SHIFT | entry`. The parts are one gazetteer, or slices of it that together hold
/// every entry the query can match (an entry held by several counts once): the answer is then
/// the whole gazetteer's, the typo pass included, as it runs when the parts hold too few answers.
pub(crate) fn ranked(parts: &[&Gazetteer], query: &Query, scope: &Scope, limit: usize, out: &mut Vec<(RankKey, u64)>) {
    for allow_typos in [false, true] {
        out.clear();
        for (p, g) in parts.iter().enumerate() {
            let mut guard = g.scratch.borrow_mut();
            let (scratch, hits) = &mut *guard;
            g.index.match_query(query, allow_typos, scratch, hits);
            out.extend(hits.iter().map(|h| (g.rank_key(h, scope), ((p as u64) << PART_SHIFT) | h.entry as u64)));
        }
        if parts.len() > 1 {
            // A place held by several parts counts once (its keys are equal: same global index).
            out.sort_unstable_by_key(|&(k, _)| k);
            out.dedup_by_key(|&mut (k, _)| k.index);
        }
        // Too few answers as typed: try again allowing one typo per long word.
        if out.len() >= limit {
            break;
        }
    }
    top_k(out, limit);
}

/// Whether `parts` hold at least `limit` places matching `query` as typed (no typo): then
/// [`ranked`] answers without the typo pass, from places `parts` hold all of.
pub(crate) fn enough_as_typed(parts: &[&Gazetteer], query: &Query, limit: usize) -> bool {
    let mut seen: Vec<u32> = Vec::new();
    for g in parts {
        let mut guard = g.scratch.borrow_mut();
        let (scratch, hits) = &mut *guard;
        g.index.match_query(query, false, scratch, hits);
        seen.extend(hits.iter().map(|h| g.global_index(h.entry as usize)));
    }
    seen.sort_unstable();
    seen.dedup();
    seen.len() >= limit
}

/// Numeric range of 5-digit postcodes that start with `digits` (1 to 5 digits).
fn postcode_range(digits: &str) -> Option<(u32, u32)> {
    if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let p: u32 = digits.parse().ok()?;
    let scale = 10u32.pow(5 - digits.len() as u32);
    Some((p * scale, (p + 1) * scale))
}

/// Keeps the `k` smallest keys of `v`, sorted.
pub(crate) fn top_k<T: Ord + Copy>(v: &mut Vec<T>, k: usize) {
    if v.len() > k && k > 0 {
        v.select_nth_unstable(k - 1);
        v.truncate(k);
    }
    if k == 0 {
        v.clear();
    }
    v.sort_unstable();
}
