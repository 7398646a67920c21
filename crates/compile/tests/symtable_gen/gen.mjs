// Regenerates crates/compile/tests/golden/symtable.jsonl from real CPython 3.14 (Pyodide):
//   node crates/compile/tests/symtable_gen/gen.mjs        (from the repository root)
// Inputs: every corpus/**/*.py and crates/compile/tests/cases/symtable/*.py, sorted.
// Needs tools/oracle/node_modules/pyodide (or PYODIDE_DIR) and pyodide_run.mjs
// (PYODIDE_RUN, default /work/shared/bench/tools/pyodide_run.mjs).
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { execFileSync } from "node:child_process";

const root = process.cwd();
const here = path.join(root, "crates/compile/tests/symtable_gen");
const out = path.join(root, "crates/compile/tests/golden/symtable.jsonl");

function walk(dir) {
  const found = [];
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) found.push(...walk(p));
    else if (ent.name.endsWith(".py")) found.push(p);
  }
  return found;
}

const files = [
  ...walk(path.join(root, "corpus")),
  ...walk(path.join(root, "crates/compile/tests/cases/symtable")),
]
  .map((p) => path.relative(root, p).split(path.sep).join("/"))
  .sort();
const sources = files.map((p) => [p, fs.readFileSync(path.join(root, p)).toString("base64")]);

const script = path.join(os.tmpdir(), `symtable_gen_${process.pid}.py`);
fs.writeFileSync(
  script,
  `SOURCES = ${JSON.stringify(sources)}\n` + fs.readFileSync(path.join(here, "dump.py"), "utf8"),
);
let pyodideDir = process.env.PYODIDE_DIR;
if (!pyodideDir) {
  pyodideDir = path.join(root, "tools/oracle/node_modules/pyodide");
  if (!fs.existsSync(pyodideDir)) pyodideDir = "/work/main/tools/oracle/node_modules/pyodide";
}
const runner = process.env.PYODIDE_RUN ?? "/work/shared/bench/tools/pyodide_run.mjs";
const stdout = execFileSync("node", [runner, script], {
  env: { ...process.env, PYODIDE_DIR: pyodideDir },
  maxBuffer: 1 << 30,
});
fs.unlinkSync(script);
fs.writeFileSync(out, stdout);
console.error(`${files.length} files -> ${path.relative(root, out)}`);
