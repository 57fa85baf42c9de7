//! The origin of the results (a place chosen, the person's position, a venue), the filters
//! (chips, distance), the results, the selected venue and its details, and the view kept in
//! the page's URL with `history="hash"` (never the person's position).

use tiers_lieux_core::view::View;
use tiers_lieux_core::{LatLon, VenueFilter};

use super::{i18n, Effect, Env, Event, FocusTarget, MapEffect, Model, Part, Reveal, Selected};

/// With a distance chosen, the list shows every venue within it, up to this many (the contract's
/// largest `max-results`); without one, the `max-results` nearest.
pub const MAX_WITHIN_RADIUS: usize = 50;

/// Where the results are measured from.
#[derive(Clone, Debug, PartialEq)]
pub struct Origin {
    pub at: LatLon,
    /// What the search box showed ("Rennes (35)"), or "Votre position".
    pub label: String,
    /// A département chosen in the search: the results keep to its venues.
    pub departement: Option<String>,
    /// The person's own position ("around me"): never written to the page's URL.
    pub is_user: bool,
}

/// The filter of the chips that are on (none on: every kind).
pub fn chosen_filter(m: &Model) -> VenueFilter {
    VenueFilter::from_keys(m.chosen.iter().copied()).0
}

/// New results from `origin`.
pub(super) fn show_from(m: &mut Model, origin: Origin, env: &Env, fx: &mut Vec<Effect>) {
    m.origin = Some(origin);
    if m.area.take().is_some() {
        fx.push(Effect::Render(Part::SearchArea));
    }
    if !m.alert.is_empty() {
        m.alert.clear();
        fx.push(Effect::Render(Part::Alert));
    }
    refresh(m, env, fx);
    // On a phone, the first result is on screen once a place is chosen.
    fx.push(Effect::Reveal(Reveal::Results));
}

/// The search again from the current origin with the current filters, shown in the list and on
/// the map, with the distance choices' counts, and `tierslieux:results`.
pub(super) fn refresh(m: &mut Model, env: &Env, fx: &mut Vec<Effect>) {
    let Some(o) = &m.origin else {
        fx.push(Effect::Render(Part::Filters));
        return;
    };
    let k = if m.radius_km.is_some() { MAX_WITHIN_RADIUS.max(m.config.max_results) } else { m.config.max_results };
    m.results = env.finder.nearest_where(o.at, k, m.radius_km, chosen_filter(m), o.departement.as_deref()).unwrap_or_default();
    m.selected = None;
    m.status = i18n::results_count(m.results.len(), &o.label, m.config.lang);
    let event = Event::Results { origin: o.at, label: o.label.clone(), results: m.results.clone() };
    fx.extend([Effect::Render(Part::Results), Effect::Render(Part::Filters), Effect::Render(Part::Status), Effect::Emit(event)]);
}

/// No search any more (Back to the first view): the start hint, no results, no markers.
fn clear(m: &mut Model, fx: &mut Vec<Effect>) {
    m.origin = None;
    m.area = None;
    m.selected = None;
    m.results.clear();
    m.combo.text.clear();
    m.status.clear();
    fx.extend([
        Effect::Render(Part::Input),
        Effect::Render(Part::Results),
        Effect::Render(Part::Status),
        Effect::Render(Part::Filters),
        Effect::Render(Part::SearchArea),
    ]);
}

/// Selects venue `id`: highlighted in the list and on the map, its details open, its popup,
/// `tierslieux:select`. When it is not among the results, the venues around it come first.
pub(super) fn select(m: &mut Model, id: &str, scroll: bool, focus: bool, env: &Env, fx: &mut Vec<Effect>) {
    let t = env.finder.table();
    let Some(index) = t.find_id(id).filter(|&i| env.finder.in_scope().binary_search(&(i as u32)).is_ok()) else {
        fx.push(Effect::Warn(format!("select(): no venue with id {id:?} in this widget's scope")));
        return;
    };
    if focus {
        fx.push(Effect::RememberOpener);
    }
    if !m.results.iter().any(|n| n.id as usize == index) {
        let origin = Origin { at: t.position(index), label: t.name(index).to_owned(), departement: None, is_user: false };
        show_from(m, origin, env, fx);
    }
    m.selected = Some(Selected { id: id.to_owned(), index, details_open: true });
    fx.extend([Effect::Render(Part::Selection), Effect::Map(MapEffect::Select(id.to_owned()))]);
    if scroll {
        fx.push(Effect::ScrollTo(id.to_owned()));
    }
    if focus {
        fx.push(Effect::Focus(FocusTarget::Details(id.to_owned())));
    }
    let distance_km = m.results.iter().find(|n| n.id as usize == index).map(|n| n.distance_km);
    fx.push(Effect::Emit(Event::Select { index, distance_km }));
}

/// Closes the open details; the focus goes back to what opened them.
pub(super) fn close_details(m: &mut Model, fx: &mut Vec<Effect>) {
    if let Some(s) = m.selected.as_mut().filter(|s| s.details_open) {
        s.details_open = false;
        let fallback = s.id.clone();
        fx.extend([Effect::Render(Part::Selection), Effect::Focus(FocusTarget::Opener { fallback })]);
    }
}

pub(super) fn toggle_chip(m: &mut Model, key: &str, env: &Env, fx: &mut Vec<Effect>) {
    let Some(key) = m.config.kinds.iter().map(|k| k.key).find(|k| *k == key) else { return };
    if m.chosen.contains(&key) {
        m.chosen.retain(|k| *k != key);
    } else {
        m.chosen.push(key);
    }
    filters_changed(m, true, env, fx);
}

/// A chip or the distance changed: list, map and counts follow; the URL too (hash mode).
pub(super) fn filters_changed(m: &mut Model, chips: bool, env: &Env, fx: &mut Vec<Effect>) {
    if chips {
        fx.push(Effect::Map(MapEffect::Overview { fit: false }));
    }
    fx.extend([Effect::Render(Part::Filters), Effect::Render(Part::Layout)]);
    if m.origin.is_some() {
        refresh(m, env, fx);
    }
    record(m, false, fx);
}

/// The view to keep in the URL: the search (never the person's own position), filters, venue.
pub fn current_view(m: &Model) -> View {
    let searched = m.origin.as_ref().filter(|o| !o.is_user);
    View {
        label: searched.map(|o| o.label.clone()).unwrap_or_default(),
        at: searched.map(|o| o.at),
        departement: searched.and_then(|o| o.departement.clone()),
        kinds: m.chosen.iter().map(|k| (*k).to_owned()).collect(),
        radius_km: m.radius_km,
        venue: m.selected.as_ref().filter(|s| s.details_open && !s.id.is_empty()).map(|s| s.id.clone()),
    }
}

/// With `history="hash"`: the view goes into the page's URL (`replace`: in place).
pub(super) fn record(m: &Model, replace: bool, fx: &mut Vec<Effect>) {
    if m.keeps_history() {
        let user = m.origin.as_ref().filter(|o| o.is_user).map(|o| (o.at, o.label.clone()));
        fx.push(Effect::RecordView { view: current_view(m), user, replace });
    }
}

/// Shows `view` (from the URL) without writing it back: filters, search, selected venue.
pub(super) fn apply_view(m: &mut Model, view: &View, user: Option<(LatLon, String)>, env: &Env, fx: &mut Vec<Effect>) {
    // Only the chips this widget has (a link from another scope may name others).
    let kinds: Vec<&'static str> = m.config.kinds.iter().map(|k| k.key).filter(|k| view.kinds.iter().any(|v| v == k)).collect();
    let kinds_changed = m.chosen != kinds;
    m.chosen = kinds;
    m.radius_km = view.radius_km;
    if let Some(r) = view.radius_km.filter(|r| !m.radii.contains(r)) {
        // A distance that is not among the choices (edited by hand): added to them.
        m.radii.push(r);
        m.radii.sort_by(f64::total_cmp);
    }
    fx.extend([Effect::Render(Part::Filters), Effect::Render(Part::Layout)]);
    // Back over a venue or a search keeps the overview: it follows the chips only.
    if kinds_changed {
        fx.push(Effect::Map(MapEffect::Overview { fit: false }));
    }
    match (view.at, user) {
        (Some(at), _) => {
            let label = if view.label.is_empty() { format!("{:.4}, {:.4}", at.lat, at.lon) } else { view.label.clone() };
            m.combo.text = label.clone();
            fx.push(Effect::Render(Part::Input));
            show_from(m, Origin { at, label, departement: view.departement.clone(), is_user: false }, env, fx);
        }
        (None, Some((at, label))) => {
            m.combo.text.clear();
            fx.push(Effect::Render(Part::Input));
            show_from(m, Origin { at, label, departement: None, is_user: true }, env, fx);
        }
        (None, None) if view.venue.is_none() => clear(m, fx),
        (None, None) => {}
    }
    if let Some(id) = &view.venue {
        select(m, id, true, false, env, fx);
    }
}
