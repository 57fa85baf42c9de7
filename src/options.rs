//! Widget options from attributes, `data-*` on the script, or `mount()` options: parsed into
//! typed values, every invalid one replaced by its default with one console warning.

use tiers_lieux_core::{Lang, LatLon, Scope, VenueFilter};

/// Base map choice.
#[derive(Clone, Debug, PartialEq)]
pub enum Tiles {
    Ign,
    Osm,
    /// Offline base map drawn from the bundled département outlines: no third-party request.
    None,
    /// A partner's `{z}/{x}/{y}` URL template.
    Template(String),
}

/// Whether the view lives in the page's URL hash (`history`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum History {
    /// The page's URL is never touched.
    None,
    /// The search, the filters and the selected venue are kept in the page's URL hash: a link
    /// reopens the same view, and Back goes to the previous one.
    Hash,
}

/// When the base map's tiles may be requested (`consent`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consent {
    /// At once.
    None,
    /// Only once the user asks for the map background (or the partner's consent manager calls
    /// `finder.consent(true)`); the offline base map shows until then.
    Click,
}

/// What the widget shows when the partner's list (`src`) cannot be read at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fallback {
    /// The bundled national data, with a message saying so.
    National,
    /// No venue, with a message saying so.
    None,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub lang: Lang,
    pub scope: Scope,
    pub filter: VenueFilter,
    pub center: Option<LatLon>,
    pub zoom: Option<f64>,
    pub tiles: Tiles,
    pub max_results: usize,
    pub radius_km: Option<f64>,
    /// The partner's venue list, as written (resolved against the page's URL by the web layer).
    pub src: Option<String>,
    pub fallback: Fallback,
    pub history: History,
    pub consent: Consent,
    /// Where "report an error" on a venue goes, as written: `https:`, `mailto:` or relative
    /// (resolved against the page's URL by the web layer).
    pub report_url: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::Fr,
            scope: Scope::default(),
            filter: VenueFilter::ALL,
            center: None,
            zoom: None,
            tiles: Tiles::Ign,
            max_results: 10,
            radius_km: None,
            src: None,
            fallback: Fallback::National,
            history: History::None,
            consent: Consent::None,
            report_url: None,
        }
    }
}

/// Every option name, in attribute form.
pub const KNOWN: &[&str] = &[
    "lang",
    "region",
    "departement",
    "types",
    "center",
    "zoom",
    "tiles",
    "max-results",
    "radius-km",
    "src",
    "fallback",
    "history",
    "consent",
    "report-url",
];

/// Parses `(name, value)` pairs (names in attribute form, `max-results`). Returns the options and
/// the warnings to print, one per bad value, in the widget's language (`lang`, wherever it
/// stands among the pairs): each says what was wrong, what the widget does instead, and how to
/// fix it.
pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Options, Vec<String>) {
    let mut o = Options::default();
    // (name, value, French reason, English reason)
    let mut problems: Vec<(String, String, String, String)> = Vec::new();
    let mut bad = |name: &str, value: &str, fr: &str, en: &str| problems.push((name.to_owned(), value.to_owned(), fr.to_owned(), en.to_owned()));
    for (name, raw) in pairs {
        let value = raw.trim();
        match name {
            "lang" => match Lang::parse(value) {
                Some(l) => o.lang = l,
                None => bad(name, raw, "utilisez fr ou en ; français utilisé", "use fr or en; using fr"),
            },
            "region" => match codes(value, |c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_digit()) || c.len() == 3 && c.starts_with("97")) {
                Ok(list) => o.scope.regions = list,
                Err(c) => bad(
                    name,
                    raw,
                    &format!("« {c} » n'est pas un code INSEE de région (53, 84, 11…) ; toutes les régions sont affichées"),
                    &format!("\"{c}\" is not an INSEE région code (53, 84, 11…); showing all régions"),
                ),
            },
            "departement" => match codes(value, is_departement_code) {
                Ok(list) => o.scope.departements = list.into_iter().map(|c| c.to_ascii_uppercase()).collect(),
                Err(c) => bad(
                    name,
                    raw,
                    &format!("« {c} » n'est pas un code de département (35, 2A, 971…) ; tous les départements sont affichés"),
                    &format!("\"{c}\" is not a département code (35, 2A, 971…); showing all départements"),
                ),
            },
            "types" => {
                let (f, unknown) = VenueFilter::from_keys(value.split(','));
                if unknown.is_empty() {
                    o.filter = f;
                } else {
                    let u = unknown.join(", ");
                    bad(
                        name,
                        raw,
                        &format!("type inconnu {u} ; tous les types sont affichés (voir TiersLieux.types)"),
                        &format!("unknown type {u}; showing all types (see TiersLieux.types)"),
                    );
                }
            }
            "center" => match parse_center(value) {
                Some(c) => o.center = Some(c),
                None => bad(
                    name,
                    raw,
                    "attendu « lat,lon » en degrés ; la carte montre tous les lieux",
                    "expected \"lat,lon\" in degrees; fitting the venues instead",
                ),
            },
            "zoom" => match value.parse::<u32>() {
                Ok(z) if z <= 19 => o.zoom = Some(z as f64),
                _ => bad(
                    name,
                    raw,
                    "attendu un entier de 0 à 19 ; la carte montre tous les lieux",
                    "expected an integer from 0 to 19; fitting the venues instead",
                ),
            },
            "tiles" => match value {
                "ign" => o.tiles = Tiles::Ign,
                "osm" => o.tiles = Tiles::Osm,
                "none" => o.tiles = Tiles::None,
                t if is_tile_template(t) => o.tiles = Tiles::Template(t.to_owned()),
                _ => bad(
                    name,
                    raw,
                    "utilisez ign, osm, none ou un modèle d'URL https avec {z}, {x} et {y} ; fond IGN utilisé",
                    "use ign, osm, none or an https URL template with {z}, {x} and {y}; using ign",
                ),
            },
            "max-results" => match value.parse::<usize>() {
                Ok(n) if (1..=50).contains(&n) => o.max_results = n,
                _ => bad(name, raw, "attendu un entier de 1 à 50 ; 10 utilisé", "expected an integer from 1 to 50; using 10"),
            },
            "radius-km" => match value.parse::<f64>() {
                Ok(r) if r.is_finite() && r > 0.0 && r <= 20_000.0 => o.radius_km = Some(r),
                _ => bad(name, raw, "attendu un nombre de kilomètres positif ; pas de rayon", "expected a positive number of kilometres; no radius"),
            },
            "src" => match is_list_url(value) {
                true => o.src = Some(value.to_owned()),
                false => bad(
                    name,
                    raw,
                    "attendu l'adresse http(s) ou relative d'un fichier GeoJSON ou CSV ; données nationales affichées",
                    "expected the http(s) or relative URL of a GeoJSON or CSV file; showing the national data",
                ),
            },
            "fallback" => match value {
                "national" => o.fallback = Fallback::National,
                "none" => o.fallback = Fallback::None,
                _ => bad(name, raw, "utilisez national ou none ; national utilisé", "use national or none; using national"),
            },
            "history" => match value {
                "none" => o.history = History::None,
                "hash" => o.history = History::Hash,
                _ => bad(
                    name,
                    raw,
                    "utilisez none ou hash ; l'adresse de la page n'est pas modifiée",
                    "use none or hash; the page's URL is left alone",
                ),
            },
            "consent" => match value {
                "none" => o.consent = Consent::None,
                "click" => o.consent = Consent::Click,
                _ => bad(
                    name,
                    raw,
                    "utilisez none ou click ; le fond de carte est chargé sans attendre",
                    "use none or click; the base map loads at once",
                ),
            },
            "report-url" => match is_report_url(value) {
                true => o.report_url = Some(value.to_owned()),
                false => bad(
                    name,
                    raw,
                    "attendu une adresse https:, mailto: ou relative ; pas de lien « Signaler une erreur »",
                    "expected an https:, mailto: or relative URL; no \"report an error\" link",
                ),
            },
            _ => bad(name, raw, "option inconnue", "unknown option"),
        }
    }
    let warnings = problems
        .into_iter()
        .map(|(name, value, fr, en)| match o.lang {
            Lang::Fr => format!("option {name}=\"{value}\" ignorée : {fr}"),
            Lang::En => format!("option {name}=\"{value}\" ignored: {en}"),
        })
        .collect();
    (o, warnings)
}

/// A partner list URL: relative (`liste.csv`, `/data/liste.geojson`), or absolute `http(s)`.
/// Other schemes (`javascript:`, `data:`, `file:`) are refused.
fn is_list_url(v: &str) -> bool {
    if v.is_empty() || v.chars().any(|c| c.is_control()) {
        return false;
    }
    match v.split_once(':') {
        // A colon before any slash is a scheme (`https:`); after one, it is part of a path or query.
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https"),
        // Relative, or protocol-relative (`//partenaire.fr/lieux.csv`): the page's own scheme.
        _ => true,
    }
}

/// A "report an error" target: `https:` or `mailto:`, or relative (the partner's own site).
fn is_report_url(v: &str) -> bool {
    if v.is_empty() || v.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    match v.split_once(':') {
        Some((scheme, rest)) if !scheme.contains(['/', '?', '#']) => match scheme.to_ascii_lowercase().as_str() {
            "https" => rest.starts_with("//") && rest.len() > 2,
            "mailto" => rest.contains('@'),
            _ => false,
        },
        // Protocol-relative is another host under the page's scheme: refused, write https://.
        _ => !v.starts_with("//"),
    }
}

fn codes(value: &str, valid: impl Fn(&str) -> bool) -> Result<Vec<String>, String> {
    let list: Vec<String> = value.split(',').map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect();
    match list.iter().find(|c| !valid(c)) {
        Some(c) => Err(c.clone()),
        None if list.is_empty() => Err(String::new()),
        None => Ok(list),
    }
}

fn is_departement_code(c: &str) -> bool {
    let u = c.to_ascii_uppercase();
    (u.len() == 2 && (u.bytes().all(|b| b.is_ascii_digit()) || u == "2A" || u == "2B"))
        || (u.len() == 3 && u.starts_with("97") && u.bytes().all(|b| b.is_ascii_digit()))
}

fn parse_center(v: &str) -> Option<LatLon> {
    let (a, b) = v.split_once(',')?;
    let p = LatLon::new(a.trim().parse().ok()?, b.trim().parse().ok()?);
    p.is_valid().then_some(p)
}

fn is_tile_template(t: &str) -> bool {
    (t.starts_with("https://") || t.starts_with("http://") || t.starts_with('/')) && t.contains("{z}") && t.contains("{x}") && t.contains("{y}")
}

/// `maxResults` → `max-results`.
pub fn attribute_name(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_one(name: &str, value: &str) -> (Options, Vec<String>) {
        parse([(name, value)])
    }

    #[test]
    fn valid_values() {
        let (o, w) = parse([
            ("lang", "en"),
            ("region", "53,52"),
            ("departement", "2a, 971"),
            ("types", "fablab,fabrique-de-territoire"),
            ("center", "48.11, -1.68"),
            ("zoom", "12"),
            ("tiles", "/tiles/{z}/{x}/{y}.png"),
            ("max-results", "5"),
            ("radius-km", "25.5"),
            ("src", "../listes/lieux.csv?v=2"),
            ("fallback", "none"),
            ("history", "hash"),
            ("consent", "click"),
            ("report-url", "mailto:carto@ville.fr"),
        ]);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(o.lang, Lang::En);
        assert_eq!(o.scope.regions, vec!["53", "52"]);
        assert_eq!(o.scope.departements, vec!["2A", "971"]);
        assert_eq!((o.filter.types, o.filter.labels), (2, 1));
        assert_eq!(o.center, Some(LatLon::new(48.11, -1.68)));
        assert_eq!((o.zoom, o.max_results, o.radius_km), (Some(12.0), 5, Some(25.5)));
        assert_eq!(o.tiles, Tiles::Template("/tiles/{z}/{x}/{y}.png".into()));
        assert_eq!((o.src.as_deref(), o.fallback), (Some("../listes/lieux.csv?v=2"), Fallback::None));
        assert_eq!((o.history, o.consent, o.report_url.as_deref()), (History::Hash, Consent::Click, Some("mailto:carto@ville.fr")));
        for ok in ["https://ville.fr/signaler?x=1", "/contact/signaler", "signaler.html", "MAILTO:a@b.fr"] {
            assert_eq!(parse([("report-url", ok)]).0.report_url.as_deref(), Some(ok), "{ok}");
        }
        for ok in ["https://partenaire.fr/lieux.geojson", "lieux.csv", "/a/b.csv?x=http://y", "HTTP://a.fr/l.csv"] {
            assert_eq!(parse([("src", ok)]).0.src.as_deref(), Some(ok), "{ok}");
        }
    }

    #[test]
    fn warnings_follow_lang_wherever_it_stands() {
        let (_, w) = parse([("zoom", "big"), ("lang", "en")]);
        assert_eq!(w, ["option zoom=\"big\" ignored: expected an integer from 0 to 19; fitting the venues instead"]);
        let (_, w) = parse([("zoom", "big")]);
        assert_eq!(w, ["option zoom=\"big\" ignorée : attendu un entier de 0 à 19 ; la carte montre tous les lieux"]);
    }

    #[test]
    fn invalid_values_fall_back_and_say_so() {
        for (name, value) in [
            ("lang", "de"),
            ("region", "Bretagne"),
            ("departement", "100"),
            ("types", "bar"),
            ("center", "48.1"),
            ("zoom", "big"),
            ("tiles", "javascript:alert(1)"),
            ("max-results", "0"),
            ("max-results", "51"),
            ("radius-km", "-3"),
            ("colour", "red"),
            ("src", "javascript:alert(1)"),
            ("src", "data:text/csv,nom"),
            ("src", ""),
            ("fallback", "maybe"),
            ("history", "yes"),
            ("consent", "later"),
            ("report-url", "http://ville.fr/form"),
            ("report-url", "javascript:alert(1)"),
            ("report-url", "//autre.fr/x"),
            ("report-url", "mailto:"),
            ("report-url", "https://ville.fr/a b"),
        ] {
            let (o, w) = parse_one(name, value);
            assert_eq!(w.len(), 1, "{name}={value}");
            assert!(w[0].contains(name), "{}", w[0]);
            let defaults = Options::default();
            assert_eq!(o, defaults, "{name}={value} must leave the defaults");
        }
    }

    #[test]
    fn camel_case_names() {
        assert_eq!(attribute_name("maxResults"), "max-results");
        assert_eq!(attribute_name("radiusKm"), "radius-km");
        assert_eq!(attribute_name("reportUrl"), "report-url");
        assert_eq!(attribute_name("lang"), "lang");
    }
}
