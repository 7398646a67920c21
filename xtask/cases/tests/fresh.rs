//! The generated files checked in under `crates/*/src/generated/` are exactly
//! what `inputs/` produces (the `--check` mode of `cargo xtask regen-cases`).

#[test]
fn generated_code_is_fresh() {
    let root = xtask_cases::workspace_root();
    let stale = match xtask_cases::regen(&root, xtask_cases::Mode::Check) {
        Ok(report) => report.changed,
        Err(e) => panic!("cannot load the DSL: {e}"),
    };
    assert!(
        stale.is_empty(),
        "generated files are out of date:\n  {}\nrun `cargo xtask regen-cases` and commit",
        stale.join("\n  ")
    );
}
