//! Small DSL snippets through the lexer, parser and analyzer, in the spirit of
//! CPython's `Lib/test/test_generated_cases.py`: stack-effect arithmetic, macro
//! expansion, cache offsets, families, pseudo-instructions, overrides, opcode
//! numbering, special forms, and errors with their locations.

#![allow(clippy::unwrap_used)]

use xtask_cases::analyze_sources;
use xtask_cases::analyzer::{Analysis, Part};
use xtask_cases::error::{DslError, DslErrorKind};

fn ok(src: &str) -> Analysis {
    match analyze_sources(src, "") {
        Ok(a) => a,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

fn err(src: &str) -> DslError {
    analyze_sources(src, "").unwrap_err()
}

fn effect(a: &Analysis, name: &str, oparg: i64) -> Option<i64> {
    a.stack_effect(name, oparg, None)
}

#[test]
fn plain_stack_effects() {
    let a = ok("inst(NOP, (--)) { }\n\
                inst(POP_TOP, (value --)) { }\n\
                inst(SWAP2, (a, b -- b2, a2)) { }\n\
                inst(PUSH2, (-- x, y)) { }");
    assert_eq!(effect(&a, "NOP", 0), Some(0));
    assert_eq!(effect(&a, "POP_TOP", 0), Some(-1));
    assert_eq!(effect(&a, "SWAP2", 0), Some(0));
    assert_eq!(effect(&a, "PUSH2", 0), Some(2));
    let s = a.stack("SWAP2").unwrap();
    assert_eq!((s.popped.eval(0), s.pushed.eval(0)), (Some(2), Some(2)));
}

#[test]
fn array_and_oparg_arithmetic() {
    let a = ok("inst(BUILD, (values[oparg] -- res)) { }\n\
                inst(MAP, (values[oparg*2] -- map)) { }\n\
                inst(UNPACK, (seq -- left[oparg & 0xFF], mid, right[oparg >> 8])) { }\n\
                inst(APPEND, (list, unused[oparg-1], v -- list, unused[oparg-1])) { }\n\
                inst(COND, (owner -- attr, extra[oparg & 1])) { }\n\
                inst(OLDCOND, (owner -- attr, extra if (oparg & 1))) { }");
    assert_eq!(effect(&a, "BUILD", 0), Some(1));
    assert_eq!(effect(&a, "BUILD", 5), Some(-4));
    assert_eq!(effect(&a, "MAP", 3), Some(-5));
    assert_eq!(effect(&a, "UNPACK", 0x0302), Some(2 + 1 + 3 - 1));
    assert_eq!(effect(&a, "APPEND", 7), Some(-1));
    assert_eq!(effect(&a, "COND", 2), Some(0));
    assert_eq!(effect(&a, "COND", 3), Some(1));
    assert_eq!(effect(&a, "OLDCOND", 3), Some(1));
    assert_eq!(effect(&a, "OLDCOND", 4), Some(0));
    // oparg in a stack effect implies HAS_ARG.
    assert!(a.flags("BUILD").has_arg);
    assert!(!ok("inst(X, (a -- b)) { }").flags("X").has_arg);
}

#[test]
fn negative_counts_are_invalid_like_cpython() {
    let a = ok("inst(ODD, (values[oparg - 2] -- )) { }");
    assert_eq!(effect(&a, "ODD", 2), Some(0));
    assert_eq!(effect(&a, "ODD", 1), None);
}

#[test]
fn macro_expansion_and_cache_offsets() {
    let a = ok("specializing op(_SPEC, (counter/1, value -- value)) { }\n\
                op(_GUARD, (version/2, value -- value)) { }\n\
                op(_DO, (index/1, value -- res, extra)) { }\n\
                macro(THING) = _SPEC + unused/1 + _GUARD + _DO;\n\
                macro(HEAD) = _SPEC + version/2 + hint/1 + _DO2;\n\
                op(_DO2, (value -- res)) { }");
    let t = a.instruction("THING").unwrap();
    assert_eq!(t.cache_size, 5);
    let cells: Vec<(&str, i64, i64)> = t
        .cells
        .iter()
        .map(|c| (c.name.as_str(), c.offset, c.size))
        .collect();
    assert_eq!(
        cells,
        vec![
            ("counter", 0, 1),
            ("unused", 1, 1),
            ("version", 2, 2),
            ("index", 4, 1)
        ]
    );
    assert_eq!(
        t.parts,
        vec![
            Part::Op("_SPEC".into()),
            Part::Skip {
                name: "unused".into(),
                size: 1
            },
            Part::Op("_GUARD".into()),
            Part::Op("_DO".into()),
        ]
    );
    // value passes through _SPEC and _GUARD; _DO pops it and pushes two.
    assert_eq!(effect(&a, "THING", 0), Some(1));
    let h = a.instruction("HEAD").unwrap();
    let named: Vec<String> = h.named_cells().into_iter().map(|c| c.name).collect();
    assert_eq!(named, ["counter", "version", "hint"]);
    assert_eq!(a.cache_entries("HEAD"), 4);
}

#[test]
fn rewind_in_a_macro() {
    let a = ok("op(_G, (descr/4, l, r -- l, r)) { }\n\
                op(_A, (descr/4, l, r -- res)) { }\n\
                macro(EXT) = unused/1 + _G + rewind/-4 + _A;");
    let e = a.instruction("EXT").unwrap();
    assert_eq!(e.cache_size, 5);
    assert_eq!(
        e.named_cells().len(),
        1,
        "both ops read the same descr cell"
    );
}

#[test]
fn macro_stack_is_threaded_through_parts() {
    // CPython's get_stack_effect: outputs of one part feed inputs of the next.
    let a = ok(
        "op(_CHECK, (callable, self, unused[oparg] -- callable, self, unused[oparg])) { }\n\
                op(_CALL, (callable, self, args[oparg] -- res)) { }\n\
                op(_PERIODIC, (--)) { }\n\
                macro(CALL) = _CHECK + _CALL + _PERIODIC;",
    );
    let s = a.stack("CALL").unwrap();
    assert_eq!(s.popped.eval(3), Some(5));
    assert_eq!(s.pushed.eval(3), Some(1));
    assert_eq!(effect(&a, "CALL", 3), Some(-4));
}

#[test]
fn macro_size_mismatch_is_an_error() {
    let e = err("op(_A, (-- items[oparg])) { }\n\
                 op(_B, (one --)) { }\n\
                 macro(M) = _A + _B;");
    assert!(matches!(e.kind, DslErrorKind::StackMismatch(_)), "{e}");
    assert_eq!((e.location.line, e.location.column), (3, 1));
    assert!(e.to_string().contains("in `M`: `one` has size 1"), "{e}");
}

#[test]
fn family_consistency() {
    let base = "op(_SPEC, (counter/1, v -- v)) { }\n\
                op(_RUN, (v -- r)) { }\n\
                macro(OP) = _SPEC + unused/1 + _RUN;\n";
    let a = ok(&format!(
        "{base}inst(OP_FAST, (unused/2, v -- r)) {{ }}\nfamily(OP, 2) = {{ OP_FAST }};"
    ));
    assert_eq!(a.deopt("OP_FAST"), "OP");
    assert!(a.instruction("OP_FAST").unwrap().is_specialized);
    assert_eq!(
        effect(&a, "OP_FAST", 0),
        None,
        "specialised ops have no stack effect"
    );
    // Cache size differs.
    let e = err(&format!(
        "{base}inst(OP_FAST, (unused/1, v -- r)) {{ }}\nfamily(OP, 2) = {{ OP_FAST }};"
    ));
    assert!(matches!(e.kind, DslErrorKind::Inconsistent(_)), "{e}");
    assert_eq!((e.location.line, e.location.column), (5, 19));
    assert!(
        e.to_string()
            .contains("has 1 cache entries, the head has 2"),
        "{e}"
    );
    // Inputs differ for every oparg.
    let e = err(&format!(
        "{base}inst(OP_FAST, (unused/2, a, v -- r)) {{ }}\nfamily(OP, 2) = {{ OP_FAST }};"
    ));
    assert!(
        e.to_string()
            .contains("pops 2 stack items, the head pops 1"),
        "{e}"
    );
    // Declared size differs from the head's.
    let e = err(&format!("{base}family(OP, 3) = {{ }};"));
    assert!(e.to_string().contains("declares 3 cache entries"), "{e}");
    // Unknown member.
    let e = err(&format!("{base}family(OP, 2) = {{ NOPE }};"));
    assert!(matches!(e.kind, DslErrorKind::Undefined { .. }), "{e}");
}

#[test]
fn pseudo_instructions() {
    let a = ok("inst(NOP, (--)) { }\n\
                inst(LOAD_FAST, (-- v)) { }\n\
                inst(COPY, (bottom, unused[oparg-1] -- bottom, unused[oparg-1], top)) { }\n\
                inst(TO_BOOL, (v -- r)) { }\n\
                inst(POP_JUMP_IF_FALSE, (c --)) { }\n\
                pseudo(LOAD_CLOSURE, (-- unused)) = { LOAD_FAST, };\n\
                pseudo(SETUP_FINALLY, (-- unused), (HAS_ARG, BLOCK_PUSH)) = { NOP };\n\
                pseudo(JUMP_IF_FALSE, (cond -- cond)) = [ COPY, TO_BOOL, POP_JUMP_IF_FALSE ];");
    assert_eq!(a.opmap["JUMP_IF_FALSE"], 256);
    assert_eq!(a.opmap["LOAD_CLOSURE"], 257);
    assert_eq!(a.opmap["SETUP_FINALLY"], 258);
    assert_eq!(a.stack_effect("SETUP_FINALLY", 0, Some(true)), Some(1));
    assert_eq!(a.stack_effect("SETUP_FINALLY", 0, Some(false)), Some(0));
    assert_eq!(a.stack_effect("SETUP_FINALLY", 0, None), Some(1));
    assert!(a.flags("SETUP_FINALLY").has_exc && a.flags("SETUP_FINALLY").has_arg);
    assert!(
        a.flags("JUMP_IF_FALSE").has_arg,
        "flags are the union of the targets'"
    );
    assert_eq!(a.stack_effect("JUMP_IF_FALSE", 1, None), Some(0));
    let e = err("inst(POP, (v --)) { }\npseudo(P, (-- unused)) = { POP };");
    assert!(matches!(e.kind, DslErrorKind::Inconsistent(_)), "{e}");
    assert_eq!(e.location.line, 2);
}

#[test]
fn eval_breaker_comes_from_check_periodic_parts() {
    let a = ok("op(_CHECK_PERIODIC, (--)) { }\n\
                op(_JUMP, (--)) { }\n\
                inst(JUMP_FORWARD, (--)) { }\n\
                inst(_CHECK_PERIODIC_LIKE, (--)) { }\n\
                macro(JUMP_BACKWARD) = _CHECK_PERIODIC + _JUMP;\n\
                pseudo(JUMP, (--)) = { JUMP_FORWARD, JUMP_BACKWARD, };\n\
                pseudo(JUMP_NO_INTERRUPT, (--)) = { JUMP_FORWARD, };");
    assert!(a.flags("JUMP_BACKWARD").has_eval_break);
    assert!(a.flags("_CHECK_PERIODIC_LIKE").has_eval_break);
    assert!(!a.flags("JUMP_FORWARD").has_eval_break);
    assert!(a.flags("JUMP").has_eval_break, "a target has it");
    assert!(!a.flags("JUMP_NO_INTERRUPT").has_eval_break);
}

#[test]
fn opcode_numbering_follows_cpythons_rules() {
    let a = ok("inst(CACHE, (--)) { }\n\
                inst(RESERVED, (--)) { }\n\
                inst(ZED, (--)) { }\n\
                inst(ALPHA, (--)) { }\n\
                uses(oparg) inst(WITH_ARG, (--)) { }\n\
                inst(ARRAY, (v[oparg] --)) { }\n\
                uses(oparg) inst(RESUME, (--)) { }\n\
                inst(RESUME_CHECK, (--)) { }\n\
                inst(RESUME_AAA, (--)) { }\n\
                family(RESUME, 0) = { RESUME_CHECK, RESUME_AAA };\n\
                inst(INSTRUMENTED_B, (--)) { }\n\
                inst(INSTRUMENTED_LINE, (--)) { }\n\
                inst(INSTRUMENTED_A, (--)) { }\n\
                uses(oparg) inst(ENTER_EXECUTOR, (--)) { }");
    let n = |s: &str| a.opmap[s];
    assert_eq!((n("CACHE"), n("RESERVED"), n("RESUME")), (0, 17, 128));
    assert_eq!(
        (n("ALPHA"), n("ZED")),
        (1, 2),
        "no-arg instructions alphabetically"
    );
    assert_eq!(
        a.have_argument, 4,
        "HAVE_ARGUMENT counts the argument-less instructions"
    );
    assert_eq!((n("ARRAY"), n("WITH_ARG")), (3, 4));
    assert_eq!(
        (n("RESUME_AAA"), n("RESUME_CHECK")),
        (129, 130),
        "specialised from RESUME+1"
    );
    assert_eq!(a.min_instrumented, 252);
    assert_eq!(
        (n("INSTRUMENTED_B"), n("INSTRUMENTED_A")),
        (252, 253),
        "in definition order"
    );
    assert_eq!((n("INSTRUMENTED_LINE"), n("ENTER_EXECUTOR")), (254, 255));
    assert!(a.is_instrumented_opcode("ENTER_EXECUTOR"));
}

#[test]
fn uses_and_body_facts() {
    let a = ok("uses(oparg, locals, free) inst(CELL, (--)) { }\n\
                uses(oparg, names) op(_N, (--)) { }\n\
                op(_J, (--)) { JUMPBY(oparg); }\n\
                op(_D, (v -- v)) { DEOPT_IF(v.is_none()); }\n\
                op(_E, (v -- r)) { let r = v.call(); ERROR_IF(r.is_err()); }\n\
                macro(M) = _N + _J + _D + _E;");
    let f = a.flags("CELL");
    assert!(
        f.has_free && !f.has_local,
        "HAS_LOCAL is dropped when the op uses cells"
    );
    let m = a.flags("M");
    assert!(m.has_arg && m.has_name && m.has_jump && m.has_deopt && m.has_error && m.has_escapes);
    assert!(!m.has_exit);
}

#[test]
fn optimizer_overrides() {
    let bytecodes = "inst(LOAD_FAST, (-- value)) { }\nop(_ADD, (l, r -- res)) { }";
    assert!(analyze_sources(bytecodes, "op(_ADD, (left, right -- sum)) { }").is_ok());
    assert!(analyze_sources(bytecodes, "override op(_LOAD_FAST, (-- v)) { }").is_ok());
    let e = analyze_sources(bytecodes, "op(_ADD, (l -- res)) { }").unwrap_err();
    assert!(matches!(e.kind, DslErrorKind::BadOverride(_)), "{e}");
    assert_eq!(e.location.file, "inputs/optimizer_bytecodes.dsl");
    let e = analyze_sources(bytecodes, "op(_NOPE, (--)) { }").unwrap_err();
    assert!(e.to_string().contains("not an op in bytecodes.dsl"), "{e}");
    let e = analyze_sources("override op(_X, (--)) { }", "").unwrap_err();
    assert!(matches!(e.kind, DslErrorKind::BadOverride(_)), "{e}");
}

#[test]
fn parse_errors_have_locations() {
    let cases: &[(&str, u32, u32, &str)] = &[
        ("inst(A (--)) { }", 1, 8, "expected `,`, found `(`"),
        (
            "inst(A, (a b -- c)) { }",
            1,
            12,
            "expected `,`, `--` or `)`",
        ),
        ("inst(A, (a)) { }", 1, 11, "expected `--`"),
        (
            "\n  frobnicate inst(A, (--)) { }",
            2,
            3,
            "unknown annotation `frobnicate`",
        ),
        (
            "uses(opargs) inst(A, (--)) { }",
            1,
            6,
            "unknown uses(...) item `opargs`",
        ),
        (
            "inst(A, (--)) { ( }",
            1,
            19,
            "unbalanced `}` (expected `)`)",
        ),
        (
            "inst(A, (--)) {\n  let x = 1;\n",
            1,
            15,
            "unbalanced bracket: never closed",
        ),
        ("inst(A, (v[foo] --)) { }", 1, 12, "bad size expression"),
        ("macro(M) = ;", 1, 12, "expected a name, found `;`"),
        ("family(F, 0) = { A B };", 1, 20, "expected `}`"),
        (
            "pure macro(M) = A;",
            1,
            1,
            "annotations are not allowed on a macro",
        ),
        (
            "inst(A, (v -- counter/1)) { }",
            1,
            15,
            "a cache cell `name/N` may only come first",
        ),
        (
            "inst(A, (--)) { }\nop(A, (--)) { }",
            2,
            1,
            "`A` is defined twice (first at inputs/bytecodes.dsl:1:1)",
        ),
        ("macro(M) = _MISSING;", 1, 12, "unknown op `_MISSING`"),
        (
            "inst(A, (--)) { } /* open",
            1,
            19,
            "unterminated /* comment",
        ),
    ];
    for (src, line, column, msg) in cases {
        let e = err(src);
        assert_eq!(
            (e.location.line, e.location.column),
            (*line, *column),
            "{src:?}: {e}"
        );
        assert!(e.to_string().contains(msg), "{src:?}: {e}");
        assert!(
            e.to_string()
                .starts_with(&format!("inputs/bytecodes.dsl:{line}:{column}: ")),
            "{e}"
        );
    }
}

#[test]
fn real_inputs_parse_with_expected_counts() {
    let root = xtask_cases::workspace_root();
    let a = xtask_cases::load(&root).unwrap();
    let c = a.counts;
    assert!(c.inst > 100 && c.op > 200 && c.macros > 80, "{c:?}");
    assert_eq!(c.pseudo, 11);
    assert_eq!(a.opmap.len(), 154 + 84);
    // Every family's layout is consistent with CPython's `_PyOpcode_Caches`.
    for f in a.families.values() {
        let head = a.instruction(&f.name).unwrap();
        assert_eq!(head.cache_size, a.cache_entries(&f.name));
    }
}

#[test]
fn truncated_and_damaged_inputs_never_panic() {
    let root = xtask_cases::workspace_root();
    let text = std::fs::read_to_string(root.join(xtask_cases::BYTECODES)).unwrap();
    let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(397).collect();
    for &cut in &cuts {
        // Every prefix either analyses or fails with a located error.
        if let Err(e) = analyze_sources(&text[..cut], "") {
            assert!(e.location.line >= 1 && e.location.column >= 1, "{e}");
        }
        // So does the file with one character removed.
        let mut damaged = text.clone();
        damaged.remove(cut);
        let _ = analyze_sources(&damaged, "");
    }
}

#[test]
fn symbolic_family_sizes_must_name_the_head() {
    let base = "op(_S, (counter/1, v -- v)) { }\nmacro(OP) = _S;\n";
    assert!(
        analyze_sources(
            &format!("{base}family(OP, INLINE_CACHE_ENTRIES_OP) = {{ }};"),
            ""
        )
        .is_ok()
    );
    let e = err(&format!(
        "{base}family(OP, INLINE_CACHE_ENTRIES_XX) = {{ }};"
    ));
    assert!(e.to_string().contains("INLINE_CACHE_ENTRIES_OP"), "{e}");
}
