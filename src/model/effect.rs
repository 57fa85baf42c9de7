//! What the runtime must do after an update: render a part of the widget from the state, move
//! the focus, write the URL, fetch, ask the browser, dispatch an event, or drive the map. The
//! model only says what; `web::runtime` does it, after releasing the state.

use tiers_lieux_core::nearest::Neighbour;
use tiers_lieux_core::view::View;
use tiers_lieux_core::LatLon;

use super::contract::{ErrorCode, JsRow};

/// A part of the widget, rendered from the state as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The search box's text (only when the model changed it: never while the person types).
    Input,
    /// The suggestion options, the combobox's state and the live status; `announce`: also fire
    /// `tierslieux:search` (in the same crossing into JS).
    Suggestions {
        announce: bool,
    },
    /// Which option is active (arrow keys), and whether the list is open.
    ActiveOption,
    /// The result list, the start hint, the result count and the map's markers and popups (one
    /// card per venue, built once for both).
    Results,
    /// Which venue is selected and whether its details are open.
    Selection,
    /// The chips' pressed state and the distance choices with their counts.
    Filters,
    Status,
    Alert,
    Notices,
    /// The consent box (shown while tiles wait for consent).
    Consent,
    /// « Rechercher dans cette zone », shown once the person moved the map away from the results.
    SearchArea,
    /// On a narrow widget: the « Filtres » disclosure (with how many filters are on) and the
    /// « Liste » / « Carte » toggle.
    Layout,
}

/// What a narrow widget brings into view, scrolling no more than needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reveal {
    /// The first result (a place was chosen).
    Results,
    /// The map (« Carte »).
    Map,
}

/// Where the focus goes.
#[derive(Clone, Debug, PartialEq)]
pub enum FocusTarget {
    Input,
    /// The open details of a venue.
    Details(String),
    /// The map (a button that had the focus went away).
    Map,
    /// What had the focus when the details were opened (`Effect::RememberOpener`), or else the
    /// venue's name button.
    Opener {
        fallback: String,
    },
}

/// What the map must do.
#[derive(Clone, Debug, PartialEq)]
pub enum MapEffect {
    /// Rebuild the overview (every venue in scope the chips keep); `fit`: frame them.
    Overview { fit: bool },
    /// Highlight this venue's marker and open its popup.
    Select(String),
    /// Consent given: the base map's tiles.
    EnableTiles,
    /// Consent withdrawn: no more tile request, the offline outlines instead.
    DisableTiles,
    /// The map was hidden (narrow widget) and shows again: take its size, frame the results (or
    /// the overview) again.
    Refit,
}

/// An event for the host page (`tierslieux:search` goes with `Part::Suggestions`).
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Ready {
        venues: usize,
    },
    Results {
        origin: LatLon,
        label: String,
        results: Vec<Neighbour>,
    },
    /// `index`: the venue's table index.
    Select {
        index: usize,
        distance_km: Option<f64>,
    },
    Error {
        code: ErrorCode,
        message: String,
        rows: Vec<JsRow>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Render(Part),
    /// Keep what has the focus now: the details about to open give it back when they close.
    RememberOpener,
    Focus(FocusTarget),
    /// Bring this venue's list entry into view.
    ScrollTo(String),
    /// On a narrow widget only: bring this into view (honouring reduced motion).
    Reveal(Reveal),
    /// Fetch a part of the gazetteer (the page fetches each once; a failed one again when asked
    /// again): `Msg::GazetteerReady` or `GazetteerFailed` follows.
    LoadGazetteer(super::search::GazetteerPart),
    /// Fetch the national venues' details (once per page) and attach them to this widget's
    /// table: `Msg::VenueDetailsReady` or `VenueDetailsFailed` follows.
    LoadVenueDetails,
    /// Ask the browser for the position (`Msg::Located` or `LocateFailed` follows).
    Locate,
    /// Share the page's URL (`Msg::Shared` follows).
    Share {
        title: String,
    },
    /// With `history="hash"`: write `view` into the page's URL, as a new entry or in place. The
    /// user's own position goes only into the entry's state, which never leaves the browser.
    RecordView {
        view: View,
        user: Option<(LatLon, String)>,
        replace: bool,
    },
    /// With `history="hash"`: read the page's URL (`Msg::ApplyView` follows when it holds a view).
    RestoreFromLocation,
    Emit(Event),
    /// A line for the webmaster in the console (`[tiers-lieux]` prefix).
    Warn(String),
    Map(MapEffect),
    /// Fetch the offline base map (département outlines) if the map does not have it.
    LoadOutlines,
    /// Release every listener, timer, observer and the map, and empty the shadow root.
    Teardown,
}
