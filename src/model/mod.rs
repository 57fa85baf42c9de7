//! The widget as a pure model, in the manner of Elm and yew's TodoMVC: its state
//! ([`Model`]), what can happen to it ([`Msg`]), and [`update`], which changes the state and
//! says what the runtime must then do ([`Effect`]). No web-sys, js-sys or wasm-bindgen here:
//! compiled and unit-tested on the host (`tests/model.rs`), over the real data.
//!
//! The combobox lives in `search`, the origin, filters, results, selection and the view kept in
//! the URL in `results`; what a person reads in `i18n`; the JS-facing names in `contract`; the
//! parts the runtime renders, as plain data, in `view`.

pub mod card;
pub mod contract;
mod details;
pub mod effect;
pub mod i18n;
pub mod markers;
pub mod outcome;
mod results;
mod search;
pub mod view;

use tiers_lieux_core::nearest::Neighbour;
use tiers_lieux_core::slices::Places;
use tiers_lieux_core::view::View;
use tiers_lieux_core::{Finder as CoreFinder, Lang, LatLon};

use crate::options::{Consent, Fallback, History, Options, Tiles};
use contract::{ErrorCode, JsRow};
pub use details::DetailsState;
pub use effect::{Effect, Event, FocusTarget, MapEffect, Part, Reveal};
use outcome::{GeoFailure, ListFailure, ListOutcome, Shared};
pub use results::{current_view, Origin};
pub use search::{Combobox, GazetteerPart, Key, SUGGESTION_LIMIT};

/// The distance choices (km); the `radius-km` option joins them when it is not one of them.
pub const RADII_KM: [f64; 5] = [5.0, 10.0, 20.0, 50.0, 100.0];

/// At most this many rows are listed in a notice (all of them go to the console and the event).
pub const NOTICE_ROWS: usize = 200;

/// What the model reads but never changes: the venues in scope, the parts of the gazetteer the
/// page has loaded, and the page's URL (named in "report an error" e-mails).
pub struct Env<'a> {
    pub finder: &'a CoreFinder,
    pub places: &'a Places,
    pub page_url: &'a str,
}

/// A type or label chip: its key, its label in the widget's language, how many venues have it.
#[derive(Clone, Debug, PartialEq)]
pub struct Kind {
    pub key: &'static str,
    pub label: String,
    pub count: usize,
}

/// What is fixed at mount.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub lang: Lang,
    pub max_results: usize,
    pub history: History,
    /// Tiles wait for consent (`consent="click"` with a base map that has tiles).
    pub tiles_need_consent: bool,
    /// The chips, in order (none when there is no choice to make).
    pub kinds: Vec<Kind>,
    /// The `report-url` option resolved against the page's URL.
    pub report_url: Option<String>,
    /// "Source : …" in a venue's details: the national base, or the partner's site.
    pub source_line: String,
    /// The venues are the national base's (not a partner's list).
    pub national: bool,
    /// What shows when the partner's list cannot be read.
    pub fallback: Fallback,
    /// "Share" opens the phone's share sheet rather than copying the link.
    pub share_sheet: bool,
}

impl Config {
    /// The configuration of a widget with `opts`, over `finder`'s venues; `partner_host`: the
    /// site whose list is shown, if any.
    pub fn new(opts: &Options, finder: &CoreFinder, partner_host: Option<&str>, share_sheet: bool) -> Config {
        let lang = opts.lang;
        let kinds: Vec<Kind> = finder
            .kind_counts()
            .into_iter()
            .map(|(k, _, count)| Kind {
                key: k.key,
                label: match lang {
                    Lang::Fr => k.label_fr.to_owned(),
                    Lang::En => k.label_en.to_owned(),
                },
                count,
            })
            .collect();
        Config {
            lang,
            max_results: opts.max_results,
            history: opts.history,
            tiles_need_consent: opts.consent == Consent::Click && opts.tiles != Tiles::None,
            // One kind is no choice: no chips.
            kinds: if kinds.len() > 1 { kinds } else { Vec::new() },
            report_url: None,
            source_line: match partner_host {
                Some(h) => i18n::partner_source(h, lang),
                None => i18n::strings(lang).source.to_owned(),
            },
            national: partner_host.is_none(),
            fallback: opts.fallback,
            share_sheet,
        }
    }
}

/// A dismissible notice (`role="status"`): a sentence and the rows behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u32,
    pub summary: String,
    pub rows: Vec<String>,
}

/// The selected venue.
#[derive(Clone, Debug, PartialEq)]
pub struct Selected {
    pub id: String,
    /// Table index.
    pub index: usize,
    pub details_open: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub config: Config,
    pub combo: Combobox,
    pub origin: Option<Origin>,
    /// Keys of the chips that are on (none: every kind).
    pub chosen: Vec<&'static str>,
    /// The distance chosen (at first, the `radius-km` option).
    pub radius_km: Option<f64>,
    /// The distance choices.
    pub radii: Vec<f64>,
    pub results: Vec<Neighbour>,
    pub selected: Option<Selected>,
    pub status: String,
    pub alert: String,
    pub notices: Vec<Notice>,
    next_notice: u32,
    /// Tiles may be requested (no consent needed, or consent given on this page).
    pub tiles_allowed: bool,
    /// On a narrow widget: the filters are unfolded (« Filtres »).
    pub filters_open: bool,
    /// On a narrow widget: the map is shown (« Carte »), else the list alone (« Liste »).
    pub map_shown: bool,
    /// The person moved the map away from the results: its centre, for « Rechercher dans cette
    /// zone » (never searched by itself).
    pub area: Option<LatLon>,
    /// The national venues' details file: asked for, failed, and what waits for it.
    pub details: DetailsState,
    pub destroyed: bool,
}

impl Model {
    /// A widget with `config`; `radius_km`: the `radius-km` option; `tiles_allowed`: consent
    /// already given on this page (or none needed).
    pub fn new(config: Config, radius_km: Option<f64>, tiles_allowed: bool) -> Model {
        let mut radii = RADII_KM.to_vec();
        if let Some(r) = radius_km.filter(|r| !RADII_KM.contains(r)) {
            radii.push(r);
            radii.sort_by(f64::total_cmp);
        }
        Model {
            tiles_allowed: tiles_allowed || !config.tiles_need_consent,
            config,
            combo: Combobox::default(),
            origin: None,
            chosen: Vec::new(),
            radius_km,
            radii,
            results: Vec::new(),
            selected: None,
            status: String::new(),
            alert: String::new(),
            notices: Vec::new(),
            next_notice: 0,
            filters_open: false,
            map_shown: false,
            area: None,
            details: DetailsState::default(),
            destroyed: false,
        }
    }

    pub fn lang(&self) -> Lang {
        self.config.lang
    }

    fn keeps_history(&self) -> bool {
        self.config.history == History::Hash
    }

    fn add_notice(&mut self, summary: String, rows: Vec<String>) -> Effect {
        self.next_notice += 1;
        self.notices.push(Notice { id: self.next_notice, summary, rows });
        Effect::Render(Part::Notices)
    }

    /// A message the person must see (`role="alert"`), `tierslieux:error` and a console line.
    fn error(&mut self, code: ErrorCode, user_message: &str, detail: &str, fx: &mut Vec<Effect>) {
        self.alert = user_message.to_owned();
        fx.push(Effect::Render(Part::Alert));
        fx.push(Effect::Warn(format!("{}: {detail}", code.as_str())));
        fx.push(Effect::Emit(Event::Error { code, message: format!("{user_message} ({detail})"), rows: Vec::new() }));
    }
}

/// Everything that can happen to a widget.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// The search box's text changed (typing).
    Input(String),
    /// The search box got the focus, or the page is idle: the gazetteer's root is loaded if
    /// nobody asked for it yet (it is at ready).
    Focus,
    Key(Key),
    /// The box lost the focus (a moment later, once a click on an option has landed).
    CloseSuggestions,
    /// A click on option `i`.
    ChooseSuggestion(usize),
    /// A part of the gazetteer arrived (for this widget or another on the page).
    GazetteerReady,
    /// A part of the gazetteer could not be loaded (the reason, for the console and the event).
    GazetteerFailed(String),
    /// Slices fetched ahead (`GazetteerPart::Ahead`) could not be loaded.
    GazetteerAheadFailed(Vec<usize>),
    /// "Around me".
    Locate,
    Located(LatLon),
    LocateFailed(GeoFailure, String),
    /// A venue chosen in the list, on the map, by a suggestion or by `select()`. `scroll`: bring
    /// its entry into view; `focus`: a person opened it, so the focus goes to its details.
    Select {
        id: String,
        scroll: bool,
        focus: bool,
    },
    /// The venue's name button: open its details, or close them when open.
    ToggleDetails(String),
    CloseDetails,
    ToggleChip(String),
    /// The « Filtres » button of a narrow widget.
    ToggleFilters,
    /// The « Liste » (`false`) / « Carte » (`true`) toggle of a narrow widget.
    ShowMap(bool),
    /// The person moved or zoomed the map (not the widget): its centre now.
    MapMoved(LatLon),
    /// « Rechercher dans cette zone »: the venues nearest the map's centre.
    SearchArea,
    /// The distance choice's value (empty: any distance).
    Radius(String),
    /// The view a URL holds (Back/Forward, a shared link): shown, not written back. `user`: the
    /// position kept in the history entry's state ("around me").
    ApplyView {
        view: View,
        user: Option<(LatLon, String)>,
    },
    ListOutcome(ListOutcome),
    DismissNotice(u32),
    TilesFailed(String),
    /// Consent to tiles given on this page; `here`: by this widget's own button.
    ConsentGranted {
        here: bool,
    },
    ConsentWithdrawn,
    ClusterOpened(u32),
    /// A venue's "Copy the link" / "Share" (its id).
    ShareVenue(String),
    Shared(Shared),
    /// The shared-results button: the link to the current search.
    ShareResults,
    /// The widget is on the page: its filters, consent box and overview (framed) are drawn.
    Mounted,
    /// `element.finder` is set: `tierslieux:ready`, then the view of the page's URL.
    Ready,
    /// The national venues' details file arrived and is attached to this widget's table.
    VenueDetailsReady,
    /// It could not be loaded (the reason, for the console and the event).
    VenueDetailsFailed(String),
    Destroy,
}

/// Applies `msg` to the model and returns what the runtime must do, in order.
pub fn update(m: &mut Model, msg: Msg, env: &Env) -> Vec<Effect> {
    let mut fx = Vec::new();
    if m.destroyed {
        return fx;
    }
    match msg {
        Msg::VenueDetailsReady => details::ready(m, &mut fx),
        Msg::VenueDetailsFailed(why) => details::failed(m, why, &mut fx),
        msg => {
            step(m, msg, env, &mut fx);
            details::hold(m, env, &mut fx);
        }
    }
    fx
}

/// Applies any other message than the details' arrival.
fn step(m: &mut Model, msg: Msg, env: &Env, fx: &mut Vec<Effect>) {
    match msg {
        Msg::Input(text) => search::input(m, text, env, fx),
        Msg::Focus => search::focus(m, env, fx),
        Msg::Key(key) => search::key(m, key, env, fx),
        Msg::CloseSuggestions => search::close(m, fx),
        Msg::ChooseSuggestion(i) => search::choose(m, i, env, fx),
        Msg::GazetteerReady => search::gazetteer_ready(m, env, fx),
        Msg::GazetteerFailed(e) => search::gazetteer_failed(m, e, env, fx),
        Msg::GazetteerAheadFailed(files) => search::gazetteer_ahead_failed(m, &files, env, fx),
        Msg::Locate => {
            m.status = i18n::strings(m.lang()).locating.to_owned();
            fx.extend([Effect::Render(Part::Status), Effect::Locate]);
        }
        Msg::Located(here) => {
            let label = i18n::strings(m.lang()).your_position.to_owned();
            results::show_from(m, Origin { at: here, label, departement: None, is_user: true }, env, fx);
            results::record(m, false, fx);
        }
        Msg::LocateFailed(why, detail) => {
            let code = match why {
                GeoFailure::Insecure => ErrorCode::GeolocationInsecure,
                GeoFailure::BlockedByPage | GeoFailure::Denied | GeoFailure::DeniedInFrame => ErrorCode::GeolocationDenied,
                GeoFailure::Unsupported => ErrorCode::GeolocationUnsupported,
                GeoFailure::Timeout => ErrorCode::GeolocationTimeout,
                GeoFailure::Unavailable => ErrorCode::GeolocationUnavailable,
            };
            if why == GeoFailure::BlockedByPage {
                fx.push(Effect::Warn(i18n::geolocation_frame_check(m.lang()).to_owned()));
            }
            m.status.clear();
            fx.push(Effect::Render(Part::Status));
            m.error(code, i18n::geo_failure(why, m.lang()), &detail, fx);
        }
        Msg::Select { id, scroll, focus } => {
            results::select(m, &id, scroll, focus, env, fx);
            results::record(m, false, fx);
        }
        Msg::ToggleDetails(id) => {
            let open = m.selected.as_ref().is_some_and(|s| s.id == id && s.details_open);
            if open {
                results::close_details(m, fx);
                results::record(m, true, fx);
            } else {
                results::select(m, &id, false, true, env, fx);
                results::record(m, false, fx);
            }
        }
        Msg::CloseDetails => {
            results::close_details(m, fx);
            results::record(m, true, fx);
        }
        Msg::ToggleChip(key) => results::toggle_chip(m, &key, env, fx),
        Msg::MapMoved(center) => {
            if m.origin.is_some() && m.area.is_none() {
                fx.push(Effect::Render(Part::SearchArea));
            }
            if m.origin.is_some() {
                m.area = Some(center);
            }
        }
        Msg::SearchArea => {
            if let Some(at) = m.area {
                let label = i18n::strings(m.lang()).map_area.to_owned();
                results::show_from(m, Origin { at, label, departement: None, is_user: false }, env, fx);
                results::record(m, false, fx);
            }
        }
        Msg::ToggleFilters => {
            m.filters_open = !m.filters_open;
            fx.push(Effect::Render(Part::Layout));
        }
        Msg::ShowMap(shown) => {
            if m.map_shown != shown {
                m.map_shown = shown;
                fx.push(Effect::Render(Part::Layout));
                if shown {
                    // The map had no size while hidden: it frames its content again, in view.
                    fx.extend([Effect::Map(MapEffect::Refit), Effect::Reveal(Reveal::Map)]);
                }
            }
        }
        Msg::Radius(value) => {
            m.radius_km = value.parse::<f64>().ok().filter(|r| r.is_finite() && *r > 0.0);
            results::filters_changed(m, false, env, fx);
        }
        Msg::ApplyView { view, user } => results::apply_view(m, &view, user, env, fx),
        Msg::ListOutcome(outcome) => list_outcome(m, outcome, fx),
        Msg::DismissNotice(id) => {
            m.notices.retain(|n| n.id != id);
            // The button is gone with its notice: the focus goes back to the search box.
            fx.extend([Effect::Render(Part::Notices), Effect::Focus(FocusTarget::Input)]);
        }
        Msg::TilesFailed(url) => {
            let lang = m.lang();
            let t = i18n::strings(lang);
            fx.push(m.add_notice(t.tiles_failed.to_owned(), Vec::new()));
            fx.push(Effect::Warn(format!("{}: {}", ErrorCode::TilesLoad.as_str(), i18n::tiles_failed_fix(&url, lang))));
            let message = format!("{} ({url})", t.tiles_failed);
            fx.push(Effect::Emit(Event::Error { code: ErrorCode::TilesLoad, message, rows: Vec::new() }));
        }
        Msg::ConsentGranted { here } => {
            if !m.tiles_allowed {
                m.tiles_allowed = true;
                fx.extend([Effect::Render(Part::Consent), Effect::Map(MapEffect::EnableTiles)]);
                if here {
                    // The button is gone: the focus goes to the map it revealed.
                    fx.push(Effect::Focus(FocusTarget::Map));
                }
            }
        }
        Msg::ConsentWithdrawn => {
            if m.config.tiles_need_consent && m.tiles_allowed {
                m.tiles_allowed = false;
                fx.extend([Effect::Render(Part::Consent), Effect::Map(MapEffect::DisableTiles), Effect::LoadOutlines]);
            }
        }
        Msg::ClusterOpened(n) => {
            m.status = i18n::cluster_opened(n, m.lang());
            fx.push(Effect::Render(Part::Status));
        }
        Msg::ShareVenue(id) => {
            let t = env.finder.table();
            let title = t.find_id(&id).map(|i| t.name(i).to_owned()).unwrap_or_default();
            fx.push(Effect::Share { title });
        }
        Msg::ShareResults => {
            let title = m.origin.as_ref().map(|o| o.label.clone()).unwrap_or_default();
            fx.push(Effect::Share { title });
        }
        Msg::Shared(outcome) => {
            let t = i18n::strings(m.lang());
            match outcome {
                Shared::Copied => {
                    m.status = t.link_copied.to_owned();
                    fx.push(Effect::Render(Part::Status));
                }
                Shared::Sheet => {}
                Shared::Failed { url } => fx.push(m.add_notice(t.link_copy_failed.to_owned(), vec![url])),
            }
        }
        Msg::Mounted => fx.extend([Effect::Render(Part::Filters), Effect::Render(Part::Consent), Effect::Map(MapEffect::Overview { fit: true })]),
        Msg::Ready => {
            fx.push(Effect::Emit(Event::Ready { venues: env.finder.in_scope().len() }));
            // The gazetteer's root is on its way since the entry ran (fetched beside the wasm):
            // it is decoded now rather than in the first tap's or keystroke's handler.
            search::focus(m, env, fx);
            details::at_ready(m, env, fx);
            if m.keeps_history() {
                fx.push(Effect::RestoreFromLocation);
            }
        }
        Msg::Destroy => {
            m.destroyed = true;
            fx.push(Effect::Teardown);
        }
        Msg::VenueDetailsReady | Msg::VenueDetailsFailed(_) => {}
    }
}

/// What became of the partner's list: a failure as an alert (and `partner-load`); rows not shown
/// as a notice naming each one (and `partner-rows` with every row); rows shown with a caveat in
/// the console.
fn list_outcome(m: &mut Model, outcome: ListOutcome, fx: &mut Vec<Effect>) {
    let lang = m.lang();
    let (t, sep) = (i18n::strings(lang), i18n::colon(lang));
    match outcome {
        ListOutcome::National => {}
        ListOutcome::Failed { url, why } => {
            let then = match m.config.fallback {
                Fallback::National => t.list_failed_national,
                Fallback::None => t.list_failed_empty,
            };
            let why = match why {
                ListFailure::NotHttp => i18n::not_http(lang).to_owned(),
                ListFailure::Fetch(e) => i18n::fetch_error(&e, lang),
                ListFailure::Unreadable(e) => i18n::list_error(&e, lang),
            };
            let user = format!("{}{sep}{then}", t.list_failed);
            m.error(ErrorCode::PartnerLoad, &user, &format!("{url}{sep}{why}. {}", i18n::list_failed_fix(lang)), fx);
        }
        ListOutcome::Loaded(report) => {
            let described = |rows: &[tiers_lieux_core::partner::RowIssue]| -> Vec<(usize, String, String)> {
                rows.iter()
                    .map(|r| {
                        let reason = i18n::row_reason(&r.problem, lang);
                        (r.line, format!("{}{sep}{reason}", i18n::row_name(report.format, r.line, lang)), reason)
                    })
                    .collect()
            };
            let warnings = described(&report.warnings);
            if !warnings.is_empty() {
                let lines: Vec<&str> = warnings.iter().map(|w| w.1.as_str()).collect();
                fx.push(Effect::Warn(format!("{}\n{}", i18n::rows_with_remarks(warnings.len(), lang), lines.join("\n"))));
            }
            let not_shown = described(&report.not_shown);
            if not_shown.is_empty() {
                return;
            }
            let summary = i18n::rows_not_shown(not_shown.len(), lang);
            let lines: Vec<String> = not_shown.iter().map(|r| r.1.clone()).collect();
            fx.push(Effect::Warn(format!("{summary}\n{}", lines.join("\n"))));
            fx.push(m.add_notice(summary.clone(), lines));
            let rows = not_shown.into_iter().map(|(line, _, reason)| JsRow { line, reason }).collect();
            fx.push(Effect::Emit(Event::Error { code: ErrorCode::PartnerRows, message: summary, rows }));
        }
    }
}
