//! Classes of Python/codegen.c: the class body (`__module__`, `__qualname__`,
//! `__firstlineno__`, `__static_attributes__`, `__classdict__`, `__classcell__`), the
//! `__build_class__` call, and generic classes (PEP 695).

use num_bigint::BigInt;
use oxpy_objects::constant::ConstValue;
use oxpy_parser::ast::{self, ExprContext, StmtKind};

use super::{CResult, Compiler, NO_LOC, ScopeType, intrinsic, loc};
use crate::generated::opcode::Opcode as Op;
use crate::instr_sequence::SourceLocation;
use crate::symtable::BlockKey;

impl<'a> Compiler<'a> {
    /// `codegen_class_body`
    fn class_body(&mut self, s: &'a ast::Stmt, firstlineno: i32) -> CResult {
        let StmtKind::ClassDef(node) = &s.kind else {
            return Ok(());
        };
        let ast::StmtClassDef {
            name,
            body,
            type_params,
            ..
        } = &**node;
        self.codegen_enter_scope(
            name,
            ScopeType::Class,
            BlockKey::node(s),
            firstlineno,
            Some(name),
            None,
        )?;
        let r = (|| -> CResult {
            let l = SourceLocation::new(firstlineno, firstlineno, 0, 0);
            self.nameop(l, "__name__", ExprContext::Load)?;
            self.nameop(l, "__module__", ExprContext::Store)?;
            let qualname = self.ur().md.qualname.clone();
            self.load_const(ConstValue::Str(qualname), l);
            self.nameop(l, "__qualname__", ExprContext::Store)?;
            let fl = self.ur().md.firstlineno;
            self.load_const(ConstValue::Int(BigInt::from(fl)), l);
            self.nameop(l, "__firstlineno__", ExprContext::Store)?;
            if !type_params.is_empty() {
                self.nameop(l, ".type_params", ExprContext::Load)?;
                self.nameop(l, "__type_params__", ExprContext::Store)?;
            }
            if self.ste().needs_classdict {
                self.addop(Op::LOAD_LOCALS, l);
                let i = self.cellvar_index("__classdict__");
                self.addop_i(Op::STORE_DEREF, i, l);
            }
            if self.ste().has_conditional_annotations {
                self.addop_i(Op::BUILD_SET, 0, l);
                let i = self.cellvar_index("__conditional_annotations__");
                self.addop_i(Op::STORE_DEREF, i, l);
            }
            self.codegen_body(l, body, false)?;
            let attrs: Vec<ConstValue> = self
                .ur()
                .static_attributes
                .iter()
                .flatten()
                .map(|a| ConstValue::Str(a.clone()))
                .collect();
            self.load_const(ConstValue::Tuple(attrs), NO_LOC);
            self.nameop(NO_LOC, "__static_attributes__", ExprContext::Store)?;
            if self.ste().needs_classdict {
                let i = self.cellvar_index("__classdict__");
                self.addop_i(Op::LOAD_CLOSURE, i, NO_LOC);
                self.nameop(NO_LOC, "__classdictcell__", ExprContext::Store)?;
            }
            if self.ste().needs_class_closure {
                let i = self.cellvar_index("__class__");
                self.addop_i(Op::LOAD_CLOSURE, i, NO_LOC);
                self.addop_i(Op::COPY, 1, NO_LOC);
                self.nameop(NO_LOC, "__classcell__", ExprContext::Store)?;
            } else {
                self.load_none(NO_LOC);
            }
            self.addop(Op::RETURN_VALUE, NO_LOC);
            Ok(())
        })();
        if let Err(e) = r {
            self.exit_scope();
            return Err(e);
        }
        let co = self.optimize_and_assemble(true);
        self.exit_scope();
        let co = co?;
        let l = loc(&s.loc);
        self.addop(Op::LOAD_BUILD_CLASS, l);
        self.addop(Op::PUSH_NULL, l);
        self.make_closure(l, co, 0)?;
        self.load_str(name, l);
        Ok(())
    }

    /// `codegen_class`
    pub(crate) fn codegen_class(&mut self, s: &'a ast::Stmt) -> CResult {
        let StmtKind::ClassDef(node) = &s.kind else {
            return Ok(());
        };
        let ast::StmtClassDef {
            name,
            bases,
            keywords,
            decorator_list: decos,
            type_params,
            ..
        } = &**node;
        self.decorators(decos)?;
        let firstlineno = decos.first().map_or(s.loc.lineno, |d| d.loc.lineno);
        let l = loc(&s.loc);
        let is_generic = !type_params.is_empty();
        if is_generic {
            let tp_name = format!("<generic parameters of {name}>");
            self.codegen_enter_scope(
                &tp_name,
                ScopeType::Annotations,
                BlockKey::type_params(type_params),
                firstlineno,
                Some(name),
                None,
            )?;
            let r = (|| -> CResult {
                self.type_params(type_params)?;
                self.nameop(l, ".type_params", ExprContext::Store)
            })();
            if let Err(e) = r {
                self.exit_scope();
                return Err(e);
            }
        }
        if let Err(e) = self.class_body(s, firstlineno) {
            if is_generic {
                self.exit_scope();
            }
            return Err(e);
        }
        if is_generic {
            let r = (|| -> CResult {
                self.nameop(l, ".type_params", ExprContext::Load)?;
                self.addop_i(Op::CALL_INTRINSIC_1, intrinsic::SUBSCRIPT_GENERIC, l);
                self.nameop(l, ".generic_base", ExprContext::Store)?;
                self.call_helper(l, 2, bases, Some(".generic_base"), keywords)
            })();
            if let Err(e) = r {
                self.exit_scope();
                return Err(e);
            }
            let co = self.optimize_and_assemble(false);
            self.exit_scope();
            self.make_closure(l, co?, 0)?;
            self.addop(Op::PUSH_NULL, l);
            self.addop_i(Op::CALL, 0, l);
        } else {
            self.call_helper(l, 2, bases, None, keywords)?;
        }
        self.apply_decorators(decos);
        self.nameop(l, name, ExprContext::Store)
    }
}
