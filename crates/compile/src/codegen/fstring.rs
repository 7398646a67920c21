//! f-strings and t-strings of Python/codegen.c: `JoinedStr`, `FormattedValue`,
//! `TemplateStr` and `Interpolation`.

use oxpy_parser::ast::{self, ExprKind};

use super::names::NameOp;
use super::stmt::binop_arg;
use super::{CResult, Compiler, STACK_USE_GUIDELINE, loc};
use crate::error::CompileError;
use crate::generated::opcode::Opcode as Op;

/// `FVC_*`: the conversion code of `!s`, `!r`, `!a`.
fn conversion_code(conversion: i64) -> Option<i32> {
    match u8::try_from(conversion).ok()? {
        b's' => Some(1),
        b'r' => Some(2),
        b'a' => Some(3),
        _ => None,
    }
}

impl<'a> Compiler<'a> {
    /// `codegen_joined_str`
    pub(crate) fn codegen_joined_str(
        &mut self,
        e: &'a ast::Expr,
        values: &'a [ast::Expr],
    ) -> CResult {
        let l = loc(&e.loc);
        let n = values.len();
        if n > STACK_USE_GUIDELINE {
            self.load_str("", l);
            self.addop_name(l, NameOp::LoadMethod, "join");
            self.addop_i(Op::BUILD_LIST, 0, l);
            for v in values {
                self.visit_expr(v)?;
                self.addop_i(Op::LIST_APPEND, 1, l);
            }
            self.addop_i(Op::CALL, 1, l);
        } else {
            for v in values {
                self.visit_expr(v)?;
            }
            if n > 1 {
                self.addop_i(Op::BUILD_STRING, n as i32, l);
            } else if n == 0 {
                self.load_str("", l);
            }
        }
        Ok(())
    }

    /// `codegen_template_str`
    pub(crate) fn codegen_template_str(
        &mut self,
        e: &'a ast::Expr,
        values: &'a [ast::Expr],
    ) -> CResult {
        let l = loc(&e.loc);
        let count = values.len();
        let mut last_was_interpolation = true;
        let mut stringslen = 0;
        let mut i = 0;
        while i < count {
            let v = &values[i];
            if matches!(v.kind, ExprKind::Interpolation(_)) {
                if last_was_interpolation {
                    self.load_str("", l);
                    stringslen += 1;
                }
                last_was_interpolation = true;
                i += 1;
            } else {
                self.visit_expr(v)?;
                let mut j = i + 1;
                while j < count {
                    let w = &values[j];
                    if matches!(w.kind, ExprKind::Interpolation(_)) {
                        break;
                    }
                    self.visit_expr(w)?;
                    self.addop_i(Op::BINARY_OP, binop_arg(ast::Operator::Add, true), l);
                    j += 1;
                }
                i = j;
                stringslen += 1;
                last_was_interpolation = false;
            }
        }
        if last_was_interpolation {
            self.load_str("", l);
            stringslen += 1;
        }
        self.addop_i(Op::BUILD_TUPLE, stringslen, l);
        let mut ninterp = 0;
        for v in values {
            if matches!(v.kind, ExprKind::Interpolation(_)) {
                self.visit_expr(v)?;
                ninterp += 1;
            }
        }
        self.addop_i(Op::BUILD_TUPLE, ninterp, l);
        self.addop(Op::BUILD_TEMPLATE, l);
        Ok(())
    }

    /// `codegen_interpolation`
    pub(crate) fn codegen_interpolation(&mut self, e: &'a ast::Expr) -> CResult {
        let ExprKind::Interpolation(node) = &e.kind else {
            return Ok(());
        };
        let ast::ExprInterpolation {
            value,
            str,
            conversion,
            format_spec,
        } = &**node;
        let l = loc(&e.loc);
        self.visit_expr(value)?;
        self.load_constant(str, l);
        let mut oparg = 2;
        if let Some(spec) = format_spec {
            oparg += 1;
            self.visit_expr(spec)?;
        }
        if *conversion != -1 {
            match conversion_code(*conversion) {
                Some(c) => oparg |= c << 2,
                None => {
                    return Err(CompileError::Unsupported("unknown conversion character"));
                }
            }
        }
        self.addop_i(Op::BUILD_INTERPOLATION, oparg, l);
        Ok(())
    }

    /// `codegen_formatted_value`
    pub(crate) fn codegen_formatted_value(&mut self, e: &'a ast::Expr) -> CResult {
        let ExprKind::FormattedValue {
            value,
            conversion,
            format_spec,
        } = &e.kind
        else {
            return Ok(());
        };
        self.visit_expr(value)?;
        let l = loc(&e.loc);
        if *conversion != -1 {
            match conversion_code(*conversion) {
                Some(c) => self.addop_i(Op::CONVERT_VALUE, c, l),
                None => {
                    return Err(CompileError::Unsupported("unknown conversion character"));
                }
            }
        }
        match format_spec {
            Some(spec) => {
                self.visit_expr(spec)?;
                self.addop(Op::FORMAT_WITH_SPEC, l);
            }
            None => self.addop(Op::FORMAT_SIMPLE, l),
        }
        Ok(())
    }
}
