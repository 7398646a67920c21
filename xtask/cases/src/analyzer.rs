//! Semantic analysis of the instruction DSL (the counterpart of CPython's
//! `Tools/cases_generator/analyzer.py` and `stack.py`).
//!
//! It resolves macros into ops, computes every instruction's stack effect as a
//! function of `oparg`, lays out cache cells with offsets, checks families and
//! pseudo-instructions for consistency, finds the special forms in bodies, and
//! assigns opcode numbers by CPython's rules.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{DslError, DslErrorKind, Location};
use crate::parser::{
    Annotation, BinOp, Body, Definition, Expr, FamilySize, InstDef, InstKind, LabelDef, MacroPart,
    StackEffect, StackItem, Uses,
};

/// A size as a sum of a constant and integer multiples of sub-expressions in `oparg`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sum {
    /// The constant part.
    pub constant: i64,
    /// `expr -> coefficient`; zero coefficients are never stored.
    pub terms: BTreeMap<Expr, i64>,
}

impl Sum {
    /// A constant.
    pub fn constant(n: i64) -> Self {
        Sum {
            constant: n,
            terms: BTreeMap::new(),
        }
    }

    /// The number of stack slots a stack item occupies.
    pub fn of_item(item: &StackItem) -> Self {
        let mut base = match &item.size {
            None => Sum::constant(1),
            Some(e) => Sum::linear(e),
        };
        if let Some(cond) = &item.cond {
            let flag = Expr::Binary(BinOp::Ne, Box::new(cond.clone()), Box::new(Expr::Num(0)));
            base = if base == Sum::constant(1) {
                Sum::term(flag)
            } else {
                let size = base.to_expr();
                Sum::term(Expr::Binary(BinOp::Mul, Box::new(flag), Box::new(size)))
            };
        }
        base
    }

    /// Splits an expression into its linear part (`+`, `-`, multiplication by a
    /// constant) and opaque terms (`oparg & 1`, `oparg >> 8`, ...), so that
    /// `1 + (oparg - 1)` becomes `oparg`.
    pub fn linear(e: &Expr) -> Self {
        use crate::parser::UnOp;
        match e {
            Expr::Num(n) => Sum::constant(*n),
            Expr::Binary(BinOp::Add, a, b) => {
                let mut s = Sum::linear(a);
                s.add_scaled(&Sum::linear(b), 1);
                s
            }
            Expr::Binary(BinOp::Sub, a, b) => Sum::minus(&Sum::linear(a), &Sum::linear(b)),
            Expr::Unary(UnOp::Neg, a) => Sum::minus(&Sum::default(), &Sum::linear(a)),
            Expr::Binary(BinOp::Mul, a, b) => match (a.as_ref(), b.as_ref()) {
                (Expr::Num(k), other) | (other, Expr::Num(k)) => {
                    let mut s = Sum::default();
                    s.add_scaled(&Sum::linear(other), *k);
                    s
                }
                _ => Sum::term(e.clone()),
            },
            _ => Sum::term(e.clone()),
        }
    }

    fn term(e: Expr) -> Self {
        let mut terms = BTreeMap::new();
        terms.insert(e, 1);
        Sum { constant: 0, terms }
    }

    fn to_expr(&self) -> Expr {
        let mut acc = Expr::Num(self.constant);
        for (e, k) in &self.terms {
            let t = if *k == 1 {
                e.clone()
            } else {
                Expr::Binary(BinOp::Mul, Box::new(Expr::Num(*k)), Box::new(e.clone()))
            };
            acc = Expr::Binary(BinOp::Add, Box::new(acc), Box::new(t));
        }
        acc
    }

    /// `self + k * other`.
    pub fn add_scaled(&mut self, other: &Sum, k: i64) {
        self.constant += k * other.constant;
        for (e, c) in &other.terms {
            let entry = self.terms.entry(e.clone()).or_insert(0);
            *entry += k * c;
            if *entry == 0 {
                self.terms.remove(e);
            }
        }
    }

    /// `a - b`.
    pub fn minus(a: &Sum, b: &Sum) -> Sum {
        let mut out = a.clone();
        out.add_scaled(b, -1);
        out
    }

    /// Evaluates for one `oparg` (`None` if a sub-expression divides by zero).
    pub fn eval(&self, oparg: i64) -> Option<i64> {
        let mut v = self.constant;
        for (e, k) in &self.terms {
            v = v.checked_add(k.checked_mul(e.eval(oparg)?)?)?;
        }
        Some(v)
    }

    /// True when the sum mentions `oparg`.
    pub fn uses_oparg(&self) -> bool {
        !self.terms.is_empty()
    }

    /// Renders as a Rust `i64` expression over `oparg: i64`.
    pub fn to_rust(&self) -> String {
        let mut parts = Vec::new();
        for (e, k) in &self.terms {
            let r = e.to_rust();
            parts.push(match k {
                1 => format!("+ {r}"),
                -1 => format!("- {r}"),
                k if *k < 0 => format!("- {} * {r}", -k),
                k => format!("+ {k} * {r}"),
            });
        }
        if self.constant != 0 || parts.is_empty() {
            let c = self.constant;
            parts.insert(
                0,
                if c < 0 {
                    format!("- {}", -c)
                } else {
                    format!("+ {c}")
                },
            );
        }
        let joined = parts.join(" ");
        let text = match joined.strip_prefix("+ ") {
            Some(rest) => rest.to_owned(),
            None => format!("-{}", joined.trim_start_matches("- ")),
        };
        strip_outer_parens(&text)
    }

    /// Renders in the DSL's notation, for messages.
    pub fn to_dsl(&self) -> String {
        let mut s = self.constant.to_string();
        for (e, k) in &self.terms {
            s.push_str(&format!(" + {k}*({})", e.to_dsl()));
        }
        s
    }
}

/// `(a + b)` → `a + b`, when the outer parentheses enclose the whole text.
fn strip_outer_parens(text: &str) -> String {
    let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) else {
        return text.to_owned();
    };
    let mut depth = 0i32;
    for c in inner.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return text.to_owned();
                }
            }
            _ => {}
        }
    }
    inner.to_owned()
}

/// Which special forms and features a body uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BodyFacts {
    /// `DEOPT_IF(...)`: may deoptimise to the un-specialised instruction.
    pub deopts: bool,
    /// `EXIT_IF(...)`: may take a side exit (tier 2).
    pub exits: bool,
    /// `ERROR_IF(...)` / `ERROR_NO_POP()`: may raise.
    pub errors: bool,
    /// Calls something that may run arbitrary code (any call that is not a special form).
    pub escapes: bool,
    /// `SYNC_SP()`: writes the stack pointer back explicitly.
    pub syncs_sp: bool,
    /// `DEAD(x)`: marks an input as consumed.
    pub marks_dead: bool,
    /// `INSTRUCTION_SIZE`: needs the instruction's size in code units.
    pub uses_instruction_size: bool,
    /// Checks the eval breaker: a `_CHECK_PERIODIC*` op (CPython's analyzer sets
    /// `eval_breaker` for an op whose name contains `CHECK_PERIODIC`).
    pub eval_breaker: bool,
}

impl BodyFacts {
    /// Scans a body's tokens.
    pub fn scan(body: &Body) -> Self {
        use crate::lexer::TokenKind;
        const SPECIAL: [&str; 8] = [
            "DEOPT_IF",
            "EXIT_IF",
            "ERROR_IF",
            "ERROR_NO_POP",
            "DEAD",
            "SYNC_SP",
            "assert",
            "debug_assert",
        ];
        let mut f = BodyFacts {
            deopts: body.mentions("DEOPT_IF"),
            exits: body.mentions("EXIT_IF"),
            errors: body.mentions("ERROR_IF") || body.mentions("ERROR_NO_POP"),
            syncs_sp: body.mentions("SYNC_SP"),
            marks_dead: body.mentions("DEAD"),
            uses_instruction_size: body.mentions("INSTRUCTION_SIZE"),
            escapes: false,
            eval_breaker: false,
        };
        for w in body.tokens.windows(2) {
            if let (TokenKind::Ident(name), TokenKind::Punct("(")) = (&w[0].kind, &w[1].kind) {
                let is_keyword =
                    matches!(name.as_str(), "if" | "while" | "match" | "for" | "return");
                if !is_keyword && !SPECIAL.contains(&name.as_str()) {
                    f.escapes = true;
                }
            }
        }
        f
    }

    fn union(self, o: BodyFacts) -> BodyFacts {
        BodyFacts {
            deopts: self.deopts || o.deopts,
            exits: self.exits || o.exits,
            errors: self.errors || o.errors,
            escapes: self.escapes || o.escapes,
            syncs_sp: self.syncs_sp || o.syncs_sp,
            marks_dead: self.marks_dead || o.marks_dead,
            uses_instruction_size: self.uses_instruction_size || o.uses_instruction_size,
            eval_breaker: self.eval_breaker || o.eval_breaker,
        }
    }
}

/// Which tiers may execute an op.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// Both tiers.
    Both,
    /// Tier 1 only (`tier1`, or `specializing`).
    One,
    /// Tier 2 only (`tier2`).
    Two,
}

/// An op (micro-op): every `op` and every `inst`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Op {
    /// The definition as parsed.
    pub def: InstDef,
    /// Declared uses, plus `oparg` when the stack effect or body mentions it,
    /// plus `jump` when the body uses `JUMPBY`.
    pub uses: Uses,
    /// Special forms in the body.
    pub facts: BodyFacts,
    /// Code units of cache the op reads.
    pub cache_size: i64,
    /// Which tiers run it.
    pub tier: Tier,
}

impl Op {
    fn new(def: InstDef) -> Result<Self, DslError> {
        let mut uses = def.uses;
        let stack_oparg = def
            .effect
            .inputs
            .iter()
            .chain(&def.effect.outputs)
            .any(|i| {
                i.size.as_ref().is_some_and(Expr::uses_oparg)
                    || i.cond.as_ref().is_some_and(Expr::uses_oparg)
            });
        uses.oparg |= stack_oparg || def.body.mentions("oparg");
        uses.jump |= def.body.mentions("JUMPBY");
        let mut cache_size = 0;
        for c in &def.effect.caches {
            if c.size <= 0 {
                return Err(DslError::new(
                    DslErrorKind::Invalid(format!(
                        "cache cell `{}` must have a positive size",
                        c.name
                    )),
                    c.location.clone(),
                ));
            }
            cache_size += c.size;
        }
        let tier = if def.has(&Annotation::Tier1) || def.has(&Annotation::Specializing) {
            Tier::One
        } else if def.has(&Annotation::Tier2) {
            Tier::Two
        } else {
            Tier::Both
        };
        let mut facts = BodyFacts::scan(&def.body);
        facts.eval_breaker = def.name.contains("CHECK_PERIODIC");
        Ok(Op {
            def,
            uses,
            facts,
            cache_size,
            tier,
        })
    }

    /// The op's name.
    pub fn name(&self) -> &str {
        &self.def.name
    }

    /// Stack slots popped and pushed by this op alone.
    pub fn stack(&self) -> StackSummary {
        let mut popped = Sum::default();
        for i in &self.def.effect.inputs {
            popped.add_scaled(&Sum::of_item(i), 1);
        }
        let mut pushed = Sum::default();
        for o in &self.def.effect.outputs {
            pushed.add_scaled(&Sum::of_item(o), 1);
        }
        StackSummary { popped, pushed }
    }
}

/// Stack slots an instruction pops and pushes (CPython's `_PyOpcode_num_popped`
/// and `_PyOpcode_num_pushed`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StackSummary {
    /// Slots below the starting stack top that the instruction consumes.
    pub popped: Sum,
    /// Slots it leaves, counted from the lowest slot it consumed.
    pub pushed: Sum,
}

impl StackSummary {
    /// Net effect `pushed - popped`.
    pub fn net(&self) -> Sum {
        Sum::minus(&self.pushed, &self.popped)
    }
}

/// A named cache cell with its offset (in code units after the opcode unit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheCell {
    /// The cell's name.
    pub name: String,
    /// Offset in code units from the first cache unit.
    pub offset: i64,
    /// Size in code units.
    pub size: i64,
}

/// One step of an instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Run an op.
    Op(String),
    /// Skip (or, when negative, rewind) cache units; a named skip names a cell.
    Skip {
        /// Name of the skipped cell (`unused` if anonymous).
        name: String,
        /// Code units.
        size: i64,
    },
    /// Spill the stack.
    Flush,
}

/// An instruction: an `inst`, or a `macro`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// Its name.
    pub name: String,
    /// Its opcode.
    pub opcode: u16,
    /// True for a `macro`.
    pub is_macro: bool,
    /// Its parts in order.
    pub parts: Vec<Part>,
    /// Code units of inline cache after the opcode unit.
    pub cache_size: i64,
    /// Every cache cell (named and `unused`) with offsets, in order.
    pub cells: Vec<CacheCell>,
    /// Union of the parts' uses.
    pub uses: Uses,
    /// Union of the parts' body facts.
    pub facts: BodyFacts,
    /// Stack summary.
    pub stack: StackSummary,
    /// The family it heads or belongs to.
    pub family: Option<String>,
    /// True for a specialised member of a family.
    pub is_specialized: bool,
    /// True for `INSTRUMENTED_*`.
    pub is_instrumented: bool,
    /// Tier-1 only (some part is tier-1 only).
    pub tier1_only: bool,
    /// Where it is defined.
    pub location: Location,
}

impl Instruction {
    /// The named (non-`unused`) cells, deduplicated, in offset order.
    pub fn named_cells(&self) -> Vec<CacheCell> {
        let mut out: Vec<CacheCell> = Vec::new();
        for c in &self.cells {
            if c.name != "unused" && !out.contains(c) {
                out.push(c.clone());
            }
        }
        out
    }
}

/// A family: a head instruction and its specialisations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Family {
    /// The head (un-specialised) instruction.
    pub name: String,
    /// The declared size (kept for documentation).
    pub declared_size: FamilySize,
    /// The specialised members, in declaration order.
    pub members: Vec<String>,
    /// Where it is declared.
    pub location: Location,
}

/// A pseudo-instruction (numbers ≥ 256): the compiler emits it and later
/// replaces it with one of its targets (or all of them, for a sequence).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pseudo {
    /// Its name.
    pub name: String,
    /// Its opcode.
    pub opcode: u16,
    /// Its declared stack summary.
    pub stack: StackSummary,
    /// The real instructions it becomes.
    pub targets: Vec<String>,
    /// True when it becomes all targets in order.
    pub as_sequence: bool,
    /// Union of the targets' uses, plus explicit flags.
    pub uses: Uses,
    /// True for `BLOCK_PUSH` (CPython's `IS_BLOCK_PUSH_OPCODE`): has_exc, and
    /// the stack effect is 0 on the path that does not jump to the handler.
    pub block_push: bool,
    /// True when a target checks the eval breaker (CPython unions the targets'
    /// properties).
    pub eval_breaker: bool,
    /// Where it is declared.
    pub location: Location,
}

/// Everything derived from the DSL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Every op (including each `inst`'s op), by name.
    pub ops: BTreeMap<String, Op>,
    /// Instructions in CPython's analysis order: `inst`s in file order, then `macro`s.
    pub instructions: Vec<Instruction>,
    /// Families by head name.
    pub families: BTreeMap<String, Family>,
    /// Pseudo-instructions by name.
    pub pseudos: BTreeMap<String, Pseudo>,
    /// Labels in file order.
    pub labels: Vec<LabelDef>,
    /// Every opcode number by name (real, specialised, instrumented, pseudo).
    pub opmap: BTreeMap<String, u16>,
    /// The first opcode that takes an argument.
    pub have_argument: u16,
    /// The first instrumented opcode.
    pub min_instrumented: u16,
    /// Optimizer overrides (`inputs/optimizer_bytecodes.dsl`), by op name.
    pub overrides: BTreeMap<String, InstDef>,
    /// Counts of parsed definitions: (inst, op, macro, family, pseudo, label).
    pub counts: DefinitionCounts,
}

/// How many definitions of each kind were parsed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DefinitionCounts {
    /// `inst`
    pub inst: usize,
    /// `op`
    pub op: usize,
    /// `macro`
    pub macros: usize,
    /// `family`
    pub family: usize,
    /// `pseudo`
    pub pseudo: usize,
    /// `label`
    pub label: usize,
}

impl Analysis {
    /// The instruction named `name`.
    pub fn instruction(&self, name: &str) -> Option<&Instruction> {
        self.instructions.iter().find(|i| i.name == name)
    }

    /// Opcode number → name, for every assigned number.
    pub fn opnames(&self) -> BTreeMap<u16, String> {
        self.opmap.iter().map(|(k, v)| (*v, k.clone())).collect()
    }

    /// CPython's `_PyOpcode_Deopt`: the family head for a specialised
    /// instruction, the instruction itself otherwise.
    pub fn deopt(&self, name: &str) -> String {
        match self.instruction(name) {
            Some(i) if i.is_specialized => i.family.clone().unwrap_or_else(|| name.to_owned()),
            _ => name.to_owned(),
        }
    }

    /// True for an opcode in the instrumented range (`MIN_INSTRUMENTED_OPCODE..=255`,
    /// which includes `ENTER_EXECUTOR`), as CPython's `opcode` module counts them.
    pub fn is_instrumented_opcode(&self, name: &str) -> bool {
        self.opmap
            .get(name)
            .is_some_and(|n| (self.min_instrumented..=255).contains(n))
    }

    /// CPython's `_PyOpcode_Caches`: cache units of an un-specialised,
    /// un-instrumented instruction (0 for all others).
    pub fn cache_entries(&self, name: &str) -> i64 {
        match self.instruction(name) {
            Some(i) if !i.is_specialized && !i.is_instrumented => i.cache_size,
            _ => 0,
        }
    }

    /// Stack summary of an instruction or pseudo-instruction.
    pub fn stack(&self, name: &str) -> Option<&StackSummary> {
        self.instruction(name)
            .map(|i| &i.stack)
            .or_else(|| self.pseudos.get(name).map(|p| &p.stack))
    }

    /// CPython's `stack_effect(opcode, oparg, jump)` (`None` = "either"),
    /// or `None` where CPython raises `ValueError`.
    pub fn stack_effect(&self, name: &str, oparg: i64, jump: Option<bool>) -> Option<i64> {
        if self.instruction(name).is_some_and(|i| i.is_specialized) {
            return None;
        }
        let s = self.stack(name)?;
        let popped = s.popped.eval(oparg)?;
        let pushed = s.pushed.eval(oparg)?;
        if popped < 0 || pushed < 0 {
            return None;
        }
        if self.pseudos.get(name).is_some_and(|p| p.block_push) && jump == Some(false) {
            return Some(0);
        }
        Some(pushed - popped)
    }

    /// Flag set of an opcode (see [`OpFlags`]).
    pub fn flags(&self, name: &str) -> OpFlags {
        if let Some(i) = self.instruction(name) {
            OpFlags::from_uses(i.uses, i.facts, false)
        } else if let Some(p) = self.pseudos.get(name) {
            let facts = BodyFacts {
                eval_breaker: p.eval_breaker,
                ..BodyFacts::default()
            };
            OpFlags::from_uses(p.uses, facts, p.block_push)
        } else {
            OpFlags::default()
        }
    }
}

/// Per-opcode flags, with CPython's derivation rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpFlags {
    /// `HAS_ARG`
    pub has_arg: bool,
    /// `HAS_CONST`
    pub has_const: bool,
    /// `HAS_NAME`
    pub has_name: bool,
    /// `HAS_JUMP`
    pub has_jump: bool,
    /// `HAS_FREE`
    pub has_free: bool,
    /// `HAS_LOCAL` (locals, unless the op uses cells)
    pub has_local: bool,
    /// `HAS_EXC` (block push)
    pub has_exc: bool,
    /// `HAS_DEOPT`
    pub has_deopt: bool,
    /// `HAS_EXIT`
    pub has_exit: bool,
    /// `HAS_ERROR`
    pub has_error: bool,
    /// `HAS_ESCAPES`
    pub has_escapes: bool,
    /// `HAS_EVAL_BREAK`
    pub has_eval_break: bool,
}

impl OpFlags {
    fn from_uses(u: Uses, f: BodyFacts, exc: bool) -> Self {
        OpFlags {
            has_arg: u.oparg,
            has_const: u.consts,
            has_name: u.names,
            has_jump: u.jump,
            has_free: u.free,
            has_local: u.locals && !u.free,
            has_exc: exc,
            has_deopt: f.deopts,
            has_exit: f.exits,
            has_error: f.errors,
            has_escapes: f.escapes,
            has_eval_break: f.eval_breaker,
        }
    }
}

fn invalid(msg: String, at: &Location) -> DslError {
    DslError::new(DslErrorKind::Invalid(msg), at.clone())
}

/// Runs the analysis over the definitions of `bytecodes.dsl` and (optionally)
/// `optimizer_bytecodes.dsl`.
pub fn analyze(defs: &[Definition], optimizer: &[Definition]) -> Result<Analysis, DslError> {
    let mut a = Analysis::default();
    let mut seen: BTreeMap<String, Location> = BTreeMap::new();
    let mut claim = |name: &str, at: &Location| -> Result<(), DslError> {
        if let Some(first) = seen.get(name) {
            return Err(DslError::new(
                DslErrorKind::Duplicate {
                    name: name.to_owned(),
                    first: first.clone(),
                },
                at.clone(),
            ));
        }
        seen.insert(name.to_owned(), at.clone());
        Ok(())
    };
    // Pass 1: ops, families, pseudos, labels.
    let mut inst_defs = Vec::new();
    let mut macro_defs = Vec::new();
    let mut family_defs = Vec::new();
    let mut pseudo_defs = Vec::new();
    for d in defs {
        match d {
            Definition::Inst(def) => {
                claim(&def.name, &def.location)?;
                if def.has(&Annotation::Override) {
                    return Err(DslError::new(
                        DslErrorKind::BadOverride(format!(
                            "`{}`: `override` belongs in optimizer_bytecodes.dsl",
                            def.name
                        )),
                        def.location.clone(),
                    ));
                }
                match def.kind {
                    InstKind::Inst => {
                        a.counts.inst += 1;
                        inst_defs.push(def);
                    }
                    InstKind::Op => a.counts.op += 1,
                }
                a.ops.insert(def.name.clone(), Op::new(def.clone())?);
            }
            Definition::Macro(m) => {
                claim(&m.name, &m.location)?;
                a.counts.macros += 1;
                macro_defs.push(m);
            }
            Definition::Family(f) => {
                a.counts.family += 1;
                family_defs.push(f);
            }
            Definition::Pseudo(p) => {
                claim(&p.name, &p.location)?;
                a.counts.pseudo += 1;
                pseudo_defs.push(p);
            }
            Definition::Label(l) => {
                claim(&format!("label {}", l.name), &l.location)?;
                a.counts.label += 1;
                a.labels.push(l.clone());
            }
        }
    }
    // Pass 2: instructions — insts first, then macros (CPython's order).
    for def in &inst_defs {
        let parts = vec![Part::Op(def.name.clone())];
        a.instructions.push(build_instruction(
            &a.ops,
            &def.name,
            false,
            parts,
            &def.location,
        )?);
    }
    for m in &macro_defs {
        let mut parts = Vec::new();
        for p in &m.parts {
            parts.push(match p {
                MacroPart::Op { name, location } => {
                    if !a.ops.contains_key(name) {
                        return Err(DslError::new(
                            DslErrorKind::Undefined {
                                what: "op",
                                name: name.clone(),
                            },
                            location.clone(),
                        ));
                    }
                    Part::Op(name.clone())
                }
                MacroPart::Cache(c) => {
                    if c.size == 0 {
                        return Err(invalid(
                            format!("cache skip `{}/0` is empty", c.name),
                            &c.location,
                        ));
                    }
                    Part::Skip {
                        name: c.name.clone(),
                        size: c.size,
                    }
                }
                MacroPart::Flush(_) => Part::Flush,
            });
        }
        a.instructions.push(build_instruction(
            &a.ops,
            &m.name,
            true,
            parts,
            &m.location,
        )?);
    }
    // Families.
    for f in &family_defs {
        let Some(head) = a.instructions.iter().position(|i| i.name == f.name) else {
            return Err(DslError::new(
                DslErrorKind::Undefined {
                    what: "instruction (family head)",
                    name: f.name.clone(),
                },
                f.location.clone(),
            ));
        };
        if a.families.contains_key(&f.name) {
            return Err(invalid(
                format!("family `{}` is declared twice", f.name),
                &f.location,
            ));
        }
        let head_cache = a.instructions[head].cache_size;
        let head_stack = a.instructions[head].stack.clone();
        if let FamilySize::Name(sym) = &f.size
            && *sym != format!("INLINE_CACHE_ENTRIES_{}", f.name)
        {
            return Err(invalid(
                format!(
                    "family `{}`: its size must be a number or `INLINE_CACHE_ENTRIES_{}`",
                    f.name, f.name
                ),
                &f.location,
            ));
        }
        if let FamilySize::Number(n) = f.size
            && n != head_cache
        {
            return Err(DslError::new(
                DslErrorKind::Inconsistent(format!(
                    "family `{}` declares {n} cache entries but `{}` has {head_cache}",
                    f.name, f.name
                )),
                f.location.clone(),
            ));
        }
        a.instructions[head].family = Some(f.name.clone());
        let mut members = Vec::new();
        for (m, at) in &f.members {
            let Some(idx) = a.instructions.iter().position(|i| &i.name == m) else {
                return Err(DslError::new(
                    DslErrorKind::Undefined {
                        what: "instruction (family member)",
                        name: m.clone(),
                    },
                    at.clone(),
                ));
            };
            let inst = &mut a.instructions[idx];
            if inst.family.is_some() {
                return Err(invalid(format!("`{m}` belongs to two families"), at));
            }
            if inst.cache_size != head_cache {
                return Err(DslError::new(
                    DslErrorKind::Inconsistent(format!(
                        "family `{}`: member `{m}` has {} cache entries, the head has {head_cache}",
                        f.name, inst.cache_size
                    )),
                    at.clone(),
                ));
            }
            // A member replaces the head in place, so it must consume the same
            // stack inputs for at least the opargs the specializer gives it.
            let agrees = (0..=255).any(|oparg| {
                inst.stack.popped.eval(oparg).is_some()
                    && inst.stack.popped.eval(oparg) == head_stack.popped.eval(oparg)
            });
            if !agrees {
                return Err(DslError::new(
                    DslErrorKind::Inconsistent(format!(
                        "family `{}`: member `{m}` pops {} stack items, the head pops {} (for every oparg)",
                        f.name,
                        inst.stack.popped.to_dsl(),
                        head_stack.popped.to_dsl()
                    )),
                    at.clone(),
                ));
            }
            inst.family = Some(f.name.clone());
            inst.is_specialized = true;
            members.push(m.clone());
        }
        a.families.insert(
            f.name.clone(),
            Family {
                name: f.name.clone(),
                declared_size: f.size.clone(),
                members,
                location: f.location.clone(),
            },
        );
    }
    // Pseudo-instructions.
    for p in &pseudo_defs {
        let mut uses = Uses::default();
        let mut block_push = false;
        for flag in &p.flags {
            match flag.as_str() {
                "HAS_ARG" => uses.oparg = true,
                "HAS_CONST" => uses.consts = true,
                "HAS_NAME" => uses.names = true,
                "HAS_JUMP" => uses.jump = true,
                "HAS_LOCAL" => uses.locals = true,
                "HAS_FREE" => uses.free = true,
                "BLOCK_PUSH" => block_push = true,
                other => {
                    return Err(invalid(
                        format!("unknown pseudo-instruction flag `{other}`"),
                        &p.location,
                    ));
                }
            }
        }
        let stack = summarize(&[&p.effect])
            .map_err(|m| DslError::new(DslErrorKind::StackMismatch(m), p.location.clone()))?;
        let mut total = Sum::default();
        let mut targets = Vec::new();
        let mut eval_breaker = false;
        for (t, at) in &p.targets {
            let Some(inst) = a.instructions.iter().find(|i| &i.name == t) else {
                return Err(DslError::new(
                    DslErrorKind::Undefined {
                        what: "instruction (pseudo target)",
                        name: t.clone(),
                    },
                    at.clone(),
                ));
            };
            uses = uses.union(inst.uses);
            eval_breaker |= inst.facts.eval_breaker;
            let net = inst.stack.net();
            if p.as_sequence {
                total.add_scaled(&net, 1);
            } else {
                let expected = if block_push {
                    Sum::default()
                } else {
                    stack.net()
                };
                if net != expected {
                    return Err(DslError::new(
                        DslErrorKind::Inconsistent(format!(
                            "pseudo `{}`: target `{t}` has stack effect {}, expected {}",
                            p.name,
                            net.to_dsl(),
                            expected.to_dsl()
                        )),
                        at.clone(),
                    ));
                }
            }
            targets.push(t.clone());
        }
        if p.as_sequence && total != stack.net() {
            return Err(DslError::new(
                DslErrorKind::Inconsistent(format!(
                    "pseudo `{}`: its sequence has stack effect {}, but it declares {}",
                    p.name,
                    total.to_dsl(),
                    stack.net().to_dsl()
                )),
                p.location.clone(),
            ));
        }
        a.pseudos.insert(
            p.name.clone(),
            Pseudo {
                name: p.name.clone(),
                opcode: 0,
                stack,
                targets,
                as_sequence: p.as_sequence,
                uses,
                block_push,
                eval_breaker,
                location: p.location.clone(),
            },
        );
    }
    assign_opcodes(&mut a)?;
    // Optimizer overrides.
    for d in optimizer {
        let Definition::Inst(def) = d else {
            let at = match d {
                Definition::Macro(m) => &m.location,
                Definition::Family(f) => &f.location,
                Definition::Pseudo(p) => &p.location,
                Definition::Label(l) => &l.location,
                Definition::Inst(i) => &i.location,
            };
            return Err(DslError::new(
                DslErrorKind::BadOverride(
                    "the optimizer file may only hold `op` definitions".into(),
                ),
                at.clone(),
            ));
        };
        // `_NAME` also names the op of `inst(NAME)`, as in CPython's optimizer file.
        let base = a.ops.get(&def.name).or_else(|| {
            def.name
                .strip_prefix('_')
                .and_then(|n| a.ops.get(n))
                .filter(|op| op.def.kind == InstKind::Inst)
        });
        let Some(base) = base else {
            return Err(DslError::new(
                DslErrorKind::BadOverride(format!("`{}` is not an op in bytecodes.dsl", def.name)),
                def.location.clone(),
            ));
        };
        if def.kind != InstKind::Op {
            return Err(DslError::new(
                DslErrorKind::BadOverride(format!("`{}`: write `op`, not `inst`", def.name)),
                def.location.clone(),
            ));
        }
        let sizes = |items: &[StackItem]| items.iter().map(Sum::of_item).collect::<Vec<_>>();
        let same_stack = sizes(&def.effect.inputs) == sizes(&base.def.effect.inputs)
            && sizes(&def.effect.outputs) == sizes(&base.def.effect.outputs);
        if !same_stack {
            return Err(DslError::new(
                DslErrorKind::BadOverride(format!(
                    "`{}` must have the same stack effect as in bytecodes.dsl ({})",
                    def.name,
                    describe_effect(&base.def.effect)
                )),
                def.location.clone(),
            ));
        }
        if a.overrides.insert(def.name.clone(), def.clone()).is_some() {
            return Err(DslError::new(
                DslErrorKind::BadOverride(format!("`{}` is overridden twice", def.name)),
                def.location.clone(),
            ));
        }
    }
    Ok(a)
}

/// Renders a stack effect in DSL notation, for messages.
pub fn describe_effect(e: &StackEffect) -> String {
    let item = |i: &StackItem| match &i.size {
        Some(s) => format!("{}[{}]", i.name, s.to_dsl()),
        None => i.name.clone(),
    };
    let ins: Vec<String> = e.inputs.iter().map(item).collect();
    let outs: Vec<String> = e.outputs.iter().map(item).collect();
    format!("{} -- {}", ins.join(", "), outs.join(", "))
        .trim()
        .to_owned()
}

/// CPython's `get_stack_effect`: runs the parts' stack effects in order over a
/// symbolic stack; items pushed by one part and popped by a later one must
/// have the same size.
pub fn summarize(effects: &[&StackEffect]) -> Result<StackSummary, String> {
    let mut vars: Vec<(String, Sum)> = Vec::new();
    let mut base = Sum::default();
    let mut sp = Sum::default();
    for e in effects {
        for item in e.inputs.iter().rev() {
            let size = Sum::of_item(item);
            if let Some((name, top)) = vars.pop() {
                if top != size {
                    return Err(format!(
                        "`{}` has size {} but the item below it on the stack (`{name}`) has size {}",
                        item.name,
                        size.to_dsl(),
                        top.to_dsl()
                    ));
                }
            } else {
                base.add_scaled(&size, -1);
            }
            sp.add_scaled(&size, -1);
        }
        for item in &e.outputs {
            let size = Sum::of_item(item);
            sp.add_scaled(&size, 1);
            vars.push((item.name.clone(), size));
        }
    }
    let popped = Sum::minus(&Sum::default(), &base);
    let pushed = Sum::minus(&sp, &base);
    Ok(StackSummary { popped, pushed })
}

fn build_instruction(
    ops: &BTreeMap<String, Op>,
    name: &str,
    is_macro: bool,
    parts: Vec<Part>,
    at: &Location,
) -> Result<Instruction, DslError> {
    let mut uses = Uses::default();
    let mut facts = BodyFacts::default();
    let mut cells = Vec::new();
    let mut offset = 0i64;
    let mut effects = Vec::new();
    let mut tier1_only = false;
    for p in &parts {
        match p {
            Part::Op(op_name) => {
                let Some(op) = ops.get(op_name) else {
                    return Err(DslError::new(
                        DslErrorKind::Undefined {
                            what: "op",
                            name: op_name.clone(),
                        },
                        at.clone(),
                    ));
                };
                if op.tier == Tier::Two {
                    return Err(invalid(
                        format!("`{name}` uses the tier-2-only op `{op_name}`"),
                        at,
                    ));
                }
                tier1_only |= op.tier == Tier::One;
                uses = uses.union(op.uses);
                facts = facts.union(op.facts);
                for c in &op.def.effect.caches {
                    cells.push(CacheCell {
                        name: c.name.clone(),
                        offset,
                        size: c.size,
                    });
                    offset += c.size;
                }
                effects.push(&op.def.effect);
            }
            Part::Skip { name: cell, size } => {
                if *size > 0 {
                    cells.push(CacheCell {
                        name: cell.clone(),
                        offset,
                        size: *size,
                    });
                }
                offset += size;
                if offset < 0 {
                    return Err(invalid(
                        format!("`{name}` rewinds before its first cache unit"),
                        at,
                    ));
                }
            }
            Part::Flush => {}
        }
    }
    let stack = summarize(&effects).map_err(|m| {
        DslError::new(
            DslErrorKind::StackMismatch(format!("in `{name}`: {m}")),
            at.clone(),
        )
    })?;
    let cache_size = cells
        .iter()
        .map(|c| c.offset + c.size)
        .max()
        .unwrap_or(0)
        .max(offset);
    Ok(Instruction {
        name: name.to_owned(),
        opcode: 0,
        is_macro,
        parts,
        cache_size,
        cells,
        uses,
        facts,
        stack,
        family: None,
        is_specialized: false,
        is_instrumented: name.starts_with("INSTRUMENTED_"),
        tier1_only,
        location: at.clone(),
    })
}

/// CPython's `assign_opcodes` (Tools/cases_generator/analyzer.py):
/// - fixed: CACHE=0, BINARY_OP_INPLACE_ADD_UNICODE=3, RESERVED=17, RESUME=128,
///   INSTRUMENTED_LINE=254, ENTER_EXECUTOR=255;
/// - then instructions without an argument, alphabetically, from 1, skipping taken numbers
///   (HAVE_ARGUMENT is how many there are), then those with an argument, alphabetically;
/// - specialised instructions alphabetically from RESUME+1;
/// - instrumented instructions in analysis order, ending at 254;
/// - pseudo-instructions alphabetically from 256.
fn assign_opcodes(a: &mut Analysis) -> Result<(), DslError> {
    const FIXED: [(&str, u16); 6] = [
        ("CACHE", 0),
        ("BINARY_OP_INPLACE_ADD_UNICODE", 3),
        ("RESERVED", 17),
        ("RESUME", 128),
        ("INSTRUMENTED_LINE", 254),
        ("ENTER_EXECUTOR", 255),
    ];
    let mut map: BTreeMap<String, u16> = BTreeMap::new();
    let mut used: BTreeSet<u16> = BTreeSet::new();
    for (n, v) in FIXED {
        if a.instruction(n).is_some() {
            map.insert(n.to_owned(), v);
            used.insert(v);
        }
    }
    let instrumented: Vec<String> = a
        .instructions
        .iter()
        .filter(|i| i.is_instrumented)
        .map(|i| i.name.clone())
        .collect();
    let mut specialized: Vec<String> = a
        .instructions
        .iter()
        .filter(|i| i.is_specialized)
        .map(|i| i.name.clone())
        .collect();
    specialized.sort();
    let mut no_arg = Vec::new();
    let mut has_arg = Vec::new();
    for i in &a.instructions {
        if i.is_specialized || i.is_instrumented {
            continue;
        }
        if i.uses.oparg {
            has_arg.push(i.name.clone())
        } else {
            no_arg.push(i.name.clone())
        }
    }
    no_arg.sort();
    has_arg.sort();
    let resume = 128u16;
    let min_instrumented = u16::try_from(instrumented.len())
        .ok()
        .and_then(|n| 255u16.checked_sub(n))
        .ok_or_else(|| {
            invalid(
                "too many instrumented instructions".into(),
                &Location::default_file(),
            )
        })?;
    let mut next = 1u16;
    let add =
        |name: &str, next: &mut u16, map: &mut BTreeMap<String, u16>, used: &mut BTreeSet<u16>| {
            if map.contains_key(name) {
                return;
            }
            while used.contains(next) {
                *next += 1;
            }
            map.insert(name.to_owned(), *next);
            used.insert(*next);
            *next += 1;
        };
    for n in &no_arg {
        add(n, &mut next, &mut map, &mut used);
    }
    // CPython's HAVE_ARGUMENT is the number of argument-less real instructions
    // (CACHE and RESERVED included), not the first free number after them.
    a.have_argument = u16::try_from(no_arg.len()).unwrap_or(u16::MAX);
    for n in &has_arg {
        add(n, &mut next, &mut map, &mut used);
    }
    if next > resume {
        return Err(invalid(
            format!("real opcodes overflow into RESUME ({next})"),
            &Location::default_file(),
        ));
    }
    next = resume + 1;
    for n in &specialized {
        add(n, &mut next, &mut map, &mut used);
    }
    if next > min_instrumented {
        return Err(invalid(
            "specialised opcodes overflow into instrumented ones".into(),
            &Location::default_file(),
        ));
    }
    next = min_instrumented;
    for n in &instrumented {
        add(n, &mut next, &mut map, &mut used);
    }
    a.min_instrumented = min_instrumented;
    let mut pseudo_names: Vec<String> = a.pseudos.keys().cloned().collect();
    pseudo_names.sort();
    for (k, n) in pseudo_names.iter().enumerate() {
        let code = 256 + u16::try_from(k).unwrap_or(u16::MAX - 256);
        map.insert(n.clone(), code);
        if let Some(p) = a.pseudos.get_mut(n) {
            p.opcode = code;
        }
    }
    for i in &mut a.instructions {
        if let Some(code) = map.get(&i.name) {
            i.opcode = *code;
        }
    }
    a.opmap = map;
    Ok(())
}

impl Location {
    fn default_file() -> Location {
        Location {
            file: "inputs/bytecodes.dsl".into(),
            line: 1,
            column: 1,
        }
    }
}
