//! Input files for parity runs and benchmarks, enumerated exactly as `tools/oracle/oracle.mjs` enumerates them.
//!
//! A PATH is a file (taken as is), a directory (every `*.py` below it, sorted by relative
//! path, named `PATH/relative`), or a `.zip` (every `*.py` member, sorted by member name,
//! named by the member name).

use std::io::Read;
use std::path::{Path, PathBuf};

/// One input: the name the oracle reports for it and its bytes.
pub struct Input {
    /// The oracle's `path` for this input.
    pub name: String,
    /// The file's bytes.
    pub data: Vec<u8>,
}

/// Reads every input named by `paths`, in the oracle's order.
pub fn collect(paths: &[String]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, path, &mut files)?;
            files.sort();
            for rel in files {
                let full = path.join(&rel);
                let data = std::fs::read(&full).map_err(|e| format!("{}: {e}", full.display()))?;
                let name = format!("{}/{}", p.trim_end_matches('/'), rel.to_string_lossy());
                out.push(Input { name, data });
            }
        } else if p.ends_with(".zip") {
            out.extend(read_zip(path)?);
        } else {
            let data = std::fs::read(path).map_err(|e| format!("{p}: {e}"))?;
            out.push(Input {
                name: p.clone(),
                data,
            });
        }
    }
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "py")
            && let Ok(rel) = path.strip_prefix(root)
        {
            out.push(rel.to_path_buf());
        }
    }
    Ok(())
}

fn read_zip(path: &Path) -> Result<Vec<Input>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut names: Vec<String> = archive
        .file_names()
        .filter(|n| n.ends_with(".py"))
        .map(str::to_string)
        .collect();
    names.sort();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let mut member = archive.by_name(&name).map_err(|e| format!("{name}: {e}"))?;
        let mut data = Vec::new();
        member
            .read_to_end(&mut data)
            .map_err(|e| format!("{name}: {e}"))?;
        out.push(Input { name, data });
    }
    Ok(out)
}

/// The CPython 3.14 stdlib shipped with Pyodide, installing the oracle's packages if needed.
pub fn stdlib_zip() -> Result<String, String> {
    let dir = crate::oracle::ensure_installed()?;
    let zip = dir.join("node_modules/pyodide/python_stdlib.zip");
    if zip.exists() {
        Ok(zip.to_string_lossy().into_owned())
    } else {
        Err(format!("{} is missing", zip.display()))
    }
}
