//! Port of Lib/dis.py's `main()`: `python -m dis [-C] [-O] [-P] [-S] [infile]`.
//!
//! The file (or stdin, named `<stdin>`) is read as bytes, compiled as
//! `compile(source, name, "exec")` ([`oxpy_compile::compile_source`]) and disassembled with
//! `dis.dis(code, ...)` ([`oxpy_compile::dis::dis_with`]): the module, then every nested code
//! object, with the views the flags ask for: `-C` the inline caches (cells named by the
//! generated layouts of `oxpy_specialize`), `-O` the offsets, `-P` the source positions
//! and `-S` the adaptive bytecode (for code that never ran: the quickened counters).
//! The compiler's warnings go to stderr as the `warnings` module shows them; a
//! `SyntaxError` is reported as an uncaught exception (exit status 1), argument errors as
//! argparse's (exit status 2).

use super::Streams;
use super::argparse::{self, Arg, ArgKind, Parsed, Value};
use super::ast_main::{os_error_line, report_error, uncaught, write_stdout};
use super::traceback::{SyntaxErrorInfo, format_syntax_error};
use oxpy_compile::dis::{DisOptions, dis_with};
use oxpy_compile::generated::Opcode;
use oxpy_compile::generated::metadata::cache_entries;
use oxpy_compile::{CompileError, CompileOptions, CompileWarning};
use oxpy_parser::{ParseError, ParseOptions};
use oxpy_specialize::generated::cache as layouts;
use std::ffi::OsString;

/// The `ArgumentParser` of `dis.main`.
fn parser(prog: &str) -> argparse::Parser {
    let flag = |dest, options: &[&'static str], help| Arg {
        dest,
        options: options.to_vec(),
        kind: ArgKind::Flag(true),
        help,
    };
    argparse::Parser {
        prog: prog.to_string(),
        width: argparse::default_width(),
        description: None,
        args: vec![
            Arg::help(),
            flag(
                "show_caches",
                &["-C", "--show-caches"],
                "show inline caches",
            ),
            flag(
                "show_offsets",
                &["-O", "--show-offsets"],
                "show instruction offsets",
            ),
            flag(
                "show_positions",
                &["-P", "--show-positions"],
                "show instruction positions",
            ),
            flag(
                "specialized",
                &["-S", "--specialized"],
                "show specialized bytecode",
            ),
            Arg {
                dest: "infile",
                options: vec![],
                kind: ArgKind::OptionalPositional,
                help: "",
            },
        ],
    }
}

/// Runs `python -m dis` with the arguments after the module name; `prog` is the program
/// name argparse shows (`oxpy -m dis`). Returns the exit status.
pub fn main(prog: &str, args: &[OsString], streams: &mut Streams<'_>) -> i32 {
    let words: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let values = match parser(prog).parse(&words) {
        Parsed::Values(values) => values,
        Parsed::Help(text) => return write_stdout(streams, &text),
        Parsed::Error(text) => {
            let _ = streams.stderr.write_all(text.as_bytes());
            return 2;
        }
    };
    let flag = |name| values.get(name) == Some(&Value::Bool(true));
    let options = DisOptions {
        show_caches: flag("show_caches"),
        adaptive: flag("specialized"),
        show_offsets: flag("show_offsets"),
        show_positions: flag("show_positions"),
        cache_format: Some(&cache_format),
    };
    let infile = match values.get("infile") {
        Some(Value::Str(s)) => s.clone(),
        _ => "-".to_string(),
    };
    let (name, data) = if infile == "-" {
        let mut data = Vec::new();
        if let Err(e) = streams.stdin.read_to_end(&mut data) {
            return uncaught(streams, &format!("OSError: {e}\n"));
        }
        ("<stdin>".to_string(), data)
    } else {
        match std::fs::read(&infile) {
            Ok(data) => (infile.clone(), data),
            Err(e) => return uncaught(streams, &format!("{}\n", os_error_line(&e, &infile))),
        }
    };
    match compile(&data, &name) {
        Ok((code, warnings)) => {
            write_warnings(streams, &name, &data, &warnings);
            write_stdout(streams, &dis_with(&code, &options))
        }
        Err(failure) => {
            let text = failure.exception_text(&data, &name);
            match failure {
                Failure::Unsupported(_) => {
                    let _ = write!(streams.stderr, "{prog}: {text}");
                    2
                }
                Failure::Parse(err, source, last) => {
                    report_error(streams, &name, &err, source.as_deref(), last)
                }
                Failure::Syntax(_) => uncaught(streams, &text),
            }
        }
    }
}

/// Why compiling failed, with what reporting it needs.
pub(super) enum Failure {
    /// A parser (or decoding) error, with the decoded source and `SyntaxError._metadata`'s
    /// line, for traceback's keyword suggestions.
    Parse(Box<ParseError>, Option<String>, i64),
    /// A SyntaxError from the symtable or the compiler.
    Syntax(CompileError),
    /// Something the compiler does not handle yet.
    Unsupported(CompileError),
}

impl Failure {
    /// `traceback.format_exception_only` of the error (for the compiler's own errors), or
    /// a "not supported" line.
    pub(super) fn exception_text(&self, data: &[u8], name: &str) -> String {
        match self {
            Failure::Syntax(CompileError::Syntax { message, location }) => {
                let text = oxpy_tokenize::source_for_parser(data).ok().and_then(|s| {
                    let n = usize::try_from(location.lineno).ok()?.checked_sub(1)?;
                    s.as_str().split_inclusive('\n').nth(n).map(str::to_string)
                });
                let opt = |v: i32| (v > 0).then_some(i64::from(v));
                format_syntax_error(&SyntaxErrorInfo {
                    class: "SyntaxError".into(),
                    msg: message.clone(),
                    filename: Some(name.to_string()),
                    lineno: Some(i64::from(location.lineno)),
                    offset: opt(location.offset),
                    end_lineno: opt(location.end_lineno),
                    end_offset: opt(location.end_offset),
                    text,
                })
            }
            Failure::Parse(err, ..) => format!("{}: {}\n", err.class_name(), err.message()),
            Failure::Syntax(other) | Failure::Unsupported(other) => {
                format!("the compiler cannot compile this file yet: {other}\n")
            }
        }
    }
}

/// `compile(data, name, "exec")`: the module code object and the warnings raised.
pub(super) fn compile(
    data: &[u8],
    name: &str,
) -> Result<
    (
        std::sync::Arc<oxpy_objects::code::CodeObject>,
        Vec<CompileWarning>,
    ),
    Failure,
> {
    match oxpy_compile::compile_source(data, name, &CompileOptions::default()) {
        Ok(compiled) => Ok((compiled.code, compiled.warnings)),
        Err(CompileError::Parse(err)) => {
            // Parse again for the reporting details the compiler does not keep.
            let Ok(source) = oxpy_tokenize::source_for_parser(data) else {
                return Err(Failure::Parse(Box::new(err), None, 0));
            };
            let report = oxpy_parser::parse_report(&source, &ParseOptions::default());
            let err = report.result.err().unwrap_or(err);
            Err(Failure::Parse(
                Box::new(err),
                Some(source.as_str().to_string()),
                report.last_statement.0,
            ))
        }
        Err(e @ CompileError::Syntax { .. }) => Err(Failure::Syntax(e)),
        Err(e) => Err(Failure::Unsupported(e)),
    }
}

/// The warnings as `warnings.showwarning` prints them: `FILE:LINE: CATEGORY: MESSAGE`, then
/// the stripped source line (read from the file, as `linecache` does) when there is one.
pub(super) fn write_warnings(
    streams: &mut Streams<'_>,
    name: &str,
    data: &[u8],
    warnings: &[CompileWarning],
) {
    let source = oxpy_tokenize::source_for_parser(data).ok();
    for w in warnings {
        let mut text = format!("{name}:{}: {}: {}\n", w.lineno, w.category, w.message);
        let line = source.as_ref().and_then(|s| {
            let n = usize::try_from(w.lineno).ok()?.checked_sub(1)?;
            s.as_str().split_inclusive('\n').nth(n).map(str::to_string)
        });
        if name != "<stdin>" {
            if let Some(line) = line.map(|l| l.trim().to_string()).filter(|l| !l.is_empty()) {
                text.push_str(&format!("  {line}\n"));
            }
        }
        let _ = streams.stderr.write_all(text.as_bytes());
    }
}

/// `opcode._cache_format[name]` of an instruction (its family head): the generated cache
/// layout's cells, or for an instruction whose cache has no layout of its own (the
/// conditional jumps) a single `counter` cell over the whole cache.
fn cache_format(op: Opcode) -> Vec<(&'static str, usize)> {
    match layouts::family_cells(op) {
        Some(cells) => cells
            .iter()
            .map(|c| (c.name, usize::from(c.size)))
            .collect(),
        None => match usize::from(cache_entries(op)) {
            0 => Vec::new(),
            n => vec![("counter", n)],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::cache_format;
    use oxpy_compile::generated::metadata::{cache_entries, deopt};
    use oxpy_compile::generated::opcode::ALL;

    #[test]
    fn cache_cells_cover_every_cache_unit() {
        for op in ALL.iter().copied().filter(|&op| deopt(op) == op) {
            let cells = cache_format(op);
            let total: usize = cells.iter().map(|(_, size)| size).sum();
            assert_eq!(total, usize::from(cache_entries(op)), "{}", op.name());
            if !cells.is_empty() {
                assert_eq!(cells[0].0, "counter", "{}", op.name());
            }
        }
    }
}
