//! Port of Python/compile.c (the driver): source or AST in, the module's code object out.

use std::sync::Arc;

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

/// `compile(data, filename, mode, dont_inherit=True, optimize=…)` on source bytes.
pub fn compile_source(
    data: &[u8],
    filename: &str,
    options: &CompileOptions,
) -> Result<Compiled, CompileError> {
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
    let module = oxpy_parser::parse_bytes(data, &opts)?;
    compile_ast(&module, filename, options)
}

/// Compiles a parsed tree (`_PyAST_Compile`): future features, the AST preprocessing,
/// the symbol table, then codegen and the assembler for every code unit.
pub fn compile_ast(
    module: &ast::Mod,
    filename: &str,
    options: &CompileOptions,
) -> Result<Compiled, CompileError> {
    let mut m = module.clone();
    let future = crate::future::future_features(&m)?;
    let mut warnings = Vec::new();
    crate::codegen::preprocess::preprocess(
        &mut m,
        options.optimize,
        future.features & crate::future::CO_FUTURE_ANNOTATIONS != 0,
        &mut warnings,
    );
    let st = crate::symtable::build(&m, filename, &future)?;
    warnings.extend(st.warnings.iter().cloned());
    let interactive = matches!(m, ast::Mod::Interactive { .. });
    let mut c = Compiler::new(st, future, options.optimize, interactive, filename);
    let code = c.compile_mod(&m)?;
    warnings.append(&mut c.warnings);
    Ok(Compiled {
        code: Arc::new(code),
        warnings,
    })
}
