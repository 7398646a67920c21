# Generator of flowgraph_cfg.jsonl (run under CPython 3.14 / the Pyodide oracle with the corpus
# sources available; the oracle runner has no host files, so embed them: see README.md).
# usage: python flowgraph_cfg_gen.py ROOT OUT.jsonl code.jsonl, then group the records per unit
# (one "in", a "variants" list) as the fixture stores them.
import _testinternalcapi as t, ast, opcode, json, sys, os, warnings
warnings.simplefilter('ignore')
HASJ = set(opcode.hasjump) | {263, 264, 265, 257, 258, 259, 260}
LOCAL = {opcode.opmap[n] for n in ('LOAD_FAST','STORE_FAST','DELETE_FAST','LOAD_FAST_AND_CLEAR','LOAD_FAST_CHECK')} | {266}
def synth(k, variant):
    if variant == 0:
        if k % 3 == 0: return ['int', 300 + k]
        if k % 3 == 1: return ['str', 's%d' % k]
        return ['int', k]
    return ['none'] if k % 2 == 0 else ['int', k]
def val(s):
    return {'int': lambda: s[1], 'str': lambda: s[1], 'none': lambda: None}[s[0]]()
out = open(sys.argv[2], 'w')
root = sys.argv[1]
paths = [json.loads(l)['path'] for l in open(sys.argv[3])]
for path in paths:
    try:
        src = open(os.path.join(root, path), 'rb').read()
        tree = ast.parse(src)
        insts, md = t.compiler_codegen(tree, path, 0, 0)
    except Exception as e:
        continue
    units = []
    def walk(s):
        units.append(s)
        for n in s.get_nested():
            walk(n)
    walk(insts)
    for ui, s in enumerate(units):
        il = [list(i) for i in s.get_instructions()]
        for i in il:
            if i[1] is None: i[1] = 0
        targets = {i[1] for i in il if i[0] in HASJ}
        nconsts = 1 + max([i[1] for i in il if i[0] == 82], default=-1)
        nlocals = 1 + max([i[1] for i in il if i[0] in LOCAL], default=-1)
        for variant in (0, 1):
            consts = [synth(k, variant) for k in range(nconsts)]
            cl = [val(c) for c in consts]
            seq = t.new_instruction_sequence()
            for idx, i in enumerate(il):
                if idx in targets:
                    seq.use_label(idx)
                seq.addop(i[0], i[1], i[2], i[3], i[4], i[5])
            try:
                res = t.optimize_cfg(seq, cl, nlocals)
            except Exception as e:
                rec = {'path': path, 'unit': ui, 'variant': variant, 'error': repr(e)}
                out.write(json.dumps(rec) + '\n'); continue
            ol = [list(i) for i in res.get_instructions()]
            for i in ol:
                if i[1] is None: i[1] = 0
            rec = {'path': path, 'unit': ui, 'variant': variant, 'nlocals': nlocals, 'consts': consts,
                   'in': il, 'out': ol, 'consts_out': [repr(c) for c in cl]}
            out.write(json.dumps(rec, separators=(',', ':')) + '\n')
out.close()
print('done')
