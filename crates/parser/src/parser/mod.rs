//! Port of Grammar/python.gram's driver (Parser/pegen.c, Parser/pegen_errors.c, Parser/action_helpers.c): the `Parser` struct, the token cursor, locations and error reporting.
//!
//! The parser is a hand-written PEG parser that follows `Grammar/python.gram` rule for rule:
//! ordered choice with backtracking over a token position ([`Parser::mark`] /
//! [`Parser::reset`]), lookaheads, memoisation of the rules CPython memoises, and left
//! recursion written as loops. As in CPython a failed first pass is followed by a second
//! pass with the `invalid_*` rules enabled ([`Parser::invalid`]) to find a specialised
//! message, and a generic `invalid syntax` points at the furthest token of the first pass.
//!
//! Rules return `Option<T>`: `None` is "no match" or, when [`Parser::error`] is set, an
//! error that unwinds every rule (CPython's `error_indicator`).
//!
//! Submodules, one per syntactic category as in ruff:
//! - [`expression`]: expressions, targets, comprehensions, call arguments;
//! - [`statement`]: statements and blocks;
//! - [`parameters`]: function and lambda parameters, type parameters;
//! - [`pattern`]: `match` patterns;
//! - [`strings`]: literal decoding, implicit concatenation, f-strings and t-strings;
//! - [`invalid`]: the second pass's `invalid_*` rules.

pub mod expression;
pub mod invalid;
pub(crate) mod keyword;
pub mod parameters;
pub mod pattern;
pub mod statement;
pub mod strings;

mod tokens;

pub(crate) use keyword::Kw;
use oxpy_tokenize::{
    ExceptionClass, LexOptions, Lexer, SourceText, Token, TokenKind, TokenizeError,
    TokenizeErrorKind,
};
use tokens::TokenBuffer;

use crate::ast::{Expr, ExprContext, ExprKind, Keyword, Mod, Stmt, TypeIgnore};
use crate::error::{ErrorLocation, ParseError};
use crate::location::Location;
use crate::options::{Mode, ParseOptions};

/// CPython's `MAXSTACK` (Parser/parser.c): the deepest nesting of rule calls.
const MAXSTACK: usize = 6000;

/// The longest left-recursive chain (`a.b.c…`, `a + b + …`, `f()()…`) oxpy builds: each
/// link is one more level of tree, and Rust walks trees recursively (drop, clone, dump).
/// CPython's parser builds longer chains, which then fail in `ast.dump` (past ~995 levels)
/// or in the compiler with a RecursionError; oxpy raises its RecursionError here.
pub(crate) const AST_DEPTH_LIMIT: usize = 3000;

/// Memoised rules: of the rules CPython memoises, those whose memo entries are actually
/// reused (measured on the stdlib: `expression`, `t_primary`, `strings`, `arguments`; the
/// others are rarely asked for twice at one position).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub(crate) enum MemoRule {
    Expression,
    TPrimary,
    Strings,
    Arguments,
}

/// What the memo knows about one rule at one position. A result is not copied into the
/// memo when it is first parsed (most are never asked for again): the alternatives that
/// fail after such a call hand their result back ([`Parser::give_back`]) for the next
/// alternative, and a rule asked for again without that is parsed a second time, and then
/// kept, so no rule is parsed more than twice at one position.
#[derive(Clone, Copy, Debug)]
enum MemoState {
    /// The rule did not match.
    Miss,
    /// The rule matched; the caller got its result.
    Parsed,
    /// A result handed back: the next lookup takes it (index into `memo_values`).
    Lent(u32),
    /// The rule matched a second time: the result stays, lookups get copies.
    Kept(u32),
}

/// One memo entry: a rule at one token position, chained per position; 12 bytes.
struct MemoEntry {
    /// The position after the match.
    end: u32,
    /// The next entry of the same position (`u32::MAX`: none).
    next: u32,
    /// The rule (2 bits), the state's kind (2 bits) and its `memo_values` index.
    key: u32,
}

/// `memo_values` indices a [`MemoEntry`] can hold; a value past them is not kept (the rule
/// is parsed again instead).
const MEMO_VALUES_MAX: usize = 1 << 28;

impl MemoEntry {
    fn new(rule: MemoRule, state: MemoState, end: usize, next: u32) -> Self {
        MemoEntry {
            end: end as u32,
            next,
            key: Self::key(rule, state),
        }
    }

    fn key(rule: MemoRule, state: MemoState) -> u32 {
        let (kind, value) = match state {
            MemoState::Miss => (0, 0),
            MemoState::Parsed => (1, 0),
            MemoState::Lent(v) => (2, v),
            MemoState::Kept(v) => (3, v),
        };
        (value << 4) | (kind << 2) | rule as u32
    }

    #[inline]
    fn is(&self, rule: MemoRule) -> bool {
        self.key & 3 == rule as u32
    }

    fn state(&self) -> MemoState {
        let value = self.key >> 4;
        match (self.key >> 2) & 3 {
            0 => MemoState::Miss,
            1 => MemoState::Parsed,
            2 => MemoState::Lent(value),
            _ => MemoState::Kept(value),
        }
    }

    fn set_state(&mut self, state: MemoState) {
        let rule = self.key & 3;
        self.key = (Self::key(MemoRule::Expression, state) & !3) | rule;
    }
}

/// A memoised result.
pub(crate) enum MemoValue {
    Expr(Expr),
    Args(CallArgs),
    /// Taken by a lookup.
    Gone,
}

/// A result a memoised rule returns.
pub(crate) trait Memoised: Clone + Sized {
    fn into_value(self) -> MemoValue;
    fn take(v: &mut MemoValue) -> Option<Self>;
    fn copy(v: &MemoValue) -> Option<Self>;
}

impl Memoised for Expr {
    fn into_value(self) -> MemoValue {
        MemoValue::Expr(self)
    }
    fn take(v: &mut MemoValue) -> Option<Self> {
        match std::mem::replace(v, MemoValue::Gone) {
            MemoValue::Expr(e) => Some(e),
            _ => None,
        }
    }
    fn copy(v: &MemoValue) -> Option<Self> {
        match v {
            MemoValue::Expr(e) => Some(e.clone()),
            _ => None,
        }
    }
}

impl Memoised for CallArgs {
    fn into_value(self) -> MemoValue {
        MemoValue::Args(self)
    }
    fn take(v: &mut MemoValue) -> Option<Self> {
        match std::mem::replace(v, MemoValue::Gone) {
            MemoValue::Args(a) => Some(a),
            _ => None,
        }
    }
    fn copy(v: &MemoValue) -> Option<Self> {
        match v {
            MemoValue::Args(a) => Some(a.clone()),
            _ => None,
        }
    }
}

/// Where a rule starts: the line and column of its first token (what `EXTRA` needs of it).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Start {
    /// The token's line.
    pub(crate) lineno: u32,
    /// The token's column (UTF-8 bytes).
    pub(crate) col: u32,
}

impl From<Token> for Start {
    fn from(t: Token) -> Self {
        Start {
            lineno: t.lineno,
            col: t.col,
        }
    }
}

/// Call arguments as the `arguments` rule returns them (CPython's dummy `Call`).
pub(crate) type CallArgs = (Vec<Expr>, Vec<Keyword>);

/// The parser state (CPython's `Parser`).
pub struct Parser<'a> {
    /// The input, kept to start over when the first pass cannot be followed by the error
    /// pass (see [`tokens`]).
    source: &'a SourceText,
    pub(crate) src: &'a str,
    lexer: Lexer<'a>,
    pub(crate) toks: TokenBuffer,
    tok_done: bool,
    pub(crate) pos: usize,
    /// The error that stops the parse (CPython's `error_indicator` + the pending exception).
    pub(crate) error: Option<ParseError>,
    /// Whether the tokenizer failed (its error is then final).
    pub(crate) tok_failed: bool,
    /// Whether the lexer returned an error (set once, when the parser reads it).
    pub(crate) lex_failed: bool,
    /// Second pass: `invalid_*` rules are tried (`call_invalid_rules`).
    pub(crate) invalid: bool,
    level: usize,
    /// Memoised results (CPython hangs them off each token): per token position, the
    /// first of its entries (`u32::MAX`: none).
    memo_heads: Vec<u32>,
    /// The position `memo_heads[0]` stands for: the memo covers the statement being
    /// parsed (the first pass drops it after each statement; nothing before is asked for
    /// again unless the parse fails).
    memo_base: usize,
    memo_entries: Vec<MemoEntry>,
    memo_values: Vec<MemoValue>,
    /// Where each line starts (computed when an error or a type comment needs it).
    line_starts: std::cell::OnceCell<Vec<usize>>,
    /// Statements of the blocks being parsed (see `statements`).
    pub(crate) stmt_stack: Vec<Stmt>,
    /// A primary parsed ahead by `expression` (start, end, value), for the `primary`
    /// call its `disjunction` makes at that start.
    pub(crate) primed: Option<(usize, usize, Expr)>,
    /// Expressions of the lists being parsed (see `gather_exprs`).
    pub(crate) expr_stack: Vec<Expr>,
    /// What the parse was asked for.
    pub(crate) opts: ParseOptions,
    /// Whether the parse started over keeping every token (see [`Parser::started_over`]).
    started_over: bool,
    /// `# type: ignore` comments seen so far (`p->type_ignore_comments`).
    pub(crate) type_ignores: Vec<TypeIgnore>,
    /// CPython's `p->parsing_started` (single mode turns the first ENDMARKER into NEWLINE).
    parsing_started: bool,
    /// Whether tokens of the lexer's fast path are read ahead of the parser's needs, a
    /// few at a time (the first run over `exec` input: a failure, whose messages
    /// depend on the last token read, runs the parse again without).
    read_ahead: bool,
    /// Tokens to hand out before reading more from the lexer.
    pending: std::collections::VecDeque<Token>,
    /// DEDENTs held back after a dropped final NEWLINE (string input without a final
    /// newline has neither in CPython's tokenizer; single mode hands them out later).
    held_dedents: Vec<Token>,
    /// Whether the text's final newline was added by oxpy and must not be seen (CPython
    /// adds it for `exec` input only).
    drop_final_newline: bool,
    /// Set once that final NEWLINE was dropped: the DEDENTs after it are held back.
    dropping_dedents: bool,
    /// `p->last_stmt_location` (line, column) of the error pass (`(0, 0)`: none).
    pub(crate) last_stmt: (i64, i64),
    /// Whether the tokenizer had reached the end of the input when the first pass failed
    /// (`_is_end_of_source`: what `PyCF_ALLOW_INCOMPLETE_INPUT` calls incomplete input).
    pub(crate) incomplete: bool,
    /// Whether the tokenizer failed at the end of the input (`E_EOF`, `E_EOFS`).
    tok_error_at_eof: bool,
    /// The SyntaxWarnings emitted so far, in order (the tokenizer's and the parser's).
    pub(crate) warnings: Vec<crate::ParseWarning>,
    /// How many of the lexer's warnings are already in `warnings`.
    lexer_warnings_seen: usize,
    /// Source positions the parser has warned about (a literal decoded twice warns once).
    pub(crate) warned_at: std::collections::HashSet<(i32, i32)>,
}

impl<'a> Parser<'a> {
    /// A parser over a decoded source (`exec` mode, no type comments).
    pub fn new(source: &'a SourceText) -> Self {
        Self::with_options(source, ParseOptions::default())
    }

    /// A parser over a decoded source with the given options.
    pub fn with_options(source: &'a SourceText, opts: ParseOptions) -> Self {
        Self::build(source, opts, true)
    }

    /// A parser whose first pass keeps only the tokens of the statement being parsed
    /// (`windowed`) or every token.
    fn build(source: &'a SourceText, opts: ParseOptions, windowed: bool) -> Self {
        let src = source.as_str();
        // About one token per 6 bytes of source; a windowed buffer holds about one
        // statement (with the last token of the one before), and grows when one is longer.
        let mut tokens_guess = src.len() / 6 + 16;
        if windowed {
            tokens_guess = (src.len() / 8).clamp(16, 64);
        }
        Parser {
            source,
            src,
            lexer: Lexer::new(
                src,
                source.implicit_newline(),
                LexOptions {
                    extra_tokens: false,
                    type_comments: opts.type_comments,
                },
            ),
            toks: TokenBuffer::new(tokens_guess, windowed),
            tok_done: false,
            pos: 0,
            error: None,
            tok_failed: false,
            lex_failed: false,
            invalid: false,
            level: 0,
            memo_heads: Vec::new(),
            memo_base: 0,
            memo_entries: Vec::new(),
            memo_values: Vec::new(),
            line_starts: std::cell::OnceCell::new(),
            stmt_stack: Vec::new(),
            expr_stack: Vec::new(),
            primed: None,
            opts,
            started_over: false,
            type_ignores: Vec::new(),
            parsing_started: false,
            read_ahead: windowed && opts.mode == Mode::Exec,
            pending: std::collections::VecDeque::new(),
            held_dedents: Vec::new(),
            drop_final_newline: opts.mode != Mode::Exec && source.implicit_newline(),
            dropping_dedents: false,
            last_stmt: (0, 0),
            incomplete: false,
            tok_error_at_eof: false,
            warnings: Vec::new(),
            lexer_warnings_seen: 0,
            warned_at: std::collections::HashSet::new(),
        }
    }

    // ------------------------------------------------------------------ driver ----

    /// Parses a whole module (`file` rule), with CPython's two passes.
    pub fn parse_file(&mut self) -> Result<Mod, ParseError> {
        self.parse()
    }

    /// The start rule of the mode (`_PyPegen_parse`).
    fn start_rule(&mut self) -> Option<Mod> {
        match self.opts.mode {
            Mode::Exec => self.file_rule(),
            Mode::Eval => self.eval_rule(),
            Mode::Single => self.interactive_rule(),
            Mode::FuncType => self.func_type_rule(),
        }
    }

    /// Parses the source with the start rule of its mode, with CPython's two passes
    /// (`_PyPegen_run_parser`).
    pub fn parse(&mut self) -> Result<Mod, ParseError> {
        let first = self.start_rule();
        if self.toks.missed() || (first.is_none() && (self.toks.lost_any() || self.read_ahead)) {
            // The first pass needed a token it had dropped, or failed and the error pass
            // needs them all (and the tokens read so far to be those the parser asked
            // for): start over keeping every token, reading none ahead.
            *self = Self::build(self.source, self.opts, false);
            self.started_over = true;
            return self.parse();
        }
        if let Some(m) = first {
            if self.opts.mode == Mode::Single && self.bad_single_statement() {
                self.raise_syntax("multiple statements found while compiling a single statement");
                return Err(self.error.take().unwrap_or_else(|| self.generic_error()));
            }
            return Ok(m);
        }
        self.incomplete = self.lexer.at_eof() || self.tok_error_at_eof;
        if self.error.is_none() {
            let last = self.toks.len().checked_sub(1);
            self.reset_for_error_pass();
            let _ = self.start_rule();
            self.set_syntax_error(last);
        } else if !self.tok_failed {
            self.check_rest_for_tokenizer_errors();
        }
        Err(self.error.take().unwrap_or_else(|| self.generic_error()))
    }

    /// Whether [`Parser::parse`] ran the first pass twice: once keeping only the current
    /// statement's tokens, then, because that pass failed or needed an earlier token,
    /// keeping them all. A valid program never needs the second run (tests check this).
    pub fn started_over(&self) -> bool {
        self.started_over
    }

    /// `bad_single_statement`: whether anything but whitespace and comments follows the
    /// statement that single mode parsed (from where the tokenizer stopped).
    fn bad_single_statement(&self) -> bool {
        let Some(last) = self.toks.last() else {
            return false;
        };
        if last.kind == TokenKind::ENDMARKER {
            return false;
        }
        let rest = self
            .src
            .as_bytes()
            .get(last.end as usize..)
            .unwrap_or_default();
        let mut i = 0;
        loop {
            while matches!(rest.get(i), Some(b' ' | b'\t' | b'\n' | b'\x0c')) {
                i += 1;
            }
            match rest.get(i) {
                None => return false,
                Some(b'#') => {}
                Some(_) => return true,
            }
            while !matches!(rest.get(i), None | Some(b'\n')) {
                i += 1;
            }
        }
    }

    fn generic_error(&self) -> ParseError {
        ParseError::Syntax {
            class: ExceptionClass::SyntaxError,
            message: "invalid syntax".into(),
            location: ErrorLocation::default(),
        }
    }

    fn reset_for_error_pass(&mut self) {
        self.memo_heads.clear();
        self.memo_entries.clear();
        self.memo_values.clear();
        self.memo_base = 0;
        self.pos = 0;
        self.level = 0;
        self.invalid = true;
    }

    /// `_PyPegen_set_syntax_error`.
    fn set_syntax_error(&mut self, last: Option<usize>) {
        if self.error.is_some() {
            if !self.tok_failed {
                self.check_rest_for_tokenizer_errors();
            }
            return;
        }
        let Some(last) = last else {
            self.raise_at_token_pos(
                0,
                ExceptionClass::SyntaxError,
                "error at start before reading any input",
            );
            return;
        };
        let t = self.toks.at(last);
        match t.kind {
            TokenKind::INDENT => {
                self.raise_error_at_last(
                    ExceptionClass::IndentationError,
                    "unexpected indent",
                    last,
                );
            }
            TokenKind::DEDENT => {
                self.raise_error_at_last(
                    ExceptionClass::IndentationError,
                    "unexpected unindent",
                    last,
                );
            }
            _ => {
                // ENDMARKER has no columns (-1) in CPython.
                let (col, end_col) = if t.kind == TokenKind::ENDMARKER {
                    (-1, -1)
                } else {
                    (t.col as i64, t.end_col as i64)
                };
                self.raise_known(
                    ExceptionClass::SyntaxError,
                    "invalid syntax".into(),
                    t.lineno as usize,
                    col,
                    t.end_lineno as usize,
                    end_col,
                );
                self.check_rest_for_tokenizer_errors();
            }
        }
    }

    /// `RAISE_INDENTATION_ERROR` (via `_PyPegen_raise_error` on the last token).
    fn raise_error_at_last(&mut self, class: ExceptionClass, msg: &str, idx: usize) {
        let t = self.toks.at(idx);
        self.raise_on_token(class, msg.to_string(), t);
    }

    /// `_PyPegen_raise_error` on token `t`: INDENT/DEDENT tokens have no column in
    /// CPython, which then uses the tokenizer's position and no end.
    pub(crate) fn raise_on_token(&mut self, class: ExceptionClass, msg: String, t: Token) {
        if matches!(
            t.kind,
            TokenKind::INDENT | TokenKind::DEDENT | TokenKind::ENDMARKER
        ) {
            if self.error.is_some() {
                return;
            }
            let line = self.line_text(t.lineno as usize);
            let col = if t.kind == TokenKind::ENDMARKER {
                self.endmarker_column(t)
            } else {
                t.col as i64
            };
            let offset = char_offset(line, col);
            self.error = Some(ParseError::Syntax {
                class,
                message: msg,
                location: ErrorLocation {
                    lineno: Some(i64::from(t.lineno)),
                    offset: Some(offset),
                    end_lineno: Some(i64::from(t.end_lineno)),
                    end_offset: Some(-1),
                },
            });
            return;
        }
        self.raise_known(
            class,
            msg,
            t.lineno as usize,
            t.col as i64,
            t.end_lineno as usize,
            t.end_col as i64,
        );
    }

    /// The tokenizer's column when it returned ENDMARKER: the end of the input, counted
    /// from the start of the token's line (CPython's `p->tok->cur - line_start`).
    fn endmarker_column(&self, t: Token) -> i64 {
        let mut end = self.src.len();
        if self.drop_final_newline {
            end = end.saturating_sub(1);
        }
        let start = self
            .line_starts()
            .get((t.lineno as usize).wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        end.saturating_sub(start) as i64
    }

    fn raise_at_token_pos(&mut self, idx: usize, class: ExceptionClass, msg: &str) {
        if let Some(t) = self.toks.get(idx) {
            self.raise_known(
                class,
                msg.into(),
                t.lineno as usize,
                t.col as i64,
                t.end_lineno as usize,
                t.end_col as i64,
            );
        } else {
            self.raise_known(class, msg.into(), 1, 0, 1, -1);
        }
    }

    /// `_PyPegen_tokenize_full_source_to_check_for_errors`: a tokenizer error later in the
    /// file replaces the parser's SyntaxError.
    fn check_rest_for_tokenizer_errors(&mut self) {
        let err_line = self.toks.last().map_or(0, |t| t.lineno);
        if self.tok_done {
            return;
        }
        loop {
            let next = self.lexer.next_token();
            self.take_lexer_warnings();
            match next {
                Ok(t) if t.kind == TokenKind::ENDMARKER => break,
                Ok(_) => continue,
                Err(e) => {
                    match e.kind {
                        TokenizeErrorKind::Eof {
                            open_bracket: Some((c, line, col)),
                        } => {
                            if err_line > line {
                                let msg = format!("'{c}' was never closed");
                                self.error = None;
                                self.raise_known(
                                    ExceptionClass::SyntaxError,
                                    msg,
                                    line as usize,
                                    col as i64,
                                    line as usize,
                                    -1,
                                );
                            }
                        }
                        TokenizeErrorKind::Eof { .. }
                        | TokenizeErrorKind::UnindentMismatch
                        | TokenizeErrorKind::TabSpace
                        | TokenizeErrorKind::TooDeep
                        | TokenizeErrorKind::LineContinuation => {}
                        _ => {
                            if !self.in_fstring_mode() {
                                self.error = Some(ParseError::Tokenize(e));
                            }
                        }
                    }
                    break;
                }
            }
        }
        self.tok_done = true;
    }

    /// Moves the warnings the lexer emitted since the last call to `warnings`.
    fn take_lexer_warnings(&mut self) {
        let all = self.lexer.warnings();
        if all.len() > self.lexer_warnings_seen {
            for w in &all[self.lexer_warnings_seen..] {
                self.warnings.push(crate::ParseWarning {
                    message: w.message.clone(),
                    lineno: i64::from(w.lineno),
                });
            }
            self.lexer_warnings_seen = all.len();
        }
    }

    /// `tok_mode_stack_index > 0` when the tokenizer stopped: inside an f-string the
    /// parser's own error is kept (`_PyPegen_tokenize_full_source_to_check_for_errors`).
    fn in_fstring_mode(&self) -> bool {
        self.lexer.inside_fstring()
    }

    // ------------------------------------------------------------- token cursor ----

    /// Makes sure token `i` is available; `None` at a tokenizer error.
    #[inline]
    fn fill(&mut self, i: usize) -> Option<Token> {
        if i >= self.toks.len() && !self.fill_more(i) {
            return None;
        }
        self.toks.get(i)
    }

    /// Reads tokens from the lexer up to token `i` (`_PyPegen_fill_token`); whether it
    /// is there (false at a tokenizer error or past the end).
    #[inline(never)]
    fn fill_more(&mut self, i: usize) -> bool {
        // The common tokens straight from the lexer's fast path, which never fails nor
        // returns ENDMARKER. Not with a final newline to drop (non-`exec` input without
        // one) nor tokens pending (single mode's end), which the loop below handles.
        if self.pending.is_empty() && !self.drop_final_newline {
            // Reading ahead stops where the buffer would have to grow.
            let want = if self.read_ahead {
                (i + READ_AHEAD)
                    .min(self.toks.room_end().saturating_sub(1))
                    .max(i)
            } else {
                i
            };
            let before = self.toks.len();
            while self.toks.len() <= want {
                // A fast token lies on one line: it ends at its start column plus its
                // length, or one more for a NEWLINE without text (CPython's NEWLINE token
                // spans the newline character).
                let Some(t) = self.lexer.next_fast_token() else {
                    break;
                };
                let len = t.end.wrapping_sub(t.start);
                let kw = if t.kind == TokenKind::NAME {
                    Kw::of_bytes(
                        self.src
                            .as_bytes()
                            .get(t.start as usize..t.end as usize)
                            .unwrap_or_default(),
                    )
                } else {
                    Kw::No
                };
                let pad = t.kind == TokenKind::NEWLINE && len == 0;
                self.toks.push_one_line(t, len, pad, kw);
            }
            if self.toks.len() > before {
                self.parsing_started = true;
            }
            if self.toks.len() > i {
                return true;
            }
        }
        self.fill_slow(i)
    }

    /// [`Parser::fill_more`] through the lexer's general engine.
    #[inline(never)]
    fn fill_slow(&mut self, i: usize) -> bool {
        while self.toks.len() <= i {
            let t = match self.pending.pop_front() {
                Some(t) => t,
                None => {
                    if self.tok_done {
                        return false;
                    }
                    match self.next_lexer_token() {
                        Ok(Some(t)) => t,
                        Ok(None) => continue,
                        Err(e) => {
                            self.tok_done = true;
                            self.lex_failed = true;
                            self.tok_error_at_eof = matches!(
                                e.kind,
                                TokenizeErrorKind::Eof { .. }
                                    | TokenizeErrorKind::UnterminatedTripleQuoted { .. }
                                    | TokenizeErrorKind::UnterminatedTripleQuotedFString { .. }
                            );
                            self.tokenizer_error(e);
                            return false;
                        }
                    }
                }
            };
            if t.kind == TokenKind::ENDMARKER
                && self.opts.mode == Mode::Single
                && self.parsing_started
            {
                // `_PyPegen_fill_token`: interactive input ends its last statement with a
                // NEWLINE, then closes the open blocks.
                self.parsing_started = false;
                self.pending.push_front(t);
                for d in std::mem::take(&mut self.held_dedents).into_iter().rev() {
                    self.pending.push_front(d);
                }
                self.toks.push(
                    Token {
                        kind: TokenKind::NEWLINE,
                        ..t
                    },
                    Kw::No,
                );
                continue;
            }
            self.parsing_started = true;
            let kw = if t.kind == TokenKind::NAME {
                Kw::of(self.text(t))
            } else {
                Kw::No
            };
            self.toks.push(t, kw);
        }
        true
    }

    /// The next token from the lexer as the parser sees it: `None` for a token the parser
    /// does not get (`# type: ignore` comments, which it records, and the final NEWLINE and
    /// DEDENTs of non-`exec` input whose newline oxpy added).
    fn next_lexer_token(&mut self) -> Result<Option<Token>, TokenizeError> {
        let t = self.lexer.next_token();
        self.take_lexer_warnings();
        let mut t = t?;
        match t.kind {
            TokenKind::ENDMARKER => self.tok_done = true,
            TokenKind::TYPE_IGNORE => {
                // CPython copies `end_col_offset - col_offset` bytes from the start: a
                // comment alone on its line gets its newline too.
                let start = t.start as usize;
                let mut end =
                    (start + t.end_col.saturating_sub(t.col) as usize).min(self.src.len());
                let line = self.line_text(t.lineno as usize);
                let alone = line
                    .trim_start_matches([' ', '\t', '\x0c'])
                    .starts_with('#');
                if alone && self.src.as_bytes().get(end) == Some(&b'\n') {
                    end += 1;
                }
                let tag = String::from_utf8_lossy(&self.src.as_bytes()[start..end]).into_owned();
                self.type_ignores.push(TypeIgnore::TypeIgnore {
                    lineno: i64::from(t.lineno),
                    tag: tag.into(),
                });
                return Ok(None);
            }
            TokenKind::NEWLINE if self.drop_final_newline && self.lexer.implicit_newline() => {
                self.dropping_dedents = true;
                return Ok(None);
            }
            TokenKind::DEDENT if self.dropping_dedents => {
                self.held_dedents.push(t);
                return Ok(None);
            }
            _ => {}
        }
        if t.kind == TokenKind::NEWLINE && t.end_lineno == t.lineno && t.end_col == t.col {
            // CPython's NEWLINE token spans the newline character.
            t.end_col = t.col + 1;
        }
        Ok(Some(t))
    }

    /// `_Pypegen_tokenizer_error`: the parser's wording of tokenizer failures.
    fn tokenizer_error(&mut self, e: TokenizeError) {
        self.tok_failed = true;
        if self.error.is_some() {
            return;
        }
        let lineno = self.lexer.lineno() as usize;
        match e.kind {
            TokenizeErrorKind::Eof { open_bracket } => match open_bracket {
                Some((c, line, col)) => {
                    self.raise_known(
                        ExceptionClass::SyntaxError,
                        format!("'{c}' was never closed"),
                        line as usize,
                        col as i64,
                        line as usize,
                        -1,
                    );
                }
                None => {
                    // `RAISE_SYNTAX_ERROR` on the error token, whose column is the
                    // tokenizer's position.
                    let col = self
                        .lexer
                        .line_end()
                        .saturating_sub(self.lexer.line_start());
                    let offset = char_offset(self.line_text(lineno), col as i64);
                    self.error = Some(ParseError::Syntax {
                        class: ExceptionClass::SyntaxError,
                        message: "unexpected EOF while parsing".into(),
                        location: ErrorLocation {
                            lineno: Some(lineno as i64),
                            offset: Some(offset),
                            end_lineno: Some(lineno as i64),
                            end_offset: Some(-1),
                        },
                    });
                }
            },
            TokenizeErrorKind::UnindentMismatch => {
                // `RAISE_INDENTATION_ERROR` on the error token, whose column is unknown:
                // CPython then uses the tokenizer's current column.
                let col = self
                    .lexer
                    .line_end()
                    .saturating_sub(self.lexer.line_start());
                let line = self.line_text(lineno).to_string();
                let offset = char_offset(&line, col as i64);
                self.error = Some(ParseError::Syntax {
                    class: ExceptionClass::IndentationError,
                    message: "unindent does not match any outer indentation level".into(),
                    location: ErrorLocation {
                        lineno: Some(lineno as i64),
                        offset: Some(offset),
                        end_lineno: Some(lineno as i64),
                        end_offset: Some(-1),
                    },
                });
                let _ = e;
            }
            TokenizeErrorKind::TabSpace => {
                self.raise_known(
                    ExceptionClass::TabError,
                    "inconsistent use of tabs and spaces in indentation".into(),
                    lineno,
                    0,
                    lineno,
                    -1,
                );
            }
            TokenizeErrorKind::TooDeep => {
                self.raise_known(
                    ExceptionClass::IndentationError,
                    "too many levels of indentation".into(),
                    lineno,
                    0,
                    lineno,
                    -1,
                );
            }
            TokenizeErrorKind::LineContinuation => {
                // CPython points just after the character following the backslash.
                let line_no = e.lineno as usize;
                let line = self.line_text(line_no);
                let col = line
                    .as_bytes()
                    .windows(2)
                    .position(|w| w[0] == b'\\' && w[1] != b'\n')
                    .map_or(0, |i| i + 1);
                self.raise_known(
                    ExceptionClass::SyntaxError,
                    "unexpected character after line continuation character".into(),
                    line_no,
                    col as i64,
                    line_no,
                    -1,
                );
            }
            _ => self.error = Some(ParseError::Tokenize(e)),
        }
    }

    /// Token `i` (read from the lexer when needed).
    #[inline]
    pub(crate) fn fill_at(&mut self, i: usize) -> Option<Token> {
        self.fill(i)
    }

    /// The token at the cursor.
    #[inline]
    pub(crate) fn cur(&mut self) -> Option<Token> {
        self.fill(self.pos)
    }

    /// The kind of the token at the cursor (ENDMARKER on error).
    #[inline]
    pub(crate) fn kind(&mut self) -> TokenKind {
        match self.toks.kind(self.pos) {
            Some(k) => k,
            None => {
                if self.fill_more(self.pos) {
                    self.toks.kind(self.pos).unwrap_or(TokenKind::ENDMARKER)
                } else {
                    TokenKind::ENDMARKER
                }
            }
        }
    }

    /// The keyword token `i` spells ([`Kw::No`] when it is none or unavailable).
    #[inline]
    pub(crate) fn kw_at_index(&mut self, i: usize) -> Kw {
        if i >= self.toks.len() && !self.fill_more(i) {
            return Kw::No;
        }
        self.toks.kw(i).unwrap_or(Kw::No)
    }

    /// Whether token `i` (already read) is the keyword `kw`.
    pub(crate) fn at_index_kw(&self, i: usize, kw: Kw) -> bool {
        self.toks.kw(i) == Some(kw)
    }

    /// The keyword the token at the cursor spells ([`Kw::No`] for none).
    #[inline]
    pub(crate) fn cur_kw(&mut self) -> Kw {
        self.kw_at_index(self.pos)
    }

    /// The kind of the token `n` after the cursor.
    pub(crate) fn kind_at(&mut self, n: usize) -> TokenKind {
        self.fill(self.pos + n)
            .map_or(TokenKind::ENDMARKER, |t| t.kind)
    }

    /// The text of a token.
    pub(crate) fn text(&self, t: Token) -> &'a str {
        &self.src[t.start as usize..t.end as usize]
    }

    /// CPython's `p->mark`.
    pub(crate) fn mark(&self) -> usize {
        self.pos
    }

    /// Back to a mark.
    pub(crate) fn reset(&mut self, m: usize) {
        self.pos = m;
    }

    /// Consumes a token of kind `k`.
    #[inline(always)]
    pub(crate) fn eat(&mut self, k: TokenKind) -> Option<Token> {
        // Most calls fail: compare the kind before unpacking the token.
        if self.kind() != k {
            return None;
        }
        let t = self.toks.get(self.pos)?;
        self.pos += 1;
        Some(t)
    }

    /// Whether the next token is of kind `k` (lookahead, consumes nothing).
    pub(crate) fn at(&mut self, k: TokenKind) -> bool {
        self.kind() == k
    }

    /// Consumes the (hard or soft) keyword `kw`.
    #[inline]
    pub(crate) fn kw(&mut self, kw: Kw) -> Option<Token> {
        if self.cur_kw() == kw {
            let t = self.toks.at(self.pos);
            self.pos += 1;
            Some(t)
        } else {
            None
        }
    }

    /// Whether the next token is the keyword `kw`.
    #[inline]
    pub(crate) fn at_kw(&mut self, kw: Kw) -> bool {
        self.cur_kw() == kw
    }

    /// Whether token `n` after the cursor is the keyword `kw`.
    #[inline]
    pub(crate) fn at_kw_n(&mut self, n: usize, kw: Kw) -> bool {
        self.kw_at_index(self.pos + n) == kw
    }

    /// `NAME`: an identifier that is not a hard keyword.
    #[inline]
    pub(crate) fn name_token(&mut self) -> Option<Token> {
        if self.kind() == TokenKind::NAME && !self.toks.kw(self.pos).unwrap_or(Kw::Def).is_hard() {
            let t = self.toks.at(self.pos);
            self.pos += 1;
            Some(t)
        } else {
            None
        }
    }

    /// `NAME` as its (NFKC-normalised) identifier.
    pub(crate) fn name(&mut self) -> Option<(String, Token)> {
        let t = self.name_token()?;
        Some((self.identifier(t), t))
    }

    /// `NAME` as a `Name` expression in `ctx`.
    pub(crate) fn name_expr(&mut self, ctx: ExprContext) -> Option<Expr> {
        let (id, t) = self.name()?;
        Some(Expr {
            kind: ExprKind::Name { id, ctx },
            loc: tok_loc(t),
        })
    }

    /// `_PyPegen_new_identifier`: NFKC-normalises non-ASCII identifiers.
    pub(crate) fn identifier(&self, t: Token) -> String {
        let s = self.text(t);
        if s.is_ascii() {
            s.to_string()
        } else {
            crate::parser::strings::nfkc(s)
        }
    }

    /// Runs `f` as one alternative: resets the cursor when it fails.
    pub(crate) fn alt<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if self.error.is_some() {
            return None;
        }
        let m = self.pos;
        let r = f(self);
        if r.is_none() {
            self.pos = m;
        }
        r
    }

    /// Positive lookahead: whether `f` matches here (consumes nothing).
    #[allow(dead_code)] // used by the invalid_* rules as they are ported
    pub(crate) fn lookahead<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> bool {
        let m = self.pos;
        let r = f(self).is_some();
        self.pos = m;
        r
    }

    /// Counts one rule call against `MAXSTACK`; runs `f`.
    pub(crate) fn rule<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if self.error.is_some() {
            return None;
        }
        self.level += 1;
        if self.level > MAXSTACK {
            self.level -= 1;
            self.stack_overflow();
            return None;
        }
        // Deep nesting grows the stack on the heap instead of overflowing it, whatever
        // stack the caller runs on (checked every few levels: the red zone has room for
        // them).
        let r = if cfg!(debug_assertions) || self.level % STACK_CHECK_EVERY == 0 {
            stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || f(self))
        } else {
            f(self)
        };
        self.level -= 1;
        r
    }

    /// Stops the parse with `RecursionError` (a chain longer than [`AST_DEPTH_LIMIT`]).
    pub(crate) fn raise_recursion_error(&mut self) {
        if self.error.is_none() {
            self.error = Some(ParseError::Recursion {
                message: "maximum recursion depth exceeded during ast construction".into(),
            });
            self.tok_failed = true;
        }
    }

    fn stack_overflow(&mut self) {
        if self.error.is_none() {
            self.error = Some(ParseError::Syntax {
                class: ExceptionClass::SyntaxError,
                message: "Parser stack overflowed - Python source too complex to parse".into(),
                location: ErrorLocation::default(),
            });
            self.tok_failed = true;
        }
    }

    /// The memo entry of `rule` at `pos`.
    #[inline]
    fn memo_find(&self, pos: usize, rule: MemoRule) -> Option<usize> {
        let mut i = *self.memo_heads.get(pos.checked_sub(self.memo_base)?)?;
        while let Some(e) = self.memo_entries.get(i as usize) {
            if e.is(rule) {
                return Some(i as usize);
            }
            i = e.next;
        }
        None
    }

    /// Records `state` for `rule` at `pos`.
    fn memo_set(&mut self, pos: usize, rule: MemoRule, state: MemoState, end: usize) {
        if let Some(i) = self.memo_find(pos, rule) {
            let e = &mut self.memo_entries[i];
            e.set_state(state);
            e.end = end as u32;
            return;
        }
        self.memo_add(pos, rule, state, end);
    }

    /// Adds an entry for `rule` at `pos`, which has none.
    fn memo_add(&mut self, pos: usize, rule: MemoRule, state: MemoState, end: usize) {
        let Some(at) = pos.checked_sub(self.memo_base) else {
            return;
        };
        // Usually one or two positions past the last one with entries.
        while self.memo_heads.len() <= at {
            self.memo_heads.push(u32::MAX);
        }
        let i = self.memo_entries.len() as u32;
        self.memo_entries
            .push(MemoEntry::new(rule, state, end, self.memo_heads[at]));
        self.memo_heads[at] = i;
    }

    /// First pass: forgets the memo, and lets the tokens before the statement just parsed
    /// (from `stmt_start`) be dropped, but for its last token, which the enclosing node's
    /// location may still read (memory stays that of one statement; the error pass keeps
    /// everything).
    pub(crate) fn memo_release(&mut self, stmt_start: usize) {
        if !self.invalid {
            let mut last = self.pos;
            while last > stmt_start {
                last -= 1;
                if !matches!(
                    self.toks.kind(last),
                    Some(
                        TokenKind::ENDMARKER
                            | TokenKind::NEWLINE
                            | TokenKind::INDENT
                            | TokenKind::DEDENT
                    )
                ) {
                    break;
                }
            }
            self.toks.drop_before(last);
            self.memo_base = self.pos;
            self.memo_heads.clear();
            self.memo_entries.clear();
            self.memo_values.clear();
        }
    }

    /// The number of memo entries so far (a mark for [`Parser::memo_forget_since`]).
    pub(crate) fn memo_mark(&self) -> usize {
        self.memo_entries.len()
    }

    /// First pass: forgets the memo entries made since `mark`, all at positions from
    /// `from` on. Used between the elements of a large display: the elements already
    /// parsed are asked for again only if the display is (then they are parsed again), so
    /// the memo of one statement does not grow with the display.
    pub(crate) fn memo_forget_since(&mut self, mark: usize, from: usize) {
        if self.invalid || self.memo_entries.len() <= mark {
            return;
        }
        let entries = &self.memo_entries;
        let start = from.saturating_sub(self.memo_base);
        for head in self.memo_heads.iter_mut().skip(start) {
            // Chains run from newer to older entries.
            while *head != u32::MAX && *head as usize >= mark {
                *head = entries.get(*head as usize).map_or(u32::MAX, |e| e.next);
            }
        }
        self.memo_entries.truncate(mark);
    }

    /// A memoised rule (CPython's `_PyPegen_is_memoized` / `_PyPegen_insert_memo`).
    pub(crate) fn memo<T: Memoised>(
        &mut self,
        rule: MemoRule,
        f: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<T> {
        if self.error.is_some() {
            return None;
        }
        let pos = self.pos;
        let mut again = false;
        let found = self.memo_find(pos, rule);
        if let Some(i) = found {
            let e = &mut self.memo_entries[i];
            let end = e.end as usize;
            match e.state() {
                MemoState::Miss => return None,
                MemoState::Parsed => again = true,
                MemoState::Lent(v) => {
                    e.set_state(MemoState::Parsed);
                    let taken = T::take(&mut self.memo_values[v as usize]);
                    if v as usize + 1 == self.memo_values.len() {
                        // Usually the value just lent: its slot is free again (no other
                        // entry refers to it).
                        self.memo_values.pop();
                    }
                    if let Some(r) = taken {
                        self.pos = end;
                        return Some(r);
                    }
                    again = true;
                }
                MemoState::Kept(v) => {
                    if let Some(r) = T::copy(&self.memo_values[v as usize]) {
                        self.pos = end;
                        return Some(r);
                    }
                    again = true;
                }
            }
        }
        let r = self.rule(f);
        if self.error.is_none() {
            let state = match &r {
                None => MemoState::Miss,
                Some(v) if again && self.memo_values.len() < MEMO_VALUES_MAX => {
                    push_small(&mut self.memo_values, v.clone().into_value());
                    MemoState::Kept((self.memo_values.len() - 1) as u32)
                }
                Some(_) => MemoState::Parsed,
            };
            if found.is_some() {
                self.memo_set(pos, rule, state, self.pos);
            } else {
                // `f` made no entry for `rule` here (it would have recursed forever).
                self.memo_add(pos, rule, state, self.pos);
            }
        }
        r
    }

    /// Hands back the result `rule` returned at `pos`, ending at `end`, when the
    /// alternative that asked for it failed: the next lookup there takes it instead of
    /// parsing again. `value` must be exactly what the rule returned.
    pub(crate) fn give_back<T: Memoised>(
        &mut self,
        rule: MemoRule,
        pos: usize,
        end: usize,
        value: T,
    ) {
        if self.error.is_some() {
            return;
        }
        if let Some(i) = self.memo_find(pos, rule)
            && matches!(self.memo_entries[i].state(), MemoState::Parsed)
            && self.memo_entries[i].end as usize == end
            && self.memo_values.len() < MEMO_VALUES_MAX
        {
            push_small(&mut self.memo_values, value.into_value());
            self.memo_entries[i].set_state(MemoState::Lent((self.memo_values.len() - 1) as u32));
        }
    }

    /// A memoised expression rule.
    #[inline]
    pub(crate) fn memo_expr(
        &mut self,
        rule: MemoRule,
        f: impl FnOnce(&mut Self) -> Option<Expr>,
    ) -> Option<Expr> {
        self.memo(rule, f)
    }

    /// A memoised `arguments` result.
    #[inline]
    pub(crate) fn memo_args(
        &mut self,
        f: impl FnOnce(&mut Self) -> Option<CallArgs>,
    ) -> Option<CallArgs> {
        self.memo(MemoRule::Arguments, f)
    }

    // ---------------------------------------------------------------- locations ----

    /// Where the current rule starts (`_start_lineno`, `_start_col_offset`): the token
    /// at the cursor.
    #[inline]
    pub(crate) fn start(&mut self) -> Start {
        if self.pos >= self.toks.len() && !self.fill_more(self.pos) {
            return self.start_past_end();
        }
        match self.toks.start_of(self.pos) {
            Some(s) => s,
            None => self.start_past_end(),
        }
    }

    /// [`Parser::start`] when no token is left: the last one read.
    #[cold]
    fn start_past_end(&self) -> Start {
        let t = self.toks.last().unwrap_or(tokens::NO_TOKEN);
        Start {
            lineno: t.lineno,
            col: t.col,
        }
    }

    /// `EXTRA`: from `start` to the last non-whitespace token consumed.
    pub(crate) fn loc_from(&self, start: Start) -> Location {
        let (mut end_lineno, mut end_col) = (start.lineno, start.col);
        let mut m = self.pos;
        while m > 0 {
            m -= 1;
            let kind = self.toks.kind(m).unwrap_or(TokenKind::ENDMARKER);
            if !matches!(
                kind,
                TokenKind::ENDMARKER | TokenKind::NEWLINE | TokenKind::INDENT | TokenKind::DEDENT
            ) {
                let t = self.toks.at(m);
                (end_lineno, end_col) = (t.end_lineno, t.end_col);
                break;
            }
        }
        Location {
            lineno: start.lineno as i32,
            col_offset: start.col as i32,
            end_lineno: end_lineno as i32,
            end_col_offset: end_col as i32,
        }
    }

    /// The last token consumed.
    #[allow(dead_code)] // used by the invalid_* rules as they are ported
    pub(crate) fn last_token(&self) -> Option<Token> {
        self.pos.checked_sub(1).map(|i| self.toks.at(i))
    }

    // ------------------------------------------------------------------- errors ----

    /// The offsets where the lines of the source start.
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut v = vec![0];
            v.extend(
                self.src
                    .bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            );
            v
        })
    }

    /// The text of a physical line (1-based), with its newline.
    pub(crate) fn line_text(&self, lineno: usize) -> &'a str {
        let Some(&start) = self.line_starts().get(lineno.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts()
            .get(lineno)
            .copied()
            .unwrap_or(self.src.len());
        &self.src[start..end]
    }

    /// `RAISE_ERROR_KNOWN_LOCATION`: byte columns (0-based; `end_col == -1` for none).
    pub(crate) fn raise_known(
        &mut self,
        class: ExceptionClass,
        message: String,
        lineno: usize,
        col: i64,
        end_lineno: usize,
        end_col: i64,
    ) {
        if self.error.is_some() {
            return;
        }
        let line = self.line_text(lineno);
        let offset = char_offset(line, col + 1);
        let end_offset = if end_col + 1 > 0 {
            char_offset(line, end_col + 1)
        } else {
            end_col + 1
        };
        self.error = Some(ParseError::Syntax {
            class,
            message,
            location: ErrorLocation {
                lineno: Some(lineno as i64),
                offset: Some(offset),
                end_lineno: Some(end_lineno as i64),
                end_offset: Some(end_offset),
            },
        });
    }

    /// `RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, msg)` over node locations.
    pub(crate) fn raise_range(&mut self, a: Location, b: Location, msg: impl Into<String>) {
        self.raise_known(
            ExceptionClass::SyntaxError,
            msg.into(),
            a.lineno as usize,
            a.col_offset as i64,
            b.end_lineno as usize,
            b.end_col_offset as i64,
        );
    }

    /// `RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, msg)`.
    pub(crate) fn raise_node(&mut self, a: Location, msg: impl Into<String>) {
        self.raise_range(a, a, msg);
    }

    /// `RAISE_SYNTAX_ERROR_STARTING_FROM(a, msg)`: from `a` to the tokenizer's position
    /// (`CURRENT_POS`, the end of the last token read).
    pub(crate) fn raise_starting_from(&mut self, a: Location, msg: impl Into<String>) {
        if self.error.is_some() {
            return;
        }
        let (end_line, end_col) = match self.toks.last() {
            Some(t) => (t.end_lineno as usize, t.end_col as i64),
            None => (a.end_lineno as usize, a.end_col_offset as i64),
        };
        let line = self.line_text(a.lineno as usize);
        let offset = char_offset(line, a.col_offset as i64 + 1);
        let end_offset = char_offset(line, end_col);
        self.error = Some(ParseError::Syntax {
            class: ExceptionClass::SyntaxError,
            message: msg.into(),
            location: ErrorLocation {
                lineno: Some(i64::from(a.lineno)),
                offset: Some(offset),
                end_lineno: Some(end_line as i64),
                end_offset: Some(end_offset),
            },
        });
    }

    /// `RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN(msg)`: at the token at the cursor.
    pub(crate) fn raise_on_next_token(&mut self, msg: impl Into<String>) {
        if let Some(t) = self.cur() {
            self.raise_on_token(ExceptionClass::SyntaxError, msg.into(), t);
        }
    }

    /// `RAISE_SYNTAX_ERROR(msg)`: at the last token read (`p->tokens[p->fill-1]`).
    pub(crate) fn raise_syntax(&mut self, msg: impl Into<String>) {
        self.raise_on_last(ExceptionClass::SyntaxError, msg.into());
    }

    /// Whether a comma outside brackets lies among tokens `from..to` (read and kept).
    pub(crate) fn top_level_comma(&self, from: usize, to: usize) -> bool {
        let mut depth = 0i32;
        for i in from..to {
            match self.toks.kind(i) {
                Some(TokenKind::LPAR | TokenKind::LSQB | TokenKind::LBRACE) => depth += 1,
                Some(TokenKind::RPAR | TokenKind::RSQB | TokenKind::RBRACE) => depth -= 1,
                Some(TokenKind::COMMA) if depth == 0 => return true,
                _ => {}
            }
        }
        false
    }

    /// `CHECK_VERSION`: under `feature_version=(3, minor)` with `minor` below `version`,
    /// raises "`what` only supported in Python 3.`version` and greater" (at the last token
    /// read) and fails.
    pub(crate) fn check_version(&mut self, version: i32, what: &str) -> Option<()> {
        match self.opts.feature_version {
            Some(minor) if minor < version => {
                self.raise_syntax(format!(
                    "{what} only supported in Python 3.{version} and greater"
                ));
                None
            }
            _ => Some(()),
        }
    }

    /// `RAISE_INDENTATION_ERROR(msg)`.
    #[allow(dead_code)] // used by the invalid_* rules as they are ported
    pub(crate) fn raise_indentation(&mut self, msg: impl Into<String>) {
        self.raise_on_last(ExceptionClass::IndentationError, msg.into());
    }

    fn raise_on_last(&mut self, class: ExceptionClass, msg: String) {
        match self.toks.last() {
            Some(t) => self.raise_on_token(class, msg, t),
            None => self.raise_known(class, msg, 1, 0, 1, -1),
        }
    }
}

/// `_PyPegen_byte_offset_to_character_offset`: a 1-based byte offset into `line` as a
/// 1-based character offset.
pub(crate) fn char_offset(line: &str, col1: i64) -> i64 {
    if col1 <= 0 {
        return col1;
    }
    let bytes = line.as_bytes();
    let len = bytes.len() as i64;
    let col1 = col1.min(len + 1);
    if col1 > len {
        return String::from_utf8_lossy(bytes).chars().count() as i64 + 1;
    }
    String::from_utf8_lossy(&bytes[..col1 as usize])
        .chars()
        .count() as i64
}

/// `v.push(x)`, growing a full vector by doubling from one element instead of from four:
/// the parser's stacks are small for small inputs, where fixed costs are most of the peak
/// memory.
#[inline]
pub(crate) fn push_small<T>(v: &mut Vec<T>, x: T) {
    if v.len() == v.capacity() {
        v.reserve_exact(v.capacity().max(1));
    }
    v.push(x);
}

/// The elements of `v` from `base` on (at most its length), moved out in one copy into a
/// vector of their exact size.
pub(crate) fn take_from<T>(v: &mut Vec<T>, base: usize) -> Vec<T> {
    if base > 0 && base <= v.len() {
        return v.split_off(base);
    }
    let mut out = Vec::with_capacity(v.len().saturating_sub(base));
    out.extend(v.drain(base.min(v.len())..));
    out
}

/// The location of one token.
pub(crate) fn tok_loc(t: Token) -> Location {
    Location {
        lineno: t.lineno as i32,
        col_offset: t.col as i32,
        end_lineno: t.end_lineno as i32,
        end_col_offset: t.end_col as i32,
    }
}

/// A location from the start of `a` to the end of `b`.
#[allow(dead_code)] // used by the invalid_* rules as they are ported
pub(crate) fn span(a: Location, b: Location) -> Location {
    Location {
        lineno: a.lineno,
        col_offset: a.col_offset,
        end_lineno: b.end_lineno,
        end_col_offset: b.end_col_offset,
    }
}

/// How many tokens past the one asked for the first pass reads when the lexer's fast
/// path gives them (fewer calls from the parser to the lexer).
const READ_AHEAD: usize = 16;

/// Stack space a rule call must have left before it runs (debug builds have big frames;
/// dropping or cloning a subtree thousands of levels deep needs a few hundred KB).
const RED_ZONE: usize = 1024 * 1024;
/// How many rule levels run between two checks of the stack left (every level in debug
/// builds, whose frames are big).
const STACK_CHECK_EVERY: usize = 16;
/// Size of each stack segment added when the stack runs low.
const STACK_SEGMENT: usize = 8 * 1024 * 1024;

/// Stack the whole parse runs on when the caller's has less than [`PARSE_MIN_STACK`] left:
/// room for the recursive work outside rule calls (cloning and walking deep subtrees)
/// whatever stack the caller has.
const PARSE_STACK: usize = 64 * 1024 * 1024;

/// The caller's stack left from which the parse runs on it (a new stack per parse costs
/// a mapping and fresh pages each time). Deeper rule calls add segments as usual, each
/// leaving at least [`RED_ZONE`] for the work outside them.
const PARSE_MIN_STACK: usize = 4 * 1024 * 1024;

/// Parses a module; nesting is bounded by CPython's `MAXSTACK`, never by the caller's stack.
pub fn parse_file_on_big_stack(source: &SourceText) -> Result<Mod, ParseError> {
    parse_on_big_stack(source, ParseOptions::default())
}

/// Parses with the given options on a stack deep enough for any input.
pub fn parse_on_big_stack(source: &SourceText, opts: ParseOptions) -> Result<Mod, ParseError> {
    report_on_big_stack(source, opts).result
}

/// Parses with the given options, with what CPython attaches to a failure.
pub fn report_on_big_stack(source: &SourceText, opts: ParseOptions) -> crate::ParseReport {
    stacker::maybe_grow(PARSE_MIN_STACK, PARSE_STACK, || {
        let mut p = Parser::with_options(source, opts);
        let result = p.parse();
        let failed = result.is_err();
        crate::ParseReport {
            result,
            last_statement: p.last_stmt,
            incomplete: failed && p.incomplete,
            warnings: std::mem::take(&mut p.warnings),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_entries_keep_rule_state_and_value_in_twelve_bytes() {
        assert_eq!(std::mem::size_of::<MemoEntry>(), 12);
        let rules = [
            MemoRule::Expression,
            MemoRule::TPrimary,
            MemoRule::Strings,
            MemoRule::Arguments,
        ];
        let top = (MEMO_VALUES_MAX - 1) as u32;
        for rule in rules {
            for state in [
                MemoState::Miss,
                MemoState::Parsed,
                MemoState::Lent(0),
                MemoState::Lent(top),
                MemoState::Kept(7),
                MemoState::Kept(top),
            ] {
                let mut e = MemoEntry::new(rule, state, 5, 9);
                assert!(e.is(rule));
                assert_eq!(format!("{:?}", e.state()), format!("{state:?}"));
                e.set_state(MemoState::Parsed);
                assert!(e.is(rule) && matches!(e.state(), MemoState::Parsed));
                assert_eq!((e.end, e.next), (5, 9));
            }
        }
    }
}
