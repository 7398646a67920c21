//! Property tests: the parser returns a tree or an error for any input — never a panic,
//! a hang or a stack overflow.

use oxpy_parser::parse_module_bytes;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = parse_module_bytes(&data);
    }

    #[test]
    fn token_soup_never_panics(parts in proptest::collection::vec(prop_oneof![
        Just("def"), Just("class"), Just("lambda"), Just("if"), Just("else"), Just("for"),
        Just("in"), Just("match"), Just("case"), Just("type"), Just("async"), Just("await"),
        Just("yield"), Just("return"), Just("try"), Just("except"), Just("finally"), Just("with"),
        Just("import"), Just("from"), Just("as"), Just("global"), Just("not"), Just("and"),
        Just("x"), Just("_"), Just("1"), Just("1.5j"), Just("'s'"), Just("f'{x!r:>{w}}'"),
        Just("t'{y}'"), Just("b'z'"), Just("("), Just(")"), Just("["), Just("]"), Just("{"),
        Just("}"), Just(":"), Just(","), Just("."), Just("..."), Just("="), Just(":="),
        Just("*"), Just("**"), Just("@"), Just("->"), Just("|"), Just("+"), Just("-"),
        Just(";"), Just("\n"), Just("\n    "), Just("\n\t"), Just(" "), Just("#c\n"),
        Just("\\\n"),
    ], 0..40)) {
        let _ = parse_module_bytes(parts.concat().as_bytes());
    }
}

fn survives(src: String) {
    let _ = parse_module_bytes(src.as_bytes());
}

#[test]
fn many_open_parentheses() {
    survives(format!("x = {}\n", "(".repeat(100_000)));
}

#[test]
fn many_nots() {
    survives(format!("x = {}1\n", "not ".repeat(50_000)));
}

#[test]
fn many_unary_minuses() {
    survives(format!("x = {}1\n", "-".repeat(100_000)));
}

#[test]
fn deepest_legal_brackets() {
    survives(format!("x = {}\n", "[".repeat(199) + &"]".repeat(199)));
}

#[test]
fn deeply_nested_fstrings() {
    survives(format!("x = {}\n", "f'{".repeat(150) + &"}'".repeat(150)));
}

#[test]
fn long_attribute_chain() {
    survives("x = ".to_string() + &"a.".repeat(50_000) + "b\n");
}

#[test]
fn long_sum() {
    survives("x = ".to_string() + &"a + ".repeat(50_000) + "b\n");
}

#[test]
fn deepest_legal_indentation() {
    let src: String = (0..99)
        .map(|i| format!("{}if x:\n", " ".repeat(i)))
        .collect();
    survives(src + &" ".repeat(99) + "pass\n");
}
