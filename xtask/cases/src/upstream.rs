//! `cargo xtask check-upstream`: compares the facts derived from the DSL with
//! real CPython 3.14 (opcode names and numbers, cache sizes and formats, stack
//! effects, families, has_* flags) and reports every difference opcode by opcode.
//!
//! Sources, in order: `python3.14` on PATH; else Pyodide under Node
//! (`tools/oracle`, installed with `npm ci` when missing); `--offline` uses the
//! committed snapshot `inputs/upstream/cpython-3.14.json`, and `--refresh`
//! rewrites that snapshot from the live source.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::analyzer::Analysis;

/// The committed snapshot, relative to the workspace root.
pub const SNAPSHOT: &str = "inputs/upstream/cpython-3.14.json";

/// One difference between the DSL and CPython.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Difference {
    /// The opcode number (`u32::MAX` for whole-table facts), for ordering.
    pub opcode: u32,
    /// The opcode's name (or the fact's).
    pub name: String,
    /// What differs.
    pub what: String,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.opcode == u32::MAX {
            write!(f, "{}: {}", self.name, self.what)
        } else {
            write!(f, "{} ({}): {}", self.name, self.opcode, self.what)
        }
    }
}

/// What a comparison covered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Every difference, sorted by opcode.
    pub differences: Vec<Difference>,
    /// Upstream opcodes compared.
    pub opcodes: usize,
    /// Upstream opcodes with no difference.
    pub matching: usize,
    /// Stack-effect rows compared.
    pub stack_rows: usize,
}

fn show(v: Option<i64>) -> String {
    v.map_or_else(|| "error".to_owned(), |n| n.to_string())
}

/// Compares `a` with an upstream document (the `upstream` record of the oracle).
pub fn compare(a: &Analysis, up: &Value) -> Report {
    let mut diffs: Vec<Difference> = Vec::new();
    let mut push = |code: u32, name: &str, what: String| {
        diffs.push(Difference {
            opcode: code,
            name: name.to_owned(),
            what,
        });
    };
    let num = |name: &str| a.opmap.get(name).map_or(u32::MAX - 1, |n| u32::from(*n));
    for (key, ours) in [
        ("HAVE_ARGUMENT", a.have_argument),
        ("MIN_INSTRUMENTED_OPCODE", a.min_instrumented),
    ] {
        if up[key].as_u64() != Some(u64::from(ours)) {
            push(u32::MAX, key, format!("dsl {ours} != upstream {}", up[key]));
        }
    }
    // Names and numbers.
    let empty = serde_json::Map::new();
    let opmap = up["opmap"].as_object().unwrap_or(&empty);
    for (name, v) in opmap {
        let theirs = v.as_u64().unwrap_or(u64::MAX);
        match a.opmap.get(name) {
            Some(ours) if u64::from(*ours) == theirs => {}
            Some(ours) => push(
                u32::from(*ours),
                name,
                format!("number: dsl {ours} != upstream {theirs}"),
            ),
            None => push(
                u32::try_from(theirs).unwrap_or(u32::MAX - 1),
                name,
                "missing from the DSL".into(),
            ),
        }
    }
    let specialized = up["specialized_opmap"].as_object().unwrap_or(&empty);
    for (name, v) in specialized {
        let theirs = v.as_u64().unwrap_or(u64::MAX);
        match a.opmap.get(name) {
            Some(ours) if u64::from(*ours) == theirs => {}
            Some(ours) => push(
                u32::from(*ours),
                name,
                format!("number: dsl {ours} != upstream {theirs}"),
            ),
            None => push(
                u32::try_from(theirs).unwrap_or(u32::MAX - 1),
                name,
                "missing from the DSL".into(),
            ),
        }
    }
    for (name, ours) in &a.opmap {
        if !opmap.contains_key(name) && !specialized.contains_key(name) {
            push(
                u32::from(*ours),
                name,
                "not an opcode in CPython 3.14".into(),
            );
        }
    }
    // Per-opcode table.
    let mut compared = 0usize;
    let mut rows_by_name = BTreeMap::new();
    for row in up["opcodes"].as_array().into_iter().flatten() {
        let Some(name) = row["name"].as_str() else {
            continue;
        };
        if row["is_valid"].as_bool() != Some(true) {
            continue;
        }
        rows_by_name.insert(name.to_owned(), row);
        compared += 1;
        let code = num(name);
        if code >= u32::MAX - 1 {
            continue;
        }
        let f = a.flags(name);
        let inst = a.instruction(name);
        let checks: [(&str, bool); 10] = [
            ("has_arg", f.has_arg),
            ("has_const", f.has_const),
            ("has_name", f.has_name),
            ("has_jump", f.has_jump),
            ("has_free", f.has_free),
            ("has_local", f.has_local),
            ("has_exc", f.has_exc),
            ("specialized", inst.is_some_and(|i| i.is_specialized)),
            ("pseudo", a.pseudos.contains_key(name)),
            ("instrumented", a.is_instrumented_opcode(name)),
        ];
        for (key, ours) in checks {
            if let Some(theirs) = row[key].as_bool()
                && theirs != ours
            {
                push(
                    code,
                    name,
                    format!("{key}: dsl {ours} != upstream {theirs}"),
                );
            }
        }
        let ours = a.cache_entries(name);
        if row["cache_entries"].as_i64() != Some(ours) {
            push(
                code,
                name,
                format!(
                    "cache_entries: dsl {ours} != upstream {}",
                    row["cache_entries"]
                ),
            );
        }
        let deopt = a.deopt(name);
        let ours = (deopt != name).then_some(deopt);
        if row["deopt"].as_str().map(str::to_owned) != ours {
            push(
                code,
                name,
                format!("deopt: dsl {ours:?} != upstream {}", row["deopt"]),
            );
        }
    }
    // Families.
    let specs = up["specializations"].as_object().unwrap_or(&empty);
    for (head, members) in specs {
        let theirs: Vec<&str> = members
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let ours: Vec<&str> = a
            .families
            .get(head)
            .map(|f| f.members.iter().map(String::as_str).collect())
            .unwrap_or_default();
        if ours != theirs {
            push(
                num(head),
                head,
                format!("specializations: dsl {ours:?} != upstream {theirs:?}"),
            );
        }
    }
    for (head, f) in &a.families {
        if !specs.contains_key(head) && !f.members.is_empty() {
            push(
                num(head),
                head,
                "a family in the DSL but not in CPython".into(),
            );
        }
    }
    // Cache formats.
    let formats = up["cache_format"].as_object().unwrap_or(&empty);
    for (name, cells) in formats {
        // The snapshot's objects are key-sorted, so cell order is compared as a set.
        let mut theirs: Vec<(String, i64)> = cells
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.as_i64().unwrap_or(-1)))
            .collect();
        let ours: Vec<(String, i64)> = a
            .instruction(name)
            .map(|i| {
                i.named_cells()
                    .into_iter()
                    .map(|c| (c.name, c.size))
                    .collect()
            })
            .unwrap_or_default();
        let mut ours = ours;
        ours.sort();
        theirs.sort();
        if ours != theirs {
            push(
                num(name),
                name,
                format!("cache_format: dsl {ours:?} != upstream {theirs:?}"),
            );
        }
        let total = up["inline_cache_entries"][name].as_i64();
        if total != Some(a.cache_entries(name)) {
            push(
                num(name),
                name,
                format!(
                    "inline_cache_entries: dsl {} != upstream {total:?}",
                    a.cache_entries(name)
                ),
            );
        }
    }
    for i in &a.instructions {
        if a.cache_entries(&i.name) > 0 && !formats.contains_key(&i.name) {
            push(
                u32::from(i.opcode),
                &i.name,
                "has a cache but no cache_format upstream".into(),
            );
        }
    }
    // Stack effects.
    let mut stack_rows = 0;
    let effects = up["stack_effect"].as_object().unwrap_or(&empty);
    for (name, rows) in effects {
        for row in rows.as_array().into_iter().flatten() {
            let Some(cols) = row.as_array() else { continue };
            let oparg = cols.first().and_then(Value::as_i64).unwrap_or(0);
            for (k, jump) in [(1, None), (2, Some(true)), (3, Some(false))] {
                stack_rows += 1;
                let theirs = cols.get(k).and_then(Value::as_i64);
                let ours = a.stack_effect(name, oparg, jump);
                if ours != theirs {
                    let j = match jump {
                        None => "None",
                        Some(true) => "True",
                        Some(false) => "False",
                    };
                    push(
                        num(name),
                        name,
                        format!(
                            "stack_effect(oparg={oparg}, jump={j}): dsl {} != upstream {}",
                            show(ours),
                            show(theirs)
                        ),
                    );
                }
            }
        }
    }
    for name in up["stack_effect_unsupported"]
        .as_object()
        .unwrap_or(&empty)
        .keys()
    {
        stack_rows += 1;
        if let Some(v) = a.stack_effect(name, 0, None) {
            push(
                num(name),
                name,
                format!("stack_effect: dsl {v} != upstream error"),
            );
        }
    }
    diffs.sort();
    diffs.dedup();
    let bad: std::collections::BTreeSet<&str> = diffs.iter().map(|d| d.name.as_str()).collect();
    let matching = rows_by_name
        .keys()
        .filter(|n| !bad.contains(n.as_str()))
        .count();
    Report {
        differences: diffs,
        opcodes: compared,
        matching,
        stack_rows,
    }
}

/// Where live facts come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `python3.14` on PATH.
    NativePython,
    /// Pyodide under Node (`tools/oracle`).
    Pyodide,
}

fn on_path(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Live facts: where they came from, the document's text (as the oracle
/// prints it, so that `--refresh` writes it unchanged) and its parsed value.
#[derive(Clone, Debug)]
pub struct Live {
    /// The source.
    pub source: Source,
    /// The JSON text.
    pub text: String,
    /// The parsed document.
    pub value: Value,
}

/// Asks live CPython 3.14 for its facts (the oracle's `upstream` document).
pub fn fetch_live(root: &Path) -> Result<Live, String> {
    let oracle = root.join("tools/oracle");
    if on_path("python3.14") {
        let script = "import sys; sys.path.insert(0, sys.argv[1]); import oracle; sys.stdout.write(oracle.do_upstream())";
        let out = Command::new("python3.14")
            .args(["-c", script])
            .arg(&oracle)
            .output()
            .map_err(|e| format!("cannot run python3.14: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "python3.14 failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let value = serde_json::from_str(&text)
            .map_err(|e| format!("python3.14 printed invalid JSON: {e}"))?;
        return Ok(Live {
            source: Source::NativePython,
            text,
            value,
        });
    }
    if !on_path("node") {
        return Err("neither python3.14 nor node is on PATH; use --offline".into());
    }
    if !oracle.join("node_modules/pyodide").is_dir() {
        eprintln!("check-upstream: installing Pyodide (npm ci in tools/oracle)");
        let status = Command::new("npm")
            .arg("ci")
            .current_dir(&oracle)
            .status()
            .map_err(|e| format!("cannot run npm: {e}"))?;
        if !status.success() {
            return Err("`npm ci` in tools/oracle failed".into());
        }
    }
    let tmp = std::env::temp_dir().join(format!("oxpy-upstream-{}.json", std::process::id()));
    let out = Command::new("node")
        .arg(oracle.join("oracle.mjs"))
        .args(["upstream", "--quiet", "--out"])
        .arg(&tmp)
        .current_dir(&oracle)
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "the Pyodide oracle failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text =
        std::fs::read_to_string(&tmp).map_err(|e| format!("cannot read {}: {e}", tmp.display()))?;
    let _ = std::fs::remove_file(&tmp);
    let value =
        serde_json::from_str(&text).map_err(|e| format!("the oracle printed invalid JSON: {e}"))?;
    Ok(Live {
        source: Source::Pyodide,
        text,
        value,
    })
}

/// Reads the committed snapshot.
pub fn load_snapshot(root: &Path) -> Result<Value, String> {
    let path = root.join(SNAPSHOT);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: invalid JSON: {e}", path.display()))
}

/// `cargo xtask check-upstream [--offline | --refresh]`.
pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let mut offline = false;
    let mut refresh = false;
    for a in args {
        match a.as_str() {
            "--offline" => offline = true,
            "--refresh" => refresh = true,
            other => {
                return Err(format!(
                    "check-upstream: unknown option `{other}` (expected --offline or --refresh)"
                ));
            }
        }
    }
    if offline && refresh {
        return Err("check-upstream: --offline and --refresh exclude each other".into());
    }
    let analysis = crate::load(root).map_err(|e| e.to_string())?;
    let (label, doc) = if offline {
        (format!("snapshot {SNAPSHOT}"), load_snapshot(root)?)
    } else {
        let live = fetch_live(root)?;
        let label = match live.source {
            Source::NativePython => "python3.14",
            Source::Pyodide => "CPython 3.14 (Pyodide)",
        };
        if refresh {
            std::fs::write(root.join(SNAPSHOT), &live.text)
                .map_err(|e| format!("cannot write {SNAPSHOT}: {e}"))?;
            println!("check-upstream: rewrote {SNAPSHOT}");
        }
        (label.to_owned(), live.value)
    };
    let report = compare(&analysis, &doc);
    for d in &report.differences {
        println!("{d}");
    }
    println!(
        "check-upstream: {} of {} opcodes match {label}; {} stack-effect rows; {} difference(s)",
        report.matching,
        report.opcodes,
        report.stack_rows,
        report.differences.len()
    );
    if report.differences.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} difference(s) from {label}",
            report.differences.len()
        ))
    }
}
