//! What the widget asks of the browser beyond its own DOM: the page's URL and history
//! (`history="hash"`), sharing a link, the person's position, and a few media queries. Answers
//! come back to the model as messages.

use std::rc::Rc;

use tiers_lieux_core::view::View;
use tiers_lieux_core::LatLon;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::runtime::Runtime;
use crate::model::outcome::{GeoFailure, Shared};
use crate::model::Msg;

fn matches_media(query: &str) -> bool {
    web_sys::window().and_then(|w| w.match_media(query).ok().flatten()).is_some_and(|m| m.matches())
}

pub fn prefers_reduced_motion() -> bool {
    matches_media("(prefers-reduced-motion: reduce)")
}

/// True on touch-first devices (phones, tablets).
pub fn coarse_pointer() -> bool {
    matches_media("(pointer: coarse)")
}

/// Whether "share" opens the phone's share sheet (Web Share API on a touch-first device) rather
/// than copying the link.
pub fn share_sheet_available() -> bool {
    let Some(w) = web_sys::window() else { return false };
    js_sys::Reflect::has(&w.navigator(), &"share".into()).unwrap_or(false) && coarse_pointer()
}

/// Whether the page lets this document use geolocation: false in an `<iframe>` of another
/// origin without `allow="geolocation"`. None when the browser cannot tell.
/// Whether the widget runs inside a frame (its window is not the top one).
fn in_frame() -> bool {
    web_sys::window().is_some_and(|w| js_sys::Reflect::get(&w, &"top".into()).is_ok_and(|top| top != JsValue::from(w)))
}

pub fn geolocation_allowed_by_frame() -> Option<bool> {
    let doc = super::dom::document();
    let policy =
        ["permissionsPolicy", "featurePolicy"].iter().find_map(|k| js_sys::Reflect::get(&doc, &(*k).into()).ok().filter(|p| p.is_object()))?;
    let allows: js_sys::Function = js_sys::Reflect::get(&policy, &"allowsFeature".into()).ok()?.dyn_into().ok()?;
    allows.call1(&policy, &"geolocation".into()).ok()?.as_bool()
}

/// Writes `view` into the page's URL hash: a new history entry (Back returns to the previous
/// view), or, with `replace`, in place. The person's position is kept only in the entry's
/// state object, which never leaves the browser.
pub fn record_view(view: &View, user: Option<&(LatLon, String)>, replace: bool) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let current = location.hash().unwrap_or_default();
    let fragment = view.to_fragment(&current);
    let entry = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&entry, &k.into(), &v);
    };
    set("tiersLieux", JsValue::TRUE);
    if let Some((p, label)) = user {
        set("userLat", p.lat.into());
        set("userLon", p.lon.into());
        set("userLabel", JsValue::from_str(label));
    }
    let same_url = current.trim_start_matches('#') == fragment;
    let Ok(history) = window.history() else { return };
    let url = if fragment.is_empty() {
        format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default())
    } else {
        format!("#{fragment}")
    };
    let _ = if replace || (same_url && user.is_none()) {
        history.replace_state_with_url(&entry, "", Some(&url))
    } else {
        history.push_state_with_url(&entry, "", Some(&url))
    };
}

/// The view the page's URL holds now (a shared link, a reload, Back), if any.
pub fn view_in_location() -> Option<(View, Option<(LatLon, String)>)> {
    let window = web_sys::window()?;
    let fragment = window.location().hash().unwrap_or_default();
    let entry = window.history().and_then(|h| h.state()).unwrap_or(JsValue::NULL);
    let view = View::from_fragment(&fragment);
    let user = user_origin_of(&entry);
    (!view.is_empty() || user.is_some()).then_some((view, user))
}

/// The view of a `popstate` event (the URL it leads to, and its entry's state).
pub fn view_of_popstate(e: &web_sys::Event) -> (View, Option<(LatLon, String)>) {
    let entry = js_sys::Reflect::get(e, &"state".into()).unwrap_or(JsValue::NULL);
    let fragment = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    (View::from_fragment(&fragment), user_origin_of(&entry))
}

/// The person's position kept in a history entry's state ("around me"), if any.
fn user_origin_of(entry: &JsValue) -> Option<(LatLon, String)> {
    if !entry.is_object() || !js_sys::Reflect::get(entry, &"tiersLieux".into()).ok()?.is_truthy() {
        return None;
    }
    let get = |k: &str| js_sys::Reflect::get(entry, &k.into()).ok().and_then(|v| v.as_f64());
    let p = LatLon::new(get("userLat")?, get("userLon")?);
    let label = js_sys::Reflect::get(entry, &"userLabel".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    p.is_valid().then_some((p, label))
}

/// Shares the page's current URL (which holds the view): the phone's share sheet, or the
/// clipboard; `Msg::Shared` says how it went.
pub fn share(rt: &Rc<Runtime>, title: &str) {
    let Some(window) = web_sys::window() else { return };
    let url = window.location().href().unwrap_or_default();
    let navigator = window.navigator();
    let weak = Rc::downgrade(rt);
    let done = move |outcome: Shared| {
        if let Some(rt) = weak.upgrade() {
            rt.send(Msg::Shared(outcome));
        }
    };
    let call = |target: &JsValue, method: &str, arg: &JsValue| -> Option<js_sys::Promise> {
        let f: js_sys::Function = js_sys::Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
        f.call1(target, arg).ok()?.dyn_into().ok()
    };
    if share_sheet_available() {
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"title".into(), &JsValue::from_str(title));
        let _ = js_sys::Reflect::set(&data, &"url".into(), &JsValue::from_str(&url));
        if let Some(p) = call(&navigator, "share", &data) {
            // A share sheet closed by the person is not an error: nothing to say then.
            wasm_bindgen_futures::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(p).await;
                done(Shared::Sheet);
            });
            return;
        }
    }
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok().filter(|c| c.is_object());
    match clipboard.and_then(|c| call(&c, "writeText", &JsValue::from_str(&url))) {
        Some(p) => wasm_bindgen_futures::spawn_local(async move {
            let copied = wasm_bindgen_futures::JsFuture::from(p).await.is_ok();
            done(if copied { Shared::Copied } else { Shared::Failed { url } });
        }),
        None => done(Shared::Failed { url }),
    }
}

/// Asks for the person's position; `Msg::Located` or `Msg::LocateFailed` follows.
pub fn locate(rt: &Rc<Runtime>) {
    let fail = |why: GeoFailure, detail: &str| rt.send(Msg::LocateFailed(why, detail.to_owned()));
    let Some(window) = web_sys::window() else { return };
    if !window.is_secure_context() {
        return fail(GeoFailure::Insecure, "the page is not served over https");
    }
    if geolocation_allowed_by_frame() == Some(false) {
        return fail(GeoFailure::BlockedByPage, "geolocation is not allowed in this frame (Permissions-Policy)");
    }
    let Ok(geo) = window.navigator().geolocation() else {
        return fail(GeoFailure::Unsupported, "navigator.geolocation is missing");
    };
    let weak = Rc::downgrade(rt);
    let ok = Closure::once_into_js(move |pos: web_sys::Position| {
        if let Some(rt) = weak.upgrade() {
            let c = pos.coords();
            rt.send(Msg::Located(LatLon::new(c.latitude(), c.longitude())));
        }
    });
    let weak = Rc::downgrade(rt);
    let err = Closure::once_into_js(move |e: web_sys::PositionError| {
        if let Some(rt) = weak.upgrade() {
            let why = match e.code() {
                // In a frame, when the browser cannot say whether its policy allows geolocation,
                // the refusal may be the framing page's (no allow="geolocation"), not the person's.
                1 if in_frame() && geolocation_allowed_by_frame().is_none() => GeoFailure::DeniedInFrame,
                1 => GeoFailure::Denied,
                3 => GeoFailure::Timeout,
                _ => GeoFailure::Unavailable,
            };
            rt.send(Msg::LocateFailed(why, e.message()));
        }
    });
    let opts = web_sys::PositionOptions::new();
    opts.set_timeout(10_000);
    opts.set_maximum_age(60_000);
    opts.set_enable_high_accuracy(false);
    let _ = geo.get_current_position_with_error_callback_and_options(ok.unchecked_ref(), Some(err.unchecked_ref()), &opts);
}
