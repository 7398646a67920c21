// Regenerates the CPython 3.14 expectations for crates/vm/tests/cli_tokenize.rs by running
// real CPython 3.14 (Pyodide, from tools/oracle) on `tokenize._main`. From the repo root:
//
//   node crates/vm/tests/golden/gen_cli_tokenize.mjs
//
// It writes, next to this script:
// - cli_tokenize_exact.jsonl: `python -m tokenize -e PATH` for corpus/tokens and corpus/syntax;
// - cli_tokenize_edge.jsonl:  `python -m tokenize PATH` for the files in edge/ (decoding,
//   null bytes, newline and repr corner cases);
// - cli_tokenize_stdin.jsonl: `python -m tokenize [ARGS]` reading the given stdin text.
// Each record holds the exact stdout, stderr and exit status. Paths are relative to the repo
// root, which is also the working directory inside Pyodide.
import fs from "node:fs";
import path from "node:path";
import { cpython, root, writeRecords } from "./cpython_cli.mjs";

const { py, call, copyIn } = await cpython(`
import contextlib, io, os, sys, tokenize
def run_main(args, stdin_text=None):
    sys.argv[0] = "oxpy -m tokenize"
    if stdin_text is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin_text.encode()), encoding="utf-8", newline="\\n")
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            tokenize._main(list(args))
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
    return out.getvalue(), err.getvalue(), code
`);

function withFile(rel, fn) {
  const dest = copyIn(rel);
  try {
    return fn();
  } finally {
    py.FS.unlink(dest);
  }
}

function pyFiles(dir) {
  return fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith(".py")).sort()
    .map((f) => path.posix.join(dir, f));
}


writeRecords("cli_tokenize_exact.jsonl",
  [...pyFiles("corpus/tokens"), ...pyFiles("corpus/syntax")]
    .map((p) => ({ path: p, args: ["-e", p], ...withFile(p, () => call(["-e", p])) })));

writeRecords("cli_tokenize_edge.jsonl",
  pyFiles("crates/vm/tests/golden/edge")
    .map((p) => ({ path: p, args: [p], ...withFile(p, () => call([p])) })));

const stdinCases = [
  "x = (1,\n", "a+=1", "if x:\n  y\n z\n", "", "x = 1\r\ny\r\n", "\ufeffx\n",
  "s = 'a\u200b\\t'\n", "f'{x!r:>{w}}' + t'{y}'\n", "def f():\n\treturn 1\n",
];
const stdinRecords = [];
for (const text of stdinCases) {
  for (const args of [[], ["-e"]]) {
    stdinRecords.push({ stdin: text, args, ...call(args, text) });
  }
}
writeRecords("cli_tokenize_stdin.jsonl", stdinRecords);
