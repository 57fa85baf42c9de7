//! The map of a mounted widget: started with the widget (base map, tile check, outlines,
//! resize observer, `center`/`zoom`), and the effects of the runtime that reach it (the overview
//! drawn, the outlines fetched). Page-wide tile consent lives here too.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::MapView;
use crate::model::i18n;
use crate::model::view::OverviewView;
use crate::model::Msg;
use crate::options::Tiles;
use crate::web::runtime::Runtime;

thread_local! {
    /// The person asked for the map background (or the page's consent manager allowed it): for
    /// this page's lifetime only, shared by every widget of the page.
    pub static PAGE_TILE_CONSENT: Cell<bool> = const { Cell::new(false) };
}

/// Whether this widget may request tiles now: always without `consent="click"`; with it, once
/// the person (or the page's consent manager) said yes on this page.
pub fn tiles_allowed_now() -> bool {
    PAGE_TILE_CONSENT.with(Cell::get)
}

/// Starts the map of a mounted widget: base map, the tile failure check, the offline outlines
/// when no tiles show, the overview framed, the `center`/`zoom` options, and a resize observer.
pub fn init(rt: &Rc<Runtime>, tiles_allowed: bool) {
    let lang = rt.opts.lang;
    let view = match MapView::new(&rt.ui.map_el, &rt.opts.tiles, i18n::strings(lang), crate::web::platform::prefers_reduced_motion(), tiles_allowed) {
        Ok(v) => v,
        Err(e) => {
            crate::web::warn(&format!("the map could not start: {}", crate::web::data::js_message(&e)));
            return;
        }
    };
    *rt.map.borrow_mut() = Some(view);
    let weak = Rc::downgrade(rt);
    if let Some(m) = rt.map.borrow_mut().as_mut() {
        m.watch_tiles(move |url| {
            if let Some(rt) = weak.upgrade() {
                rt.send(Msg::TilesFailed(url));
            }
        });
    }
    let weak = Rc::downgrade(rt);
    if let Some(m) = rt.map.borrow_mut().as_mut() {
        m.watch_person_moves(move |centre| {
            if let Some(rt) = weak.upgrade() {
                rt.send(Msg::MapMoved(centre));
            }
        });
    }
    // The offline base map: for tiles="none", and under the tiles until consent is given.
    if rt.opts.tiles == Tiles::None || !tiles_allowed {
        load_outlines(rt);
    }
    // Follow container resizes (the window's are not enough inside a partner's layout), and the
    // host's width, read here where the layout is fresh rather than in the middle of an update
    // (where reading it would lay the page out once more: `Runtime::is_narrow`).
    let weak = Rc::downgrade(rt);
    let cb = Closure::<dyn FnMut(JsValue)>::new(move |entries: JsValue| {
        let Some(rt) = weak.upgrade() else { return };
        let host_resized = js_sys::Array::from(&entries)
            .iter()
            .any(|e| e.unchecked_into::<web_sys::ResizeObserverEntry>().target() == *rt.host.unchecked_ref::<web_sys::Element>());
        if host_resized {
            rt.host_width.set(Some(rt.host.client_width()));
        }
        if let Ok(Some(m)) = rt.map.try_borrow().as_deref().map(Option::as_ref) {
            m.invalidate_size();
        };
    });
    if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        ro.observe(&rt.ui.map_el);
        ro.observe(&rt.host);
        rt.res.borrow_mut().resize = Some((ro, cb));
    }
}

/// The `center` and `zoom` options, once the overview has framed the venues.
pub fn apply_view_options(rt: &Runtime) {
    if let Some(m) = rt.map.borrow().as_ref() {
        match (rt.opts.center, rt.opts.zoom) {
            (Some(c), z) => m.set_view(c, z.unwrap_or(11.0)),
            // A zoom alone applies around the centre of the framed venues.
            (None, Some(z)) => m.set_zoom(z),
            (None, None) => {}
        }
    }
}

/// Fetches the offline base map (département outlines) unless the map has it.
pub fn load_outlines(rt: &Rc<Runtime>) {
    if rt.map.borrow().as_ref().is_none_or(MapView::has_outlines) {
        return;
    }
    let (weak, url) = (Rc::downgrade(rt), rt.assets.outlines.clone());
    wasm_bindgen_futures::spawn_local(async move {
        match crate::web::data::fetch_text(&url).await {
            Ok(text) => {
                if let Some(m) = weak.upgrade().as_ref().and_then(|rt| rt.map.try_borrow_mut().ok()).as_mut().and_then(|m| m.as_mut()) {
                    m.add_outlines(&text);
                }
            }
            Err(e) => crate::web::warn(&format!("offline base map unavailable: {e}")),
        }
    });
}

/// Draws the overview `v`: a dot chosen selects its venue, a cluster opened says how many.
pub fn show_overview(rt: &Rc<Runtime>, v: OverviewView) {
    // How many venues the overview holds, alone or in clusters (for the page's own checks).
    let _ = rt.ui.map_el.set_attribute("data-venues-shown", &v.indices.len().to_string());
    let (weak_name, weak_select, weak_told) = (Rc::downgrade(rt), Rc::downgrade(rt), Rc::downgrade(rt));
    let mut map = rt.map.borrow_mut();
    let Some(m) = map.as_mut() else { return };
    m.show_overview(
        v.points,
        v.indices,
        v.bounds,
        move |i| weak_name.upgrade().map(|rt| rt.finder.table().name(i as usize).to_owned()).unwrap_or_default(),
        move |i| {
            if let Some(rt) = weak_select.upgrade() {
                let id = rt.finder.table().id(i as usize).to_owned();
                rt.send(Msg::Select { id, scroll: true, focus: true });
            }
        },
        move |count| {
            if let Some(rt) = weak_told.upgrade() {
                rt.send(Msg::ClusterOpened(count));
            }
        },
    );
}
