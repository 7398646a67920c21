// Regenerates the CPython 3.14 expectations of crates/vm/tests/cli_ast.rs for the options of
// `python -m ast` by running real CPython 3.14 (Pyodide, from tools/oracle) on `ast.main`
// with `sys.argv[0] = 'oxpy -m ast'`. From the repo root:
//
//   node crates/vm/tests/golden/gen_cli_ast.mjs
//
// It writes cli_ast_options.jsonl next to this script: one record per command line (`args`,
// and `stdin` when the input comes from stdin) with the exact stdout, stderr and exit
// status. Input files live in ast/ next to this script; paths are relative to the repo root,
// which is also the working directory inside Pyodide. An exception other than SystemExit is
// written as the corpus golden data writes it (crates/parser/tests/golden/cli_ast.jsonl):
// "Traceback (most recent call last):\n  ...\n" and `traceback.format_exception_only`.
// (The plain `python -m ast FILE` records of the whole corpus are that file.)
import fs from "node:fs";
import path from "node:path";
import { cpython, root, writeRecords } from "./cpython_cli.mjs";

const { call, copyIn } = await cpython(`
import argparse, ast, contextlib, io, os, sys, traceback, warnings
def run_main(args, stdin_text=None):
    sys.argv[0] = "oxpy -m ast"
    if stdin_text is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin_text.encode()), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        try:
            ast.main(list(args))
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except Exception as e:
            err.write("Traceback (most recent call last):\\n  ...\\n")
            err.write("".join(traceback.format_exception_only(e)))
            code = 1
    return out.getvalue(), err.getvalue(), code
`);

const dir = "crates/vm/tests/golden/ast";
for (const f of fs.readdirSync(path.join(root, dir))) copyIn(`${dir}/${f}`);
const f = (name) => `${dir}/${name}`;

const cases = [
  ["-h"], ["--help"], ["-h", f("plain.py")], ["--he"],
  [f("plain.py")], ["-a", f("plain.py")], ["--include-attributes", f("plain.py")],
  ["-i", "0", f("plain.py")], ["-i", "-1", f("plain.py")], ["--indent=5", f("plain.py")],
  ["-i1", f("plain.py")], ["-i", "+2", f("plain.py")], ["-i", " 2 ", f("plain.py")],
  ["-i", "1_0", f("plain.py")], ["-i", "x", f("plain.py")], ["-i", "2.0", f("plain.py")],
  ["--show-empty", f("plain.py")], ["--show-empty", "-a", "-i", "1", f("plain.py")],
  ["-m", "eval", f("eval.py")], ["--mode=eval", "-a", f("eval.py")], ["-meval", f("plain.py")],
  ["-m", "single", f("single.py")], ["-m", "single", f("two_statements.py")],
  ["--mode", "func_type", f("func_type.txt")], ["-m", "func_type", f("plain.py")],
  ["-m", "exec", f("match.py")], ["-m", "bogus", f("plain.py")], ["-m"],
  ["--mo", "eval", f("eval.py")], ["--mode=", f("eval.py")],
  [f("type_comments.py")], ["--no-type-comments", f("type_comments.py")],
  ["--no", f("type_comments.py")], ["--show-empty", f("type_comments.py")],
  [f("misplaced_type_comment.py")], ["--no-type-comments", f("misplaced_type_comment.py")],
  [f("bad_indent.py")], [f("bad_expr.py")], ["-m", "eval", f("bad_expr.py")],
  ["--feature-version", "3.x", f("plain.py")], ["--feature-version", "3", f("plain.py")],
  ["--feature-version", "3.10", f("plain.py")], ["--feature-version=3.14", f("plain.py")],
  ["--feature-version", "2.7", f("plain.py")], ["--feature-version", "", f("plain.py")],
  ["-O", "x", f("plain.py")], ["--optimize"],
  ["--bogus", f("plain.py")], [f("plain.py"), "extra"], [f("plain.py"), "extra", "-z"],
  ["-i"], ["--in", "2", f("plain.py")], ["-ai2", f("plain.py")], ["-a=1", f("plain.py")],
  ["--include-attributes=yes", f("plain.py")], ["--", f("plain.py")], ["-x"],
  ["-a", "-a", f("eval.py"), "-m", "eval"],
  [f("escapes.py")], [f("escapes_then_error.py")], ["-m", "eval", f("escapes.py")],
];
// `-O`: the tree after the compiler's preprocessing (ast.parse(optimize=N)).
cases.push(
  ["-O", "1", f("optimize.py")], ["-O", "2", f("optimize.py")], ["-O", "0", f("optimize.py")],
  ["--optimize=1", "-a", f("optimize.py")], ["-O", "1", f("optimize_warning.py")],
  [f("optimize_warning.py")], ["-O", "1", f("optimize_future.py")], [f("optimize_future.py")],
);
// `--feature-version`: each construct newer than 3.7 or so just below and at the version
// that brought it (CPython's `CHECK_VERSION` errors).
const versioned = [
  ["fv_ann_name.py", 5, 6], ["fv_ann_attr.py", 5, 6], ["fv_matmul_aug.py", 4, 5],
  ["fv_matmul.py", 4, 5], ["fv_async_def.py", 4, 5], ["fv_await.py", 4, 5],
  ["fv_async_for.py", 4, 5], ["fv_async_with.py", 4, 5], ["fv_posonly.py", 7, 8],
  ["fv_posonly_default.py", 7, 8], ["fv_lambda_posonly.py", 7, 8], ["fv_walrus.py", 7, 8],
  ["fv_async_comp.py", 5, 6], ["fv_match.py", 9, 10], ["fv_trystar.py", 10, 11],
  ["fv_except_noparens.py", 13, 14], ["fv_except_star_noparens.py", 10, 13, 14],
  ["fv_type_alias.py", 11, 12], ["fv_type_params.py", 11, 12], ["fv_type_default.py", 12, 13],
  ["fv_tstring.py", 13, 14], ["fv_underscore.py", 5, 6], ["fv_underscore2.py", 5, 6],
];
for (const [file, ...minors] of versioned) {
  for (const minor of minors) cases.push(["--feature-version", `3.${minor}`, f(file)]);
}
const records = cases.map((args) => ({ args, ...call(args) }));
const stdinCases = [
  [[], "x = 1\n"], [["-"], "x = (1,\n"], [["-m", "eval", "-"], "a if b else c\n"],
  [[], "if x:\n  y\n z\n"], [[], "whille x:\n    pass\n"], [["-a"], "f(x)\n"], [[], ""],
  [["-m", "single"], "x = 1; y = 2\n"], [["-m", "single"], "x = 1\ny = 2\n"],
  [[], "s = '\\d'\n"],
];
for (const [args, text] of stdinCases) records.push({ args, stdin: text, ...call(args, text) });
writeRecords("cli_ast_options.jsonl", records);
