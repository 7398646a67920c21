//! Name operations of Python/codegen.c and compile.c: private name mangling
//! (`_Py_Mangle`, `_Py_MaybeMangle`), `_PyCompile_ResolveNameop` and `codegen_nameop`.

use std::borrow::Cow;

use oxpy_parser::ast::ExprContext;

use super::{CResult, Compiler, OpType, is_class};
use crate::fast_hash::Name;
use crate::generated::opcode::Opcode as Op;
use crate::instr_sequence::SourceLocation;
use crate::symtable::Scope;

pub(crate) use crate::symtable::mangle::mangle;

impl<'a> Compiler<'a> {
    /// `_PyCompile_Mangle`
    #[inline]
    pub(crate) fn mangle<'n>(&self, name: &'n str) -> Cow<'n, str> {
        mangle(self.ur().private.as_deref(), name)
    }

    /// `_PyCompile_MaybeMangle` (`_Py_MaybeMangle`): type-parameter scopes mangle only
    /// the names they list.
    #[inline(always)]
    pub(crate) fn maybe_mangle<'n>(&self, name: &'n str) -> Cow<'n, str> {
        // Outside a class nothing is mangled, nor a name not starting with `__`.
        if !name.starts_with("__") || self.ur().private.is_none() {
            return Cow::Borrowed(name);
        }
        self.maybe_mangle_private(name)
    }

    /// [`Compiler::maybe_mangle`] of a `__` name inside a class.
    #[inline(never)]
    fn maybe_mangle_private<'n>(&self, name: &'n str) -> Cow<'n, str> {
        if let Some(m) = &self.ste().mangled_names
            && !m.iter().any(|n| n == name)
        {
            return Cow::Borrowed(name);
        }
        self.mangle(name)
    }

    /// `_PyCompile_ResolveNameop`: the kind of operation and, unless fast, the oparg.
    /// `slot` is the name's index in the block's symbols, if it has one.
    fn resolve_nameop(
        &mut self,
        mangled: &str,
        scope: Scope,
        slot: Option<usize>,
    ) -> (OpType, i32) {
        let function_like = self.ste().is_function_like();
        let optype = match scope {
            Scope::Free => {
                let i = self.freevar_index(mangled);
                return (OpType::Deref, i);
            }
            Scope::Cell => {
                let i = self.cellvar_index(mangled);
                return (OpType::Deref, i);
            }
            Scope::Local => {
                if function_like || self.ur().md.fasthidden.get(mangled).copied() == Some(true) {
                    OpType::Fast
                } else {
                    OpType::Name
                }
            }
            Scope::GlobalImplicit => {
                if function_like {
                    OpType::Global
                } else {
                    OpType::Name
                }
            }
            Scope::GlobalExplicit => OpType::Global,
            Scope::Unknown => OpType::Name,
        };
        if optype == OpType::Fast {
            return (optype, 0);
        }
        (optype, self.slot_index(slot, NAMES, mangled))
    }

    /// The index of `name` in `md.names` ([`NAMES`]) or `md.varnames` ([`VARNAMES`]),
    /// added when new; memoized by the name's symbol index `slot`.
    fn slot_index(&mut self, slot: Option<usize>, table: usize, name: &str) -> i32 {
        let Some(slot) = slot else {
            return self.table_index(table, name);
        };
        if let Some(&v) = self.ur().name_slots.get(slot).and_then(|s| s.get(table))
            && v >= 0
        {
            return v;
        }
        // The first use of the symbol in the unit: for `u_names` it is most likely
        // new there (`u_varnames` starts with the parameters).
        let i = if table == NAMES {
            self.new_name_index(name)
        } else {
            self.varname_index(name)
        };
        let nsymbols = self.ste().symbols.len();
        let slots = &mut self.u().name_slots;
        if slots.len() <= slot {
            slots.resize(nsymbols.max(slot + 1), [-1, -1]);
        }
        if let Some(s) = slots.get_mut(slot).and_then(|s| s.get_mut(table)) {
            *s = i;
        }
        i
    }

    fn table_index(&mut self, table: usize, name: &str) -> i32 {
        if table == NAMES {
            self.name_index(name)
        } else {
            self.varname_index(name)
        }
    }

    /// `codegen_load_classdict_freevar`
    fn load_classdict_freevar(&mut self, loc: SourceLocation) {
        let i = self.freevar_index("__classdict__");
        self.addop_i(Op::LOAD_DEREF, i, loc);
    }

    /// `codegen_nameop`
    pub(crate) fn nameop(&mut self, loc: SourceLocation, name: &str, ctx: ExprContext) -> CResult {
        let mangled = self.maybe_mangle(name);
        let u = self.ur();
        let ste = &self.st.entries[u.ste];
        let (slot, scope) = match ste.symbols.get_full(&Name(&mangled)) {
            Some((i, _, &flags)) => (Some(i), Scope::of_flags(flags)),
            None => (None, Scope::Unknown),
        };
        // The commonest case first: a function's local or global the unit has met
        // before (its index memoized).
        if let Some(slot) = slot
            && ste.is_function_like()
            && !ste.can_see_class_scope
            && let Some(&[in_names, in_varnames]) = u.name_slots.get(slot)
        {
            let op = match (scope, ctx) {
                (Scope::Local, _) if in_varnames >= 0 => Some((
                    match ctx {
                        ExprContext::Load => Op::LOAD_FAST,
                        ExprContext::Store => Op::STORE_FAST,
                        ExprContext::Del => Op::DELETE_FAST,
                    },
                    in_varnames,
                )),
                (Scope::GlobalImplicit | Scope::GlobalExplicit, _) if in_names >= 0 => {
                    Some(match ctx {
                        ExprContext::Load => (Op::LOAD_GLOBAL, in_names << 1),
                        ExprContext::Store => (Op::STORE_GLOBAL, in_names),
                        ExprContext::Del => (Op::DELETE_GLOBAL, in_names),
                    })
                }
                _ => None,
            };
            if let Some((op, arg)) = op {
                self.addop_i(op, arg, loc);
                return Ok(());
            }
        }
        let (optype, arg) = self.resolve_nameop(&mangled, scope, slot);
        let in_class = is_class(self.ste());
        let op = match optype {
            OpType::Deref => match ctx {
                ExprContext::Load => {
                    if in_class && !self.in_inlined_comp() {
                        self.addop(Op::LOAD_LOCALS, loc);
                        Op::LOAD_FROM_DICT_OR_DEREF
                    } else if self.ste().can_see_class_scope {
                        self.load_classdict_freevar(loc);
                        Op::LOAD_FROM_DICT_OR_DEREF
                    } else {
                        Op::LOAD_DEREF
                    }
                }
                ExprContext::Store => Op::STORE_DEREF,
                ExprContext::Del => Op::DELETE_DEREF,
            },
            OpType::Fast => {
                let op = match ctx {
                    ExprContext::Load => Op::LOAD_FAST,
                    ExprContext::Store => Op::STORE_FAST,
                    ExprContext::Del => Op::DELETE_FAST,
                };
                let i = self.slot_index(slot, VARNAMES, &mangled);
                self.addop_i(op, i, loc);
                return Ok(());
            }
            OpType::Global => match ctx {
                ExprContext::Load => {
                    if self.ste().can_see_class_scope && scope == Scope::GlobalImplicit {
                        self.load_classdict_freevar(loc);
                        Op::LOAD_FROM_DICT_OR_GLOBALS
                    } else {
                        Op::LOAD_GLOBAL
                    }
                }
                ExprContext::Store => Op::STORE_GLOBAL,
                ExprContext::Del => Op::DELETE_GLOBAL,
            },
            OpType::Name => match ctx {
                ExprContext::Load => {
                    if in_class && self.in_inlined_comp() {
                        Op::LOAD_GLOBAL
                    } else {
                        Op::LOAD_NAME
                    }
                }
                ExprContext::Store => Op::STORE_NAME,
                ExprContext::Del => Op::DELETE_NAME,
            },
        };
        let arg = if op == Op::LOAD_GLOBAL { arg << 1 } else { arg };
        self.addop_i(op, arg, loc);
        Ok(())
    }

    /// `ADDOP_NAME` with the attribute-load encodings (`LOAD_METHOD`,
    /// `LOAD_SUPER_*`).
    pub(crate) fn addop_name(&mut self, loc: SourceLocation, kind: NameOp, name: &str) {
        let mangled = self.maybe_mangle(name);
        let arg = self.new_name_index(&mangled);
        let (op, arg) = match kind {
            NameOp::Plain(op) => {
                if op == Op::LOAD_ATTR {
                    (op, arg << 1)
                } else {
                    (op, arg)
                }
            }
            NameOp::LoadMethod => (Op::LOAD_ATTR, (arg << 1) | 1),
            NameOp::LoadSuperAttr => (Op::LOAD_SUPER_ATTR, (arg << 2) | 2),
            NameOp::LoadSuperMethod => (Op::LOAD_SUPER_ATTR, (arg << 2) | 3),
            NameOp::LoadZeroSuperAttr => (Op::LOAD_SUPER_ATTR, arg << 2),
            NameOp::LoadZeroSuperMethod => (Op::LOAD_SUPER_ATTR, (arg << 2) | 1),
        };
        self.addop_i(op, arg, loc);
    }
}

/// [`Unit::name_slots`](super::Unit::name_slots) column of `md.names`.
const NAMES: usize = 0;
/// [`Unit::name_slots`](super::Unit::name_slots) column of `md.varnames`.
const VARNAMES: usize = 1;

/// The opcode argument of [`Compiler::addop_name`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameOp {
    Plain(Op),
    LoadMethod,
    LoadSuperAttr,
    LoadSuperMethod,
    LoadZeroSuperAttr,
    LoadZeroSuperMethod,
}
