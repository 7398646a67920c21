//! Port of the option parsing of Modules/main.c, Python/getopt.c and Python/initconfig.c: the `oxpy` command line.
//!
//! The command line follows CPython's: `oxpy [option] ... [-c cmd | -m mod | file | -] [arg] ...`.
//! What works so far:
//! - `oxpy -m tokenize [-e|--exact] [filename.py]` ([`tokenize_main`]), byte for byte as
//!   `python3.14 -m tokenize`;
//! - `oxpy -m ast [options] [infile]` ([`ast_main`]), as `python3.14 -m ast`;
//! - `oxpy -m dis [infile]` ([`dis_main`]) and `oxpy -m py_compile FILE...`
//!   ([`py_compile_main`]), on oxpy's compiler;
//! - `-h`/`--help` and `-V`/`--version` (oxpy's own text);
//! - the interpreter options that cannot change what `-m tokenize` prints (`-b -B -d -E -I -O
//!   -P -q -R -s -S -t -u`), accepted and otherwise ignored.
//!
//! Everything else (`oxpy FILE`, `-c`, other `-m` modules, reading a program from stdin, the
//! interactive prompt, `-X`, `-W`, `-v`, `-i`, `-x`) prints one "not implemented yet" line on
//! stderr and exits with status 2.
//!
//! [`run`] takes the arguments and the three standard streams, so the whole command line can
//! be driven in-process (see the tests); `main.rs` only wires it to the real process.

pub mod argparse;
pub mod ast_main;
pub mod dis_main;
pub mod keyword_typos;
pub mod py_compile_main;
pub mod tokenize_main;
pub mod traceback;

use std::ffi::{OsStr, OsString};
use std::io::{self, Read, Write};

/// The standard streams a command runs with.
pub struct Streams<'a> {
    /// Standard input.
    pub stdin: &'a mut dyn Read,
    /// Standard output.
    pub stdout: &'a mut dyn Write,
    /// Standard error.
    pub stderr: &'a mut dyn Write,
}

/// What the interpreter options ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Command {
    /// `-h`, `-?`, `--help`.
    Help,
    /// `-V`, `--version`.
    Version,
    /// `-m MODULE ARGS...`.
    Module(String, Vec<OsString>),
    /// `-c CMD ARGS...`.
    Code,
    /// `FILE ARGS...`.
    Script(OsString),
    /// `-` or no argument: the program comes from stdin (or the interactive prompt).
    Stdin,
    /// An option oxpy knows from CPython but does not implement yet.
    Unsupported(String),
    /// A command-line error, printed as CPython prints it (exit status 2).
    Usage(String),
}

/// The usage line CPython prints after an option error (`usage()` in Modules/main.c).
fn usage_line(program: &str) -> String {
    format!(
        "usage: {program} [option] ... [-c cmd | -m mod | file | -] [arg] ...\n\
         Try `python -h' for more information.\n"
    )
}

/// `-h`: what oxpy's command line offers today.
fn help_text(program: &str) -> String {
    format!(
        "usage: {program} [option] ... [-c cmd | -m mod | file | -] [arg] ...\n\
         oxpy is CPython 3.14 re-built in Rust; so far only the front-end tools run:\n\
         -m tokenize [-e] [filename.py] : print the tokens of a file (or stdin), as `python -m tokenize`\n\
         -h, --help : print this help message and exit\n\
         -V, --version : print the oxpy version and exit\n\
         -b -B -d -E -I -O -P -q -R -s -S -t -u : accepted; they do not change what the tools print\n\
         Everything else (FILE, -c cmd, other -m modules, -, the prompt) is not implemented yet.\n"
    )
}

/// Parses the interpreter options as CPython's `_PyOS_GetOpt` does (short options that may be
/// combined, `-c`/`-m`/`-X`/`-W` taking the rest of the word or the next argument).
fn parse(args: &[OsString]) -> Command {
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        let Some(word) = arg.to_str() else {
            // A non-UTF-8 word cannot be an option CPython knows: it is the script.
            return Command::Script(arg.clone());
        };
        if word == "--" {
            return match args.get(i + 1) {
                Some(script) if script != "-" => Command::Script(script.clone()),
                _ => Command::Stdin,
            };
        }
        if word == "-" {
            return Command::Stdin;
        }
        if let Some(long) = word.strip_prefix("--") {
            match long {
                "help" => return Command::Help,
                "version" => return Command::Version,
                "help-env" | "help-xoptions" | "help-all" | "check-hash-based-pycs" => {
                    return Command::Unsupported(format!("--{long}"));
                }
                _ => return Command::Usage(format!("unknown option --{long}\n")),
            }
        }
        let Some(flags) = word.strip_prefix('-') else {
            return Command::Script(arg.clone());
        };
        for (pos, flag) in flags.char_indices() {
            let rest = &flags[pos + flag.len_utf8()..];
            match flag {
                'b' | 'B' | 'd' | 'E' | 'I' | 'O' | 'P' | 'q' | 'R' | 's' | 'S' | 't' | 'u' => {}
                'h' | '?' => return Command::Help,
                'V' => return Command::Version,
                'c' | 'm' | 'X' | 'W' => {
                    let (value, next) = if !rest.is_empty() {
                        (Some(OsString::from(rest)), i + 1)
                    } else {
                        (args.get(i + 1).cloned(), i + 2)
                    };
                    let Some(value) = value else {
                        return Command::Usage(format!(
                            "Argument expected for the -{flag} option\n"
                        ));
                    };
                    return match flag {
                        'm' => Command::Module(
                            value.to_string_lossy().into_owned(),
                            args.get(next..).unwrap_or_default().to_vec(),
                        ),
                        'c' => Command::Code,
                        _ => Command::Unsupported(format!("-{flag}")),
                    };
                }
                'i' | 'v' | 'x' => return Command::Unsupported(format!("-{flag}")),
                'J' => return Command::Usage("-J is reserved for Jython\n".into()),
                other => return Command::Usage(format!("Unknown option: -{other}\n")),
            }
        }
        i += 1;
    }
    Command::Stdin
}

/// The program name to show in messages: the last component of `argv[0]`, else `oxpy`.
fn program_name(argv0: Option<&OsStr>) -> String {
    argv0
        .and_then(|a| std::path::Path::new(a).file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "oxpy".to_string())
}

/// Runs the `oxpy` command line: `argv` is the full argument vector (program name first).
/// Returns the process exit status.
pub fn run(argv: &[OsString], streams: &mut Streams<'_>) -> i32 {
    let program = program_name(argv.first().map(OsString::as_os_str));
    let args = argv.get(1..).unwrap_or_default();
    let not_implemented = |streams: &mut Streams<'_>, what: &str| {
        // Nothing more can be reported if stderr itself fails.
        let _ = writeln!(
            streams.stderr,
            "{program}: {what} is not implemented yet (only `{program} -m tokenize` is)"
        );
        2
    };
    match parse(args) {
        Command::Help => write_or_fail(streams, &help_text(&program)),
        Command::Version => write_or_fail(
            streams,
            &format!(
                "oxpy {} (CPython 3.14 in Rust)\n",
                env!("CARGO_PKG_VERSION")
            ),
        ),
        Command::Module(name, rest) if name == "tokenize" => {
            tokenize_main::main(&format!("{program} -m tokenize"), &rest, streams)
        }
        Command::Module(name, rest) if name == "ast" => {
            ast_main::main(&format!("{program} -m ast"), &rest, streams)
        }
        Command::Module(name, rest) if name == "dis" => {
            dis_main::main(&format!("{program} -m dis"), &rest, streams)
        }
        Command::Module(name, rest) if name == "py_compile" => {
            py_compile_main::main(&format!("{program} -m py_compile"), &rest, streams)
        }
        Command::Module(name, _) => not_implemented(streams, &format!("`-m {name}`")),
        Command::Code => not_implemented(streams, "`-c cmd`"),
        Command::Script(path) => not_implemented(
            streams,
            &format!("running a script ({})", path.to_string_lossy()),
        ),
        Command::Stdin => not_implemented(
            streams,
            "running a program from stdin or the interactive prompt",
        ),
        Command::Unsupported(option) => not_implemented(streams, &format!("the option `{option}`")),
        Command::Usage(message) => {
            let _ = write!(streams.stderr, "{message}{}", usage_line(&program));
            2
        }
    }
}

/// Writes `text` to stdout: status 0, or 120 (CPython's status when flushing stdout at exit
/// fails) if it cannot be written.
fn write_or_fail(streams: &mut Streams<'_>, text: &str) -> i32 {
    match streams
        .stdout
        .write_all(text.as_bytes())
        .and_then(|()| streams.stdout.flush())
    {
        Ok(()) => 0,
        Err(_) => 120,
    }
}

/// Runs the command line on the process's own arguments and standard streams.
pub fn run_process() -> i32 {
    let argv: Vec<OsString> = std::env::args_os().collect();
    let stdin = io::stdin();
    let mut stdin = stdin.lock();
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    let mut stderr = io::stderr().lock();
    let status = {
        let mut streams = Streams {
            stdin: &mut stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
        };
        run(&argv, &mut streams)
    };
    match stdout.flush() {
        Ok(()) => status,
        Err(_) if status == 0 => 120,
        Err(_) => status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    #[test]
    fn options_parse_as_cpython_reads_them() {
        assert_eq!(
            parse(&os(&["-m", "tokenize", "-e", "x.py"])),
            Command::Module("tokenize".into(), os(&["-e", "x.py"]))
        );
        assert_eq!(
            parse(&os(&["-Bmtokenize", "x.py"])),
            Command::Module("tokenize".into(), os(&["x.py"]))
        );
        assert_eq!(
            parse(&os(&["-E", "-s", "-m", "ast"])),
            Command::Module("ast".into(), vec![])
        );
        assert_eq!(
            parse(&os(&["x.py", "-m", "tokenize"])),
            Command::Script("x.py".into())
        );
        assert_eq!(parse(&os(&["-c", "pass"])), Command::Code);
        assert_eq!(parse(&os(&[])), Command::Stdin);
        assert_eq!(parse(&os(&["-"])), Command::Stdin);
        assert_eq!(parse(&os(&["-h"])), Command::Help);
        assert_eq!(
            parse(&os(&["-X", "dev"])),
            Command::Unsupported("-X".into())
        );
        assert_eq!(
            parse(&os(&["-m"])),
            Command::Usage("Argument expected for the -m option\n".into())
        );
        assert_eq!(
            parse(&os(&["-z"])),
            Command::Usage("Unknown option: -z\n".into())
        );
    }

    fn run_words(words: &[&str]) -> (i32, String, String) {
        let mut stdin: &[u8] = b"";
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut streams = Streams {
            stdin: &mut stdin,
            stdout: &mut out,
            stderr: &mut err,
        };
        let status = run(&os(words), &mut streams);
        (
            status,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    }

    #[test]
    fn unimplemented_invocations_say_so_and_exit_2() {
        for words in [
            &["oxpy", "prog.py"][..],
            &["oxpy", "-c", "pass"],
            &["oxpy", "-m", "json", "x.py"],
            &["oxpy"],
            &["oxpy", "-X", "dev", "-m", "tokenize"],
        ] {
            let (status, out, err) = run_words(words);
            assert_eq!(status, 2, "{words:?}");
            assert!(out.is_empty(), "{words:?}");
            assert!(err.contains("not implemented yet"), "{words:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{words:?}: {err}");
        }
    }

    #[test]
    fn unknown_option_prints_cpython_usage() {
        let (status, out, err) = run_words(&["/usr/bin/oxpy", "-z"]);
        assert_eq!((status, out.as_str()), (2, ""));
        assert_eq!(
            err,
            "Unknown option: -z\nusage: oxpy [option] ... [-c cmd | -m mod | file | -] [arg] ...\n\
             Try `python -h' for more information.\n"
        );
    }
}
