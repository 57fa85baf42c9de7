//! The parts of the widget as plain data, computed from the state: what the web layer's views
//! draw, with nothing left to decide. Built while the runtime holds the state, drawn after it
//! let go.

use tiers_lieux_core::geo::{main_area_bounds, Bounds};
use tiers_lieux_core::LatLon;

use super::card::{CardContext, VenueCard};
use super::markers::{marker_groups, MarkerGroup};
use super::results::chosen_filter;
use super::{i18n, Env, Model, NOTICE_ROWS};
use crate::options::History;

/// One suggestion option.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionView {
    pub kind: &'static str,
    pub label: String,
    pub code: String,
    /// "commune", "code postal"… after the label.
    pub kind_word: &'static str,
    pub position: Option<LatLon>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SuggestionsView {
    pub options: Vec<OptionView>,
    pub open: bool,
    pub status: String,
    /// The text the options answer (`tierslieux:search`'s `query`).
    pub query: String,
    /// More options may come (their slices load): the listbox's `aria-busy`.
    pub busy: bool,
}

pub fn suggestions(m: &Model) -> SuggestionsView {
    let lang = m.lang();
    let options = m
        .combo
        .suggestions
        .iter()
        .map(|s| OptionView {
            kind: s.kind.as_str(),
            label: s.label.clone(),
            code: s.code.clone(),
            kind_word: i18n::kind_word(s.kind, lang),
            position: s.position,
        })
        .collect();
    SuggestionsView { options, open: m.combo.open, status: m.status.clone(), query: m.combo.answered.clone(), busy: m.combo.is_busy() }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResultsView {
    /// The start hint, or "no result": shown instead of the list.
    pub hint: Option<&'static str>,
    /// "Copy the link to this search" (with `history="hash"`).
    pub share_visible: bool,
    pub cards: Vec<VenueCard>,
    /// The origin's marker and its label.
    pub origin: Option<(LatLon, String)>,
    /// The distance chosen, drawn around the origin.
    pub radius_km: Option<f64>,
    /// The map's result markers: one per point.
    pub markers: Vec<MarkerGroup>,
}

/// The live status: « Chargement… » while results wait for the venues' details, else the
/// model's sentence.
pub fn status(m: &Model) -> String {
    if m.details.waiting() {
        super::i18n::strings(m.lang()).loading.to_owned()
    } else {
        m.status.clone()
    }
}

pub fn results(m: &Model, env: &Env) -> ResultsView {
    let t = i18n::strings(m.lang());
    let sharing = m.config.history == History::Hash;
    let ctx = CardContext {
        lang: m.lang(),
        report_url: m.config.report_url.as_deref(),
        source_line: &m.config.source_line,
        national: m.config.national,
        page_url: env.page_url,
        share: sharing.then_some(m.config.share_sheet),
    };
    let table = env.finder.table();
    let cards: Vec<VenueCard> =
        m.results.iter().enumerate().map(|(i, n)| VenueCard::new(&table.get(n.id as usize), i + 1, Some(n.distance_km), &ctx)).collect();
    let hint = match (&m.origin, m.results.is_empty()) {
        (None, _) => Some(t.start_hint),
        (Some(_), true) => Some(t.no_result),
        (Some(_), false) => None,
    };
    let named: Vec<(&str, LatLon)> = cards.iter().map(|c| (c.name.as_str(), c.position)).collect();
    let markers = marker_groups(&named, t);
    ResultsView {
        markers,
        hint,
        share_visible: sharing && m.origin.is_some() && !m.results.is_empty(),
        cards,
        origin: m.origin.as_ref().map(|o| (o.at, o.label.clone())),
        radius_km: m.radius_km,
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FiltersView {
    /// Each chip's key and whether it is pressed.
    pub chips: Vec<(&'static str, bool)>,
    /// The distance choices after "any distance": value and text ("5 km (3 lieux)").
    pub radius_options: Vec<(String, String)>,
    /// The choice selected ("" for any distance).
    pub radius_value: String,
}

pub fn filters(m: &Model, env: &Env) -> FiltersView {
    let counts = m.origin.as_ref().map(|o| env.finder.count_within(o.at, &m.radii, chosen_filter(m), o.departement.as_deref()));
    FiltersView {
        chips: m.config.kinds.iter().map(|k| (k.key, m.chosen.contains(&k.key))).collect(),
        radius_options: m
            .radii
            .iter()
            .enumerate()
            .map(|(i, r)| (r.to_string(), i18n::radius_choice(*r, counts.as_ref().map(|c| c[i]), m.lang())))
            .collect(),
        radius_value: m.radius_km.map(|r| r.to_string()).unwrap_or_default(),
    }
}

/// A notice, its rows cut at `NOTICE_ROWS` (with a last line saying how many more).
#[derive(Clone, Debug, PartialEq)]
pub struct NoticeView {
    pub id: u32,
    pub summary: String,
    pub rows: Vec<String>,
}

pub fn notices(m: &Model) -> Vec<NoticeView> {
    m.notices
        .iter()
        .map(|n| {
            let mut rows: Vec<String> = n.rows.iter().take(NOTICE_ROWS).cloned().collect();
            if n.rows.len() > NOTICE_ROWS {
                rows.push(i18n::more_rows(n.rows.len() - NOTICE_ROWS, m.lang()));
            }
            NoticeView { id: n.id, summary: n.summary.clone(), rows }
        })
        .collect()
}

/// The map's overview: every venue in scope that the chips keep (positions and table indices,
/// same order), and, when it is framed, the French area that holds most of them.
#[derive(Clone, Debug, PartialEq)]
pub struct OverviewView {
    pub points: Vec<[f64; 2]>,
    pub indices: Vec<u32>,
    /// South-west and north-east corners.
    pub bounds: Option<(LatLon, LatLon)>,
}

pub fn overview(m: &Model, env: &Env, fit: bool) -> OverviewView {
    let t = env.finder.table();
    let filter = chosen_filter(m);
    let in_scope = env.finder.in_scope();
    let (mut points, mut indices) = (Vec::with_capacity(in_scope.len()), Vec::with_capacity(in_scope.len()));
    for &i in in_scope {
        if filter.accepts(t.types(i as usize), t.labels(i as usize)) {
            let p = t.position(i as usize);
            points.push([p.lat, p.lon]);
            indices.push(i);
        }
    }
    // The first view: the French area with most venues (the others are clusters off-screen).
    let b = if fit { main_area_bounds(points.iter().map(|&[lat, lon]| LatLon::new(lat, lon))) } else { Bounds::EMPTY };
    let bounds = (fit && !b.is_empty()).then(|| (LatLon::new(b.south, b.west), LatLon::new(b.north, b.east)));
    OverviewView { points, indices, bounds }
}

/// A narrow widget's « Filtres » disclosure and « Liste » / « Carte » toggle.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutView {
    pub filters_open: bool,
    /// How many filters are on (chips pressed, a distance chosen).
    pub filters_on: usize,
    /// « Filtres » or « Filtres (2) ».
    pub filters_label: String,
    pub map_shown: bool,
}

pub fn layout(m: &Model) -> LayoutView {
    let filters_on = m.chosen.len() + usize::from(m.radius_km.is_some());
    LayoutView { filters_open: m.filters_open, filters_on, filters_label: i18n::filters_button(filters_on, m.lang()), map_shown: m.map_shown }
}
