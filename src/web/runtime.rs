//! The runtime of one widget: it owns the state and runs the model. A message is queued; unless
//! a message is already being handled (then it waits its turn), the runtime borrows the state,
//! updates it, builds the view data the effects need, RELEASES the state, and only then touches
//! the DOM, Leaflet, the focus or the URL, or dispatches events. A host listener called from any
//! of those may call any `Finder` method: the getters read parts that are never borrowed
//! mutably, and the methods that change the widget queue a message.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use tiers_lieux_core::Finder as CoreFinder;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ShadowRoot};

use super::data::{self, Assets};
use super::map::MapView;
use super::view::{self, Ui};
use super::{emit, platform};
use crate::model::card::VenueCard;
use crate::model::view::{FiltersView, LayoutView, NoticeView, OverviewView, ResultsView, SuggestionsView};
use crate::model::{update, Effect, Env, FocusTarget, GazetteerPart, MapEffect, Model, Msg, Part, Reveal};
use crate::options::Options;

thread_local! {
    /// Every widget mounted on this page (consent is given to all at once).
    static WIDGETS: RefCell<Vec<Weak<Runtime>>> = const { RefCell::new(Vec::new()) };
}

/// Under this width (CSS px) the widget is narrow: its CSS container query folds the filters and
/// shows the list or the map (`www/src/widget.css`, `@container (max-width: 599.98px)`).
const NARROW_PX: i32 = 600;

/// The widgets of this page that are not destroyed.
pub fn live_widgets() -> Vec<Rc<Runtime>> {
    WIDGETS.with(|w| {
        let mut w = w.borrow_mut();
        w.retain(|x| x.upgrade().is_some_and(|r| !r.torn_down.get()));
        w.iter().filter_map(Weak::upgrade).collect()
    })
}

/// The map's resize observer and its callback.
pub type ResizeWatch = (web_sys::ResizeObserver, Closure<dyn FnMut(JsValue)>);

/// What the widget holds of the browser: released by `Effect::Teardown`.
#[derive(Default)]
pub struct Resources {
    pub listeners: Vec<EventListener>,
    pub blur_timer: Option<Timeout>,
    pub prefetch_timer: Option<Timeout>,
    pub index_timer: Option<Timeout>,
    pub resize: Option<ResizeWatch>,
}

pub struct Runtime {
    pub host: HtmlElement,
    pub shadow: ShadowRoot,
    /// The venues in scope: read by the model and by the getters, never changed.
    pub finder: CoreFinder,
    pub opts: Options,
    pub assets: Assets,
    pub ui: Ui,
    model: RefCell<Model>,
    queue: RefCell<VecDeque<Msg>>,
    busy: Cell<bool>,
    pub torn_down: Cell<bool>,
    pub map: RefCell<Option<MapView>>,
    pub res: RefCell<Resources>,
    /// What had the focus when venue details were opened.
    opener: RefCell<Option<HtmlElement>>,
    /// The host's width (CSS px) as the resize observer last read it; None before its first call.
    pub host_width: Cell<Option<i32>>,
    /// The cards the list shows: their details and popups are built from them when first opened.
    shown_cards: RefCell<Rc<[VenueCard]>>,
}

/// An effect with the view data it needs, built while the state was borrowed.
enum Work {
    Input(String),
    Suggestions(SuggestionsView, bool),
    Active(Option<usize>, bool),
    Results(ResultsView),
    Selection(Option<String>, bool),
    Filters(FiltersView),
    Status(String),
    Alert(String),
    Notices(Vec<NoticeView>),
    Consent(bool),
    Layout(LayoutView),
    SearchArea(bool),
    Overview(OverviewView),
    Other(Effect),
}

impl Runtime {
    pub fn new(host: HtmlElement, shadow: ShadowRoot, finder: CoreFinder, opts: Options, assets: Assets, ui: Ui, model: Model) -> Rc<Runtime> {
        let rt = Rc::new(Runtime {
            host,
            shadow,
            finder,
            opts,
            assets,
            ui,
            model: RefCell::new(model),
            queue: RefCell::default(),
            // Busy until `begin`: messages sent while mounting wait for it.
            busy: Cell::new(true),
            torn_down: Cell::new(false),
            map: RefCell::new(None),
            res: RefCell::default(),
            opener: RefCell::new(None),
            host_width: Cell::new(None),
            shown_cards: RefCell::new(Rc::from(Vec::new())),
        });
        WIDGETS.with(|w| w.borrow_mut().push(Rc::downgrade(&rt)));
        rt
    }

    /// Mounting is over: the messages sent meanwhile are handled.
    pub fn begin(self: &Rc<Self>) {
        self.busy.set(false);
        self.drain();
    }

    /// Reads the state (no JS runs meanwhile). None while an update holds it.
    pub fn peek<T>(&self, f: impl FnOnce(&Model) -> T) -> Option<T> {
        self.model.try_borrow().ok().map(|m| f(&m))
    }

    /// Handles `msg` now, or after the message being handled (re-entrant calls).
    pub fn send(self: &Rc<Self>, msg: Msg) {
        self.queue.borrow_mut().push_back(msg);
        self.drain();
    }

    /// Handles the queued messages in order, unless that is already under way further up.
    fn drain(self: &Rc<Self>) {
        if self.busy.replace(true) {
            return;
        }
        loop {
            let next = self.queue.borrow_mut().pop_front();
            let Some(msg) = next else { break };
            let work = self.step(msg);
            for w in work {
                self.run(w);
            }
        }
        self.busy.set(false);
    }

    /// Borrows the state, updates it and builds the effects' view data; the borrow ends here.
    fn step(&self, msg: Msg) -> Vec<Work> {
        let places = data::places_now(&self.assets.communes);
        // The page's URL is only written into "report an error" links: read it only then (a JS
        // call, before the state is borrowed), not on every keystroke.
        let page_url = match self.opts.report_url {
            Some(_) => web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default(),
            None => String::new(),
        };
        let mut m = self.model.borrow_mut();
        let env = Env { finder: &self.finder, places: &places, page_url: &page_url };
        let effects = update(&mut m, msg, &env);
        let mut seen: Vec<Part> = Vec::new();
        let mut work = Vec::with_capacity(effects.len());
        for e in effects {
            if let Effect::Render(p) = e {
                // Each part is drawn once, from the final state, where it is first asked for.
                if seen.contains(&p) {
                    continue;
                }
                seen.push(p);
            }
            work.push(match e {
                Effect::Render(Part::Input) => Work::Input(m.combo.text.clone()),
                Effect::Render(Part::Suggestions { announce }) => Work::Suggestions(crate::model::view::suggestions(&m), announce),
                Effect::Render(Part::ActiveOption) => Work::Active(m.combo.active, m.combo.open),
                Effect::Render(Part::Results) => Work::Results(crate::model::view::results(&m, &env)),
                Effect::Render(Part::Selection) => {
                    Work::Selection(m.selected.as_ref().map(|s| s.id.clone()), m.selected.as_ref().is_some_and(|s| s.details_open))
                }
                Effect::Render(Part::Filters) => Work::Filters(crate::model::view::filters(&m, &env)),
                Effect::Render(Part::Status) => Work::Status(crate::model::view::status(&m)),
                Effect::Render(Part::Alert) => Work::Alert(m.alert.clone()),
                Effect::Render(Part::Notices) => Work::Notices(crate::model::view::notices(&m)),
                Effect::Render(Part::Consent) => Work::Consent(m.config.tiles_need_consent && !m.tiles_allowed),
                Effect::Render(Part::Layout) => Work::Layout(crate::model::view::layout(&m)),
                Effect::Render(Part::SearchArea) => Work::SearchArea(m.area.is_some()),
                Effect::Map(MapEffect::Overview { fit }) => Work::Overview(crate::model::view::overview(&m, &env, fit)),
                other => Work::Other(other),
            });
        }
        work
    }

    /// Does one effect. No borrow of the state is held here.
    fn run(self: &Rc<Self>, w: Work) {
        if self.torn_down.get() {
            return;
        }
        let ui = &self.ui;
        match w {
            Work::Input(text) => ui.input.set_value(&text),
            Work::Suggestions(v, announce) => view::render_suggestions(&self.host, ui, &v, announce),
            Work::Active(active, open) => view::render_active(ui, active, open),
            Work::Results(mut v) => {
                if let Some(map) = self.map.borrow_mut().as_mut() {
                    map.frame_results(v.origin.as_ref().map(|o| o.0), &v.markers);
                }
                view::render_results(ui, &v);
                let cards: Rc<[VenueCard]> = std::mem::take(&mut v.cards).into();
                self.shown_cards.replace(cards.clone());
                let ids = cards.iter().map(|c| c.id.clone()).collect();
                let weak = Rc::downgrade(self);
                if let Some(map) = self.map.borrow_mut().as_mut() {
                    let for_popups = cards.clone();
                    map.show_results(
                        v.origin,
                        v.radius_km,
                        ids,
                        &v.markers,
                        move |i| view::popup(&for_popups[i]),
                        |g| view::group_popup(g, &cards),
                        move |id| {
                            if let Some(rt) = weak.upgrade() {
                                rt.send(Msg::Select { id, scroll: true, focus: true });
                            }
                        },
                    );
                }
            }
            Work::Selection(selected, open) => {
                let cards = self.shown_cards.borrow().clone();
                view::render_selection(ui, selected.as_deref(), open, &cards);
            }
            Work::Filters(v) => view::render_filters(ui, &v),
            Work::Status(text) => ui.status.set_text_content(Some(&text)),
            Work::Alert(text) => ui.alert.set_text_content(Some(&text)),
            Work::Notices(v) => view::render_notices(ui, &v, self.opts.lang),
            Work::Consent(visible) => ui.consent_box.set_hidden(!visible),
            Work::Layout(v) => view::render_layout(ui, &v),
            Work::SearchArea(visible) => ui.search_area.set_hidden(!visible),
            Work::Overview(v) => super::map::show_overview(self, v),
            Work::Other(e) => self.run_effect(e),
        }
    }

    fn run_effect(self: &Rc<Self>, e: Effect) {
        match e {
            Effect::RememberOpener => {
                let active = js_sys::Reflect::get(&self.shadow, &"activeElement".into()).ok().and_then(|e| e.dyn_into::<HtmlElement>().ok());
                *self.opener.borrow_mut() = active;
            }
            Effect::Focus(target) => self.focus(target),
            Effect::ScrollTo(id) => {
                if let Some(item) = view::find_item(&self.ui, &id) {
                    let o = web_sys::ScrollIntoViewOptions::new();
                    o.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    item.scroll_into_view_with_scroll_into_view_options(&o);
                }
            }
            Effect::Reveal(what) => self.reveal(what),
            Effect::LoadGazetteer(part) => {
                let (weak, url) = (Rc::downgrade(self), self.assets.communes.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let early = weak.upgrade().and_then(|rt| rt.assets.communes_early.clone());
                    let loaded = data::load_gazetteer(&url, &part, early.as_ref()).await;
                    if let Some(rt) = weak.upgrade() {
                        rt.send(match (loaded, part) {
                            (Ok(_), _) => Msg::GazetteerReady,
                            (Err(_), GazetteerPart::Ahead(files)) => Msg::GazetteerAheadFailed(files),
                            (Err(e), _) => Msg::GazetteerFailed(e),
                        });
                    }
                });
            }
            Effect::LoadVenueDetails => {
                let (weak, url) = (Rc::downgrade(self), self.assets.details.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let loaded = data::load_venue_details(&url).await;
                    let Some(rt) = weak.upgrade() else { return };
                    let attached = loaded.and_then(|bytes| data::attach_venue_details(&url, rt.finder.table(), bytes));
                    rt.send(match attached {
                        Ok(()) => Msg::VenueDetailsReady,
                        Err(e) => Msg::VenueDetailsFailed(e),
                    });
                });
            }
            Effect::Locate => platform::locate(self),
            Effect::Share { title } => platform::share(self, &title),
            Effect::RecordView { view, user, replace } => platform::record_view(&view, user.as_ref(), replace),
            Effect::RestoreFromLocation => {
                if let Some((view, user)) = platform::view_in_location() {
                    self.send(Msg::ApplyView { view, user });
                }
            }
            Effect::Emit(event) => emit::event(self, event),
            Effect::Warn(text) => super::warn(&text),
            Effect::Map(MapEffect::Select(id)) => {
                if let Some(m) = self.map.borrow().as_ref() {
                    m.select(&id);
                }
            }
            Effect::Map(MapEffect::EnableTiles) => {
                if let Some(m) = self.map.borrow_mut().as_mut() {
                    m.enable_tiles(&self.opts.tiles);
                }
            }
            Effect::Map(MapEffect::DisableTiles) => {
                if let Some(m) = self.map.borrow_mut().as_mut() {
                    m.disable_tiles();
                }
            }
            Effect::Map(MapEffect::Refit) => {
                if let Some(m) = self.map.borrow().as_ref() {
                    m.refit();
                }
            }
            Effect::LoadOutlines => super::map::load_outlines(self),
            Effect::Teardown => self.teardown(),
            // Drawn by `run` from their view data.
            Effect::Render(_) | Effect::Map(MapEffect::Overview { .. }) => {}
        }
    }

    /// The widget is narrow (its layout folds the filters and shows the list or the map).
    fn is_narrow(&self) -> bool {
        self.host_width.get().unwrap_or_else(|| self.host.client_width()) < NARROW_PX
    }

    /// On a narrow widget, brings the first result (or the map) into view, scrolling no more
    /// than needed, smoothly unless the person prefers reduced motion.
    fn reveal(&self, what: Reveal) {
        if !self.is_narrow() {
            return;
        }
        let target = match what {
            Reveal::Results => self.ui.list.first_element_child().or_else(|| Some(self.ui.hint.clone().into())),
            Reveal::Map => Some(self.ui.map_el.clone().into()),
        };
        if let Some(t) = target {
            let o = web_sys::ScrollIntoViewOptions::new();
            o.set_block(web_sys::ScrollLogicalPosition::Nearest);
            o.set_behavior(if platform::prefers_reduced_motion() { web_sys::ScrollBehavior::Instant } else { web_sys::ScrollBehavior::Smooth });
            t.scroll_into_view_with_scroll_into_view_options(&o);
        }
    }

    fn focus(&self, target: FocusTarget) {
        let el: Option<HtmlElement> = match target {
            FocusTarget::Input => Some(self.ui.input.clone().unchecked_into()),
            FocusTarget::Map => Some(view::map_focus_target(&self.ui)),
            FocusTarget::Details(id) => {
                view::find_item(&self.ui, &id).and_then(|i| i.query_selector(".tl-details").ok().flatten()).map(JsCast::unchecked_into)
            }
            FocusTarget::Opener { fallback } => {
                let opener = self.opener.borrow_mut().take().filter(|o| o.is_connected());
                opener.or_else(|| {
                    view::find_item(&self.ui, &fallback).and_then(|i| i.query_selector(".tl-name").ok().flatten()).map(JsCast::unchecked_into)
                })
            }
        };
        if let Some(el) = el {
            let _ = el.focus();
        }
    }

    /// Releases every listener, timer, observer and the map, and empties the shadow root.
    fn teardown(&self) {
        self.torn_down.set(true);
        let res = std::mem::take(&mut *self.res.borrow_mut());
        if let Some((ro, _)) = &res.resize {
            ro.disconnect();
        }
        drop(res);
        let map = self.map.borrow_mut().take();
        if let Some(m) = map {
            m.destroy();
        }
        self.opener.borrow_mut().take();
        clear_keeping_styles(&self.shadow);
    }
}

/// Empties the shadow root but for a `<style>` the JS entry put there (browsers without
/// constructable stylesheets).
pub fn clear_keeping_styles(shadow: &ShadowRoot) {
    let nodes = shadow.child_nodes();
    let keep: Vec<web_sys::Node> = (0..nodes.length()).filter_map(|i| nodes.item(i)).filter(|n| n.node_name() == "STYLE").collect();
    super::dom::clear(shadow.unchecked_ref());
    for n in keep {
        let _ = shadow.append_child(&n);
    }
}
