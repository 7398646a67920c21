//! Writes `crates/optimizer/src/generated/`: tier-2 micro-op ids and names
//! (like CPython's `pycore_uop_ids.h`), per-uop metadata (like
//! `pycore_uop_metadata.h`), each instruction's expansion into uops, and the
//! `replaced` rules.

use std::collections::BTreeMap;

use crate::analyzer::{Analysis, Op, Part, Tier};
use crate::parser::Annotation;
use crate::srcgen::{Writer, arm, quote};

/// The inputs named in the headers.
pub const INPUTS: &[&str] = &["inputs/bytecodes.dsl", "inputs/optimizer_bytecodes.dsl"];

/// The first id of a uop that is not also an instruction (CPython: 300).
pub const FIRST_UOP_ID: u16 = 300;

/// `mod.rs` of the optimizer crate's `generated` module.
pub fn gen_mod() -> String {
    let mut w = Writer::with_header(INPUTS);
    w.line("//! Tier-2 micro-op tables generated from `inputs/` (see `xtask/cases`).");
    w.blank();
    w.line("#[rustfmt::skip]");
    w.line("pub mod uops;");
    w.blank();
    w.line("pub use uops::Uop;");
    w.finish()
}

/// One tier-2 uop: an op (or a replicated copy of one) with its id.
#[derive(Clone, Debug)]
pub struct UopEntry<'a> {
    /// `_NAME` (instruction-named ops get a leading underscore, as in CPython).
    pub name: String,
    /// The id.
    pub id: u16,
    /// The op it comes from.
    pub op: &'a Op,
    /// For a replicated copy, the fixed oparg.
    pub oparg: Option<u32>,
}

/// The uops in id order, following CPython's `uop_id_generator.py`: an
/// instruction's op keeps its opcode as id; `_EXIT_TRACE` and `_SET_IP` come
/// first from 300, then the other ops (and replicated copies) by name.
/// Tier-1-only ops (`tier1`, `specializing`) are not uops.
pub fn uops(a: &Analysis) -> Vec<UopEntry<'_>> {
    let mut out = Vec::new();
    let mut others: BTreeMap<String, (&Op, Option<u32>)> = BTreeMap::new();
    for op in a.ops.values() {
        if op.tier == Tier::One {
            continue;
        }
        let base = if op.name().starts_with('_') {
            op.name().to_owned()
        } else {
            format!("_{}", op.name())
        };
        match a.opmap.get(op.name()) {
            Some(code) if !op.name().starts_with('_') => {
                out.push(UopEntry {
                    name: base.clone(),
                    id: *code,
                    op,
                    oparg: None,
                });
            }
            _ => {
                others.insert(base.clone(), (op, None));
            }
        }
        for ann in &op.def.annotations {
            if let Annotation::Replicate { start, end } = ann {
                for k in *start..*end {
                    others.insert(format!("{base}_{k}"), (op, Some(k)));
                }
            }
        }
    }
    out.sort_by_key(|u| u.id);
    let mut next = FIRST_UOP_ID;
    for first in ["_EXIT_TRACE", "_SET_IP"] {
        if let Some((op, oparg)) = others.remove(first) {
            out.push(UopEntry {
                name: first.to_owned(),
                id: next,
                op,
                oparg,
            });
            next += 1;
        }
    }
    for (name, (op, oparg)) in others {
        out.push(UopEntry {
            name,
            id: next,
            op,
            oparg,
        });
        next += 1;
    }
    out
}

/// The uop name of an op: instruction-named ops get a leading underscore.
fn uop_name(op_name: &str) -> String {
    if op_name.starts_with('_') {
        op_name.to_owned()
    } else {
        format!("_{op_name}")
    }
}

/// The uop that replaces a `replaced` op when tier 2 builds a trace, by
/// CPython's naming rules: `_X` → `_X_TIER_TWO`, `_ITER_JUMP_Y` →
/// `_GUARD_NOT_EXHAUSTED_Y`. (`_POP_JUMP_IF_*` becomes a `_GUARD_IS_*_POP` whose
/// polarity depends on the branch the trace follows, so it has no fixed rule.)
pub fn replacement(a: &Analysis, op_name: &str) -> Option<String> {
    let tier_two = format!("{op_name}_TIER_TWO");
    if a.ops.contains_key(&tier_two) {
        return Some(tier_two);
    }
    let guard = op_name
        .strip_prefix("_ITER_JUMP_")
        .map(|s| format!("_GUARD_NOT_EXHAUSTED_{s}"))?;
    a.ops.contains_key(&guard).then_some(guard)
}

/// `uops.rs`.
pub fn gen_uops(a: &Analysis) -> String {
    let list = uops(a);
    let mut w = Writer::with_header(INPUTS);
    w.line("//! Tier-2 micro-ops: ids, names, metadata, instruction expansions, `replaced` rules.");
    w.blank();
    w.line("use oxpy_compile::generated::Opcode;");
    w.blank();
    w.doc("A tier-2 micro-op. Ids follow CPython's rule: an instruction's own op keeps the\nopcode's number; every other op is numbered from 300 (`_EXIT_TRACE`, `_SET_IP`, then by name).");
    w.line("#[allow(non_camel_case_types)]");
    w.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]");
    w.line("#[repr(u16)]");
    w.block("pub enum Uop {", "}", |w| {
        for u in &list {
            let what = match u.oparg {
                Some(k) => format!("`{}` with oparg {k}", u.op.name()),
                None => format!("`{}`", u.op.name()),
            };
            w.line(&format!(
                "/// {what} ({}:{}).",
                u.op.def.location.file, u.op.def.location.line
            ));
            w.line(&format!("{} = {},", u.name, u.id));
        }
    });
    w.blank();
    w.doc("Every uop, in id order.");
    w.block(
        &format!("pub const ALL: [Uop; {}] = [", list.len()),
        "];",
        |w| {
            for u in &list {
                w.line(&format!("Uop::{},", u.name));
            }
        },
    );
    w.blank();
    w.doc("Flag bits of a uop.");
    w.line("#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]");
    w.line("pub struct UopFlags(pub u32);");
    w.blank();
    let bits = [
        ("HAS_ARG", "Uses its oparg."),
        ("HAS_DEOPT", "May deoptimise to tier 1 (`DEOPT_IF`)."),
        ("HAS_EXIT", "May take a side exit (`EXIT_IF`)."),
        ("HAS_ERROR", "May raise (`ERROR_IF`)."),
        ("HAS_ESCAPES", "Calls code that may run arbitrary Python."),
        ("PURE", "No side effects (`pure`)."),
        (
            "REPLACED",
            "Replaced by another uop when a trace is built (`replaced`).",
        ),
        ("TIER2_ONLY", "Exists only in tier 2 (`tier2`)."),
        (
            "HAS_OVERRIDE",
            "Has an abstract-interpretation override in `optimizer_bytecodes.dsl`.",
        ),
    ];
    w.block("impl UopFlags {", "}", |w| {
        for (k, (n, doc)) in bits.iter().enumerate() {
            w.doc(doc);
            w.line(&format!("pub const {n}: u32 = 1 << {k};"));
        }
        w.doc("True when every bit of `bits` is set.");
        w.block(
            "pub const fn contains(self, bits: u32) -> bool {",
            "}",
            |w| w.line("self.0 & bits == bits"),
        );
    });
    w.blank();
    w.block("impl Uop {", "}", |w| {
        w.doc("The uop's id.");
        w.block("pub const fn id(self) -> u16 {", "}", |w| {
            w.line("self as u16")
        });
        w.blank();
        w.doc("The uop's name.");
        w.block("pub const fn name(self) -> &'static str {", "}", |w| {
            w.block("match self {", "}", |w| {
                for u in &list {
                    w.line(&format!("Uop::{} => {},", u.name, quote(&u.name)));
                }
            });
        });
        w.blank();
        w.doc("The uop with id `id`, if any.");
        w.block("pub const fn from_id(id: u16) -> Option<Uop> {", "}", |w| {
            w.block("Some(match id {", "})", |w| {
                for u in &list {
                    w.line(&format!("{} => Uop::{},", u.id, u.name));
                }
                w.line("_ => return None,");
            });
        });
        w.blank();
        w.doc("The uop's flags.");
        w.block("pub const fn flags(self) -> UopFlags {", "}", |w| {
            let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for u in &list {
                let op = u.op;
                let mut f = Vec::new();
                for (on, n) in [
                    (op.uses.oparg && u.oparg.is_none(), "HAS_ARG"),
                    (op.facts.deopts, "HAS_DEOPT"),
                    (op.facts.exits, "HAS_EXIT"),
                    (op.facts.errors, "HAS_ERROR"),
                    (op.facts.escapes, "HAS_ESCAPES"),
                    (op.def.has(&Annotation::Pure), "PURE"),
                    (op.def.has(&Annotation::Replaced), "REPLACED"),
                    (op.tier == Tier::Two, "TIER2_ONLY"),
                    (a.overrides.contains_key(op.name()), "HAS_OVERRIDE"),
                ] {
                    if on {
                        f.push(format!("UopFlags::{n}"));
                    }
                }
                if !f.is_empty() {
                    groups
                        .entry(format!("UopFlags({})", f.join(" | ")))
                        .or_default()
                        .push(format!("Uop::{}", u.name));
                }
            }
            w.block("match self {", "}", |w| {
                for (v, us) in &groups {
                    arm(w, us, v);
                }
                w.line("_ => UopFlags(0),");
            });
        });
        w.blank();
        w.doc("Code units of operand the uop reads from its instruction's cache.");
        w.block("pub const fn operand_size(self) -> u8 {", "}", |w| {
            let mut groups: BTreeMap<i64, Vec<String>> = BTreeMap::new();
            for u in &list {
                if u.op.cache_size != 0 {
                    groups
                        .entry(u.op.cache_size)
                        .or_default()
                        .push(format!("Uop::{}", u.name));
                }
            }
            w.block("match self {", "}", |w| {
                for (v, us) in &groups {
                    arm(w, us, &v.to_string());
                }
                w.line("_ => 0,");
            });
        });
        w.blank();
        w.doc("For a replicated copy (`replicate(N)`), the oparg it is specialised for.");
        w.block(
            "pub const fn replicated_oparg(self) -> Option<u32> {",
            "}",
            |w| {
                w.block("match self {", "}", |w| {
                    for u in &list {
                        if let Some(k) = u.oparg {
                            w.line(&format!("Uop::{} => Some({k}),", u.name));
                        }
                    }
                    w.line("_ => None,");
                });
            },
        );
        w.blank();
        for (fname, doc, popped) in [
            ("num_popped", "Stack items the uop pops for `oparg`.", true),
            (
                "num_pushed",
                "Stack items the uop pushes for `oparg`.",
                false,
            ),
        ] {
            w.doc(doc);
            w.block(
                &format!("pub const fn {fname}(self, oparg: i64) -> i64 {{"),
                "}",
                |w| {
                    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
                    for u in &list {
                        let s = u.op.stack();
                        let mut sum = if popped { s.popped } else { s.pushed };
                        if let Some(k) = u.oparg {
                            sum = crate::analyzer::Sum::constant(
                                sum.eval(i64::from(k)).unwrap_or(-1),
                            );
                        }
                        groups
                            .entry(sum.to_rust())
                            .or_default()
                            .push(format!("Uop::{}", u.name));
                    }
                    w.block("match self {", "}", |w| {
                        for (v, us) in &groups {
                            arm(w, us, v);
                        }
                    });
                },
            );
            w.blank();
        }
        w.doc("The uop a `replaced` uop becomes in a trace, where the rule is fixed.");
        w.block(
            "pub const fn tier_two_replacement(self) -> Option<Uop> {",
            "}",
            |w| {
                w.block("match self {", "}", |w| {
                    for u in &list {
                        if u.oparg.is_some() || !u.op.def.has(&Annotation::Replaced) {
                            continue;
                        }
                        if let Some(r) = replacement(a, u.op.name()) {
                            w.line(&format!("Uop::{} => Some(Uop::{}),", u.name, uop_name(&r)));
                        }
                    }
                    w.line("_ => None,");
                });
            },
        );
    });
    w.blank();
    w.doc("One step of an instruction's expansion: the uop and where its operand\nstarts in the instruction's cache (code units after the opcode unit).");
    w.line("#[derive(Clone, Copy, Debug, PartialEq, Eq)]");
    w.block("pub struct Step {", "}", |w| {
        w.doc("The uop.");
        w.line("pub uop: Uop,");
        w.doc("Offset of its operand in the cache.");
        w.line("pub cache_offset: u8,");
    });
    w.blank();
    w.doc("How tier 2 runs an instruction: its uops in order (specialising ops are\nleft out), or `None` when some part runs only in tier 1.");
    w.block(
        "pub const fn expansion(op: Opcode) -> Option<&'static [Step]> {",
        "}",
        |w| {
            let uop_set: std::collections::BTreeSet<String> =
                list.iter().map(|u| u.name.clone()).collect();
            let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for inst in &a.instructions {
                let mut steps = Vec::new();
                let mut offset = 0i64;
                let mut viable = true;
                for p in &inst.parts {
                    match p {
                        Part::Op(n) => {
                            let Some(op) = a.ops.get(n) else { continue };
                            if op.def.has(&Annotation::Specializing) {
                                offset += op.cache_size;
                                continue;
                            }
                            let un = uop_name(n);
                            if op.tier == Tier::One || !uop_set.contains(&un) {
                                viable = false;
                            }
                            steps
                                .push(format!("Step {{ uop: Uop::{un}, cache_offset: {offset} }}"));
                            offset += op.cache_size;
                        }
                        Part::Skip { size, .. } => offset += size,
                        Part::Flush => {}
                    }
                }
                if viable && inst.opcode < 256 {
                    groups
                        .entry(format!("Some(&[{}])", steps.join(", ")))
                        .or_default()
                        .push(format!("Opcode::{}", inst.name));
                }
            }
            w.block("match op {", "}", |w| {
                for (v, ops) in &groups {
                    arm(w, ops, v);
                }
                w.line("_ => None,");
            });
        },
    );
    w.finish()
}
