//! Port of Python/compile.c (the driver): source or AST in, the module's code object out.

use std::sync::Arc;
use std::time::{Duration, Instant};

use oxpy_objects::code::CodeObject;
use oxpy_parser::ast;

use crate::codegen::Compiler;
use crate::error::{CompileError, CompileWarning};

/// What `compile()` is asked to build (its `mode` argument).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// `"exec"`: a module.
    #[default]
    Exec,
    /// `"eval"`: one expression.
    Eval,
    /// `"single"`: one interactive statement (prints expression values).
    Single,
}

/// Options of one compilation (`compile()`'s `optimize`, the `-O` flags).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CompileOptions {
    /// The mode.
    pub mode: Mode,
    /// Optimization level: 0 (default), 1 (`-O`: no asserts, `__debug__` is False),
    /// 2 (`-OO`: no docstrings either).
    pub optimize: u8,
}

/// The result of a compilation: the top code object and the warnings raised.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// The module (or expression / interactive) code object.
    pub code: Arc<CodeObject>,
    /// SyntaxWarnings and the like, in the order CPython raises them.
    pub warnings: Vec<CompileWarning>,
}

/// Wall time spent in each phase of compilations (summed by [`compile_source_timed`];
/// the per-phase figures of `cargo xtask bench compile`).
#[derive(Clone, Copy, Debug, Default)]
pub struct PhaseTimes {
    /// Decoding, tokenizing and parsing to the AST.
    pub parse: Duration,
    /// Future features and the AST preprocessing (constant folding, docstrings).
    pub preprocess: Duration,
    /// The symbol table.
    pub symtable: Duration,
    /// Codegen: AST → instruction sequences (every unit's, without the next phase).
    pub codegen: Duration,
    /// The flowgraph passes and the assembler of every unit.
    pub assemble: Duration,
}

/// `compile(data, filename, mode, dont_inherit=True, optimize=…)` on source bytes.
pub fn compile_source(
    data: &[u8],
    filename: &str,
    options: &CompileOptions,
) -> Result<Compiled, CompileError> {
    compile_source_timed(data, filename, options, &mut PhaseTimes::default())
}

/// [`compile_source`], adding the time of each phase to `times`.
pub fn compile_source_timed(
    data: &[u8],
    filename: &str,
    options: &CompileOptions,
    times: &mut PhaseTimes,
) -> Result<Compiled, CompileError> {
    let start = Instant::now();
    let mode = match options.mode {
        Mode::Exec => oxpy_parser::Mode::Exec,
        Mode::Eval => oxpy_parser::Mode::Eval,
        Mode::Single => oxpy_parser::Mode::Single,
    };
    let opts = oxpy_parser::ParseOptions {
        mode,
        optimize: i32::from(options.optimize),
        ..Default::default()
    };
    let report = oxpy_parser::parse_bytes_report(data, &opts);
    times.parse += start.elapsed();
    let mut compiled = compile_owned(report.result?, filename, options, times)?;
    if !report.warnings.is_empty() {
        // The parser's SyntaxWarnings come first, as CPython emits them while parsing.
        let parsed = report.warnings.into_iter().map(|w| CompileWarning {
            category: "SyntaxWarning",
            message: w.message,
            lineno: i32::try_from(w.lineno).unwrap_or(i32::MAX),
        });
        compiled.warnings.splice(0..0, parsed);
    }
    Ok(compiled)
}

/// Compiles a parsed tree (`_PyAST_Compile`): future features, the AST preprocessing,
/// the symbol table, then codegen and the assembler for every code unit.
pub fn compile_ast(
    module: &ast::Mod,
    filename: &str,
    options: &CompileOptions,
) -> Result<Compiled, CompileError> {
    compile_owned(
        module.clone(),
        filename,
        options,
        &mut PhaseTimes::default(),
    )
}

thread_local! {
    /// The code-unit buffers ([`crate::unit::UnitScratch`]: instruction sequences,
    /// graph blocks, assembler tables) of the last compilation on this thread, so the
    /// next one starts with their memory instead of growing its own (compiling many
    /// files in a row, as `compileall` or the benchmark does). Always emptied buffers:
    /// what they held never reaches the output.
    static SCRATCH: std::cell::Cell<Option<crate::unit::UnitScratch>> =
        const { std::cell::Cell::new(None) };
}

/// [`compile_ast`] on a tree it may change (the preprocessing folds it in place).
fn compile_owned(
    mut m: ast::Mod,
    filename: &str,
    options: &CompileOptions,
    times: &mut PhaseTimes,
) -> Result<Compiled, CompileError> {
    let start = Instant::now();
    let future = crate::future::future_features(&m)?;
    let mut warnings = Vec::new();
    crate::codegen::preprocess::preprocess(
        &mut m,
        options.optimize,
        future.features & crate::future::CO_FUTURE_ANNOTATIONS != 0,
        &mut warnings,
    );
    let mid = Instant::now();
    times.preprocess += mid - start;
    let st = crate::symtable::build(&m, filename, &future);
    let end = Instant::now();
    times.symtable += end - mid;
    let st = st?;
    warnings.extend(st.warnings.iter().cloned());
    let interactive = matches!(m, ast::Mod::Interactive { .. });
    let mut c = Compiler::new(st, future, options.optimize, interactive, filename);
    if let Some(scratch) = SCRATCH.take() {
        c.scratch = scratch;
    }
    let code = c.compile_mod(&m);
    let total = end.elapsed();
    times.assemble += c.assemble_time;
    times.codegen += total.saturating_sub(c.assemble_time);
    let code = code?;
    // Only the buffers of a compilation that finished are kept (one that failed may
    // have left some half used).
    SCRATCH.set(Some(std::mem::take(&mut c.scratch)));
    crate::symtable::recycle(&mut c.st);
    warnings.append(&mut c.warnings);
    Ok(Compiled {
        code: Arc::new(code),
        warnings,
    })
}
