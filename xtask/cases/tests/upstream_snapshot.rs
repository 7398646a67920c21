//! Every opcode in the committed CPython 3.14 snapshot exists in the DSL with the
//! same facts: number, flags, caches and cache format, stack effects, families.

#![allow(clippy::unwrap_used)]

#[test]
fn dsl_matches_the_snapshot() {
    let root = xtask_cases::workspace_root();
    let analysis = xtask_cases::load(&root).unwrap();
    let snapshot = xtask_cases::upstream::load_snapshot(&root).unwrap();
    let report = xtask_cases::upstream::compare(&analysis, &snapshot);
    let listing: Vec<String> = report.differences.iter().map(ToString::to_string).collect();
    assert!(
        listing.is_empty(),
        "{} difference(s):\n{}",
        listing.len(),
        listing.join("\n")
    );
    assert_eq!(report.matching, report.opcodes);
    assert!(
        report.opcodes >= 238,
        "only {} opcodes compared",
        report.opcodes
    );
}

#[test]
fn differences_are_reported_opcode_by_opcode() {
    let root = xtask_cases::workspace_root();
    let analysis = xtask_cases::load(&root).unwrap();
    let mut snapshot = xtask_cases::upstream::load_snapshot(&root).unwrap();
    snapshot["opmap"]["LOAD_ATTR"] = serde_json::json!(81);
    snapshot["cache_format"]["TO_BOOL"]["version"] = serde_json::json!(4);
    snapshot["stack_effect"]["BUILD_LIST"][1][1] = serde_json::json!(7);
    snapshot["specializations"]["SEND"] = serde_json::json!(["SEND_GEN", "SEND_OTHER"]);
    let rows = snapshot["opcodes"].as_array_mut().unwrap();
    let row = rows.iter_mut().find(|r| r["name"] == "LOAD_FAST").unwrap();
    row["has_const"] = serde_json::json!(true);
    let report = xtask_cases::upstream::compare(&analysis, &snapshot);
    let lines: Vec<String> = report.differences.iter().map(ToString::to_string).collect();
    let expected = [
        "LOAD_ATTR (80): number: dsl 80 != upstream 81",
        "TO_BOOL (39): cache_format: dsl [(\"counter\", 1), (\"version\", 2)] != upstream [(\"counter\", 1), (\"version\", 4)]",
        "BUILD_LIST (46): stack_effect(oparg=1, jump=None): dsl 0 != upstream 7",
        "SEND (",
        "LOAD_FAST (",
    ];
    for e in expected {
        assert!(
            lines.iter().any(|l| l.starts_with(e)),
            "missing {e:?} in:\n{}",
            lines.join("\n")
        );
    }
    assert!(report.matching < report.opcodes);
    // Sorted by opcode number.
    let numbers: Vec<u32> = report.differences.iter().map(|d| d.opcode).collect();
    assert!(numbers.windows(2).all(|w| w[0] <= w[1]), "{numbers:?}");
}
