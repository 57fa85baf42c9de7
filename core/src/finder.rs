//! The finder: one venue list in one scope, answering the contract's `search`, `nearest` and
//! `venues` from the gazetteer, the venue table and a spatial index built once.

use std::cell::RefCell;

use crate::geo::LatLon;
use crate::nearest::{KdIndex, Neighbour};
use crate::places::{top_k, Gazetteer, RankKey, Scope, Suggestion, SuggestionKind, PART_SHIFT};
use crate::tokens::{Hit, Query, Scratch};
use crate::venues::{VenueTable, VenueType, LABELS, TYPES};
use crate::{CoreError, Lang};

/// Which venues a query keeps: any venue having one of these types or labels (empty: all).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VenueFilter {
    pub types: u8,
    pub labels: u8,
}

impl VenueFilter {
    pub const ALL: VenueFilter = VenueFilter { types: 0, labels: 0 };

    /// From type and label keys; unknown keys are returned apart.
    pub fn from_keys<'a>(keys: impl IntoIterator<Item = &'a str>) -> (VenueFilter, Vec<&'a str>) {
        let mut f = VenueFilter::ALL;
        let mut unknown = Vec::new();
        for k in keys.into_iter().map(str::trim).filter(|k| !k.is_empty()) {
            if let Some(t) = TYPES.iter().find(|t| t.key.eq_ignore_ascii_case(k)) {
                f.types |= t.bit;
            } else if let Some(l) = LABELS.iter().find(|l| l.key.eq_ignore_ascii_case(k)) {
                f.labels |= l.bit;
            } else {
                unknown.push(k);
            }
        }
        (f, unknown)
    }

    pub fn is_all(&self) -> bool {
        self.types == 0 && self.labels == 0
    }

    pub fn accepts(&self, types: u8, labels: u8) -> bool {
        self.is_all() || types & self.types != 0 || labels & self.labels != 0
    }

    /// Both filters together (a venue must pass each one).
    fn and_accepts(&self, other: &VenueFilter, types: u8, labels: u8) -> bool {
        self.accepts(types, labels) && other.accepts(types, labels)
    }
}

/// Buffers reused by every search: the token scratch, the hits, and the ranked places and venues.
type SearchScratch = (Scratch, Vec<Hit>, Vec<(RankKey, u64)>, Vec<(RankKey, u64)>);

pub struct Finder {
    venues: VenueTable,
    scope: Scope,
    scope_filter: VenueFilter,
    /// Venue indices in scope, in table order.
    in_scope: Vec<u32>,
    kd: KdIndex,
    scratch: RefCell<SearchScratch>,
}

impl Finder {
    /// A finder over the venues of `table` that are in `scope` and pass `filter`.
    pub fn new(venues: VenueTable, scope: Scope, filter: VenueFilter) -> Self {
        let in_scope: Vec<u32> = (0..venues.len()).filter(|&i| is_in_scope(&venues, i, &scope, &filter)).map(|i| i as u32).collect();
        Self::with_venues_in_scope(venues, scope, filter, in_scope)
    }

    /// A finder whose venues in scope were chosen by the caller (`in_scope`: ascending table
    /// indices). A partner's list decides itself what its rows without a known département do.
    pub fn with_venues_in_scope(venues: VenueTable, scope: Scope, filter: VenueFilter, mut in_scope: Vec<u32>) -> Self {
        in_scope.retain(|&i| (i as usize) < venues.len());
        in_scope.sort_unstable();
        in_scope.dedup();
        let kd = KdIndex::build_with_ids(in_scope.iter().map(|&i| (i, venues.position(i as usize))));
        Finder { venues, scope, scope_filter: filter, in_scope, kd, scratch: RefCell::default() }
    }

    pub fn table(&self) -> &VenueTable {
        &self.venues
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// Indices of every venue in scope.
    pub fn in_scope(&self) -> &[u32] {
        &self.in_scope
    }

    /// The `k` venues in scope nearest to `origin`, within `radius_km`, passing `filter`.
    pub fn nearest(&self, origin: LatLon, k: usize, radius_km: Option<f64>, filter: VenueFilter) -> Result<Vec<Neighbour>, CoreError> {
        self.nearest_where(origin, k, radius_km, filter, None)
    }

    /// As `nearest`, keeping only venues of département `departement` when given (a
    /// département chosen in the search lists its own venues, nearest its prefecture first).
    ///
    /// A venue known only by its commune (its position is the commune's centre, within
    /// [`VenueTable::position_radius_km`]) ranks at the far edge of its commune's disk: by its
    /// distance plus that radius, the farthest it can be. So it never comes before a precisely
    /// placed venue that may be nearer, and comes before every venue surely farther. Its
    /// `distance_km` stays the distance to its position, the commune's centre; `radius_km` keeps
    /// the venues whose position is within it. Equal ranks: smaller table index first.
    pub fn nearest_where(
        &self,
        origin: LatLon,
        k: usize,
        radius_km: Option<f64>,
        filter: VenueFilter,
        departement: Option<&str>,
    ) -> Result<Vec<Neighbour>, CoreError> {
        if !origin.is_valid() {
            return Err(CoreError::InvalidPoint);
        }
        let t = &self.venues;
        let keep = |id: u32| {
            let i = id as usize;
            filter.and_accepts(&self.scope_filter, t.types(i), t.labels(i)) && departement.is_none_or(|d| t.departement(i).eq_ignore_ascii_case(d))
        };
        let rank = |n: &Neighbour| n.distance_km + t.position_radius_km(n.id as usize);
        // The index gives venues by distance; a rank is at least the distance. Once the k-th best
        // rank is no more than the farthest distance fetched, no venue left can rank before it.
        if k == 0 {
            return Ok(Vec::new());
        }
        let mut fetch = k;
        loop {
            let mut found = self.kd.nearest(origin, fetch, radius_km, keep);
            let exhausted = found.len() < fetch;
            let farthest = found.last().map_or(0.0, |n| n.distance_km);
            found.sort_by(|a, b| rank(a).total_cmp(&rank(b)).then(a.id.cmp(&b.id)));
            if exhausted || found.get(k.saturating_sub(1)).is_some_and(|n| rank(n) <= farthest) {
                found.truncate(k);
                return Ok(found);
            }
            fetch = (fetch * 2).max(fetch + 8);
        }
    }

    /// How many venues in scope have each type, then each label (in `TYPES`, then `LABELS`
    /// order; `true` marks a label). Kinds no venue has are left out: their filter chip would
    /// show nothing.
    pub fn kind_counts(&self) -> Vec<(&'static VenueType, bool, usize)> {
        let t = &self.venues;
        let mut out = Vec::new();
        for (table, is_label) in [(TYPES, false), (LABELS, true)] {
            for kind in table {
                let n = self
                    .in_scope
                    .iter()
                    .filter(|&&i| if is_label { t.labels(i as usize) & kind.bit != 0 } else { t.types(i as usize) & kind.bit != 0 })
                    .count();
                if n > 0 {
                    out.push((kind, is_label, n));
                }
            }
        }
        out
    }

    /// How many venues in scope passing `filter` (and in `departement` when given) lie within
    /// each of `radii_km` of `origin`: one pass over the venues, whatever the number of radii.
    pub fn count_within(&self, origin: LatLon, radii_km: &[f64], filter: VenueFilter, departement: Option<&str>) -> Vec<usize> {
        let mut counts = vec![0; radii_km.len()];
        if !origin.is_valid() {
            return counts;
        }
        let t = &self.venues;
        for &i in &self.in_scope {
            let i = i as usize;
            if !filter.and_accepts(&self.scope_filter, t.types(i), t.labels(i))
                || departement.is_some_and(|d| !t.departement(i).eq_ignore_ascii_case(d))
            {
                continue;
            }
            let d = crate::geo::haversine_km(origin, t.position(i));
            for (c, r) in counts.iter_mut().zip(radii_km) {
                if d <= *r {
                    *c += 1;
                }
            }
        }
        counts
    }

    /// Type-ahead: communes, postcodes, départements (from `gazetteer`, when loaded) and venue
    /// names in scope, best first, at most `limit`.
    pub fn search(&self, gazetteer: Option<&Gazetteer>, raw: &str, limit: usize, lang: Lang) -> Vec<Suggestion> {
        self.search_in(gazetteer.as_slice(), raw, limit, lang)
    }

    /// As [`Finder::search`], over parts of the gazetteer: the whole one, or the slices that
    /// [`crate::slices::SliceRoot::plan`] names for `raw` (postcode slices in postcode order).
    pub fn search_in(&self, parts: &[&Gazetteer], raw: &str, limit: usize, lang: Lang) -> Vec<Suggestion> {
        let query = Query::parse(raw);
        let mut out = Vec::new();
        if query.is_empty() || limit == 0 {
            return out;
        }
        if let Some(g) = parts.first() {
            // A département typed by its code ("35", "2A", "971") comes first.
            if query.tokens.len() == 1 && query.folded.len() <= 3 {
                if let Some(d) = g.departement_by_code(&query.folded) {
                    out.push(g.suggestion(d, lang));
                }
            }
            if query.is_numeric() {
                // By postcode, each (postcode, commune) once: the root holds the first ones of
                // each digit, the postcode slices all of theirs.
                let mut codes = Vec::new();
                for g in parts {
                    let mut found = Vec::new();
                    g.postcode_suggestions(&query.folded, limit, &mut found);
                    for s in found {
                        if !codes.contains(&s) {
                            codes.push(s);
                        }
                    }
                }
                // Labels start with the five digits: a stable sort keeps each postcode's communes
                // in the gazetteer's order.
                codes.sort_by(|a, b| a.label.get(..5).cmp(&b.label.get(..5)));
                out.extend(codes);
                out.truncate(limit);
                return out;
            }
        }
        let mut guard = self.scratch.borrow_mut();
        let (scratch, hits, ranked, venue_ranked) = &mut *guard;
        ranked.clear();
        if !parts.is_empty() {
            crate::places::ranked(parts, &query, &self.scope, limit, ranked);
        }
        self.rank_venues(&query, limit, scratch, hits, venue_ranked);
        ranked.extend(venue_ranked.iter().map(|&(k, i)| (k, i | VENUE_BIT)));
        top_k(ranked, limit);
        for &(_, i) in ranked.iter() {
            if out.len() >= limit {
                break;
            }
            if i & VENUE_BIT != 0 {
                out.push(self.venue_suggestion((i & !VENUE_BIT) as usize));
            } else if let Some(g) = parts.get((i >> PART_SHIFT) as usize) {
                let s = g.suggestion((i & ((1 << PART_SHIFT) - 1)) as usize, lang);
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }

    fn rank_venues(&self, query: &Query, limit: usize, scratch: &mut Scratch, hits: &mut Vec<Hit>, out: &mut Vec<(RankKey, u64)>) {
        out.clear();
        let t = &self.venues;
        let in_scope = |h: &&Hit| self.in_scope.binary_search(&h.entry).is_ok();
        t.index().match_query(query, false, scratch, hits);
        if hits.iter().filter(in_scope).count() < limit {
            // Too few answers as typed: allow one typo per long word.
            t.index().match_query(query, true, scratch, hits);
        }
        out.extend(hits.iter().filter(in_scope).map(|h| {
            (
                RankKey {
                    inexact: h.loose,
                    tier: h.tier,
                    out_of_scope: false,
                    no_position: false,
                    typos: h.typos,
                    neg_population: std::cmp::Reverse(0),
                    kind: 3,
                    index: h.entry,
                },
                h.entry as u64,
            )
        }));
        top_k(out, limit);
    }

    fn venue_suggestion(&self, i: usize) -> Suggestion {
        let v = self.venues.get(i);
        let label = if v.commune.is_empty() { v.name.to_owned() } else { format!("{} — {}", v.name, v.commune) };
        Suggestion { kind: SuggestionKind::Venue, label, code: v.id.to_owned(), position: Some(v.position) }
    }
}

/// True when venue `i` of `venues` is in `scope` and passes `filter` (the national rule).
pub fn is_in_scope(venues: &VenueTable, i: usize, scope: &Scope, filter: &VenueFilter) -> bool {
    scope.contains(venues.departement(i), venues.region(i)) && filter.accepts(venues.types(i), venues.labels(i))
}

/// Marks venue indices among gazetteer indices while ranking both together.
const VENUE_BIT: u64 = 1 << 63;
