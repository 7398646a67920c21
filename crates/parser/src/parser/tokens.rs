//! The parser's token buffer (CPython's `p->tokens` array), with the first pass's window.
//!
//! CPython keeps every token of the input until the parse ends. oxpy's first pass keeps
//! only the tokens it may still read: once a statement is complete, a successful parse
//! never goes back before it except to find its last token (the end of the enclosing
//! node's location; the memo is dropped at the same points), and the tokens were most of
//! the parser's peak memory. The tokens before that point are dropped lazily, when the
//! buffer is full, so the buffer grows only for a statement longer than it; reading ahead
//! never grows it. A read before the window is recorded as a miss instead of answered;
//! the parse is then run again with every token kept, as it is whenever the first pass
//! fails (the error pass starts over at the first token).

use std::cell::Cell;

use oxpy_tokenize::{Token, TokenKind};

use super::{Kw, Start};

/// One token as the buffer keeps it: 16 bytes instead of a [`Token`]'s 28 plus its
/// keyword. The end is kept as a length when the token ends on its first line, at its
/// start column plus its length (and one more for a NEWLINE, whose end column covers the
/// newline its text does not hold): nearly all tokens; the others (multi-line strings,
/// tokens of 32 KiB or more, tokens whose positions are not their text's) keep their end
/// in `irregular`.
#[derive(Clone, Copy)]
struct Packed {
    start: u32,
    lineno: u32,
    col: u32,
    /// `len << 1 | pad` (`pad`: how far the end column is past `col + len`, 0 or 1), or
    /// [`IRREGULAR`].
    len_pad: u16,
    kind: TokenKind,
    kw: Kw,
}

/// `Packed::len_pad` of a token whose end is in `TokenBuffer::irregular`.
const IRREGULAR: u16 = u16::MAX;

/// The tokens read so far and the keyword each one spells.
pub(crate) struct TokenBuffer {
    toks: Vec<Packed>,
    /// `(index, end, end_lineno, end_col)` of the irregular tokens kept, by index.
    irregular: Vec<(usize, u32, u32, u32)>,
    /// The index of `toks[0]` among all tokens of the input.
    base: usize,
    /// Whether tokens may be dropped.
    windowed: bool,
    /// The tokens before this index are no longer needed (dropped when room is needed).
    droppable: usize,
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
            droppable: 0,
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
        let (end, end_lineno, end_col) = if p.len_pad == IRREGULAR {
            self.irregular_end(i)
        } else {
            let len = u32::from(p.len_pad >> 1);
            (
                p.start + len,
                p.lineno,
                p.col + len + u32::from(p.len_pad & 1),
            )
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
        let regular = t.end >= t.start && t.end_lineno == t.lineno && pad <= 1 && len < 0x7fff;
        if !regular {
            self.push_irregular(t);
        }
        if self.toks.len() == self.toks.capacity() {
            self.make_room();
        }
        self.toks.push(Packed {
            start: t.start,
            lineno: t.lineno,
            col: t.col,
            len_pad: if regular {
                ((len as u16) << 1) | pad as u16
            } else {
                IRREGULAR
            },
            kind: t.kind,
            kw,
        });
    }

    /// [`TokenBuffer::push`] for a token of the lexer's fast path, which lies on one line
    /// and ends at its start column plus `len`, plus one when `pad` (a NEWLINE's end).
    #[inline(always)]
    pub(crate) fn push_one_line(&mut self, t: Token, len: u32, pad: bool, kw: Kw) {
        if len >= 0x7fff {
            let end_col = t.col + len + u32::from(pad);
            return self.push(Token { end_col, ..t }, kw);
        }
        if self.toks.len() == self.toks.capacity() {
            self.make_room();
        }
        self.toks.push(Packed {
            start: t.start,
            lineno: t.lineno,
            col: t.col,
            len_pad: ((len as u16) << 1) | u16::from(pad),
            kind: t.kind,
            kw,
        });
    }

    #[cold]
    fn push_irregular(&mut self, t: Token) {
        self.irregular
            .push((self.len(), t.end, t.end_lineno, t.end_col));
    }

    /// The index of the first token that does not fit without growing the buffer (once
    /// the tokens no longer needed are dropped, if it is full): reading ahead stops there.
    #[inline]
    pub(crate) fn room_end(&mut self) -> usize {
        if self.toks.len() == self.toks.capacity() {
            self.drop_unneeded();
        }
        self.base + self.toks.capacity()
    }

    /// Room for one more token: the tokens no longer needed are dropped, else the buffer
    /// grows, doubling, or by half once a statement is this long (less room left over).
    #[cold]
    fn make_room(&mut self) {
        if !self.drop_unneeded() {
            let n = self.toks.len();
            self.toks
                .reserve_exact(if n >= LARGE_WINDOW { n / 2 } else { n.max(16) });
        }
    }

    /// Drops the tokens before `droppable`; whether any were.
    fn drop_unneeded(&mut self) -> bool {
        let n = self
            .droppable
            .saturating_sub(self.base)
            .min(self.toks.len());
        if n == 0 {
            return false;
        }
        self.toks.drain(..n);
        self.base += n;
        let kept = self.irregular.partition_point(|e| e.0 < self.base);
        self.irregular.drain(..kept);
        true
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

    /// Lets the tokens before `i` be forgotten (when room is needed), if the buffer is
    /// windowed.
    #[inline]
    pub(crate) fn drop_before(&mut self, i: usize) {
        if self.windowed {
            self.droppable = self.droppable.max(i);
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
    fn one_line_tokens_read_back_as_pushed_in_full() {
        let tokens = [
            tok(TokenKind::NAME, 0, 3, (1, 0, 1, 3)),
            // A NEWLINE without text ends one column on.
            tok(TokenKind::NEWLINE, 3, 3, (1, 3, 1, 4)),
            tok(TokenKind::STRING, 10, 10 + 40_000, (2, 4, 2, 40_004)),
            tok(TokenKind::NEWLINE, 40_010, 40_011, (2, 40_006, 2, 40_007)),
        ];
        let mut buf = TokenBuffer::new(1, false);
        for t in tokens {
            let len = t.end - t.start;
            let pad = t.end_col - t.col - len == 1;
            buf.push_one_line(
                Token {
                    end_col: t.col + len,
                    ..t
                },
                len,
                pad,
                Kw::No,
            );
        }
        for (i, t) in tokens.iter().enumerate() {
            assert_eq!(buf.get(i), Some(*t));
        }
    }

    #[test]
    fn tokens_of_32_kib_or_more_keep_their_end_aside() {
        let long = tok(TokenKind::STRING, 10, 10 + 40_000, (1, 10, 1, 40_010));
        let mut buf = TokenBuffer::new(1, false);
        buf.push(long, Kw::No);
        assert_eq!(buf.get(0), Some(long));
    }

    fn name(i: u32) -> Token {
        let line = i / 3 + 1;
        tok(
            TokenKind::NAME,
            i * 2,
            i * 2 + 1,
            (line, i % 3, line, i % 3 + 1),
        )
    }

    #[test]
    fn a_windowed_buffer_drops_unneeded_tokens_only_when_full() {
        let mut buf = TokenBuffer::new(4, true);
        for i in 0..3 {
            buf.push(name(i), Kw::No);
        }
        // Droppable, but there is room: nothing is dropped.
        buf.drop_before(2);
        buf.push(name(3), Kw::No);
        assert!(!buf.lost_any());
        assert_eq!(buf.room_end(), 6, "full: tokens 0 and 1 make room");
        assert!(buf.lost_any() && !buf.missed());
        buf.push(name(4), Kw::No);
        buf.push(name(5), Kw::No);
        assert_eq!(buf.len(), 6);
        assert_eq!(buf.get(2).map(|t| t.start), Some(4));
        assert_eq!(buf.get(1), None);
        assert!(buf.missed());
    }

    #[test]
    fn a_windowed_buffer_grows_only_for_tokens_still_needed() {
        let mut buf = TokenBuffer::new(4, true);
        for i in 0..10 {
            buf.push(name(i), Kw::No);
        }
        let cap = buf.toks.capacity();
        assert_eq!(buf.room_end(), cap);
        // The tokens before 8 go when room is needed, not before.
        buf.drop_before(8);
        buf.drop_before(5);
        while buf.len() < cap {
            buf.push(name(buf.len() as u32), Kw::No);
        }
        assert!(!buf.lost_any());
        assert_eq!(buf.room_end(), 8 + cap);
        while buf.len() < 8 + cap {
            buf.push(name(buf.len() as u32), Kw::No);
        }
        assert_eq!(buf.toks.capacity(), cap, "room made by dropping");
        // Full of tokens still needed: reading ahead stops, a needed token grows it.
        assert_eq!(buf.room_end(), 8 + cap);
        buf.push(name(buf.len() as u32), Kw::No);
        assert!(buf.toks.capacity() > cap);
        assert_eq!(buf.get(8).map(|t| t.start), Some(16));
        assert!(!buf.missed());
        assert_eq!(buf.get(7), None);
        assert!(buf.missed());
    }

    #[test]
    fn an_unwindowed_buffer_keeps_every_token() {
        let mut all = TokenBuffer::new(4, false);
        for i in 0..100u32 {
            all.push(tok(TokenKind::NAME, i, i + 1, (1, i, 1, i + 1)), Kw::No);
        }
        all.drop_before(90);
        all.push(name(100), Kw::No);
        assert!(!all.lost_any());
        assert_eq!(all.through(3).map(|t| t.len()), Some(4));
    }
}
