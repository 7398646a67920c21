//! Port of Lib/ast.py's `main()`: `python -m ast [-m MODE] [--no-type-comments] [-a] [-i INDENT] [--feature-version VERSION] [-O LEVEL] [--show-empty] [infile]`.
//!
//! The file (or stdin, named `<stdin>`) is read as bytes and parsed as
//! `ast.parse(source, name, mode, type_comments=…, feature_version=…, optimize=…)` does,
//! then `ast.dump(tree, include_attributes=…, indent=…, show_empty=…)` is printed. A
//! `SyntaxError` is reported as the corpus golden data shows an uncaught exception:
//! `Traceback (most recent call last):`, `  ...` in place of the frames, then
//! `traceback.format_exception_only` ([`super::traceback`], with the keyword suggestion of
//! [`super::keyword_typos`]); exit status 1. Argument errors are argparse's
//! ([`super::argparse`]), exit status 2. The parse's SyntaxWarnings (tokenizer and
//! literal escapes) are printed first, as `warnings.showwarning` prints them.
//!
//! `--feature-version 3.N` rejects the constructs newer than 3.N as CPython does, and
//! `-O N` (N > 0) prints the tree the compiler's preprocessing makes of it
//! (`ast_preprocess.c`: `__debug__`, `%`-formatting to f-strings, docstrings under `-OO`).

use super::Streams;
use super::argparse::{self, Arg, ArgKind, Parsed, Value};
use super::keyword_typos::find_keyword_typo;
use super::traceback::{SyntaxErrorInfo, format_syntax_error};
use oxpy_objects::repr::str_repr;
use oxpy_parser::dump::{DumpOptions, dump_tree};
use oxpy_parser::{Mode, ParseError, ParseOptions};
use std::ffi::OsString;
use std::io;

/// Python frames below `ast.dump`'s first `_format` under `python -m ast`: runpy's two,
/// the module, `main` and `dump`.
const FRAMES_BELOW_FORMAT: usize = 5;

/// The `ArgumentParser` of `ast.main`.
fn parser(prog: &str) -> argparse::Parser {
    let arg = |dest, options: &[&'static str], kind, help| Arg {
        dest,
        options: options.to_vec(),
        kind,
        help,
    };
    argparse::Parser {
        prog: prog.to_string(),
        width: argparse::default_width(),
        description: None,
        args: vec![
            Arg::help(),
            arg(
                "infile",
                &[],
                ArgKind::OptionalPositional,
                "the file to parse; defaults to stdin",
            ),
            arg(
                "mode",
                &["-m", "--mode"],
                ArgKind::Value {
                    int: false,
                    choices: Some(vec!["exec", "single", "eval", "func_type"]),
                    metavar: None,
                },
                "specify what kind of code must be parsed",
            ),
            arg(
                "no_type_comments",
                &["--no-type-comments"],
                ArgKind::Flag(false),
                "don't add information about type comments",
            ),
            arg(
                "include_attributes",
                &["-a", "--include-attributes"],
                ArgKind::Flag(true),
                "include attributes such as line numbers and column offsets",
            ),
            arg(
                "indent",
                &["-i", "--indent"],
                ArgKind::Value {
                    int: true,
                    choices: None,
                    metavar: None,
                },
                "indentation of nodes (number of spaces)",
            ),
            arg(
                "feature_version",
                &["--feature-version"],
                ArgKind::Value {
                    int: false,
                    choices: None,
                    metavar: Some("VERSION"),
                },
                "Python version in the format 3.x (for example, 3.10)",
            ),
            arg(
                "optimize",
                &["-O", "--optimize"],
                ArgKind::Value {
                    int: true,
                    choices: None,
                    metavar: Some("LEVEL"),
                },
                "optimization level for parser (default -1)",
            ),
            arg(
                "show_empty",
                &["--show-empty"],
                ArgKind::Flag(true),
                "show empty lists and fields in dump output",
            ),
        ],
    }
}

/// The options `main()` ends up with.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Options {
    infile: String,
    mode: Mode,
    type_comments: bool,
    include_attributes: bool,
    indent: i64,
    feature_version: Option<String>,
    optimize: i64,
    show_empty: bool,
}

fn options(values: &std::collections::BTreeMap<&'static str, Value>) -> Options {
    let text = |k: &str| match values.get(k) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    };
    let int = |k: &str, default| match values.get(k) {
        Some(Value::Int(n)) => *n,
        _ => default,
    };
    let flag = |k: &str, default| match values.get(k) {
        Some(Value::Bool(b)) => *b,
        _ => default,
    };
    Options {
        infile: text("infile").unwrap_or_else(|| "-".into()),
        mode: text("mode")
            .and_then(|m| m.parse().ok())
            .unwrap_or(Mode::Exec),
        type_comments: flag("no_type_comments", true),
        include_attributes: flag("include_attributes", false),
        indent: int("indent", 3),
        feature_version: text("feature_version"),
        optimize: int("optimize", -1),
        show_empty: flag("show_empty", false),
    }
}

/// `str(OSError)` for a failed `open()`: `[Errno N] STRERROR: 'NAME'`.
pub(super) fn os_error_line(err: &io::Error, filename: &str) -> String {
    let class = match err.kind() {
        io::ErrorKind::NotFound => "FileNotFoundError",
        io::ErrorKind::PermissionDenied => "PermissionError",
        io::ErrorKind::IsADirectory => "IsADirectoryError",
        _ => "OSError",
    };
    let Some(code) = err.raw_os_error() else {
        return format!("{class}: {err}");
    };
    let full = io::Error::from_raw_os_error(code).to_string();
    let suffix = format!(" (os error {code})");
    let strerror = full.strip_suffix(&suffix).unwrap_or(&full);
    format!("{class}: [Errno {code}] {strerror}: {}", str_repr(filename))
}

/// Writes an uncaught exception the way the golden data shows it; returns status 1.
pub(super) fn uncaught(streams: &mut Streams<'_>, exception: &str) -> i32 {
    // Nothing more can be reported if stderr itself fails.
    let _ = write!(
        streams.stderr,
        "Traceback (most recent call last):\n  ...\n{exception}"
    );
    1
}

/// `int(text)` as `map(int, ...)` uses it for the feature version.
fn feature_minor(text: &str) -> Option<(i64, i64)> {
    let (major, minor) = text.split_once('.')?;
    Some((argparse::python_int(major)?, argparse::python_int(minor)?))
}

/// Runs `python -m ast` with the arguments after the module name; `prog` is the program
/// name argparse shows (`oxpy -m ast`). Returns the exit status.
pub fn main(prog: &str, args: &[OsString], streams: &mut Streams<'_>) -> i32 {
    let words: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let parser = parser(prog);
    let opts = match parser.parse(&words) {
        Parsed::Values(values) => options(&values),
        Parsed::Help(text) => return write_stdout(streams, &text),
        Parsed::Error(text) => {
            let _ = streams.stderr.write_all(text.as_bytes());
            return 2;
        }
    };
    let (name, data) = if opts.infile == "-" {
        let mut data = Vec::new();
        if let Err(e) = streams.stdin.read_to_end(&mut data) {
            return uncaught(streams, &format!("OSError: {e}\n"));
        }
        ("<stdin>".to_string(), data)
    } else {
        match std::fs::read(&opts.infile) {
            Ok(data) => (opts.infile.clone(), data),
            Err(e) => return uncaught(streams, &format!("{}\n", os_error_line(&e, &opts.infile))),
        }
    };
    let mut feature_version = None;
    if let Some(text) = opts.feature_version.as_deref().filter(|t| !t.is_empty()) {
        let Some((major, minor)) = feature_minor(text) else {
            let _ = writeln!(
                streams.stderr,
                "{}{prog}: error: Invalid format for --feature-version; expected format 3.x (for example, 3.10)",
                parser.usage()
            );
            return 2;
        };
        if major != 3 {
            return uncaught(
                streams,
                &format!("ValueError: Unsupported major version: {major}\n"),
            );
        }
        feature_version = i32::try_from(minor).ok();
    }
    let parse_opts = ParseOptions {
        mode: opts.mode,
        type_comments: opts.type_comments,
        feature_version,
        optimize: i32::try_from(opts.optimize).unwrap_or(i32::MAX),
    };
    let source = match oxpy_tokenize::source_for_parser(&data) {
        Ok(source) => source,
        Err(e) => {
            let err = ParseError::from(e);
            return report_source_error(streams, &name, &err, &data);
        }
    };
    let report = oxpy_parser::parse_report(&source, &parse_opts);
    show_warnings(streams, &name, opts.infile != "-", &data, &report.warnings);
    let mut tree = match report.result {
        Ok(tree) => tree,
        Err(err) => {
            return report_error(
                streams,
                &name,
                &err,
                Some(source.as_str()),
                report.last_statement.0,
            );
        }
    };
    // `ast.parse` ends with `_PyCompile_AstPreprocess`: the future features are checked
    // ("not a chance", misplaced or unknown features) whatever `optimize` is, and with
    // N > 0 (`PyCF_OPTIMIZED_AST`) the tree is preprocessed. It warns of nothing.
    let future = match oxpy_compile::future::future_features(&tree) {
        Ok(future) => future,
        Err(e) => {
            let text = super::dis_main::Failure::Syntax(e).exception_text(&data, &name);
            return uncaught(streams, &text);
        }
    };
    if opts.optimize > 0 {
        oxpy_compile::codegen::preprocess::preprocess(
            &mut tree,
            u8::try_from(opts.optimize).unwrap_or(u8::MAX),
            future.features & oxpy_compile::future::CO_FUTURE_ANNOTATIONS != 0,
            &mut Vec::new(),
        );
    }
    let dump_opts = DumpOptions {
        include_attributes: opts.include_attributes,
        indent: Some(opts.indent.max(0) as usize),
        show_empty: opts.show_empty,
        frames: 1000 - FRAMES_BELOW_FORMAT,
    };
    match dump_tree(&tree, &dump_opts) {
        Ok(text) => write_stdout(streams, &format!("{text}\n")),
        Err(err) => report_error(streams, &name, &err, None, 0),
    }
}

/// `warnings.showwarning` for each SyntaxWarning: `FILE:LINE: SyntaxWarning: MSG` and the
/// stripped source line as `linecache` reads it from the file (none for `<stdin>`).
fn show_warnings(
    streams: &mut Streams<'_>,
    name: &str,
    from_file: bool,
    data: &[u8],
    warnings: &[oxpy_parser::ParseWarning],
) {
    if warnings.is_empty() {
        return;
    }
    let text = if from_file {
        oxpy_tokenize::source_for_tokenize(data)
            .ok()
            .map(|(_, t)| t)
    } else {
        None
    };
    let lines: Vec<&str> = text
        .as_ref()
        .map(|t| t.as_str().split_inclusive('\n').collect())
        .unwrap_or_default();
    for w in warnings {
        let mut out = format!("{name}:{}: SyntaxWarning: {}\n", w.lineno, w.message);
        let line = usize::try_from(w.lineno)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| lines.get(i));
        if let Some(line) = line.filter(|l| !l.is_empty()) {
            let stripped =
                line.trim_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c));
            out.push_str(&format!("  {stripped}\n"));
        }
        // Nothing more can be reported if stderr itself fails.
        let _ = streams.stderr.write_all(out.as_bytes());
    }
}

/// Writes to stdout: status 0, or 120 if it cannot be written.
pub(super) fn write_stdout(streams: &mut Streams<'_>, text: &str) -> i32 {
    match streams
        .stdout
        .write_all(text.as_bytes())
        .and_then(|()| streams.stdout.flush())
    {
        Ok(()) => 0,
        Err(_) => 120,
    }
}

/// Reports a parse failure (`SyntaxError` and subclasses, `RecursionError`, decoding
/// errors) as an uncaught exception.
pub(super) fn report_error(
    streams: &mut Streams<'_>,
    filename: &str,
    err: &ParseError,
    source: Option<&str>,
    metadata_line: i64,
) -> i32 {
    uncaught(
        streams,
        &parse_error_text(filename, err, source, metadata_line),
    )
}

/// `traceback.format_exception_only` of a parse failure: a `SyntaxError` (and
/// subclasses) with its source line and caret, after the keyword suggestion traceback
/// looks for (`_find_keyword_typos`); other errors as `CLASS: MESSAGE`.
pub(super) fn parse_error_text(
    filename: &str,
    err: &ParseError,
    source: Option<&str>,
    metadata_line: i64,
) -> String {
    let class = err.class_name();
    if !matches!(class, "SyntaxError" | "IndentationError" | "TabError") {
        return format!("{class}: {}\n", err.message());
    }
    let loc = err.location();
    let text = source.and_then(|s| source_line(s, loc.lineno));
    let mut info = SyntaxErrorInfo {
        class: class.to_string(),
        msg: err.message(),
        filename: Some(filename.to_string()),
        lineno: loc.lineno,
        offset: loc.offset,
        end_lineno: loc.end_lineno,
        end_offset: loc.end_offset,
        text,
    };
    if let Some(source) = source
        && let Some(typo) = find_keyword_typo(&info.msg, info.lineno, metadata_line, source)
    {
        // traceback prints the "File" line first, with the original line number.
        let mut head = info.clone();
        head.text = None;
        head.offset = None;
        let file_line = format_syntax_error(&head);
        let file_line = file_line.lines().next().unwrap_or_default().to_string();
        info.text = Some(typo.text);
        info.offset = Some(typo.offset);
        info.end_offset = Some(typo.end_offset);
        info.lineno = Some(typo.lineno);
        info.end_lineno = Some(typo.lineno);
        info.msg = typo.msg;
        let body = format_syntax_error(&info);
        let body = body.split_once('\n').map_or("", |(_, rest)| rest);
        return format!("{file_line}\n{body}");
    }
    format_syntax_error(&info)
}

/// A decoding failure: its `text` is the raw line decoded with `replace` (BOM dropped),
/// and an error without a line has no file name either.
fn report_source_error(
    streams: &mut Streams<'_>,
    filename: &str,
    err: &ParseError,
    data: &[u8],
) -> i32 {
    let loc = err.location();
    let body = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    let text = usize::try_from(loc.lineno.unwrap_or(0))
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| body.split_inclusive(|&b| b == b'\n').nth(i))
        .map(|l| String::from_utf8_lossy(l).into_owned());
    let info = SyntaxErrorInfo {
        class: err.class_name().to_string(),
        msg: err.message(),
        filename: loc.lineno.map(|_| filename.to_string()),
        lineno: loc.lineno,
        offset: loc.offset,
        end_lineno: loc.end_lineno,
        end_offset: loc.end_offset,
        text,
    };
    if !matches!(
        info.class.as_str(),
        "SyntaxError" | "IndentationError" | "TabError"
    ) {
        return uncaught(streams, &format!("{}: {}\n", info.class, info.msg));
    }
    uncaught(streams, &format_syntax_error(&info))
}

/// The source line `lineno` (1-based) with its newline, as the parser puts it in `text`.
fn source_line(source: &str, lineno: Option<i64>) -> Option<String> {
    let n = usize::try_from(lineno?).ok()?.checked_sub(1)?;
    source.split_inclusive('\n').nth(n).map(str::to_string)
}
