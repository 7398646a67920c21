//! Structural pattern matching of Python/codegen.c (PEP 634): `match` statements and
//! every pattern kind, with the fail-pop blocks and name-capture bookkeeping.

use num_bigint::BigInt;
use oxpy_objects::constant::{ConstKey, ConstValue};
use oxpy_parser::ast::{self, Cmpop, ExprContext, ExprKind, PatternKind, StmtKind};

use super::{CResult, Compiler, NB_SUBSCR, NEXT_LOC, NO_LOC, const_of, loc};
use crate::generated::opcode::Opcode as Op;
use crate::instr_sequence::{Label, SourceLocation};

/// `pattern_context`
struct PatternContext {
    stores: Vec<String>,
    allow_irrefutable: bool,
    fail_pop: Vec<Label>,
    on_top: usize,
}

fn is_wildcard(p: &ast::Pattern) -> bool {
    matches!(
        &p.kind,
        PatternKind::MatchAs {
            pattern: None,
            name: None
        }
    )
}

fn is_wildcard_star(p: &ast::Pattern) -> bool {
    matches!(&p.kind, PatternKind::MatchStar { name: None })
}

impl<'a> Compiler<'a> {
    /// `ensure_fail_pop`
    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        let size = n + 1;
        while pc.fail_pop.len() < size {
            let l = self.new_label();
            pc.fail_pop.push(l);
        }
    }

    /// `jump_to_fail_pop`
    fn jump_to_fail_pop(&mut self, l: SourceLocation, pc: &mut PatternContext, op: Op) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.addop_j(op, pc.fail_pop[pops], l);
    }

    /// `emit_and_reset_fail_pop`
    fn emit_and_reset_fail_pop(&mut self, l: SourceLocation, pc: &mut PatternContext) {
        if pc.fail_pop.is_empty() {
            return;
        }
        let labels = std::mem::take(&mut pc.fail_pop);
        for lbl in labels[1..].iter().rev() {
            self.use_label(*lbl);
            self.addop(Op::POP_TOP, l);
        }
        self.use_label(labels[0]);
    }

    /// `codegen_pattern_helper_rotate`
    fn pattern_rotate(&mut self, l: SourceLocation, mut count: usize) {
        while count > 1 {
            self.addop_i(Op::SWAP, count as i32, l);
            count -= 1;
        }
    }

    /// `codegen_pattern_helper_store_name`
    fn pattern_store_name(
        &mut self,
        l: SourceLocation,
        n: Option<&str>,
        pc: &mut PatternContext,
    ) -> CResult {
        let Some(n) = n else {
            self.addop(Op::POP_TOP, l);
            return Ok(());
        };
        if pc.stores.iter().any(|s| s == n) {
            return self.error(l, format!("multiple assignments to name '{n}' in pattern"));
        }
        let rotations = pc.on_top + pc.stores.len() + 1;
        self.pattern_rotate(l, rotations);
        pc.stores.push(n.to_string());
        Ok(())
    }

    /// `codegen_pattern_unpack_helper`
    fn pattern_unpack_helper(&mut self, l: SourceLocation, elts: &[ast::Pattern]) -> CResult {
        let n = elts.len();
        let mut seen_star = false;
        for (i, e) in elts.iter().enumerate() {
            if matches!(e.kind, PatternKind::MatchStar { .. }) {
                if seen_star {
                    return self.error(l, "multiple starred expressions in sequence pattern");
                }
                if i >= (1 << 8) || (n - i - 1) >= (i32::MAX as usize >> 8) {
                    return self
                        .error(l, "too many expressions in star-unpacking sequence pattern");
                }
                self.addop_i(Op::UNPACK_EX, (i + ((n - i - 1) << 8)) as i32, l);
                seen_star = true;
            }
        }
        if !seen_star {
            self.addop_i(Op::UNPACK_SEQUENCE, n as i32, l);
        }
        Ok(())
    }

    /// `pattern_helper_sequence_unpack`
    fn pattern_sequence_unpack(
        &mut self,
        l: SourceLocation,
        patterns: &'a [ast::Pattern],
        pc: &mut PatternContext,
    ) -> CResult {
        self.pattern_unpack_helper(l, patterns)?;
        let size = patterns.len();
        pc.on_top += size;
        for p in patterns {
            pc.on_top -= 1;
            self.pattern_subpattern(p, pc)?;
        }
        Ok(())
    }

    /// `pattern_helper_sequence_subscr`
    fn pattern_sequence_subscr(
        &mut self,
        l: SourceLocation,
        patterns: &'a [ast::Pattern],
        star: usize,
        pc: &mut PatternContext,
    ) -> CResult {
        pc.on_top += 1;
        let size = patterns.len();
        for (i, p) in patterns.iter().enumerate() {
            if is_wildcard(p) || i == star {
                continue;
            }
            self.addop_i(Op::COPY, 1, l);
            if i < star {
                self.load_const(ConstValue::Int(BigInt::from(i)), l);
            } else {
                self.addop(Op::GET_LEN, l);
                self.load_const(ConstValue::Int(BigInt::from(size - i)), l);
                self.addop_i(
                    Op::BINARY_OP,
                    super::stmt::binop_arg(ast::Operator::Sub, false),
                    l,
                );
            }
            self.addop_i(Op::BINARY_OP, NB_SUBSCR, l);
            self.pattern_subpattern(p, pc)?;
        }
        pc.on_top -= 1;
        self.addop(Op::POP_TOP, l);
        Ok(())
    }

    /// `codegen_pattern_subpattern`
    fn pattern_subpattern(&mut self, p: &'a ast::Pattern, pc: &mut PatternContext) -> CResult {
        let allow = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.pattern(p, pc)?;
        pc.allow_irrefutable = allow;
        Ok(())
    }

    /// `codegen_pattern`
    fn pattern(&mut self, p: &'a ast::Pattern, pc: &mut PatternContext) -> CResult {
        let l = loc(&p.loc);
        match &p.kind {
            PatternKind::MatchValue { value } => {
                if !matches!(
                    value.kind,
                    ExprKind::Constant { .. } | ExprKind::Attribute { .. }
                ) {
                    return self.error(l, "patterns may only match literals and attribute lookups");
                }
                self.visit_expr(value)?;
                self.addcompare(l, Cmpop::Eq);
                self.addop(Op::TO_BOOL, l);
                self.jump_to_fail_pop(l, pc, Op::POP_JUMP_IF_FALSE);
                Ok(())
            }
            PatternKind::MatchSingleton { value } => {
                self.load_constant(value, l);
                self.addcompare(l, Cmpop::Is);
                self.jump_to_fail_pop(l, pc, Op::POP_JUMP_IF_FALSE);
                Ok(())
            }
            PatternKind::MatchSequence { patterns } => self.pattern_sequence(p, patterns, pc),
            PatternKind::MatchMapping(m) => {
                self.pattern_mapping(p, &m.keys, &m.patterns, m.rest.as_deref(), pc)
            }
            PatternKind::MatchClass(c) => {
                self.pattern_class(p, &c.cls, &c.patterns, &c.kwd_attrs, &c.kwd_patterns, pc)
            }
            PatternKind::MatchStar { name } => self.pattern_store_name(l, name.as_deref(), pc),
            PatternKind::MatchAs { pattern, name } => match pattern {
                None => {
                    if !pc.allow_irrefutable {
                        if let Some(n) = name {
                            return self.error(
                                l,
                                format!("name capture '{n}' makes remaining patterns unreachable"),
                            );
                        }
                        return self.error(l, "wildcard makes remaining patterns unreachable");
                    }
                    self.pattern_store_name(l, name.as_deref(), pc)
                }
                Some(inner) => {
                    pc.on_top += 1;
                    self.addop_i(Op::COPY, 1, l);
                    self.pattern(inner, pc)?;
                    pc.on_top -= 1;
                    self.pattern_store_name(l, name.as_deref(), pc)
                }
            },
            PatternKind::MatchOr { patterns } => self.pattern_or(p, patterns, pc),
        }
    }

    /// `codegen_pattern_class`
    fn pattern_class(
        &mut self,
        p: &'a ast::Pattern,
        cls: &'a ast::Expr,
        patterns: &'a [ast::Pattern],
        kwd_attrs: &'a [String],
        kwd_patterns: &'a [ast::Pattern],
        pc: &mut PatternContext,
    ) -> CResult {
        let l = loc(&p.loc);
        let nargs = patterns.len();
        let nattrs = kwd_attrs.len();
        if nattrs != kwd_patterns.len() {
            return self.error(
                l,
                format!(
                    "kwd_attrs ({nattrs}) / kwd_patterns ({}) length mismatch in class pattern",
                    kwd_patterns.len()
                ),
            );
        }
        for (i, attr) in kwd_attrs.iter().enumerate() {
            for (j, other) in kwd_attrs.iter().enumerate().skip(i + 1) {
                if attr == other {
                    return self.error(
                        loc(&kwd_patterns[j].loc),
                        format!("attribute name repeated in class pattern: {attr}"),
                    );
                }
            }
        }
        self.visit_expr(cls)?;
        let names = kwd_attrs
            .iter()
            .map(|a| ConstValue::Str(a.clone()))
            .collect();
        self.load_const(ConstValue::Tuple(names), l);
        self.addop_i(Op::MATCH_CLASS, nargs as i32, l);
        self.addop_i(Op::COPY, 1, l);
        self.load_none(l);
        self.addop_i(Op::IS_OP, 1, l);
        pc.on_top += 1;
        self.jump_to_fail_pop(l, pc, Op::POP_JUMP_IF_FALSE);
        self.addop_i(Op::UNPACK_SEQUENCE, (nargs + nattrs) as i32, l);
        pc.on_top += nargs + nattrs;
        pc.on_top -= 1;
        for pattern in patterns.iter().chain(kwd_patterns) {
            pc.on_top -= 1;
            if is_wildcard(pattern) {
                self.addop(Op::POP_TOP, l);
                continue;
            }
            self.pattern_subpattern(pattern, pc)?;
        }
        Ok(())
    }

    /// `codegen_pattern_mapping`
    fn pattern_mapping(
        &mut self,
        p: &'a ast::Pattern,
        keys: &'a [ast::Expr],
        patterns: &'a [ast::Pattern],
        star_target: Option<&'a str>,
        pc: &mut PatternContext,
    ) -> CResult {
        let l = loc(&p.loc);
        let size = keys.len();
        if size != patterns.len() {
            return self.error(
                l,
                format!(
                    "keys ({size}) / patterns ({}) length mismatch in mapping pattern",
                    patterns.len()
                ),
            );
        }
        pc.on_top += 1;
        self.addop(Op::MATCH_MAPPING, l);
        self.jump_to_fail_pop(l, pc, Op::POP_JUMP_IF_FALSE);
        if size == 0 && star_target.is_none() {
            pc.on_top -= 1;
            self.addop(Op::POP_TOP, l);
            return Ok(());
        }
        if size > 0 {
            self.addop(Op::GET_LEN, l);
            self.load_const(ConstValue::Int(BigInt::from(size)), l);
            self.addcompare(l, Cmpop::GtE);
            self.jump_to_fail_pop(l, pc, Op::POP_JUMP_IF_FALSE);
        }
        let mut seen: Vec<ConstKey> = Vec::new();
        for key in keys {
            match &key.kind {
                ExprKind::Constant { value, .. } => {
                    let k = const_of(value);
                    let ck = match &k {
                        // True == 1 == 1.0 in a set: compare numerically where CPython does.
                        ConstValue::Bool(b) => ConstKey::Int(BigInt::from(u8::from(*b))),
                        ConstValue::Float(f) if f.fract() == 0.0 && f.is_finite() => {
                            ConstKey::Int(BigInt::from(*f as i64))
                        }
                        other => other.key(),
                    };
                    if seen.contains(&ck) {
                        return self.error(
                            l,
                            format!("mapping pattern checks duplicate key ({})", k.repr()),
                        );
                    }
                    seen.push(ck);
                }
                ExprKind::Attribute { .. } => {}
                _ => {
                    return self.error(
                        l,
                        "mapping pattern keys may only match literals and attribute lookups",
                    );
                }
            }
            self.visit_expr(key)?;
        }
        self.addop_i(Op::BUILD_TUPLE, size as i32, l);
        self.addop(Op::MATCH_KEYS, l);
        pc.on_top += 2;
        self.addop_i(Op::COPY, 1, l);
        self.load_none(l);
        self.addop_i(Op::IS_OP, 1, l);
        self.jump_to_fail_pop(l, pc, Op::POP_JUMP_IF_FALSE);
        self.addop_i(Op::UNPACK_SEQUENCE, size as i32, l);
        pc.on_top += size;
        pc.on_top -= 1;
        for pattern in patterns {
            pc.on_top -= 1;
            self.pattern_subpattern(pattern, pc)?;
        }
        pc.on_top -= 2;
        if let Some(star) = star_target {
            self.addop_i(Op::BUILD_MAP, 0, l);
            self.addop_i(Op::SWAP, 3, l);
            self.addop_i(Op::DICT_UPDATE, 2, l);
            self.addop_i(Op::UNPACK_SEQUENCE, size as i32, l);
            let mut size = size;
            while size > 0 {
                self.addop_i(Op::COPY, (1 + size) as i32, l);
                size -= 1;
                self.addop_i(Op::SWAP, 2, l);
                self.addop(Op::DELETE_SUBSCR, l);
            }
            self.pattern_store_name(l, Some(star), pc)?;
        } else {
            self.addop(Op::POP_TOP, l);
            self.addop(Op::POP_TOP, l);
        }
        Ok(())
    }

    /// `codegen_pattern_or`
    fn pattern_or(
        &mut self,
        p: &'a ast::Pattern,
        alts: &'a [ast::Pattern],
        pc: &mut PatternContext,
    ) -> CResult {
        let l = loc(&p.loc);
        let end = self.new_label();
        let size = alts.len();
        let old_stores = std::mem::take(&mut pc.stores);
        let old_allow = pc.allow_irrefutable;
        let old_fail_pop = std::mem::take(&mut pc.fail_pop);
        let old_on_top = pc.on_top;
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in alts.iter().enumerate() {
            let al = loc(&alt.loc);
            pc.stores = Vec::new();
            pc.allow_irrefutable = i == size - 1 && old_allow;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.addop_i(Op::COPY, 1, al);
            self.pattern(alt, pc)?;
            let nstores = pc.stores.len();
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(ctrl) => {
                    if nstores != ctrl.len() {
                        return self.error(l, "alternative patterns bind different names");
                    }
                    if nstores > 0 {
                        let mut icontrol = nstores;
                        while icontrol > 0 {
                            icontrol -= 1;
                            let name = &ctrl[icontrol];
                            let Some(istores) = pc.stores.iter().position(|s| s == name) else {
                                return self.error(l, "alternative patterns bind different names");
                            };
                            if icontrol != istores {
                                let rotations = istores + 1;
                                let rotated: Vec<String> = pc.stores.drain(0..rotations).collect();
                                let at = icontrol - istores;
                                for (k, r) in rotated.into_iter().enumerate() {
                                    pc.stores.insert(at + k, r);
                                }
                                for _ in 0..rotations {
                                    self.pattern_rotate(al, icontrol + 1);
                                }
                            }
                        }
                    }
                }
            }
            self.addop_j(Op::JUMP, end, al);
            self.emit_and_reset_fail_pop(al, pc);
        }
        pc.stores = old_stores;
        pc.allow_irrefutable = old_allow;
        pc.fail_pop = old_fail_pop;
        pc.on_top = old_on_top;
        self.addop(Op::POP_TOP, l);
        self.jump_to_fail_pop(l, pc, Op::JUMP);
        self.use_label(end);
        let control = control.unwrap_or_default();
        let nstores = control.len();
        let nrots = nstores + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.pattern_rotate(l, nrots);
            if pc.stores.contains(&name) {
                return self.error(
                    l,
                    format!("multiple assignments to name '{name}' in pattern"),
                );
            }
            pc.stores.push(name);
        }
        self.addop(Op::POP_TOP, l);
        Ok(())
    }

    /// `codegen_pattern_sequence`
    fn pattern_sequence(
        &mut self,
        p: &'a ast::Pattern,
        patterns: &'a [ast::Pattern],
        pc: &mut PatternContext,
    ) -> CResult {
        let l = loc(&p.loc);
        let size = patterns.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, pat) in patterns.iter().enumerate() {
            if matches!(pat.kind, PatternKind::MatchStar { .. }) {
                if star.is_some() {
                    return self.error(l, "multiple starred names in sequence pattern");
                }
                star_wildcard = is_wildcard_star(pat);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(pat);
        }
        pc.on_top += 1;
        self.addop(Op::MATCH_SEQUENCE, l);
        self.jump_to_fail_pop(l, pc, Op::POP_JUMP_IF_FALSE);
        match star {
            None => {
                self.addop(Op::GET_LEN, l);
                self.load_const(ConstValue::Int(BigInt::from(size)), l);
                self.addcompare(l, Cmpop::Eq);
                self.jump_to_fail_pop(l, pc, Op::POP_JUMP_IF_FALSE);
            }
            Some(_) if size > 1 => {
                self.addop(Op::GET_LEN, l);
                self.load_const(ConstValue::Int(BigInt::from(size - 1)), l);
                self.addcompare(l, Cmpop::GtE);
                self.jump_to_fail_pop(l, pc, Op::POP_JUMP_IF_FALSE);
            }
            _ => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.addop(Op::POP_TOP, l);
        } else if star_wildcard {
            self.pattern_sequence_subscr(l, patterns, star.unwrap_or(usize::MAX), pc)?;
        } else {
            self.pattern_sequence_unpack(l, patterns, pc)?;
        }
        Ok(())
    }

    /// `codegen_match`
    pub(crate) fn codegen_match(&mut self, s: &'a ast::Stmt) -> CResult {
        let StmtKind::Match { subject, cases } = &s.kind else {
            return Ok(());
        };
        self.visit_expr(subject)?;
        let end = self.new_label();
        let ncases = cases.len();
        let Some(last) = cases.last() else {
            return Ok(());
        };
        let has_default = is_wildcard(&last.pattern) && ncases > 1;
        let nd = usize::from(has_default);
        let mut pc = PatternContext {
            stores: Vec::new(),
            allow_irrefutable: false,
            fail_pop: Vec::new(),
            on_top: 0,
        };
        for (i, m) in cases[..ncases - nd].iter().enumerate() {
            let pl = loc(&m.pattern.loc);
            if i != ncases - nd - 1 {
                self.addop_i(Op::COPY, 1, pl);
            }
            pc.stores = Vec::new();
            pc.allow_irrefutable = m.guard.is_some() || i == ncases - 1;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.pattern(&m.pattern, &mut pc)?;
            let stores = std::mem::take(&mut pc.stores);
            for name in &stores {
                self.nameop(pl, name, ExprContext::Store)?;
            }
            if let Some(g) = &m.guard {
                self.ensure_fail_pop(&mut pc, 0);
                let target = pc.fail_pop[0];
                self.jump_if(pl, g, target, false)?;
            }
            if i != ncases - nd - 1 {
                self.addop(Op::POP_TOP, NEXT_LOC);
            }
            self.visit_stmts(&m.body)?;
            self.addop_j(Op::JUMP, end, NO_LOC);
            self.emit_and_reset_fail_pop(pl, &mut pc);
        }
        if has_default {
            let m = last;
            let pl = loc(&m.pattern.loc);
            if ncases == 1 {
                self.addop(Op::POP_TOP, pl);
            } else {
                self.addop(Op::NOP, pl);
            }
            if let Some(g) = &m.guard {
                self.jump_if(pl, g, end, false)?;
            }
            self.visit_stmts(&m.body)?;
        }
        self.use_label(end);
        Ok(())
    }
}
