//! Which venue links may become links. Venue data (national or a partner's) is untrusted text:
//! only `http:`, `https:`, `mailto:` and `tel:` URLs are ever used as an `href`; anything else
//! (`javascript:`, `data:`, `vbscript:`, relative paths, text with spaces…) is shown as text.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
