//! A small RFC 4180 CSV reader: comma or semicolon (detected from the header), optional UTF-8
//! BOM, quoted fields with doubled quotes and line breaks, CRLF or LF. Each record carries the
//! 1-based line of the file where it starts, so every bad row can be named.

/// One record and the file line (1-based) it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CsvError {
    /// A quoted field is still open at the end of the file.
    UnterminatedQuote {
        line: usize,
    },
    Empty,
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // For developers; the widget says it in the user's language (`i18n::list_error`).
            CsvError::UnterminatedQuote { line } => write!(f, "unclosed quote (line {line})"),
            CsvError::Empty => write!(f, "empty file"),
        }
    }
}

/// Picks `;` when the first line has more semicolons than commas outside quotes, else `,`.
pub fn detect_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let (mut commas, mut semis, mut quoted) = (0, 0, false);
    for b in first.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas {
        b';'
    } else {
        b','
    }
}

/// Parses the whole text into records (header included). Blank lines are skipped.
pub fn parse(text: &str, delimiter: u8) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(CsvError::Empty);
    }
    let bytes = text.as_bytes();
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field: Vec<u8> = Vec::new();
    let mut line = 1usize;
    let mut record_line = 1usize;
    let mut i = 0usize;
    let mut in_quotes = false;
    let mut quote_line = 0usize;
    let mut record_has_content = false;
    // Field bytes are copied between ASCII delimiters of valid UTF-8 text: always valid UTF-8.
    let take = |field: &mut Vec<u8>| String::from_utf8(std::mem::take(field)).unwrap_or_default();
    while i < bytes.len() {
        let b = bytes[i];
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    field.push(b'"');
                    i += 2;
                    continue;
                }
                in_quotes = false;
            } else {
                if b == b'\n' {
                    line += 1;
                }
                field.push(b);
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => {
                in_quotes = true;
                quote_line = line;
                record_has_content = true;
            }
            b'\r' => {}
            b'\n' => {
                if record_has_content || !field.is_empty() || !fields.is_empty() {
                    fields.push(take(&mut field));
                    records.push(Record { line: record_line, fields: std::mem::take(&mut fields) });
                }
                record_has_content = false;
                line += 1;
                record_line = line;
            }
            _ if b == delimiter => {
                fields.push(take(&mut field));
                record_has_content = true;
            }
            _ => {
                field.push(b);
                record_has_content = true;
            }
        }
        i += 1;
    }
    if in_quotes {
        return Err(CsvError::UnterminatedQuote { line: quote_line });
    }
    if record_has_content || !field.is_empty() || !fields.is_empty() {
        fields.push(take(&mut field));
        records.push(Record { line: record_line, fields });
    }
    Ok(records)
}

/// Column positions by header name (case-insensitive, trimmed).
pub struct Header {
    names: Vec<String>,
}

impl Header {
    pub fn new(record: &Record) -> Self {
        Header { names: record.fields.iter().map(|n| n.trim().to_ascii_lowercase()).collect() }
    }

    /// Position of the first of `candidates` present in the header.
    pub fn find(&self, candidates: &[&str]) -> Option<usize> {
        candidates.iter().find_map(|c| self.names.iter().position(|n| n == c))
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// The field at `col`, trimmed; empty when the record is short or the column is absent.
pub fn field(record: &Record, col: Option<usize>) -> &str {
    col.and_then(|c| record.fields.get(c)).map(|s| s.trim()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_newlines_bom_and_lines() {
        let t = "\u{FEFF}a,b\r\n1,\"x, \"\"y\"\"\"\r\n\r\n2,\"multi\nline\"\n3,z";
        let r = parse(t, b',').unwrap();
        assert_eq!(r.len(), 4);
        assert_eq!(r[0].fields, vec!["a", "b"]);
        assert_eq!(r[1], Record { line: 2, fields: vec!["1".into(), "x, \"y\"".into()] });
        assert_eq!(r[2].line, 4);
        assert_eq!(r[2].fields[1], "multi\nline");
        assert_eq!(r[3].line, 6);
    }

    #[test]
    fn semicolons_and_errors() {
        let t = "nom;latitude\n\"A;B\";48,1\n";
        assert_eq!(detect_delimiter(t), b';');
        let r = parse(t, b';').unwrap();
        assert_eq!(r[1].fields, vec!["A;B", "48,1"]);
        assert_eq!(parse("a\n\"open", b','), Err(CsvError::UnterminatedQuote { line: 2 }));
        assert_eq!(parse("  \n", b','), Err(CsvError::Empty));
    }
}
