//! Lexes every `.py` file under a directory with the parser view and prints the token
//! count: a fixed workload for profiling the lexer (e.g. under `valgrind --tool=callgrind`).
//!
//! `cargo run --release -p oxpy-tokenize --example lex_tree -- /tmp/std [REPEAT]`

use oxpy_tokenize::{LexOptions, Lexer, SourceText, TokenKind};
use std::path::Path;

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "py") {
            out.push(p);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "/tmp/std".to_string());
    let repeat: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut files = Vec::new();
    collect(Path::new(&dir), &mut files);
    let texts: Vec<SourceText> = files
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|d| oxpy_tokenize::source_for_parser(&d).ok())
        .collect();
    let mut tokens = 0usize;
    let mut errors = 0usize;
    for _ in 0..repeat {
        for t in &texts {
            let mut lexer = Lexer::new(t.as_str(), t.implicit_newline(), LexOptions::default());
            loop {
                match lexer.next_token() {
                    Ok(tok) => {
                        tokens += 1;
                        if tok.kind == TokenKind::ENDMARKER {
                            break;
                        }
                    }
                    Err(_) => {
                        errors += 1;
                        break;
                    }
                }
            }
        }
    }
    println!("{} files, {tokens} tokens, {errors} errors", texts.len());
}
