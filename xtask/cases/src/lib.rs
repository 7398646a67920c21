//! `xtask-cases`: oxpy's instruction-DSL toolchain, the counterpart of CPython's
//! `Tools/cases_generator`. It reads `inputs/bytecodes.dsl` (every CPython 3.14
//! instruction, op, macro, family, pseudo-instruction and label) and
//! `inputs/optimizer_bytecodes.dsl` (tier-2 abstract-interpretation overrides),
//! and generates the Rust tables the other crates build on.
//!
//! Source code layout:
//! - [`lexer`], [`parser`]: the DSL's tokens and grammar (typed errors with `file:line:column`);
//! - [`analyzer`]: macro resolution, symbolic stack effects, cache layouts, family and
//!   pseudo-instruction checks, special forms in bodies, opcode numbering;
//! - [`srcgen`]: the deterministic text writer;
//! - [`gen_compile`], [`gen_specialize`], [`gen_optimizer`]: one generator per output crate;
//!   [`gen_vm`]: the interface the tier-1 dispatch generator will implement;
//! - [`upstream`]: `check-upstream`, the comparison with real CPython 3.14.
//!
//! Commands (run through `cargo xtask`): `regen-cases [--check]` and
//! `check-upstream [--offline | --refresh]`.

pub mod analyzer;
pub mod error;
pub mod gen_compile;
pub mod gen_optimizer;
pub mod gen_specialize;
pub mod gen_vm;
pub mod lexer;
pub mod parser;
pub mod srcgen;
pub mod upstream;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use analyzer::Analysis;
use error::DslError;

/// The instruction definitions, relative to the workspace root.
pub const BYTECODES: &str = "inputs/bytecodes.dsl";
/// The optimizer overrides, relative to the workspace root.
pub const OPTIMIZER: &str = "inputs/optimizer_bytecodes.dsl";
/// The directories whose contents `regen-cases` owns.
pub const GENERATED_DIRS: [&str; 3] = [
    "crates/compile/src/generated",
    "crates/specialize/src/generated",
    "crates/optimizer/src/generated",
];

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    dir.parent()
        .and_then(Path::parent)
        .map_or_else(|| dir.to_path_buf(), Path::to_path_buf)
}

/// Why the inputs could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// A file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        message: String,
    },
    /// The DSL is wrong.
    Dsl(DslError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, message } => write!(f, "cannot read {}: {message}", path.display()),
            Self::Dsl(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for LoadError {}

impl From<DslError> for LoadError {
    fn from(e: DslError) -> Self {
        Self::Dsl(e)
    }
}

/// Parses and analyses DSL text (`bytecodes` and `optimizer` file contents).
pub fn analyze_sources(bytecodes: &str, optimizer: &str) -> Result<Analysis, DslError> {
    let defs = parser::parse(BYTECODES, bytecodes)?;
    let opt = parser::parse(OPTIMIZER, optimizer)?;
    analyzer::analyze(&defs, &opt)
}

/// Reads and analyses the inputs under `root`.
pub fn load(root: &Path) -> Result<Analysis, LoadError> {
    let read = |rel: &str| {
        let path = root.join(rel);
        std::fs::read_to_string(&path).map_err(|e| LoadError::Io {
            path,
            message: e.to_string(),
        })
    };
    Ok(analyze_sources(&read(BYTECODES)?, &read(OPTIMIZER)?)?)
}

/// Every generated file: path relative to the workspace root → contents.
pub fn generate(a: &Analysis) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut put = |path: &str, text: String| {
        out.insert(path.to_owned(), text);
    };
    put(
        "crates/compile/src/generated/mod.rs",
        gen_compile::gen_mod(),
    );
    put(
        "crates/compile/src/generated/opcode.rs",
        gen_compile::gen_opcode(a),
    );
    put(
        "crates/compile/src/generated/metadata.rs",
        gen_compile::gen_metadata(a),
    );
    put(
        "crates/specialize/src/generated/mod.rs",
        gen_specialize::gen_mod(),
    );
    put(
        "crates/specialize/src/generated/cache.rs",
        gen_specialize::gen_cache(a),
    );
    put(
        "crates/specialize/src/generated/families.rs",
        gen_specialize::gen_families(a),
    );
    put(
        "crates/optimizer/src/generated/mod.rs",
        gen_optimizer::gen_mod(),
    );
    put(
        "crates/optimizer/src/generated/uops.rs",
        gen_optimizer::gen_uops(a),
    );
    out
}

/// Write the generated files, or only check that they are up to date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Write every file that differs; delete stray files in the generated directories.
    Write,
    /// Change nothing; report files that differ.
    Check,
}

fn normalize(s: &str) -> String {
    s.replace("\r\n", "\n")
}

/// What [`regen`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegenReport {
    /// Files that were (in [`Mode::Write`]) or would be (in [`Mode::Check`])
    /// changed or removed, relative to the workspace root.
    pub changed: Vec<String>,
    /// How many definitions the inputs hold.
    pub counts: analyzer::DefinitionCounts,
    /// How many files the generators produce.
    pub files: usize,
}

/// Regenerates everything under `root`.
pub fn regen(root: &Path, mode: Mode) -> Result<RegenReport, LoadError> {
    let analysis = load(root)?;
    let files = generate(&analysis);
    let mut changed = Vec::new();
    for (rel, text) in &files {
        let path = root.join(rel);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref().map(normalize) != Some(normalize(text)) {
            changed.push(rel.clone());
            if mode == Mode::Write {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| LoadError::Io {
                        path: dir.to_path_buf(),
                        message: e.to_string(),
                    })?;
                }
                std::fs::write(&path, text).map_err(|e| LoadError::Io {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
            }
        }
    }
    for dir in GENERATED_DIRS {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut stray: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| format!("{dir}/{}", e.file_name().to_string_lossy()))
            .filter(|rel| !files.contains_key(rel))
            .collect();
        stray.sort();
        for rel in stray {
            if mode == Mode::Write {
                let path = root.join(&rel);
                std::fs::remove_file(&path).map_err(|e| LoadError::Io {
                    path,
                    message: e.to_string(),
                })?;
            }
            changed.push(rel);
        }
    }
    Ok(RegenReport {
        changed,
        counts: analysis.counts,
        files: files.len(),
    })
}

/// `cargo xtask regen-cases [--check]`.
pub fn run_regen_cases(args: &[String]) -> Result<(), String> {
    let mut mode = Mode::Write;
    for a in args {
        match a.as_str() {
            "--check" => mode = Mode::Check,
            other => {
                return Err(format!(
                    "regen-cases: unknown option `{other}` (expected --check)"
                ));
            }
        }
    }
    let root = workspace_root();
    let report = regen(&root, mode).map_err(|e| e.to_string())?;
    let c = report.counts;
    println!(
        "regen-cases: {BYTECODES}: {} inst, {} op, {} macro, {} family, {} pseudo, {} label; {} files",
        c.inst, c.op, c.macros, c.family, c.pseudo, c.label, report.files
    );
    let changed = report.changed;
    match mode {
        Mode::Check if !changed.is_empty() => Err(format!(
            "generated files are out of date:\n  {}\nrun `cargo xtask regen-cases` and commit",
            changed.join("\n  ")
        )),
        Mode::Check => {
            println!("regen-cases: generated files are up to date");
            Ok(())
        }
        Mode::Write => {
            for c in &changed {
                println!("regen-cases: wrote {c}");
            }
            if changed.is_empty() {
                println!("regen-cases: nothing to do");
            }
            Ok(())
        }
    }
}

/// `cargo xtask check-upstream [--offline | --refresh]`.
pub fn run_check_upstream(args: &[String]) -> Result<(), String> {
    upstream::run(&workspace_root(), args)
}
