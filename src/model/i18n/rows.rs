//! A partner list's row reasons and read errors: typed in the core (`partner::Problem`,
//! `partner::PartnerError`), written here for the partner who must fix them.

use tiers_lieux_core::csv::CsvError;
use tiers_lieux_core::partner::{self, PartnerError, Problem};
use tiers_lieux_core::Lang;

/// The reason a row was not shown or was shown with a caveat, in `lang`, for the partner who
/// must fix it.
pub fn row_reason(problem: &Problem, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    match problem {
        Problem::MissingName => {
            if fr {
                "nom manquant".into()
            } else {
                "name missing".into()
            }
        }
        Problem::MissingCoordinates { name } => {
            if fr {
                format!("« {name} » : coordonnées manquantes")
            } else {
                format!("\u{201c}{name}\u{201d}: coordinates missing")
            }
        }
        Problem::UnreadableCoordinates { name, lat, lon } => {
            if fr {
                format!("« {name} » : coordonnées illisibles ({lat}, {lon})")
            } else {
                format!("\u{201c}{name}\u{201d}: unreadable coordinates ({lat}, {lon})")
            }
        }
        Problem::OutsideFrance { name, lat, lon, swapped } => match (fr, swapped) {
            (true, false) => format!("« {name} » : position hors de France ({lat}, {lon})"),
            (true, true) => format!("« {name} » : position hors de France ({lat}, {lon}) : latitude et longitude inversées ?"),
            (false, false) => format!("\u{201c}{name}\u{201d}: position outside France ({lat}, {lon})"),
            (false, true) => format!("\u{201c}{name}\u{201d}: position outside France ({lat}, {lon}): latitude and longitude swapped?"),
        },
        Problem::DuplicateId { name, id, first_line } => {
            if fr {
                format!("« {name} » : identifiant « {id} » déjà utilisé (ligne {first_line})")
            } else {
                format!("\u{201c}{name}\u{201d}: id \u{201c}{id}\u{201d} already used (line {first_line})")
            }
        }
        Problem::NotAPoint { geometry } => {
            if fr {
                format!("géométrie « {geometry} » : seul un point (Point) situe un lieu")
            } else {
                format!("geometry \u{201c}{geometry}\u{201d}: only a Point locates a place")
            }
        }
        Problem::OutOfScope { name, scope } => {
            if fr {
                format!("« {name} » : hors du périmètre du widget ({scope})")
            } else {
                format!("\u{201c}{name}\u{201d}: outside the widget's scope ({scope})")
            }
        }
        Problem::NotUtf8 => {
            if fr {
                "texte qui n'est pas en UTF-8 : caractères remplacés par \u{FFFD}".into()
            } else {
                "text that is not UTF-8: characters replaced by \u{FFFD}".into()
            }
        }
        Problem::TooLong { field } => {
            if fr {
                format!("{field} de plus de {} caractères : coupé", partner::MAX_FIELD_CHARS)
            } else {
                format!("{field} longer than {} characters: cut", partner::MAX_FIELD_CHARS)
            }
        }
        Problem::UnknownType { value } => {
            if fr {
                format!("type inconnu « {value} » ignoré (types connus : {})", partner::type_keys())
            } else {
                format!("unknown type \u{201c}{value}\u{201d} ignored (known types: {})", partner::type_keys())
            }
        }
        Problem::WebsiteAsText { name } => {
            if fr {
                format!("« {name} » : site web qui n'est pas une adresse http(s), mailto: ou tel: : affiché comme texte, sans lien")
            } else {
                format!("\u{201c}{name}\u{201d}: website that is not an http(s), mailto: or tel: address: shown as text, not as a link")
            }
        }
        Problem::UnknownDepartement { name } => {
            if fr {
                format!("« {name} » : département inconnu (ni code_insee ni code postal) : affiché quel que soit le périmètre")
            } else {
                format!("\u{201c}{name}\u{201d}: unknown département (no code_insee nor postcode): shown whatever the scope")
            }
        }
    }
}

/// Why a partner list could not be read at all, in `lang`.
pub fn list_error(e: &PartnerError, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    match e {
        PartnerError::TooLarge { bytes } => {
            if fr {
                format!("liste trop grande ({bytes} octets, au plus {})", partner::MAX_BYTES)
            } else {
                format!("list too large ({bytes} bytes, at most {})", partner::MAX_BYTES)
            }
        }
        PartnerError::Empty => {
            if fr {
                "liste vide".into()
            } else {
                "empty list".into()
            }
        }
        PartnerError::NotJson(e) => {
            if fr {
                format!("GeoJSON illisible : {e}")
            } else {
                format!("unreadable GeoJSON: {e}")
            }
        }
        PartnerError::NotFeatureCollection => {
            if fr {
                "le GeoJSON n'est pas une FeatureCollection".into()
            } else {
                "the GeoJSON is not a FeatureCollection".into()
            }
        }
        PartnerError::Csv(e) => {
            let why = match (e, fr) {
                (CsvError::UnterminatedQuote { line }, true) => format!("guillemet non fermé (ligne {line})"),
                (CsvError::UnterminatedQuote { line }, false) => format!("unclosed quote (line {line})"),
                (CsvError::Empty, true) => "fichier vide".to_owned(),
                (CsvError::Empty, false) => "empty file".to_owned(),
            };
            if fr {
                format!("CSV illisible : {why}")
            } else {
                format!("unreadable CSV: {why}")
            }
        }
        PartnerError::MissingColumns(c) => {
            if fr {
                format!("ni GeoJSON ni CSV lisible : colonnes obligatoires absentes : {}", c.join(", "))
            } else {
                format!("neither GeoJSON nor readable CSV: required columns missing: {}", c.join(", "))
            }
        }
        PartnerError::TooManyRows { rows } => {
            if fr {
                format!("trop de lignes ({rows}, au plus {})", partner::MAX_ROWS)
            } else {
                format!("too many rows ({rows}, at most {})", partner::MAX_ROWS)
            }
        }
    }
}

/// "ligne 4" (CSV) or "élément 3" (GeoJSON feature index), in `lang`.
pub fn row_name(format: &str, line: usize, lang: Lang) -> String {
    match (format, lang) {
        ("geojson", Lang::Fr) => format!("élément {line}"),
        ("geojson", Lang::En) => format!("feature {line}"),
        (_, Lang::Fr) => format!("ligne {line}"),
        (_, Lang::En) => format!("line {line}"),
    }
}
