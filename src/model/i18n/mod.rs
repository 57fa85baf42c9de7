//! Every string the widget shows, in French and English.

use tiers_lieux_core::Lang;

pub struct Strings {
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub locate: &'static str,
    pub locating: &'static str,
    pub results_heading: &'static str,
    pub map_label: &'static str,
    pub skip_map: &'static str,
    pub as_the_crow_flies: &'static str,
    pub website: &'static str,
    pub commune_level: &'static str,
    pub your_position: &'static str,
    pub start_hint: &'static str,
    pub no_result: &'static str,
    pub no_suggestion: &'static str,
    pub loading: &'static str,
    pub no_position_commune: &'static str,
    pub geo_denied: &'static str,
    pub geo_unavailable: &'static str,
    pub geo_timeout: &'static str,
    pub geo_insecure: &'static str,
    pub geo_unsupported: &'static str,
    pub gazetteer_failed: &'static str,
    pub data_line: &'static str,
    pub base_map: &'static str,
    pub opens_new_window: &'static str,
    pub close_details: &'static str,
    pub details_of: &'static str,
    pub source: &'static str,
    pub two_fingers: &'static str,
    pub zoom_in: &'static str,
    /// A cluster on the map: `{n}` venues, Enter zooms in on them.
    pub cluster: &'static str,
    /// Told after a cluster was opened: `{n}` venues, now shown apart or in smaller groups.
    pub cluster_opened: &'static str,
    pub zoom_out: &'static str,
    pub close_popup: &'static str,
    pub dismiss: &'static str,
    pub show_rows: &'static str,
    pub list_failed: &'static str,
    pub list_failed_national: &'static str,
    pub list_failed_empty: &'static str,
    pub tiles_failed: &'static str,
    pub geo_blocked_by_page: &'static str,
    pub filters_label: &'static str,
    pub types_legend: &'static str,
    pub distance_label: &'static str,
    pub any_distance: &'static str,
    pub go_there: &'static str,
    pub maps_app: &'static str,
    pub osm_directions: &'static str,
    pub geoportail: &'static str,
    pub report_error: &'static str,
    pub copy_link: &'static str,
    pub share: &'static str,
    pub share_results: &'static str,
    pub link_copied: &'static str,
    pub link_copy_failed: &'static str,
    pub show_base_map: &'static str,
    pub social: &'static str,
    pub label_source: &'static str,
    pub website_label: &'static str,
}

pub const FR: Strings = Strings {
    search_label: "Commune, code postal ou nom d'un lieu",
    search_placeholder: "Ex. : Rennes, 35000, Saint-Malo",
    locate: "Autour de moi",
    locating: "Recherche de votre position…",
    results_heading: "Tiers-lieux les plus proches",
    map_label: "Carte des tiers-lieux",
    skip_map: "Passer la carte",
    as_the_crow_flies: "à vol d'oiseau",
    website: "Site web",
    commune_level: "Position approximative : centre de la commune",
    your_position: "Votre position",
    start_hint: "Cherchez une commune ou un code postal, ou utilisez « Autour de moi », pour voir les tiers-lieux les plus proches.",
    no_result: "Aucun tiers-lieu trouvé avec ces critères.",
    no_suggestion: "Aucune commune ni aucun lieu ne correspond.",
    loading: "Chargement…",
    no_position_commune: "Cette commune n'a pas de position connue : choisissez une commune voisine ou utilisez « Autour de moi ».",
    geo_denied: "La localisation a été refusée. Vous pouvez l'autoriser dans les réglages du navigateur, ou chercher votre commune.",
    geo_unavailable: "Votre position n'a pas pu être déterminée. Cherchez votre commune à la place.",
    geo_timeout: "La localisation a pris trop de temps. Réessayez, ou cherchez votre commune.",
    geo_insecure: "La localisation n'est possible que sur une page sécurisée (https). Cherchez votre commune à la place.",
    geo_unsupported: "Ce navigateur ne permet pas la localisation. Cherchez votre commune à la place.",
    gazetteer_failed: "La liste des communes n'a pas pu être chargée : la recherche porte seulement sur les noms des lieux.",
    data_line: "Données : ANCT, Mission Coworking 2019 ; ANCT 2024 ; INSEE COG 2026 ; IGN — Licence Ouverte 2.0",
    base_map: "Fond de carte",
    opens_new_window: "(nouvelle fenêtre)",
    close_details: "Fermer les détails",
    details_of: "Détails",
    source: "Données : ANCT, Mission Coworking 2019 (informations de 2019, à vérifier auprès du lieu)",
    two_fingers: "Utilisez deux doigts pour déplacer la carte",
    zoom_in: "Zoom avant",
    cluster: "{n} lieux ici : rapprocher la carte",
    cluster_opened: "Carte rapprochée sur {n} lieux.",
    zoom_out: "Zoom arrière",
    close_popup: "Fermer la bulle",
    dismiss: "Masquer ce message",
    show_rows: "Voir lesquelles",
    list_failed: "La liste des lieux de ce site n'a pas pu être chargée",
    list_failed_national: "les lieux affichés sont ceux de la base nationale (2019).",
    list_failed_empty: "aucun lieu ne peut être affiché pour le moment. Réessayez plus tard.",
    tiles_failed: "Le fond de carte n'a pas pu être chargé. La liste des lieux reste complète.",
    geo_blocked_by_page: "Cette page ne permet pas la localisation dans le cadre où s'affiche la recherche. Cherchez votre commune à la place.",
    filters_label: "Filtrer les lieux",
    types_legend: "Type de lieu",
    distance_label: "Distance",
    any_distance: "Toutes distances",
    go_there: "Y aller",
    maps_app: "Application de cartes",
    osm_directions: "OpenStreetMap (itinéraire)",
    geoportail: "Géoportail",
    report_error: "Signaler une erreur sur ce lieu",
    copy_link: "Copier le lien",
    share: "Partager",
    share_results: "Copier le lien de cette recherche",
    link_copied: "Lien copié.",
    link_copy_failed: "Le lien n'a pas pu être copié automatiquement. Sélectionnez-le pour le copier :",
    show_base_map: "Afficher le fond de carte",
    social: "Réseaux",
    label_source: "Labels : ANCT 2024",
    website_label: "Site :",
};

pub const EN: Strings = Strings {
    search_label: "Town, postcode or name of a place",
    search_placeholder: "E.g. Rennes, 35000, Saint-Malo",
    locate: "Around me",
    locating: "Finding your position…",
    results_heading: "Nearest third places",
    map_label: "Map of third places",
    skip_map: "Skip the map",
    as_the_crow_flies: "as the crow flies",
    website: "Website",
    commune_level: "Approximate position: centre of the commune",
    your_position: "Your position",
    start_hint: "Search for a town or a postcode, or use “Around me”, to see the nearest third places.",
    no_result: "No third place matches these criteria.",
    no_suggestion: "No town or place matches.",
    loading: "Loading…",
    no_position_commune: "This commune has no known position: choose a neighbouring one or use “Around me”.",
    geo_denied: "Location was refused. You can allow it in the browser settings, or search for your town.",
    geo_unavailable: "Your position could not be found. Search for your town instead.",
    geo_timeout: "Finding your position took too long. Try again, or search for your town.",
    geo_insecure: "Location only works on a secure (https) page. Search for your town instead.",
    geo_unsupported: "This browser cannot share your location. Search for your town instead.",
    gazetteer_failed: "The list of towns could not be loaded: search only covers the names of places.",
    data_line: "Data: ANCT, Mission Coworking 2019; ANCT 2024; INSEE COG 2026; IGN — Licence Ouverte 2.0",
    base_map: "Base map",
    opens_new_window: "(new window)",
    close_details: "Close details",
    details_of: "Details",
    source: "Data: ANCT, Mission Coworking 2019 (information from 2019: check with the place)",
    two_fingers: "Use two fingers to move the map",
    zoom_in: "Zoom in",
    cluster: "{n} venues here: zoom in",
    cluster_opened: "Map zoomed in on {n} venues.",
    zoom_out: "Zoom out",
    close_popup: "Close popup",
    dismiss: "Dismiss this message",
    show_rows: "Show which",
    list_failed: "This site's list of places could not be loaded",
    list_failed_national: "the places shown come from the national database (2019).",
    list_failed_empty: "no place can be shown for now. Please try again later.",
    tiles_failed: "The base map could not be loaded. The list of places is still complete.",
    geo_blocked_by_page: "This page does not allow location in the frame that shows the search. Search for your town instead.",
    filters_label: "Filter places",
    types_legend: "Type of place",
    distance_label: "Distance",
    any_distance: "Any distance",
    go_there: "Get there",
    maps_app: "Maps app",
    osm_directions: "OpenStreetMap (directions)",
    geoportail: "Géoportail",
    report_error: "Report an error about this place",
    copy_link: "Copy link",
    share: "Share",
    share_results: "Copy the link to this search",
    link_copied: "Link copied.",
    link_copy_failed: "The link could not be copied automatically. Select it to copy it:",
    show_base_map: "Show the map background",
    social: "Social media",
    label_source: "Labels: ANCT 2024",
    website_label: "Website:",
};

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

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
pub fn fetch_error(e: &super::data::FetchError, lang: Lang) -> String {
    use super::data::FetchError::*;
    match (e, lang) {
        (Network(m), Lang::Fr) => format!("le serveur n'a pas répondu ({m})"),
        (Network(m), Lang::En) => format!("the server did not answer ({m})"),
        (Http(code), Lang::Fr) => format!("le serveur a répondu HTTP {code}"),
        (Http(code), Lang::En) => format!("the server answered HTTP {code}"),
        (TimedOut, Lang::Fr) => format!("rien reçu pendant {} s", super::data::IDLE_TIMEOUT_MS / 1000),
        (TimedOut, Lang::En) => format!("nothing received for {} s", super::data::IDLE_TIMEOUT_MS / 1000),
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
    let w = if new_window { format!(" {}", strings(lang).opens_new_window) } else { String::new() };
    match lang {
        Lang::Fr => format!("Y aller à {name} avec {service}{w}"),
        Lang::En => format!("Get to {name} with {service}{w}"),
    }
}
