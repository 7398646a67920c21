//! Port of `TracebackException._find_keyword_typos` (Lib/traceback.py 3.14), with the pieces it uses: `_suggestions._generate_suggestions` (Python/suggestions.c), `difflib.get_close_matches` and `codeop.compile_command`'s verdict.
//!
//! For an `invalid syntax` (or `Perhaps you forgot a comma`) error, traceback takes the
//! source lines from the last compound statement the parser's error pass read
//! (`SyntaxError._metadata`) down to the error line, dedents them, and tries, for the first
//! ten names that are not keywords, replacing the name by a close keyword; the first
//! replacement that compiles (or is only incomplete) turns the message into
//! `invalid syntax. Did you mean 'KW'?` pointing at that name.

use oxpy_parser::{Mode, ParseOptions};
use oxpy_tokenize::{SourceText, TokenKind};

/// `keyword.kwlist` of 3.14.
const KWLIST: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// What a found typo changes in the SyntaxError.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeywordTypo {
    /// The new `text`: the token's line in the dedented snippet.
    pub text: String,
    /// The new `offset`.
    pub offset: i64,
    /// The new `end_offset`.
    pub end_offset: i64,
    /// The new `lineno` (counted in the snippet, as CPython does).
    pub lineno: i64,
    /// The new `msg`.
    pub msg: String,
}

/// Python's `str.splitlines()`.
fn splitlines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let brk = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if brk {
            out.push(&s[start..i]);
            let mut next = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(j, '\n')) = chars.peek() {
                    chars.next();
                    next = j + 1;
                }
            }
            start = next;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

fn is_py_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\x1c'..='\x1f')
}

/// `textwrap.dedent` (3.14).
fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let blank = |l: &str| l.is_empty() || l.chars().all(is_py_space);
    let non_blank: Vec<&str> = lines.iter().copied().filter(|l| !blank(l)).collect();
    let l1 = non_blank.iter().min().copied().unwrap_or("");
    let l2 = non_blank.iter().max().copied().unwrap_or("");
    let mut margin = 0;
    let l2_chars: Vec<char> = l2.chars().collect();
    for (i, c) in l1.chars().enumerate() {
        margin = i;
        if l2_chars.get(i) != Some(&c) || !matches!(c, ' ' | '\t') {
            break;
        }
    }
    lines
        .iter()
        .map(|l| {
            if !l.is_empty() && l.chars().all(is_py_space) {
                String::new()
            } else {
                l.chars().skip(margin).collect()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `substitution_cost` of Python/suggestions.c.
fn substitution_cost(a: u8, b: u8) -> usize {
    const MOVE_COST: usize = 2;
    if (a & 31) != (b & 31) {
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) {
        return 1;
    }
    MOVE_COST
}

/// `levenshtein_distance` of Python/suggestions.c (UTF-8 bytes, moves cost 2, case 1).
fn levenshtein(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    const MOVE_COST: usize = 2;
    const MAX_STRING_SIZE: usize = 40;
    let (mut a, mut b) = (a, b);
    while let (Some(x), Some(y)) = (a.first(), b.first()) {
        if x != y {
            break;
        }
        a = &a[1..];
        b = &b[1..];
    }
    while let (Some(x), Some(y)) = (a.last(), b.last()) {
        if x != y {
            break;
        }
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    let mut buffer: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (b_index, &code) in b.iter().enumerate() {
        let mut distance = b_index * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (index, &ac) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, ac);
            distance = buffer[index];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            buffer[index] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// `_suggestions._generate_suggestions(candidates, name)`.
fn generate_suggestion(candidates: &[&'static str], name: &str) -> Option<&'static str> {
    const MOVE_COST: usize = 2;
    if candidates.len() >= 750 {
        return None;
    }
    let mut best: Option<(&'static str, usize)> = None;
    for &item in candidates {
        if item == name {
            continue;
        }
        let mut max_distance = (name.len() + item.len() + 3) * MOVE_COST / 6;
        if let Some((_, d)) = best {
            max_distance = max_distance.min(d.saturating_sub(1));
        }
        let d = levenshtein(name.as_bytes(), item.as_bytes(), max_distance);
        if d > max_distance {
            continue;
        }
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((item, d));
        }
    }
    best.map(|(s, _)| s)
}

/// `SequenceMatcher(None, a, b).ratio()` (no junk; the strings here are short).
fn ratio(a: &[char], b: &[char]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    let mut matches = 0usize;
    let mut queue = vec![(0usize, a.len(), 0usize, b.len())];
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        // find_longest_match: the longest block, earliest in a, then earliest in b.
        let (mut besti, mut bestj, mut bestk) = (alo, blo, 0usize);
        let mut prev = vec![0usize; b.len() + 1];
        for (i, ai) in a.iter().enumerate().take(ahi).skip(alo) {
            let mut cur = vec![0usize; b.len() + 1];
            for j in blo..bhi {
                if *ai == b[j] {
                    let k = if j > blo { prev[j - 1] } else { 0 } + 1;
                    cur[j] = k;
                    if k > bestk {
                        besti = i + 1 - k;
                        bestj = j + 1 - k;
                        bestk = k;
                    }
                }
            }
            prev = cur;
        }
        if bestk > 0 {
            matches += bestk;
            if alo < besti && blo < bestj {
                queue.push((alo, besti, blo, bestj));
            }
            if besti + bestk < ahi && bestj + bestk < bhi {
                queue.push((besti + bestk, ahi, bestj + bestk, bhi));
            }
        }
    }
    2.0 * matches as f64 / total as f64
}

/// `difflib.get_close_matches(word, possibilities, n, cutoff)`.
fn close_matches(
    word: &str,
    possibilities: &[&'static str],
    n: usize,
    cutoff: f64,
) -> Vec<&'static str> {
    let b: Vec<char> = word.chars().collect();
    let mut scored: Vec<(f64, &'static str)> = possibilities
        .iter()
        .filter_map(|&x| {
            let a: Vec<char> = x.chars().collect();
            let r = ratio(&a, &b);
            (r >= cutoff).then_some((r, x))
        })
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| y.1.cmp(x.1)));
    scored.into_iter().take(n).map(|(_, x)| x).collect()
}

/// `codeop.compile_command(code, symbol="exec", flags=PyCF_ONLY_AST)` does not raise:
/// the code parses, or fails only for want of more input (with or without a newline
/// added). Code that parses is never compiled further there (`PyCF_ONLY_AST`).
fn compiles(code: &str) -> bool {
    let only_comments = code.split('\n').all(|l| {
        let l = l.trim_matches(is_py_space);
        l.is_empty() || l.starts_with('#')
    });
    if only_comments {
        return true;
    }
    let opts = ParseOptions::mode(Mode::Exec);
    for text in [code.to_string(), format!("{code}\n")] {
        let source = SourceText::new(text);
        let report = oxpy_parser::parse_report(&source, &opts);
        if report.result.is_ok() || report.incomplete {
            return true;
        }
    }
    false
}

/// `_find_keyword_typos`: `msg` is the error's message, `lineno` its line, `metadata_line`
/// the line of `SyntaxError._metadata`, `source` the whole decoded source.
pub fn find_keyword_typo(
    msg: &str,
    lineno: Option<i64>,
    metadata_line: i64,
    source: &str,
) -> Option<KeywordTypo> {
    if msg != "invalid syntax" && !msg.contains("Perhaps you forgot a comma") {
        return None;
    }
    let line = metadata_line;
    let end_line = lineno.unwrap_or(0);
    let lines = splitlines(source);
    let from = if line > 0 { line - 1 } else { 0 };
    let from = (from.max(0) as usize).min(lines.len());
    let to = (end_line.max(0) as usize).min(lines.len());
    let error_code = if from < to {
        dedent(&lines[from..to].join("\n"))
    } else {
        dedent("")
    };
    if error_code.chars().count() > 1024 {
        return None;
    }
    let error_lines: Vec<&str> = splitlines(&error_code);
    let text = SourceText::new(error_code.clone());
    let mut left = 10i32;
    for item in oxpy_tokenize::ModuleTokens::new(&text) {
        // A tokenizer error ends the search (the exception is suppressed).
        let token = item.ok()?;
        if token.kind != TokenKind::NAME {
            continue;
        }
        let wrong = token.string;
        if KWLIST.contains(&wrong) {
            continue;
        }
        left -= 1;
        if left < 0 {
            break;
        }
        let mut matches: Vec<&'static str> = Vec::new();
        if let Some(s) = generate_suggestion(&KWLIST, wrong) {
            matches.push(s);
        }
        matches.extend(close_matches(wrong, &KWLIST, 3, 0.5));
        matches.truncate(3);
        for suggestion in matches {
            if suggestion == wrong {
                continue;
            }
            let row = token.start.0 as usize;
            let Some(the_line) = error_lines.get(row.wrapping_sub(1)) else {
                continue;
            };
            let chars: Vec<char> = the_line.chars().collect();
            let (s, e) = (token.start.1.max(0) as usize, token.end.1.max(0) as usize);
            let s = s.min(chars.len());
            let e = e.clamp(s, chars.len());
            let mut new_line: String = chars[..s].iter().collect();
            new_line.push_str(suggestion);
            new_line.extend(&chars[e..]);
            let mut the_lines: Vec<String> = error_lines.iter().map(|l| l.to_string()).collect();
            the_lines[row - 1] = new_line;
            if !compiles(&the_lines.join("\n")) {
                continue;
            }
            return Some(KeywordTypo {
                text: token.line.to_string(),
                offset: token.start.1 + 1,
                end_offset: token.end.1 + 1,
                lineno: i64::from(token.start.0),
                msg: format!("invalid syntax. Did you mean '{suggestion}'?"),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_follow_cpython_distances() {
        assert_eq!(generate_suggestion(&KWLIST, "whille"), Some("while"));
        assert_eq!(generate_suggestion(&KWLIST, "improt"), Some("import"));
        assert_eq!(generate_suggestion(&KWLIST, "xyzzy"), None);
    }

    #[test]
    fn close_matches_rank_by_ratio_then_name() {
        assert_eq!(close_matches("whille", &KWLIST, 3, 0.5), ["while"]);
        assert_eq!(close_matches("n", &KWLIST, 3, 0.5), ["in", "not", "and"]);
    }

    #[test]
    fn dedent_removes_the_common_margin() {
        assert_eq!(dedent("    a\n      b\n\n    c"), "a\n  b\n\nc");
    }

    #[test]
    fn a_misspelt_keyword_is_found() {
        let typo = find_keyword_typo(
            "invalid syntax",
            Some(2),
            0,
            "n = 3\nwhille n > 0:\n    n -= 1\n",
        )
        .unwrap();
        assert_eq!(typo.msg, "invalid syntax. Did you mean 'while'?");
        assert_eq!((typo.offset, typo.end_offset), (1, 7));
    }
}
