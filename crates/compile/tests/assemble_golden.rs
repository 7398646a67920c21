//! The assembler and the location / exception table codecs against every code object
//! of the CPython 3.14 golden data (crates/compile/tests/golden/code.jsonl): decode
//! `co_code`, `co_linetable` and `co_exceptiontable` back into an instruction
//! sequence, assemble it again, require byte-identical output.

#![allow(clippy::unwrap_used)]

use oxpy_compile::assemble::{assemble, exceptiontable, linetable};
use oxpy_compile::generated::metadata::{cache_entries, has_jump};
use oxpy_compile::generated::opcode::Opcode;
use oxpy_compile::instr_sequence::{ExceptHandlerInfo, InstrSequence, Instruction, SourceLocation};
use oxpy_compile::opcode_utils::is_backwards_jump;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

struct Code {
    name: String,
    firstlineno: i32,
    code: Vec<u8>,
    linetable: Vec<u8>,
    exceptiontable: Vec<u8>,
    entries: Vec<(u32, u32, u32, u32, bool)>,
}

fn golden() -> Vec<Code> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/code.jsonl");
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let Some(codes) = v["codes"].as_array() else {
            continue;
        };
        for c in codes {
            let entries = c["exception_entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    let e = e.as_array().unwrap();
                    (
                        e[0].as_u64().unwrap() as u32,
                        e[1].as_u64().unwrap() as u32,
                        e[2].as_u64().unwrap() as u32,
                        e[3].as_u64().unwrap() as u32,
                        e[4].as_bool().unwrap(),
                    )
                })
                .collect();
            out.push(Code {
                name: format!("{}:{}", v["path"].as_str().unwrap(), c["co_qualname"]),
                firstlineno: c["co_firstlineno"].as_i64().unwrap() as i32,
                code: unhex(c["co_code"].as_str().unwrap()),
                linetable: unhex(c["co_linetable"].as_str().unwrap()),
                exceptiontable: unhex(c["co_exceptiontable"].as_str().unwrap()),
                entries,
            });
        }
    }
    assert!(out.len() > 1000);
    out
}

#[test]
fn linetable_round_trip() {
    let codes = golden();
    let mut failures = Vec::new();
    for c in &codes {
        let entries = linetable::decode(c.firstlineno, &c.linetable).unwrap();
        let units: usize = entries.iter().map(|e| e.0).sum();
        assert_eq!(units * 2, c.code.len(), "{}", c.name);
        if linetable::encode(c.firstlineno, entries) != c.linetable {
            failures.push(c.name.clone());
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {}: {:?}",
        failures.len(),
        codes.len(),
        failures
    );
}

#[test]
fn exceptiontable_round_trip() {
    let codes = golden();
    for c in &codes {
        let entries = exceptiontable::decode(&c.exceptiontable).unwrap();
        let as_dis: Vec<_> = entries
            .iter()
            .map(|e| (e.start * 2, e.end * 2, e.target * 2, e.depth, e.lasti))
            .collect();
        assert_eq!(as_dis, c.entries, "{}", c.name);
        assert_eq!(
            exceptiontable::encode(&entries),
            c.exceptiontable,
            "{}",
            c.name
        );
    }
}

/// Decodes bytecode into an instruction sequence whose jump opargs and handler labels
/// are instruction indices.
fn decode(c: &Code) -> InstrSequence {
    let units: Vec<(u8, u8)> = c.code.chunks_exact(2).map(|u| (u[0], u[1])).collect();
    let mut locs = Vec::new();
    for (n, loc) in linetable::decode(c.firstlineno, &c.linetable).unwrap() {
        locs.extend(std::iter::repeat_n(loc, n));
    }
    let handlers = exceptiontable::decode(&c.exceptiontable).unwrap();
    // (opcode, oparg, start unit, end unit)
    let mut raw = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let start = i;
        let mut oparg = 0u32;
        while units[i].0 == Opcode::EXTENDED_ARG.number() as u8 {
            oparg = (oparg << 8) | u32::from(units[i].1);
            i += 1;
        }
        let op = Opcode::from_number(u16::from(units[i].0)).unwrap();
        oparg = (oparg << 8) | u32::from(units[i].1);
        i += 1 + usize::from(cache_entries(op));
        raw.push((op, oparg as i32, start, i));
    }
    let index_of = |unit: i64| -> i32 {
        raw.iter()
            .position(|r| r.2 as i64 == unit)
            .unwrap_or_else(|| panic!("{}: no instruction at unit {unit}", c.name)) as i32
    };
    let mut seq = InstrSequence::default();
    for &(op, oparg, start, end) in &raw {
        let loc: SourceLocation = locs[start];
        assert!(locs[start..end].iter().all(|l| *l == loc), "{}", c.name);
        let oparg = if has_jump(op) {
            let after = end as i64;
            let target = if op == Opcode::END_ASYNC_FOR {
                let t = after - i64::from(oparg) - 5;
                assert_eq!(raw[index_of(t) as usize].0, Opcode::SEND, "{}", c.name);
                t
            } else if is_backwards_jump(op) {
                after - i64::from(oparg)
            } else {
                after + i64::from(oparg)
            };
            index_of(target)
        } else {
            oparg
        };
        let except_handler = match handlers
            .iter()
            .find(|h| (h.start as usize) <= start && start < h.end as usize)
        {
            Some(h) => ExceptHandlerInfo {
                label: index_of(i64::from(h.target)),
                startdepth: h.depth as i32 + 1 + i32::from(h.lasti),
                preserve_lasti: h.lasti,
            },
            None => ExceptHandlerInfo::default(),
        };
        // Unconditional jumps as codegen emits them: the assembler picks the direction.
        let op = match op {
            Opcode::JUMP_FORWARD | Opcode::JUMP_BACKWARD => Opcode::JUMP,
            Opcode::JUMP_BACKWARD_NO_INTERRUPT => Opcode::JUMP_NO_INTERRUPT,
            op => op,
        };
        seq.instrs.push(Instruction {
            opcode: op.number(),
            oparg,
            loc,
            except_handler,
            target: 0,
            offset: 0,
        });
    }
    seq
}

#[test]
fn assemble_round_trip() {
    let codes = golden();
    let mut failures = Vec::new();
    for c in &codes {
        let mut seq = decode(c);
        let out = assemble(&mut seq, c.firstlineno).unwrap();
        if out.code != c.code
            || out.linetable != c.linetable
            || out.exceptiontable != c.exceptiontable
        {
            failures.push(c.name.clone());
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {}: {:?}",
        failures.len(),
        codes.len(),
        failures
    );
}
