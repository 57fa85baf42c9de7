//! The combobox: the text typed, the suggestions for it, the active option, and the parts of the
//! gazetteer it waits for (its root, then the slices each text needs: `tiers_lieux_core::slices`).
//! A keystroke is answered at once when its parts are there. Otherwise the parts the page has
//! answer at once (*provisional* suggestions: the listbox is busy, no `tierslieux:search`), and
//! the whole answer comes when its slices arrive, for the text typed by then (an older keystroke
//! never answers late); an Enter pressed meanwhile chooses its first suggestion. At a word's
//! fourth letter the slices the fifth will need are fetched ahead (`Places::ahead`): they do not
//! depend on that letter. A part that fails to load is said once; the suggestions then show
//! what is known and say so, and the next keystroke asks again.

use tiers_lieux_core::slices::Parts;
use tiers_lieux_core::{Suggestion, SuggestionKind};

use super::contract::ErrorCode;
use super::results::{self, Origin};
use super::{i18n, Effect, Env, Model, Part};

/// Suggestions shown at most.
pub const SUGGESTION_LIMIT: usize = 8;

/// The keys the combobox answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Down,
    Up,
    Enter,
    Escape,
}

/// Which part of the gazetteer to fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GazetteerPart {
    /// `communes.bin`: the départements, the short queries' answers, the table of the slices.
    Root,
    /// Slice files, by their index in the root's table.
    Slices(Vec<usize>),
    /// Slices the next letter will need, fetched on a guess: a failure is not said (the
    /// keystroke that needs them asks again): `Msg::GazetteerAheadFailed`.
    Ahead(Vec<usize>),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Combobox {
    /// The box's text.
    pub text: String,
    /// The suggestions for `answered`.
    pub suggestions: Vec<Suggestion>,
    /// The text the suggestions answer.
    pub answered: String,
    pub active: Option<usize>,
    pub open: bool,
    /// Enter was pressed before the suggestions for the text arrived.
    pending_enter: bool,
    /// The root was asked for (on focus, when idle, or by a keystroke), and not failed since.
    root_asked: bool,
    /// Slices asked for and not failed since.
    slices_asked: Vec<usize>,
    /// A part failed to load since the last keystroke: the suggestions say so.
    load_failed: bool,
    /// The suggestions shown come from the parts the page has while others load (or failed).
    provisional: bool,
    /// The failure was said (`tierslieux:error`, once per widget).
    failure_said: bool,
}

impl Combobox {
    /// Whether suggestions for the current text are there.
    fn answers_text(&self) -> bool {
        self.answered == self.text
    }

    /// Whether the suggestions shown wait for more (their slices load).
    pub fn is_busy(&self) -> bool {
        !self.settled()
    }

    /// Whether the suggestions shown are all there will be for their text: the whole answer,
    /// or what is known after a failed load.
    fn settled(&self) -> bool {
        !self.provisional || self.load_failed
    }
}

pub(super) fn input(m: &mut Model, text: String, env: &Env, fx: &mut Vec<Effect>) {
    m.combo.text = text;
    m.combo.pending_enter = false;
    m.combo.load_failed = false;
    if m.combo.text.trim().is_empty() {
        close(m, fx);
        return;
    }
    try_answer(m, env, fx);
}

/// The box got the focus: the root comes while the person starts typing.
pub(super) fn focus(m: &mut Model, env: &Env, fx: &mut Vec<Effect>) {
    if env.places.root.is_none() && !m.combo.root_asked {
        m.combo.root_asked = true;
        fx.push(Effect::LoadGazetteer(GazetteerPart::Root));
    }
}

/// Answers the text if its parts are there, else asks for those not asked yet (again after a
/// failure); after a failure, what is known answers meanwhile.
fn try_answer(m: &mut Model, env: &Env, fx: &mut Vec<Effect>) {
    let c = &mut m.combo;
    let ask = match env.places.parts(&c.text, env.finder.scope(), SUGGESTION_LIMIT) {
        Parts::Ready(_) => return answer(m, env, fx),
        Parts::NoRoot => (!std::mem::replace(&mut c.root_asked, true)).then_some(GazetteerPart::Root),
        Parts::Missing(files) => {
            let new: Vec<usize> = files.into_iter().filter(|f| !c.slices_asked.contains(f)).collect();
            c.slices_asked.extend(&new);
            (!new.is_empty()).then_some(GazetteerPart::Slices(new))
        }
    };
    fx.extend(ask.map(Effect::LoadGazetteer));
    answer(m, env, fx);
}

/// A part of the gazetteer arrived: the text waiting for it is answered if it has all it needs,
/// else what it still needs is asked for (the root tells which slices).
pub(super) fn gazetteer_ready(m: &mut Model, env: &Env, fx: &mut Vec<Effect>) {
    let c = &m.combo;
    if !c.text.trim().is_empty() && (!c.answers_text() || c.provisional) && !c.load_failed {
        try_answer(m, env, fx);
    }
}

/// Slices fetched ahead could not be loaded: nothing is said; asked again when needed, at once
/// if the text typed since waits for them.
pub(super) fn gazetteer_ahead_failed(m: &mut Model, files: &[usize], env: &Env, fx: &mut Vec<Effect>) {
    m.combo.slices_asked.retain(|f| !files.contains(f));
    gazetteer_ready(m, env, fx);
}

pub(super) fn gazetteer_failed(m: &mut Model, why: String, env: &Env, fx: &mut Vec<Effect>) {
    m.combo.load_failed = true;
    // Asked again by the next keystroke that needs them.
    m.combo.root_asked = false;
    m.combo.slices_asked.clear();
    if !std::mem::replace(&mut m.combo.failure_said, true) {
        m.error(ErrorCode::GazetteerLoad, i18n::strings(m.lang()).gazetteer_failed, &why, fx);
    }
    if !m.combo.text.trim().is_empty() {
        answer(m, env, fx);
    }
}

/// The suggestions for the current text, shown. The whole answer is announced
/// (`tierslieux:search`), an Enter that waited for it chooses the first, and the slices the
/// next letter will need are fetched ahead. While slices load, the parts the page has answer
/// (provisional); after a failed load too, and then they are announced: nothing more is coming.
fn answer(m: &mut Model, env: &Env, fx: &mut Vec<Effect>) {
    let c = &mut m.combo;
    let scope = env.finder.scope();
    // The option the person moved to stays active when the whole answer still has it.
    let kept = c.active.filter(|_| c.answered == c.text && c.provisional).and_then(|a| c.suggestions.get(a).cloned());
    (c.suggestions, c.provisional) = match env.places.parts(&c.text, scope, SUGGESTION_LIMIT) {
        Parts::Ready(parts) => (env.finder.search_in(&parts, &c.text, SUGGESTION_LIMIT, m.config.lang), false),
        _ => (env.finder.search_in(&env.places.loaded(), &c.text, SUGGESTION_LIMIT, m.config.lang), true),
    };
    c.answered = c.text.clone();
    c.active = kept.and_then(|k| c.suggestions.iter().position(|s| s.kind == k.kind && s.code == k.code));
    c.open = !c.suggestions.is_empty();
    if !c.provisional {
        let ahead: Vec<usize> =
            env.places.ahead(&c.text, scope, SUGGESTION_LIMIT, &c.suggestions).into_iter().filter(|f| !c.slices_asked.contains(f)).collect();
        if !ahead.is_empty() {
            c.slices_asked.extend(&ahead);
            fx.push(Effect::LoadGazetteer(GazetteerPart::Ahead(ahead)));
        }
    }
    m.status = i18n::suggestions_count(c.suggestions.len(), m.config.lang);
    if c.load_failed {
        m.status = format!("{} {}", i18n::strings(m.config.lang).gazetteer_failed, m.status);
    } else if c.provisional && c.suggestions.is_empty() {
        m.status = i18n::strings(m.config.lang).loading.to_owned();
    } else if c.provisional {
        m.status = format!("{} {}", m.status, i18n::strings(m.config.lang).loading);
    }
    let settled = m.combo.settled();
    fx.push(Effect::Render(Part::Suggestions { announce: settled }));
    if m.combo.active.is_some() {
        // The option kept active, drawn on the new list.
        fx.push(Effect::Render(Part::ActiveOption));
    }
    if settled && std::mem::take(&mut m.combo.pending_enter) && !m.combo.suggestions.is_empty() {
        choose(m, 0, env, fx);
    }
}

pub(super) fn key(m: &mut Model, key: Key, env: &Env, fx: &mut Vec<Effect>) {
    let c = &mut m.combo;
    let n = c.suggestions.len();
    match key {
        Key::Down if n > 0 => {
            c.open = true;
            c.active = Some(c.active.map_or(0, |a| (a + 1) % n));
            fx.push(Effect::Render(Part::ActiveOption));
        }
        Key::Up if n > 0 && c.open => {
            c.active = Some(c.active.map_or(n - 1, |a| (a + n - 1) % n));
            fx.push(Effect::Render(Part::ActiveOption));
        }
        // An option the person moved to; else the first of the whole answer (waited for).
        Key::Enter if c.open && n > 0 && (c.active.is_some() || c.settled()) => {
            let i = c.active.unwrap_or(0);
            choose(m, i, env, fx);
        }
        Key::Enter if c.answers_text() && c.settled() && n > 0 && !c.text.trim().is_empty() => choose(m, 0, env, fx),
        Key::Enter => c.pending_enter = !c.text.trim().is_empty(),
        Key::Escape if c.open => close(m, fx),
        Key::Escape => {
            c.text.clear();
            c.pending_enter = false;
            fx.push(Effect::Render(Part::Input));
        }
        Key::Down | Key::Up => {}
    }
}

pub(super) fn close(m: &mut Model, fx: &mut Vec<Effect>) {
    if m.combo.open || m.combo.active.is_some() {
        m.combo.open = false;
        m.combo.active = None;
        fx.push(Effect::Render(Part::ActiveOption));
    }
}

/// Suggestion `i` chosen: its label in the box, then its results (or the venue itself).
pub(super) fn choose(m: &mut Model, i: usize, env: &Env, fx: &mut Vec<Effect>) {
    let Some(sug) = m.combo.suggestions.get(i).cloned() else { return };
    m.combo.text = sug.label.clone();
    m.combo.open = false;
    m.combo.active = None;
    m.combo.pending_enter = false;
    fx.extend([Effect::Render(Part::Input), Effect::Render(Part::ActiveOption)]);
    let Some(at) = sug.position else {
        m.alert = i18n::strings(m.lang()).no_position_commune.to_owned();
        fx.push(Effect::Render(Part::Alert));
        return;
    };
    match sug.kind {
        SuggestionKind::Venue => results::select(m, &sug.code, true, false, env, fx),
        SuggestionKind::Departement => results::show_from(m, Origin { at, label: sug.label, departement: Some(sug.code), is_user: false }, env, fx),
        _ => results::show_from(m, Origin { at, label: sug.label, departement: None, is_user: false }, env, fx),
    }
    results::record(m, false, fx);
}
