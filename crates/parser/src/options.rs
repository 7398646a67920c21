//! What `ast.parse(source, filename, mode, type_comments=…, feature_version=…, optimize=…)` asks the parser for.

use std::fmt;
use std::str::FromStr;

/// The start rule: `compile()`'s `mode` (Grammar/python.gram's `file`, `interactive`,
/// `eval` and `func_type` rules).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// `"exec"`: a module (`Module`).
    #[default]
    Exec,
    /// `"eval"`: one expression (`Expression`).
    Eval,
    /// `"single"`: one interactive statement (`Interactive`).
    Single,
    /// `"func_type"`: a function type comment, `(argtypes) -> returns` (`FunctionType`).
    FuncType,
}

impl Mode {
    /// The mode's name as `compile()` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Exec => "exec",
            Mode::Eval => "eval",
            Mode::Single => "single",
            Mode::FuncType => "func_type",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A mode name `compile()` does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownMode(pub String);

impl fmt::Display for UnknownMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("compile() mode must be 'exec', 'eval', 'single' or 'func_type'")
    }
}

impl std::error::Error for UnknownMode {}

impl FromStr for Mode {
    type Err = UnknownMode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "exec" => Ok(Mode::Exec),
            "eval" => Ok(Mode::Eval),
            "single" => Ok(Mode::Single),
            "func_type" => Ok(Mode::FuncType),
            other => Err(UnknownMode(other.to_string())),
        }
    }
}

/// The options of one parse (`ast.parse`'s keyword arguments).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    /// The start rule.
    pub mode: Mode,
    /// `type_comments=True` (`PyCF_TYPE_COMMENTS`): `# type:` comments become the
    /// `type_comment` fields and `Module.type_ignores`, and misplaced ones are errors.
    pub type_comments: bool,
    /// `feature_version=(3, minor)`: the minor version whose grammar is accepted (`None`:
    /// the current one). As in CPython, the 3.14 grammar is parsed and each construct
    /// newer than `minor` is a SyntaxError ("Pattern matching is only supported in Python
    /// 3.10 and greater", CPython's `CHECK_VERSION`).
    pub feature_version: Option<i32>,
    /// `optimize` (`-1`: none asked). The parser never optimises the tree itself: the
    /// compile layer's preprocessing does, for `ast.parse(optimize=N)` (`oxpy -m ast -O`).
    pub optimize: i32,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            mode: Mode::Exec,
            type_comments: false,
            feature_version: None,
            optimize: -1,
        }
    }
}

impl ParseOptions {
    /// The options of `ast.parse(source, mode=mode)`.
    pub fn mode(mode: Mode) -> Self {
        ParseOptions {
            mode,
            ..ParseOptions::default()
        }
    }
}
