//! Port of Lib/tokenize.py's _main: `python -m tokenize [-e] [filename.py]`, byte for byte.
//!
//! With a file name, CPython opens the file in binary mode and runs `tokenize.tokenize` on
//! its `readline`: `detect_encoding` first (its `SyntaxError` is reported as
//! `FILE: error: MSG`), then an `ENCODING` token, then the C tokenizer's tokens on the lines
//! decoded with the `replace` error handler, newlines left as they are. The whole token list
//! is built before anything is printed, so an error (`FILE:LINE:COL: error: MSG`) leaves
//! stdout empty. Without a file name (or with an empty one) the tokens of stdin (UTF-8, no
//! `ENCODING` token, `<stdin>` in messages) are printed as they come. Every token is one
//! line, `"%-20s%-15s%-15r" % ("%d,%d-%d,%d:" % (start + end), tok_name[type], string)`,
//! with the exact operator type under `-e`. Errors exit with status 1, argument errors with 2
//! (argparse's messages).

use super::Streams;
use oxpy_objects::repr::str_repr;
use oxpy_tokenize::source::{self, Detected};
use oxpy_tokenize::{ModuleError, ModuleTokens, SourceText, TokenInfo, TokenKind};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::io;

/// What the `-m tokenize` arguments ask for (`argparse` in `_main`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// `-e`/`--exact`: print the exact type of operator tokens.
    pub exact: bool,
    /// The file to tokenize; `None` or empty means stdin.
    pub filename: Option<OsString>,
}

/// The outcome of parsing the arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// Tokenize as asked.
    Run(Options),
    /// `-h`/`--help`: print the help text, exit 0.
    Help,
    /// An argparse error: `usage` line plus `PROG: error: MSG`, exit 2.
    Error(String),
}

/// argparse's view of one argument word.
enum Word<'a> {
    Positional,
    /// `-e`/`--exact` (`'e'`) or `-h`/`--help` (`'h'`), with the explicit argument glued to
    /// it and whether it came after `=`.
    Known(char, Option<(&'a str, bool)>),
    /// An option argparse does not know: it goes to the unrecognized arguments.
    Unknown,
}

/// `ArgumentParser._parse_optional` for this parser's two options.
fn classify(word: &str) -> Word<'_> {
    let known = |option: &str| match option {
        "-e" | "--exact" => Some('e'),
        "-h" | "--help" => Some('h'),
        _ => None,
    };
    if !word.starts_with('-') || word == "-" {
        return Word::Positional;
    }
    if let Some(flag) = known(word) {
        return Word::Known(flag, None);
    }
    if let Some((option, explicit)) = word.split_once('=') {
        if let Some(flag) = known(option) {
            return Word::Known(flag, Some((explicit, true)));
        }
    }
    if let Some(long) = word.strip_prefix("--") {
        // Unique prefixes of the long options (allow_abbrev); `--` itself never gets here.
        let (prefix, explicit) = match long.split_once('=') {
            Some((p, e)) => (p, Some((e, true))),
            None => (long, None),
        };
        if !prefix.is_empty() {
            if "exact".starts_with(prefix) {
                return Word::Known('e', explicit);
            }
            if "help".starts_with(prefix) {
                return Word::Known('h', explicit);
            }
        }
    } else {
        // `-eX...`: the short option with the rest of the word as its explicit argument.
        let mut chars = word[1..].chars();
        if let Some(flag @ ('e' | 'h')) = chars.next() {
            return Word::Known(flag, Some((chars.as_str(), false)));
        }
    }
    let digits = &word[1..];
    let negative_number = !digits.is_empty()
        && (digits.bytes().all(|b| b.is_ascii_digit())
            || digits.split_once('.').is_some_and(|(a, b)| {
                a.bytes().all(|c| c.is_ascii_digit())
                    && !b.is_empty()
                    && b.bytes().all(|c| c.is_ascii_digit())
            }));
    if negative_number || word.contains(' ') {
        return Word::Positional;
    }
    Word::Unknown
}

/// argparse's error for an option that takes no argument but was given one.
fn ignored_explicit(flag: char, explicit: &str) -> Parsed {
    let name = if flag == 'e' {
        "-e/--exact"
    } else {
        "-h/--help"
    };
    Parsed::Error(format!(
        "argument {name}: ignored explicit argument {}",
        str_repr(explicit)
    ))
}

/// Parses the arguments after `-m tokenize` as `_main`'s `ArgumentParser` does.
pub fn parse_args(args: &[OsString]) -> Parsed {
    let mut exact = false;
    let mut filename: Option<OsString> = None;
    let mut extras: Vec<String> = Vec::new();
    let mut after_dashes = false;
    let mut positional = |arg: &OsString, extras: &mut Vec<String>| {
        if filename.is_none() {
            filename = Some(arg.clone());
        } else {
            extras.push(arg.to_string_lossy().into_owned());
        }
    };
    for arg in args {
        let text = arg.to_string_lossy();
        if after_dashes {
            positional(arg, &mut extras);
            continue;
        }
        if text == "--" {
            after_dashes = true;
            continue;
        }
        match classify(&text) {
            Word::Positional => positional(arg, &mut extras),
            Word::Unknown => extras.push(text.into_owned()),
            Word::Known(first, explicit) => {
                let mut flag = first;
                let mut explicit = explicit;
                loop {
                    let rest = match explicit {
                        None => "",
                        Some((value, true)) => return ignored_explicit(flag, value),
                        Some((value, false)) => value,
                    };
                    // A glued argument (`-eX`) is more short options unless it starts with `-`.
                    if rest.starts_with('-') {
                        return ignored_explicit(flag, rest);
                    }
                    match flag {
                        'h' => return Parsed::Help,
                        _ => exact = true,
                    }
                    let mut chars = rest.chars();
                    match chars.next() {
                        None => break,
                        Some(next @ ('e' | 'h')) => {
                            flag = next;
                            let tail = chars.as_str();
                            explicit = match tail.strip_prefix('=') {
                                _ if tail.is_empty() => None,
                                Some(value) => Some((value, true)),
                                None => Some((tail, false)),
                            };
                        }
                        Some(_) => {
                            extras.push(format!("-{rest}"));
                            break;
                        }
                    }
                }
            }
        }
    }
    if !extras.is_empty() {
        return Parsed::Error(format!("unrecognized arguments: {}", extras.join(" ")));
    }
    Parsed::Run(Options { exact, filename })
}

/// argparse's usage line for `prog`.
fn usage(prog: &str) -> String {
    format!("usage: {prog} [-h] [-e] [filename.py]\n")
}

/// argparse's `--help` text for `prog`.
fn help(prog: &str) -> String {
    format!(
        "{}\npositional arguments:\n  filename.py  the file to tokenize; defaults to stdin\n\n\
         options:\n  -h, --help   show this help message and exit\n  \
         -e, --exact  display token names using the exact type\n",
        usage(prog)
    )
}

/// Runs `python -m tokenize` with the arguments after the module name; `prog` is the
/// program name argparse shows (`oxpy -m tokenize`). Returns the exit status.
pub fn main(prog: &str, args: &[OsString], streams: &mut Streams<'_>) -> i32 {
    let options = match parse_args(args) {
        Parsed::Run(options) => options,
        Parsed::Help => {
            return match streams.stdout.write_all(help(prog).as_bytes()) {
                Ok(()) => 0,
                Err(e) => report(streams, &format!("error: {}", os_error_text(&e, None))),
            };
        }
        Parsed::Error(message) => {
            // Nothing more can be reported if stderr itself fails.
            let _ = writeln!(streams.stderr, "{}{prog}: error: {message}", usage(prog));
            return 2;
        }
    };
    match options.filename {
        Some(name) if !name.is_empty() => tokenize_file(&name, options.exact, streams),
        _ => tokenize_stdin(options.exact, streams),
    }
}

/// Writes `line` and a newline to stderr and returns exit status 1 (`error()` in `_main`).
fn report(streams: &mut Streams<'_>, line: &str) -> i32 {
    let _ = writeln!(streams.stderr, "{line}");
    1
}

/// `str(OSError)`: `[Errno N] STRERROR` and, when there is a file name, `: 'NAME'`.
fn os_error_text(err: &io::Error, filename: Option<&str>) -> String {
    let Some(code) = err.raw_os_error() else {
        return err.to_string();
    };
    // The OS's message is `strerror(code)`; std appends " (os error N)".
    let full = io::Error::from_raw_os_error(code).to_string();
    let suffix = format!(" (os error {code})");
    let strerror = full.strip_suffix(&suffix).unwrap_or(&full);
    match filename {
        Some(name) => format!("[Errno {code}] {strerror}: {}", str_repr(name)),
        None => format!("[Errno {code}] {strerror}"),
    }
}

/// The error line for a tokenizer error (`IndentationError`/`TokenError` in `_main`).
fn tokenize_error_line(filename: &str, err: &ModuleError) -> String {
    let (line, column) = err.location();
    format!("{filename}:{line}:{column}: error: {}", err.message())
}

/// Appends `text` left-justified in a field of `width` characters (`%-Ns`).
fn push_padded(out: &mut String, text: &str, width: usize) {
    out.push_str(text);
    let len = text.chars().count();
    for _ in len..width {
        out.push(' ');
    }
}

/// One output line (with its newline) for a token:
/// `"%-20s%-15s%-15r" % ("%d,%d-%d,%d:" % (start + end), tok_name[type], string)`.
pub fn format_token(start: (u32, i64), end: (u32, i64), kind: TokenKind, string: &str) -> String {
    let mut out = String::new();
    let mut range = String::new();
    // Writing to a String cannot fail.
    let _ = write!(range, "{},{}-{},{}:", start.0, start.1, end.0, end.1);
    push_padded(&mut out, &range, 20);
    push_padded(&mut out, kind.name(), 15);
    push_padded(&mut out, &str_repr(string), 15);
    out.push('\n');
    out
}

/// The output line of a `tokenize` token.
fn token_line(token: &TokenInfo<'_>, exact: bool) -> String {
    let kind = if exact { token.exact_kind } else { token.kind };
    format_token(token.start, token.end, kind, token.string)
}

/// Decodes source bytes the way the C tokenizer's readline mode does when it is given an
/// encoding: the BOM dropped, then each line decoded with the `replace` error handler.
fn decode_replace(data: &[u8], detected: &Detected) -> String {
    const BOM: &[u8] = b"\xef\xbb\xbf";
    let body = match data.strip_prefix(BOM) {
        Some(rest) if detected.bom => rest,
        _ => data,
    };
    source::decode_replace(body, detected.codec)
}

/// `python -m tokenize FILE`.
fn tokenize_file(name: &OsString, exact: bool, streams: &mut Streams<'_>) -> i32 {
    let filename = name.to_string_lossy();
    let data = match std::fs::read(name) {
        Ok(data) => data,
        Err(e) => {
            return report(
                streams,
                &format!("error: {}", os_error_text(&e, Some(&filename))),
            );
        }
    };
    let detected = match source::detect_encoding(&data, Some(&filename)) {
        Ok(detected) => detected,
        Err(e) => return report(streams, &format!("{filename}: error: {e}")),
    };
    let text = SourceText::new(decode_replace(&data, &detected));
    let encoding = if detected.name == "utf-8-sig" {
        "utf-8"
    } else {
        detected.name.as_str()
    };
    let mut out = format_token((0, 0), (0, 0), TokenKind::ENCODING, encoding);
    let mut tokens = ModuleTokens::new(&text);
    let mut warned = Warned::default();
    while let Some(item) = tokens.next() {
        warned.emit(tokens.warnings(), streams);
        match item {
            Ok(token) => out.push_str(&token_line(&token, exact)),
            Err(e) => return report(streams, &tokenize_error_line(&filename, &e)),
        }
    }
    match streams.stdout.write_all(out.as_bytes()) {
        Ok(()) => 0,
        Err(e) => report(streams, &format!("error: {}", os_error_text(&e, None))),
    }
}

/// The tokenizer's SyntaxWarnings, printed as Python's default warning filter prints them
/// for the `<string>` the C tokenizer names: once per (line, message).
#[derive(Default)]
struct Warned {
    printed: usize,
    seen: Vec<(u32, String)>,
}

impl Warned {
    fn emit(&mut self, warnings: &[oxpy_tokenize::TokenizeWarning], streams: &mut Streams<'_>) {
        for w in &warnings[self.printed.min(warnings.len())..] {
            let key = (w.lineno, w.message.clone());
            if !self.seen.contains(&key) {
                // Nothing more can be reported if stderr itself fails.
                let _ = writeln!(
                    streams.stderr,
                    "<string>:{}: SyntaxWarning: {}",
                    w.lineno, w.message
                );
                self.seen.push(key);
            }
        }
        self.printed = warnings.len();
    }
}

/// `python -m tokenize` reading stdin: tokens are printed as they come.
fn tokenize_stdin(exact: bool, streams: &mut Streams<'_>) -> i32 {
    let mut data = Vec::new();
    if let Err(e) = streams.stdin.read_to_end(&mut data) {
        return report(streams, &format!("error: {}", os_error_text(&e, None)));
    }
    let text = match source::decode(&data, source::Codec::Utf8, false) {
        Ok(text) => text,
        // CPython's sys.stdin raises UnicodeDecodeError, which `_main` reports as an
        // unexpected error (followed by a traceback oxpy does not reproduce).
        Err(e) => return report(streams, &format!("unexpected error: {e}")),
    };
    let text = SourceText::new(text);
    let mut tokens = ModuleTokens::new(&text);
    let mut warned = Warned::default();
    while let Some(item) = tokens.next() {
        warned.emit(tokens.warnings(), streams);
        let line = match item {
            Ok(token) => token_line(&token, exact),
            Err(e) => return report(streams, &tokenize_error_line("<stdin>", &e)),
        };
        if let Err(e) = streams.stdout.write_all(line.as_bytes()) {
            return report(streams, &format!("error: {}", os_error_text(&e, None)));
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    fn run(words: &[&str], stdin: &[u8]) -> (i32, String, String) {
        let mut input = stdin;
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut streams = Streams {
            stdin: &mut input,
            stdout: &mut out,
            stderr: &mut err,
        };
        let status = main("oxpy -m tokenize", &os(words), &mut streams);
        (
            status,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    }

    const USAGE: &str = "usage: oxpy -m tokenize [-h] [-e] [filename.py]\n";

    /// Expected texts recorded from CPython 3.14.2's `tokenize._main` (argparse) with
    /// `sys.argv[0] = 'oxpy -m tokenize'`.
    #[test]
    fn argparse_messages_match_cpython() {
        let help = "usage: oxpy -m tokenize [-h] [-e] [filename.py]\n\npositional arguments:\n  \
                    filename.py  the file to tokenize; defaults to stdin\n\noptions:\n  \
                    -h, --help   show this help message and exit\n  \
                    -e, --exact  display token names using the exact type\n";
        assert_eq!(run(&["-h"], b""), (0, help.into(), String::new()));
        assert_eq!(
            run(&["--exact", "--help"], b""),
            (0, help.into(), String::new())
        );
        let error = |msg: &str| {
            (
                2,
                String::new(),
                format!("{USAGE}oxpy -m tokenize: error: {msg}\n"),
            )
        };
        assert_eq!(run(&["a", "b"], b""), error("unrecognized arguments: b"));
        assert_eq!(run(&["-x"], b""), error("unrecognized arguments: -x"));
        assert_eq!(
            run(&["a", "b", "c"], b""),
            error("unrecognized arguments: b c")
        );
        assert_eq!(
            run(&["--foo", "bar", "baz"], b""),
            error("unrecognized arguments: --foo baz")
        );
        assert_eq!(
            run(&["--exact=1"], b""),
            error("argument -e/--exact: ignored explicit argument '1'")
        );
    }

    #[test]
    fn argparse_prefixes_and_separators() {
        let parsed = |words: &[&str]| parse_args(&os(words));
        let run_with = |exact, name: Option<&str>| {
            Parsed::Run(Options {
                exact,
                filename: name.map(OsString::from),
            })
        };
        assert_eq!(parsed(&["--ex", "f.py"]), run_with(true, Some("f.py")));
        assert_eq!(parsed(&["--e"]), run_with(true, None));
        assert_eq!(parsed(&["-ee", "f"]), run_with(true, Some("f")));
        assert_eq!(parsed(&["--", "-e"]), run_with(false, Some("-e")));
        assert_eq!(parsed(&["-e", "-"]), run_with(true, Some("-")));
        assert_eq!(parsed(&["-eh"]), Parsed::Help);
        assert_eq!(parsed(&["--he"]), Parsed::Help);
        assert_eq!(
            parsed(&["-ex"]),
            Parsed::Error("unrecognized arguments: -x".into())
        );
        assert_eq!(
            parsed(&["-e=1"]),
            Parsed::Error("argument -e/--exact: ignored explicit argument '1'".into())
        );
    }

    /// More outcomes recorded from CPython 3.14.2's argparse: `Ok(true)` is the help text,
    /// `Err(msg)` an argparse error, `Ok(false)` a run (checked through [`parse_args`]).
    #[test]
    fn argparse_corner_cases_match_cpython() {
        let cases: &[(&[&str], Result<bool, &str>)] = &[
            (&["-eh"], Ok(true)),
            (&["--he"], Ok(true)),
            (&["-he"], Ok(true)),
            (&["-h", "-z"], Ok(true)),
            (&["-z", "-h"], Ok(true)),
            (&["-ex"], Err("unrecognized arguments: -x")),
            (
                &["-exh", "/nonexistent"],
                Err("unrecognized arguments: -xh"),
            ),
            (
                &["-e=1"],
                Err("argument -e/--exact: ignored explicit argument '1'"),
            ),
            (
                &["-e="],
                Err("argument -e/--exact: ignored explicit argument ''"),
            ),
            (
                &["--exact="],
                Err("argument -e/--exact: ignored explicit argument ''"),
            ),
            (
                &["-e-"],
                Err("argument -e/--exact: ignored explicit argument '-'"),
            ),
            (
                &["--help=x"],
                Err("argument -h/--help: ignored explicit argument 'x'"),
            ),
            (&["a", "-e", "b"], Err("unrecognized arguments: b")),
            (&["a", "b", "--foo"], Err("unrecognized arguments: b --foo")),
            (&["--", "a", "--"], Err("unrecognized arguments: --")),
            (&["-e", "--", "-e", "f"], Err("unrecognized arguments: f")),
            (&["-1"], Ok(false)),
            (&["-x y"], Ok(false)),
        ];
        for (words, expected) in cases {
            let (status, out, err) = run(words, b"");
            match expected {
                Ok(true) => assert!(
                    status == 0 && out.starts_with(USAGE) && err.is_empty(),
                    "{words:?}"
                ),
                Err(msg) => assert_eq!(
                    (status, out, err),
                    (
                        2,
                        String::new(),
                        format!("{USAGE}oxpy -m tokenize: error: {msg}\n")
                    ),
                    "{words:?}"
                ),
                Ok(false) => assert_eq!(
                    parse_args(&os(words)),
                    Parsed::Run(Options {
                        exact: false,
                        filename: Some(OsString::from(words[0]))
                    })
                ),
            }
        }
    }

    #[test]
    fn missing_file_is_an_os_error() {
        let (status, out, err) = run(&["/nonexistent/oxpy-test.py"], b"");
        assert_eq!((status, out.as_str()), (1, ""));
        assert_eq!(
            err,
            "error: [Errno 2] No such file or directory: '/nonexistent/oxpy-test.py'\n"
        );
    }

    /// Expected output recorded from CPython 3.14.2 (stdin `x = (1,\n`).
    #[test]
    fn stdin_prints_tokens_as_they_come() {
        let (status, out, err) = run(&[], b"x = (1,\n");
        assert_eq!(status, 1);
        assert_eq!(
            out,
            "1,0-1,1:            NAME           'x'            \n\
             1,2-1,3:            OP             '='            \n\
             1,4-1,5:            OP             '('            \n\
             1,5-1,6:            NUMBER         '1'            \n\
             1,6-1,7:            OP             ','            \n\
             1,7-1,8:            NL             '\\n'           \n"
        );
        assert_eq!(
            err,
            "<stdin>:1:0: error: unexpected EOF in multi-line statement\n"
        );
        let (status, out, _) = run(&["-e", ""], b"a+=1");
        assert_eq!(status, 0);
        assert!(out.contains("PLUSEQUAL      '+='"), "{out}");
    }
}
