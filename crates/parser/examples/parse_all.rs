//! Parses every file named on the command line and prints how many parsed: a fixed
//! workload for profiling the tokenizer and parser with
//! `valgrind --tool=callgrind target/release/examples/parse_all FILE…` (instruction
//! counts do not depend on what else the machine runs, unlike `cargo xtask bench parse`).

/// The allocator of the `oxpy` binary and of `cargo xtask bench`, so profiles match them.
#[global_allocator]
static GLOBAL: oxpy_objects::obmalloc::SmallObjects = oxpy_objects::obmalloc::SmallObjects;

fn main() {
    let mut texts = Vec::new();
    for path in std::env::args().skip(1) {
        match std::fs::read(&path) {
            Ok(data) => match oxpy_tokenize::source_for_parser(&data) {
                Ok(t) => texts.push(t),
                Err(e) => eprintln!("{path}: {e}"),
            },
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
    let parsed = texts
        .iter()
        .filter(|t| oxpy_parser::parse_module(t).is_ok())
        .count();
    println!("{parsed} of {} files parsed", texts.len());
}
