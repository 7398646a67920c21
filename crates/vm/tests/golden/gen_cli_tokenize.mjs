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
import { pathToFileURL, fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../../..");
const pyodideDir = path.join(root, "tools/oracle/node_modules/pyodide");
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ env: { PYTHONHASHSEED: "0" } });

const cwd = "/home/pyodide/repo";
py.FS.mkdirTree(cwd);
py.runPython(`
import contextlib, io, os, sys, tokenize
os.chdir(${JSON.stringify(cwd)})
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
const runMain = py.globals.get("run_main");

function call(args, stdinText) {
  const res = runMain(py.toPy(args), stdinText);
  const [stdout, stderr, exit] = res.toJs();
  res.destroy();
  return { stdout, stderr, exit };
}

function withFile(rel, fn) {
  const dest = path.posix.join(cwd, rel);
  py.FS.mkdirTree(path.posix.dirname(dest));
  py.FS.writeFile(dest, fs.readFileSync(path.join(root, rel)));
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

function write(name, records) {
  fs.writeFileSync(path.join(here, name), records.map((r) => JSON.stringify(r) + "\n").join(""));
  console.error(`${name}: ${records.length} records`);
}

write("cli_tokenize_exact.jsonl",
  [...pyFiles("corpus/tokens"), ...pyFiles("corpus/syntax")]
    .map((p) => ({ path: p, args: ["-e", p], ...withFile(p, () => call(["-e", p])) })));

write("cli_tokenize_edge.jsonl",
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
write("cli_tokenize_stdin.jsonl", stdinRecords);
