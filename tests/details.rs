//! The national venue table in two parts: the part embedded in the wasm (search, map, filters)
//! and its details file (addresses, links, label names), fetched at ready. The parts join into
//! the whole table and nothing else; until they do, what shows a venue's details waits.

use tiers_lieux::model::contract::ErrorCode;
use tiers_lieux::model::{update, view, Config, Effect, Env, Event, Key, Model, Msg, Part};
use tiers_lieux::options;
use tiers_lieux_core::slices::Places;
use tiers_lieux_core::venues::{encode, encode_split, Venue};
use tiers_lieux_core::{Finder, LatLon, VenueFilter, VenueTable};

mod common;

fn main_part() -> VenueTable {
    VenueTable::from_bytes(tiers_lieux::NATIONAL_VENUES.to_vec()).expect("the embedded part decodes")
}

#[test]
fn the_two_parts_join_into_the_whole_table_and_nothing_else() {
    let main = main_part();
    let whole = common::venues();
    assert!(!main.has_details() && whole.has_details());
    assert_eq!(main.len(), whole.len());
    assert!(main.len() > 1900, "{}", main.len());
    // Before the details: what search, map and filters read is all there; the details are empty.
    let with_address = (0..whole.len()).filter(|&i| !whole.get(i).address.is_empty()).count();
    assert!(with_address > 1000, "{with_address}");
    for i in 0..main.len() {
        let (a, b) = (main.get(i), whole.get(i));
        assert_eq!(
            (a.id, a.name, a.commune, a.departement, a.region, a.position, a.types, a.labels, a.flags),
            (b.id, b.name, b.commune, b.departement, b.region, b.position, b.types, b.labels, b.flags)
        );
        assert_eq!((a.address, a.postcode, a.code_insee, a.website, a.twitter, a.facebook, a.label_names), ("", "", "", "", "", "", ""));
    }
    main.attach_details(tiers_lieux::NATIONAL_VENUE_DETAILS.to_vec()).unwrap();
    assert!(main.has_details());
    for i in 0..main.len() {
        assert_eq!(main.get(i), whole.get(i), "venue {i}");
    }
    assert_eq!(main.attach_details(b"not even a container".to_vec()), Ok(()), "a table keeps the details it has");
    let sizes = (tiers_lieux::NATIONAL_VENUES.len(), tiers_lieux::NATIONAL_VENUE_DETAILS.len());
    eprintln!("embedded part {} bytes, details {} bytes", sizes.0, sizes.1);
    assert!(sizes.1 > sizes.0 / 2, "the details are a large part of the table: {sizes:?}");
}

#[test]
fn details_of_another_table_or_damaged_ones_are_refused_without_harm() {
    let venue = |id: &str| Venue {
        id: id.into(),
        name: format!("Lieu {id}"),
        address: "1 rue A".into(),
        position: Some(LatLon::new(48.1, -1.7)),
        types: 1,
        ..Venue::default()
    };
    let (main, details) = encode_split(&[venue("a"), venue("b")], &[]);
    let (_, other_details) = encode_split(&[venue("a"), venue("c")], &[]);
    let t = VenueTable::from_bytes(main.clone()).unwrap();
    assert!(t.attach_details(other_details).is_err(), "same count, other ids");
    assert!(main_part().attach_details(details.clone()).is_err(), "another build's details");
    assert!(t.attach_details(tiers_lieux::NATIONAL_VENUES.to_vec()).is_err(), "the main part is not a details file");
    for cut in [0, 7, 20, details.len() / 2, details.len() - 1] {
        assert!(t.attach_details(details[..cut].to_vec()).is_err(), "cut at {cut}");
    }
    assert!(!t.has_details());
    t.attach_details(details).unwrap();
    assert_eq!(t.get(1).address, "1 rue A");
    // Flipped bytes in the national details: an error or a table that still reads, never a panic.
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for _ in 0..30 {
        let mut bytes = tiers_lieux::NATIONAL_VENUE_DETAILS.to_vec();
        for _ in 0..6 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let i = (seed as usize) % bytes.len();
            bytes[i] ^= 1 << (seed % 5);
        }
        let t = main_part();
        if t.attach_details(bytes).is_ok() {
            let _ = (0..t.len()).map(|i| t.get(i).address.len()).sum::<usize>();
        }
    }
    // A table encoded whole (a partner's list) has its details from the start.
    assert!(VenueTable::from_bytes(encode(&[venue("a")], &[])).unwrap().has_details());
}

struct World {
    finder: Finder,
    places: Places,
}

impl World {
    fn new() -> (World, Model) {
        let (opts, _) = options::parse([("max-results", "5")]);
        let finder = Finder::new(main_part(), opts.scope.clone(), VenueFilter::ALL);
        let config = Config::new(&opts, &finder, None, false);
        let model = Model::new(config, opts.radius_km, false);
        (World { finder, places: common::sliced_places() }, model)
    }
    fn env(&self) -> Env<'_> {
        Env { finder: &self.finder, places: &self.places, page_url: "https://ville.example.fr/" }
    }
    fn send(&self, m: &mut Model, msg: Msg) -> Vec<Effect> {
        update(m, msg, &self.env())
    }
    fn search(&self, m: &mut Model, text: &str) -> Vec<Effect> {
        self.send(m, Msg::Input(text.into()));
        self.send(m, Msg::Key(Key::Enter))
    }
}

fn loads(fx: &[Effect]) -> usize {
    fx.iter().filter(|e| **e == Effect::LoadVenueDetails).count()
}

fn results_events(fx: &[Effect]) -> Vec<String> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Emit(Event::Results { label, .. }) => Some(label.clone()),
            _ => None,
        })
        .collect()
}

fn shows_results(fx: &[Effect]) -> bool {
    fx.contains(&Effect::Render(Part::Results))
}

#[test]
fn results_wait_for_the_details_asked_at_ready_and_show_in_order_when_they_arrive() {
    let (w, mut m) = World::new();
    let fx = w.send(&mut m, Msg::Ready);
    assert!(matches!(fx[0], Effect::Emit(Event::Ready { .. })), "ready is not held: {fx:?}");
    assert_eq!(loads(&fx), 1, "the details are asked for at ready: {fx:?}");

    // The search and its suggestions never wait.
    let fx = w.send(&mut m, Msg::Input("Rennes".into()));
    assert!(fx.contains(&Effect::Render(Part::Suggestions { announce: true })), "{fx:?}");
    let fx = w.send(&mut m, Msg::Key(Key::Enter));
    assert!(!shows_results(&fx) && results_events(&fx).is_empty(), "the list waits: {fx:?}");
    assert_eq!(loads(&fx), 0, "asked once");
    assert!(fx.contains(&Effect::Render(Part::Status)) && fx.contains(&Effect::Render(Part::Input)), "{fx:?}");
    assert_eq!(view::status(&m), "Chargement…");
    assert!(m.details.waiting());
    let fx = w.search(&mut m, "Brest");
    assert!(!shows_results(&fx) && loads(&fx) == 0, "{fx:?}");

    w.finder.table().attach_details(tiers_lieux::NATIONAL_VENUE_DETAILS.to_vec()).unwrap();
    let fx = w.send(&mut m, Msg::VenueDetailsReady);
    assert!(shows_results(&fx), "{fx:?}");
    assert_eq!(results_events(&fx), ["Rennes (35)", "Brest (29)"], "both searches, in order");
    assert!(!m.details.waiting());
    assert!(view::status(&m).starts_with("5 "), "{}", view::status(&m));
    let cards = view::results(&m, &w.env()).cards;
    assert!(cards.iter().any(|c| c.address.is_some()), "the cards have their addresses");

    // From now on nothing waits.
    let fx = w.search(&mut m, "Lille");
    assert!(shows_results(&fx) && results_events(&fx) == ["Lille (59)"], "{fx:?}");
}

#[test]
fn details_failing_show_the_venues_without_them_say_so_once_and_the_next_results_ask_again() {
    let (w, mut m) = World::new();
    w.send(&mut m, Msg::Ready);
    w.search(&mut m, "Rennes");
    let fx = w.send(&mut m, Msg::VenueDetailsFailed("https://x/venues-details.0.bin: HTTP 404".into()));
    assert!(shows_results(&fx) && results_events(&fx) == ["Rennes (35)"], "what waited shows: {fx:?}");
    let errors: Vec<_> = fx.iter().filter(|e| matches!(e, Effect::Emit(Event::Error { code: ErrorCode::DetailsLoad, .. }))).collect();
    assert_eq!(errors.len(), 1, "{fx:?}");
    assert!(m.alert.contains("adresses"), "{}", m.alert);
    assert!(!m.results.is_empty());
    let cards = view::results(&m, &w.env()).cards;
    assert!(cards.iter().all(|c| c.address.is_none()) && !cards.is_empty(), "names and distances, no address");
    assert!(!view::status(&m).contains("Chargement"), "{}", view::status(&m));

    // The next results show at once and ask again; a second failure is not announced again.
    let fx = w.search(&mut m, "Brest");
    assert!(shows_results(&fx) && loads(&fx) == 1, "{fx:?}");
    let fx = w.send(&mut m, Msg::VenueDetailsFailed("again".into()));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Emit(Event::Error { .. }))), "{fx:?}");
    assert!(fx.iter().any(|e| matches!(e, Effect::Warn(t) if t.starts_with("details-load"))), "{fx:?}");
    assert_eq!(loads(&fx), 0, "a failure never asks again by itself");

    w.search(&mut m, "Quimper");
    w.finder.table().attach_details(tiers_lieux::NATIONAL_VENUE_DETAILS.to_vec()).unwrap();
    let fx = w.send(&mut m, Msg::VenueDetailsReady);
    assert!(shows_results(&fx) && fx.contains(&Effect::Render(Part::Selection)), "drawn again with the details: {fx:?}");
    assert!(view::results(&m, &w.env()).cards.iter().any(|c| c.address.is_some()));
}
