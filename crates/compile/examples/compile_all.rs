//! Compiles every `.py` file under a directory (default `/tmp/std`, the unzipped stdlib)
//! with `compile_source_timed` and prints the per-phase times and a checksum of the
//! module code objects' marshal bytes: a fixed workload for profiling the compiler
//! (`valgrind --tool=callgrind target/release/examples/compile_all`), and a quick check
//! that a change leaves every code object as it was (the checksum stays the same).
//!
//! Usage: `compile_all [DIR] [--repeat N] [--no-marshal]`.

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

/// The allocator of the `oxpy` binary and of `cargo xtask bench`, so profiles match them.
#[global_allocator]
static GLOBAL: oxpy_objects::obmalloc::SmallObjects = oxpy_objects::obmalloc::SmallObjects;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "py") {
            out.push(p);
        }
    }
}

fn main() {
    let mut dir = PathBuf::from("/tmp/std");
    let mut repeat = 1usize;
    let mut marshal = true;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(1),
            "--no-marshal" => marshal = false,
            _ => dir = PathBuf::from(a),
        }
    }
    let mut paths = Vec::new();
    collect(&dir, &mut paths);
    paths.sort();
    let files: Vec<(String, Vec<u8>)> = paths
        .iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read(p).ok()?)))
        .collect();
    let options = oxpy_compile::CompileOptions::default();
    let mut times = oxpy_compile::PhaseTimes::default();
    let mut hasher = DefaultHasher::new();
    let (mut ok, mut bytes) = (0usize, 0usize);
    for _ in 0..repeat {
        for (name, data) in &files {
            if let Ok(c) = oxpy_compile::compile_source_timed(data, name, &options, &mut times) {
                ok += 1;
                bytes += data.len();
                if marshal {
                    if let Ok(m) = oxpy_compile::marshal::dumps_code(&c.code) {
                        hasher.write(&m);
                    }
                }
            }
        }
    }
    println!(
        "{ok} files compiled ({} found), {:.2} MB",
        files.len(),
        bytes as f64 / 1e6
    );
    println!("{times:#?}");
    if marshal {
        println!("marshal checksum {:016x}", hasher.finish());
    }
}
