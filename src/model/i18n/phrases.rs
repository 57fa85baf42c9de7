//! Phrases built from values (counts, distances, hosts, names), in French and English.

use tiers_lieux_core::{Lang, SuggestionKind};

use super::{EN, FR};
use crate::model::outcome::{FetchError, GeoFailure, IDLE_TIMEOUT_MS};

/// "12,3 km" (fr) or "12.3 km" (en); metres under 1 km.
pub fn distance(km: f64, lang: Lang) -> String {
    let s = if km < 1.0 {
        format!("{} m", ((km * 1000.0) / 10.0).round() * 10.0)
    } else if km < 10.0 {
        format!("{:.1} km", km)
    } else {
        format!("{:.0} km", km)
    };
    match lang {
        Lang::Fr => s.replace('.', ","),
        Lang::En => s,
    }
}

/// Where a venue known only by its commune's centre is, from an origin `km` from that centre
/// (`radius_km`: the commune's rough radius): never a precise distance.
pub fn approximate_distance(km: f64, radius_km: f64, lang: Lang) -> String {
    // Within the commune's disk (at least half a kilometre): the origin is in the commune.
    if km <= radius_km.max(0.5) {
        return match lang {
            Lang::Fr => "dans la commune",
            Lang::En => "in the commune",
        }
        .to_owned();
    }
    let n = km.round().max(1.0);
    match lang {
        Lang::Fr => format!("à {n} km environ"),
        Lang::En => format!("about {n} km away"),
    }
}

pub fn suggestions_count(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Fr, 0) => FR.no_suggestion.to_owned(),
        (Lang::Fr, 1) => "1 suggestion. Flèches haut et bas pour choisir, Entrée pour valider.".to_owned(),
        (Lang::Fr, n) => format!("{n} suggestions. Flèches haut et bas pour choisir, Entrée pour valider."),
        (Lang::En, 0) => EN.no_suggestion.to_owned(),
        (Lang::En, 1) => "1 suggestion. Use up and down arrows to choose, Enter to confirm.".to_owned(),
        (Lang::En, n) => format!("{n} suggestions. Use up and down arrows to choose, Enter to confirm."),
    }
}

pub fn results_count(n: usize, origin: &str, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Fr, 0) => FR.no_result.to_owned(),
        (Lang::Fr, 1) => format!("1 tiers-lieu trouvé près de {origin}."),
        (Lang::Fr, n) => format!("{n} tiers-lieux trouvés près de {origin}, du plus proche au plus lointain."),
        (Lang::En, 0) => EN.no_result.to_owned(),
        (Lang::En, 1) => format!("1 third place found near {origin}."),
        (Lang::En, n) => format!("{n} third places found near {origin}, nearest first."),
    }
}

/// "3 lignes de la liste de lieux de ce site ne sont pas affichées."
pub fn rows_not_shown(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Fr, 1) => "1 ligne de la liste de lieux de ce site n'est pas affichée.".to_owned(),
        (Lang::Fr, n) => format!("{n} lignes de la liste de lieux de ce site ne sont pas affichées."),
        (Lang::En, 1) => "1 row of this site's list of places is not shown.".to_owned(),
        (Lang::En, n) => format!("{n} rows of this site's list of places are not shown."),
    }
}

/// Why a partner list could not be fetched, for the user and the webmaster.
pub fn fetch_error(e: &FetchError, lang: Lang) -> String {
    use FetchError::*;
    match (e, lang) {
        (Network(m), Lang::Fr) => format!("le serveur n'a pas répondu ({m})"),
        (Network(m), Lang::En) => format!("the server did not answer ({m})"),
        (Http(code), Lang::Fr) => format!("le serveur a répondu HTTP {code}"),
        (Http(code), Lang::En) => format!("the server answered HTTP {code}"),
        (TimedOut, Lang::Fr) => format!("rien reçu pendant {} s", IDLE_TIMEOUT_MS / 1000),
        (TimedOut, Lang::En) => format!("nothing received for {} s", IDLE_TIMEOUT_MS / 1000),
        (TooLarge(n), Lang::Fr) => format!("liste trop grande ({n} octets, au plus {})", tiers_lieux_core::partner::MAX_BYTES),
        (TooLarge(n), Lang::En) => format!("list too large ({n} bytes, at most {})", tiers_lieux_core::partner::MAX_BYTES),
    }
}

/// The attribution line under the map when the venues come from the partner's site `host`.
pub fn partner_data_line(host: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("Lieux : liste publiée par {host} ; communes : INSEE COG 2026 ; IGN — Licence Ouverte 2.0"),
        Lang::En => format!("Places: list published by {host}; towns: INSEE COG 2026; IGN — Licence Ouverte 2.0"),
    }
}

/// The source line of a venue's details when the venue has its own (a regional list merged in:
/// « MapLab Bretagne (…), 2020 — CC BY 4.0 »).
pub fn venue_source(source: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("Données : {source} (informations de cette date, à vérifier auprès du lieu)"),
        Lang::En => format!("Data: {source} (information of that date: check with the place)"),
    }
}

/// The attribution line under the map, with the own sources of the venues in scope after it.
pub fn data_line_with(line: &str, sources: &[&str], lang: Lang) -> String {
    let sep = match lang {
        Lang::Fr => " ; ",
        Lang::En => "; ",
    };
    sources.iter().fold(line.to_owned(), |acc, s| format!("{acc}{sep}{s}"))
}

/// The source line of a venue's details when it comes from the partner's site `host`.
pub fn partner_source(host: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("Source : liste publiée par {host}"),
        Lang::En => format!("Source: list published by {host}"),
    }
}

/// "5 km (3 lieux)": a distance choice with the number of venues within it.
pub fn radius_choice(km: f64, count: Option<usize>, lang: Lang) -> String {
    let d = distance(km, lang);
    match (count, lang) {
        (None, _) => d,
        (Some(n), Lang::Fr) => format!("{d} ({n} {})", if n == 1 { "lieu" } else { "lieux" }),
        (Some(n), Lang::En) => format!("{d} ({n} {})", if n == 1 { "place" } else { "places" }),
    }
}

/// "Le fond de carte vient de data.geopf.fr …": what asking for the map background means.
pub fn consent_explain(host: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("Carte simplifiée. Le fond de carte détaillé vient de {host} : l'afficher envoie des demandes à ce serveur."),
        Lang::En => format!("Simplified map. The detailed map background comes from {host}: showing it sends requests to that server."),
    }
}

/// The accessible name of a "Y aller" link: "Y aller à NAME avec SERVICE (nouvelle fenêtre)".
pub fn go_there_with(name: &str, service: &str, new_window: bool, lang: Lang) -> String {
    let w = if new_window { format!(" {}", super::strings(lang).opens_new_window) } else { String::new() };
    match lang {
        Lang::Fr => format!("Y aller à {name} avec {service}{w}"),
        Lang::En => format!("Get to {name} with {service}{w}"),
    }
}

/// " : " in French, ": " in English.
pub fn colon(lang: Lang) -> &'static str {
    super::strings(lang).colon
}

/// What a suggestion is, in words, after its label.
pub fn kind_word(kind: SuggestionKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (SuggestionKind::Commune, Lang::Fr) => "commune",
        (SuggestionKind::Commune, Lang::En) => "town",
        (SuggestionKind::Postcode, Lang::Fr) => "code postal",
        (SuggestionKind::Postcode, Lang::En) => "postcode",
        (SuggestionKind::Departement, _) => "département",
        (SuggestionKind::Venue, Lang::Fr) => "lieu",
        (SuggestionKind::Venue, Lang::En) => "place",
    }
}

/// The accessible name of a venue's details: "Détails : NAME".
pub fn details_of(name: &str, lang: Lang) -> String {
    format!("{}{}{name}", super::strings(lang).details_of, colon(lang))
}

/// The last line of a long list of rows in a notice (every row is in the console and the event).
pub fn more_rows(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("… et {n} autres (toutes dans la console et l'événement tierslieux:error)"),
        Lang::En => format!("… and {n} more (all in the console and the tierslieux:error event)"),
    }
}

/// The console's head line over the rows of a partner list shown with a remark.
pub fn rows_with_remarks(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("liste partenaire : {n} ligne(s) affichée(s) avec une remarque :"),
        Lang::En => format!("partner list: {n} row(s) shown with a remark:"),
    }
}

/// Why a partner list's `src` was not even requested.
pub fn not_http(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "ce n'est pas une adresse http(s)",
        Lang::En => "not an http(s) URL",
    }
}

/// What the webmaster checks when the partner list could not be loaded (console and event).
pub fn list_failed_fix(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "vérifiez l'adresse de src, que le fichier est servi (HTTP 200) en GeoJSON ou CSV, et, s'il est sur un autre site, qu'il envoie Access-Control-Allow-Origin et que la directive connect-src de votre Content-Security-Policy l'autorise",
        Lang::En => "check the src URL, that the file is served (HTTP 200) as GeoJSON or CSV and, when it is on another site, that it sends Access-Control-Allow-Origin and your Content-Security-Policy's connect-src allows it",
    }
}

/// What the webmaster checks when a base map tile failed (console).
pub fn tiles_failed_fix(tile_url: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("une tuile du fond de carte n'a pas pu être chargée ({tile_url}) : vérifiez que ce serveur répond et que la directive img-src de votre Content-Security-Policy l'autorise, ou utilisez tiles=\"none\""),
        Lang::En => format!("a base map tile could not be loaded ({tile_url}): check that this server answers and that your Content-Security-Policy's img-src allows it, or use tiles=\"none\""),
    }
}

/// Console self-check: the widget sits in a frame that does not allow geolocation.
pub fn geolocation_frame_check(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "le widget est dans un <iframe> qui n'autorise pas la localisation : « Autour de moi » ne fonctionnera pas. Ajoutez allow=\"geolocation\" à la balise <iframe>.",
        Lang::En => "the widget is in an <iframe> that does not allow location: \"Around me\" will not work. Add allow=\"geolocation\" to the <iframe> tag.",
    }
}

/// Console: more than one widget of the page keeps its view in the URL.
pub fn several_history_widgets(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "plusieurs widgets de cette page ont history=\"hash\" : l'adresse de la page ne peut garder la vue que d'un seul. Laissez history=\"hash\" sur un seul widget.",
        Lang::En => "several widgets of this page have history=\"hash\": the page's URL can only keep one view. Keep history=\"hash\" on one widget.",
    }
}

/// The sentence a person reads when "around me" failed.
pub fn geo_failure(f: GeoFailure, lang: Lang) -> &'static str {
    let t = super::strings(lang);
    match f {
        GeoFailure::Insecure => t.geo_insecure,
        GeoFailure::BlockedByPage => t.geo_blocked_by_page,
        GeoFailure::Unsupported => t.geo_unsupported,
        GeoFailure::Denied => t.geo_denied,
        GeoFailure::DeniedInFrame => t.geo_denied_in_frame,
        GeoFailure::Timeout => t.geo_timeout,
        GeoFailure::Unavailable => t.geo_unavailable,
    }
}

/// "Carte rapprochée sur 12 lieux." once a cluster opened.
pub fn cluster_opened(n: u32, lang: Lang) -> String {
    super::strings(lang).cluster_opened.replace("{n}", &n.to_string())
}

/// A cluster's accessible name: "12 lieux ici : rapprocher la carte".
pub fn cluster_name(n: u32, lang: Lang) -> String {
    super::strings(lang).cluster.replace("{n}", &n.to_string())
}

/// The « Filtres » button of a narrow widget, with how many filters are on.
pub fn filters_button(on: usize, lang: Lang) -> String {
    let word = super::strings(lang).filters_button;
    if on == 0 {
        word.to_owned()
    } else {
        format!("{word} ({on})")
    }
}
