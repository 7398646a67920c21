//! Property tests: the tokenizer never panics or hangs on any input, and on generated valid
//! programs its tokens and the gaps between them reproduce the source exactly.

use oxpy_tokenize::{
    LexOptions, Lexer, ModuleTokens, SourceText, TokenKind, parser_tokens, source_for_parser,
    source_for_tokenize,
};
use proptest::prelude::*;

/// Runs every view over `data`; returns the number of tokens seen (bounded, so a hang
/// would show up as a failure rather than a stuck test).
fn run_all_views(data: &[u8]) -> usize {
    let limit = 8 * data.len() + 64;
    let mut seen = 0;
    if let Ok(src) = source_for_parser(data) {
        for (i, item) in parser_tokens(&src).enumerate() {
            assert!(i <= limit, "parser view does not terminate");
            seen += 1;
            if item.is_err() {
                break;
            }
        }
        let opts = LexOptions {
            extra_tokens: false,
            type_comments: true,
        };
        let mut lexer = Lexer::new(src.as_str(), src.implicit_newline(), opts);
        for i in 0.. {
            assert!(i <= limit, "type-comment view does not terminate");
            match lexer.next_token() {
                Ok(t) if t.kind == TokenKind::ENDMARKER => break,
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
    if let Ok((_, src)) = source_for_tokenize(data) {
        for (i, item) in ModuleTokens::new(&src).enumerate() {
            assert!(i <= limit, "module view does not terminate");
            seen += 1;
            if item.is_err() {
                break;
            }
        }
    }
    seen
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        run_all_views(&data);
    }

    #[test]
    fn python_flavoured_bytes_never_panic(
        parts in proptest::collection::vec(prop_oneof![
            Just("(".to_string()), Just(")".to_string()), Just("[".to_string()), Just("]".to_string()),
            Just("{".to_string()), Just("}".to_string()), Just("f'".to_string()), Just("t\"".to_string()),
            Just("'''".to_string()), Just("\"".to_string()), Just("'".to_string()), Just("\\".to_string()),
            Just("\n".to_string()), Just("\r\n".to_string()), Just("\r".to_string()), Just("    ".to_string()),
            Just("\t".to_string()), Just("#".to_string()), Just(":".to_string()), Just("!".to_string()),
            Just("=".to_string()), Just("0x".to_string()), Just("1e".to_string()), Just("0o8".to_string()),
            Just("_".to_string()), Just(".".to_string()), Just("é".to_string()), Just("€".to_string()),
            Just("\u{a0}".to_string()), Just("\0".to_string()), Just("rb".to_string()), Just("x".to_string()),
            "[a-z0-9 ]{1,4}",
        ], 0..60)
    ) {
        run_all_views(parts.concat().as_bytes());
    }
}

// ------------------------------------------------------------ valid programs ----

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_][a-z0-9_]{0,6}",
        Just("café".to_string()),
        Just("π".to_string()),
        Just("变量".to_string()),
    ]
    .prop_filter("not a keyword or prefix-quote hazard", |n| {
        !oxpy_tokenize::token::is_keyword(n)
    })
}

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        name(),
        "[1-9][0-9_]{0,4}[0-9]?".prop_filter("no double underscore", |s| !s.contains("__")
            && !s.ends_with('_')),
        Just("0x_ff".to_string()),
        Just("0o17".to_string()),
        Just("0b1010".to_string()),
        Just("1.5e-3".to_string()),
        Just(".5j".to_string()),
        Just("'a\\'b'".to_string()),
        Just("\"é€\"".to_string()),
        Just("rb'\\x'".to_string()),
        Just("'''multi\nline'''".to_string()),
        Just("f'{x!r:>{w}} {{}}'".to_string()),
        Just("f\"{'nested'}\"".to_string()),
        Just("t'{a}{b=}'".to_string()),
        Just("f'''{\n  x\n}'''".to_string()),
        Just("...".to_string()),
    ]
}

fn expr() -> impl Strategy<Value = String> {
    let leaf = atom();
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop_oneof![
                    Just(" + "),
                    Just(" - "),
                    Just(" * "),
                    Just("**"),
                    Just(" // "),
                    Just(" @ "),
                    Just(" == "),
                    Just(" != "),
                    Just(" <= "),
                    Just(" >> "),
                    Just(" | "),
                    Just(" and "),
                    Just(" if x else "),
                    Just("."),
                ],
                inner.clone()
            )
                .prop_map(|(a, op, b)| if op == "." {
                    format!("({a}).attr")
                } else {
                    format!("{a}{op}{b}")
                }),
            inner.clone().prop_map(|a| format!("({a})")),
            proptest::collection::vec(inner.clone(), 0..3)
                .prop_map(|v| format!("[{}]", v.join(", "))),
            (inner.clone(), inner.clone()).prop_map(|(k, v)| format!("{{{k}: {v}}}")),
            (name(), proptest::collection::vec(inner, 0..3))
                .prop_map(|(f, a)| format!("{f}({})", a.join(", "))),
            // A bracketed expression split over lines (NL tokens, no indentation effect).
            (name(), atom()).prop_map(|(f, a)| format!("{f}(\n    {a},\n)")),
        ]
    })
}

fn simple_statement() -> impl Strategy<Value = String> {
    prop_oneof![
        (name(), expr()).prop_map(|(n, e)| format!("{n} = {e}")),
        (name(), expr()).prop_map(|(n, e)| format!("{n} += {e}")),
        expr(),
        Just("pass".to_string()),
        (expr(), "[ -~]{0,10}").prop_map(|(e, c)| format!("{e}  # {c}")),
        expr().prop_map(|e| format!("x = 1 + \\\n    {e}")),
        (name(), name()).prop_map(|(a, b)| format!("{a}; {b}")),
    ]
}

/// A program: lines at increasing or decreasing indentation, always valid.
fn program() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (simple_statement(), 0u8..3, any::<bool>(), any::<bool>()),
        1..12,
    )
    .prop_map(|lines| {
        let mut out = String::new();
        let mut depth = 0usize;
        for (stmt, action, blank, tabs) in lines {
            let indent = if tabs {
                "\t".repeat(depth)
            } else {
                "    ".repeat(depth)
            };
            // Keep one style per file: tabs only at depth changes would be a TabError.
            let indent = if tabs && depth > 0 {
                indent.replace('\t', "    ")
            } else {
                indent
            };
            match action {
                0 => {
                    out.push_str(&format!("{indent}if {stmt_ok}:\n", stmt_ok = "x"));
                    depth += 1;
                    let inner = "    ".repeat(depth);
                    out.push_str(&format!("{inner}{stmt}\n"));
                }
                1 if depth > 0 => {
                    depth -= 1;
                    let inner = "    ".repeat(depth);
                    out.push_str(&format!("{inner}{stmt}\n"));
                }
                _ => out.push_str(&format!("{indent}{stmt}\n")),
            }
            if blank {
                out.push_str("\n   \n# comment line\n");
            }
        }
        out
    })
}

/// Character offset of the start of each line (1-based line numbers → index line-1).
fn line_starts(text: &str) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut starts = vec![0];
    for (i, c) in chars.iter().enumerate() {
        if *c == '\n' {
            starts.push(i + 1);
        }
    }
    starts
}

fn check_reconstruction(source: &str) -> Result<(), TestCaseError> {
    let text = SourceText::new(source.to_string());
    let chars: Vec<char> = text.as_str().chars().collect();
    let starts = line_starts(text.as_str());
    let mut pos = 0usize;
    let mut prev = TokenKind::ENDMARKER;
    for item in ModuleTokens::new(&text) {
        let tok = item.map_err(|e| TestCaseError::fail(format!("error {e} on valid program")))?;
        if matches!(
            tok.kind,
            TokenKind::ENDMARKER | TokenKind::DEDENT | TokenKind::INDENT
        ) {
            continue;
        }
        let (line, col) = tok.start;
        let begin = starts[(line - 1) as usize] + col as usize;
        prop_assert!(begin >= pos, "tokens overlap or go backwards at {:?}", tok);
        let gap: String = chars[pos..begin].iter().collect();
        // A doubled brace in f-string text yields one brace in FSTRING_MIDDLE (as CPython's
        // does); the other one is the only non-blank a gap may hold.
        let after_middle = matches!(prev, TokenKind::FSTRING_MIDDLE | TokenKind::TSTRING_MIDDLE);
        let gap_ok = gap
            .chars()
            .all(|c| matches!(c, ' ' | '\t' | '\x0c' | '\\' | '\n' | '\r'))
            || (after_middle && (gap == "{" || gap == "}"));
        prop_assert!(gap_ok, "gap {gap:?} before {tok:?} is not whitespace");
        prev = tok.kind;
        let n = tok.string.chars().count();
        let here: String = chars[begin..begin + n].iter().collect();
        prop_assert_eq!(
            here.as_str(),
            tok.string,
            "token text does not match the source"
        );
        pos = begin + n;
    }
    let rest: String = chars[pos..].iter().collect();
    prop_assert!(rest.trim().is_empty(), "source left over: {rest:?}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn tokens_and_gaps_reproduce_generated_programs(src in program()) {
        check_reconstruction(&src)?;
        // The parser view accepts what the module view accepts.
        let text = SourceText::new(src.clone());
        for item in parser_tokens(&text) {
            prop_assert!(item.is_ok(), "parser view rejected a valid program: {:?}", item);
        }
    }
}

#[test]
fn absurd_nesting_is_an_error_not_a_crash() {
    let deep = "(".repeat(100_000);
    let src = SourceText::new(format!("x = {deep}\n"));
    let err = parser_tokens(&src).find_map(Result::err).expect("an error");
    assert_eq!(err.message(), "too many nested parentheses");

    let nested_f = "f'{".repeat(200) + &"}'".repeat(200);
    let src = SourceText::new(format!("x = {nested_f}\n"));
    assert!(parser_tokens(&src).any(|t| t.is_err()));

    let indents: String = (0..150)
        .map(|i| format!("{}if x:\n", " ".repeat(i)))
        .collect();
    let src = SourceText::new(indents);
    let err = parser_tokens(&src).find_map(Result::err).expect("an error");
    assert_eq!(err.message(), "too many levels of indentation");
}
