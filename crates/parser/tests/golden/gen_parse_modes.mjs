// Regenerates crates/parser/tests/golden/parse_modes.jsonl (crates/parser/tests/parse_modes.rs)
// by running real CPython 3.14 (Pyodide, from tools/oracle). From the repo root:
//
//   node crates/parser/tests/golden/gen_parse_modes.mjs
//
// Each record is one `ast.parse(source, mode=MODE, type_comments=TC)` call on the UTF-8
// bytes of `source`: either `dump` (`ast.dump(tree, include_attributes=True)`) or `error`
// (the SyntaxError's class, msg, lineno, offset, end_lineno, end_offset). The cases cover
// the four modes and `type_comments=True` (type comments in every place the grammar takes
// them, `# type: ignore` tags, misplaced comments).
import path from "node:path";
import fs from "node:fs";
import { pathToFileURL, fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../../..");
const pyodideDir = path.join(root, "tools/oracle/node_modules/pyodide");
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ env: { PYTHONHASHSEED: "0" } });

const MODES = {
  eval: [
    "1+2", "1+2\n", "1+2\n\n\n", "x = 1", "", "\n", "1 +", "1 +\n", "(1", "1 2", "yield x",
    "*a, b", "a, *b", "x\ny", "# c\n1", "lambda: 1\n", "a, b,\n", "  1\n", "f(x for x in y)\n",
    "(\n1\n)", "x if y else z", "[*a]", "a := 1", "(a := 1)", "await x", "f'{x}'\n",
  ],
  single: [
    "x = 1", "x = 1\n", "", "\n", "# c", "if x:\n  pass\n", "if x:\n  pass", "x = 1; y = 2\n",
    "x = 1\ny = 2\n", "x = 1\n# c\n\n", "if x:\n  pass\nelse:\n  y\n", "if x:\n  pass\ny\n",
    "1 +\n", "x = 1\n  \n", "x=1\n1 +", "def f():\n  return 1\n\n", "for x in y:\n  for z in x:\n    pass",
    "x = 1 # c\n", "@d\ndef f(): pass\n", "class A:\n  def f(self):\n    pass\n\n", "x = 1\n\n# c\ny",
    "if x:\n  pass\n  \nelif y: pass\n", "while x: pass\n", "import a, b\n", "1;\n",
  ],
  func_type: [
    "() -> int", "(int, str) -> List[int]\n", "(*int) -> None", "(**int) -> None",
    "(int, *str, **dict) -> None", "(*, x) -> None", "() -> int\n\n", "x -> int", "(a=1) -> int",
    "() ->", "(int, ) -> int", "(*a, *b) -> int", "(**a, *b) -> int", "(*a, **b, c) -> int",
    "(*a, **b) -> int", "(a, *b, **c) -> d", "(a, **c) -> d", "(...) -> None", "() -> int, str",
    "(int) -> int # c\n",
  ],
  exec: [
    "@d\n", "if x:\n", "class A(\n", "def f(:\n", "x = 1", "", "\n", "1 +", "if x:\n  pass",
    "for x in y:\n", "x = (", "try:\n  pass\n",
  ],
};

const TYPE_COMMENTS = [
  "x = 1  # type: int\n",
  "x = y = 1  # type: int\n",
  "x = 1  # type: int   \n",
  "x = 1  #type:int\n",
  "x = 1  # type:  List[int]  # trailing\n",
  "x = 1  # type: ignore\n",
  "x = 1  # type: ignored\n",
  "x = 1  # type: ignore[attr-defined]\n",
  "x = 1  # type: ignore whatever\n",
  "import x  # type: ignore[a, b]\n# type: ignore\ny = 2 # type: ignore \n",
  "# type: ignore\n",
  "def f(a, b):  # type: (int, str) -> None\n    pass\n",
  "def f(a,  # type: int\n      b):\n    # type: (...) -> None\n    pass\n",
  "def f():  # type: () -> None\n    # type: () -> int\n    pass\n",
  "def f(\n    a,  # type: int\n    *args,  # type: str\n    **kw  # type: bool\n):\n    # type: (...) -> None\n    pass\n",
  "def f(*, a  # type: int\n): pass\n",
  "def f(a=1,  # type: int\n      b=2  # type: str\n      ): pass\n",
  "def f(a, /,  # type: int\n      b): pass\n",
  "def f(*a: *Ts,  # type: int\n      ): pass\n",
  "def f(a,  # type: int\n      # type: str\n      b): pass\n",
  "async def f():  # type: () -> None\n    async for x in y:  # type: int\n        pass\n    async with a:  # type: int\n        pass\n",
  "async def f():\n    async with (a, b):  # type: int\n        pass\n",
  "async def f():\n    async with (a as b):  # type: int\n        pass\n",
  "for x in y:  # type: int\n    pass\nelse:\n    pass\n",
  "with a as b:  # type: int\n    pass\n",
  "with (a as b, c):  # type: int\n    pass\n",
  "with open(f) as g, h:  # type: int\n    pass\n",
  "x + 1  # type: int\n",
  "if x:  # type: int\n    pass\n",
  "while x:  # type: int\n    pass\n",
  "class A:  # type: int\n    pass\n",
  "x: int = 1  # type: int\n",
  "x += 1  # type: int\n",
  "lambda a: 1  # type: int\n",
  "f(a,  # type: int\n  b)\n",
  "def f(a  # type: int\n, b): pass\n",
  "def f():\n    return 1  # type: int\n",
  "x = 1  # type: \u00e9t\u00e9\n",
  "def f():\n    # type: () -> None\n    pass\n",
  "def f():\n\n    # type: () -> None\n    pass\n",
  "x = [\n    1,  # type: int\n]\n",
  "x = 1; y = 2  # type: int\n",
  "x = 1  # type: int\ny = 2  # type: ignore\n",
];

py.runPython(`
import ast, json
def record(source, mode, type_comments):
    rec = {"source": source, "mode": mode, "type_comments": type_comments}
    try:
        tree = ast.parse(source.encode(), mode=mode, type_comments=type_comments)
        rec["dump"] = ast.dump(tree, include_attributes=True)
    except SyntaxError as e:
        rec["error"] = {"type": type(e).__name__, "msg": e.msg, "lineno": e.lineno,
                        "offset": e.offset, "end_lineno": e.end_lineno, "end_offset": e.end_offset}
    return json.dumps(rec, ensure_ascii=False)
`);
const record = py.globals.get("record");
const lines = [];
for (const [mode, sources] of Object.entries(MODES)) {
  for (const s of sources) lines.push(record(s, mode, false));
}
for (const s of TYPE_COMMENTS) {
  lines.push(record(s, "exec", true));
  lines.push(record(s, "exec", false));
}
lines.push(record("(int) -> int  # type: int\n", "func_type", true));
lines.push(record("x = 1  # type: int\n", "single", true));
lines.push(record("x  # type: int\n", "eval", true));
const out = path.join(here, "parse_modes.jsonl");
fs.writeFileSync(out, lines.join("\n") + "\n");
console.error(`parse_modes.jsonl: ${lines.length} records`);
