// Regenerates the CPython 3.14 expectations of crates/vm/tests/cli_dis_options.rs: the views
// of `python -m dis` (-C show caches, -O offsets, -P positions, -S specialized, and their
// combinations) by running real CPython 3.14 (Pyodide, from tools/oracle) on `dis.main` with
// `sys.argv[0] = 'oxpy -m dis'`. From the repo root:
//
//   node crates/vm/tests/golden/gen_cli_dis.mjs
//
// (PYODIDE_DIR overrides where Pyodide is, e.g. in a worktree without tools/oracle/node_modules.)
//
// It writes cli_dis_options.jsonl next to this script: one record per command line (`args`,
// and `stdin` when the input comes from stdin) with the exact stdout, stderr and exit
// status. Inputs are corpus files and the edge cases in dis/ next to this script; paths are
// relative to the repo root, which is also the working directory inside Pyodide. Code
// object addresses are written `0xADDR` (as in crates/compile/tests/golden/cli_dis.jsonl).
// An exception other than SystemExit is written as the corpus golden data writes it:
// "Traceback (most recent call last):\n  ...\n" and `traceback.format_exception_only`.
// (`-h` and a missing file are left out: argparse's help and the OS error numbers of the
// WebAssembly build are not what the views are about.)
import fs from "node:fs";
import path from "node:path";
import { cpython, root, writeRecords } from "./cpython_cli.mjs";

const { call, copyIn } = await cpython(`
import contextlib, dis, io, os, re, sys, traceback, warnings
def run_main(args, stdin_text=None):
    sys.argv = ["oxpy -m dis", *args]
    if stdin_text is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin_text.encode()), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        try:
            dis.main(list(args))
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except Exception as e:
            err.write("Traceback (most recent call last):\\n  ...\\n")
            err.write("".join(traceback.format_exception_only(e)))
            code = 1
    addr = lambda s: re.sub(r" at 0x[0-9a-f]+", " at 0xADDR", s)
    return addr(out.getvalue()), addr(err.getvalue()), code
`);

const edgeDir = "crates/vm/tests/golden/dis";
const edge = fs.readdirSync(path.join(root, edgeDir)).sort()
  .filter((f) => f !== "extended_arg.py" && f !== "syntax_error.py")
  .map((f) => `${edgeDir}/${f}`);
const corpus = [
  "corpus/lang/031_augassign.py", "corpus/lang/051_closures.py",
  "corpus/lang/057_generator_send_throw.py", "corpus/lang/065_async_with_for.py",
  "corpus/lang/068_super.py", "corpus/lang/090_exception_groups.py",
  "corpus/lang/097_match_class.py", "corpus/lang/101_pep695_generics.py",
  "corpus/lang/117_star_expressions.py", "corpus/stdlib/010_tstrings.py",
];
const extended = `${edgeDir}/extended_arg.py`;
const syntaxError = `${edgeDir}/syntax_error.py`;
for (const f of [...edge, ...corpus, extended, syntaxError]) copyIn(f);

// Every subset of the four flags, as one cluster.
const subsets = [];
for (let m = 1; m < 16; m++) {
  subsets.push("-" + ["C", "O", "P", "S"].filter((_, i) => m & (1 << i)).join(""));
}
const cases = [];
for (const f of edge) {
  cases.push([f]);
  for (const s of subsets) cases.push([s, f]);
}
for (const f of corpus) {
  for (const s of ["-P", "-COPS"]) cases.push([s, f]);
}
for (const f of corpus.slice(-2)) {
  for (const s of ["-C", "-O", "-S"]) cases.push([s, f]);
}
cases.push(
  ["-OP", extended], ["-CS", extended],
  ["--show-caches", "--show-offsets", corpus[0]], ["--show-positions", "--specialized", corpus[1]],
  ["-P", "-C", corpus[2]], [corpus[3], "-S", "-O"], ["--show-offsets", "--show-caches", "--show-positions", "--specialized", corpus[7]], ["-C", "-C", corpus[4]],
  ["--show-c", "--show-p", corpus[5]], ["-OP", "--", corpus[6]],
  ["-P", syntaxError], ["-X", corpus[0]], ["-S", "-Z"],
  ["-h"], ["--help"], ["--he", corpus[0]],
);
const records = cases.map((args) => ({ args, ...call(args) }));
const stdinCases = [
  [["-P"], "x = 1\nif x:\n    print(x)\n"], [["-COPS", "-"], "for i in range(3):\n    i += 1\n"],
  [["-C"], ""], [["-P"], ""],
];
for (const [args, text] of stdinCases) records.push({ args, stdin: text, ...call(args, text) });
writeRecords("cli_dis_options.jsonl", records);
