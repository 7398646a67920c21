//! Port of Objects/codeobject.c (the data half): the fields of a code object as
//! `marshal` stores them and `co_*` exposes them.
//!
//! A [`CodeObject`] is plain data: the compiler builds it, marshal writes and reads it,
//! `dis` and the VM read it. Derived views (`co_varnames`, `co_cellvars`,
//! `co_freevars`, `co_nlocals`) are computed from the localsplus names and kinds exactly
//! as CPython computes them.

use crate::constant::ConstValue;

/// `CO_FAST_*` bits of `co_localspluskinds` (Include/internal/pycore_code.h).
pub mod fast_kind {
    /// `CO_FAST_HIDDEN`: a local of an inlined comprehension, hidden from `locals()`.
    pub const HIDDEN: u8 = 0x10;
    /// `CO_FAST_ARG_POS`: a positional parameter.
    pub const ARG_POS: u8 = 0x02;
    /// `CO_FAST_ARG_KW`: a keyword parameter.
    pub const ARG_KW: u8 = 0x04;
    /// `CO_FAST_ARG_VAR`: `*args` or `**kwargs`.
    pub const ARG_VAR: u8 = 0x08;
    /// `CO_FAST_LOCAL`: a fast local.
    pub const LOCAL: u8 = 0x20;
    /// `CO_FAST_CELL`: a cell variable.
    pub const CELL: u8 = 0x40;
    /// `CO_FAST_FREE`: a free variable.
    pub const FREE: u8 = 0x80;
}

/// `CO_*` bits of `co_flags` (Include/cpython/code.h).
pub mod co_flags {
    /// `CO_OPTIMIZED`
    pub const OPTIMIZED: u32 = 0x0001;
    /// `CO_NEWLOCALS`
    pub const NEWLOCALS: u32 = 0x0002;
    /// `CO_VARARGS`
    pub const VARARGS: u32 = 0x0004;
    /// `CO_VARKEYWORDS`
    pub const VARKEYWORDS: u32 = 0x0008;
    /// `CO_NESTED`
    pub const NESTED: u32 = 0x0010;
    /// `CO_GENERATOR`
    pub const GENERATOR: u32 = 0x0020;
    /// `CO_COROUTINE`
    pub const COROUTINE: u32 = 0x0080;
    /// `CO_ITERABLE_COROUTINE`
    pub const ITERABLE_COROUTINE: u32 = 0x0100;
    /// `CO_ASYNC_GENERATOR`
    pub const ASYNC_GENERATOR: u32 = 0x0200;
    /// `CO_HAS_DOCSTRING` (new in 3.14)
    pub const HAS_DOCSTRING: u32 = 0x0400_0000;
    /// `CO_METHOD` (new in 3.14)
    pub const METHOD: u32 = 0x0800_0000;
}

/// One code object: every field `marshal` writes, in marshal's order.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeObject {
    /// `co_argcount`
    pub argcount: u32,
    /// `co_posonlyargcount`
    pub posonlyargcount: u32,
    /// `co_kwonlyargcount`
    pub kwonlyargcount: u32,
    /// `co_stacksize`
    pub stacksize: u32,
    /// `co_flags`
    pub flags: u32,
    /// `co_code`: code units, inline caches zeroed (un-specialised).
    pub code: Vec<u8>,
    /// `co_consts`
    pub consts: Vec<ConstValue>,
    /// `co_names`
    pub names: Vec<String>,
    /// `co_localsplusnames`: locals, then cells, then frees.
    pub localsplusnames: Vec<String>,
    /// `co_localspluskinds`: one [`fast_kind`] byte per localsplus name.
    pub localspluskinds: Vec<u8>,
    /// `co_filename`
    pub filename: String,
    /// `co_name`
    pub name: String,
    /// `co_qualname`
    pub qualname: String,
    /// `co_firstlineno`
    pub firstlineno: i32,
    /// `co_linetable` (PEP 626/657 location table).
    pub linetable: Vec<u8>,
    /// `co_exceptiontable`
    pub exceptiontable: Vec<u8>,
}

impl CodeObject {
    fn names_with(&self, pred: impl Fn(u8) -> bool) -> Vec<&str> {
        self.localsplusnames
            .iter()
            .zip(&self.localspluskinds)
            .filter(|(_, k)| pred(**k))
            .map(|(n, _)| n.as_str())
            .collect()
    }

    /// `co_varnames`: the localsplus names that are locals (arguments included).
    pub fn varnames(&self) -> Vec<&str> {
        self.names_with(|k| k & fast_kind::LOCAL != 0)
    }

    /// `co_cellvars`: the cell variables (a cell that is also an argument counts).
    pub fn cellvars(&self) -> Vec<&str> {
        self.names_with(|k| k & fast_kind::CELL != 0)
    }

    /// `co_freevars`: the free variables.
    pub fn freevars(&self) -> Vec<&str> {
        self.names_with(|k| k & fast_kind::FREE != 0)
    }

    /// `co_nlocals`: the number of locals.
    pub fn nlocals(&self) -> usize {
        self.localspluskinds
            .iter()
            .filter(|k| *k & fast_kind::LOCAL != 0)
            .count()
    }

    /// The code units as `(opcode, oparg byte)` pairs.
    pub fn code_units(&self) -> impl Iterator<Item = (u8, u8)> + '_ {
        self.code.chunks_exact(2).map(|c| (c[0], c[1]))
    }
}
