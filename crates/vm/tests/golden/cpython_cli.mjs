// What the generators of crates/vm/tests/golden/ share: real CPython 3.14 (Pyodide, from
// tools/oracle, or PYODIDE_DIR) with the repo root as its working directory, a way to copy
// repository files in, and a caller for a Python `run_main(args, stdin_text)` that returns
// (stdout, stderr, exit[, more]).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

/** This folder, and the repository root. */
export const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "../../../..");

/** The working directory inside Pyodide: the repo root's stand-in. */
export const cwd = "/home/pyodide/repo";

/**
 * Loads CPython 3.14, changes into `cwd`, runs `prelude` (which defines `run_main`) and
 * returns the interpreter with helpers.
 */
export async function cpython(prelude) {
  const pyodideDir = process.env.PYODIDE_DIR ?? path.join(root, "tools/oracle/node_modules/pyodide");
  const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
  const py = await loadPyodide({ env: { PYTHONHASHSEED: "0" } });
  py.FS.mkdirTree(cwd);
  py.runPython(`import os\nos.chdir(${JSON.stringify(cwd)})\n${prelude}`);
  const runMain = py.globals.get("run_main");
  /** Runs `run_main(args, stdinText)`; names the values it returns. */
  const call = (args, stdinText, names = ["stdout", "stderr", "exit"]) => {
    const res = runMain(py.toPy(args), stdinText);
    const values = res.toJs();
    res.destroy();
    return Object.fromEntries(names.map((n, i) => [n, values[i]]));
  };
  /** Copies the repository file `rel` to the same place under `cwd`; returns its path there. */
  const copyIn = (rel) => {
    const dest = path.posix.join(cwd, rel);
    py.FS.mkdirTree(path.posix.dirname(dest));
    py.FS.writeFile(dest, fs.readFileSync(path.join(root, rel)));
    return dest;
  };
  return { py, call, copyIn };
}

/** Writes `records` as JSON lines to `name` next to this module. */
export function writeRecords(name, records) {
  fs.writeFileSync(path.join(here, name), records.map((r) => JSON.stringify(r) + "\n").join(""));
  console.error(`${name}: ${records.length} records`);
}
