//! Port of Parser/lexer/lexer.c (with Parser/lexer/state.c and the buffer handling of Parser/tokenizer/): the stateful tokenizer engine.
//!
//! The engine reads UTF-8 text line by line exactly as CPython's C tokenizer does (same
//! line/column bookkeeping, same look-ahead and back-up, same error points) and hands out
//! one [`Token`] per call. Two switches select CPython's two consumers:
//! `extra_tokens` gives what the `tokenize` module sees (COMMENT, NL, lenient numbers),
//! its absence what the parser sees. Operators come from the `scan` module; everything
//! context-dependent lives here.
//!
//! The most frequent tokens (names, operators, plain numbers and one-line strings, NEWLINE,
//! line starts) take a fast path over the bytes of the line read, which gives exactly what
//! the general engine gives and leaves the same state (a unit test runs both side by
//! side); everything else goes through the general engine.

use crate::error::{TokenizeError, TokenizeErrorKind, TokenizeWarning};
use crate::scan;
use crate::token::TokenKind;

const EOF: i32 = -1;
const MAXINDENT: usize = 100;
const MAXLEVEL: usize = 200;
const MAXFSTRINGLEVEL: usize = 150;
const MAX_EXPR_NESTING: i32 = 3;
const TABSIZE: usize = 8;
const ALTTABSIZE: usize = 1;

/// A token of the current line found by the fast path: its type and byte span.
type FastToken = (TokenKind, usize, usize);

/// Options of one tokenizer run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LexOptions {
    /// Produce the `tokenize` module's extra tokens (COMMENT, NL) and its leniencies.
    pub extra_tokens: bool,
    /// Produce TYPE_COMMENT / TYPE_IGNORE tokens (`ast.parse(type_comments=True)`).
    pub type_comments: bool,
}

/// One token with its byte span and its positions.
///
/// Columns are UTF-8 byte offsets from the start of their line; lines are 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// The exact token type.
    pub kind: TokenKind,
    /// Byte offset of the token's first byte in the tokenizer's text.
    pub start: u32,
    /// Byte offset just past the token's last byte.
    pub end: u32,
    /// Line of the first byte.
    pub lineno: u32,
    /// Byte column of the first byte.
    pub col: u32,
    /// Line of the end.
    pub end_lineno: u32,
    /// Byte column of the end.
    pub end_col: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Done {
    Ok,
    Eof,
    Error,
    Dedent,
    TabSpace,
    TooDeep,
    LineCont,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ModeKind {
    Regular,
    FString,
}

/// One entry of the f-string/t-string mode stack (CPython's `tokenizer_mode`).
#[derive(Clone, Copy, Debug)]
struct Mode {
    kind: ModeKind,
    quote: u8,
    quote_size: usize,
    /// `b'f'` or `b't'`.
    prefix: u8,
    raw: bool,
    start: usize,
    multi_line_start: usize,
    line_start_lineno: u32,
    curly_bracket_depth: i32,
    curly_bracket_expr_start_depth: i32,
    in_format_spec: bool,
    debug: bool,
}

/// Pushes onto one of the tokenizer's stacks (indentation, brackets, f-string modes),
/// doubling its room from one entry instead of starting at four: a small file's blocks,
/// brackets and f-strings are rarely nested deeply, and the tokenizer's fixed memory is
/// much of a tiny file's parse.
#[inline]
fn push_small<T>(stack: &mut Vec<T>, x: T) {
    if stack.len() == stack.capacity() {
        stack.reserve_exact(stack.len().max(1));
    }
    stack.push(x);
}

impl Mode {
    const REGULAR: Mode = Mode {
        kind: ModeKind::Regular,
        quote: 0,
        quote_size: 0,
        prefix: b'f',
        raw: false,
        start: 0,
        multi_line_start: 0,
        line_start_lineno: 0,
        curly_bracket_depth: 0,
        curly_bracket_expr_start_depth: -1,
        in_format_spec: false,
        debug: false,
    };

    fn inside_expr(&self) -> bool {
        self.curly_bracket_expr_start_depth >= 0
    }
}

/// The tokenizer engine over one text (CPython's `struct tok_state`).
pub struct Lexer<'src> {
    src: &'src [u8],
    opts: LexOptions,
    /// Whether the text's final newline was added by the tokenizer (readline semantics).
    implicit_final_newline: bool,
    cur: usize,
    inp: usize,
    buf: usize,
    line_start: usize,
    multi_line_start: usize,
    lineno: u32,
    first_lineno: u32,
    tok_start: Option<usize>,
    done: Done,
    atbol: bool,
    pendin: i32,
    indstack: Vec<usize>,
    altindstack: Vec<usize>,
    level: usize,
    parenstack: Vec<(u8, u32, u32)>,
    cont_line: bool,
    comment_newline: bool,
    /// The regular mode, under the f-string modes of `modes`.
    base_mode: Mode,
    /// The f-string/t-string modes entered (CPython's `tok_mode_stack` above its first
    /// entry).
    modes: Vec<Mode>,
    p_start: Option<usize>,
    p_end: Option<usize>,
    error: Option<TokenizeError>,
    warnings: Vec<TokenizeWarning>,
    finished: bool,
    /// Whether the text has a NUL byte anywhere (else no line needs the check).
    has_nul: bool,
    /// Whether [`Lexer::fast_token`] may run: no pending INDENT/DEDENT, outside f-strings,
    /// not stopped (recomputed after every token of the general engine).
    fast: bool,
    /// The parser view without type comments over a text without NUL: the fast path also
    /// handles newlines and line starts.
    plain: bool,
    /// Whether the fast path is used at all (tests compare it with the general engine).
    allow_fast: bool,
}

/// Which bytes continue an ASCII identifier (`[A-Za-z0-9_]`).
static ASCII_NAME_CHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

/// The index of the first `\n` in `bytes` (looked at eight bytes at a time: cheaper than a
/// `memchr` call on lines of source code, which are short).
#[inline]
fn find_newline(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const NEWLINES: u64 = u64::from_ne_bytes([b'\n'; 8]);
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ NEWLINES;
        // The lowest byte flagged is the first zero byte of `x` (the trick's false
        // positives only come after a true one).
        let zero = x.wrapping_sub(ONES) & !x & HIGHS;
        if zero != 0 {
            return Some(n + (zero.trailing_zeros() / 8) as usize);
        }
        n += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| n + i)
}

/// How many `b' '` bytes `bytes` starts with (looked at eight at a time).
#[inline]
fn leading_spaces(bytes: &[u8]) -> usize {
    const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let diff = u64::from_le_bytes(word) ^ SPACES;
        if diff != 0 {
            return n + (diff.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    let tail = chunks.remainder();
    n + tail.iter().position(|&b| b != b' ').unwrap_or(tail.len())
}

#[inline]
fn is_potential_identifier_start(c: i32) -> bool {
    (c >= b'a' as i32 && c <= b'z' as i32)
        || (c >= b'A' as i32 && c <= b'Z' as i32)
        || c == b'_' as i32
        || c >= 128
}

#[inline]
fn is_potential_identifier_char(c: i32) -> bool {
    is_potential_identifier_start(c) || (c >= b'0' as i32 && c <= b'9' as i32)
}

#[inline]
fn is_digit(c: i32) -> bool {
    (b'0' as i32..=b'9' as i32).contains(&c)
}

#[inline]
fn is_xdigit(c: i32) -> bool {
    is_digit(c)
        || (b'a' as i32..=b'f' as i32).contains(&c)
        || (b'A' as i32..=b'F' as i32).contains(&c)
}

#[inline]
fn lower(c: u8) -> u8 {
    c.to_ascii_lowercase()
}

/// Number of characters in a UTF-8 byte slice, counting each invalid byte as one
/// replacement character (CPython decodes with `errors="replace"`).
pub(crate) fn char_count(bytes: &[u8]) -> usize {
    if bytes.is_ascii() {
        return bytes.len();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.chars().count(),
        Err(_) => String::from_utf8_lossy(bytes).chars().count(),
    }
}

impl<'src> Lexer<'src> {
    /// A tokenizer over `text`, which must end with `\n` (see [`crate::source`]).
    /// `implicit_final_newline` says whether that last newline was added by oxpy rather than
    /// present in the source (CPython's `implicit_newline`).
    pub fn new(text: &'src str, implicit_final_newline: bool, opts: LexOptions) -> Self {
        let has_nul = memchr::memchr(0, text.as_bytes()).is_some();
        Lexer {
            src: text.as_bytes(),
            opts,
            implicit_final_newline,
            cur: 0,
            inp: 0,
            buf: 0,
            line_start: 0,
            multi_line_start: 0,
            lineno: 0,
            first_lineno: 0,
            tok_start: None,
            done: Done::Ok,
            atbol: true,
            pendin: 0,
            indstack: vec![0],
            altindstack: vec![0],
            level: 0,
            parenstack: Vec::new(),
            cont_line: false,
            comment_newline: false,
            base_mode: Mode::REGULAR,
            modes: Vec::new(),
            p_start: None,
            p_end: None,
            error: None,
            warnings: Vec::new(),
            finished: false,
            has_nul,
            fast: true,
            allow_fast: true,
            plain: !opts.extra_tokens && !opts.type_comments && !has_nul,
        }
    }

    /// The text being tokenized.
    pub fn text(&self) -> &'src [u8] {
        self.src
    }

    /// Warnings emitted so far (parser view only).
    pub fn warnings(&self) -> &[TokenizeWarning] {
        &self.warnings
    }

    /// Byte offset where the current physical line starts.
    pub fn line_start(&self) -> usize {
        self.line_start
    }

    /// Byte offset where the current multi-line string token started its first line.
    pub fn multi_line_start(&self) -> usize {
        self.multi_line_start
    }

    /// Byte offset just past the current line (CPython's `tok->inp`).
    pub fn line_end(&self) -> usize {
        self.inp
    }

    /// Whether the current line's newline was added by the tokenizer.
    pub fn implicit_newline(&self) -> bool {
        self.implicit_final_newline && self.inp == self.src.len()
    }

    /// Whether the whole input has been read.
    pub fn at_eof(&self) -> bool {
        self.done == Done::Eof
    }

    /// The current line number (CPython's `tok->lineno`).
    pub fn lineno(&self) -> u32 {
        self.lineno
    }

    /// The current parenthesis nesting level.
    pub fn level(&self) -> usize {
        self.level
    }

    // ---------------------------------------------------------------- reading ----

    fn underflow(&mut self) -> bool {
        if self.tok_start.is_none() && self.modes.is_empty() {
            self.buf = self.inp;
        }
        if self.inp >= self.src.len() {
            self.done = Done::Eof;
            return false;
        }
        let rest = &self.src[self.inp..];
        let end = match memchr::memchr(b'\n', rest) {
            Some(i) => self.inp + i + 1,
            None => self.src.len(),
        };
        self.inp = end;
        self.lineno += 1;
        true
    }

    /// Reads the lines up to the one holding byte `pos` (past the current line, whose rest
    /// holds no NUL) the way `nextc` reads them while a token is open: line numbers and
    /// line start move on, `buf` stays.
    fn read_lines_through(&mut self, pos: usize) {
        let Some(skipped) = self.src.get(self.cur..pos) else {
            return;
        };
        let lines = memchr::memchr_iter(b'\n', skipped).count();
        if let Some(last) = memchr::memrchr(b'\n', skipped) {
            self.line_start = self.cur + last + 1;
        }
        self.lineno += lines as u32;
        let rest = self.src.get(pos..).unwrap_or_default();
        self.inp = memchr::memchr(b'\n', rest).map_or(self.src.len(), |i| pos + i + 1);
    }

    #[inline(always)]
    fn nextc(&mut self) -> i32 {
        if self.cur < self.inp {
            if let Some(&c) = self.src.get(self.cur) {
                self.cur += 1;
                return c as i32;
            }
        }
        self.nextc_slow()
    }

    /// `nextc` at the end of the line read: reads the next line (or reports EOF).
    #[inline(never)]
    fn nextc_slow(&mut self) -> i32 {
        loop {
            if self.cur != self.inp {
                let c = self.src[self.cur];
                self.cur += 1;
                return c as i32;
            }
            if self.done != Done::Ok {
                return EOF;
            }
            if !self.underflow() {
                self.cur = self.inp;
                return EOF;
            }
            self.line_start = self.cur;
            if self.has_nul && memchr::memchr(0, &self.src[self.line_start..self.inp]).is_some() {
                self.syntax_error(TokenizeErrorKind::NullBytes);
                self.cur = self.inp;
                return EOF;
            }
        }
    }

    #[inline]
    fn backup(&mut self, c: i32) {
        if c != EOF {
            self.cur -= 1;
        }
    }

    #[inline]
    fn mode(&self) -> &Mode {
        self.modes.last().unwrap_or(&self.base_mode)
    }

    #[inline]
    fn mode_mut(&mut self) -> &mut Mode {
        match self.modes.last_mut() {
            Some(m) => m,
            None => &mut self.base_mode,
        }
    }

    /// Whether the tokenizer is inside an f-string or t-string (CPython's
    /// `tok_mode_stack_index > 0`), also after it stopped at an error.
    pub fn inside_fstring(&self) -> bool {
        !self.modes.is_empty()
    }

    fn string_prefix(&self) -> char {
        self.mode().prefix as char
    }

    // ----------------------------------------------------------------- errors ----

    /// CPython's `_syntaxerror_range`: records a SyntaxError located at the current
    /// position (or at the given 1-based columns) and stops the tokenizer.
    fn error_range(&mut self, kind: TokenizeErrorKind, col: Option<u32>, end_col: Option<u32>) {
        if self.done == Done::Error {
            return;
        }
        let line_start = self.line_start.min(self.src.len());
        let cur = self.cur.clamp(line_start, self.src.len());
        let upto = &self.src[line_start..cur];
        let col = col.unwrap_or(char_count(upto) as u32);
        let end_col = end_col.unwrap_or(col);
        let rest = &self.src[line_start..];
        let line_len = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let text = String::from_utf8_lossy(&rest[..line_len]).into_owned();
        self.error = Some(TokenizeError {
            kind,
            lineno: self.lineno,
            offset: col,
            end_lineno: Some(self.lineno),
            end_offset: Some(end_col),
            text,
        });
        self.done = Done::Error;
    }

    fn syntax_error(&mut self, kind: TokenizeErrorKind) -> TokenKind {
        self.error_range(kind, None, None);
        TokenKind::ERRORTOKEN
    }

    fn syntax_error_known_range(
        &mut self,
        kind: TokenizeErrorKind,
        col: usize,
        end_col: usize,
    ) -> TokenKind {
        self.error_range(kind, Some(col as u32), Some(end_col as u32));
        TokenKind::ERRORTOKEN
    }

    fn indent_error(&mut self) -> TokenKind {
        self.done = Done::TabSpace;
        self.cur = self.inp;
        TokenKind::ERRORTOKEN
    }

    /// Builds the exception for a `done` state that carries no message of its own, as
    /// `Python/Python-tokenize.c` does for the `tokenize` module.
    fn done_error(&self) -> TokenizeError {
        let kind = match self.done {
            Done::Eof => {
                let open_bracket = self
                    .parenstack
                    .get(self.level.wrapping_sub(1))
                    .map(|&(c, line, col)| (c as char, line, col));
                let offset = self.inp.saturating_sub(self.buf) as u32;
                return TokenizeError {
                    kind: TokenizeErrorKind::Eof { open_bracket },
                    lineno: self.lineno,
                    offset,
                    end_lineno: None,
                    end_offset: None,
                    text: String::new(),
                };
            }
            Done::Dedent => TokenizeErrorKind::UnindentMismatch,
            Done::TabSpace => TokenizeErrorKind::TabSpace,
            Done::TooDeep => TokenizeErrorKind::TooDeep,
            _ => TokenizeErrorKind::LineContinuation,
        };
        let buf = self.buf.min(self.inp);
        let line = &self.src[buf..self.inp];
        let without_nl = if line.last() == Some(&b'\n') {
            &line[..line.len() - 1]
        } else {
            line
        };
        let text = String::from_utf8_lossy(without_nl).into_owned();
        // `_PyPegen_byte_offset_to_character_offset` over the line without its newline,
        // asked for the whole line's byte length: one past the last character.
        let offset = (char_count(without_nl) + usize::from(line.len() > without_nl.len())) as u32;
        TokenizeError {
            kind,
            lineno: self.lineno,
            offset,
            end_lineno: None,
            end_offset: None,
            text,
        }
    }

    // ----------------------------------------------------------- entry point ----

    /// Returns the next token, `ENDMARKER` at the end, or the error that stopped the
    /// tokenizer (every later call returns the same error).
    pub fn next_token(&mut self) -> Result<Token, TokenizeError> {
        if self.fast {
            if let Some((kind, start, end)) = self.fast_token() {
                return Ok(self.fast_make(kind, start, end));
            }
        }
        self.slow_token()
    }

    /// The next token when the fast path gives it (names, operators, plain numbers and
    /// strings, newlines and line starts outside f-strings), else `None` with nothing
    /// read that [`Lexer::next_token`] would not read first: that call then gives the
    /// token. Never an error, a warning or ENDMARKER.
    #[inline(always)]
    pub fn next_fast_token(&mut self) -> Option<Token> {
        if !self.fast {
            return None;
        }
        let (kind, start, end) = self.fast_token()?;
        Some(self.fast_make(kind, start, end))
    }

    /// `next_token` by the general engine.
    #[inline(never)]
    fn slow_token(&mut self) -> Result<Token, TokenizeError> {
        if self.error.is_some() || self.finished {
            return self.after_end();
        }
        self.p_start = None;
        self.p_end = None;
        let kind = if self.mode().kind == ModeKind::Regular {
            self.get_normal()
        } else {
            self.get_fstring()
        };
        if kind == TokenKind::ERRORTOKEN {
            self.fast = false;
            return Err(self.stop_with_error());
        }
        if kind == TokenKind::ENDMARKER {
            self.finished = true;
        }
        self.fast = self.allow_fast
            && self.pendin == 0
            && self.modes.is_empty()
            && self.done == Done::Ok
            && !self.finished
            && self.error.is_none();
        Ok(self.make_token(kind))
    }

    /// The most frequent tokens the cheap way: names, operators, NEWLINE and the start of
    /// a line (with blank and comment-only lines, INDENT and the first DEDENT) outside
    /// f-strings. Gives exactly what `get_normal` would give and leaves the same state, or
    /// `None` when the rest needs the general engine; by then it has changed nothing or only
    /// made moves `get_normal` itself makes between two lines (so it resumes from there).
    #[inline(always)]
    fn fast_token(&mut self) -> Option<FastToken> {
        loop {
            if self.atbol {
                if let Some(token) = self.fast_line_start()? {
                    return Some(token);
                }
            }
            let src = self.src;
            // Every byte looked at lies in the line read, so no line is read here.
            let line = src.get(..self.inp)?;
            let mut start = self.cur;
            while let Some(b' ' | b'\t' | 0x0c) = line.get(start) {
                start += 1;
            }
            let c = *line.get(start)?;
            return match c {
                b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                    let mut end = start + 1;
                    while let Some(&b) = line.get(end) {
                        if !ASCII_NAME_CHAR[b as usize] {
                            break;
                        }
                        end += 1;
                    }
                    // What `identifier_or_string` looks at: a non-ASCII character may
                    // continue the name, and a quote may follow a string prefix.
                    let next = src.get(end).copied().unwrap_or(b'\n');
                    if end - start <= 2 && matches!(next, b'\'' | b'"') {
                        // A string prefix: `b`, `r`, `u`, `br`, `rb` in any case.
                        let prefix = line.get(start..end)?;
                        let plain = match *prefix {
                            [p] => matches!(p | 0x20, b'b' | b'r' | b'u'),
                            [p, q] => matches!((p | 0x20, q | 0x20), (b'b', b'r') | (b'r', b'b')),
                            _ => false,
                        };
                        return if plain {
                            self.fast_string(start, end)
                        } else {
                            None
                        };
                    }
                    if next >= 128 {
                        return None;
                    }
                    self.cur = end;
                    self.tok_start = Some(start);
                    Some((TokenKind::NAME, start, end))
                }
                b'\'' | b'"' => self.fast_string(start, start),
                b'0'..=b'9' => self.fast_number(start),
                b'.' => {
                    if matches!(line.get(start + 1), Some(b'.' | b'0'..=b'9') | None) {
                        return None;
                    }
                    self.cur = start + 1;
                    self.tok_start = Some(start);
                    Some((TokenKind::DOT, start, start + 1))
                }
                b'\n' | b'#' => {
                    if !self.plain {
                        return None;
                    }
                    // A comment runs up to the newline; the NEWLINE token starts at it.
                    let newline = if c == b'#' {
                        let rest = line.get(start + 1..)?;
                        let len = memchr::memchr2(b'\n', b'\r', rest)?;
                        start + 1 + len
                    } else {
                        start
                    };
                    if line.get(newline) != Some(&b'\n') {
                        return None;
                    }
                    self.cur = newline + 1;
                    self.atbol = true;
                    if self.level > 0 {
                        // A newline inside brackets: on to the next line.
                        continue;
                    }
                    self.tok_start = Some(start);
                    self.cont_line = false;
                    Some((TokenKind::NEWLINE, start, newline))
                }
                _ => {
                    let (kind, len) = scan::operator(line.get(start..).unwrap_or_default())?;
                    if len == 1 {
                        match c {
                            b'(' | b'[' | b'{' => {
                                if self.level >= MAXLEVEL {
                                    return None;
                                }
                                let col = (start - self.line_start) as u32;
                                self.parenstack.truncate(self.level);
                                push_small(&mut self.parenstack, (c, self.lineno, col));
                                self.level += 1;
                            }
                            b')' | b']' | b'}' => {
                                if self.level == 0 {
                                    if !self.opts.extra_tokens {
                                        return None;
                                    }
                                } else {
                                    let (opening, _, _) = *self.parenstack.get(self.level - 1)?;
                                    let matches = matches!(
                                        (opening, c),
                                        (b'(', b')') | (b'[', b']') | (b'{', b'}')
                                    );
                                    if !self.opts.extra_tokens && !matches {
                                        return None;
                                    }
                                    self.level -= 1;
                                }
                            }
                            b'=' if self.base_mode.inside_expr() => return None,
                            _ => {}
                        }
                    }
                    self.cur = start + len;
                    self.tok_start = Some(start);
                    Some((kind, start, start + len))
                }
            };
        }
    }

    /// A plain number at `start` for [`Self::fast_token`]: a decimal integer (`0`s only when
    /// it starts with `0`), a decimal fraction (`1.`, `0.25`) or a hexadecimal integer, with
    /// nothing after it that could continue it (an identifier character, an exponent, `_`,
    /// `j`, ...); `None` (nothing changed) for any other.
    #[inline(never)]
    fn fast_number(&mut self, start: usize) -> Option<FastToken> {
        let line = self.src.get(..self.inp)?;
        let c = *line.get(start)?;
        let digits_end = |from: usize| {
            let rest = line.get(from..).unwrap_or_default();
            from + rest
                .iter()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(rest.len())
        };
        if c == b'0' && matches!(line.get(start + 1), Some(b'x' | b'X')) {
            // A plain hexadecimal integer.
            let rest = line.get(start + 2..).unwrap_or_default();
            let digits = rest
                .iter()
                .position(|b| !b.is_ascii_hexdigit())
                .unwrap_or(rest.len());
            let end = start + 2 + digits;
            let next = *line.get(end)?;
            if digits == 0 || next >= 128 || next.is_ascii_alphanumeric() || next == b'_' {
                return None;
            }
            self.cur = end;
            self.tok_start = Some(start);
            return Some((TokenKind::NUMBER, start, end));
        }
        let mut end = digits_end(start + 1);
        let fraction = line.get(end) == Some(&b'.');
        if fraction {
            end = digits_end(end + 1);
        }
        let next = *line.get(end)?;
        if next >= 128
            || next.is_ascii_alphanumeric()
            || next == b'_'
            || (next == b'.' && !fraction)
        {
            return None;
        }
        if !fraction && c == b'0' && line.get(start..end)?.iter().any(|&b| b != b'0') {
            return None;
        }
        self.cur = end;
        self.tok_start = Some(start);
        Some((TokenKind::NUMBER, start, end))
    }

    /// A string literal (its prefix from `start`, its opening quote at `open`) that ends on
    /// its line, for [`Self::fast_token`]; `None` (nothing changed) for any other.
    #[inline]
    fn fast_string(&mut self, start: usize, open: usize) -> Option<FastToken> {
        let line = self.src.get(..self.inp)?;
        // A line read holds a `\n` only as its last byte.
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        let quote = *body.get(open)?;
        let doubled = body.get(open + 1) == Some(&quote);
        let triple = doubled && body.get(open + 2) == Some(&quote);
        let end = if doubled && !triple {
            open + 2
        } else {
            let mut i = open + if triple { 3 } else { 1 };
            loop {
                let j = i + memchr::memchr3(quote, b'\\', b'\r', body.get(i..)?)?;
                match body[j] {
                    b'\\' => {
                        // The escaped byte (an escaped newline continues the string on the
                        // next line: general engine).
                        if *body.get(j + 1)? == b'\r' {
                            return None;
                        }
                        i = j + 2;
                    }
                    b'\r' => return None,
                    _ if !triple => break j + 1,
                    _ if body.get(j + 1) == Some(&quote) && body.get(j + 2) == Some(&quote) => {
                        break j + 3;
                    }
                    _ => i = j + 1,
                }
            }
        };
        self.first_lineno = self.lineno;
        self.multi_line_start = self.line_start;
        self.cur = end;
        self.tok_start = Some(start);
        Some((TokenKind::STRING, start, end))
    }

    /// The start of a line for [`Self::fast_token`] (the parser view's `atbol` block):
    /// skips blank and comment-only lines, then reads a line indented with spaces only.
    /// `Some(None)`: the line is read and its first token comes next; `Some(Some(_))`: the
    /// line's INDENT or first DEDENT; `None`: the general engine takes over (at a line
    /// boundary, as `get_normal` would be there).
    #[inline]
    fn fast_line_start(&mut self) -> Option<Option<FastToken>> {
        if !self.plain {
            return None;
        }
        let src = self.src;
        loop {
            if self.cur != self.inp {
                return None;
            }
            let line_start = self.inp;
            let rest = src.get(line_start..).filter(|r| !r.is_empty())?;
            let end = find_newline(rest).map_or(src.len(), |i| line_start + i + 1);
            let line = src.get(line_start..end)?;
            let col = leading_spaces(line);
            if col == line.len() {
                return None;
            }
            let c = line[col];
            let blank_end = match c {
                b'\t' | 0x0c | b'\\' | b'\r' => return None,
                b'\n' => Some(end),
                b'#' => {
                    // The comment runs to the newline (a `\r` before it: general engine).
                    let comment = line.get(col..)?;
                    let stop = memchr::memchr2(b'\n', b'\r', comment).map(|i| col + i + 1);
                    if stop != Some(line.len()) || line.last() != Some(&b'\n') {
                        return None;
                    }
                    Some(end)
                }
                _ => None,
            };
            if let Some(blank_end) = blank_end {
                // A blank or comment-only line: read and skipped whole.
                self.buf = self.inp;
                self.inp = end;
                self.lineno += 1;
                self.line_start = line_start;
                self.cur = blank_end;
                continue;
            }
            let mut dedents = 0;
            if self.level == 0 {
                let depth = self.indstack.len();
                let top = *self.indstack.last()?;
                let alttop = *self.altindstack.last()?;
                if col == top {
                    if col != alttop {
                        return None;
                    }
                } else if col > top {
                    if depth >= MAXINDENT || col <= alttop {
                        return None;
                    }
                } else {
                    while depth - dedents > 1 && col < *self.indstack.get(depth - 1 - dedents)? {
                        dedents += 1;
                    }
                    let k = depth - 1 - dedents;
                    if *self.indstack.get(k)? != col || *self.altindstack.get(k)? != col {
                        return None;
                    }
                }
            }
            // Read the line (as `underflow` does) and step over its indentation.
            self.buf = self.inp;
            self.inp = end;
            self.lineno += 1;
            self.line_start = line_start;
            self.cur = line_start + col;
            self.atbol = false;
            self.tok_start = Some(self.cur);
            if self.level > 0 {
                return Some(None);
            }
            let top = self.indstack.last().copied().unwrap_or(0);
            return Some(if col > top {
                push_small(&mut self.indstack, col);
                push_small(&mut self.altindstack, col);
                Some((TokenKind::INDENT, self.cur, self.cur))
            } else if dedents > 0 {
                let keep = self.indstack.len() - dedents;
                self.indstack.truncate(keep);
                self.altindstack.truncate(keep);
                self.pendin = 1 - dedents as i32;
                self.fast = self.pendin == 0;
                Some((TokenKind::DEDENT, self.cur, self.cur))
            } else {
                None
            });
        }
    }

    /// A token of the current line (what `make_token` builds for a non-string token).
    #[inline(always)]
    fn fast_make(&self, kind: TokenKind, start: usize, end: usize) -> Token {
        Token {
            kind,
            start: start as u32,
            end: end as u32,
            lineno: self.lineno,
            col: start.saturating_sub(self.line_start) as u32,
            end_lineno: self.lineno,
            end_col: end.saturating_sub(self.line_start) as u32,
        }
    }

    /// `next_token` once the tokenizer stopped: the same error or ENDMARKER again.
    #[cold]
    #[inline(never)]
    fn after_end(&self) -> Result<Token, TokenizeError> {
        match &self.error {
            Some(err) => Err(err.clone()),
            None => Ok(self.make_token(TokenKind::ENDMARKER)),
        }
    }

    /// Records (and returns) the error behind an ERRORTOKEN.
    #[cold]
    #[inline(never)]
    fn stop_with_error(&mut self) -> TokenizeError {
        let err = match self.error.take() {
            Some(e) => e,
            None => self.done_error(),
        };
        self.error = Some(err.clone());
        err
    }

    fn make_token(&self, kind: TokenKind) -> Token {
        let (line_start, lineno) = if kind.is_string_literal() {
            (self.multi_line_start, self.first_lineno)
        } else {
            (self.line_start, self.lineno)
        };
        let start = self.p_start.unwrap_or(self.cur);
        let end = self.p_end.unwrap_or(start);
        Token {
            kind,
            start: start as u32,
            end: end as u32,
            lineno,
            col: start.saturating_sub(line_start) as u32,
            end_lineno: self.lineno,
            end_col: end.saturating_sub(self.line_start) as u32,
        }
    }

    // ---------------------------------------------------------- normal mode ----

    fn lookahead(&mut self, test: &[u8]) -> bool {
        let mut consumed = 0;
        let res;
        loop {
            let c = self.nextc();
            if consumed == test.len() {
                res = !is_potential_identifier_char(c);
                self.backup(c);
                break;
            } else if c == test[consumed] as i32 {
                consumed += 1;
                continue;
            }
            self.backup(c);
            res = false;
            break;
        }
        for &b in test[..consumed].iter().rev() {
            self.backup(b as i32);
        }
        res
    }

    fn verify_end_of_number(&mut self, c: i32, kind: &'static str) -> bool {
        if self.opts.extra_tokens {
            return true;
        }
        let r = match c as u8 {
            _ if c < 0 => false,
            b'a' => self.lookahead(b"nd"),
            b'e' => self.lookahead(b"lse"),
            b'f' => self.lookahead(b"or"),
            b'i' => {
                let c2 = self.nextc();
                let r = c2 == b'f' as i32 || c2 == b'n' as i32 || c2 == b's' as i32;
                self.backup(c2);
                r
            }
            b'o' => self.lookahead(b"r"),
            b'n' => self.lookahead(b"ot"),
            _ => false,
        };
        if r {
            self.backup(c);
            self.warnings.push(TokenizeWarning {
                message: format!("invalid {kind} literal"),
                lineno: self.lineno,
            });
            self.nextc();
        } else if c < 128 && is_potential_identifier_char(c) {
            self.backup(c);
            self.syntax_error(TokenizeErrorKind::InvalidLiteral(kind));
            return false;
        }
        true
    }

    fn verify_identifier(&mut self) -> bool {
        if self.opts.extra_tokens {
            return true;
        }
        let start = self.tok_start.unwrap_or(self.cur);
        let bytes = &self.src[start..self.cur];
        let text = String::from_utf8_lossy(bytes);
        let mut invalid = None;
        for (i, (off, ch)) in text.char_indices().enumerate() {
            let ok = if i == 0 {
                ch == '_' || oxpy_objects::unicodectype::is_xid_start(ch)
            } else {
                oxpy_objects::unicodectype::is_xid_continue(ch)
            };
            if !ok {
                invalid = Some((i, off, ch));
                break;
            }
        }
        let Some((i, off, ch)) = invalid else {
            return true;
        };
        let total = text.chars().count();
        if i + 1 < total {
            self.cur = start + off + ch.len_utf8();
        }
        if oxpy_objects::unicodectype::is_printable(ch) {
            self.syntax_error(TokenizeErrorKind::InvalidCharacter(ch));
        } else {
            self.syntax_error(TokenizeErrorKind::InvalidNonPrintable(ch as u32));
        }
        false
    }

    /// Returns the first non-digit after a run of digits and underscores, or 0 after an error.
    fn decimal_tail(&mut self) -> i32 {
        loop {
            let mut c;
            loop {
                c = self.nextc();
                if !is_digit(c) {
                    break;
                }
            }
            if c != b'_' as i32 {
                return c;
            }
            c = self.nextc();
            if !is_digit(c) {
                self.backup(c);
                self.syntax_error(TokenizeErrorKind::InvalidLiteral("decimal"));
                return 0;
            }
        }
    }

    /// After a backslash: consumes the newline; returns -1 (with `done` set) on error.
    fn continuation_line(&mut self) -> i32 {
        let mut c = self.nextc();
        if c == b'\r' as i32 {
            c = self.nextc();
        }
        if c != b'\n' as i32 {
            self.done = Done::LineCont;
            return -1;
        }
        c = self.nextc();
        if c == EOF {
            self.done = Done::Eof;
            self.cur = self.inp;
            return -1;
        }
        self.backup(c);
        c
    }

    fn incompatible_prefixes(&mut self, saw: [bool; 5]) -> bool {
        // saw = [b, r, u, f, t]
        let [b, r, u, f, t] = saw;
        let pair = if u && b {
            ('u', 'b')
        } else if u && r {
            ('u', 'r')
        } else if u && f {
            ('u', 'f')
        } else if u && t {
            ('u', 't')
        } else if b && f {
            ('b', 'f')
        } else if b && t {
            ('b', 't')
        } else if f && t {
            ('f', 't')
        } else {
            return false;
        };
        let start = self.tok_start.unwrap_or(self.cur);
        let col = start + 1 - self.line_start;
        let end_col = self.cur - self.line_start;
        self.syntax_error_known_range(
            TokenizeErrorKind::IncompatiblePrefixes(pair.0, pair.1),
            col,
            end_col,
        );
        true
    }

    fn get_normal(&mut self) -> TokenKind {
        let mut blankline;
        'nextline: loop {
            self.tok_start = None;
            blankline = false;

            if self.atbol {
                let mut col = 0usize;
                let mut altcol = 0usize;
                self.atbol = false;
                let mut cont_line_col = 0usize;
                let mut c;
                loop {
                    // Fast path: a run of spaces in the line read, as nextc hands them out.
                    while self.cur < self.inp && self.src[self.cur] == b' ' {
                        self.cur += 1;
                        col += 1;
                        altcol += 1;
                    }
                    c = self.nextc();
                    if c == b' ' as i32 {
                        col += 1;
                        altcol += 1;
                    } else if c == b'\t' as i32 {
                        col = (col / TABSIZE + 1) * TABSIZE;
                        altcol = (altcol / ALTTABSIZE + 1) * ALTTABSIZE;
                    } else if c == 0x0c {
                        col = 0;
                        altcol = 0;
                    } else if c == b'\\' as i32 {
                        cont_line_col = if cont_line_col != 0 {
                            cont_line_col
                        } else {
                            col
                        };
                        if self.continuation_line() == -1 {
                            return TokenKind::ERRORTOKEN;
                        }
                    } else {
                        break;
                    }
                }
                self.backup(c);
                if c == b'#' as i32 || c == b'\n' as i32 || c == b'\r' as i32 {
                    blankline = true;
                }
                if !blankline && self.level == 0 {
                    if cont_line_col != 0 {
                        col = cont_line_col;
                        altcol = cont_line_col;
                    }
                    let top = self.indstack.len() - 1;
                    if col == self.indstack[top] {
                        if altcol != self.altindstack[top] {
                            return self.indent_error();
                        }
                    } else if col > self.indstack[top] {
                        if top + 1 >= MAXINDENT {
                            self.done = Done::TooDeep;
                            self.cur = self.inp;
                            return TokenKind::ERRORTOKEN;
                        }
                        if altcol <= self.altindstack[top] {
                            return self.indent_error();
                        }
                        self.pendin += 1;
                        push_small(&mut self.indstack, col);
                        push_small(&mut self.altindstack, altcol);
                    } else {
                        while self.indstack.len() > 1
                            && col < self.indstack[self.indstack.len() - 1]
                        {
                            self.pendin -= 1;
                            self.indstack.pop();
                            self.altindstack.pop();
                        }
                        let top = self.indstack.len() - 1;
                        if col != self.indstack[top] {
                            self.done = Done::Dedent;
                            self.cur = self.inp;
                            return TokenKind::ERRORTOKEN;
                        }
                        if altcol != self.altindstack[top] {
                            return self.indent_error();
                        }
                    }
                }
            }

            self.tok_start = Some(self.cur);

            if self.pendin != 0 {
                if self.pendin < 0 {
                    if self.opts.extra_tokens {
                        self.p_start = Some(self.cur);
                        self.p_end = Some(self.cur);
                    }
                    self.pendin += 1;
                    return TokenKind::DEDENT;
                } else {
                    if self.opts.extra_tokens {
                        self.p_start = Some(self.buf.min(self.cur));
                        self.p_end = Some(self.cur);
                    }
                    self.pendin -= 1;
                    return TokenKind::INDENT;
                }
            }

            // Peek ahead at the next character.
            let c = self.nextc();
            self.backup(c);

            'again: loop {
                self.tok_start = None;
                let mut c;
                loop {
                    // Fast path: blanks in the line read, as nextc hands them out.
                    while self.cur < self.inp && matches!(self.src[self.cur], b' ' | b'\t' | 0x0c) {
                        self.cur += 1;
                    }
                    c = self.nextc();
                    if !(c == b' ' as i32 || c == b'\t' as i32 || c == 0x0c) {
                        break;
                    }
                }
                let start = self.cur.saturating_sub(1);
                self.tok_start = Some(start);

                if c == b'#' as i32 {
                    // Fast path: the rest of the comment up to the end of the line.
                    if let Some(rest) = self.src.get(start + 1..self.inp) {
                        let len = memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
                        self.cur = start + 1 + len;
                        c = self.nextc();
                    } else {
                        while c != EOF && c != b'\n' as i32 && c != b'\r' as i32 {
                            c = self.nextc();
                        }
                    }
                    if self.opts.type_comments {
                        if let Some(kind) = self.type_comment(start, c, blankline) {
                            return kind;
                        }
                    }
                    if self.opts.extra_tokens {
                        self.backup(c);
                        self.p_start = Some(start);
                        self.p_end = Some(self.cur);
                        self.comment_newline = blankline;
                        return TokenKind::COMMENT;
                    }
                }

                if c == EOF {
                    if self.level > 0 {
                        return TokenKind::ERRORTOKEN;
                    }
                    return if self.done == Done::Eof {
                        TokenKind::ENDMARKER
                    } else {
                        TokenKind::ERRORTOKEN
                    };
                }

                // Identifier (most frequent token).
                if is_potential_identifier_start(c) {
                    return self.identifier_or_string(c);
                }

                if c == b'\r' as i32 {
                    c = self.nextc();
                }

                if c == b'\n' as i32 {
                    self.atbol = true;
                    if blankline || self.level > 0 {
                        if self.opts.extra_tokens {
                            self.comment_newline = false;
                            self.p_start = Some(start);
                            self.p_end = Some(self.cur);
                            return TokenKind::NL;
                        }
                        continue 'nextline;
                    }
                    if self.comment_newline && self.opts.extra_tokens {
                        self.comment_newline = false;
                        self.p_start = Some(start);
                        self.p_end = Some(self.cur);
                        return TokenKind::NL;
                    }
                    self.p_start = Some(start);
                    self.p_end = Some(self.cur - 1);
                    self.cont_line = false;
                    return TokenKind::NEWLINE;
                }

                if c == b'.' as i32 {
                    let c2 = self.nextc();
                    if is_digit(c2) {
                        return self.number_fraction(c2);
                    } else if c2 == b'.' as i32 {
                        let c3 = self.nextc();
                        if c3 == b'.' as i32 {
                            self.p_start = Some(start);
                            self.p_end = Some(self.cur);
                            return TokenKind::ELLIPSIS;
                        }
                        self.backup(c3);
                        self.backup(b'.' as i32);
                    } else {
                        self.backup(c2);
                    }
                    self.p_start = Some(start);
                    self.p_end = Some(self.cur);
                    return TokenKind::DOT;
                }

                if is_digit(c) {
                    return self.number(c);
                }

                if c == b'\'' as i32 || c == b'"' as i32 {
                    return self.string(c);
                }

                if c == b'\\' as i32 {
                    if self.continuation_line() == -1 {
                        return TokenKind::ERRORTOKEN;
                    }
                    self.cont_line = true;
                    continue 'again;
                }

                return self.punctuation(c);
            }
        }
    }

    fn type_comment(&mut self, start: usize, c: i32, blankline: bool) -> Option<TokenKind> {
        const PREFIX: &[u8] = b"# type: ";
        let mut p = start;
        let mut i = 0;
        while i < PREFIX.len() && p < self.cur {
            if PREFIX[i] == b' ' {
                while p < self.src.len() && (self.src[p] == b' ' || self.src[p] == b'\t') {
                    p += 1;
                }
            } else if PREFIX[i] == self.src[p] {
                p += 1;
            } else {
                break;
            }
            i += 1;
        }
        if i < PREFIX.len() {
            return None;
        }
        self.backup(c);
        let ignore_end = p + 6;
        let is_ignore = self.cur >= ignore_end
            && &self.src[p..ignore_end] == b"ignore"
            && !(self.cur > ignore_end
                && (self.src[ignore_end] >= 128 || self.src[ignore_end].is_ascii_alphanumeric()));
        if is_ignore {
            self.p_start = Some(ignore_end);
            self.p_end = Some(self.cur);
            if blankline {
                self.nextc();
                self.atbol = true;
            }
            Some(TokenKind::TYPE_IGNORE)
        } else {
            self.p_start = Some(p);
            self.p_end = Some(self.cur);
            Some(TokenKind::TYPE_COMMENT)
        }
    }

    fn identifier_or_string(&mut self, first: i32) -> TokenKind {
        let start = self.tok_start.unwrap_or(self.cur - 1);
        // Fast path: a plain ASCII name that is not a string prefix.
        if first < 128 {
            let rest = self.src.get(start + 1..self.inp).unwrap_or_default();
            let len = 1 + rest
                .iter()
                .position(|&b| !ASCII_NAME_CHAR[b as usize])
                .unwrap_or(rest.len());
            let next = self.src.get(start + len).copied().unwrap_or(b'\n');
            let may_be_prefix = len <= 2 && matches!(next, b'\'' | b'"');
            if next < 128 && !may_be_prefix {
                self.cur = start + len;
                self.p_start = Some(start);
                self.p_end = Some(self.cur);
                return TokenKind::NAME;
            }
        }
        let mut c = first;
        let mut saw = [false; 5]; // b r u f t
        loop {
            let idx = match c as u8 {
                _ if c < 0 => break,
                b'b' | b'B' => 0,
                b'r' | b'R' => 1,
                b'u' | b'U' => 2,
                b'f' | b'F' => 3,
                b't' | b'T' => 4,
                _ => break,
            };
            if saw[idx] {
                break;
            }
            saw[idx] = true;
            c = self.nextc();
            if c == b'"' as i32 || c == b'\'' as i32 {
                if self.incompatible_prefixes(saw) {
                    return TokenKind::ERRORTOKEN;
                }
                if saw[3] || saw[4] {
                    return self.fstring_start(c);
                }
                return self.string(c);
            }
        }
        let mut nonascii = false;
        while is_potential_identifier_char(c) {
            if c >= 128 {
                nonascii = true;
            }
            c = self.nextc();
        }
        self.backup(c);
        if nonascii && !self.verify_identifier() {
            return TokenKind::ERRORTOKEN;
        }
        self.p_start = Some(start);
        self.p_end = Some(self.cur);
        TokenKind::NAME
    }

    fn number(&mut self, first: i32) -> TokenKind {
        let start = self.tok_start.unwrap_or(self.cur - 1);
        let mut c;
        if first == b'0' as i32 {
            c = self.nextc();
            if c == b'x' as i32 || c == b'X' as i32 {
                c = self.nextc();
                loop {
                    if c == b'_' as i32 {
                        c = self.nextc();
                    }
                    if !is_xdigit(c) {
                        self.backup(c);
                        return self.syntax_error(TokenizeErrorKind::InvalidLiteral("hexadecimal"));
                    }
                    loop {
                        c = self.nextc();
                        if !is_xdigit(c) {
                            break;
                        }
                    }
                    if c != b'_' as i32 {
                        break;
                    }
                }
                if !self.verify_end_of_number(c, "hexadecimal") {
                    return TokenKind::ERRORTOKEN;
                }
            } else if c == b'o' as i32 || c == b'O' as i32 {
                c = self.nextc();
                loop {
                    if c == b'_' as i32 {
                        c = self.nextc();
                    }
                    if !(b'0' as i32..b'8' as i32).contains(&c) {
                        if is_digit(c) {
                            return self.syntax_error(TokenizeErrorKind::InvalidDigit {
                                digit: c as u8 as char,
                                kind: "octal",
                            });
                        }
                        self.backup(c);
                        return self.syntax_error(TokenizeErrorKind::InvalidLiteral("octal"));
                    }
                    loop {
                        c = self.nextc();
                        if !(b'0' as i32..b'8' as i32).contains(&c) {
                            break;
                        }
                    }
                    if c != b'_' as i32 {
                        break;
                    }
                }
                if is_digit(c) {
                    return self.syntax_error(TokenizeErrorKind::InvalidDigit {
                        digit: c as u8 as char,
                        kind: "octal",
                    });
                }
                if !self.verify_end_of_number(c, "octal") {
                    return TokenKind::ERRORTOKEN;
                }
            } else if c == b'b' as i32 || c == b'B' as i32 {
                c = self.nextc();
                loop {
                    if c == b'_' as i32 {
                        c = self.nextc();
                    }
                    if c != b'0' as i32 && c != b'1' as i32 {
                        if is_digit(c) {
                            return self.syntax_error(TokenizeErrorKind::InvalidDigit {
                                digit: c as u8 as char,
                                kind: "binary",
                            });
                        }
                        self.backup(c);
                        return self.syntax_error(TokenizeErrorKind::InvalidLiteral("binary"));
                    }
                    loop {
                        c = self.nextc();
                        if c != b'0' as i32 && c != b'1' as i32 {
                            break;
                        }
                    }
                    if c != b'_' as i32 {
                        break;
                    }
                }
                if is_digit(c) {
                    return self.syntax_error(TokenizeErrorKind::InvalidDigit {
                        digit: c as u8 as char,
                        kind: "binary",
                    });
                }
                if !self.verify_end_of_number(c, "binary") {
                    return TokenKind::ERRORTOKEN;
                }
            } else {
                let mut nonzero = false;
                loop {
                    if c == b'_' as i32 {
                        c = self.nextc();
                        if !is_digit(c) {
                            self.backup(c);
                            return self.syntax_error(TokenizeErrorKind::InvalidLiteral("decimal"));
                        }
                    }
                    if c != b'0' as i32 {
                        break;
                    }
                    c = self.nextc();
                }
                let zeros_end = self.cur;
                if is_digit(c) {
                    nonzero = true;
                    c = self.decimal_tail();
                    if c == 0 {
                        return TokenKind::ERRORTOKEN;
                    }
                }
                if c == b'.' as i32 {
                    c = self.nextc();
                    return self.number_fraction(c);
                } else if c == b'e' as i32 || c == b'E' as i32 {
                    return self.number_exponent(c);
                } else if c == b'j' as i32 || c == b'J' as i32 {
                    return self.number_imaginary();
                } else if nonzero && !self.opts.extra_tokens {
                    self.backup(c);
                    let col = start + 1 - self.line_start;
                    let end_col = zeros_end - self.line_start;
                    return self.syntax_error_known_range(
                        TokenizeErrorKind::LeadingZeros,
                        col,
                        end_col,
                    );
                }
                if !self.verify_end_of_number(c, "decimal") {
                    return TokenKind::ERRORTOKEN;
                }
            }
        } else {
            c = self.decimal_tail();
            if c == 0 {
                return TokenKind::ERRORTOKEN;
            }
            if c == b'.' as i32 {
                c = self.nextc();
                return self.number_fraction(c);
            }
            return self.number_after_fraction(c);
        }
        self.backup(c);
        self.finish_number()
    }

    fn finish_number(&mut self) -> TokenKind {
        self.p_start = self.tok_start;
        self.p_end = Some(self.cur);
        TokenKind::NUMBER
    }

    /// The `fraction:` label: `c` is the character after the decimal point.
    fn number_fraction(&mut self, mut c: i32) -> TokenKind {
        if is_digit(c) {
            c = self.decimal_tail();
            if c == 0 {
                return TokenKind::ERRORTOKEN;
            }
        }
        self.number_after_fraction(c)
    }

    fn number_after_fraction(&mut self, c: i32) -> TokenKind {
        if c == b'e' as i32 || c == b'E' as i32 {
            return self.number_exponent(c);
        }
        if c == b'j' as i32 || c == b'J' as i32 {
            return self.number_imaginary();
        }
        if !self.verify_end_of_number(c, "decimal") {
            return TokenKind::ERRORTOKEN;
        }
        self.backup(c);
        self.finish_number()
    }

    /// The `exponent:` label: `e` is the `e`/`E` just read.
    fn number_exponent(&mut self, e: i32) -> TokenKind {
        let mut c = self.nextc();
        if c == b'+' as i32 || c == b'-' as i32 {
            c = self.nextc();
            if !is_digit(c) {
                self.backup(c);
                return self.syntax_error(TokenizeErrorKind::InvalidLiteral("decimal"));
            }
        } else if !is_digit(c) {
            self.backup(c);
            if !self.verify_end_of_number(e, "decimal") {
                return TokenKind::ERRORTOKEN;
            }
            self.backup(e);
            return self.finish_number();
        }
        c = self.decimal_tail();
        if c == 0 {
            return TokenKind::ERRORTOKEN;
        }
        if c == b'j' as i32 || c == b'J' as i32 {
            return self.number_imaginary();
        }
        if !self.verify_end_of_number(c, "decimal") {
            return TokenKind::ERRORTOKEN;
        }
        self.backup(c);
        self.finish_number()
    }

    /// The `imaginary:` label: the `j`/`J` was just read.
    fn number_imaginary(&mut self) -> TokenKind {
        let c = self.nextc();
        if !self.verify_end_of_number(c, "imaginary") {
            return TokenKind::ERRORTOKEN;
        }
        self.backup(c);
        self.finish_number()
    }

    fn fstring_start(&mut self, quote: i32) -> TokenKind {
        let start = self.tok_start.unwrap_or(self.cur - 1);
        let mut quote_size = 1;
        self.first_lineno = self.lineno;
        self.multi_line_start = self.line_start;
        let after_quote = self.nextc();
        if after_quote == quote {
            let after_after = self.nextc();
            if after_after == quote {
                quote_size = 3;
            } else {
                self.backup(after_after);
                self.backup(after_quote);
            }
        }
        if after_quote != quote {
            self.backup(after_quote);
        }
        self.p_start = Some(start);
        self.p_end = Some(self.cur);
        let prefix_bytes = &self.src[start..self.cur];
        let is_t = prefix_bytes.iter().any(|&b| lower(b) == b't');
        let prefix = if is_t { b't' } else { b'f' };
        if self.modes.len() + 1 >= MAXFSTRINGLEVEL {
            let p = prefix as char;
            return self.syntax_error(TokenizeErrorKind::TooManyNestedFStrings(p));
        }
        let raw = prefix_bytes.iter().take(2).any(|&b| lower(b) == b'r');
        push_small(
            &mut self.modes,
            Mode {
                kind: ModeKind::FString,
                quote: quote as u8,
                quote_size,
                prefix,
                raw,
                start,
                multi_line_start: self.line_start,
                line_start_lineno: self.lineno,
                curly_bracket_depth: 0,
                curly_bracket_expr_start_depth: -1,
                in_format_spec: false,
                debug: false,
            },
        );
        if is_t {
            TokenKind::TSTRING_START
        } else {
            TokenKind::FSTRING_START
        }
    }

    fn string(&mut self, quote: i32) -> TokenKind {
        let start = self.tok_start.unwrap_or(self.cur - 1);
        let mut quote_size = 1;
        let mut end_quote_size = 0;
        let mut has_escaped_quote = false;
        self.first_lineno = self.lineno;
        self.multi_line_start = self.line_start;

        let mut c = self.nextc();
        if c == quote {
            c = self.nextc();
            if c == quote {
                quote_size = 3;
            } else {
                end_quote_size = 1;
            }
        }
        if c != quote {
            self.backup(c);
        }

        while end_quote_size != quote_size {
            // Fast path: skip ordinary characters; a triple-quoted string's newlines are
            // ordinary too (the lines are read at once, as `nextc` would read them).
            let stop = if quote_size == 3 && !self.has_nul && self.cur < self.inp {
                let rest = self.src.get(self.cur..).unwrap_or_default();
                match memchr::memchr3(quote as u8, b'\\', b'\r', rest) {
                    Some(i) => {
                        if self.cur + i >= self.inp {
                            self.read_lines_through(self.cur + i);
                        }
                        i
                    }
                    None => 0,
                }
            } else {
                // A line read holds a `\n` only as its last byte.
                let line = self.src.get(self.cur..self.inp).unwrap_or_default();
                let body = line.strip_suffix(b"\n").unwrap_or(line);
                memchr::memchr3(quote as u8, b'\\', b'\r', body).unwrap_or(body.len())
            };
            if stop > 0 {
                self.cur += stop;
                end_quote_size = 0;
            }
            c = self.nextc();
            if self.done == Done::Error {
                return TokenKind::ERRORTOKEN;
            }
            if c == EOF || (quote_size == 1 && c == b'\n' as i32) {
                self.cur = start + 1;
                self.line_start = self.multi_line_start;
                let detected_at = self.lineno;
                self.lineno = self.first_lineno;
                if self.inside_fstring() {
                    let m = *self.mode();
                    if m.quote as i32 == quote && m.quote_size == quote_size {
                        let p = self.string_prefix();
                        return self.syntax_error(TokenizeErrorKind::FStringExpectingBrace(p));
                    }
                }
                if quote_size == 3 {
                    return self
                        .syntax_error(TokenizeErrorKind::UnterminatedTripleQuoted { detected_at });
                }
                return self.syntax_error(TokenizeErrorKind::UnterminatedString {
                    detected_at,
                    escaped_quote: has_escaped_quote,
                });
            }
            if c == quote {
                end_quote_size += 1;
            } else {
                end_quote_size = 0;
                if c == b'\\' as i32 {
                    c = self.nextc();
                    if c == quote {
                        has_escaped_quote = true;
                    }
                    if c == b'\r' as i32 {
                        self.nextc();
                    }
                }
            }
        }
        self.p_start = Some(start);
        self.p_end = Some(self.cur);
        TokenKind::STRING
    }

    fn punctuation(&mut self, c: i32) -> TokenKind {
        let start = self.tok_start.unwrap_or(self.cur - 1);
        let is_punct = c == b':' as i32 || c == b'}' as i32 || c == b'!' as i32 || c == b'{' as i32;
        if is_punct && self.inside_fstring() && self.mode().inside_expr() {
            let m = *self.mode();
            let cursor = m.curly_bracket_depth - i32::from(c != b'{' as i32);
            if c == b':' as i32 && cursor == m.curly_bracket_expr_start_depth {
                let m = self.mode_mut();
                m.kind = ModeKind::FString;
                m.in_format_spec = true;
                self.p_start = Some(start);
                self.p_end = Some(self.cur);
                return TokenKind::COLON;
            }
        }

        // Operators: the longest exact operator starting here.
        let mut kind = TokenKind::OP;
        if c < 128 {
            if let Some((op, len)) =
                scan::operator(self.src.get(start..self.inp).unwrap_or_default())
            {
                if start + 1 == self.cur {
                    let skip = len - 1;
                    self.cur += skip;
                    kind = op;
                }
            }
        }
        if kind != TokenKind::OP && self.cur - start > 1 {
            self.p_start = Some(start);
            self.p_end = Some(self.cur);
            return kind;
        }

        match c as u8 {
            b'(' | b'[' | b'{' if c >= 0 => {
                if self.level >= MAXLEVEL {
                    return self.syntax_error(TokenizeErrorKind::TooManyNestedParens);
                }
                let col = (start - self.line_start) as u32;
                if self.parenstack.len() > self.level {
                    self.parenstack.truncate(self.level);
                }
                push_small(&mut self.parenstack, (c as u8, self.lineno, col));
                self.level += 1;
                if self.inside_fstring() {
                    self.mode_mut().curly_bracket_depth += 1;
                }
            }
            b')' | b']' | b'}' if c >= 0 => {
                if self.inside_fstring() && self.mode().curly_bracket_depth == 0 && c == b'}' as i32
                {
                    let p = self.string_prefix();
                    return self.syntax_error(TokenizeErrorKind::FStringSingleBrace(p));
                }
                if !self.opts.extra_tokens && self.level == 0 {
                    return self.syntax_error(TokenizeErrorKind::UnmatchedBracket(c as u8 as char));
                }
                if self.level > 0 {
                    self.level -= 1;
                    let (opening, open_line, _) = self.parenstack[self.level];
                    let matches = matches!(
                        (opening, c as u8),
                        (b'(', b')') | (b'[', b']') | (b'{', b'}')
                    );
                    if !self.opts.extra_tokens && !matches {
                        if self.inside_fstring() && opening == b'{' {
                            let m = *self.mode();
                            if m.curly_bracket_depth - 1 == m.curly_bracket_expr_start_depth {
                                let p = self.string_prefix();
                                return self.syntax_error(TokenizeErrorKind::FStringUnmatched {
                                    prefix: p,
                                    bracket: c as u8 as char,
                                });
                            }
                        }
                        let open_line = (open_line != self.lineno).then_some(open_line);
                        return self.syntax_error(TokenizeErrorKind::MismatchedBracket {
                            close: c as u8 as char,
                            open: opening as char,
                            open_line,
                        });
                    }
                }
                if self.inside_fstring() {
                    self.mode_mut().curly_bracket_depth -= 1;
                    let m = *self.mode();
                    if m.curly_bracket_depth < 0 {
                        let p = self.string_prefix();
                        return self.syntax_error(TokenizeErrorKind::FStringUnmatched {
                            prefix: p,
                            bracket: c as u8 as char,
                        });
                    }
                    if c == b'}' as i32 && m.curly_bracket_depth == m.curly_bracket_expr_start_depth
                    {
                        let m = self.mode_mut();
                        m.curly_bracket_expr_start_depth -= 1;
                        m.kind = ModeKind::FString;
                        m.in_format_spec = false;
                        m.debug = false;
                    }
                }
            }
            _ => {}
        }

        if c < 0x20 || c == 0x7f {
            return self.syntax_error(TokenizeErrorKind::InvalidNonPrintable(c as u32));
        }

        if c == b'=' as i32 && self.mode().inside_expr() {
            self.mode_mut().debug = true;
        }

        self.p_start = Some(start);
        self.p_end = Some(self.cur);
        if kind == TokenKind::OP {
            // A single character that is not an exact operator (e.g. `$`, `?`).
            kind =
                TokenKind::exact_operator(&(c as u8 as char).to_string()).unwrap_or(TokenKind::OP);
        }
        kind
    }

    // --------------------------------------------------------- f-string mode ----

    #[inline(never)]
    fn get_fstring(&mut self) -> TokenKind {
        let mut end_quote_size = 0;
        let mut unicode_escape = false;

        self.tok_start = Some(self.cur);
        let start = self.cur;
        self.first_lineno = self.lineno;

        let start_char = self.nextc();
        if start_char == b'{' as i32 {
            let peek1 = self.nextc();
            self.backup(peek1);
            self.backup(start_char);
            if peek1 != b'{' as i32 {
                self.mode_mut().curly_bracket_expr_start_depth += 1;
                if self.mode().curly_bracket_expr_start_depth >= MAX_EXPR_NESTING {
                    let p = self.string_prefix();
                    return self.syntax_error(TokenizeErrorKind::FStringNestedTooDeeply(p));
                }
                self.mode_mut().kind = ModeKind::Regular;
                return self.get_normal();
            }
        } else {
            self.backup(start_char);
        }

        let m = *self.mode();
        let middle_kind = if m.prefix == b't' {
            TokenKind::TSTRING_MIDDLE
        } else {
            TokenKind::FSTRING_MIDDLE
        };

        // At the end of the string?
        let mut at_end = true;
        for _ in 0..m.quote_size {
            let q = self.nextc();
            if q != m.quote as i32 {
                self.backup(q);
                at_end = false;
                break;
            }
        }
        if at_end {
            self.p_start = Some(start);
            self.p_end = Some(self.cur);
            self.modes.pop();
            return if m.prefix == b't' {
                TokenKind::TSTRING_END
            } else {
                TokenKind::FSTRING_END
            };
        }
        self.multi_line_start = self.line_start;
        while end_quote_size != m.quote_size {
            let c = self.nextc();
            if self.done == Done::Error {
                return TokenKind::ERRORTOKEN;
            }
            let cm = *self.mode();
            let in_format_spec = cm.in_format_spec && cm.inside_expr();

            if c == EOF || (m.quote_size == 1 && c == b'\n' as i32) {
                if in_format_spec && c == b'\n' as i32 {
                    if m.quote_size == 1 {
                        let p = self.string_prefix();
                        return self.syntax_error(TokenizeErrorKind::FStringNewlineInFormatSpec(p));
                    }
                    self.backup(c);
                    let mm = self.mode_mut();
                    mm.kind = ModeKind::Regular;
                    mm.in_format_spec = false;
                    self.p_start = Some(start);
                    self.p_end = Some(self.cur);
                    return middle_kind;
                }
                self.cur = m.start + 1;
                self.line_start = m.multi_line_start;
                let detected_at = self.lineno;
                self.lineno = m.line_start_lineno;
                let p = m.prefix as char;
                if m.quote_size == 3 {
                    return self.syntax_error(TokenizeErrorKind::UnterminatedTripleQuotedFString {
                        prefix: p,
                        detected_at,
                    });
                }
                return self.syntax_error(TokenizeErrorKind::UnterminatedFString {
                    prefix: p,
                    detected_at,
                });
            }

            if c == m.quote as i32 {
                end_quote_size += 1;
                continue;
            }
            end_quote_size = 0;

            if c == b'{' as i32 {
                let peek = self.nextc();
                if peek != b'{' as i32 || in_format_spec {
                    self.backup(peek);
                    self.backup(c);
                    self.mode_mut().curly_bracket_expr_start_depth += 1;
                    if self.mode().curly_bracket_expr_start_depth >= MAX_EXPR_NESTING {
                        let p = self.string_prefix();
                        return self.syntax_error(TokenizeErrorKind::FStringNestedTooDeeply(p));
                    }
                    let mm = self.mode_mut();
                    mm.kind = ModeKind::Regular;
                    mm.in_format_spec = false;
                    self.p_start = Some(start);
                    self.p_end = Some(self.cur);
                } else {
                    self.p_start = Some(start);
                    self.p_end = Some(self.cur - 1);
                }
                return middle_kind;
            } else if c == b'}' as i32 {
                if unicode_escape {
                    self.p_start = Some(start);
                    self.p_end = Some(self.cur);
                    return middle_kind;
                }
                let peek = self.nextc();
                let cursor = self.mode().curly_bracket_depth;
                if peek == b'}' as i32 && !in_format_spec && cursor == 0 {
                    self.p_start = Some(start);
                    self.p_end = Some(self.cur - 1);
                } else {
                    self.backup(peek);
                    self.backup(c);
                    let mm = self.mode_mut();
                    mm.kind = ModeKind::Regular;
                    mm.in_format_spec = false;
                    self.p_start = Some(start);
                    self.p_end = Some(self.cur);
                }
                return middle_kind;
            } else if c == b'\\' as i32 {
                let mut peek = self.nextc();
                if peek == b'\r' as i32 {
                    peek = self.nextc();
                }
                if peek == b'{' as i32 || peek == b'}' as i32 {
                    if !m.raw {
                        self.warnings.push(TokenizeWarning {
                            message: format!("\"\\{}\" is an invalid escape sequence. Such sequences will not work in the future. Did you mean \"\\\\{}\"? A raw string is also an option.", peek as u8 as char, peek as u8 as char),
                            lineno: self.lineno,
                        });
                    }
                    self.backup(peek);
                    continue;
                }
                if !m.raw && peek == b'N' as i32 {
                    let p2 = self.nextc();
                    if p2 == b'{' as i32 {
                        unicode_escape = true;
                    } else {
                        self.backup(p2);
                    }
                }
            }
        }

        // Give back the closing quotes so that the next call returns FSTRING_END.
        for _ in 0..m.quote_size {
            self.backup(m.quote as i32);
        }
        self.p_start = Some(start);
        self.p_end = Some(self.cur);
        middle_kind
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceText;

    /// Every token (or the error) with the engine's visible state after it, then the
    /// warnings: with the fast path or with the general engine alone.
    fn trace(text: &SourceText, opts: LexOptions, fast: bool) -> Vec<String> {
        let mut lexer = Lexer::new(text.as_str(), text.implicit_newline(), opts);
        lexer.allow_fast = fast;
        lexer.fast = fast;
        let mut out = Vec::new();
        for _ in 0..=8 * text.as_str().len() + 64 {
            let item = lexer.next_token();
            out.push(format!(
                "{item:?} {} {} {} {} {} {} {} {}",
                lexer.line_start(),
                lexer.multi_line_start(),
                lexer.line_end(),
                lexer.lineno(),
                lexer.level(),
                lexer.inside_fstring(),
                lexer.at_eof(),
                lexer.implicit_newline()
            ));
            match item {
                Ok(t) if t.kind != TokenKind::ENDMARKER => {}
                _ => {
                    out.push(format!("{:?}", lexer.next_token()));
                    break;
                }
            }
        }
        out.extend(lexer.warnings().iter().map(|w| format!("{w:?}")));
        out
    }

    fn python_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                python_files(&p, out);
            } else if p.extension().is_some_and(|e| e == "py") {
                out.push(p);
            }
        }
    }

    #[test]
    fn fast_path_matches_general_engine() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        python_files(&root.join("tests/cases"), &mut files);
        python_files(&root.join("../../corpus"), &mut files);
        assert!(files.len() > 100, "test inputs found");
        let views = [
            LexOptions::default(),
            LexOptions {
                extra_tokens: false,
                type_comments: true,
            },
            LexOptions {
                extra_tokens: true,
                type_comments: false,
            },
        ];
        // Deterministic edits that reach the fast path's borders.
        const BYTES: &[u8] =
            b" \t\n\r\\'\"#{}()[]:!=.0123456789abfrtuxejN_\x0c\x00\xc3\xa9$?;@-+*/<>%&|^~,";
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as usize
        };
        for path in files {
            let data = std::fs::read(&path).expect("readable");
            let mut inputs = vec![data.clone()];
            if !data.is_empty() && data.len() < 20_000 {
                for k in 0..6 {
                    let mut m = data.clone();
                    let at = next() % m.len();
                    match k % 3 {
                        0 => m.truncate(at),
                        1 => m[at] = BYTES[next() % BYTES.len()],
                        _ => m.insert(at, BYTES[next() % BYTES.len()]),
                    }
                    inputs.push(m);
                }
            }
            for input in inputs {
                let raw = SourceText::new(String::from_utf8_lossy(&input).into_owned());
                let decoded = crate::source::decode_for_compile(&input).ok();
                for text in std::iter::once(&raw).chain(decoded.as_ref()) {
                    for opts in views {
                        assert_eq!(
                            trace(text, opts, true),
                            trace(text, opts, false),
                            "{} {opts:?}: {:?}",
                            path.display(),
                            text.as_str()
                        );
                    }
                }
            }
        }
    }

    type Seen = (TokenKind, String, (u32, u32), (u32, u32));

    fn tokens(src: &str) -> Vec<Seen> {
        let text = SourceText::new(src.to_string());
        let mut lexer = Lexer::new(
            text.as_str(),
            text.implicit_newline(),
            LexOptions::default(),
        );
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token().expect("valid source");
            let s = String::from_utf8_lossy(
                &text.as_str().as_bytes()[t.start as usize..t.end as usize],
            )
            .into_owned();
            out.push((t.kind, s, (t.lineno, t.col), (t.end_lineno, t.end_col)));
            if t.kind == TokenKind::ENDMARKER {
                return out;
            }
        }
    }

    #[test]
    fn word_at_a_time_scans_match_byte_scans() {
        let samples: [&[u8]; 9] = [
            b"",
            b"\n",
            b"        x = 1\n",
            b"       \n",
            b"                        \treturn\n",
            b"abcdefgh\nijk",
            b"0123456789abcdef",
            "    é = '\n'".as_bytes(),
            b"        \x8a\x0a\x0b",
        ];
        for sample in samples {
            for start in 0..sample.len() {
                let bytes = &sample[start..];
                assert_eq!(
                    find_newline(bytes),
                    bytes.iter().position(|&b| b == b'\n'),
                    "{bytes:?}"
                );
                assert_eq!(
                    leading_spaces(bytes),
                    bytes.iter().take_while(|&&b| b == b' ').count(),
                    "{bytes:?}"
                );
            }
        }
    }

    #[test]
    fn parser_view_columns_are_utf8_byte_offsets() {
        let toks = tokens("é = 'ü'\n");
        assert_eq!(toks[0], (TokenKind::NAME, "é".into(), (1, 0), (1, 2)));
        assert_eq!(toks[1], (TokenKind::EQUAL, "=".into(), (1, 3), (1, 4)));
        assert_eq!(toks[2], (TokenKind::STRING, "'ü'".into(), (1, 5), (1, 9)));
        assert_eq!(toks[3], (TokenKind::NEWLINE, "".into(), (1, 9), (1, 9)));
    }

    #[test]
    fn parser_view_skips_comments_and_blank_lines() {
        let kinds: Vec<TokenKind> = tokens("# c\n\nif x:  # c\n    y\n")
            .into_iter()
            .map(|t| t.0)
            .collect();
        use TokenKind::*;
        assert_eq!(
            kinds,
            [
                NAME, NAME, COLON, NEWLINE, INDENT, NAME, NEWLINE, DEDENT, ENDMARKER
            ]
        );
    }

    #[test]
    fn multi_line_string_starts_on_its_first_line() {
        let toks = tokens("x = '''a\nbc'''\n");
        assert_eq!(toks[2].0, TokenKind::STRING);
        assert_eq!((toks[2].2, toks[2].3), ((1, 4), (2, 5)));
    }

    #[test]
    fn fstring_parts_are_separate_tokens() {
        use TokenKind::*;
        let kinds: Vec<TokenKind> = tokens("f'a{b!r:>3}c'\n").into_iter().map(|t| t.0).collect();
        assert_eq!(
            kinds,
            [
                FSTRING_START,
                FSTRING_MIDDLE,
                LBRACE,
                NAME,
                EXCLAMATION,
                NAME,
                COLON,
                FSTRING_MIDDLE,
                RBRACE,
                FSTRING_MIDDLE,
                FSTRING_END,
                NEWLINE,
                ENDMARKER
            ]
        );
    }

    #[test]
    fn keyword_after_number_is_a_warning_not_an_error() {
        let text = SourceText::new("x = 1if y else 2\n".to_string());
        let mut lexer = Lexer::new(text.as_str(), false, LexOptions::default());
        while lexer
            .next_token()
            .map(|t| t.kind != TokenKind::ENDMARKER)
            .unwrap_or(false)
        {}
        assert_eq!(lexer.warnings().len(), 1);
        assert_eq!(lexer.warnings()[0].message, "invalid decimal literal");
    }

    #[test]
    fn type_comments_when_asked_for() {
        let text = SourceText::new("x = 1  # type: int\ny = 2  # type: ignore[x]\n".to_string());
        let opts = LexOptions {
            extra_tokens: false,
            type_comments: true,
        };
        let mut lexer = Lexer::new(text.as_str(), false, opts);
        let mut found = Vec::new();
        loop {
            let t = lexer.next_token().expect("valid");
            if matches!(t.kind, TokenKind::TYPE_COMMENT | TokenKind::TYPE_IGNORE) {
                found.push((
                    t.kind,
                    String::from_utf8_lossy(
                        &text.as_str().as_bytes()[t.start as usize..t.end as usize],
                    )
                    .into_owned(),
                ));
            }
            if t.kind == TokenKind::ENDMARKER {
                break;
            }
        }
        assert_eq!(
            found,
            [
                (TokenKind::TYPE_COMMENT, "int".to_string()),
                (TokenKind::TYPE_IGNORE, "[x]".to_string())
            ]
        );
    }
}
