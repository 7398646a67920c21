//! Parser for the instruction DSL, after CPython's
//! `Tools/cases_generator/interpreter_definition.md` and `parsing.py`.
//!
//! Grammar (bodies are Rust token trees, kept as tokens):
//!
//! ```text
//! file        := definition*
//! definition  := annotation* (inst | op | macro | family | pseudo | label)
//! annotation  := "pure" | "specializing" | "override" | "tier1" | "tier2" | "replaced"
//!              | "split" | "no_save_ip" | "spilled" | "guard"
//!              | "replicate" "(" INT [":" INT] ")"
//!              | "uses" "(" use ("," use)* ")"       (oxpy: flags CPython infers from C bodies)
//! inst        := "inst" "(" NAME "," stack_effect ")" body
//! op          := "op" "(" NAME "," stack_effect ")" body
//! stack_effect:= "(" [item ("," item)*] "--" [item ("," item)*] ")"
//! item        := NAME "/" INT                            (a cache cell; inputs only)
//!              | NAME ["[" expr "]"] ["if" "(" expr ")"]  (a stack item)
//! macro       := "macro" "(" NAME ")" "=" part ("+" part)* ";"
//! part        := NAME | NAME "/" ["-"] INT | "flush"
//! family      := "family" "(" NAME "," (INT | NAME) ")" "=" "{" NAME ("," NAME)* [","] "}" ";"
//! pseudo      := "pseudo" "(" NAME "," stack_effect ["," "(" NAME ("," NAME)* ")"] ")" "="
//!                ("{" names "}" | "[" names "]") ";"
//! label       := "label" "(" NAME ")" body
//! ```

use crate::error::{DslError, DslErrorKind, Location};
use crate::lexer::{Token, TokenKind, tokenize};

/// An annotation before a definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Annotation {
    /// `pure`: no side effects; the optimizer may remove or constant-fold it.
    Pure,
    /// `specializing`: the op rewrites the instruction into a specialised form.
    Specializing,
    /// `override`: an optimizer definition replacing the op's abstract interpretation.
    Override,
    /// `tier1`: tier-1 (bytecode interpreter) only.
    Tier1,
    /// `tier2`: tier-2 (uop executor) only.
    Tier2,
    /// `replaced`: tier 2 replaces this op with another when it builds a trace.
    Replaced,
    /// `split`: the op is split into specialised variants.
    Split,
    /// `no_save_ip`: the instruction does not update the saved instruction pointer.
    NoSaveIp,
    /// `spilled` (labels): the stack pointer is in memory on entry.
    Spilled,
    /// `guard`: the op only checks a condition.
    Guard,
    /// `replicate(N)` or `replicate(A:B)`: tier 2 gets one copy per oparg in `A..B`.
    Replicate {
        /// First replicated oparg.
        start: u32,
        /// One past the last replicated oparg.
        end: u32,
    },
}

/// The flags a definition declares with `uses(...)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Uses {
    /// Reads `oparg`.
    pub oparg: bool,
    /// Indexes `co_consts` with oparg.
    pub consts: bool,
    /// Indexes `co_names` with oparg.
    pub names: bool,
    /// Reads or writes a fast local.
    pub locals: bool,
    /// Reads or writes a cell.
    pub free: bool,
    /// Jumps relative to the next instruction.
    pub jump: bool,
}

impl Uses {
    /// The union of two sets of uses.
    pub fn union(self, other: Uses) -> Uses {
        Uses {
            oparg: self.oparg || other.oparg,
            consts: self.consts || other.consts,
            names: self.names || other.names,
            locals: self.locals || other.locals,
            free: self.free || other.free,
            jump: self.jump || other.jump,
        }
    }
}

/// A unary operator in a size expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `!x` (logical not, 0 or 1)
    Not,
    /// `~x` (bitwise not)
    BitNot,
}

/// A binary operator in a size expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (truncating)
    Div,
    /// `%`
    Rem,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl BinOp {
    fn symbol(self) -> &'static str {
        match self {
            Self::Add => "+",
            Self::Sub => "-",
            Self::Mul => "*",
            Self::Div => "/",
            Self::Rem => "%",
            Self::And => "&",
            Self::Or => "|",
            Self::Xor => "^",
            Self::Shl => "<<",
            Self::Shr => ">>",
            Self::Eq => "==",
            Self::Ne => "!=",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
        }
    }

    fn is_comparison(self) -> bool {
        matches!(
            self,
            Self::Eq | Self::Ne | Self::Lt | Self::Le | Self::Gt | Self::Ge
        )
    }
}

/// An integer expression over `oparg`: an array size or a condition.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Expr {
    /// An integer literal.
    Num(i64),
    /// The instruction's argument.
    Oparg,
    /// A unary operation.
    Unary(UnOp, Box<Expr>),
    /// A binary operation.
    Binary(BinOp, Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Evaluates with C's semantics for the operators used (wrapping arithmetic;
    /// division by zero and oversized shifts evaluate to `None`).
    pub fn eval(&self, oparg: i64) -> Option<i64> {
        Some(match self {
            Self::Num(n) => *n,
            Self::Oparg => oparg,
            Self::Unary(op, e) => {
                let v = e.eval(oparg)?;
                match op {
                    UnOp::Neg => v.wrapping_neg(),
                    UnOp::Not => i64::from(v == 0),
                    UnOp::BitNot => !v,
                }
            }
            Self::Binary(op, a, b) => {
                let (a, b) = (a.eval(oparg)?, b.eval(oparg)?);
                match op {
                    BinOp::Add => a.wrapping_add(b),
                    BinOp::Sub => a.wrapping_sub(b),
                    BinOp::Mul => a.wrapping_mul(b),
                    BinOp::Div => a.checked_div(b)?,
                    BinOp::Rem => a.checked_rem(b)?,
                    BinOp::And => a & b,
                    BinOp::Or => a | b,
                    BinOp::Xor => a ^ b,
                    BinOp::Shl => a.checked_shl(u32::try_from(b).ok()?)?,
                    BinOp::Shr => a.checked_shr(u32::try_from(b).ok()?)?,
                    BinOp::Eq => i64::from(a == b),
                    BinOp::Ne => i64::from(a != b),
                    BinOp::Lt => i64::from(a < b),
                    BinOp::Le => i64::from(a <= b),
                    BinOp::Gt => i64::from(a > b),
                    BinOp::Ge => i64::from(a >= b),
                }
            }
        })
    }

    /// True when the expression mentions `oparg`.
    pub fn uses_oparg(&self) -> bool {
        match self {
            Self::Num(_) => false,
            Self::Oparg => true,
            Self::Unary(_, e) => e.uses_oparg(),
            Self::Binary(_, a, b) => a.uses_oparg() || b.uses_oparg(),
        }
    }

    /// Renders the expression as Rust over an `i64` named `oparg`, fully
    /// parenthesised so that C and Rust precedence cannot disagree, and usable
    /// in a `const fn` (booleans become integers with `as i64`).
    pub fn to_rust(&self) -> String {
        match self {
            Self::Num(n) if *n < 0 => format!("({n})"),
            Self::Num(n) => n.to_string(),
            Self::Oparg => "oparg".to_owned(),
            Self::Unary(UnOp::Neg, e) => format!("(-{})", e.to_rust()),
            Self::Unary(UnOp::Not, e) => format!("(({} == 0) as i64)", e.to_rust()),
            Self::Unary(UnOp::BitNot, e) => format!("(!{})", e.to_rust()),
            Self::Binary(op, a, b) if op.is_comparison() => {
                format!("(({} {} {}) as i64)", a.to_rust(), op.symbol(), b.to_rust())
            }
            Self::Binary(op, a, b) => format!("({} {} {})", a.to_rust(), op.symbol(), b.to_rust()),
        }
    }

    /// Renders the expression in the DSL's (C-like) syntax.
    pub fn to_dsl(&self) -> String {
        match self {
            Self::Num(n) => n.to_string(),
            Self::Oparg => "oparg".to_owned(),
            Self::Unary(op, e) => {
                let s = match op {
                    UnOp::Neg => "-",
                    UnOp::Not => "!",
                    UnOp::BitNot => "~",
                };
                format!("{s}{}", e.to_dsl_atom())
            }
            Self::Binary(op, a, b) => {
                format!("{} {} {}", a.to_dsl_atom(), op.symbol(), b.to_dsl_atom())
            }
        }
    }

    fn to_dsl_atom(&self) -> String {
        match self {
            Self::Binary(..) => format!("({})", self.to_dsl()),
            _ => self.to_dsl(),
        }
    }
}

/// A stack item in a stack effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackItem {
    /// Its name (`unused` for an item the body does not name).
    pub name: String,
    /// `Some(size)` for an array `name[size]`.
    pub size: Option<Expr>,
    /// `Some(cond)` for a conditional item `name if (cond)`.
    pub cond: Option<Expr>,
    /// Where it is written.
    pub location: Location,
}

impl StackItem {
    /// True for an array item.
    pub fn is_array(&self) -> bool {
        self.size.is_some()
    }
}

/// A cache cell `name/N` (N code units; negative in a macro means "rewind").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheEntry {
    /// Its name (`unused` for a skipped cell).
    pub name: String,
    /// Its size in 16-bit code units.
    pub size: i64,
    /// Where it is written.
    pub location: Location,
}

/// `(caches, inputs -- outputs)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StackEffect {
    /// Cache cells, in order.
    pub caches: Vec<CacheEntry>,
    /// Items popped, bottom first.
    pub inputs: Vec<StackItem>,
    /// Items pushed, bottom first.
    pub outputs: Vec<StackItem>,
}

/// A body: the tokens between the braces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Body {
    /// The tokens, without the outer braces.
    pub tokens: Vec<Token>,
}

impl Body {
    /// True when the body names `ident` as a token.
    pub fn mentions(&self, ident: &str) -> bool {
        self.tokens
            .iter()
            .any(|t| matches!(&t.kind, TokenKind::Ident(s) if s == ident))
    }

    /// True when the body has no tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// Whether an [`InstDef`] is an instruction or an op (micro-op).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstKind {
    /// `inst(...)`: an instruction that is also an op.
    Inst,
    /// `op(...)`: a micro-op, used in macros and in tier 2.
    Op,
}

/// `inst(NAME, effect) { body }` or `op(NAME, effect) { body }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstDef {
    /// Instruction or op.
    pub kind: InstKind,
    /// Its name.
    pub name: String,
    /// Annotations before it.
    pub annotations: Vec<Annotation>,
    /// Flags declared with `uses(...)`.
    pub uses: Uses,
    /// The stack and cache effect.
    pub effect: StackEffect,
    /// The body.
    pub body: Body,
    /// Where the definition starts.
    pub location: Location,
}

impl InstDef {
    /// True when the definition carries `annotation`.
    pub fn has(&self, annotation: &Annotation) -> bool {
        self.annotations.contains(annotation)
    }
}

/// One part of a macro.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MacroPart {
    /// An op (or an instruction used as an op).
    Op {
        /// Its name.
        name: String,
        /// Where it is written.
        location: Location,
    },
    /// A cache cell skipped (or rewound, when negative) between ops.
    Cache(CacheEntry),
    /// `flush`: spill the stack before the next op.
    Flush(Location),
}

/// `macro(NAME) = part + part + ...;`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MacroDef {
    /// Its name.
    pub name: String,
    /// Its parts, in execution order.
    pub parts: Vec<MacroPart>,
    /// Where the definition starts.
    pub location: Location,
}

/// The declared cache size of a family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FamilySize {
    /// A number.
    Number(i64),
    /// A symbolic name such as `INLINE_CACHE_ENTRIES_LOAD_ATTR`.
    Name(String),
}

/// `family(NAME, SIZE) = { MEMBER, ... };`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FamilyDef {
    /// The head instruction (the un-specialised form).
    pub name: String,
    /// The declared cache size.
    pub size: FamilySize,
    /// The specialised members, with their locations.
    pub members: Vec<(String, Location)>,
    /// Where the definition starts.
    pub location: Location,
}

/// `pseudo(NAME, effect[, (FLAGS)]) = { TARGET, ... };` or `= [ SEQ, ... ];`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PseudoDef {
    /// Its name.
    pub name: String,
    /// Its stack effect.
    pub effect: StackEffect,
    /// Explicit flags (`HAS_ARG`, `BLOCK_PUSH`, ...).
    pub flags: Vec<String>,
    /// The instructions it may become (or, for a sequence, becomes in order).
    pub targets: Vec<(String, Location)>,
    /// True for `[...]`: the pseudo-instruction expands to all targets in order.
    pub as_sequence: bool,
    /// Where the definition starts.
    pub location: Location,
}

/// `label(name) { body }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelDef {
    /// Its name.
    pub name: String,
    /// `spilled label(...)`.
    pub spilled: bool,
    /// The body.
    pub body: Body,
    /// Where the definition starts.
    pub location: Location,
}

/// A top-level definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Definition {
    /// `inst` or `op`.
    Inst(InstDef),
    /// `macro`.
    Macro(MacroDef),
    /// `family`.
    Family(FamilyDef),
    /// `pseudo`.
    Pseudo(PseudoDef),
    /// `label`.
    Label(LabelDef),
}

/// Parses a DSL file.
pub fn parse(file: &str, src: &str) -> Result<Vec<Definition>, DslError> {
    let tokens = tokenize(file, src)?;
    let mut p = Parser {
        file,
        tokens,
        pos: 0,
    };
    let mut defs = Vec::new();
    while !p.at_eof() {
        defs.push(p.definition()?);
    }
    Ok(defs)
}

struct Parser<'a> {
    file: &'a str,
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> &TokenKind {
        self.tokens
            .get(self.pos)
            .map_or(&TokenKind::Eof, |t| &t.kind)
    }

    fn at_eof(&self) -> bool {
        matches!(self.peek(), TokenKind::Eof)
    }

    fn location(&self) -> Location {
        let (line, column) = self
            .tokens
            .get(self.pos)
            .or(self.tokens.last())
            .map_or((1, 1), |t| (t.line, t.column));
        Location {
            file: self.file.to_owned(),
            line,
            column,
        }
    }

    fn error<T>(&self, expected: &str) -> Result<T, DslError> {
        Err(DslError::new(
            DslErrorKind::Expected {
                expected: expected.to_owned(),
                found: self.peek().describe(),
            },
            self.location(),
        ))
    }

    fn bump(&mut self) -> TokenKind {
        let t = self.peek().clone();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(self.peek(), TokenKind::Punct(q) if *q == p)
    }

    fn is_ident(&self, s: &str) -> bool {
        matches!(self.peek(), TokenKind::Ident(q) if q == s)
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        if self.is_punct(p) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect_punct(&mut self, p: &str) -> Result<(), DslError> {
        if self.eat_punct(p) {
            Ok(())
        } else {
            self.error(&format!("`{p}`"))
        }
    }

    fn name(&mut self) -> Result<String, DslError> {
        match self.peek() {
            TokenKind::Ident(s) => {
                let s = s.clone();
                self.pos += 1;
                Ok(s)
            }
            _ => self.error("a name"),
        }
    }

    fn number(&mut self) -> Result<i64, DslError> {
        let neg = self.eat_punct("-");
        match self.peek() {
            TokenKind::Number(n) => {
                let n = *n;
                self.pos += 1;
                Ok(if neg { -n } else { n })
            }
            _ => self.error("an integer"),
        }
    }

    fn definition(&mut self) -> Result<Definition, DslError> {
        let start = self.location();
        let mut annotations = Vec::new();
        let mut uses = Uses::default();
        loop {
            let TokenKind::Ident(word) = self.peek().clone() else {
                return self.error("a definition (inst, op, macro, family, pseudo or label)");
            };
            let ann = match word.as_str() {
                "inst" | "op" | "macro" | "family" | "pseudo" | "label" => break,
                "pure" => Annotation::Pure,
                "specializing" => Annotation::Specializing,
                "override" => Annotation::Override,
                "tier1" => Annotation::Tier1,
                "tier2" => Annotation::Tier2,
                "replaced" => Annotation::Replaced,
                "split" => Annotation::Split,
                "no_save_ip" => Annotation::NoSaveIp,
                "spilled" => Annotation::Spilled,
                "guard" => Annotation::Guard,
                "replicate" => {
                    self.pos += 1;
                    self.expect_punct("(")?;
                    let a = self.count()?;
                    let (start, end) = if self.eat_punct(":") {
                        (a, self.count()?)
                    } else {
                        (0, a)
                    };
                    self.expect_punct(")")?;
                    annotations.push(Annotation::Replicate { start, end });
                    continue;
                }
                "uses" => {
                    self.pos += 1;
                    self.expect_punct("(")?;
                    loop {
                        let loc = self.location();
                        let u = self.name()?;
                        match u.as_str() {
                            "oparg" => uses.oparg = true,
                            "consts" => uses.consts = true,
                            "names" => uses.names = true,
                            "locals" => uses.locals = true,
                            "free" => uses.free = true,
                            "jump" => uses.jump = true,
                            _ => return Err(DslError::new(DslErrorKind::UnknownUse(u), loc)),
                        }
                        if !self.eat_punct(",") {
                            break;
                        }
                    }
                    self.expect_punct(")")?;
                    continue;
                }
                _ => {
                    return Err(DslError::new(
                        DslErrorKind::UnknownAnnotation(word),
                        self.location(),
                    ));
                }
            };
            self.pos += 1;
            annotations.push(ann);
        }
        let keyword = self.name()?;
        let check_plain = |what: &str, allow_spilled: bool| -> Result<(), DslError> {
            let bad = annotations
                .iter()
                .any(|a| !(allow_spilled && *a == Annotation::Spilled))
                || uses != Uses::default();
            if bad {
                return Err(DslError::new(
                    DslErrorKind::Invalid(format!("annotations are not allowed on a {what}")),
                    start.clone(),
                ));
            }
            Ok(())
        };
        match keyword.as_str() {
            "inst" | "op" => {
                self.expect_punct("(")?;
                let name = self.name()?;
                self.expect_punct(",")?;
                let effect = self.stack_effect(true)?;
                self.expect_punct(")")?;
                let body = self.body()?;
                let kind = if keyword == "inst" {
                    InstKind::Inst
                } else {
                    InstKind::Op
                };
                Ok(Definition::Inst(InstDef {
                    kind,
                    name,
                    annotations,
                    uses,
                    effect,
                    body,
                    location: start,
                }))
            }
            "macro" => {
                check_plain("macro", false)?;
                self.expect_punct("(")?;
                let name = self.name()?;
                self.expect_punct(")")?;
                self.expect_punct("=")?;
                let mut parts = Vec::new();
                loop {
                    let loc = self.location();
                    let part_name = self.name()?;
                    if self.eat_punct("/") {
                        let size = self.number()?;
                        parts.push(MacroPart::Cache(CacheEntry {
                            name: part_name,
                            size,
                            location: loc,
                        }));
                    } else if part_name == "flush" {
                        parts.push(MacroPart::Flush(loc));
                    } else {
                        parts.push(MacroPart::Op {
                            name: part_name,
                            location: loc,
                        });
                    }
                    if !self.eat_punct("+") {
                        break;
                    }
                }
                self.expect_punct(";")?;
                Ok(Definition::Macro(MacroDef {
                    name,
                    parts,
                    location: start,
                }))
            }
            "family" => {
                check_plain("family", false)?;
                self.expect_punct("(")?;
                let name = self.name()?;
                self.expect_punct(",")?;
                let size = match self.peek().clone() {
                    TokenKind::Number(n) => {
                        self.pos += 1;
                        FamilySize::Number(n)
                    }
                    TokenKind::Ident(s) => {
                        self.pos += 1;
                        FamilySize::Name(s)
                    }
                    _ => return self.error("a cache size (integer or name)"),
                };
                self.expect_punct(")")?;
                self.expect_punct("=")?;
                self.expect_punct("{")?;
                let members = self.name_list("}")?;
                self.expect_punct(";")?;
                Ok(Definition::Family(FamilyDef {
                    name,
                    size,
                    members,
                    location: start,
                }))
            }
            "pseudo" => {
                check_plain("pseudo-instruction", false)?;
                self.expect_punct("(")?;
                let name = self.name()?;
                self.expect_punct(",")?;
                let effect = self.stack_effect(false)?;
                let mut flags = Vec::new();
                if self.eat_punct(",") {
                    self.expect_punct("(")?;
                    loop {
                        flags.push(self.name()?);
                        if !self.eat_punct(",") {
                            break;
                        }
                    }
                    self.expect_punct(")")?;
                }
                self.expect_punct(")")?;
                self.expect_punct("=")?;
                let as_sequence = if self.eat_punct("[") {
                    true
                } else if self.eat_punct("{") {
                    false
                } else {
                    return self.error("`{` or `[`");
                };
                let targets = self.name_list(if as_sequence { "]" } else { "}" })?;
                self.expect_punct(";")?;
                Ok(Definition::Pseudo(PseudoDef {
                    name,
                    effect,
                    flags,
                    targets,
                    as_sequence,
                    location: start,
                }))
            }
            "label" => {
                check_plain("label", true)?;
                let spilled = annotations.contains(&Annotation::Spilled);
                self.expect_punct("(")?;
                let name = self.name()?;
                self.expect_punct(")")?;
                let body = self.body()?;
                Ok(Definition::Label(LabelDef {
                    name,
                    spilled,
                    body,
                    location: start,
                }))
            }
            _ => unreachable_keyword(start),
        }
    }

    fn count(&mut self) -> Result<u32, DslError> {
        let loc = self.location();
        let n = self.number()?;
        u32::try_from(n).map_err(|_| {
            DslError::new(
                DslErrorKind::Expected {
                    expected: "a non-negative count".into(),
                    found: n.to_string(),
                },
                loc,
            )
        })
    }

    fn name_list(&mut self, close: &str) -> Result<Vec<(String, Location)>, DslError> {
        let mut out = Vec::new();
        loop {
            if self.eat_punct(close) {
                break;
            }
            let loc = self.location();
            out.push((self.name()?, loc));
            if !self.eat_punct(",") {
                self.expect_punct(close)?;
                break;
            }
        }
        Ok(out)
    }

    fn stack_effect(&mut self, allow_caches: bool) -> Result<StackEffect, DslError> {
        self.expect_punct("(")?;
        let mut effect = StackEffect::default();
        let mut outputs = false;
        loop {
            if self.eat_punct("--") {
                if outputs {
                    return self.error("`)`");
                }
                outputs = true;
                continue;
            }
            if self.eat_punct(")") {
                if !outputs {
                    self.pos -= 1;
                    return self.error("`--`");
                }
                break;
            }
            let loc = self.location();
            let name = self.name()?;
            if matches!(self.peek(), TokenKind::Punct("/")) {
                if outputs || !allow_caches || !effect.inputs.is_empty() {
                    return Err(DslError::new(
                        DslErrorKind::Invalid(
                            "a cache cell `name/N` may only come first among an op's inputs".into(),
                        ),
                        loc,
                    ));
                }
                self.pos += 1;
                let size = self.number()?;
                effect.caches.push(CacheEntry {
                    name,
                    size,
                    location: loc,
                });
            } else {
                let mut item = StackItem {
                    name,
                    size: None,
                    cond: None,
                    location: loc,
                };
                if matches!(self.peek(), TokenKind::Punct(":")) {
                    // A C type annotation (`name: type`); accepted and ignored.
                    self.pos += 1;
                    self.name()?;
                    while self.eat_punct("*") {}
                }
                if self.eat_punct("[") {
                    item.size = Some(self.expr()?);
                    self.expect_punct("]")?;
                }
                if self.is_ident("if") {
                    self.pos += 1;
                    self.expect_punct("(")?;
                    item.cond = Some(self.expr()?);
                    self.expect_punct(")")?;
                }
                if outputs {
                    effect.outputs.push(item);
                } else {
                    effect.inputs.push(item);
                }
            }
            if !self.eat_punct(",") && !self.is_punct("--") && !self.is_punct(")") {
                return self.error("`,`, `--` or `)`");
            }
        }
        Ok(effect)
    }

    fn body(&mut self) -> Result<Body, DslError> {
        let open = self.location();
        self.expect_punct("{")?;
        let start = self.pos;
        let mut stack: Vec<(&'static str, Location)> = vec![("}", open)];
        while let Some((close, _)) = stack.last() {
            let close = *close;
            let loc = self.location();
            match self.bump() {
                TokenKind::Eof => {
                    let (_, at) = stack.pop().unwrap_or(("}", loc));
                    return Err(DslError::new(
                        DslErrorKind::Unbalanced("bracket: never closed".into()),
                        at,
                    ));
                }
                TokenKind::Punct(p @ ("(" | "[" | "{")) => {
                    let c = match p {
                        "(" => ")",
                        "[" => "]",
                        _ => "}",
                    };
                    stack.push((c, loc));
                }
                TokenKind::Punct(p @ (")" | "]" | "}")) => {
                    if p != close {
                        return Err(DslError::new(
                            DslErrorKind::Unbalanced(format!("`{p}` (expected `{close}`)")),
                            loc,
                        ));
                    }
                    stack.pop();
                }
                _ => {}
            }
        }
        let tokens = self.tokens[start..self.pos - 1].to_vec();
        Ok(Body { tokens })
    }

    // expr := or ; precedence (low to high): | ^ & (== !=) (< <= > >=) (<< >>) (+ -) (* / %) unary
    fn expr(&mut self) -> Result<Expr, DslError> {
        self.binary(0)
    }

    fn binary(&mut self, level: usize) -> Result<Expr, DslError> {
        const LEVELS: [&[(&str, BinOp)]; 8] = [
            &[("|", BinOp::Or)],
            &[("^", BinOp::Xor)],
            &[("&", BinOp::And)],
            &[("==", BinOp::Eq), ("!=", BinOp::Ne)],
            &[
                ("<", BinOp::Lt),
                ("<=", BinOp::Le),
                (">", BinOp::Gt),
                (">=", BinOp::Ge),
            ],
            &[("<<", BinOp::Shl), (">>", BinOp::Shr)],
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
            &[("*", BinOp::Mul), ("/", BinOp::Div), ("%", BinOp::Rem)],
        ];
        let Some(ops) = LEVELS.get(level) else {
            return self.unary();
        };
        let mut lhs = self.binary(level + 1)?;
        loop {
            let found = ops
                .iter()
                .find(|(p, _)| self.is_punct(p))
                .map(|(_, op)| *op);
            let Some(op) = found else { break };
            self.pos += 1;
            let rhs = self.binary(level + 1)?;
            lhs = Expr::Binary(op, Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr, DslError> {
        for (p, op) in [("-", UnOp::Neg), ("!", UnOp::Not), ("~", UnOp::BitNot)] {
            if self.eat_punct(p) {
                return Ok(Expr::Unary(op, Box::new(self.unary()?)));
            }
        }
        let loc = self.location();
        match self.bump() {
            TokenKind::Number(n) => Ok(Expr::Num(n)),
            TokenKind::Ident(s) if s == "oparg" => Ok(Expr::Oparg),
            TokenKind::Punct("(") => {
                let e = self.expr()?;
                self.expect_punct(")")?;
                Ok(e)
            }
            other => Err(DslError::new(
                DslErrorKind::BadExpression(format!(
                    "expected an integer, `oparg` or `(`, found {}",
                    other.describe()
                )),
                loc,
            )),
        }
    }
}

fn unreachable_keyword<T>(at: Location) -> Result<T, DslError> {
    Err(DslError::new(
        DslErrorKind::Invalid("internal: unknown keyword".into()),
        at,
    ))
}
