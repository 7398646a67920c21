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
