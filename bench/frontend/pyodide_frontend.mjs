// Runs frontend_bench.py under CPython 3.14 compiled to WebAssembly (Pyodide, from
// tools/oracle/node_modules), with the host directory of the corpus mounted, so the same
// script measures CPython 3.14's own tokenize/parse/compile in-process:
//
//   node bench/frontend/pyodide_frontend.mjs PATH/TO/python_stdlib.zip [frontend_bench options]
//
// WebAssembly runs several times slower than native code: use the figures as a floor for
// native CPython 3.14, never as its speed.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const pyodideDir = process.env.PYODIDE_DIR ||
  path.join(here, "../../tools/oracle/node_modules/pyodide");
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});
const args = process.argv.slice(2);
const mapped = [];
const mounts = new Map();
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const isPathArg = i === 0 || ["--dir", "--json", "--same-as"].includes(args[i - 1]);
  if (isPathArg && !a.startsWith("--")) {
    const abs = path.resolve(a);
    const dir = path.dirname(abs);
    if (!mounts.has(dir)) {
      const mnt = `/mnt/m${mounts.size}`;
      py.FS.mkdirTree(mnt);
      py.FS.mount(py.FS.filesystems.NODEFS, { root: dir }, mnt);
      mounts.set(dir, mnt);
    }
    mapped.push(`${mounts.get(dir)}/${path.basename(abs)}`);
  } else {
    mapped.push(a);
  }
}
const script = fs.readFileSync(path.join(here, "frontend_bench.py"), "utf8");
py.globals.set("_argv", py.toPy(["frontend_bench.py", ...mapped]));
py.globals.set("_src", script);
try {
  py.runPython(`
import sys
sys.argv = list(_argv)
exec(compile(_src, "frontend_bench.py", "exec"), {"__name__": "__main__"})
`);
} catch (e) {
  process.stderr.write(String(e) + "\n");
  process.exit(1);
}
