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

use super::{Kw, Start};

/// The fewest tokens dropped at once. Tokens are dropped only when they are at least as
/// many as those kept after them (which dropping shifts), so each token is moved at most
/// once on average.
const DROP_BATCH: usize = 8;

/// One token as the buffer keeps it: 20 bytes instead of a [`Token`]'s 28 plus its
/// keyword. The end is kept as a length when the token ends on its first line, at its
/// start column plus its length (and `pad`): nearly all tokens; the others (multi-line
/// strings, tokens whose positions are not their text's) keep their end in `irregular`.
#[derive(Clone, Copy)]
struct Packed {
    start: u32,
    len: u32,
    lineno: u32,
    col: u32,
    kind: TokenKind,
    kw: Kw,
    /// How far the end column is past `col + len` (1 for NEWLINE, whose end column
    /// covers the newline its text does not hold).
    pad: u8,
    /// The end is in `irregular`.
    irregular: bool,
}

/// The tokens read so far and the keyword each one spells.
pub(crate) struct TokenBuffer {
    toks: Vec<Packed>,
    /// `(index, end, end_lineno, end_col)` of the irregular tokens kept, by index.
    irregular: Vec<(usize, u32, u32, u32)>,
    /// The index of `toks[0]` among all tokens of the input.
    base: usize,
    /// Whether tokens may be dropped.
    windowed: bool,
    /// Whether a token before the window was asked for.
    missed: Cell<bool>,
}

/// From this many tokens the window grows by half instead of doubling.
const LARGE_WINDOW: usize = 1024;

/// What a read before the window gets: no token (an ENDMARKER at the start of line 1).
pub(crate) const NO_TOKEN: Token = Token {
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
            irregular: Vec::new(),
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

    /// The packed token `i`, if it has been read and is still kept.
    #[inline]
    fn packed(&self, i: usize) -> Option<&Packed> {
        // Below the window the index wraps around and is out of range too.
        let p = self.toks.get(i.wrapping_sub(self.base));
        if p.is_none() && i < self.base {
            self.missed.set(true);
        }
        p
    }

    /// Token `i` as the lexer returned it.
    #[inline(always)]
    fn unpack(&self, i: usize, p: &Packed) -> Token {
        let (end, end_lineno, end_col) = if p.irregular {
            self.irregular_end(i)
        } else {
            (p.start + p.len, p.lineno, p.col + p.len + u32::from(p.pad))
        };
        Token {
            kind: p.kind,
            start: p.start,
            end,
            lineno: p.lineno,
            col: p.col,
            end_lineno,
            end_col,
        }
    }

    #[cold]
    fn irregular_end(&self, i: usize) -> (u32, u32, u32) {
        match self.irregular.binary_search_by_key(&i, |e| e.0) {
            Ok(k) => {
                let (_, end, end_lineno, end_col) = self.irregular[k];
                (end, end_lineno, end_col)
            }
            Err(_) => (0, 0, 0),
        }
    }

    /// Token `i`, if it has been read and is still kept.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<Token> {
        self.packed(i).map(|p| self.unpack(i, p))
    }

    /// The kind of token `i`, if it has been read and is still kept.
    #[inline]
    pub(crate) fn kind(&self, i: usize) -> Option<TokenKind> {
        self.packed(i).map(|p| p.kind)
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

    /// Where token `i` starts, if it has been read and is still kept.
    #[inline]
    pub(crate) fn start_of(&self, i: usize) -> Option<Start> {
        self.packed(i).map(|p| Start {
            lineno: p.lineno,
            col: p.col,
        })
    }

    /// The keyword token `i` spells, if it has been read and is still kept.
    #[inline]
    pub(crate) fn kw(&self, i: usize) -> Option<Kw> {
        self.packed(i).map(|p| p.kw)
    }

    /// The last token read.
    #[inline]
    pub(crate) fn last(&self) -> Option<Token> {
        let p = self.toks.last()?;
        Some(self.unpack(self.len() - 1, p))
    }

    /// Appends the next token of the input.
    #[inline(always)]
    pub(crate) fn push(&mut self, t: Token, kw: Kw) {
        let len = t.end.wrapping_sub(t.start);
        let pad = t.end_col.wrapping_sub(t.col).wrapping_sub(len);
        let irregular = t.end < t.start || t.end_lineno != t.lineno || pad > 1;
        if irregular {
            self.push_irregular(t);
        }
        if self.toks.len() == self.toks.capacity() {
            self.grow();
        }
        self.toks.push(Packed {
            start: t.start,
            len,
            lineno: t.lineno,
            col: t.col,
            kind: t.kind,
            kw,
            pad: if irregular { 0 } else { pad as u8 },
            irregular,
        });
    }

    #[cold]
    fn push_irregular(&mut self, t: Token) {
        self.irregular
            .push((self.len(), t.end, t.end_lineno, t.end_col));
    }

    /// Room for more tokens: doubling, or by half once a statement is this long (less
    /// room left over).
    #[cold]
    fn grow(&mut self) {
        let n = self.toks.len();
        self.toks
            .reserve_exact(if n >= LARGE_WINDOW { n / 2 } else { n.max(16) });
    }

    /// Every token from the first through `i`, or `None` (a miss) when some are dropped.
    pub(crate) fn through(&self, i: usize) -> Option<Vec<Token>> {
        if self.base > 0 {
            self.missed.set(true);
            return None;
        }
        let n = (i + 1).min(self.toks.len());
        Some((0..n).map(|j| self.unpack(j, &self.toks[j])).collect())
    }

    /// Forgets the tokens before `i` (in batches), when the buffer is windowed.
    #[inline]
    pub(crate) fn drop_before(&mut self, i: usize) {
        let n = i.saturating_sub(self.base).min(self.toks.len());
        if self.windowed && n >= DROP_BATCH && n >= self.toks.len() - n {
            self.toks.drain(..n);
            self.base += n;
            let kept = self.irregular.partition_point(|e| e.0 < self.base);
            self.irregular.drain(..kept);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(kind: TokenKind, start: u32, end: u32, pos: (u32, u32, u32, u32)) -> Token {
        Token {
            kind,
            start,
            end,
            lineno: pos.0,
            col: pos.1,
            end_lineno: pos.2,
            end_col: pos.3,
        }
    }

    #[test]
    fn packed_tokens_read_back_exactly_as_pushed() {
        let tokens = [
            tok(TokenKind::NAME, 0, 3, (1, 0, 1, 3)),
            // NEWLINE: its end column covers the newline its text does not hold.
            tok(TokenKind::NEWLINE, 3, 3, (1, 3, 1, 4)),
            // A string over two lines.
            tok(TokenKind::STRING, 4, 14, (2, 0, 3, 4)),
            tok(TokenKind::DEDENT, 15, 15, (4, 0, 4, 0)),
            tok(TokenKind::ENDMARKER, 15, 15, (4, 0, 4, 0)),
        ];
        let mut buf = TokenBuffer::new(2, false);
        for (i, t) in tokens.iter().enumerate() {
            buf.push(*t, if i == 0 { Kw::Def } else { Kw::No });
        }
        assert_eq!(buf.len(), tokens.len());
        for (i, t) in tokens.iter().enumerate() {
            assert_eq!(buf.get(i), Some(*t));
            assert_eq!(buf.kind(i), Some(t.kind));
        }
        assert_eq!(buf.kw(0), Some(Kw::Def));
        assert_eq!(buf.last(), Some(tokens[4]));
        assert_eq!(buf.get(5), None);
        assert!(!buf.lost_any());
    }

    #[test]
    fn a_windowed_buffer_drops_in_batches_and_records_reads_before_the_window() {
        let mut buf = TokenBuffer::new(4, true);
        for i in 0..100u32 {
            let line = i / 3 + 1;
            buf.push(
                tok(
                    TokenKind::NAME,
                    i * 2,
                    i * 2 + 1,
                    (line, i % 3, line, i % 3 + 1),
                ),
                Kw::No,
            );
        }
        // Fewer than a batch: nothing is dropped.
        buf.drop_before(DROP_BATCH - 1);
        assert!(!buf.lost_any());
        // Too many kept after the point: nothing is dropped either.
        buf.drop_before(40);
        assert!(!buf.lost_any());
        buf.drop_before(60);
        assert!(buf.lost_any() && !buf.missed());
        assert_eq!(buf.len(), 100);
        assert_eq!(buf.get(60).map(|t| t.start), Some(120));
        assert_eq!(buf.get(59), None);
        assert!(buf.missed());
        // An unwindowed buffer keeps everything.
        let mut all = TokenBuffer::new(4, false);
        for i in 0..100u32 {
            all.push(tok(TokenKind::NAME, i, i + 1, (1, i, 1, i + 1)), Kw::No);
        }
        all.drop_before(90);
        assert!(!all.lost_any());
        assert_eq!(all.through(3).map(|t| t.len()), Some(4));
    }
}
