//! oxpy developer commands (`cargo xtask <command>`): layer checks, parity against CPython, benchmarks, code generation.

mod alloc_count;
mod asdl;
mod bench;
mod corpus;
mod golden;
mod layers;
mod oracle;
mod parity;
#[cfg(feature = "parser")]
mod parity_ast;
#[cfg(feature = "compile")]
mod parity_code;
#[cfg(feature = "compile")]
mod roundtrip;

use std::process::ExitCode;

#[global_allocator]
static ALLOC: alloc_count::Counting = alloc_count::Counting;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match cmd.as_str() {
        "check-layers" => layers::run(rest),
        "regen-cases" => xtask_cases::run_regen_cases(rest),
        "check-upstream" => xtask_cases::run_check_upstream(rest),
        "parity" => parity::run(rest),
        "bench" => bench::run(rest),
        "golden" => golden::run(rest),
        #[cfg(feature = "compile")]
        "roundtrip-pyc" => roundtrip::run(rest),
        #[cfg(not(feature = "compile"))]
        "roundtrip-pyc" => reexec_with_parser(false, &["roundtrip-pyc"], rest),
        "regen-ast" => asdl::gen_ast::run(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("xtask: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// Runs this command again as `cargo run -p xtask --features parser,compile [--release] --
/// PREFIX ARGS`: the commands that need oxpy's parser or compiler build them only when asked for.
pub(crate) fn reexec_with_parser(
    release: bool,
    prefix: &[&str],
    args: &[String],
) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = std::process::Command::new(cargo);
    cmd.args([
        "run",
        "--quiet",
        "--package",
        "xtask",
        "--features",
        "parser,compile",
    ]);
    if release {
        cmd.arg("--release");
    }
    let status = cmd
        .arg("--")
        .args(prefix)
        .args(args)
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed", prefix.join(" ")))
    }
}

const USAGE: &str = "usage: cargo xtask <command>
commands:
  check-layers                 fail when a crate depends on a layer above it
  regen-cases [--check]        regenerate crates/*/src/generated from inputs/*.dsl (--check: fail if stale)
  check-upstream [--offline|--refresh]
                               compare the DSL's opcode facts with CPython 3.14 (python3.14, else Pyodide;
                               --offline: inputs/upstream snapshot; --refresh: rewrite the snapshot)
  parity tokens|parser-tokens|ast|code [PATH…]  compare with CPython 3.14 file by file (default: Pyodide's stdlib zip)
  bench tokenize|parse|compile [PATH…]  tokenizer/parser throughput next to CPython's (default: Pyodide's stdlib zip)
  roundtrip-pyc [--jobs N] [PATH…]
                               run the .pyc files oxpy writes in CPython 3.14, next to their sources
  regen-ast [--check]          write crates/parser/src/generated/ from inputs/Python.asdl
  golden tokens|cli-tokenize|ast-outcomes  regenerate the tokenizer's golden fixtures with the oracle";
