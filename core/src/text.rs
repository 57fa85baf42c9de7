//! Text normalisation for matching: case, accents, ligatures, punctuation, "st"/"ste",
//! and the small edit-distance checks used for typo tolerance.
//!
//! `fold` is the one definition of "the same text" for the whole product: the gazetteer,
//! venue names and the user's query all go through it.

/// Lower-cases, strips accents and combining marks, folds œ/æ/ß, turns every character that is
/// not a letter or digit into a single space, and trims. Never allocates more than the output.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in input.chars() {
        // Combining diacritical marks (decomposed accents): drop.
        if ('\u{0300}'..='\u{036F}').contains(&c) {
            continue;
        }
        let push = |s: &str, out: &mut String, pending: &mut bool| {
            if *pending && !out.is_empty() {
                out.push(' ');
            }
            *pending = false;
            out.push_str(s);
        };
        if c.is_ascii_alphanumeric() {
            let lc = c.to_ascii_lowercase();
            let mut b = [0u8; 4];
            push(lc.encode_utf8(&mut b), &mut out, &mut pending_space);
            continue;
        }
        if let Some(s) = fold_char(c) {
            push(s, &mut out, &mut pending_space);
            continue;
        }
        if c.is_alphanumeric() {
            // Letters outside the table: lower-cased, then folded (an upper-case "Ē" becomes "ē",
            // which the table folds to "e"), combining marks of the lower case dropped.
            for l in c.to_lowercase() {
                if ('\u{0300}'..='\u{036F}').contains(&l) {
                    continue;
                }
                match fold_char(l) {
                    Some(f) => push(f, &mut out, &mut pending_space),
                    None => {
                        let mut b = [0u8; 4];
                        push(l.encode_utf8(&mut b), &mut out, &mut pending_space);
                    }
                }
            }
            continue;
        }
        pending_space = true;
    }
    out
}

/// Folded form of one accented Latin letter, or None when `c` is not one.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'ā' | 'Ā' => "a",
        'ç' | 'Ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'ī' => "i",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'ō' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'ū' | 'ů' => "u",
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'ñ' | 'Ñ' | 'ń' | 'ň' => "n",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' => "ss",
        'š' | 'Š' | 'ś' => "s",
        'ž' | 'Ž' | 'ź' | 'ż' => "z",
        'ł' | 'Ł' => "l",
        'ř' => "r",
        'ğ' => "g",
        _ => return None,
    })
}

/// Full-word abbreviations that mean the same as another word ("st" → "saint").
pub fn expand_abbreviation(token: &str) -> Option<&'static str> {
    Some(match token {
        "st" => "saint",
        "ste" => "sainte",
        "sts" => "saints",
        "stes" => "saintes",
        _ => return None,
    })
}

/// Tokens of a folded text, abbreviations expanded: what names are indexed under.
pub fn index_tokens(name: &str) -> Vec<String> {
    fold(name).split(' ').filter(|t| !t.is_empty()).map(|t| expand_abbreviation(t).map(str::to_owned).unwrap_or_else(|| t.to_owned())).collect()
}

/// The folded, abbreviation-expanded form of a whole name, tokens joined by one space.
pub fn canonical(name: &str) -> String {
    index_tokens(name).join(" ")
}

/// True when `a` and `b` are within one edit (insertion, deletion, substitution, or transposition
/// of two adjacent characters). Byte-wise: callers pass folded ASCII-ish text.
pub fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if prefix == la && prefix == lb {
        return true;
    }
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    if la == lb {
        // substitution, or transposition of ra[0], ra[1]
        ra[1..] == rb[1..] || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
    } else if la > lb {
        ra[1..] == *rb
    } else {
        *ra == rb[1..]
    }
}

/// True when some prefix of `word` is within one edit of `query`: the typo test for the word
/// being typed. The first letter must be right (people rarely miss it, and allowing it floods the
/// answers with unrelated names).
pub fn prefix_within_one_edit(query: &[u8], word: &[u8]) -> bool {
    if query.first() != word.first() {
        return false;
    }
    let q = query.len();
    for len in [q, q.saturating_sub(1), q + 1] {
        if len <= word.len() && len > 0 && within_one_edit(query, &word[..len]) {
            return true;
        }
    }
    false
}

/// Words shorter than this must be typed without a typo.
pub const MIN_TYPO_LEN: usize = 4;

/// Words that link the parts of a name (« Saint-Martin-du-Var », « Oissel-sur-Seine »).
pub const LINKING_WORDS: &[&str] = &["au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "lez", "sous", "sur"];

/// A query word that may stand for a linking word, typed, misspelt (« u », « suzr ») or added where
/// the name has none: the typo pass lets a name that lacks it match (see `tokens::Query`).
///
/// A single letter counts only as itself or a letter of a two-letter one (« u » for « du »), not
/// as another letter (any letter would be one edit from « d » or « l »).
pub fn may_be_linking_word(word: &str) -> bool {
    word.len() <= 4
        && !word.bytes().any(|b| b.is_ascii_digit())
        && LINKING_WORDS.iter().any(|l| *l == word || (within_one_edit(word.as_bytes(), l.as_bytes()) && (word.len() > 1 || l.len() > 1)))
}

/// Decodes the HTML entities some sources left in plain text ("ESS &amp; Co" is "ESS & Co").
/// The widget shows text as text, so an undecoded entity would show as written.
pub fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = s.to_owned();
    for (entity, ch) in [("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", " "), ("&amp;", "&")] {
        out = out.replace(entity, ch);
    }
    std::borrow::Cow::Owned(out)
}

/// Trims, folds runs of white space (including no-break spaces) to one space, and removes e-mail
/// addresses (personal data never ships), with the editorial note that introduces one ("… bdd
/// h.s = modifier mail x@y" in a name).
pub fn clean_text(s: &str) -> String {
    let decoded = decode_entities(s);
    let words: Vec<&str> = decoded.split_whitespace().collect();
    let is_email = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
    };
    let Some(first_email) = words.iter().position(|w| is_email(w)) else {
        return words.join(" ");
    };
    // Cut at the start of the note: the last "=" or "bdd" or "mail" word before the address.
    let cut = words[..first_email]
        .iter()
        .rposition(|w| matches!(w.to_lowercase().as_str(), "=" | "bdd" | "mail" | "e-mail" | "email" | "contact" | "courriel"))
        .map(|i| {
            // Walk back over the note's words ("bdd h.s = modifier mail").
            let mut j = i;
            while j > 0 && matches!(words[j - 1].to_lowercase().as_str(), "=" | "bdd" | "h.s" | "hs" | "modifier" | "mail" | "contact") {
                j -= 1;
            }
            j
        })
        .unwrap_or(first_email);
    words[..cut].iter().chain(words[first_email + 1..].iter()).filter(|w| !is_email(w)).copied().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_may_be_linking_words() {
        for w in ["du", "u", "suzr", "sr", "des", "lez", "d", "l", "e"] {
            assert!(may_be_linking_word(w), "{w}");
        }
        for w in ["x", "var", "seine", "35", "saint"] {
            assert!(!may_be_linking_word(w), "{w}");
        }
    }

    #[test]
    fn folds_case_accents_punctuation() {
        assert_eq!(fold("  L'Abergement-Clémenciat "), "l abergement clemenciat");
        assert_eq!(fold("ÎLE-DE-FRANCE"), "ile de france");
        assert_eq!(fold("Œuilly"), "oeuilly");
        assert_eq!(fold("Lætitia"), "laetitia");
        assert_eq!(fold("Saint\u{00A0}Brieuc"), "saint brieuc");
        assert_eq!(fold("Saint’Ouen"), "saint ouen");
        assert_eq!(fold("e\u{0301}cole"), "ecole");
        assert_eq!(fold("Paris 11e Arrondissement"), "paris 11e arrondissement");
        assert_eq!(fold("---"), "");
        // Found by the property tests: capitals outside the table fold like their lower case.
        assert_eq!(fold("Ē"), "e");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    #[test]
    fn expands_saint_abbreviations_as_whole_words_only() {
        assert_eq!(canonical("St-Malo"), "saint malo");
        assert_eq!(canonical("Ste Anne"), "sainte anne");
        assert_eq!(canonical("Stella-Plage"), "stella plage");
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit(b"rennes", b"rennes"));
        assert!(within_one_edit(b"rennes", b"renes"));
        assert!(within_one_edit(b"rennes", b"rennez"));
        assert!(within_one_edit(b"rennes", b"rnenes"));
        assert!(within_one_edit(b"renes", b"rennes"));
        assert!(!within_one_edit(b"rennes", b"renns_"));
        assert!(!within_one_edit(b"rennes", b"nantes"));
        assert!(prefix_within_one_edit(b"toulo", b"toulouse"));
        assert!(prefix_within_one_edit(b"tuolo", b"toulouse"));
        assert!(!prefix_within_one_edit(b"genes", b"rennes"));
        assert!(prefix_within_one_edit(b"touluo", b"toulouse"));
        assert!(!prefix_within_one_edit(b"tulu", b"toulouse") && !prefix_within_one_edit(b"xxxxx", b"toulouse"));
    }

    #[test]
    fn text_cleaning_drops_email_addresses() {
        assert_eq!(clean_text("SCENE NATIONALE 61 bdd h.s = modifier mail alimoes@scenenationale61.fr"), "SCENE NATIONALE 61");
        assert_eq!(clean_text(" Le  Lieu\u{a0}Unique "), "Le Lieu Unique");
        assert_eq!(clean_text("Fablab (contact: jean.dupont@example.org) Brest"), "Fablab (contact: Brest");
        assert_eq!(clean_text("@fablab_brest"), "@fablab_brest");
        assert_eq!(clean_text("Les Petits Débrouillards &amp; Co"), "Les Petits Débrouillards & Co");
    }
}
