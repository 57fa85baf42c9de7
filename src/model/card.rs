//! A venue's card as plain data: the summary (distance, commune, kinds, address) and the details
//! (position note, labels, website, social links, « Y aller », « Signaler une erreur », source).
//! Built once per result; the web layer renders it in the list and clones it into the popup.
//! Venue text stays text: links are only the core's safe ones.

use tiers_lieux_core::links::{self, safe_href};
use tiers_lieux_core::venues::{keys_of, FLAG_COMMUNE_LEVEL, LABELS, TYPES};
use tiers_lieux_core::{Lang, LatLon, VenueRef};

use super::i18n::{self, colon};

/// A link the widget writes: `href` is always http(s), mailto:, tel: or geo:.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub href: String,
    pub text: String,
    /// Said to screen readers only, after the text.
    pub sr: String,
    pub new_window: bool,
    /// `rel` of a link opening in a new window.
    pub rel: &'static str,
    /// Extra classes besides `tl-link`.
    pub class: &'static str,
}

/// A venue's website: a link, or text when the value is not a safe address.
#[derive(Clone, Debug, PartialEq)]
pub enum Website {
    Link(Link),
    Text(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct VenueCard {
    pub id: String,
    /// Table index (the DOM ids `tl-r-N` and `tl-d-N`).
    pub index: usize,
    /// 1-based rank in the results.
    pub number: usize,
    pub name: String,
    pub position: LatLon,
    /// "1,2 km" and "à vol d'oiseau"; for a venue known only by its commune, where it is known
    /// to be ("dans la commune", "à 12 km environ") and nothing after.
    pub distance: Option<(String, &'static str)>,
    /// "Rennes (35)".
    pub place: Option<String>,
    /// "Coworking · Fab lab".
    pub kinds: String,
    pub address: Option<String>,
    /// "Site : …" printed under the address (details stay closed on paper).
    pub print_website: Option<String>,
    pub details: Details,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Details {
    /// "Détails : NAME".
    pub label: String,
    pub commune_level: Option<&'static str>,
    pub label_names: Option<String>,
    /// What the source says beyond the name (an ANCT project's whole text), one paragraph per line.
    pub description: Option<String>,
    pub website: Option<Website>,
    /// "Réseaux : " and the links.
    pub social: Option<(String, Vec<Link>)>,
    /// "Y aller : " and the phone's map app, OpenStreetMap, Géoportail.
    pub go: (String, Vec<Link>),
    pub report: Option<Link>,
    pub sources: Vec<String>,
    /// "Partager" / "Copier le lien" with its accessible suffix (with `history="hash"`).
    pub share: Option<(&'static str, String)>,
    pub close: &'static str,
}

/// What a card needs besides the venue.
pub struct CardContext<'a> {
    pub lang: Lang,
    /// The partner's `report-url`, absolute.
    pub report_url: Option<&'a str>,
    /// "Source : …" (the national base or the partner's site).
    pub source_line: &'a str,
    /// The national base's source line: label programmes are credited only under it.
    pub national: bool,
    /// The page's URL, named in a "report an error" e-mail.
    pub page_url: &'a str,
    /// Share buttons (with `history="hash"`): "Partager" opens the phone's sheet, else copy.
    pub share: Option<bool>,
}

fn new_window_link(href: &str, class: &'static str, text: &str, sr: String) -> Link {
    Link { href: href.to_owned(), text: text.to_owned(), sr, new_window: true, rel: "noopener noreferrer", class }
}

impl VenueCard {
    pub fn new(v: &VenueRef, number: usize, distance_km: Option<f64>, c: &CardContext) -> VenueCard {
        let t = i18n::strings(c.lang);
        let lang = c.lang;
        let mut place = v.commune.to_owned();
        if !v.departement.is_empty() && !place.is_empty() {
            place.push_str(&format!(" ({})", v.departement));
        }
        let kinds = keys_of(v.types, TYPES)
            .chain(keys_of(v.labels, LABELS))
            .map(|k| match lang {
                Lang::Fr => k.label_fr,
                Lang::En => k.label_en,
            })
            .collect::<Vec<_>>()
            .join(" · ");
        let address = (!v.address.is_empty()).then(|| {
            let town = [v.postcode, v.commune].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
            if town.is_empty() {
                v.address.to_owned()
            } else {
                format!("{}, {town}", v.address)
            }
        });
        VenueCard {
            id: v.id.to_owned(),
            index: v.index,
            number,
            name: v.name.to_owned(),
            position: v.position,
            distance: distance_km.map(|d| {
                if v.flags & FLAG_COMMUNE_LEVEL != 0 {
                    (i18n::approximate_distance(d, v.position_radius_km, lang), "")
                } else {
                    (i18n::distance(d, lang), t.as_the_crow_flies)
                }
            }),
            place: (!place.is_empty()).then_some(place),
            kinds,
            address,
            print_website: (!v.website.is_empty()).then(|| format!("{} {}", t.website_label, v.website)),
            details: Details::new(v, c),
        }
    }
}

impl Details {
    fn new(v: &VenueRef, c: &CardContext) -> Details {
        let (t, lang) = (i18n::strings(c.lang), c.lang);
        let website = (!v.website.is_empty()).then(|| match safe_href(v.website) {
            Some(href) => Website::Link(new_window_link(href, "", t.website, format!(" {} {}", v.name, t.opens_new_window))),
            None => Website::Text(v.website.to_owned()),
        });
        let social: Vec<Link> = [v.twitter, v.facebook]
            .iter()
            .flat_map(|raw| links::social_links(raw))
            .map(|url| new_window_link(&url, "", links::display_url(&url), format!(" {}", t.opens_new_window)))
            .collect();
        let d = links::directions(v.position, v.name);
        let go = vec![
            Link {
                href: d.geo,
                text: t.maps_app.to_owned(),
                sr: format!(" ({})", i18n::go_there_with(v.name, t.maps_app, false, lang)),
                new_window: false,
                rel: "",
                class: "tl-go-geo",
            },
            new_window_link(&d.osm, "tl-go-osm", t.osm_directions, format!(" ({})", i18n::go_there_with(v.name, "OpenStreetMap", true, lang))),
            new_window_link(&d.geoportail, "tl-go-geoportail", t.geoportail, format!(" ({})", i18n::go_there_with(v.name, "Géoportail", true, lang))),
        ];
        let report = c.report_url.and_then(|r| links::report_href(r, v.id, v.name, c.page_url)).map(|href| {
            let mail = href.starts_with("mailto:");
            let sr = if mail { format!(" ({})", v.name) } else { format!(" ({}) {}", v.name, t.opens_new_window) };
            // The partner's own form may use the referring page.
            Link { href, text: t.report_error.to_owned(), sr, new_window: !mail, rel: "noopener", class: "tl-report-link" }
        });
        let mut sources = vec![if v.source.is_empty() { c.source_line.to_owned() } else { i18n::venue_source(v.source, lang) }];
        if v.labels != 0 && c.national {
            sources.push(t.label_source.to_owned());
        }
        Details {
            label: i18n::details_of(v.name, lang),
            commune_level: (v.flags & FLAG_COMMUNE_LEVEL != 0).then_some(t.commune_level),
            label_names: (!v.label_names.is_empty()).then(|| v.label_names.to_owned()),
            description: (!v.description.is_empty()).then(|| v.description.to_owned()),
            website,
            social: (!social.is_empty()).then(|| (format!("{}{}", t.social, colon(lang)), social)),
            go: (format!("{}{}", t.go_there, colon(lang)), go),
            report,
            sources,
            share: c.share.map(|sheet| (if sheet { t.share } else { t.copy_link }, format!(" ({})", v.name))),
            close: t.close_details,
        }
    }
}
