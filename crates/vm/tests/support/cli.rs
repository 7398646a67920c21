//! What the CLI golden tests share: running the `oxpy` binary from the repository root,
//! reading JSON Lines fixtures and shrink-only gap lists, and describing differences.

#![allow(dead_code)]

use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository root (fixtures name corpus files relative to it).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every record of a JSON Lines fixture.
pub fn records(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(|line| serde_json::from_str(line).expect("valid JSON line"))
        .collect()
}

/// The entries of a gap list under this crate's `tests/golden/` (comments and blank
/// lines skipped).
pub fn gap_list(name: &str) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// stdout, stderr and exit status of `oxpy -m MODULE ARGS`, run from the repository root
/// with `stdin` piped in (or no stdin) and no `COLUMNS` in the environment.
pub fn run_module(module: &str, args: &[String], stdin: Option<&str>) -> (String, String, i64) {
    run_module_in(&repo_root(), module, args, stdin)
}

/// [`run_module`] run from `dir`, without `SOURCE_DATE_EPOCH` either.
pub fn run_module_in(
    dir: &Path,
    module: &str,
    args: &[String],
    stdin: Option<&str>,
) -> (String, String, i64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oxpy"))
        .arg("-m")
        .arg(module)
        .args(args)
        .current_dir(dir)
        .env_remove("COLUMNS")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("oxpy starts");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        pipe.write_all(text.as_bytes()).expect("stdin written");
    }
    let out = child.wait_with_output().expect("oxpy finishes");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().map_or(-1, i64::from),
    )
}

/// The first line where two texts differ, for a failure report.
pub fn first_difference(ours: &str, expected: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) =
        (ours.split('\n').collect(), expected.split('\n').collect());
    match (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
        Some(i) => format!(
            "line {}: ours {:?} expected {:?}",
            i + 1,
            a.get(i).unwrap_or(&"<none>"),
            b.get(i).unwrap_or(&"<none>")
        ),
        None => "identical".into(),
    }
}
