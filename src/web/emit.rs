//! The contract's events, turned into JS values once and dispatched on the host element
//! (`bubbles`, `composed`). Called with no borrow of the state held: a listener may call the
//! finder back.

use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use super::runtime::Runtime;
use crate::model::contract::{js_venue, ErrorDetail, EventName, JsOrigin, ReadyDetail, ResultsDetail, SelectDetail};
use crate::model::Event;

/// A plain value as JS (objects, arrays, numbers, strings; `null` for what cannot be one).
pub fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// Dispatches `name` on `host` with `detail`.
pub fn dispatch(host: &HtmlElement, name: EventName, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(e) = CustomEvent::new_with_event_init_dict(name.as_str(), &init) {
        let _ = host.dispatch_event(&e);
    }
}

pub fn event(rt: &Runtime, event: Event) {
    let t = rt.finder.table();
    let (name, detail) = match event {
        Event::Ready { venues } => (EventName::Ready, to_js(&ReadyDetail { venues })),
        Event::Results { origin, label, results } => {
            let results = results.iter().map(|n| js_venue(&t.get(n.id as usize), Some(n.distance_km))).collect();
            (EventName::Results, to_js(&ResultsDetail { origin: JsOrigin::new(origin, &label), results }))
        }
        Event::Select { index, distance_km } => (EventName::Select, to_js(&SelectDetail { venue: js_venue(&t.get(index), distance_km) })),
        Event::Error { code, message, rows } => (EventName::Error, to_js(&ErrorDetail { code: code.as_str(), message: &message, rows: &rows })),
    };
    dispatch(&rt.host, name, &detail);
}
