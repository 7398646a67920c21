# Run under the oracle's Pyodide (tools/oracle, see HELPERS.md: pyodide_run.mjs): prints, per
# file of the 3.14 stdlib zip, CPython's compiler_codegen units as JSON lines, the fixture of
# tests/codegen_parity.rs's ignored test (paths relative to the unzipped python_stdlib.zip).
import ast, json, sys, os, warnings, _testinternalcapi, zipfile
zf = zipfile.ZipFile('/lib/python314.zip')
paths = sorted(n for n in zf.namelist() if n.endswith('.py'))
def flat(seq, out):
    out.append([[i[0], i[1] if i[1] is not None else 0, *i[2:]] for i in seq.get_instructions()])
    for n in seq.get_nested():
        flat(n, out)
KEEP = []
for p in paths:
    rel = p
    rec = {"path": rel}
    try:
        src = zf.read(p)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(src)
            r = _testinternalcapi.compiler_codegen(tree, rel, 0, 0)
            KEEP.append(r)
            seq, md = r
        out = []
        flat(seq, out)
        rec["units"] = out
    except Exception as e:
        rec["error"] = type(e).__name__ + ": " + str(e)
    print(json.dumps(rec, separators=(',', ':')))

sys.stdout.flush()
