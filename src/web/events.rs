//! DOM events → messages, nothing else: each listener reads what its event says (the box's
//! text, the key, which button) and sends a message. The list, the chips and the notices each
//! have one delegated listener, so no listener comes and goes with their content. Every
//! listener and timer is kept in the runtime's resources and released with it.

use std::rc::{Rc, Weak};

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, KeyboardEvent};

use super::runtime::{live_widgets, Runtime};
use crate::model::{Key, Msg};

/// A listener on `target` that sends what `to_msg` makes of the event, if anything.
fn on(rt: &Rc<Runtime>, target: &web_sys::EventTarget, name: &'static str, to_msg: impl Fn(&Event) -> Option<Msg> + 'static) -> EventListener {
    let weak = Rc::downgrade(rt);
    EventListener::new(target, name, move |e| {
        if let (Some(rt), Some(msg)) = (weak.upgrade(), to_msg(e)) {
            rt.send(msg);
        }
    })
}

/// The closest element of the event's target matching `selector`.
fn closest(e: &Event, selector: &str) -> Option<Element> {
    e.target()?.dyn_into::<Element>().ok()?.closest(selector).ok().flatten()
}

fn key_of(e: &Event) -> Option<Key> {
    match e.dyn_ref::<KeyboardEvent>()?.key().as_str() {
        "ArrowDown" => Some(Key::Down),
        "ArrowUp" => Some(Key::Up),
        "Enter" => Some(Key::Enter),
        "Escape" => Some(Key::Escape),
        _ => None,
    }
}

pub fn wire(rt: &Rc<Runtime>) {
    let ui = &rt.ui;
    let mut l = Vec::new();
    let input = ui.input.clone();
    l.push(on(rt, &ui.input, "input", move |_| Some(Msg::Input(input.value()))));
    l.push(on(rt, &ui.input, "focus", |_| Some(Msg::Focus)));
    let weak = Rc::downgrade(rt);
    l.push(EventListener::new_with_options(&ui.input, "keydown", EventListenerOptions::enable_prevent_default(), move |e| {
        let (Some(rt), Some(key)) = (weak.upgrade(), key_of(e)) else { return };
        // The keys the combobox uses are kept from the browser (Escape on a closed list clears
        // the box, as the browser would).
        let (open, n) = rt.peek(|m| (m.combo.open, m.combo.suggestions.len())).unwrap_or((false, 0));
        let used = match key {
            Key::Down => n > 0,
            Key::Up => n > 0 && open,
            Key::Enter => true,
            Key::Escape => open,
        };
        if used {
            e.prevent_default();
        }
        rt.send(Msg::Key(key));
    }));
    let weak = Rc::downgrade(rt);
    l.push(EventListener::new(&ui.input, "blur", move |_| {
        // Let a click on a suggestion land first.
        let Some(rt) = weak.upgrade() else { return };
        let later: Weak<Runtime> = Rc::downgrade(&rt);
        let timer = Timeout::new(150, move || {
            if let Some(rt) = later.upgrade() {
                rt.send(Msg::CloseSuggestions);
            }
        });
        rt.res.borrow_mut().blur_timer = Some(timer);
    }));
    // Suggestions: mousedown keeps the focus in the box; click chooses.
    l.push(EventListener::new_with_options(&ui.listbox, "mousedown", EventListenerOptions::enable_prevent_default(), |e| e.prevent_default()));
    l.push(on(rt, &ui.listbox, "click", |e| {
        let i = closest(e, "[role=option]")?.get_attribute("data-index")?.parse().ok()?;
        Some(Msg::ChooseSuggestion(i))
    }));
    // Inside a shadow root a fragment link cannot reach its target: the focus is moved.
    let after = ui.after_map.clone();
    l.push(EventListener::new_with_options(&ui.skip, "click", EventListenerOptions::enable_prevent_default(), move |e| {
        e.prevent_default();
        let _ = after.focus();
    }));
    l.push(on(rt, &ui.list, "click", |e| {
        if let Some(b) = closest(e, ".tl-name") {
            return Some(Msg::ToggleDetails(b.get_attribute("data-id")?));
        }
        if closest(e, ".tl-close").is_some() {
            return Some(Msg::CloseDetails);
        }
        Some(Msg::ShareVenue(closest(e, ".tl-share-venue")?.get_attribute("data-id")?))
    }));
    // Escape inside open venue details closes them (the focus goes back to the opener).
    l.push(on(rt, &ui.list, "keydown", |e| (key_of(e) == Some(Key::Escape) && closest(e, ".tl-details").is_some()).then_some(Msg::CloseDetails)));
    l.push(on(rt, &ui.locate, "click", |_| Some(Msg::Locate)));
    if let Some(chips) = &ui.chips_box {
        l.push(on(rt, chips, "click", |e| Some(Msg::ToggleChip(closest(e, ".tl-chip")?.get_attribute("data-key")?))));
    }
    let radius = ui.radius.clone();
    l.push(on(rt, &ui.radius, "change", move |_| Some(Msg::Radius(radius.value()))));
    l.push(on(rt, &ui.notices, "click", |e| Some(Msg::DismissNotice(closest(e, ".tl-notice-close")?.get_attribute("data-notice")?.parse().ok()?))));
    l.push(on(rt, &ui.share_results, "click", |_| Some(Msg::ShareResults)));
    l.push(on(rt, &ui.filters_toggle, "click", |_| Some(Msg::ToggleFilters)));
    l.push(on(rt, &ui.search_area, "click", |_| Some(Msg::SearchArea)));
    l.push(on(rt, &ui.show_list, "click", |_| Some(Msg::ShowMap(false))));
    l.push(on(rt, &ui.show_map, "click", |_| Some(Msg::ShowMap(true))));
    if let Ok(Some(button)) = ui.consent_box.query_selector("button") {
        let me = Rc::downgrade(rt);
        l.push(EventListener::new(&button, "click", move |_| {
            let Some(me) = me.upgrade() else { return };
            grant_consent(Some(&me));
        }));
    }
    rt.res.borrow_mut().listeners.extend(l);
}

/// Tiles allowed on this page: by the person (`here`: the widget whose button was clicked) or
/// by the page's consent manager. The choice holds for every widget of the page, not beyond.
pub fn grant_consent(here: Option<&Rc<Runtime>>) {
    super::map::PAGE_TILE_CONSENT.with(|c| c.set(true));
    for w in live_widgets() {
        let here = here.is_some_and(|h| Rc::ptr_eq(h, &w));
        w.send(Msg::ConsentGranted { here });
    }
}

/// Back/Forward (and a hash typed or followed): the widget shows the view the URL holds.
pub fn wire_history(rt: &Rc<Runtime>) {
    let Some(window) = web_sys::window() else { return };
    let listener = on(rt, &window, "popstate", |e| {
        let (view, user) = super::platform::view_of_popstate(e);
        Some(Msg::ApplyView { view, user })
    });
    rt.res.borrow_mut().listeners.push(listener);
}
