//! Port of Lib/py_compile.py (`main()` and `compile()`): `python -m py_compile [-q] FILE...`.
//!
//! Each file is compiled ([`oxpy_compile::compile_source`]) and written to
//! `DIR/__pycache__/NAME.cpython-314.pyc` (`importlib.util.cache_from_source`) as a
//! timestamp `.pyc` (the source's mtime and size), or a checked hash-based one when
//! `SOURCE_DATE_EPOCH` is set, as py_compile's default invalidation mode does. The file is
//! written atomically (a temporary file, then a rename) with the source's permission bits.
//! `-` reads the file names from stdin. The first failure stops: a `SyntaxError` prints
//! `traceback.format_exception_only`'s text (without a `Traceback` header), an `OSError` its
//! `[Errno N] ...` text without a newline, both with exit status 1 (nothing with `-q`).

use super::Streams;
use super::argparse::{self, Arg, ArgKind, Parsed, Value};
use super::dis_main::{Failure, compile, write_warnings};
use oxpy_compile::marshal::pyc::{Invalidation, cache_from_source, pyc_bytes, source_hash};
use std::ffi::OsString;
use std::io::{self, Write as _};
use std::path::Path;

/// The `ArgumentParser` of `py_compile.main`.
fn parser(prog: &str) -> argparse::Parser {
    argparse::Parser {
        prog: prog.to_string(),
        width: argparse::default_width(),
        description: Some("A simple command-line interface for py_compile module."),
        args: vec![
            Arg::help(),
            Arg {
                dest: "quiet",
                options: vec!["-q", "--quiet"],
                kind: ArgKind::Flag(true),
                help: "Suppress error output",
            },
            Arg {
                dest: "filenames",
                options: vec![],
                kind: ArgKind::OneOrMore,
                help: "Files to compile",
            },
        ],
    }
}

/// Runs `python -m py_compile` with the arguments after the module name. Returns the exit
/// status.
pub fn main(prog: &str, args: &[OsString], streams: &mut Streams<'_>) -> i32 {
    let words: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let values = match parser(prog).parse(&words) {
        Parsed::Values(values) => values,
        Parsed::Help(text) => {
            let _ = streams.stdout.write_all(text.as_bytes());
            return 0;
        }
        Parsed::Error(text) => {
            let _ = streams.stderr.write_all(text.as_bytes());
            return 2;
        }
    };
    let quiet = values.get("quiet") == Some(&Value::Bool(true));
    let mut filenames = match values.get("filenames") {
        Some(Value::List(names)) => names.clone(),
        _ => Vec::new(),
    };
    if filenames == ["-"] {
        let mut text = String::new();
        if streams.stdin.read_to_string(&mut text).is_err() {
            return 1;
        }
        filenames = text
            .split_inclusive('\n')
            .map(|l| l.trim_end_matches('\n').to_string())
            .collect();
    }
    for filename in &filenames {
        if let Err(message) = compile_one(filename, streams) {
            if !quiet {
                let _ = streams.stderr.write_all(message.as_bytes());
            }
            return 1;
        }
    }
    0
}

/// `py_compile.compile(file, doraise=True)`: the message to print on failure.
fn compile_one(filename: &str, streams: &mut Streams<'_>) -> Result<(), String> {
    let path = Path::new(filename);
    let cfile = cache_from_source(path);
    let data = std::fs::read(path).map_err(|e| os_error(&e, filename))?;
    let (code, warnings) = match compile(&data, filename) {
        Ok(ok) => ok,
        Err(failure) => return Err(compile_error_text(&failure, &data, filename)),
    };
    write_warnings(streams, filename, &data, &warnings);
    if let Some(dir) = cfile.parent().filter(|d| !d.as_os_str().is_empty()) {
        match std::fs::create_dir_all(dir) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(os_error(&e, &dir.to_string_lossy())),
        }
    }
    let invalidation = if std::env::var_os("SOURCE_DATE_EPOCH").is_some_and(|v| !v.is_empty()) {
        Invalidation::Hash {
            hash: source_hash(&data),
            checked: true,
        }
    } else {
        let meta = std::fs::metadata(path).map_err(|e| os_error(&e, filename))?;
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs());
        Invalidation::Timestamp {
            mtime,
            size: meta.len(),
        }
    };
    let bytes = pyc_bytes(&code, invalidation).map_err(|e| format!("Sorry: {e}"))?;
    write_atomic(path, &cfile, &bytes).map_err(|e| os_error(&e, &cfile.to_string_lossy()))
}

/// `_write_atomic`: a temporary file beside the target, then a rename; permission bits
/// from the source (`_calc_mode`: the source's mode plus owner write, masked by 0o666).
fn write_atomic(source: &Path, target: &Path, data: &[u8]) -> io::Result<()> {
    let tmp = target.with_extension(format!("pyc.{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(data)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(source).map_or(0o666, |m| m.permissions().mode());
            f.set_permissions(std::fs::Permissions::from_mode((mode | 0o200) & 0o666))?;
        }
        #[cfg(not(unix))]
        let _ = source;
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `str(OSError)`: `[Errno N] STRERROR: 'NAME'` (no class name, as `parser.exit` prints it).
fn os_error(err: &io::Error, filename: &str) -> String {
    let line = super::ast_main::os_error_line(err, filename);
    match line.split_once(": ") {
        Some((_, rest)) if err.raw_os_error().is_some() => rest.to_string(),
        _ => line,
    }
}

/// `PyCompileError.msg`: a SyntaxError's `format_exception_only` text (with traceback's
/// keyword suggestion), else `Sorry: CLASS: str(error)`.
fn compile_error_text(failure: &Failure, data: &[u8], filename: &str) -> String {
    match failure {
        Failure::Parse(err, source, metadata_line) => {
            let class = err.class_name();
            if class == "SyntaxError" {
                return super::ast_main::parse_error_text(
                    filename,
                    err,
                    source.as_deref(),
                    *metadata_line,
                );
            }
            // Only SyntaxError itself gets the traceback text; its subclasses and other
            // errors are `str()`ed, without a final newline.
            let mut text = format!("Sorry: {class}: {}", err.message());
            if matches!(class, "IndentationError" | "TabError") {
                text.push_str(&syntax_error_suffix(filename, err.location().lineno));
            }
            text
        }
        other => other.exception_text(data, filename),
    }
}

/// What `str(SyntaxError)` adds to the message: ` (FILE, line N)` with the file's base
/// name, ` (FILE)` or ` (line N)`.
fn syntax_error_suffix(filename: &str, lineno: Option<i64>) -> String {
    let base = filename
        .rsplit(['/', std::path::MAIN_SEPARATOR])
        .next()
        .unwrap_or(filename);
    match lineno {
        Some(n) if !base.is_empty() => format!(" ({base}, line {n})"),
        Some(n) => format!(" (line {n})"),
        None if !base.is_empty() => format!(" ({base})"),
        None => String::new(),
    }
}
