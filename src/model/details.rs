//! The national venues' details (addresses, links, label names) arrive after ready, in their own
//! file. Until then, whatever would show a venue's details (the result list, the open details,
//! the popup, `tierslieux:results` and `tierslieux:select`) waits, in order, and the status says
//! « Chargement… »; the search, the map's overview and the filters never wait. When the file
//! cannot be loaded, the venues show without their details, the person is told once, and the next
//! results ask for the file again.

use super::contract::ErrorCode;
use super::{i18n, Effect, Env, Event, MapEffect, Model, Part};

/// Whether `e` shows a venue's details, or hands them to the host page.
fn needs_details(e: &Effect) -> bool {
    matches!(
        e,
        Effect::Render(Part::Results | Part::Selection)
            | Effect::Emit(Event::Results { .. } | Event::Select { .. })
            | Effect::Map(MapEffect::Select(_))
    )
}

/// Asks for the details file unless it is on its way.
fn ask(m: &mut Model, fx: &mut Vec<Effect>) {
    if !m.details.asked {
        m.details.asked = true;
        fx.push(Effect::LoadVenueDetails);
    }
}

/// At ready: the details are fetched now, so that the first results rarely wait for them.
pub(super) fn at_ready(m: &mut Model, env: &Env, fx: &mut Vec<Effect>) {
    if !env.finder.table().has_details() {
        ask(m, fx);
    }
}

/// After an update: while the details are missing, everything from the first effect that needs
/// them on waits (in order). After a failure nothing waits: the venues show without details,
/// and the file is asked for again.
pub(super) fn hold(m: &mut Model, env: &Env, fx: &mut Vec<Effect>) {
    if env.finder.table().has_details() || m.destroyed {
        return;
    }
    let Some(first) = fx.iter().position(needs_details) else { return };
    if m.details.failed {
        ask(m, fx);
        return;
    }
    let waiting: Vec<Effect> = fx.drain(first..).collect();
    m.details.held.extend(waiting);
    if !m.details.waiting() {
        return;
    }
    ask(m, fx);
    fx.push(Effect::Render(Part::Status));
}

/// The details arrived: what waited happens now; venues shown without them are drawn again.
pub(super) fn ready(m: &mut Model, fx: &mut Vec<Effect>) {
    m.details.asked = false;
    let failed = std::mem::take(&mut m.details.failed);
    fx.append(&mut m.details.held);
    if failed {
        fx.extend([Effect::Render(Part::Results), Effect::Render(Part::Selection)]);
    }
    if !fx.contains(&Effect::Render(Part::Status)) {
        fx.push(Effect::Render(Part::Status));
    }
}

/// The details could not be loaded: what waited shows without them, and the person is told
/// (`tierslieux:error` `details-load`, once per page view of this widget).
pub(super) fn failed(m: &mut Model, why: String, fx: &mut Vec<Effect>) {
    m.details.asked = false;
    let first = !m.details.failed && !m.details.told;
    m.details.failed = true;
    m.details.told = true;
    fx.append(&mut m.details.held);
    if !fx.contains(&Effect::Render(Part::Status)) {
        fx.push(Effect::Render(Part::Status));
    }
    if first {
        m.error(ErrorCode::DetailsLoad, i18n::strings(m.lang()).details_failed, &why, fx);
    } else {
        fx.push(Effect::Warn(format!("{}: {why}", ErrorCode::DetailsLoad.as_str())));
    }
}

/// Where the details stand for this widget.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DetailsState {
    /// The file was asked for and has not arrived or failed yet.
    pub asked: bool,
    /// The last attempt failed (venues show without details; the next results ask again).
    pub failed: bool,
    /// The person was told of a failure (once).
    told: bool,
    /// What waits for the details, in order.
    pub held: Vec<Effect>,
}

impl DetailsState {
    /// Results or a venue wait for the details (the status says « Chargement… »).
    pub fn waiting(&self) -> bool {
        !self.held.is_empty()
    }
}
