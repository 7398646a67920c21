//! Writes `crates/compile/src/generated/`: opcode numbers and names
//! (`opcode.rs`, like CPython's `Include/opcode_ids.h`) and per-opcode metadata
//! (`metadata.rs`, like `Include/internal/pycore_opcode_metadata.h`).

use std::collections::BTreeMap;

use crate::analyzer::{Analysis, OpFlags, StackSummary};
use crate::srcgen::{Writer, arm, quote};

/// The inputs named in the headers.
pub const INPUTS: &[&str] = &["inputs/bytecodes.dsl"];

/// `mod.rs` of the compile crate's `generated` module.
pub fn gen_mod() -> String {
    let mut w = Writer::with_header(INPUTS);
    w.line("//! Opcode metadata generated from `inputs/bytecodes.dsl` (see `xtask/cases`).");
    w.line("//!");
    w.line("//! `opcode` numbers and names every opcode as CPython 3.14 does; `metadata` holds");
    w.line("//! flags, cache sizes, stack effects, deopt and pseudo-instruction tables.");
    w.blank();
    w.line("#[rustfmt::skip]");
    w.line("pub mod metadata;");
    w.line("#[rustfmt::skip]");
    w.line("pub mod opcode;");
    w.blank();
    w.line("pub use opcode::Opcode;");
    w.finish()
}

fn kind_of(a: &Analysis, name: &str) -> &'static str {
    if a.pseudos.contains_key(name) {
        "pseudo-instruction"
    } else if a.instruction(name).is_some_and(|i| i.is_specialized) {
        "specialised instruction"
    } else if a.is_instrumented_opcode(name) {
        "instrumented instruction"
    } else {
        "instruction"
    }
}

/// `opcode.rs`.
pub fn gen_opcode(a: &Analysis) -> String {
    let names = a.opnames();
    let mut w = Writer::with_header(INPUTS);
    w.line("//! Opcode numbers of CPython 3.14: real, specialised, instrumented and pseudo-instructions.");
    w.blank();
    w.doc("An opcode. Numbers are CPython 3.14's (`opcode.opmap`): the generator assigns\nthem with CPython's rules, so the values match `Include/opcode_ids.h`.");
    w.line("#[allow(non_camel_case_types)]");
    w.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]");
    w.line("#[repr(u16)]");
    w.block("pub enum Opcode {", "}", |w| {
        for (n, name) in &names {
            w.line(&format!("/// `{name}` ({n}), a {}.", kind_of(a, name)));
            w.line(&format!("{name} = {n},"));
        }
    });
    w.blank();
    let consts: [(&str, &str, u16); 6] = [
        (
            "HAVE_ARGUMENT",
            "The first real opcode that takes an argument.",
            a.have_argument,
        ),
        (
            "MIN_SPECIALIZED_OPCODE",
            "The first specialised opcode.",
            a.opmap.get("RESUME").map_or(128, |r| r + 1),
        ),
        (
            "MIN_INSTRUMENTED_OPCODE",
            "The first instrumented opcode.",
            a.min_instrumented,
        ),
        (
            "MAX_REAL_OPCODE",
            "The largest opcode that may appear in bytecode.",
            255,
        ),
        ("MIN_PSEUDO_OPCODE", "The first pseudo-instruction.", 256),
        (
            "MAX_PSEUDO_OPCODE",
            "The last pseudo-instruction.",
            names.keys().copied().max().unwrap_or(255),
        ),
    ];
    for (name, doc, v) in consts {
        w.doc(doc);
        w.line(&format!("pub const {name}: u16 = {v};"));
    }
    w.blank();
    w.doc("Every opcode, in numeric order.");
    w.block(
        &format!("pub const ALL: [Opcode; {}] = [", names.len()),
        "];",
        |w| {
            for name in names.values() {
                w.line(&format!("Opcode::{name},"));
            }
        },
    );
    w.blank();
    w.block("impl Opcode {", "}", |w| {
        w.doc("The opcode's number.");
        w.block("pub const fn number(self) -> u16 {", "}", |w| {
            w.line("self as u16")
        });
        w.blank();
        w.doc("The opcode with number `n`, if there is one.");
        w.block(
            "pub const fn from_number(n: u16) -> Option<Opcode> {",
            "}",
            |w| {
                w.block("Some(match n {", "})", |w| {
                    for (n, name) in &names {
                        w.line(&format!("{n} => Opcode::{name},"));
                    }
                    w.line("_ => return None,");
                });
            },
        );
        w.blank();
        w.doc("CPython's name for the opcode (`opcode.opname`).");
        w.block("pub const fn name(self) -> &'static str {", "}", |w| {
            w.block("match self {", "}", |w| {
                for name in names.values() {
                    w.line(&format!("Opcode::{name} => {},", quote(name)));
                }
            });
        });
        w.blank();
        w.doc("The opcode named `name` (`opcode.opmap`).");
        w.block(
            "pub fn from_name(name: &str) -> Option<Opcode> {",
            "}",
            |w| {
                w.block("Some(match name {", "})", |w| {
                    for name in names.values() {
                        w.line(&format!("{} => Opcode::{name},", quote(name)));
                    }
                    w.line("_ => return None,");
                });
            },
        );
    });
    w.finish()
}

fn flag_names(f: OpFlags) -> Vec<&'static str> {
    let mut v = Vec::new();
    for (on, n) in [
        (f.has_arg, "HAS_ARG"),
        (f.has_const, "HAS_CONST"),
        (f.has_name, "HAS_NAME"),
        (f.has_jump, "HAS_JUMP"),
        (f.has_free, "HAS_FREE"),
        (f.has_local, "HAS_LOCAL"),
        (f.has_exc, "HAS_EXC"),
        (f.has_deopt, "HAS_DEOPT"),
        (f.has_exit, "HAS_EXIT"),
        (f.has_error, "HAS_ERROR"),
        (f.has_escapes, "HAS_ESCAPES"),
        (f.has_eval_break, "HAS_EVAL_BREAK"),
    ] {
        if on {
            v.push(n);
        }
    }
    v
}

/// Groups opcodes by the Rust text of a per-opcode value (deterministic order).
fn grouped(a: &Analysis, value: impl Fn(&str) -> Option<String>) -> BTreeMap<String, Vec<String>> {
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in a.opnames().values() {
        if let Some(v) = value(name) {
            m.entry(v).or_default().push(format!("Opcode::{name}"));
        }
    }
    m
}

fn match_arms(w: &mut Writer, groups: &BTreeMap<String, Vec<String>>, default: Option<&str>) {
    for (value, ops) in groups {
        arm(w, ops, value);
    }
    if let Some(d) = default {
        w.line(&format!("_ => {d},"));
    }
}

/// `metadata.rs`.
pub fn gen_metadata(a: &Analysis) -> String {
    let mut w = Writer::with_header(INPUTS);
    w.line(
        "//! Per-opcode metadata of CPython 3.14 (the counterpart of `pycore_opcode_metadata.h`).",
    );
    w.blank();
    w.line("use super::opcode::Opcode;");
    w.blank();
    w.doc("A set of opcode flags (CPython's `*_FLAG` bits plus oxpy's kind bits).");
    w.line("#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]");
    w.line("pub struct OpcodeFlags(pub u32);");
    w.blank();
    let bits = [
        ("HAS_ARG", "The instruction uses its argument."),
        ("HAS_CONST", "The argument indexes `co_consts`."),
        ("HAS_NAME", "The argument indexes `co_names`."),
        ("HAS_JUMP", "The argument is a relative jump."),
        ("HAS_FREE", "The argument indexes a cell or free variable."),
        ("HAS_LOCAL", "The argument indexes a fast local."),
        (
            "HAS_EXC",
            "A pseudo-instruction that pushes an exception-handler block.",
        ),
        ("HAS_DEOPT", "The body may deoptimise (`DEOPT_IF`)."),
        ("HAS_EXIT", "The body may take a side exit (`EXIT_IF`)."),
        ("HAS_ERROR", "The body may raise (`ERROR_IF`)."),
        (
            "HAS_ESCAPES",
            "The body calls code that may run arbitrary Python.",
        ),
        (
            "IS_PSEUDO",
            "A pseudo-instruction (never in final bytecode).",
        ),
        ("IS_SPECIALIZED", "A specialised member of a family."),
        ("IS_INSTRUMENTED", "An `INSTRUMENTED_*` instruction."),
        (
            "HAS_EVAL_BREAK",
            "The instruction checks the eval breaker (a `_CHECK_PERIODIC*` part).",
        ),
    ];
    w.block("impl OpcodeFlags {", "}", |w| {
        for (k, (n, doc)) in bits.iter().enumerate() {
            w.doc(doc);
            w.line(&format!("pub const {n}: u32 = 1 << {k};"));
        }
        w.blank();
        w.doc("True when every bit of `bits` is set.");
        w.block(
            "pub const fn contains(self, bits: u32) -> bool {",
            "}",
            |w| {
                w.line("self.0 & bits == bits");
            },
        );
    });
    w.blank();
    w.doc("The flags of `op`.");
    w.block(
        "pub const fn flags(op: Opcode) -> OpcodeFlags {",
        "}",
        |w| {
            let groups = grouped(a, |name| {
                let mut f = flag_names(a.flags(name));
                if a.pseudos.contains_key(name) {
                    f.push("IS_PSEUDO");
                }
                if let Some(i) = a.instruction(name) {
                    if i.is_specialized {
                        f.push("IS_SPECIALIZED");
                    }
                    if a.is_instrumented_opcode(name) {
                        f.push("IS_INSTRUMENTED");
                    }
                }
                if f.is_empty() {
                    return None;
                }
                let bits: Vec<String> = f.iter().map(|b| format!("OpcodeFlags::{b}")).collect();
                Some(format!("OpcodeFlags({})", bits.join(" | ")))
            });
            w.block("match op {", "}", |w| {
                match_arms(w, &groups, Some("OpcodeFlags(0)"))
            });
        },
    );
    w.blank();
    for (func, bit, doc) in [
        ("has_arg", "HAS_ARG", "CPython's `_opcode.has_arg`."),
        ("has_const", "HAS_CONST", "CPython's `_opcode.has_const`."),
        ("has_name", "HAS_NAME", "CPython's `_opcode.has_name`."),
        ("has_jump", "HAS_JUMP", "CPython's `_opcode.has_jump`."),
        ("has_free", "HAS_FREE", "CPython's `_opcode.has_free`."),
        ("has_local", "HAS_LOCAL", "CPython's `_opcode.has_local`."),
        ("has_exc", "HAS_EXC", "CPython's `_opcode.has_exc`."),
        (
            "has_eval_break",
            "HAS_EVAL_BREAK",
            "CPython's `OPCODE_HAS_EVAL_BREAK`: the instruction checks the eval breaker.",
        ),
        ("is_pseudo", "IS_PSEUDO", "True for a pseudo-instruction."),
        (
            "is_specialized",
            "IS_SPECIALIZED",
            "True for a specialised instruction.",
        ),
        (
            "is_instrumented",
            "IS_INSTRUMENTED",
            "True for an instrumented instruction.",
        ),
    ] {
        w.doc(doc);
        w.block(
            &format!("pub const fn {func}(op: Opcode) -> bool {{"),
            "}",
            |w| {
                w.line(&format!("flags(op).contains(OpcodeFlags::{bit})"));
            },
        );
        w.blank();
    }
    w.doc("Inline cache units after an un-specialised, un-instrumented instruction\n(CPython's `_PyOpcode_Caches`; 0 for every other opcode).");
    w.block("pub const fn cache_entries(op: Opcode) -> u8 {", "}", |w| {
        let groups = grouped(a, |name| match a.cache_entries(name) {
            0 => None,
            n => Some(n.to_string()),
        });
        w.block("match op {", "}", |w| match_arms(w, &groups, Some("0")));
    });
    w.blank();
    w.doc("Code units the instruction occupies in bytecode, caches included\n(1 + its own cache size; 0 for pseudo-instructions).");
    w.block(
        "pub const fn instruction_size(op: Opcode) -> u8 {",
        "}",
        |w| {
            let groups = grouped(a, |name| {
                a.instruction(name).map(|i| (1 + i.cache_size).to_string())
            });
            w.block("match op {", "}", |w| match_arms(w, &groups, Some("0")));
        },
    );
    w.blank();
    w.doc("The un-specialised form of `op` (CPython's `_PyOpcode_Deopt`).");
    w.block("pub const fn deopt(op: Opcode) -> Opcode {", "}", |w| {
        let groups = grouped(a, |name| {
            let d = a.deopt(name);
            (d != name).then(|| format!("Opcode::{d}"))
        });
        w.block("match op {", "}", |w| match_arms(w, &groups, Some("op")));
    });
    w.blank();
    w.doc("The specialised members of the family headed by `op` (empty if none).");
    w.block(
        "pub const fn specializations(op: Opcode) -> &'static [Opcode] {",
        "}",
        |w| {
            let groups = grouped(a, |name| {
                a.families
                    .get(name)
                    .filter(|f| !f.members.is_empty())
                    .map(|f| {
                        let ms: Vec<String> =
                            f.members.iter().map(|m| format!("Opcode::{m}")).collect();
                        format!("&[{}]", ms.join(", "))
                    })
            });
            w.block("match op {", "}", |w| match_arms(w, &groups, Some("&[]")));
        },
    );
    w.blank();
    w.doc("The instructions a pseudo-instruction may become (empty for real opcodes).");
    w.block(
        "pub const fn pseudo_targets(op: Opcode) -> &'static [Opcode] {",
        "}",
        |w| {
            let groups = grouped(a, |name| {
                a.pseudos.get(name).map(|p| {
                    let ts: Vec<String> =
                        p.targets.iter().map(|t| format!("Opcode::{t}")).collect();
                    format!("&[{}]", ts.join(", "))
                })
            });
            w.block("match op {", "}", |w| match_arms(w, &groups, Some("&[]")));
        },
    );
    w.blank();
    w.doc("True when a pseudo-instruction expands to all its targets in order\n(rather than to one of them).");
    w.block(
        "pub const fn pseudo_is_sequence(op: Opcode) -> bool {",
        "}",
        |w| {
            let seq: Vec<String> = a
                .pseudos
                .values()
                .filter(|p| p.as_sequence)
                .map(|p| format!("Opcode::{}", p.name))
                .collect();
            if seq.is_empty() {
                w.line("let _ = op;");
                w.line("false");
            } else {
                w.line(&format!("matches!(op, {})", seq.join(" | ")));
            }
        },
    );
    w.blank();
    let stack_fn = |w: &mut Writer, fname: &str, doc: &str, pick: fn(&StackSummary) -> String| {
        w.doc(doc);
        w.block(
            &format!("pub const fn {fname}(op: Opcode, oparg: i64) -> i64 {{"),
            "}",
            |w| {
                let groups = grouped(a, |name| a.stack(name).map(pick));
                w.block("match op {", "}", |w| match_arms(w, &groups, None));
            },
        );
        w.blank();
    };
    stack_fn(
        &mut w,
        "num_popped",
        "Stack items `op` pops for `oparg` (CPython's `_PyOpcode_num_popped`).",
        |s| s.popped.to_rust(),
    );
    stack_fn(
        &mut w,
        "num_pushed",
        "Stack items `op` pushes for `oparg` (CPython's `_PyOpcode_num_pushed`).",
        |s| s.pushed.to_rust(),
    );
    w.doc(
        "`stack_effect` has no answer for this opcode and argument (CPython raises `ValueError`).",
    );
    w.line("#[derive(Clone, Copy, Debug, PartialEq, Eq)]");
    w.line("pub struct InvalidStackEffect;");
    w.blank();
    w.doc("CPython's `PyCompile_OpcodeStackEffectWithJump` (`dis.stack_effect`): the net stack\neffect of `op` with `oparg`; `jump` is `Some(true)` for the branch to the target,\n`Some(false)` for the fall-through, `None` for the larger of both.\nSpecialised opcodes have no stack effect.");
    w.block(
        "pub const fn stack_effect(op: Opcode, oparg: i32, jump: Option<bool>) -> Result<i32, InvalidStackEffect> {",
        "}",
        |w| {
            w.block("if is_specialized(op) {", "}", |w| w.line("return Err(InvalidStackEffect);"));
            w.line("let popped = num_popped(op, oparg as i64);");
            w.line("let pushed = num_pushed(op, oparg as i64);");
            w.block("if popped < 0 || pushed < 0 {", "}", |w| w.line("return Err(InvalidStackEffect);"));
            w.block("if has_exc(op) && matches!(jump, Some(false)) {", "}", |w| w.line("return Ok(0);"));
            w.line("Ok((pushed - popped) as i32)");
        },
    );
    w.finish()
}
