//! The first pass keeps only the tokens of the statement being parsed: valid programs
//! never need an earlier token, and a failing one starts over with every token and gets
//! the same error as a parse that kept them all.

use oxpy_parser::parser::Parser;
use oxpy_tokenize::source_for_parser;
use std::path::PathBuf;

/// Every corpus file CPython accepts (the golden AST fixture lists them) parses in one
/// windowed first pass.
#[test]
fn valid_corpus_files_never_start_over() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let golden = std::fs::read_to_string(here.join("tests/golden/ast.jsonl")).expect("fixture");
    let mut parsed = 0;
    let mut started_over = Vec::new();
    for line in golden.lines() {
        let record: serde_json::Value = serde_json::from_str(line).expect("valid JSON");
        let path = record["path"].as_str().expect("path");
        let data = std::fs::read(here.join("../..").join(path)).expect("corpus file");
        let Ok(source) = source_for_parser(&data) else {
            continue;
        };
        let mut parser = Parser::new(&source);
        if parser.parse().is_ok() {
            parsed += 1;
            if parser.started_over() {
                started_over.push(path.to_string());
            }
        }
    }
    assert!(parsed > 200, "only {parsed} files parsed");
    assert!(
        started_over.is_empty(),
        "the windowed first pass needed dropped tokens in:\n{}",
        started_over.join("\n")
    );
}

/// Many statements, so that the first pass has dropped tokens by the time it fails.
fn long_prefix() -> String {
    (0..300).map(|i| format!("x{i} = f(a, b[{i}])\n")).collect()
}

#[test]
fn an_error_after_dropped_tokens_starts_over_and_is_reported_as_cpython_does() {
    // CPython 3.14: SyntaxError "invalid syntax" at (301, 6, 301, 7).
    let src = format!("{}if x y\n", long_prefix());
    let source = source_for_parser(src.as_bytes()).expect("utf-8");
    let mut parser = Parser::new(&source);
    let err = parser.parse().expect_err("invalid");
    assert!(parser.started_over());
    let loc = err.location();
    assert_eq!(err.message(), "invalid syntax");
    assert_eq!(
        [loc.lineno, loc.offset, loc.end_lineno, loc.end_offset],
        [Some(301), Some(6), Some(301), Some(7)]
    );
}

#[test]
fn a_nested_block_error_after_dropped_tokens_points_at_the_block_header() {
    let body: String = (0..300).map(|i| format!("    y{i} = g({i})\n")).collect();
    let src = format!("def f():\n{body}    if y:\nz = 1\n");
    let source = source_for_parser(src.as_bytes()).expect("utf-8");
    let mut parser = Parser::new(&source);
    let err = parser.parse().expect_err("invalid");
    assert!(parser.started_over());
    assert_eq!(
        err.message(),
        "expected an indented block after 'if' statement on line 302"
    );
    // CPython 3.14: IndentationError at (303, 0, 303, -1).
    assert_eq!(err.class_name(), "IndentationError");
    let loc = err.location();
    assert_eq!(
        [loc.lineno, loc.offset, loc.end_lineno, loc.end_offset],
        [Some(303), Some(0), Some(303), Some(-1)]
    );
}

#[test]
fn a_long_valid_program_parses_the_same_with_and_without_earlier_statements() {
    let src = format!(
        "{}class C:\n    def m(self):\n        return [i for i in self]\n",
        long_prefix()
    );
    let source = source_for_parser(src.as_bytes()).expect("utf-8");
    let mut parser = Parser::new(&source);
    let tree = parser.parse().expect("valid");
    assert!(!parser.started_over());
    let oxpy_parser::ast::Mod::Module { body, .. } = tree else {
        panic!("not a module");
    };
    assert_eq!(body.len(), 301);
}
