//! The sliced gazetteer answers exactly as the whole one: every name of the gazetteer as a query
//! (communes, arrondissements, former communes, départements), the prefixes being typed, the
//! misspelt queries of the golden fixtures, postcodes, and a widget limited to a région.

mod common;

use std::rc::Rc;

use tiers_lieux::lookup::slices::{word_keys, Parts, Places, SliceRoot};
use tiers_lieux::lookup::tokens::Query;
use tiers_lieux::lookup::{Finder, Gazetteer, Lang, Scope, VenueFilter};

fn sliced() -> Places {
    let dir = std::path::Path::new(tiers_lieux::GAZETTEER_SLICES_DIR);
    let root = SliceRoot::from_bytes(std::fs::read(dir.join("communes.bin")).unwrap()).expect("the root decodes");
    let slices =
        root.files().iter().map(|f| Some(Rc::new(Gazetteer::from_bytes(std::fs::read(dir.join(f)).unwrap()).expect("a slice decodes")))).collect();
    Places { root: Some(Rc::new(root)), slices }
}

/// Compares the two answers for each query; returns how many were compared.
fn compare(finder: &Finder, whole: &Gazetteer, places: &Places, queries: impl Iterator<Item = String>) -> usize {
    let mut n = 0;
    for q in queries {
        let expected = finder.search(Some(whole), &q, 8, Lang::Fr);
        let Parts::Ready(parts) = places.parts(&q, finder.scope(), 8) else { panic!("{q:?}: every slice is loaded") };
        assert_eq!(finder.search_in(&parts, &q, 8, Lang::Fr), expected, "query {q:?}");
        n += 1;
    }
    n
}

#[test]
fn every_name_gives_the_whole_gazetteers_answer() {
    let (whole, places) = (common::gazetteer(), sliced());
    let finder = common::finder(Scope::default());
    let names: Vec<String> = (0..whole.len()).map(|i| whole.name(i).to_owned()).collect();
    assert!(names.len() >= 37_621, "{} names", names.len());
    let n = compare(&finder, &whole, &places, names.iter().cloned());
    // The name finished (a space after it), and typed letter by letter (every fifth name).
    let n2 = compare(&finder, &whole, &places, names.iter().map(|s| format!("{s} ")));
    let typed = names.iter().step_by(5).flat_map(|s| s.char_indices().skip(1).map(|(i, _)| s[..i].to_owned()).collect::<Vec<_>>());
    let n3 = compare(&finder, &whole, &places, typed);
    assert!(n + n2 + n3 > 150_000, "{n} + {n2} + {n3} queries");
}

/// As the widget types `text` letter by letter from the root alone: each prefix loads what its
/// parts say is missing until they are ready, then answers as the whole gazetteer. The typo
/// keys' slices are left out while the places matching as typed are enough. Returns the slices
/// loaded.
fn type_as_the_widget(finder: &Finder, whole: &Gazetteer, all: &Places, text: &str) -> usize {
    let mut places = common::root_only(all);
    for (i, _) in text.char_indices().skip(1).chain([(text.len(), ' ')]) {
        let q = &text[..i];
        loop {
            match places.parts(q, finder.scope(), 8) {
                Parts::Ready(parts) => {
                    assert_eq!(finder.search_in(&parts, q, 8, Lang::Fr), finder.search(Some(whole), q, 8, Lang::Fr), "{q:?} typed");
                    break;
                }
                Parts::Missing(files) => {
                    for f in files {
                        assert!(places.slices[f].is_none(), "{q:?}: file {f} asked for twice");
                        places.slices[f] = all.slices[f].clone();
                    }
                }
                Parts::NoRoot => unreachable!(),
            }
        }
    }
    places.slices.iter().filter(|s| s.is_some()).count()
}

#[test]
fn typing_loads_the_typo_slices_only_when_needed_and_answers_as_the_whole() {
    let (whole, all) = (common::gazetteer(), sliced());
    let finder = common::finder(Scope::default());
    let mut typed = 0;
    for i in (0..whole.len()).step_by(41) {
        type_as_the_widget(&finder, &whole, &all, whole.name(i));
        typed += 1;
    }
    for q in ["Lyom", "Oissel-sur-Seie", "Saint-Martin-u-Var", "Ailly-suzr-Noye", "Toulouze", "Renens", "Marseile", "quimpr", "rennes"] {
        type_as_the_widget(&finder, &whole, &all, q);
    }
    assert!(typed > 900, "{typed}");
    // « rennes » typed right needs the slices of its typo keys only for its last letters (the
    // places beginning « renne » are enough as typed): fewer than typing it misspelt.
    let right = type_as_the_widget(&finder, &whole, &all, "renne");
    let wrong = type_as_the_widget(&finder, &whole, &all, "rennx");
    assert!(right < wrong, "{right} slices for « renne », {wrong} for « rennx »");
    // The plan keeps the word whose slices the page has: once « mont de ma » brought « mont »'s
    // (its typo keys' too), « mont de marsan » asks for nothing more.
    assert_eq!(type_as_the_widget(&finder, &whole, &all, "mont de ma"), type_as_the_widget(&finder, &whole, &all, "mont de marsan"));
}

#[test]
fn misspelt_postcode_and_scoped_queries_give_the_whole_gazetteers_answer() {
    let (whole, places) = (common::gazetteer(), sliced());
    let mut queries: Vec<String> =
        common::fixture_in("search.json").as_array().unwrap().iter().filter_map(|c| c["query"].as_str().map(str::to_owned)).collect();
    assert!(queries.len() > 20, "the golden search queries");
    queries.extend(
        [
            "Toulouze",
            "Marseile",
            "Saint-Etiene",
            "Bellegarde sur Valserine",
            "st malo",
            "ste foy",
            "Paris 15",
            "Lyon 3e",
            "marseille 8",
            "Annecy-le-Vieux",
            "Cherbourg-Octeville",
        ]
        .map(String::from),
    );
    queries.extend((0..10).map(|d| d.to_string()));
    queries.extend(
        (0..100)
            .map(|d| format!("{d:02}"))
            .chain(["350", "3500", "35000", "75015", "97", "971", "974", "2a", "2B", "20000", "13", "130"].map(String::from)),
    );
    queries.extend(
        ["s", "sa", "le ", "la", "l", "d", "st", "saint", "saint ", "saint m", "la ch", "sur", "sous", "les", "b", "é", "œ"].map(String::from),
    );
    compare(&common::finder(Scope::default()), &whole, &places, queries.iter().cloned());
    // Scopes rank their communes first: heads (made for all France) are not used for them.
    for scope in [Scope { regions: vec!["53".into()], departements: vec![] }, Scope { regions: vec![], departements: vec!["29".into(), "2A".into()] }]
    {
        let finder = Finder::new(common::venues(), scope, VenueFilter::ALL);
        let names = (0..whole.len()).step_by(7).map(|i| whole.name(i).to_owned());
        compare(&finder, &whole, &places, queries.iter().cloned().chain(names));
    }
}

#[test]
fn a_short_query_needs_the_root_only_and_a_commune_a_few_slices() {
    let places = sliced();
    let root = places.root.as_ref().unwrap();
    let all = Scope::default();
    for q in ["s", "sa", "l", "le", "la ", "st", "sai", "saint", "saint ", "cha", "3", "2", "9", "0"] {
        assert!(root.plan(q, &all, 8).files.is_empty(), "{q:?} is answered by the root");
    }
    // A commune typed in full needs two or three slices of about 200 places (uncompressed sizes).
    let size = |q: &str| root.plan(q, &all, 8).files.iter().map(|&f| root.size(f) as usize).sum::<usize>();
    let sizes: Vec<(&str, usize)> =
        ["Rennes", "Brest", "Quimper", "Lyon", "Saint-Malo", "Plouguerneau", "Lannion", "35000"].iter().map(|&q| (q, size(q))).collect();
    for &(q, bytes) in &sizes {
        assert!(bytes > 0 && bytes < 40_000, "{q}: {bytes} bytes ({sizes:?})");
    }
    // A scoped widget reads the slices even for one letter.
    let scoped = Scope { regions: vec!["53".into()], departements: vec![] };
    assert!(!root.plan("sa", &scoped, 8).files.is_empty());
}

#[test]
fn the_fifth_letters_slices_are_known_at_the_fourth_and_loaded_parts_answer_meanwhile() {
    let all = sliced();
    let root = all.root.as_ref().unwrap();
    let scope = Scope::default();
    let mut places = common::root_only(&all);
    let finder = common::finder(Scope::default());
    let mut fetched_ahead = 0;
    for name in ["Rennes", "Quimper", "Lannion", "Beziers", "Besancon", "Plouguerneau"] {
        let folded = name.to_lowercase();
        let four = &folded[..4];
        // Load what the fourth letter needs, as the widget would have.
        if let Parts::Missing(files) = places.parts(four, &scope, 8) {
            for f in files {
                places.slices[f] = all.slices[f].clone();
            }
        }
        let ahead = places.ahead(four, &scope, 8, &[]);
        // Whatever the fifth letter, its plan is the four letters' ahead and what is loaded.
        for fifth in ['a', 'e', 'n', 'z', folded.as_bytes()[4] as char] {
            let q = format!("{four}{fifth}");
            for f in root.plan(&q, &scope, 8).files {
                assert!(places.slices[f].is_some() || ahead.contains(&f), "{q:?} needs file {f}, not fetched ahead of {four:?}");
            }
        }
        fetched_ahead += ahead.len();
        for &f in &ahead {
            places.slices[f] = all.slices[f].clone();
        }
        // The parts loaded answer with places that match, the whole answer once all is there.
        let q = &folded[..5];
        let Parts::Ready(parts) = places.parts(q, &scope, 8) else { panic!("{q:?} has its slices") };
        let whole = finder.search_in(&parts, q, 8, Lang::Fr);
        let loaded = finder.search_in(&places.loaded(), q, 8, Lang::Fr);
        assert_eq!(loaded, whole, "{q:?}: the loaded parts hold the needed ones");
    }
    assert!(fetched_ahead > 0, "some fifth letters need slices the fourth did not");
    // No guess where the letter decides or the download is large: « sain » then « saint » has a
    // head, a finished word or a third letter a slice of its own, a postcode none.
    let none = common::root_only(&all);
    for q in ["sain", "ren", "renn ", "3500", "re"] {
        assert_eq!(none.ahead(q, &scope, 8, &[]), Vec::<usize>::new(), "{q:?}");
    }
    assert!(!none.ahead("renn", &scope, 8, &[]).is_empty());
    // « saint malo »: a suggestion has « malo » whole, the person may be done.
    let shown = finder.search_in(&all.loaded(), "saint malo", 8, Lang::Fr);
    assert!(shown.iter().any(|s| s.label == "Saint-Malo (35)"), "{shown:?}");
    assert!(!none.ahead("saint malo", &scope, 8, &[]).is_empty());
    assert_eq!(none.ahead("saint malo", &scope, 8, &shown), Vec::<usize>::new());
    // With nothing loaded, the root's places answer alone (the départements, the heads).
    assert_eq!(none.loaded().len(), 1);
}

/// The typo slices of a common word hold the places a typo could mean, not again the many that
/// begin as it does (« mont » typed: every « mont… » is under its other keys `mot` and `mnt` too,
/// in units of their own that its typo plan leaves out). A key of fewer places than a slice
/// travels whole: « roch » fetches the slice of `roh` with the « roch… » in it (7 KB).
#[test]
fn a_words_typo_slices_leave_out_the_places_that_begin_as_it_does() {
    let all = sliced();
    let root = all.root.as_ref().unwrap();
    for raw in ["mont de", "sain", "chat", "vill", "bois", "fontaine", "bell"] {
        let query = Query::parse(raw);
        let word = &query.tokens[0];
        let own = &word.text[..3];
        let keys = word_keys(&word.text.as_bytes()[..word.text.len().min(4)]);
        let plan = root.word_plan(word);
        assert!(!plan.typo_files.is_empty(), "{raw:?}");
        // Each typo file holds a place with a word under one of the word's keys that does not
        // begin with its first three letters: what it is fetched for.
        for &f in &plan.typo_files {
            let slice = all.slices[f].as_ref().unwrap();
            let other = (0..slice.len()).any(|i| {
                tiers_lieux::lookup::text::index_tokens(slice.name(i))
                    .iter()
                    .any(|t| t.len() >= 3 && !t.starts_with(own) && word_keys(&t.as_bytes()[..t.len().min(4)]).iter().any(|k| keys.contains(k)))
            });
            assert!(other, "{raw:?}: {} holds only places beginning with {own:?}", root.files()[f]);
        }
        // Those beginning like the word are in its own files, where typing it as it is finds
        // them: few come again with the typo files.
        let beginning = |files: &[usize]| -> usize {
            let mut seen = std::collections::BTreeSet::new();
            for &f in files {
                let slice = all.slices[f].as_ref().unwrap();
                for i in 0..slice.len() {
                    if tiers_lieux::lookup::text::index_tokens(slice.name(i)).iter().any(|t| t.starts_with(own)) {
                        seen.insert(slice.global_index(i));
                    }
                }
            }
            seen.len()
        };
        let (as_typed, again) = (beginning(&plan.files), beginning(&plan.typo_files));
        eprintln!("{raw:?}: {as_typed} places begin with {own:?}, {again} of them in the typo files");
        assert!(again * 5 < as_typed, "{raw:?}: {again} of the {as_typed} places beginning with {own:?} come again for a typo");
    }
}

/// No two files of the set hold the same bytes: the units of words that begin alike under two
/// keys (« beau… » under `beu` and `bau`) share one file, which a page fetches once.
#[test]
fn no_two_slices_are_the_same_file() {
    let dir = std::path::Path::new(tiers_lieux::GAZETTEER_SLICES_DIR);
    let root = sliced().root.unwrap();
    let mut seen = std::collections::HashMap::new();
    for name in root.files() {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        if let Some(other) = seen.insert(bytes, name.clone()) {
            panic!("{name} and {other} hold the same bytes");
        }
    }
    assert!(seen.len() > 1000, "{} files", seen.len());
}

#[test]
fn broken_roots_and_slices_are_errors_not_panics() {
    let dir = std::path::Path::new(tiers_lieux::GAZETTEER_SLICES_DIR);
    let root = std::fs::read(dir.join("communes.bin")).unwrap();
    for cut in [0, 3, 8, 100, root.len() / 2, root.len() - 1] {
        assert!(SliceRoot::from_bytes(root[..cut].to_vec()).is_err(), "root cut at {cut}");
    }
    let places = sliced();
    let name = &places.root.as_ref().unwrap().files()[0];
    let slice = std::fs::read(dir.join(name)).unwrap();
    // The container ends 4 bytes before the file (its check follows): cut into it, it fails.
    assert!(Gazetteer::from_bytes(slice[..slice.len() - 4].to_vec()).is_ok());
    assert!(Gazetteer::from_bytes(slice[..slice.len() - 7].to_vec()).is_err());
    // A slice damaged on its way is refused before it is decoded, whatever the damage.
    let r = places.root.as_ref().unwrap();
    assert!(r.verify(0, &slice).is_ok());
    assert!(r.verify(0, &slice[..slice.len() - 1]).is_err() && r.verify(1, &slice).is_err());
    for i in (0..slice.len()).step_by(13) {
        let mut bad = slice.clone();
        bad[i] ^= 0x01;
        assert!(r.verify(0, &bad).is_err(), "one bit changed at {i}");
    }
    assert!(SliceRoot::from_bytes(slice).is_err(), "a slice is not a root");
    for i in (0..root.len()).step_by(97) {
        let mut bad = root.clone();
        bad[i] ^= 0x5A;
        let _ = SliceRoot::from_bytes(bad).map(|r| r.plan("rennes", &Scope::default(), 8));
    }
}
