// Regenerates the CPython 3.14 expectations of crates/vm/tests/cli_py_compile.rs: real
// CPython 3.14 (Pyodide, from tools/oracle) runs `py_compile.main()` with
// `sys.argv = ['oxpy -m py_compile', ...]` on the files named below. From the repo root:
//
//   node crates/vm/tests/golden/gen_cli_py_compile.mjs
//
// It writes cli_py_compile.jsonl next to this script: one record per command line (`args`,
// and `stdin` when the file names come from stdin) with the exact stdout, stderr and exit
// status, and `pyc` (the `__pycache__` files written, relative to the repo root) for the
// runs that succeed. Paths are relative to the repo root, which is also the working
// directory inside Pyodide.
import fs from "node:fs";
import path from "node:path";
import { cpython, here, root, writeRecords } from "./cpython_cli.mjs";

const { call, copyIn } = await cpython(`
import contextlib, io, os, py_compile, sys, warnings, importlib.util
def run_main(args, stdin_text=None):
    sys.argv = ["oxpy -m py_compile"] + list(args)
    if stdin_text is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin_text.encode()), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.simplefilter("default")
        try:
            py_compile.main()
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
    written = []
    for a in list(args) + ([] if stdin_text is None else stdin_text.splitlines()):
        if a.endswith(".py"):
            c = importlib.util.cache_from_source(a)
            if os.path.exists(c):
                written.append(c)
                os.remove(c)
    return out.getvalue(), err.getvalue(), code, written
`);

const run = (args, stdinText) => call(args, stdinText, ["stdout", "stderr", "exit", "pyc"]);

const syntax = fs.readdirSync(path.join(root, "corpus/syntax")).filter((f) => f.endsWith(".py")).sort()
  .map((f) => `corpus/syntax/${f}`);
const valid = ["corpus/lang/001_int_arith.py", "corpus/lang/059_genexpr.py"].filter((f) =>
  fs.existsSync(path.join(root, f)));
const edge = fs.readdirSync(path.join(here, "py_compile")).sort()
  .map((f) => `crates/vm/tests/golden/py_compile/${f}`);
for (const f of [...syntax, ...valid, ...edge]) copyIn(f);

const cases = [
  ...syntax.map((f) => [f]),
  ...valid.map((f) => [f]),
  ...edge.map((f) => [f]),
  ["-q", syntax[0]], ["--quiet", syntax[0]], ["--qu", syntax[0]],
  [valid[0], syntax[0], valid[1]], ["-q", valid[0], valid[1]],
  ["-h"], ["--help"], ["--he"], [], ["-q"], ["-x", valid[0]], ["--", valid[0]],
  ["missing_file.py"], ["-q", "missing_file.py"],
  [valid[0], "-q", valid[1]], ["-q", valid[0], valid[1], "--quiet"], ["--", "-q"],
  [valid[0], "--", "-q"], ["--quiet=1", valid[0]], ["-qq", valid[0]], ["-qh"],
];
const records = cases.map((args) => ({ args, ...run(args) }));
const stdinCases = [
  [["-"], `${valid[0]}\n${valid[1]}\n`],
  [["-"], `${syntax[0]}\n`],
];
for (const [args, text] of stdinCases) records.push({ args, stdin: text, ...run(args, text) });
writeRecords("cli_py_compile.jsonl", records);
