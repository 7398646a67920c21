//! Port of Python/compile.c (the driver): source or AST in, the module's code object out.

use std::sync::Arc;

use oxpy_objects::code::CodeObject;
use oxpy_parser::ast;

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
    let module = oxpy_parser::parse_module_bytes(data)?;
    compile_ast(&module, filename, options)
}

/// Compiles a parsed tree (`_PyAST_Compile`).
pub fn compile_ast(
    module: &ast::Mod,
    filename: &str,
    options: &CompileOptions,
) -> Result<Compiled, CompileError> {
    let _ = (module, filename, options);
    Err(CompileError::Unsupported("codegen not written yet"))
}
