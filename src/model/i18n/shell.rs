//! The JS shell's texts: what shows before the wasm arrives (the disabled box, "loading"), what
//! shows when it cannot arrive, and the console self-check that tells the webmaster how to fix
//! the host. `make build` writes them to `target/data/shell-strings.json` (`tl-strings`), which
//! `www/src/entry.js` bundles: the same sentences as the widget's, never a copy.
//!
//! Templates use `{url}`, `{type}`, `{status}`, `{message}` and `{wasm}`, filled in by the shell.

use tiers_lieux_core::Lang;

/// The shell's texts in one language.
pub struct ShellText {
    pub label: &'static str,
    /// `pkg/embed.html`'s title (the page made to be framed).
    pub title: &'static str,
    /// The origin's label after « Autour de moi »: `embed.html` never posts that position.
    pub your_position: &'static str,
    pub locate: &'static str,
    pub loading: &'static str,
    pub failed: &'static str,
    /// The page's Content-Security-Policy blocks WebAssembly.
    pub csp: &'static str,
    /// The `.wasm` is served with another type than `application/wasm`.
    pub mime: &'static str,
    /// `{type}` in `mime` when the server sends none.
    pub no_type: &'static str,
    /// The `.wasm` answers an HTTP error.
    pub http: &'static str,
    /// The `.wasm` could not be fetched.
    pub network: &'static str,
    /// The `.wasm` is not a valid module.
    pub corrupt: &'static str,
    /// The browser has no WebAssembly.
    pub no_wasm: &'static str,
}

pub fn shell(lang: Lang) -> ShellText {
    let t = super::strings(lang);
    match lang {
        Lang::Fr => ShellText {
            label: t.search_label,
            title: "Trouver un tiers-lieu",
            your_position: t.your_position,
            locate: t.locate,
            loading: "Chargement des tiers-lieux…",
            failed: "Le moteur de recherche des tiers-lieux n'a pas pu se charger. Réessayez plus tard.",
            csp: "la Content-Security-Policy de la page bloque WebAssembly. Ajoutez 'wasm-unsafe-eval' à script-src (script-src 'self' 'wasm-unsafe-eval'). Fichier : {url}",
            mime: "{url} est servi en « {type} » : servez les fichiers .wasm en application/wasm (chargement plus lent en attendant, mais il fonctionne).",
            no_type: "sans type",
            http: "{url} répond HTTP {status} : copiez tous les fichiers du paquet (dont {wasm}) à côté de tiers-lieux.js, dans le même dossier.",
            network: "{url} n'a pas pu être chargé ({message}) : vérifiez qu'il est servi, et la directive connect-src de votre Content-Security-Policy.",
            corrupt: "{url} n'est pas un module WebAssembly valide ({message}) : recopiez-le depuis le paquet (un proxy ou un transfert FTP en mode texte l'a peut-être abîmé).",
            no_wasm: "ce navigateur n'a pas WebAssembly : le contenu de repli de la page reste affiché.",
        },
        Lang::En => ShellText {
            label: t.search_label,
            title: "Find a third place",
            your_position: t.your_position,
            locate: t.locate,
            loading: "Loading third places…",
            failed: "The third-place finder could not be loaded. Please try again later.",
            csp: "the page's Content-Security-Policy blocks WebAssembly. Add 'wasm-unsafe-eval' to script-src (script-src 'self' 'wasm-unsafe-eval'). File: {url}",
            mime: "{url} is served as \"{type}\": serve .wasm files as application/wasm (loading is slower meanwhile, but works).",
            no_type: "no type",
            http: "{url} answers HTTP {status}: copy every file of the package ({wasm} among them) next to tiers-lieux.js, in the same folder.",
            network: "{url} could not be loaded ({message}): check that it is served, and your Content-Security-Policy's connect-src.",
            corrupt: "{url} is not a valid WebAssembly module ({message}): copy it again from the package (a proxy or a text-mode FTP transfer may have damaged it).",
            no_wasm: "this browser has no WebAssembly: the page's fallback content stays on screen.",
        },
    }
}

/// Both languages as JSON: `{"fr": {"label": …, …}, "en": {…}}`.
pub fn shell_json() -> String {
    let mut out = String::from("{");
    for (i, (code, lang)) in [("fr", Lang::Fr), ("en", Lang::En)].into_iter().enumerate() {
        let s = shell(lang);
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("\n  {}: {{", json_string(code)));
        let fields = [
            ("label", s.label),
            ("title", s.title),
            ("yourPosition", s.your_position),
            ("locate", s.locate),
            ("loading", s.loading),
            ("failed", s.failed),
            ("csp", s.csp),
            ("mime", s.mime),
            ("noType", s.no_type),
            ("http", s.http),
            ("network", s.network),
            ("corrupt", s.corrupt),
            ("noWasm", s.no_wasm),
        ];
        for (k, (name, value)) in fields.iter().enumerate() {
            let sep = if k == 0 { "" } else { "," };
            out.push_str(&format!("{sep}\n    {}: {}", json_string(name), json_string(value)));
        }
        out.push_str("\n  }");
    }
    out.push_str("\n}\n");
    out
}

/// `s` as a JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_holds_both_languages_and_escapes_quotes() {
        let j = shell_json();
        assert!(j.contains("\"fr\": {") && j.contains("\"en\": {"));
        assert!(j.contains("\"label\": \"Commune, code postal ou nom d'un lieu\""));
        assert!(j.contains("served as \\\"{type}\\\""), "{j}");
        assert_eq!(json_string("a\nb"), "\"a\\u000ab\"");
    }
}
