//! Port of `tokenize.detect_encoding` (Lib/tokenize.py) and of the decoding half of Parser/tokenizer/helpers.c: source bytes → text.
//!
//! A Python source file is UTF-8 unless it starts with a UTF-8 BOM (still UTF-8) or carries
//! a PEP 263 coding cookie in one of its first two lines. Codecs other than UTF-8, Latin-1
//! and ASCII come from `encoding_rs`.

use std::fmt;

/// A codec a Python source file may be declared in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    /// UTF-8 (`utf-8`, also for `utf-8-sig`).
    Utf8,
    /// ISO-8859-1 (`latin-1`): every byte is the code point of the same value.
    Latin1,
    /// ASCII: bytes above 127 are an error.
    Ascii,
    /// Any other codec, decoded by `encoding_rs`.
    Other(&'static encoding_rs::Encoding),
}

impl Codec {
    /// Looks a codec up by any of the names Python accepts for it (`codecs.lookup`),
    /// for the codecs oxpy supports.
    pub fn lookup(name: &str) -> Option<Codec> {
        let norm: String = name
            .trim()
            .chars()
            .map(|c| match c {
                '-' | ' ' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        use encoding_rs as e;
        let codec = match norm.as_str() {
            "utf_8" | "utf8" | "u8" | "utf" | "utf8_ucs2" | "utf8_ucs4" | "cp65001"
            | "utf_8_sig" => Codec::Utf8,
            "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859"
            | "cp819" | "iso_ir_100" | "iso_8859_1:1987" | "ibm819" => Codec::Latin1,
            "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" | "ansi_x3_4_1968"
            | "ansi_x3.4_1986" | "iso646_us" | "cp367" | "ibm367" | "iso_ir_6" | "csascii" => {
                Codec::Ascii
            }
            "cp1250" | "windows_1250" | "1250" => Codec::Other(e::WINDOWS_1250),
            "cp1251" | "windows_1251" | "1251" => Codec::Other(e::WINDOWS_1251),
            "cp1252" | "windows_1252" | "1252" => Codec::Other(e::WINDOWS_1252),
            "cp1253" | "windows_1253" | "1253" => Codec::Other(e::WINDOWS_1253),
            "cp1254" | "windows_1254" | "1254" => Codec::Other(e::WINDOWS_1254),
            "cp1255" | "windows_1255" | "1255" => Codec::Other(e::WINDOWS_1255),
            "cp1256" | "windows_1256" | "1256" => Codec::Other(e::WINDOWS_1256),
            "cp1257" | "windows_1257" | "1257" => Codec::Other(e::WINDOWS_1257),
            "cp1258" | "windows_1258" | "1258" => Codec::Other(e::WINDOWS_1258),
            "iso8859_2" | "iso_8859_2" | "latin2" | "l2" => Codec::Other(e::ISO_8859_2),
            "iso8859_3" | "iso_8859_3" | "latin3" | "l3" => Codec::Other(e::ISO_8859_3),
            "iso8859_4" | "iso_8859_4" | "latin4" | "l4" => Codec::Other(e::ISO_8859_4),
            "iso8859_5" | "iso_8859_5" | "cyrillic" => Codec::Other(e::ISO_8859_5),
            "iso8859_6" | "iso_8859_6" | "arabic" => Codec::Other(e::ISO_8859_6),
            "iso8859_7" | "iso_8859_7" | "greek" | "greek8" => Codec::Other(e::ISO_8859_7),
            "iso8859_8" | "iso_8859_8" | "hebrew" => Codec::Other(e::ISO_8859_8),
            "iso8859_10" | "iso_8859_10" | "latin6" | "l6" => Codec::Other(e::ISO_8859_10),
            "iso8859_13" | "iso_8859_13" | "latin7" | "l7" => Codec::Other(e::ISO_8859_13),
            "iso8859_14" | "iso_8859_14" | "latin8" | "l8" => Codec::Other(e::ISO_8859_14),
            "iso8859_15" | "iso_8859_15" | "latin9" | "l9" => Codec::Other(e::ISO_8859_15),
            "iso8859_16" | "iso_8859_16" | "latin10" | "l10" => Codec::Other(e::ISO_8859_16),
            "koi8_r" => Codec::Other(e::KOI8_R),
            "koi8_u" => Codec::Other(e::KOI8_U),
            "mac_roman" | "macroman" | "macintosh" => Codec::Other(e::MACINTOSH),
            "cp866" | "866" | "ibm866" => Codec::Other(e::IBM866),
            "shift_jis" | "sjis" | "s_jis" | "shiftjis" | "csshiftjis" => {
                Codec::Other(e::SHIFT_JIS)
            }
            "euc_jp" | "eucjp" | "ujis" | "u_jis" => Codec::Other(e::EUC_JP),
            "euc_kr" | "euckr" | "ksc5601" | "ks_c_5601" => Codec::Other(e::EUC_KR),
            "gbk" | "cp936" | "ms936" | "936" => Codec::Other(e::GBK),
            "gb18030" | "gb18030_2000" => Codec::Other(e::GB18030),
            "big5" | "big5_tw" | "csbig5" => Codec::Other(e::BIG5),
            _ => return None,
        };
        Some(codec)
    }

    /// The name Python's error messages use for this codec.
    pub fn python_name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Latin1 => "latin-1",
            Codec::Ascii => "ascii",
            Codec::Other(e) => e.name(),
        }
    }
}

/// Why source bytes could not be turned into text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceError {
    /// `SyntaxError: unknown encoding: NAME` (or `unknown encoding for 'FILE': NAME`).
    UnknownEncoding {
        /// The file name, when known.
        filename: Option<String>,
        /// The declared encoding, normalised as `tokenize` normalises it.
        encoding: String,
    },
    /// `SyntaxError: encoding problem: utf-8` — a BOM together with a non-UTF-8 cookie.
    BomMismatch {
        /// The file name, when known.
        filename: Option<String>,
    },
    /// `SyntaxError: invalid or missing encoding declaration` — the lines examined for a
    /// cookie do not decode in the encoding found.
    InvalidDeclaration {
        /// The file name, when known.
        filename: Option<String>,
    },
    /// `SyntaxError: encoding problem: NAME with BOM` — `compile()`'s wording of a BOM
    /// together with a non-UTF-8 cookie.
    BomMismatchWithCookie {
        /// The declared encoding, normalised.
        encoding: String,
        /// The line holding the cookie (1-based).
        line: u32,
        /// That line's length in characters, without its newline.
        line_len: u32,
    },
    /// `compile()`'s SyntaxError for text that the declared codec cannot decode: the
    /// codec's own message, located at line 0.
    UndecodableDeclared {
        /// The codec error (its `Display` is the message).
        detail: Box<SourceError>,
    },
    /// `SyntaxError: source code string cannot contain null bytes` (`compile()`).
    NullBytes,
    /// `SyntaxError: source code cannot contain null bytes` (`tokenize.detect_encoding`,
    /// for a NUL in the lines it examines).
    NullBytesInHeader,
    /// `SyntaxError: Non-UTF-8 code starting with '\xff' on line 1, but no encoding
    /// declared; …` (`compile()` of undeclared, invalid UTF-8).
    NonUtf8 {
        /// The first byte that is not valid UTF-8.
        byte: u8,
        /// Its line (1-based).
        line: u32,
        /// Its column: characters before it on its line, plus one.
        col: u32,
    },
    /// `UnicodeDecodeError`: the bytes are not valid in the codec.
    Decode {
        /// The codec's Python name.
        codec: &'static str,
        /// The first offending byte.
        byte: u8,
        /// Its offset in the file.
        position: usize,
        /// CPython's reason text (`invalid start byte`, …).
        reason: &'static str,
    },
}

impl SourceError {
    /// The Python exception class name.
    pub fn class_name(&self) -> &'static str {
        match self {
            SourceError::Decode { .. } => "UnicodeDecodeError",
            _ => "SyntaxError",
        }
    }

    /// `(lineno, offset, end_lineno, end_offset)` of the SyntaxError `compile()` raises for
    /// this error (`None` where CPython leaves the attribute `None`).
    pub fn compile_location(&self) -> (Option<i64>, Option<i64>, Option<i64>, Option<i64>) {
        match self {
            SourceError::UnknownEncoding { .. } | SourceError::UndecodableDeclared { .. } => {
                (Some(0), Some(-1), None, None)
            }
            SourceError::BomMismatchWithCookie { line, line_len, .. } => (
                Some(i64::from(*line)),
                Some(0),
                Some(i64::from(*line)),
                Some(i64::from(*line_len)),
            ),
            SourceError::NonUtf8 { line, col, .. } => {
                let (l, c) = (i64::from(*line), i64::from(*col));
                (Some(l), Some(c), Some(l), Some(c))
            }
            _ => (None, None, None, None),
        }
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::UnknownEncoding {
                filename: None,
                encoding,
            } => write!(f, "unknown encoding: {encoding}"),
            SourceError::UnknownEncoding {
                filename: Some(name),
                encoding,
            } => write!(f, "unknown encoding for {}: {encoding}", py_quote(name)),
            SourceError::BomMismatch { filename: None } => f.write_str("encoding problem: utf-8"),
            SourceError::BomMismatch {
                filename: Some(name),
            } => write!(f, "encoding problem for {}: utf-8", py_quote(name)),
            SourceError::InvalidDeclaration { filename: None } => {
                f.write_str("invalid or missing encoding declaration")
            }
            SourceError::InvalidDeclaration {
                filename: Some(name),
            } => write!(
                f,
                "invalid or missing encoding declaration for {}",
                py_quote(name)
            ),
            SourceError::BomMismatchWithCookie { encoding, .. } => {
                write!(f, "encoding problem: {encoding} with BOM")
            }
            SourceError::UndecodableDeclared { detail } => write!(f, "{detail}"),
            SourceError::NullBytes => f.write_str("source code string cannot contain null bytes"),
            SourceError::NullBytesInHeader => f.write_str("source code cannot contain null bytes"),
            SourceError::NonUtf8 { byte, line, .. } => write!(
                f,
                "Non-UTF-8 code starting with '\\x{byte:02x}' on line {line}, but no encoding declared; see https://peps.python.org/pep-0263/ for details"
            ),
            SourceError::Decode {
                codec,
                byte,
                position,
                reason,
            } => write!(
                f,
                "'{codec}' codec can't decode byte 0x{byte:02x} in position {position}: {reason}"
            ),
        }
    }
}

impl std::error::Error for SourceError {}

/// `repr()` of a simple file name (single quotes unless the name contains one).
fn py_quote(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

/// What `tokenize.detect_encoding` finds in a file's first lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detected {
    /// The encoding name as `detect_encoding` returns it (`utf-8`, `utf-8-sig`,
    /// `iso-8859-1`, or the cookie's own spelling).
    pub name: String,
    /// The codec that decodes the file.
    pub codec: Codec,
    /// Whether the file starts with a UTF-8 byte-order mark.
    pub bom: bool,
}

const BOM: &[u8] = b"\xef\xbb\xbf";

/// `tokenize._get_normal_name`: folds the common spellings of UTF-8 and Latin-1.
fn normal_name(orig: &str) -> String {
    let enc: String = orig
        .chars()
        .take(12)
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if enc == "utf-8" || enc.starts_with("utf-8-") {
        return "utf-8".into();
    }
    const LATIN: [&str; 3] = ["latin-1", "iso-8859-1", "iso-latin-1"];
    if LATIN.contains(&enc.as_str()) || LATIN.iter().any(|l| enc.starts_with(&format!("{l}-"))) {
        return "iso-8859-1".into();
    }
    orig.to_string()
}

/// The coding cookie of one line (`^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`), if any.
pub fn find_cookie(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches([' ', '\t', '\x0c']);
    let comment = trimmed.strip_prefix('#')?;
    let comment = comment.split(['\n', '\r']).next().unwrap_or("");
    let bytes = comment.as_bytes();
    let mut from = 0;
    while let Some(pos) = comment[from..].find("coding") {
        let after = from + pos + "coding".len();
        if let Some(&sep) = bytes.get(after) {
            if sep == b':' || sep == b'=' {
                let mut i = after + 1;
                while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                    i += 1;
                }
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b'_' | b'.'))
                {
                    i += 1;
                }
                if i > start {
                    return Some(&comment[start..i]);
                }
            }
        }
        from = from + pos + 1;
    }
    None
}

/// Whether a line is blank or a comment (`^[ \t\f]*(?:[#\r\n]|$)`).
fn is_blank(line: &[u8]) -> bool {
    let rest = line
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | b'\x0c'))
        .map(|i| &line[i..])
        .unwrap_or(&[]);
    matches!(rest.first(), None | Some(b'#' | b'\r' | b'\n'))
}

fn split_line(data: &[u8]) -> (&[u8], &[u8]) {
    match memchr::memchr(b'\n', data) {
        Some(i) => data.split_at(i + 1),
        None => (data, &[]),
    }
}

/// `tokenize.detect_encoding` (3.14): the encoding of a source file from its BOM or its
/// cookie, after checking that the lines it read hold no NUL byte and decode in it.
pub fn detect_encoding(data: &[u8], filename: Option<&str>) -> Result<Detected, SourceError> {
    let mut bom = false;
    let mut default = "utf-8";
    let mut rest = data;
    if rest.starts_with(BOM) {
        bom = true;
        rest = &rest[3..];
        default = "utf-8-sig";
    }
    let default_result = Detected {
        name: default.to_string(),
        codec: Codec::Utf8,
        bom,
    };
    let (first, after) = split_line(rest);
    if first.is_empty() {
        return Ok(default_result);
    }
    let owned = |s: Option<&str>| s.map(str::to_string);
    let find = |line: &[u8]| -> Result<Option<Detected>, SourceError> {
        let text = String::from_utf8_lossy(line);
        let Some(cookie) = find_cookie(&text) else {
            return Ok(None);
        };
        let name = normal_name(cookie);
        let Some(codec) = Codec::lookup(&name) else {
            return Err(SourceError::UnknownEncoding {
                filename: owned(filename),
                encoding: name,
            });
        };
        if bom {
            if name != "utf-8" {
                return Err(SourceError::BomMismatch {
                    filename: owned(filename),
                });
            }
            return Ok(Some(Detected {
                name: "utf-8-sig".into(),
                codec,
                bom,
            }));
        }
        Ok(Some(Detected { name, codec, bom }))
    };
    // `check(lines, encoding)`: no NUL byte, and the lines decode in the encoding.
    let check = |lines: &[u8], found: Detected| -> Result<Detected, SourceError> {
        if memchr::memchr(0, lines).is_some() {
            return Err(SourceError::NullBytesInHeader);
        }
        if decode(lines, found.codec, false).is_err() {
            return Err(SourceError::InvalidDeclaration {
                filename: owned(filename),
            });
        }
        Ok(found)
    };
    if let Some(found) = find(first)? {
        return check(first, found);
    }
    if !is_blank(first) {
        return check(first, default_result);
    }
    let (second, _) = split_line(after);
    if second.is_empty() {
        return check(first, default_result);
    }
    let both = &rest[..first.len() + second.len()];
    match find(second)? {
        Some(found) => check(both, found),
        None => check(both, default_result),
    }
}

/// Source bytes → text as `compile()` reads them (Parser/tokenizer/string_tokenizer.c's
/// `decode_str`): no NUL bytes, BOM and coding cookie of the first two lines honoured (the
/// first line only counts when it ends with a newline), undeclared text must be UTF-8,
/// `\r\n` and `\r` become `\n`, and a final newline is added when missing.
pub fn decode_for_compile(data: &[u8]) -> Result<SourceText, SourceError> {
    if memchr::memchr(0, data).is_some() {
        return Err(SourceError::NullBytes);
    }
    let (body, bom) = match data.strip_prefix(BOM) {
        Some(rest) => (rest, true),
        None => (data, false),
    };
    let mut declared = None;
    if let Some(nl0) = memchr::memchr(b'\n', body) {
        let first = &body[..=nl0];
        let mut cookie = cookie_of(first).map(|c| (c, 1u32, first));
        if cookie.is_none() && is_blank(first) {
            let rest = &body[nl0 + 1..];
            if let Some(nl1) = memchr::memchr(b'\n', rest) {
                let second = &rest[..=nl1];
                cookie = cookie_of(second).map(|c| (c, 2, second));
            }
        }
        if let Some((name, line, text)) = cookie {
            if bom && name != "utf-8" {
                let line_len = String::from_utf8_lossy(&text[..text.len() - 1])
                    .chars()
                    .count() as u32;
                return Err(SourceError::BomMismatchWithCookie {
                    encoding: name,
                    line,
                    line_len,
                });
            }
            declared = Some(name);
        }
    }
    let text = match declared {
        Some(name) => {
            let codec = Codec::lookup(&name).ok_or(SourceError::UnknownEncoding {
                filename: None,
                encoding: name.clone(),
            })?;
            decode(body, codec, false).map_err(|e| SourceError::UndecodableDeclared {
                detail: Box::new(e),
            })?
        }
        None => match std::str::from_utf8(body) {
            Ok(s) => s.to_string(),
            Err(e) => {
                let pos = e.valid_up_to();
                let before = &body[..pos];
                let line_begin = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
                let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
                let col = String::from_utf8_lossy(&before[line_begin..])
                    .chars()
                    .count() as u32
                    + 1;
                return Err(SourceError::NonUtf8 {
                    byte: body[pos],
                    line,
                    col,
                });
            }
        },
    };
    // Most sources have no `\r`: then the decoded text is used as it is, not copied.
    let text = match universal_newlines(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(converted) => converted,
    };
    Ok(SourceText::new(text))
}

/// The normalised cookie of a line (`get_coding_spec` + `get_normal_name`), if any.
fn cookie_of(line: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(line);
    find_cookie(&text).map(normal_name)
}

/// Decodes `data` with `codec`, dropping a leading BOM when `bom` is set.
pub fn decode(data: &[u8], codec: Codec, bom: bool) -> Result<String, SourceError> {
    let (body, base) = if bom && data.starts_with(BOM) {
        (&data[3..], 3)
    } else {
        (data, 0)
    };
    match codec {
        Codec::Utf8 => match std::str::from_utf8(body) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let pos = e.valid_up_to();
                let byte = body[pos];
                let reason = match e.error_len() {
                    None => "unexpected end of data",
                    Some(_) if (0x80..0xc2).contains(&byte) || byte >= 0xf5 => "invalid start byte",
                    Some(_) => "invalid continuation byte",
                };
                Err(SourceError::Decode {
                    codec: "utf-8",
                    byte,
                    position: base + pos,
                    reason,
                })
            }
        },
        Codec::Latin1 => Ok(body.iter().map(|&b| b as char).collect()),
        Codec::Ascii => match body.iter().position(|&b| b >= 128) {
            None => Ok(body.iter().map(|&b| b as char).collect()),
            Some(pos) => Err(SourceError::Decode {
                codec: "ascii",
                byte: body[pos],
                position: base + pos,
                reason: "ordinal not in range(128)",
            }),
        },
        Codec::Other(enc) if single_byte_fixups(enc).is_some() => decode_single_byte(body, enc)
            .map_err(|pos| SourceError::Decode {
                codec: "charmap",
                byte: body[pos],
                position: base + pos,
                reason: "character maps to <undefined>",
            }),
        Codec::Other(enc) => {
            let (text, had_errors) = enc.decode_without_bom_handling(body);
            if had_errors {
                let pos = text
                    .char_indices()
                    .find(|&(_, c)| c == '\u{fffd}')
                    .map(|(i, _)| i)
                    .unwrap_or(0);
                let byte = body
                    .get(pos.min(body.len().saturating_sub(1)))
                    .copied()
                    .unwrap_or(0);
                return Err(SourceError::Decode {
                    codec: enc.name(),
                    byte,
                    position: base + pos,
                    reason: "invalid start byte",
                });
            }
            Ok(text.into_owned())
        }
    }
}

/// One byte of a single-byte codec, as CPython's codec decodes it (`None`: undefined).
fn single_byte_char(b: u8, enc: &'static encoding_rs::Encoding) -> Option<char> {
    let (undefined, remap) = single_byte_fixups(enc).unwrap_or((&[], &[]));
    if undefined.contains(&b) {
        return None;
    }
    if let Some(&(_, c)) = remap.iter().find(|(x, _)| *x == b) {
        return Some(c);
    }
    if b < 0x80 {
        return Some(b as char);
    }
    let one = [b];
    let (text, bad) = enc.decode_without_bom_handling(&one);
    if bad { None } else { text.chars().next() }
}

/// Decodes with a single-byte codec; `Err(position)` of the first undefined byte.
fn decode_single_byte(body: &[u8], enc: &'static encoding_rs::Encoding) -> Result<String, usize> {
    let mut table = ['\0'; 256];
    let mut defined = [false; 256];
    for b in 0..=255u8 {
        if let Some(c) = single_byte_char(b, enc) {
            table[b as usize] = c;
            defined[b as usize] = true;
        }
    }
    let mut out = String::with_capacity(body.len());
    for (pos, &b) in body.iter().enumerate() {
        if !defined[b as usize] {
            return Err(pos);
        }
        out.push(table[b as usize]);
    }
    Ok(out)
}

/// Decodes with the `replace` error handler: every undecodable byte (sequence) becomes
/// U+FFFD, as `bytes.decode(encoding, "replace")` does.
pub fn decode_replace(data: &[u8], codec: Codec) -> String {
    match codec {
        Codec::Utf8 => String::from_utf8_lossy(data).into_owned(),
        Codec::Latin1 => data.iter().map(|&b| b as char).collect(),
        Codec::Ascii => data
            .iter()
            .map(|&b| if b.is_ascii() { b as char } else { '\u{fffd}' })
            .collect(),
        Codec::Other(enc) if single_byte_fixups(enc).is_some() => data
            .iter()
            .map(|&b| single_byte_char(b, enc).unwrap_or('\u{fffd}'))
            .collect(),
        Codec::Other(enc) => enc.decode_without_bom_handling(data).0.into_owned(),
    }
}

/// Where CPython's single-byte codecs differ from the WHATWG tables of `encoding_rs`: the
/// bytes CPython leaves undefined (WHATWG maps them to C1 controls), and positions CPython
/// maps to other characters. Checked byte for byte against CPython by `tests/codecs.rs`.
#[allow(clippy::type_complexity)]
fn single_byte_fixups(
    enc: &'static encoding_rs::Encoding,
) -> Option<(&'static [u8], &'static [(u8, char)])> {
    use encoding_rs as e;
    let undefined: &'static [u8] = if enc == e::WINDOWS_1250 {
        &[0x81, 0x83, 0x88, 0x90, 0x98]
    } else if enc == e::WINDOWS_1251 {
        &[0x98]
    } else if enc == e::WINDOWS_1252 {
        &[0x81, 0x8d, 0x8f, 0x90, 0x9d]
    } else if enc == e::WINDOWS_1253 {
        &[
            0x81, 0x88, 0x8a, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x98, 0x9a, 0x9c, 0x9d, 0x9e, 0x9f,
            0xaa, 0xd2, 0xff,
        ]
    } else if enc == e::WINDOWS_1254 {
        &[0x81, 0x8d, 0x8e, 0x8f, 0x90, 0x9d, 0x9e]
    } else if enc == e::WINDOWS_1255 {
        &[
            0x81, 0x8a, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x9a, 0x9c, 0x9d, 0x9e, 0x9f, 0xca, 0xd9,
            0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xfb, 0xfc, 0xff,
        ]
    } else if enc == e::WINDOWS_1257 {
        &[
            0x81, 0x83, 0x88, 0x8a, 0x8c, 0x90, 0x98, 0x9a, 0x9c, 0x9f, 0xa1, 0xa5,
        ]
    } else if enc == e::WINDOWS_1258 {
        &[0x81, 0x8a, 0x8d, 0x8e, 0x8f, 0x90, 0x9a, 0x9d, 0x9e]
    } else if enc == e::KOI8_U {
        return Some((&[], &[(0xae, '\u{255d}'), (0xbe, '\u{256c}')]));
    } else if [
        e::WINDOWS_1256,
        e::ISO_8859_2,
        e::ISO_8859_3,
        e::ISO_8859_4,
        e::ISO_8859_5,
        e::ISO_8859_6,
        e::ISO_8859_7,
        e::ISO_8859_8,
        e::ISO_8859_10,
        e::ISO_8859_13,
        e::ISO_8859_14,
        e::ISO_8859_15,
        e::ISO_8859_16,
        e::KOI8_R,
        e::MACINTOSH,
        e::IBM866,
    ]
    .contains(&enc)
    {
        &[]
    } else {
        return None;
    };
    Some((undefined, &[]))
}

/// Universal newlines as `io.TextIOWrapper` applies them: `\r\n` and `\r` become `\n`.
pub fn universal_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Source text ready for the tokenizer: ends with `\n`, remembering whether that newline was
/// added (CPython's readline tokenizer adds one to an unterminated last line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceText {
    text: String,
    implicit_newline: bool,
}

impl SourceText {
    /// Wraps decoded text, adding the final newline when it is missing.
    pub fn new(mut text: String) -> Self {
        let implicit_newline = !text.is_empty() && !text.ends_with('\n');
        if implicit_newline {
            text.push('\n');
        }
        SourceText {
            text,
            implicit_newline,
        }
    }

    /// The text, always empty or ending with `\n`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the final newline was added.
    pub fn implicit_newline(&self) -> bool {
        self.implicit_newline
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_is_found_in_a_comment_only() {
        assert_eq!(find_cookie("# -*- coding: latin-1 -*-\n"), Some("latin-1"));
        assert_eq!(find_cookie("#coding=utf8\n"), Some("utf8"));
        assert_eq!(find_cookie("x = 1 # coding: latin-1\n"), None);
        assert_eq!(
            find_cookie("# vim: set fileencoding=cp1252 :\n"),
            Some("cp1252")
        );
    }

    #[test]
    fn latin1_spellings_normalise_like_tokenize() {
        let d = detect_encoding(b"# coding: Latin-1\nx = 1\n", None).unwrap();
        assert_eq!(d.name, "iso-8859-1");
        assert_eq!(d.codec, Codec::Latin1);
    }

    #[test]
    fn second_line_cookie_only_after_blank_first_line() {
        let d = detect_encoding(b"#!/usr/bin/env python\n# coding: cp1252\n", None).unwrap();
        assert_eq!(d.name, "cp1252");
        let d = detect_encoding(b"x = 1\n# coding: cp1252\n", None).unwrap();
        assert_eq!(d.name, "utf-8");
    }

    #[test]
    fn unknown_and_bom_conflicts_are_syntax_errors() {
        let e = detect_encoding(b"# coding: frequency\n", None).unwrap_err();
        assert_eq!(e.to_string(), "unknown encoding: frequency");
        let e = detect_encoding(b"\xef\xbb\xbf# coding: latin-1\n", None).unwrap_err();
        assert_eq!(e.to_string(), "encoding problem: utf-8");
        let d = detect_encoding(b"\xef\xbb\xbfx = 1\n", None).unwrap();
        assert_eq!(d.name, "utf-8-sig");
    }

    #[test]
    fn invalid_utf8_reports_cpython_reason() {
        let e = decode(b"x = '\xff'\n", Codec::Utf8, false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "'utf-8' codec can't decode byte 0xff in position 5: invalid start byte"
        );
        let e = decode(b"x = '\xc3", Codec::Utf8, false).unwrap_err();
        assert!(e.to_string().ends_with("unexpected end of data"));
    }

    #[test]
    fn latin1_maps_bytes_to_code_points() {
        assert_eq!(decode(b"\xe9", Codec::Latin1, false).unwrap(), "é");
    }
}
