# Host side: writes /tmp/cg/run_codegen.py, which run under the oracle's Pyodide prints
# tests/golden/codegen.jsonl (CPython 3.14's _testinternalcapi.compiler_codegen per corpus file).
# Host side: embeds the corpus into a Pyodide script that runs CPython 3.14's
# _testinternalcapi.compiler_codegen on each file.
import base64, json, os, sys, zlib
root = '/work/main'
golden = [json.loads(l)['path'] for l in open(f'{root}/crates/compile/tests/golden/code.jsonl')]
blob = {p: open(os.path.join(root, p), 'rb').read() for p in golden}
data = base64.b64encode(zlib.compress(json.dumps({p: base64.b64encode(b).decode() for p, b in blob.items()}).encode())).decode()
script = '''
import ast, base64, json, zlib, warnings, _testinternalcapi
files = json.loads(zlib.decompress(base64.b64decode(DATA)))
def flat(seq, out):
    out.append([[i[0], i[1] if i[1] is not None else 0, *i[2:]] for i in seq.get_instructions()])
    for n in seq.get_nested():
        flat(n, out)
for path, b64 in files.items():
    src = base64.b64decode(b64)
    rec = {"path": path}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(src)
            seq, md = _testinternalcapi.compiler_codegen(tree, path, 0, 0)
        out = []
        flat(seq, out)
        rec["units"] = out
    except Exception as e:
        rec["error"] = type(e).__name__ + ": " + str(e)
    print(json.dumps(rec))
'''.replace('DATA', repr(data))
open('/tmp/cg/run_codegen.py', 'w').write(script)
