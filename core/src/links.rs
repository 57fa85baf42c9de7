//! Links of a venue. Which venue values may become links: venue data (national or a partner's)
//! is untrusted text, so only `http:`, `https:`, `mailto:` and `tel:` URLs are ever used as an
//! `href`; anything else (`javascript:`, `data:`, `vbscript:`, relative paths, text with
//! spaces…) is shown as text. And the links the widget writes itself from a venue: "Y aller"
//! (`geo:`, OpenStreetMap, Géoportail: numbers only, no venue text but an encoded name), and
//! "report an error" on the partner's `report-url`.

use crate::geo::LatLon;

/// Schemes a venue link may have.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The URL, trimmed, when it may be an `href`; `None` when it must be shown as text.
///
/// Browsers strip leading control characters and white space and ignore tabs and newlines
/// inside a URL (`java\tscript:` runs as `javascript:`), so a value holding any of them is
/// refused outright rather than cleaned. `http(s)` links need a host.
pub fn safe_href(url: &str) -> Option<&str> {
    let u = url.trim();
    if u.is_empty() || u.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let (scheme, rest) = u.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    if !ALLOWED_SCHEMES.contains(&scheme.as_str()) {
        return None;
    }
    match scheme.as_str() {
        "http" | "https" => {
            let host = rest.strip_prefix("//")?.split(['/', '?', '#']).next().unwrap_or("");
            (!host.is_empty() && !host.contains('\\')).then_some(u)
        }
        _ => (!rest.is_empty()).then_some(u),
    }
}

/// The http(s) links in a social-network value of the national data ("https://twitter.com/x",
/// "www.facebook.com/y", sometimes two addresses in one cell). Bare `www.` hosts get `https://`.
pub fn social_links(raw: &str) -> Vec<String> {
    raw.split_whitespace()
        .filter_map(|w| {
            let w = w.trim_matches(|c: char| c == ',' || c == ';' || c == '|');
            let url = if w.len() > 4 && w[..4].eq_ignore_ascii_case("www.") { format!("https://{w}") } else { w.to_owned() };
            let lower = url.to_ascii_lowercase();
            (lower.starts_with("http://") || lower.starts_with("https://")).then_some(url).filter(|u| safe_href(u).is_some())
        })
        .collect()
}

/// `host/path` of an http(s) URL, for a link's visible text ("twitter.com/le_400").
pub fn display_url(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.trim_end_matches('/')
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// "Y aller": where the venue is, in services that are not one hard-wired commercial app.
#[derive(Clone, Debug, PartialEq)]
pub struct Directions {
    /// RFC 5870 `geo:` URI: the phone's own map application.
    pub geo: String,
    /// OpenStreetMap's directions page, the venue as destination (the start is left for the
    /// user to type there: the widget never puts the user's position in a link).
    pub osm: String,
    /// Géoportail (IGN) centred on the venue.
    pub geoportail: String,
}

pub fn directions(p: LatLon, name: &str) -> Directions {
    let (lat, lon) = (format!("{:.6}", p.lat), format!("{:.6}", p.lon));
    Directions {
        geo: format!("geo:{lat},{lon}?q={lat},{lon}({})", encode_component(name)),
        osm: format!("https://www.openstreetmap.org/directions?from=&to={lat}%2C{lon}#map=16/{lat}/{lon}"),
        geoportail: format!(
            "https://www.geoportail.gouv.fr/carte?c={lon},{lat}&z=17&l0=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2::GEOPORTAIL:OGC:WMTS(1)&permalink=yes"
        ),
    }
}

/// The "report an error" link for a venue from the partner's `report-url` (already absolute):
/// a `mailto:` gets a subject and a body naming the venue; a web page gets `lieu` (the venue's
/// id) and `nom` (its name) query parameters, so the partner's form knows which entry is meant.
/// `None` unless the result is an `https:` (or `http:`, the page's own site) or `mailto:` link.
pub fn report_href(report_url: &str, venue_id: &str, venue_name: &str, page_url: &str) -> Option<String> {
    let base = safe_href(report_url)?;
    let (scheme, _) = base.split_once(':')?;
    let sep = |u: &str| if u.contains('?') { '&' } else { '?' };
    match scheme.to_ascii_lowercase().as_str() {
        "mailto" => {
            let subject = format!("Erreur sur un tiers-lieu : {venue_name}");
            let body = format!("Lieu : {venue_name} (identifiant {venue_id})\nPage : {page_url}\n\nCe qui est inexact :\n");
            Some(format!("{base}{}subject={}&body={}", sep(base), encode_component(&subject), encode_component(&body)))
        }
        "https" | "http" => {
            let (path, fragment) = base.split_once('#').map_or((base, None), |(p, f)| (p, Some(f)));
            let mut u = format!("{path}{}lieu={}&nom={}", sep(path), encode_component(venue_id), encode_component(venue_name));
            if let Some(f) = fragment {
                u.push('#');
                u.push_str(f);
            }
            Some(u)
        }
        _ => None,
    }
}

/// A website value → `Ok(Some(url))` with a scheme, `Ok(None)` when empty, `Err(raw)` when the
/// value is not an address (free text, a person's name…).
pub fn normalise_url(raw: &str) -> Result<Option<String>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    // Some values carry a label around the address ("site web|https://…", "Studio http://…").
    let candidate = raw
        .split(|c: char| c.is_whitespace() || c == '|')
        .find(|t| t.contains('.') && !t.contains('@') && looks_like_host(t))
        .ok_or_else(|| raw.to_owned())?;
    let with_scheme = if candidate.starts_with("http://") || candidate.starts_with("https://") {
        candidate.to_owned()
    } else if candidate.contains("://") {
        return Err(raw.to_owned());
    } else {
        format!("https://{candidate}")
    };
    Ok(Some(with_scheme))
}

fn looks_like_host(t: &str) -> bool {
    let rest = t.strip_prefix("https://").or_else(|| t.strip_prefix("http://")).unwrap_or(t);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn social_values_of_the_national_data() {
        assert_eq!(social_links("https://twitter.com/le_400"), ["https://twitter.com/le_400"]);
        assert_eq!(social_links("www.facebook.com/alzire.fr"), ["https://www.facebook.com/alzire.fr"]);
        assert_eq!(
            social_links("https://twitter.com/PIJNexon http://www.netvibes.com/aajpn#Accueil"),
            ["https://twitter.com/PIJNexon", "http://www.netvibes.com/aajpn#Accueil"]
        );
        assert!(social_links("@le_400").is_empty());
        assert!(social_links("javascript:alert(1)").is_empty());
        assert_eq!(display_url("https://www.facebook.com/lasirenebx/"), "facebook.com/lasirenebx");
    }

    #[test]
    fn directions_carry_numbers_and_an_encoded_name() {
        let d = directions(LatLon::new(48.11198, -1.68029), "L'Hôtel Pasteur & co <b>");
        assert_eq!(d.geo, "geo:48.111980,-1.680290?q=48.111980,-1.680290(L%27H%C3%B4tel%20Pasteur%20%26%20co%20%3Cb%3E)");
        assert_eq!(d.osm, "https://www.openstreetmap.org/directions?from=&to=48.111980%2C-1.680290#map=16/48.111980/-1.680290");
        assert!(d.geoportail.starts_with("https://www.geoportail.gouv.fr/carte?c=-1.680290,48.111980&z=17"));
    }

    #[test]
    fn report_links() {
        let page = "https://ville.fr/tiers-lieux";
        assert_eq!(
            report_href("https://ville.fr/signaler", "12", "Le Lab & co", page).as_deref(),
            Some("https://ville.fr/signaler?lieu=12&nom=Le%20Lab%20%26%20co")
        );
        assert_eq!(report_href("https://ville.fr/f?x=1#form", "a b", "N", page).as_deref(), Some("https://ville.fr/f?x=1&lieu=a%20b&nom=N#form"));
        let mail = report_href("mailto:carto@ville.fr", "12", "Le Lab", page).unwrap();
        assert!(mail.starts_with("mailto:carto@ville.fr?subject=Erreur%20sur%20un%20tiers-lieu%20%3A%20Le%20Lab&body="), "{mail}");
        assert!(mail.contains("identifiant%2012") && mail.contains(&encode_component(page)));
        assert_eq!(report_href("javascript:alert(1)", "1", "x", page), None);
        assert_eq!(report_href("tel:+33", "1", "x", page), None);
    }

    #[test]
    fn allowed_links() {
        for u in ["https://example.fr", "http://a.fr/x?y#z", "HTTPS://A.FR", "mailto:contact@lieu.fr", "tel:+33299000000", "  https://padded.fr  "] {
            assert_eq!(safe_href(u), Some(u.trim()), "{u}");
        }
    }

    #[test]
    fn everything_else_is_text() {
        for u in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "https:evil",
            "https://",
            "http:///path",
            "https://a.fr/ x",
            "//evil.example/path",
            "/relative/path",
            "www.no-scheme.fr",
            "mailto:",
            "",
            "https://\\evil",
        ] {
            assert_eq!(safe_href(u), None, "{u:?}");
        }
    }

    #[test]
    fn websites() {
        assert_eq!(normalise_url("www.ade-coworking.net"), Ok(Some("https://www.ade-coworking.net".into())));
        assert_eq!(normalise_url("http://x.fr/a?b"), Ok(Some("http://x.fr/a?b".into())));
        assert_eq!(normalise_url("https://atelier-d-cales.jimdo.com|site web"), Ok(Some("https://atelier-d-cales.jimdo.com".into())));
        assert_eq!(normalise_url("Innovation studio\u{a0}http://theschoolab.com/"), Ok(Some("http://theschoolab.com/".into())));
        assert_eq!(normalise_url("en cours"), Err("en cours".into()));
        assert_eq!(normalise_url("Madame PATTE-AUBOURG"), Err("Madame PATTE-AUBOURG".into()));
        assert_eq!(normalise_url("javascript:alert(1)"), Err("javascript:alert(1)".into()));
        assert_eq!(normalise_url(""), Ok(None));
    }
}
