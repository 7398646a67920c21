# Host side: `python3 codegen_gen.py REPO_ROOT OUT.py` writes OUT.py, which run under the
# oracle's Pyodide prints tests/golden/codegen.jsonl (CPython 3.14's
# _testinternalcapi.compiler_codegen units, compile() warnings and SyntaxErrors per file).
# Host side: embeds the corpus into a Pyodide script that runs CPython 3.14's
# _testinternalcapi.compiler_codegen on each file.
import base64, json, os, sys, zlib
root = '/work/main'
root = sys.argv[1] if len(sys.argv) > 1 else root
golden = [json.loads(l)['path'] for l in open(f'{root}/crates/compile/tests/golden/code.jsonl')]
cases = 'crates/compile/tests/codegen_cases'
golden += sorted(f'{cases}/{f}' for f in os.listdir(f'{root}/{cases}') if f.endswith('.py'))
blob = {p: open(os.path.join(root, p), 'rb').read() for p in golden}
data = base64.b64encode(zlib.compress(json.dumps({p: base64.b64encode(b).decode() for p, b in blob.items()}).encode())).decode()
script = '''
import ast, base64, json, sys, zlib, warnings, _testinternalcapi
KEEP = []
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
            name = path.rsplit('/', 1)[-1]
            mode = 'eval' if name.startswith('eval_') else 'single' if name.startswith('single_') else 'exec'
            opt = 2 if name.startswith('opt2_') else 1 if name.startswith('opt1_') else 0
            tree = ast.parse(src, mode=mode)
            r = _testinternalcapi.compiler_codegen(tree, path, opt, ['exec', 'eval', 'single'].index(mode))
            KEEP.append(r)
            seq, md = r
        out = []
        flat(seq, out)
        rec["units"] = out
        with warnings.catch_warnings(record=True) as ws:
            warnings.simplefilter("always")
            compile(src, path, mode, optimize=opt)
        rec["warnings"] = [[w.category.__name__, str(w.message), w.lineno] for w in ws]
    except Exception as e:
        rec["error"] = type(e).__name__ + ": " + str(e)
        if isinstance(e, SyntaxError):
            rec["error_msg"] = e.msg
            rec["error_loc"] = [e.lineno, e.offset, e.end_lineno, e.end_offset]
    print(json.dumps(rec))
sys.stdout.flush()
'''.replace('DATA', repr(data))
open(sys.argv[2] if len(sys.argv) > 2 else '/tmp/cg/run_codegen.py', 'w').write(script)
