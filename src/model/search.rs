//! The combobox: the text typed, the suggestions for it, the active option, and the gazetteer it
//! waits for. A keystroke is answered at once when the gazetteer is there; otherwise the answer
//! comes when it arrives, for the text typed by then (an older keystroke never answers late),
//! and an Enter pressed meanwhile chooses its first suggestion.

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

/// Where this widget stands with the page's gazetteer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Gazetteer {
    #[default]
    NotAsked,
    Loading,
    Ready,
    /// It could not be loaded: suggestions come from venue names alone (said once).
    Failed,
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
    gazetteer: Gazetteer,
}

impl Combobox {
    /// Whether suggestions for the current text are there.
    fn answers_text(&self) -> bool {
        self.answered == self.text
    }
}

pub(super) fn input(m: &mut Model, text: String, env: &Env, fx: &mut Vec<Effect>) {
    m.combo.text = text;
    m.combo.pending_enter = false;
    if m.combo.text.trim().is_empty() {
        close(m, fx);
        return;
    }
    if env.gazetteer.is_some() || m.combo.gazetteer == Gazetteer::Failed {
        answer(m, env, fx);
        return;
    }
    m.status = i18n::strings(m.lang()).loading.to_owned();
    fx.push(Effect::Render(Part::Status));
    ask_gazetteer(m, fx);
}

/// The box got the focus: the gazetteer comes while the person starts typing.
pub(super) fn focus(m: &mut Model, env: &Env, fx: &mut Vec<Effect>) {
    if env.gazetteer.is_none() {
        ask_gazetteer(m, fx);
    }
}

fn ask_gazetteer(m: &mut Model, fx: &mut Vec<Effect>) {
    if m.combo.gazetteer == Gazetteer::NotAsked {
        m.combo.gazetteer = Gazetteer::Loading;
        fx.push(Effect::LoadGazetteer);
    }
}

pub(super) fn gazetteer_ready(m: &mut Model, env: &Env, fx: &mut Vec<Effect>) {
    m.combo.gazetteer = Gazetteer::Ready;
    if !m.combo.text.trim().is_empty() && !m.combo.answers_text() {
        answer(m, env, fx);
    }
}

pub(super) fn gazetteer_failed(m: &mut Model, why: String, env: &Env, fx: &mut Vec<Effect>) {
    if m.combo.gazetteer != Gazetteer::Failed {
        m.combo.gazetteer = Gazetteer::Failed;
        m.error(ErrorCode::GazetteerLoad, i18n::strings(m.lang()).gazetteer_failed, &why, fx);
    }
    if !m.combo.text.trim().is_empty() && !m.combo.answers_text() {
        answer(m, env, fx);
    }
}

/// The suggestions for the current text, shown and announced (`tierslieux:search`); an Enter
/// that waited for them chooses the first.
fn answer(m: &mut Model, env: &Env, fx: &mut Vec<Effect>) {
    let c = &mut m.combo;
    c.suggestions = env.finder.search(env.gazetteer, &c.text, SUGGESTION_LIMIT, m.config.lang);
    c.answered = c.text.clone();
    c.active = None;
    c.open = !c.suggestions.is_empty();
    m.status = i18n::suggestions_count(c.suggestions.len(), m.config.lang);
    fx.push(Effect::Render(Part::Suggestions { announce: true }));
    if std::mem::take(&mut m.combo.pending_enter) && !m.combo.suggestions.is_empty() {
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
        Key::Enter if c.open && n > 0 => {
            let i = c.active.unwrap_or(0);
            choose(m, i, env, fx);
        }
        Key::Enter if c.answers_text() && n > 0 && !c.text.trim().is_empty() => choose(m, 0, env, fx),
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
