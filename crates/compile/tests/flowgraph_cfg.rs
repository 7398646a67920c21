//! The flowgraph passes against CPython 3.14's, on CPython's own codegen output:
//! `tests/golden/flowgraph_cfg.jsonl` holds, for every code unit of every corpus file,
//! the instruction sequence `_testinternalcapi.compiler_codegen` produced and what
//! `_testinternalcapi.optimize_cfg` (`_PyCompile_OptimizeCfg`) made of it with two
//! synthetic constant tables; [`optimize_cfg_for_testing`] must give the same
//! instructions, locations and constants.

#![allow(clippy::unwrap_used)]

use num_bigint::BigInt;
use oxpy_compile::flowgraph::optimize_cfg_for_testing;
use oxpy_compile::generated::metadata::has_arg;
use oxpy_compile::generated::opcode::Opcode;
use oxpy_compile::instr_sequence::{InstrSequence, Label, SourceLocation};
use oxpy_compile::opcode_utils::has_target;
use oxpy_objects::constant::ConstValue;
use serde_json::Value;

fn instrs(v: &Value) -> Vec<[i64; 6]> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let a = i.as_array().unwrap();
            let mut out = [0i64; 6];
            for (k, x) in a.iter().enumerate() {
                out[k] = x.as_i64().unwrap_or(0);
            }
            out
        })
        .collect()
}

fn constant(v: &Value) -> ConstValue {
    let a = v.as_array().unwrap();
    match a[0].as_str().unwrap() {
        "int" => ConstValue::Int(BigInt::from(a[1].as_i64().unwrap())),
        "str" => ConstValue::Str(a[1].as_str().unwrap().to_owned()),
        _ => ConstValue::None,
    }
}

fn normalize(op: u16, arg: i64) -> i64 {
    match Opcode::from_number(op) {
        Some(o) if has_arg(o) => arg,
        _ => 0,
    }
}

#[test]
fn optimize_cfg_like_cpython() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/flowgraph_cfg.jsonl"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let (mut same, mut total) = (0, 0);
    let mut failures = Vec::new();
    for line in text.lines() {
        let rec: Value = serde_json::from_str(line).unwrap();
        let input = instrs(&rec["in"]);
        let targets: std::collections::BTreeSet<i64> = input
            .iter()
            .filter(|i| Opcode::from_number(i[0] as u16).is_some_and(has_target))
            .map(|i| i[1])
            .collect();
        for variant in rec["variants"].as_array().unwrap() {
            total += 1;
            let mut seq = InstrSequence::new();
            for (idx, i) in input.iter().enumerate() {
                if targets.contains(&(idx as i64)) {
                    seq.use_label(Label(idx as i32));
                }
                let loc = SourceLocation::new(i[2] as i32, i[3] as i32, i[4] as i32, i[5] as i32);
                seq.addop(i[0] as u16, i[1] as i32, loc);
            }
            let mut consts: Vec<ConstValue> = variant["consts"]
                .as_array()
                .unwrap()
                .iter()
                .map(constant)
                .collect();
            let name = format!("{}#{}", rec["path"].as_str().unwrap(), rec["unit"]);
            let out = match optimize_cfg_for_testing(
                &mut seq,
                &mut consts,
                rec["nlocals"].as_u64().unwrap() as usize,
            ) {
                Ok(o) => o,
                Err(e) => {
                    failures.push(format!("{name}: error {e:?}"));
                    continue;
                }
            };
            let ours: Vec<[i64; 6]> = out
                .instrs
                .iter()
                .map(|i| {
                    [
                        i64::from(i.opcode),
                        normalize(i.opcode, i64::from(i.oparg)),
                        i64::from(i.loc.lineno),
                        i64::from(i.loc.end_lineno),
                        i64::from(i.loc.col_offset),
                        i64::from(i.loc.end_col_offset),
                    ]
                })
                .collect();
            let theirs: Vec<[i64; 6]> = instrs(&variant["out"])
                .into_iter()
                .map(|mut i| {
                    i[1] = normalize(i[0] as u16, i[1]);
                    i
                })
                .collect();
            let consts_ours: Vec<String> = consts.iter().map(|c| c.repr()).collect();
            let consts_theirs: Vec<String> = variant["consts_out"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_owned())
                .collect();
            if ours == theirs && consts_ours == consts_theirs {
                same += 1;
            } else {
                let at = ours.iter().zip(&theirs).position(|(a, b)| a != b);
                failures.push(format!(
                    "{name}: first diff at {at:?} (len {} vs {}): ours {:?} theirs {:?}; consts {:?} vs {:?}",
                    ours.len(),
                    theirs.len(),
                    at.map(|k| ours[k]),
                    at.map(|k| theirs[k]),
                    consts_ours,
                    consts_theirs
                ));
            }
        }
    }
    println!("optimize_cfg parity: {same}/{total}");
    for f in failures.iter().take(15) {
        println!("{f}");
    }
    // Frozensets holding strings: CPython orders them by string hash (SipHash of the
    // oracle's wasm32 build with PYTHONHASHSEED=0), which is not reproduced yet.
    const KNOWN: [&str; 4] = [
        "corpus/lang/023_dict_views_ops.py#0",
        "corpus/lang/024_set_ops.py#0",
        "corpus/lang/028_comparisons.py#0",
        "corpus/lang/061_dict_set_comp.py#0",
    ];
    let unexpected: Vec<&String> = failures
        .iter()
        .filter(|f| !KNOWN.iter().any(|k| f.starts_with(&format!("{k}:"))))
        .collect();
    assert!(
        unexpected.is_empty(),
        "{} of {total} differ",
        unexpected.len()
    );
}
