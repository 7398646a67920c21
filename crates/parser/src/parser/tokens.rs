//! The parser's token buffer (CPython's `p->tokens` array), with the first pass's window.
//!
//! CPython keeps every token of the input until the parse ends. oxpy's first pass keeps
//! only the tokens from the start of the last statement it parsed onwards: once a
//! statement is complete, a successful parse never goes back before it (the memo is
//! dropped at the same points), and the tokens were most of the parser's peak memory.
//! A read before the window is recorded as a miss instead of answered; the parse is then
//! run again with every token kept, as it is whenever the first pass fails (the error
//! pass starts over at the first token).

use std::cell::Cell;

use oxpy_tokenize::{Token, TokenKind};

use super::Kw;

/// The fewest tokens dropped at once. Tokens are dropped only when they are at least as
/// many as those kept after them (which dropping shifts), so each token is moved at most
/// once on average.
const DROP_BATCH: usize = 32;

/// The tokens read so far and the keyword each one spells.
pub(crate) struct TokenBuffer {
    toks: Vec<Token>,
    kws: Vec<Kw>,
    /// The index of `toks[0]` among all tokens of the input.
    base: usize,
    /// Whether tokens may be dropped.
    windowed: bool,
    /// Whether a token before the window was asked for.
    missed: Cell<bool>,
}

/// What a read before the window gets: no token.
const NO_TOKEN: Token = Token {
    kind: TokenKind::ENDMARKER,
    start: 0,
    end: 0,
    lineno: 1,
    col: 0,
    end_lineno: 1,
    end_col: 0,
};

impl TokenBuffer {
    /// An empty buffer; `windowed` lets [`TokenBuffer::drop_before`] forget tokens.
    pub(crate) fn new(capacity: usize, windowed: bool) -> Self {
        TokenBuffer {
            toks: Vec::with_capacity(capacity),
            kws: Vec::with_capacity(capacity),
            base: 0,
            windowed,
            missed: Cell::new(false),
        }
    }

    /// How many tokens have been read (CPython's `p->fill`).
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.base + self.toks.len()
    }

    /// Token `i`, if it has been read and is still kept.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<Token> {
        match i.checked_sub(self.base) {
            Some(j) => self.toks.get(j).copied(),
            None => {
                self.missed.set(true);
                None
            }
        }
    }

    /// Token `i`, which has been read (a placeholder, recorded as a miss, when it has been
    /// dropped or was never read).
    #[inline]
    pub(crate) fn at(&self, i: usize) -> Token {
        self.get(i).unwrap_or_else(|| {
            self.missed.set(true);
            NO_TOKEN
        })
    }

    /// The keyword token `i` spells, if it has been read and is still kept.
    #[inline]
    pub(crate) fn kw(&self, i: usize) -> Option<Kw> {
        match i.checked_sub(self.base) {
            Some(j) => self.kws.get(j).copied(),
            None => {
                self.missed.set(true);
                None
            }
        }
    }

    /// The last token read.
    #[inline]
    pub(crate) fn last(&self) -> Option<Token> {
        self.toks.last().copied()
    }

    /// Appends the next token of the input.
    #[inline]
    pub(crate) fn push(&mut self, t: Token, kw: Kw) {
        self.toks.push(t);
        self.kws.push(kw);
    }

    /// Every token from the first through `i`, or `None` (a miss) when some are dropped.
    pub(crate) fn through(&self, i: usize) -> Option<&[Token]> {
        if self.base > 0 {
            self.missed.set(true);
            return None;
        }
        Some(&self.toks[..(i + 1).min(self.toks.len())])
    }

    /// Forgets the tokens before `i` (in batches), when the buffer is windowed.
    #[inline]
    pub(crate) fn drop_before(&mut self, i: usize) {
        let n = i.saturating_sub(self.base).min(self.toks.len());
        if self.windowed && n >= DROP_BATCH && n >= self.toks.len() - n {
            self.toks.drain(..n);
            self.kws.drain(..n);
            self.base += n;
        }
    }

    /// Whether tokens were dropped or a dropped token was asked for: the first pass's
    /// failure can then not be followed by the error pass on this buffer.
    pub(crate) fn lost_any(&self) -> bool {
        self.base > 0 || self.missed.get()
    }

    /// Whether a token before the window was asked for (the parse must run again).
    pub(crate) fn missed(&self) -> bool {
        self.missed.get()
    }
}
