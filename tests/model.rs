//! The widget's model on the host, over the real national data and gazetteer: each journey is a
//! sequence of messages, checked on the state and on the effects the runtime would run.

use tiers_lieux::model::contract::ErrorCode;
use tiers_lieux::model::outcome::{FetchError, GeoFailure, ListFailure, ListOutcome, Shared};
use tiers_lieux::model::{update, view, Config, Effect, Env, Event, FocusTarget, GazetteerPart, Key, MapEffect, Model, Msg, Part};
use tiers_lieux::options::{self, History};
use tiers_lieux_core::slices::Places;
use tiers_lieux_core::view::View;
use tiers_lieux_core::{partner, Finder, LatLon};

mod common;

struct World {
    finder: Finder,
    /// Every part of the gazetteer loaded; none; the root alone.
    places: Places,
    nothing: Places,
    root_only: Places,
}

fn world_with(pairs: &[(&str, &str)]) -> (World, Model) {
    let (opts, warnings) = options::parse(pairs.iter().copied());
    assert!(warnings.is_empty(), "{warnings:?}");
    let finder = Finder::new(common::venues(), opts.scope.clone(), opts.filter);
    let places = common::sliced_places();
    let root_only = common::root_only(&places);
    let config = Config::new(&opts, &finder, None, false);
    let model = Model::new(config, opts.radius_km, false);
    (World { finder, places, nothing: Places::default(), root_only }, model)
}

fn world() -> (World, Model) {
    world_with(&[("max-results", "8")])
}

impl World {
    fn env(&self) -> Env<'_> {
        Env { finder: &self.finder, places: &self.places, page_url: "https://ville.example.fr/tiers-lieux" }
    }
    /// As before the gazetteer arrived.
    fn env_without_gazetteer(&self) -> Env<'_> {
        Env { finder: &self.finder, places: &self.nothing, page_url: "https://ville.example.fr/" }
    }
    /// The root arrived, no slice yet.
    fn env_with_root(&self) -> Env<'_> {
        Env { finder: &self.finder, places: &self.root_only, page_url: "https://ville.example.fr/" }
    }
    fn id(&self, index: u32) -> String {
        self.finder.table().id(index as usize).to_owned()
    }
}

fn renders(fx: &[Effect], part: Part) -> bool {
    fx.contains(&Effect::Render(part))
}

fn emitted(fx: &[Effect]) -> Vec<&Event> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Emit(ev) => Some(ev),
            _ => None,
        })
        .collect()
}

/// Types `text` then chooses the first suggestion with Enter.
fn search(w: &World, m: &mut Model, text: &str) -> Vec<Effect> {
    update(m, Msg::Input(text.into()), &w.env());
    update(m, Msg::Key(Key::Enter), &w.env())
}

#[test]
fn combobox_typing_arrows_and_escape() {
    let (w, mut m) = world();
    let fx = update(&mut m, Msg::Input("Renn".into()), &w.env());
    assert!(renders(&fx, Part::Suggestions { announce: true }), "{fx:?}");
    assert_eq!(m.combo.suggestions[0].label, "Rennes (35)");
    assert!(m.combo.open);
    assert!(m.status.contains("suggestions"), "{}", m.status);
    let v = view::suggestions(&m);
    assert_eq!((v.query.as_str(), v.options[0].kind_word), ("Renn", "commune"));

    update(&mut m, Msg::Key(Key::Down), &w.env());
    assert_eq!(m.combo.active, Some(0));
    update(&mut m, Msg::Key(Key::Down), &w.env());
    assert_eq!(m.combo.active, Some(1));
    let fx = update(&mut m, Msg::Key(Key::Up), &w.env());
    assert_eq!((m.combo.active, fx), (Some(0), vec![Effect::Render(Part::ActiveOption)]));
    let n = m.combo.suggestions.len();
    update(&mut m, Msg::Key(Key::Up), &w.env());
    assert_eq!(m.combo.active, Some(n - 1), "up from the first wraps to the last");

    update(&mut m, Msg::Key(Key::Escape), &w.env());
    assert!(!m.combo.open);
    assert_eq!(m.combo.text, "Renn", "the first Escape closes the list");
    let fx = update(&mut m, Msg::Key(Key::Escape), &w.env());
    assert_eq!(m.combo.text, "", "the second clears the box");
    assert!(renders(&fx, Part::Input));

    update(&mut m, Msg::Input("Renn".into()), &w.env());
    update(&mut m, Msg::Input("   ".into()), &w.env());
    assert!(!m.combo.open, "blank text closes the list");
    update(&mut m, Msg::Input("Renn".into()), &w.env());
    update(&mut m, Msg::CloseSuggestions, &w.env());
    assert!(!m.combo.open && m.combo.active.is_none(), "blur closes it");
}

#[test]
fn an_answer_never_arrives_for_an_older_keystroke_and_an_early_enter_is_kept() {
    let (w, mut m) = world();
    let fx = update(&mut m, Msg::Input("sa".into()), &w.env_without_gazetteer());
    assert!(fx.contains(&Effect::LoadGazetteer(GazetteerPart::Root)));
    assert!(m.status.ends_with("Chargement…"), "{}", m.status);
    assert!(m.combo.is_busy() && renders(&fx, Part::Suggestions { announce: false }), "what is known shows, not announced: {fx:?}");
    let fx = update(&mut m, Msg::Input("saint-malo".into()), &w.env_without_gazetteer());
    assert!(!fx.iter().any(|e| matches!(e, Effect::LoadGazetteer(_))), "the root is asked once");
    assert!(m.combo.suggestions.iter().all(|s| s.kind.as_str() == "venue"), "venue names only before the gazetteer");
    update(&mut m, Msg::Key(Key::Enter), &w.env_without_gazetteer());
    assert!(m.origin.is_none() && m.selected.is_none(), "Enter waits for the whole answer");
    // The root arrives: « saint-malo » needs slices, asked at once, and once; the root's places
    // answer meanwhile, busy.
    let fx = update(&mut m, Msg::GazetteerReady, &w.env_with_root());
    assert!(m.combo.is_busy() && !renders(&fx, Part::Suggestions { announce: true }), "{fx:?}");
    assert!(m.origin.is_none(), "Enter still waits");
    let Some(Effect::LoadGazetteer(GazetteerPart::Slices(files))) = fx.iter().find(|e| matches!(e, Effect::LoadGazetteer(_))) else {
        panic!("{fx:?}")
    };
    assert!(!files.is_empty() && files.len() <= 4, "{files:?}");
    let fx = update(&mut m, Msg::Input("saint-malo".into()), &w.env_with_root());
    assert!(!fx.iter().any(|e| matches!(e, Effect::LoadGazetteer(_))), "the slices are asked once");
    update(&mut m, Msg::Key(Key::Enter), &w.env_with_root());

    let fx = update(&mut m, Msg::GazetteerReady, &w.env());
    let announced = fx.iter().filter(|e| matches!(e, Effect::Render(Part::Suggestions { announce: true }))).count();
    assert_eq!(announced, 1, "one answer, for the newest text: {fx:?}");
    assert_eq!(m.combo.answered, "saint-malo");
    let origin = m.origin.as_ref().expect("the Enter pressed while loading chose the first suggestion");
    assert_eq!(origin.label, "Saint-Malo (35)");
    assert!(emitted(&fx).iter().any(|e| matches!(e, Event::Results { .. })));
}

#[test]
fn the_gazetteer_failing_is_said_once_and_venue_names_still_answer() {
    let (w, mut m) = world();
    update(&mut m, Msg::Input("la cantine".into()), &w.env_without_gazetteer());
    let fx = update(&mut m, Msg::GazetteerFailed("communes.bin: HTTP 404".into()), &w.env_without_gazetteer());
    let errors: Vec<_> = emitted(&fx).into_iter().filter(|e| matches!(e, Event::Error { code: ErrorCode::GazetteerLoad, .. })).collect();
    assert_eq!(errors.len(), 1);
    assert!(m.alert.contains("liste des communes"), "{}", m.alert);
    assert!(m.combo.suggestions.iter().all(|s| s.kind.as_str() == "venue"));
    assert!(!m.combo.suggestions.is_empty(), "venue names answer without the gazetteer");
    assert!(m.status.starts_with("La liste des communes n'a pas pu être chargée"), "{}", m.status);
    let fx = update(&mut m, Msg::GazetteerFailed("again".into()), &w.env_without_gazetteer());
    assert!(emitted(&fx).is_empty(), "said once");
    // The next keystroke asks again, and shows what is known meanwhile.
    let fx = update(&mut m, Msg::Input("la cantine t".into()), &w.env_without_gazetteer());
    assert!(fx.contains(&Effect::LoadGazetteer(GazetteerPart::Root)) && renders(&fx, Part::Suggestions { announce: false }));
    assert!(!m.combo.suggestions.is_empty() && m.combo.is_busy());
    assert!(m.status.ends_with("Chargement…"), "{}", m.status);
}

#[test]
fn a_slice_failing_leaves_the_departements_and_venues_and_the_next_keystroke_asks_again() {
    let (w, mut m) = world();
    let fx = update(&mut m, Msg::Input("ille".into()), &w.env_with_root());
    assert!(fx.iter().any(|e| matches!(e, Effect::LoadGazetteer(GazetteerPart::Slices(_)))));
    let fx = update(&mut m, Msg::GazetteerFailed("communes-il.0123.bin: HTTP 404".into()), &w.env_with_root());
    assert_eq!(emitted(&fx).iter().filter(|e| matches!(e, Event::Error { code: ErrorCode::GazetteerLoad, .. })).count(), 1);
    assert!(renders(&fx, Part::Suggestions { announce: true }));
    let labels: Vec<&str> = m.combo.suggestions.iter().map(|s| s.label.as_str()).collect();
    assert!(labels.contains(&"Ille-et-Vilaine (département 35)"), "the root's départements: {labels:?}");
    assert!(m.status.contains("n'a pas pu être chargée"), "{}", m.status);
    // The next keystroke asks for the slice again; the answer comes when it arrives.
    let fx = update(&mut m, Msg::Input("ille-".into()), &w.env_with_root());
    assert!(fx.iter().any(|e| matches!(e, Effect::LoadGazetteer(GazetteerPart::Slices(_)))));
    assert!(m.status.ends_with("Chargement…"), "what is known shows meanwhile: {}", m.status);
    let fx = update(&mut m, Msg::GazetteerReady, &w.env());
    assert!(renders(&fx, Part::Suggestions { announce: true }));
    assert!(!m.status.contains("Chargement") && !m.status.contains("pas pu"), "{}", m.status);
    assert!(m.combo.suggestions.iter().any(|s| s.label.starts_with("Ille-sur-Têt")), "{:?}", m.combo.suggestions);
    assert!(emitted(&fx).iter().all(|e| !matches!(e, Event::Error { .. })));
}

/// The root and the given slices, as a page that loaded them.
fn loaded(w: &World, files: &[usize]) -> Places {
    let mut p = w.root_only.clone();
    for &f in files {
        p.slices[f] = w.places.slices[f].clone();
    }
    p
}

fn asked(fx: &[Effect]) -> Vec<usize> {
    fx.iter()
        .flat_map(|e| match e {
            Effect::LoadGazetteer(GazetteerPart::Slices(f) | GazetteerPart::Ahead(f)) => f.clone(),
            _ => vec![],
        })
        .collect()
}

#[test]
fn a_keystroke_waiting_for_its_slices_shows_what_is_loaded_at_once_then_the_whole_answer() {
    let (w, mut m) = world();
    // « ren » needs its slice: the root's places answer at once, busy and not announced.
    let fx = update(&mut m, Msg::Input("ren".into()), &w.env_with_root());
    let files = asked(&fx);
    assert!(!files.is_empty(), "{fx:?}");
    assert!(m.combo.is_busy() && renders(&fx, Part::Suggestions { announce: false }) && !renders(&fx, Part::Suggestions { announce: true }));
    assert!(view::suggestions(&m).busy);
    let labels: Vec<String> = m.combo.suggestions.iter().map(|s| s.label.clone()).collect();
    assert!(labels.iter().any(|l| l == "Rennes (35)"), "the root knows Rennes: {labels:?}");
    assert!(m.status.ends_with("Chargement…"), "{}", m.status);
    // The person moves to Rennes; Enter would choose it, but first the slice arrives.
    let rennes = labels.iter().position(|l| l == "Rennes (35)").unwrap();
    for _ in 0..=rennes {
        update(&mut m, Msg::Key(Key::Down), &w.env_with_root());
    }
    assert_eq!(m.combo.active, Some(rennes));
    let page = loaded(&w, &files);
    let env = Env { finder: &w.finder, places: &page, page_url: "https://ville.example.fr/" };
    let fx = update(&mut m, Msg::GazetteerReady, &env);
    assert!(!m.combo.is_busy() && !view::suggestions(&m).busy && renders(&fx, Part::Suggestions { announce: true }));
    let active = m.combo.active.map(|a| m.combo.suggestions[a].label.as_str());
    assert_eq!(active, Some("Rennes (35)"), "the option moved to stays active");
    assert!(renders(&fx, Part::ActiveOption), "and is drawn active on the new list");
    assert!(!m.status.contains("Chargement"), "{}", m.status);

    // « renn »: the same slice answers; the slices a fifth letter needs are fetched ahead, once.
    let fx = update(&mut m, Msg::Input("renn".into()), &env);
    assert!(!m.combo.is_busy());
    let ahead: Vec<usize> = fx
        .iter()
        .flat_map(|e| match e {
            Effect::LoadGazetteer(GazetteerPart::Ahead(f)) => f.clone(),
            _ => vec![],
        })
        .collect();
    assert!(!ahead.is_empty(), "{fx:?}");
    // The fetch ahead failing says nothing; « rennx », which needs it (no place begins so: the
    // search allows a typo, and the typo keys' slices are what was fetched ahead), asks again.
    let fx = update(&mut m, Msg::GazetteerAheadFailed(ahead.clone()), &env);
    assert!(emitted(&fx).is_empty() && !fx.iter().any(|e| matches!(e, Effect::LoadGazetteer(_))));
    assert!(!m.status.contains("pas pu"), "{}", m.status);
    // « renne » has places enough as typed: it needs nothing more, and never waits.
    let fx = update(&mut m, Msg::Input("renne".into()), &env);
    assert!(asked(&fx).is_empty() && !m.combo.is_busy(), "{fx:?}");
    let fx = update(&mut m, Msg::Input("rennx".into()), &env);
    assert_eq!(asked(&fx), ahead, "asked again when needed");
    assert!(m.combo.is_busy() && m.combo.suggestions.iter().any(|s| s.label == "Rennes (35)"), "the loaded slice answers meanwhile");
    // Enter with no option moved to waits for the whole answer, then chooses its first.
    update(&mut m, Msg::Key(Key::Enter), &env);
    assert!(m.origin.is_none());
    let fx = update(&mut m, Msg::GazetteerReady, &w.env());
    assert!(renders(&fx, Part::Suggestions { announce: true }));
    // The whole answer's first: a whole name one typo away comes before a longer one.
    assert_eq!(m.origin.as_ref().map(|o| o.label.as_str()), Some("Renno (2A)"));
}

#[test]
fn choosing_a_place_lists_the_nearest_venues_with_their_cards() {
    let (w, mut m) = world();
    let fx = search(&w, &mut m, "Quimper");
    assert_eq!(m.combo.text, "Quimper (29)");
    assert!(!m.combo.open);
    assert!(renders(&fx, Part::Input) && renders(&fx, Part::Results) && renders(&fx, Part::Filters));
    assert_eq!(m.results.len(), 8, "max-results=8");
    // Nearest first: by distance, a venue known only by its commune at its commune's far edge.
    let rank = |n: &tiers_lieux::lookup::nearest::Neighbour| n.distance_km + w.finder.table().position_radius_km(n.id as usize);
    assert!(m.results.windows(2).all(|p| rank(&p[0]) <= rank(&p[1])), "nearest first");
    let Some(Event::Results { label, results, .. }) = emitted(&fx).into_iter().find(|e| matches!(e, Event::Results { .. })) else {
        panic!("tierslieux:results")
    };
    assert_eq!((label.as_str(), results.len()), ("Quimper (29)", 8));
    assert!(m.status.starts_with("8 tiers-lieux trouvés près de Quimper (29)"), "{}", m.status);
    assert!(!fx.iter().any(|e| matches!(e, Effect::RecordView { .. })), "no history without history=hash");

    let v = view::results(&m, &w.env());
    assert_eq!(v.hint, None);
    assert_eq!(v.cards.len(), 8);
    let c = &v.cards[0];
    assert_eq!(c.number, 1);
    let (d, crow) = c.distance.as_ref().unwrap();
    assert!(d.ends_with(" km") || d.ends_with(" m"), "{d}");
    assert_eq!(*crow, "à vol d'oiseau");
    assert!(c.details.go.1.iter().all(|l| ["geo:", "https://"].iter().any(|s| l.href.starts_with(s))));
    assert_eq!(c.details.label, format!("Détails : {}", c.name));
}

#[test]
fn a_departement_keeps_its_own_venues_and_a_commune_without_position_says_so() {
    let (w, mut m) = world();
    search(&w, &mut m, "29");
    let origin = m.origin.clone().unwrap();
    assert_eq!(origin.departement.as_deref(), Some("29"));
    assert!(m.results.iter().all(|n| w.finder.table().departement(n.id as usize) == "29"));
}

#[test]
fn chips_and_distance_filter_the_results_and_the_overview() {
    let (w, mut m) = world();
    search(&w, &mut m, "Rennes");
    let all = view::overview(&m, &w.env(), false).indices.len();
    let fx = update(&mut m, Msg::ToggleChip("fablab".into()), &w.env());
    assert_eq!(m.chosen, ["fablab"]);
    assert!(fx.contains(&Effect::Map(MapEffect::Overview { fit: false })));
    let fablab = tiers_lieux_core::venues::TYPES.iter().find(|t| t.key == "fablab").unwrap().bit;
    assert!(m.results.iter().all(|n| w.finder.table().types(n.id as usize) & fablab != 0));
    let only = view::overview(&m, &w.env(), false).indices.len();
    assert!(only < all && only > 0, "{only} of {all}");
    assert!(view::filters(&m, &w.env()).chips.contains(&("fablab", true)));
    update(&mut m, Msg::ToggleChip("not-a-kind".into()), &w.env());
    assert_eq!(m.chosen, ["fablab"], "an unknown key changes nothing");
    update(&mut m, Msg::ToggleChip("fablab".into()), &w.env());
    assert!(m.chosen.is_empty());

    update(&mut m, Msg::Radius("20".into()), &w.env());
    assert_eq!(m.radius_km, Some(20.0));
    assert!(m.results.len() > 8, "within a distance, up to 50: {}", m.results.len());
    assert!(m.results.iter().all(|n| n.distance_km <= 20.0));
    let f = view::filters(&m, &w.env());
    assert_eq!(f.radius_value, "20");
    let (_, text) = f.radius_options.iter().find(|(v, _)| v == "20").unwrap();
    assert_eq!(text, &format!("20 km ({} lieux)", m.results.len()));
    update(&mut m, Msg::Radius(String::new()), &w.env());
    assert_eq!((m.radius_km, m.results.len()), (None, 8));
}

#[test]
fn selecting_opens_details_and_closing_gives_the_focus_back() {
    let (w, mut m) = world();
    search(&w, &mut m, "Lille");
    let third = w.id(m.results[2].id);
    let fx = update(&mut m, Msg::ToggleDetails(third.clone()), &w.env());
    assert_eq!(fx[0], Effect::RememberOpener, "the opener is kept before anything moves");
    assert!(fx.contains(&Effect::Focus(FocusTarget::Details(third.clone()))));
    assert!(fx.contains(&Effect::Map(MapEffect::Select(third.clone()))));
    let sel = m.selected.clone().unwrap();
    assert!(sel.details_open && sel.id == third);
    let Some(Event::Select { distance_km, .. }) = emitted(&fx).into_iter().find(|e| matches!(e, Event::Select { .. })) else { panic!() };
    assert_eq!(*distance_km, Some(m.results[2].distance_km));

    let fx = update(&mut m, Msg::ToggleDetails(third.clone()), &w.env());
    assert!(!m.selected.as_ref().unwrap().details_open);
    assert!(fx.contains(&Effect::Focus(FocusTarget::Opener { fallback: third.clone() })));
    update(&mut m, Msg::Select { id: third.clone(), scroll: true, focus: false }, &w.env());
    let fx = update(&mut m, Msg::CloseDetails, &w.env());
    assert!(renders(&fx, Part::Selection));
    let fx = update(&mut m, Msg::CloseDetails, &w.env());
    assert!(fx.is_empty(), "nothing open, nothing to do");

    // A venue far from the results: the venues around it come first.
    let far = (0..w.finder.table().len() as u32).find(|&i| w.finder.table().departement(i as usize) == "2A").map(|i| w.id(i)).unwrap();
    let fx = update(&mut m, Msg::Select { id: far.clone(), scroll: true, focus: false }, &w.env());
    assert_eq!(w.id(m.results[0].id), far);
    assert!(fx.contains(&Effect::ScrollTo(far.clone())));
    assert!(!fx.contains(&Effect::RememberOpener));
    let fx = update(&mut m, Msg::Select { id: "no-such-venue".into(), scroll: true, focus: false }, &w.env());
    assert!(matches!(&fx[..], [Effect::Warn(w)] if w.contains("no-such-venue")));
}

#[test]
fn the_view_goes_to_the_url_and_comes_back_from_it_without_the_persons_position() {
    let (w, mut m) = world_with(&[("history", "hash")]);
    update(&mut m, Msg::ToggleChip("coworking".into()), &w.env());
    let fx = search(&w, &mut m, "Brest");
    let Some(Effect::RecordView { view, user: None, replace: false }) = fx.iter().find(|e| matches!(e, Effect::RecordView { .. })) else {
        panic!("{fx:?}")
    };
    assert_eq!(view.label, "Brest (29)");
    assert_eq!(view.kinds, ["coworking"]);
    let first = w.id(m.results[0].id);
    update(&mut m, Msg::ToggleDetails(first.clone()), &w.env());
    let fragment = tiers_lieux::model::current_view(&m).to_fragment("");
    assert!(fragment.contains("tl-v="), "{fragment}");

    let (_, mut other) = world_with(&[("history", "hash")]);
    update(&mut other, Msg::ApplyView { view: View::from_fragment(&fragment), user: None }, &w.env());
    assert_eq!(other.combo.text, "Brest (29)");
    assert_eq!(other.chosen, ["coworking"]);
    assert_eq!(other.results, m.results);
    assert_eq!(other.selected.as_ref().map(|s| s.id.as_str()), Some(first.as_str()));

    // Around me: the position goes to the entry's state only.
    let here = LatLon::new(48.39, -4.49);
    let fx = update(&mut m, Msg::Located(here), &w.env());
    let Some(Effect::RecordView { view, user: Some((at, _)), .. }) = fx.iter().find(|e| matches!(e, Effect::RecordView { .. })) else { panic!() };
    assert_eq!((view.at, *at), (None, here));
    assert!(!view.to_fragment("").contains("48.39"));

    // Back to the first view.
    update(&mut other, Msg::ApplyView { view: View::default(), user: None }, &w.env());
    assert!(other.origin.is_none() && other.results.is_empty() && other.combo.text.is_empty());
    assert_eq!(view::results(&other, &w.env()).hint, Some(tiers_lieux::model::i18n::FR.start_hint));
}

#[test]
fn a_partner_list_becomes_notices_and_events() {
    let (w, mut m) = world();
    let csv = "nom,latitude,longitude\nBon,48.1,-1.6\n,48.2,-1.6\nLoin,40.4,-3.7\n";
    let list = partner::parse(csv.as_bytes()).unwrap();
    let (_, report) = partner::into_finder(list, Default::default(), Default::default(), "");
    let fx = update(&mut m, Msg::ListOutcome(ListOutcome::Loaded(report)), &w.env());
    assert_eq!(m.notices.len(), 1);
    assert_eq!(m.notices[0].summary, "2 lignes de la liste de lieux de ce site ne sont pas affichées.");
    assert_eq!(m.notices[0].rows[0], "ligne 3 : nom manquant");
    assert!(m.notices[0].rows[1].starts_with("ligne 4 : « Loin » : position hors de France"), "{:?}", m.notices[0].rows);
    let Some(Event::Error { code: ErrorCode::PartnerRows, rows, .. }) = emitted(&fx).into_iter().next() else { panic!("{fx:?}") };
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 4]);
    let id = m.notices[0].id;
    let fx = update(&mut m, Msg::DismissNotice(id), &w.env());
    assert!(m.notices.is_empty() && fx.contains(&Effect::Focus(FocusTarget::Input)));

    let failed = ListOutcome::Failed { url: "https://partenaire.fr/l.csv".into(), why: ListFailure::Fetch(FetchError::Http(404)) };
    let fx = update(&mut m, Msg::ListOutcome(failed), &w.env());
    assert_eq!(m.alert, "La liste des lieux de ce site n'a pas pu être chargée : les lieux affichés sont ceux de la base nationale (2019).");
    let Some(Event::Error { code: ErrorCode::PartnerLoad, message, .. }) = emitted(&fx).into_iter().next() else { panic!() };
    assert!(message.contains("HTTP 404"), "{message}");
    assert!(fx.iter().any(|e| matches!(e, Effect::Warn(w) if w.contains("Access-Control-Allow-Origin"))));

    // 250 rows not shown: the notice lists 200 and says how many more.
    let mut csv = String::from("nom,latitude,longitude\n");
    for _ in 0..250 {
        csv.push_str(",48.1,-1.6\n");
    }
    let (_, report) = partner::into_finder(partner::parse(csv.as_bytes()).unwrap(), Default::default(), Default::default(), "");
    update(&mut m, Msg::ListOutcome(ListOutcome::Loaded(report)), &w.env());
    let notices = view::notices(&m);
    assert_eq!(notices[0].rows.len(), 201);
    assert!(notices[0].rows[200].starts_with("… et 50 autres"));
}

#[test]
fn english_says_it_with_its_own_punctuation() {
    let (w, mut m) = world_with(&[("lang", "en"), ("max-results", "3")]);
    search(&w, &mut m, "Rennes");
    let v = view::results(&m, &w.env());
    let c = &v.cards[0];
    assert_eq!(c.details.label, format!("Details: {}", c.name));
    assert_eq!(c.details.go.0, "Get there: ");
    assert!(!c.details.sources[0].contains(" : "), "{}", c.details.sources[0]);
    assert_eq!(c.distance.as_ref().unwrap().1, "as the crow flies");
    assert!(m.status.starts_with("3 third places found near Rennes (35)"));
    let fx = update(&mut m, Msg::LocateFailed(GeoFailure::Denied, "User denied".into()), &w.env());
    assert!(m.alert.starts_with("Location was refused."));
    let open_quote = partner::PartnerError::Csv(tiers_lieux_core::csv::CsvError::UnterminatedQuote { line: 4 });
    assert_eq!(tiers_lieux::model::i18n::list_error(&open_quote, tiers_lieux_core::Lang::En), "unreadable CSV: unclosed quote (line 4)");
    assert_eq!(tiers_lieux::model::i18n::list_error(&open_quote, tiers_lieux_core::Lang::Fr), "CSV illisible : guillemet non fermé (ligne 4)");
    assert!(emitted(&fx).iter().any(|e| matches!(e, Event::Error { code: ErrorCode::GeolocationDenied, .. })));
    // In a frame whose policy the browser does not tell (Firefox, Safari), the refusal may be the
    // framing page's: the message says so, with the same code.
    let fx = update(&mut m, Msg::LocateFailed(GeoFailure::DeniedInFrame, "User denied".into()), &w.env());
    assert!(m.alert.starts_with("Location was refused, by the browser or by the site that shows this search"), "{}", m.alert);
    assert!(emitted(&fx).iter().any(|e| matches!(e, Event::Error { code: ErrorCode::GeolocationDenied, .. })));
}

#[test]
fn consent_to_tiles_and_sharing() {
    let (w, mut m) = world_with(&[("consent", "click")]);
    assert!(!m.tiles_allowed);
    let fx = update(&mut m, Msg::ConsentGranted { here: true }, &w.env());
    assert_eq!(fx, [Effect::Render(Part::Consent), Effect::Map(MapEffect::EnableTiles), Effect::Focus(FocusTarget::Map)]);
    assert!(update(&mut m, Msg::ConsentGranted { here: false }, &w.env()).is_empty(), "granted once");
    let fx = update(&mut m, Msg::ConsentWithdrawn, &w.env());
    assert!(fx.contains(&Effect::Map(MapEffect::DisableTiles)) && fx.contains(&Effect::LoadOutlines));
    let fx = update(&mut m, Msg::ConsentGranted { here: false }, &w.env());
    assert!(!fx.contains(&Effect::Focus(FocusTarget::Map)), "the focus moves only for this widget's own button");

    let (w, mut m) = world_with(&[("tiles", "none"), ("consent", "click")]);
    assert!(m.tiles_allowed, "no tiles, nothing to consent to");
    assert!(update(&mut m, Msg::ConsentWithdrawn, &w.env()).is_empty());

    update(&mut m, Msg::Shared(Shared::Copied), &w.env());
    assert_eq!(m.status, "Lien copié.");
    update(&mut m, Msg::Shared(Shared::Failed { url: "https://x.fr/#tl-q=a".into() }), &w.env());
    assert_eq!(m.notices[0].rows, ["https://x.fr/#tl-q=a"]);
}

#[test]
fn ready_and_destroy() {
    let (w, mut m) = world_with(&[("history", "hash"), ("region", "53")]);
    let fx = update(&mut m, Msg::Ready, &w.env());
    assert_eq!(fx[0], Effect::Emit(Event::Ready { venues: w.finder.in_scope().len() }));
    assert!(fx.contains(&Effect::RestoreFromLocation));
    assert_eq!(update(&mut m, Msg::Destroy, &w.env()), [Effect::Teardown]);
    assert!(update(&mut m, Msg::Input("Rennes".into()), &w.env()).is_empty(), "a destroyed widget does nothing");
    assert!(m.destroyed);
    // The gazetteer's root (fetched beside the wasm) is loaded at ready, not at the first tap.
    let (w, mut m) = world();
    let fx = update(&mut m, Msg::Ready, &w.env_without_gazetteer());
    assert!(fx.contains(&Effect::LoadGazetteer(GazetteerPart::Root)), "{fx:?}");
    assert!(update(&mut m, Msg::Focus, &w.env_without_gazetteer()).is_empty(), "asked once");
}

#[test]
fn mounted_draws_filters_consent_and_the_framed_overview() {
    let (w, mut m) = world_with(&[("radius-km", "7")]);
    let fx = update(&mut m, Msg::Mounted, &w.env());
    assert!(fx.contains(&Effect::Map(MapEffect::Overview { fit: true })));
    let f = view::filters(&m, &w.env());
    assert_eq!(f.radius_value, "7");
    assert!(f.radius_options.iter().any(|(v, t)| v == "7" && t == "7,0 km"), "{:?}", f.radius_options);
    let o = view::overview(&m, &w.env(), true);
    let (sw, ne) = o.bounds.expect("framed");
    assert!(sw.lat > 41.0 && ne.lat < 52.0, "metropolitan France: {sw:?} {ne:?}");
    assert_eq!(o.points.len(), w.finder.in_scope().len());
    let cfg = &m.config;
    assert!(cfg.kinds.len() > 1 && cfg.history == History::None);
}

#[test]
fn a_narrow_widget_folds_its_filters_and_shows_the_list_or_the_map() {
    let (w, mut m) = world();
    let l = view::layout(&m);
    assert!(!l.filters_open && !l.map_shown);
    assert_eq!(l.filters_label, "Filtres");
    let fx = search(&w, &mut m, "Quimper");
    assert!(fx.contains(&Effect::Reveal(tiers_lieux::model::Reveal::Results)), "the first result is brought into view");
    assert_eq!(update(&mut m, Msg::ToggleFilters, &w.env()), [Effect::Render(Part::Layout)]);
    assert!(m.filters_open);
    update(&mut m, Msg::ToggleChip("fablab".into()), &w.env());
    update(&mut m, Msg::Radius("20".into()), &w.env());
    assert_eq!(view::layout(&m).filters_label, "Filtres (2)");
    let fx = update(&mut m, Msg::ShowMap(true), &w.env());
    assert_eq!(fx, [Effect::Render(Part::Layout), Effect::Map(MapEffect::Refit), Effect::Reveal(tiers_lieux::model::Reveal::Map)]);
    assert!(update(&mut m, Msg::ShowMap(true), &w.env()).is_empty(), "already shown");
    assert_eq!(update(&mut m, Msg::ShowMap(false), &w.env()), [Effect::Render(Part::Layout)]);
    let (w, mut m) = world_with(&[("lang", "en")]);
    update(&mut m, Msg::ToggleChip("coworking".into()), &w.env());
    assert_eq!(view::layout(&m).filters_label, "Filters (1)");
}

#[test]
fn search_this_area_appears_after_the_person_moved_the_map_and_is_never_automatic() {
    let (w, mut m) = world_with(&[("history", "hash")]);
    assert!(update(&mut m, Msg::MapMoved(LatLon::new(47.0, -2.0)), &w.env()).is_empty(), "no results, no button");
    assert!(m.area.is_none());
    search(&w, &mut m, "Quimper");
    let before = m.results.clone();
    let centre = LatLon::new(48.39, -4.49);
    let fx = update(&mut m, Msg::MapMoved(centre), &w.env());
    assert_eq!(fx, [Effect::Render(Part::SearchArea)], "the button shows; nothing is searched");
    assert_eq!(m.results, before);
    assert!(update(&mut m, Msg::MapMoved(LatLon::new(48.4, -4.5)), &w.env()).is_empty(), "already shown: the centre follows");
    update(&mut m, Msg::MapMoved(centre), &w.env());
    let fx = update(&mut m, Msg::SearchArea, &w.env());
    let origin = m.origin.clone().unwrap();
    assert_eq!((origin.label.as_str(), origin.at), ("Zone de la carte", centre));
    assert!(m.area.is_none() && fx.contains(&Effect::Render(Part::SearchArea)), "the button goes");
    let Some(Event::Results { label, .. }) = emitted(&fx).into_iter().find(|e| matches!(e, Event::Results { .. })) else { panic!() };
    assert_eq!(label, "Zone de la carte");
    let nearest = w.finder.nearest(centre, 1, None, Default::default()).unwrap();
    assert_eq!(m.results[0].id, nearest[0].id, "the venues nearest the map's centre");
    assert!(fx.iter().any(|e| matches!(e, Effect::RecordView { view, .. } if view.label == "Zone de la carte")));
    assert!(update(&mut m, Msg::SearchArea, &w.env()).is_empty(), "once");
}
