//! Runs the CPython 3.14 oracle (`tools/oracle/oracle.mjs`, Pyodide under Node) and caches its output under `target/oracle-cache/`.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (the parent of `xtask/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The oracle's folder, with its npm packages installed (`npm ci` when missing).
pub fn ensure_installed() -> Result<PathBuf, String> {
    let dir = repo_root().join("tools/oracle");
    if !dir.join("node_modules/pyodide/package.json").exists() {
        eprintln!(
            "oracle: installing pyodide with `npm ci` in {}",
            dir.display()
        );
        let status = Command::new("npm")
            .arg("ci")
            .arg("--no-audit")
            .arg("--no-fund")
            .current_dir(&dir)
            .status()
            .map_err(|e| format!("cannot run npm: {e}"))?;
        if !status.success() {
            return Err("`npm ci` failed in tools/oracle".into());
        }
    }
    Ok(dir)
}

/// Runs `node oracle.mjs MODE PATHS…` from `cwd` and returns its JSON Lines, cached by the
/// mode, the paths and their sizes and modification times.
pub fn run(mode: &str, paths: &[String], cwd: &Path) -> Result<String, String> {
    run_with(mode, &[], paths, cwd)
}

/// [`run`] with extra oracle options (`--jobs N`, `--timeout SEC`, …), which are part of
/// the cache key.
pub fn run_with(
    mode: &str,
    options: &[&str],
    paths: &[String],
    cwd: &Path,
) -> Result<String, String> {
    let dir = ensure_installed()?;
    let mut hasher = DefaultHasher::new();
    mode.hash(&mut hasher);
    options.hash(&mut hasher);
    cwd.hash(&mut hasher);
    for p in paths {
        p.hash(&mut hasher);
        if let Ok(meta) = std::fs::metadata(cwd.join(p)) {
            meta.len().hash(&mut hasher);
            if let Ok(m) = meta.modified() {
                m.hash(&mut hasher);
            }
        }
    }
    let cache_dir = repo_root().join("target/oracle-cache");
    std::fs::create_dir_all(&cache_dir).map_err(|e| e.to_string())?;
    let cache = cache_dir.join(format!("{mode}-{:016x}.jsonl", hasher.finish()));
    if let Ok(text) = std::fs::read_to_string(&cache) {
        return Ok(text);
    }
    eprintln!(
        "oracle: running CPython 3.14 ({mode}) on {} path(s)…",
        paths.len()
    );
    let status = Command::new("node")
        .arg(dir.join("oracle.mjs"))
        .arg(mode)
        .args(options)
        .arg("--out")
        .arg(&cache)
        .args(paths)
        .current_dir(cwd)
        .status()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if !status.success() {
        let _ = std::fs::remove_file(&cache);
        return Err(format!("the oracle failed in mode {mode}"));
    }
    std::fs::read_to_string(&cache).map_err(|e| e.to_string())
}
