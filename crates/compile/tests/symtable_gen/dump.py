# Runs inside CPython 3.14 (Pyodide); gen.mjs prepends `SOURCES = [(path, base64 source), ...]`.
# Prints one JSON line per file: the symbol table as the _symtable module shows it
# (every block's type, name, lineno, nested flag, raw symbol flags with the scope,
# varnames, children), or the SyntaxError of the parser ("stage": "parse") or of the
# future/symtable passes ("stage": "symtable"). Files named *.eval.py or *.single.py are
# compiled in that mode, the others as modules.
import ast
import base64
import json
import _symtable

TYPES = {
    _symtable.TYPE_MODULE: "module",
    _symtable.TYPE_FUNCTION: "function",
    _symtable.TYPE_CLASS: "class",
    _symtable.TYPE_ANNOTATION: "annotation",
    _symtable.TYPE_TYPE_ALIAS: "type_alias",
    _symtable.TYPE_TYPE_PARAMETERS: "type_parameters",
    _symtable.TYPE_TYPE_VARIABLE: "type_variable",
}


def block(ste):
    return {
        "type": TYPES[ste.type],
        "name": ste.name,
        "lineno": ste.lineno,
        "nested": bool(ste.nested),
        "symbols": dict(sorted(ste.symbols.items())),
        "varnames": list(ste.varnames),
        "children": [block(c) for c in ste.children],
    }


def error(e):
    return {
        "type": type(e).__name__,
        "msg": e.msg if isinstance(e, SyntaxError) else str(e),
        "lineno": getattr(e, "lineno", None),
        "offset": getattr(e, "offset", None),
        "end_lineno": getattr(e, "end_lineno", None),
        "end_offset": getattr(e, "end_offset", None),
    }


def mode_of(path):
    # Cases named *.eval.py / *.single.py are compiled in that mode.
    for mode in ("eval", "single"):
        if path.endswith(f".{mode}.py"):
            return mode
    return "exec"


for path, b64 in SOURCES:
    data = base64.b64decode(b64)
    mode = mode_of(path)
    rec = {"path": path}
    try:
        ast.parse(data, mode=mode)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
        rec["stage"] = "parse"
        rec["error"] = error(e)
        print(json.dumps(rec, ensure_ascii=False))
        continue
    try:
        top = _symtable.symtable(data, path, mode)
    except (SyntaxError, RecursionError) as e:
        rec["stage"] = "symtable"
        rec["error"] = error(e)
    else:
        rec["table"] = block(top)
    print(json.dumps(rec, ensure_ascii=False))
