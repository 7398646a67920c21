// Regenerates crates/parser/tests/golden/unparse.jsonl (crates/parser/tests/unparse_golden.rs)
// by running real CPython 3.14 (Pyodide, from tools/oracle). From the repo root:
//
//   node crates/parser/tests/golden/gen_unparse.mjs
//
// (PYODIDE_DIR=/path/to/node_modules/pyodide overrides where Pyodide is loaded from, e.g.
// when running from a git worktree without tools/oracle/node_modules.)
//
// Each record is one expression `expr` compiled as an annotation under
// `from __future__ import annotations`, in one `context`:
//   "annassign": `x: EXPR` at module level, `text` = `__annotations__['x']`;
//   "vararg":    `def f(*a: EXPR): pass`, `text` = `f.__annotations__['a']`;
//   "return":    `def f() -> EXPR: pass`, `text` = `f.__annotations__['return']`;
// or `error` ("SyntaxError: msg") when CPython refuses the module. The expressions are the
// lines of unparse_exprs.txt plus operator-precedence combinations made below.
import path from "node:path";
import fs from "node:fs";
import { pathToFileURL, fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../../..");
const pyodideDir = process.env.PYODIDE_DIR || path.join(root, "tools/oracle/node_modules/pyodide");
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ env: { PYTHONHASHSEED: "0" } });

const listed = fs
  .readFileSync(path.join(here, "unparse_exprs.txt"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "" && !l.startsWith("#"));

py.globals.set("listed", listed);
const out = py.runPython(`
import json, sys

def record(context, expr):
    rec = {"context": context, "expr": expr}
    if context == "annassign":
        src = "from __future__ import annotations\\nx: " + expr + "\\n"
    elif context == "vararg":
        src = "from __future__ import annotations\\ndef f(*a: " + expr + "): pass\\n"
    else:
        src = "from __future__ import annotations\\ndef f() -> " + expr + ": pass\\n"
    try:
        code = compile(src, "<unparse>", "exec")
    except SyntaxError as e:
        rec["error"] = "SyntaxError: " + str(e.msg)
        return rec
    ns = {}
    exec(code, ns)
    if context == "annassign":
        rec["text"] = ns["__annotations__"]["x"]
    else:
        rec["text"] = ns["f"].__annotations__["a" if context == "vararg" else "return"]
    return rec

BIN = ["or", "and", "<", "is not", "not in", "|", "^", "&", "<<", ">>",
       "+", "-", "*", "@", "/", "%", "//", "**"]
UN = ["not ", "-", "+", "~"]
TEST = ["a if b else c", "lambda: a", "lambda x: x"]

exprs = list(listed.to_py())
for o1 in BIN:
    for o2 in BIN:
        exprs.append(f"(a {o1} b) {o2} c")
        exprs.append(f"a {o1} (b {o2} c)")
        exprs.append(f"a {o1} b {o2} c")
for u in UN:
    for o in BIN:
        exprs.append(f"{u}(a {o} b)")
        exprs.append(f"({u}a) {o} b")
        exprs.append(f"a {o} ({u}b)")
        exprs.append(f"{u}a {o} b")
for t in TEST:
    for o in BIN:
        exprs.append(f"({t}) {o} d")
        exprs.append(f"d {o} ({t})")
    for u in UN:
        exprs.append(f"{u}({t})")
    exprs.append(f"f({t})")
    exprs.append(f"[{t}]")
    exprs.append(f"({t},)")
    exprs.append(f"x[{t}]")
    exprs.append(f"({t})[x]")
    exprs.append(f"({t}).y")
    exprs.append(f"f'{{({t})}}'")
    exprs.append(f"[x for x in ({t})]")
    exprs.append(f"[x for x in y if ({t})]")

seen = set()
records = []
for e in exprs:
    if e in seen:
        continue
    seen.add(e)
    records.append(record("annassign", e))
for e in ["Ts", "*Ts", "*tuple[int, ...]", "*a.b", "*a[b]", "*(a or b)", "*(a, b)",
          "*f()", "*a | b", "*-a", "*(lambda: 0)", "*(a if b else c)", "*(yield)",
          "*[a]", "*'a'", "*f'{x}'", "*t'{x}'"]:
    records.append(record("vararg", e))
for e in ["int", "None", "a | b", "(a, b)", "lambda: 0", "a if b else c", "'str'",
          "f'{x!r:>{w}}'", "t'{x=}'", "1e400j", "-1", "[*a]", "a[1:2, ...]"]:
    records.append(record("return", e))
"\\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\\n"
`);
fs.writeFileSync(path.join(here, "unparse.jsonl"), out);
const n = out.trim().split("\n").length;
console.error(`unparse.jsonl: ${n} records`);
