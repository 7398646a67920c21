//! The symbol table against CPython 3.14's (`tests/golden/symtable.jsonl`, made by
//! `node crates/compile/tests/symtable_gen/gen.mjs`): for every corpus file and every
//! case in `tests/cases/symtable/`, the block tree `_symtable` shows (type, name, line,
//! nested flag, raw symbol flags with scopes, varnames, children) or the SyntaxError of
//! the future/symtable passes; and the symtable's errors against the compile errors of
//! `tests/golden/code.jsonl`.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use oxpy_compile::error::CompileError;
use oxpy_compile::future::future_features;
use oxpy_compile::symtable::{BlockType, SymbolTable, SymbolTableEntry, build};
use oxpy_parser::options::{Mode, ParseOptions};
use serde_json::{Map, Value, json};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn block_type(t: BlockType) -> &'static str {
    match t {
        BlockType::Module => "module",
        BlockType::Function => "function",
        BlockType::Class => "class",
        BlockType::Annotation => "annotation",
        BlockType::TypeAlias => "type_alias",
        BlockType::TypeParameters => "type_parameters",
        BlockType::TypeVariable => "type_variable",
    }
}

/// The block as `dump.py` prints a `_symtable` entry.
fn dump(st: &SymbolTable, e: &SymbolTableEntry) -> Value {
    let mut symbols: Vec<(&str, &u32)> = e.symbols.iter().map(|(k, v)| (&**k, v)).collect();
    symbols.sort();
    let symbols: Map<String, Value> = symbols
        .into_iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    json!({
        "type": block_type(e.block_type),
        "name": e.name,
        "lineno": e.loc.lineno,
        "nested": e.nested,
        "symbols": symbols,
        "varnames": e.varnames,
        "children": e.children.iter().map(|&c| dump(st, &st.entries[c])).collect::<Vec<_>>(),
    })
}

fn error_json(e: &CompileError) -> Value {
    match e {
        CompileError::Syntax { message, location } => json!({
            "type": "SyntaxError",
            "msg": message,
            "lineno": location.lineno,
            "offset": location.offset,
            "end_lineno": location.end_lineno,
            "end_offset": location.end_offset,
        }),
        other => json!({ "type": "other", "msg": other.to_string() }),
    }
}

/// Future features and symbol table of a source file, or `None` if it does not parse.
/// Files named `*.eval.py` / `*.single.py` are parsed in that mode (as `dump.py` does).
fn symtable_of(data: &[u8], path: &str) -> Option<Result<SymbolTable, CompileError>> {
    let mode = if path.ends_with(".eval.py") {
        Mode::Eval
    } else if path.ends_with(".single.py") {
        Mode::Single
    } else {
        Mode::Exec
    };
    let opts = ParseOptions {
        mode,
        ..ParseOptions::default()
    };
    let module = oxpy_parser::parse_bytes(data, &opts).ok()?;
    Some(future_features(&module).and_then(|ff| build(&module, path, &ff)))
}

fn first_difference(a: &Value, b: &Value, at: &str) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) if w == v => {}
                    Some(w) => return first_difference(v, w, &format!("{at}.{k}")),
                    None => return format!("{at}.{k}: ours {v}, CPython's missing"),
                }
            }
            for k in y.keys() {
                if !x.contains_key(k) {
                    return format!("{at}.{k}: ours missing, CPython's {}", y[k]);
                }
            }
            format!("{at}: ?")
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if v != w {
                    return first_difference(v, w, &format!("{at}[{i}]"));
                }
            }
            format!("{at}: ?")
        }
        _ => format!("{at}: ours {a}, CPython's {b}"),
    }
}

#[test]
fn symtable_matches_cpython() {
    compare_with(&repo_root().join("crates/compile/tests/golden/symtable.jsonl"));
}

/// The same comparison over a dump made elsewhere (e.g. of the whole stdlib, with
/// absolute paths): `OXPY_SYMTABLE_DUMP=FILE cargo test -p oxpy-compile --test symtable
/// -- --ignored`.
#[test]
#[ignore]
fn symtable_matches_cpython_dump() {
    let file = std::env::var("OXPY_SYMTABLE_DUMP").unwrap();
    compare_with(Path::new(&file));
}

fn compare_with(golden: &Path) {
    let root = repo_root();
    let golden = std::fs::read_to_string(golden).unwrap();
    let (mut tables, mut tables_ok, mut errors, mut errors_ok, mut parse_both) = (0, 0, 0, 0, 0);
    let mut failures = Vec::new();
    for line in golden.lines() {
        let rec: Value = serde_json::from_str(line).unwrap();
        let path = rec["path"].as_str().unwrap();
        let data = std::fs::read(root.join(path)).unwrap();
        let ours = symtable_of(&data, path);
        if let Some(table) = rec.get("table") {
            tables += 1;
            match ours {
                Some(Ok(st)) => {
                    let mine = dump(&st, st.top());
                    if &mine == table {
                        tables_ok += 1;
                    } else {
                        failures.push(format!("{path}: {}", first_difference(&mine, table, "top")));
                    }
                }
                Some(Err(e)) => failures.push(format!("{path}: unexpected error {e}")),
                None => failures.push(format!("{path}: does not parse")),
            }
            continue;
        }
        let expected = &rec["error"];
        match (rec["stage"].as_str(), ours) {
            (Some("parse"), None) => parse_both += 1,
            (_, Some(Err(e))) => {
                errors += 1;
                if &error_json(&e) == expected {
                    errors_ok += 1;
                } else {
                    failures.push(format!(
                        "{path}: ours {}, CPython's {expected}",
                        error_json(&e)
                    ));
                }
            }
            (_, Some(Ok(_))) => {
                errors += 1;
                failures.push(format!("{path}: no error, CPython's {expected}"));
            }
            (_, None) => failures.push(format!("{path}: does not parse, CPython's {expected}")),
        }
    }
    eprintln!(
        "symtable: {tables_ok}/{tables} tables, {errors_ok}/{errors} errors match CPython 3.14 \
         ({parse_both} files fail to parse in both)"
    );
    let shown: Vec<String> = failures
        .iter()
        .map(|f| f.chars().take(2000).collect())
        .collect();
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        shown.join("\n")
    );
}

/// Every compile error of `code.jsonl` that the symtable raises is CPython's, and the
/// symtable raises no error where CPython compiles.
#[test]
fn symtable_errors_match_compile_errors() {
    let root = repo_root();
    let golden =
        std::fs::read_to_string(root.join("crates/compile/tests/golden/code.jsonl")).unwrap();
    let (mut raised, mut matched) = (0, 0);
    let mut failures = Vec::new();
    for line in golden.lines() {
        let rec: Value = serde_json::from_str(line).unwrap();
        let path = rec["path"].as_str().unwrap();
        let data = std::fs::read(root.join(path)).unwrap();
        let Some(ours) = symtable_of(&data, path) else {
            continue;
        };
        match (ours, rec.get("error")) {
            (Err(e), Some(expected)) => {
                raised += 1;
                let mine = error_json(&e);
                let same = [
                    "type",
                    "msg",
                    "lineno",
                    "offset",
                    "end_lineno",
                    "end_offset",
                ]
                .iter()
                .all(|k| mine[k] == expected[k]);
                if same {
                    matched += 1;
                } else {
                    failures.push(format!("{path}: ours {mine}, CPython's {expected}"));
                }
            }
            (Err(e), None) => failures.push(format!("{path}: ours {e}, CPython compiles")),
            (Ok(_), _) => {}
        }
    }
    eprintln!("symtable errors: {matched}/{raised} match code.jsonl");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Parses and builds the table of `src` (which must be valid).
fn table(src: &str) -> (oxpy_parser::ast::Mod, SymbolTable) {
    let module = oxpy_parser::parse_module_bytes(src.as_bytes()).unwrap();
    let ff = future_features(&module).unwrap();
    let st = build(&module, "<test>", &ff).unwrap();
    (module, st)
}

fn body(module: &oxpy_parser::ast::Mod) -> &[oxpy_parser::ast::Stmt] {
    match module {
        oxpy_parser::ast::Mod::Module { body, .. } => body,
        _ => panic!("not a module"),
    }
}

fn class_body(s: &oxpy_parser::ast::Stmt) -> &[oxpy_parser::ast::Stmt] {
    match &s.kind {
        StmtKind::ClassDef(c) => &c.body,
        StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => &f.body,
        _ => panic!("not a def"),
    }
}

/// The value of `x = <expr>` / `return <expr>`.
fn value_of(s: &oxpy_parser::ast::Stmt) -> &oxpy_parser::ast::Expr {
    match &s.kind {
        StmtKind::Assign { value, .. } => value,
        StmtKind::Return { value: Some(v) } => v,
        _ => panic!("no value"),
    }
}

use oxpy_compile::symtable::{BlockKey, ComprehensionType, Scope};
use oxpy_parser::ast::StmtKind;

/// The `ste_*` flags `_symtable` does not show, against what CPython's code objects show
/// of them (co_flags, co_cellvars, which code objects exist).
#[test]
fn entry_flags_match_code_objects() {
    // co_cellvars ('__class__', '__classdict__'); m: VARARGS|VARKEYWORDS|GENERATOR|
    // HAS_DOCSTRING|METHOD, co_freevars ('__class__',).
    let (m, st) = table(
        "class C:\n    \"doc\"\n    def m(self, *a, **k):\n        \"doc\"\n        yield super()\n",
    );
    let c = st.lookup(BlockKey::node(&body(&m)[0])).unwrap();
    assert_eq!(c.block_type, BlockType::Class);
    assert!(c.has_docstring && c.needs_class_closure && c.needs_classdict);
    assert!(!c.has_conditional_annotations && !st.top().has_docstring);
    let meth = st
        .lookup(BlockKey::node(&class_body(&body(&m)[0])[1]))
        .unwrap();
    assert!(meth.method && meth.generator && !meth.coroutine && meth.varargs && meth.varkeywords);
    assert!(meth.has_docstring && !meth.returns_value && !meth.nested);
    assert_eq!(meth.varnames, ["self", "a", "k"]);
    assert_eq!(meth.scope("__class__"), Scope::Free);

    // f: COROUTINE; the comprehension is inlined (no code object), x is f's local.
    let (m, st) = table("async def f():\n    return [x async for x in y]\n");
    let f = st.lookup(BlockKey::node(&body(&m)[0])).unwrap();
    assert!(f.coroutine && !f.generator && f.returns_value && !f.method);
    let lc_key = BlockKey::node(value_of(&class_body(&body(&m)[0])[0]));
    let lc = st.lookup(lc_key).unwrap();
    assert_eq!(lc.comprehension, ComprehensionType::List);
    assert!(lc.comp_inlined && lc.coroutine);
    assert!(!f.children.iter().any(|&c| st.entries[c].key == lc_key));
    assert_eq!(f.scope("x"), Scope::Local);

    // C: co_cellvars ('__classdict__', '__conditional_annotations__').
    let (m, st) = table("class C:\n    if x:\n        a: int\n");
    let c = st.lookup(BlockKey::node(&body(&m)[0])).unwrap();
    assert!(c.has_conditional_annotations && c.needs_classdict && !c.needs_class_closure);
    let ann = &st.entries[c.annotation_block.unwrap()];
    assert!(ann.can_see_class_scope && !ann.annotations_used);
    assert!(c.annotations_used);
    assert_eq!(
        st.lookup(BlockKey::annotations_of(c.key)).unwrap().key,
        ann.key
    );
    assert!(!st.top().has_conditional_annotations);

    // The comprehension is inlined into the class, where __class__ is not free.
    let (m, st) = table("class C:\n    x = [__class__ for _ in y]\n");
    let c = st.lookup(BlockKey::node(&body(&m)[0])).unwrap();
    let lc = st
        .lookup(BlockKey::node(value_of(&class_body(&body(&m)[0])[0])))
        .unwrap();
    assert!(lc.comp_inlined && !lc.symbols.contains_key("__class__"));
    assert_eq!(c.scope("__class__"), Scope::GlobalImplicit);
    assert!(!c.needs_class_closure);

    // A comprehension in a class's annotation scope keeps its own code object.
    let (_, st) = table("class C:\n    a: [x for x in y]\n");
    let lc = st
        .entries
        .iter()
        .find(|e| e.comprehension == ComprehensionType::List)
        .unwrap();
    assert!(!lc.comp_inlined);

    // Async generator; nested lambda.
    let (_, st) = table("async def f():\n    yield 1\n");
    let f = &st.entries[st.top().children[1]];
    assert!(f.coroutine && f.generator);
    let (_, st) = table("def f():\n    return lambda: 1\n");
    let lam = st.entries.iter().find(|e| e.name == "lambda").unwrap();
    assert!(lam.nested);
}

/// Every kind of block key, as the module docs describe them.
#[test]
fn block_keys() {
    use oxpy_parser::ast::TypeParamKind;
    let (m, st) =
        table("x: int\ndef f[T: int = str](a: T): pass\nclass C[**P = int]: pass\ntype A[U] = U\n");
    let top = st.lookup(BlockKey::module(&m)).unwrap();
    assert_eq!(top.block_type, BlockType::Module);
    let ann = st.lookup(BlockKey::annotations_of(top.key)).unwrap();
    assert_eq!(ann.block_type, BlockType::Annotation);
    assert_eq!(Some(st.blocks[&ann.key]), top.annotation_block);
    // Module annotations are always conditional in 3.14.
    assert!(top.has_conditional_annotations && top.annotations_used);

    let s = &body(&m)[1];
    let StmtKind::FunctionDef(node) = &s.kind else {
        panic!()
    };
    let oxpy_parser::ast::StmtFunctionDef {
        args, type_params, ..
    } = &**node;
    let tp = st.lookup(BlockKey::type_params(type_params)).unwrap();
    assert_eq!(tp.block_type, BlockType::TypeParameters);
    assert!(tp.symbols.contains_key(".defaults"));
    let t = &type_params[0];
    assert!(matches!(t.kind, TypeParamKind::TypeVar { .. }));
    let bound = st.lookup(BlockKey::type_param_bound(t)).unwrap();
    assert_eq!(bound.block_type, BlockType::TypeVariable);
    let default = st.lookup(BlockKey::type_param_default(t)).unwrap();
    assert_eq!(default.block_type, BlockType::TypeVariable);
    let annotate = st.lookup(BlockKey::function_annotations(args)).unwrap();
    assert_eq!(annotate.block_type, BlockType::Annotation);
    assert_eq!(annotate.name, "__annotate__");
    assert_eq!(annotate.function_name.as_deref(), Some("f"));
    assert!(annotate.annotations_used);
    assert_eq!(
        st.lookup(BlockKey::node(s)).unwrap().block_type,
        BlockType::Function
    );
    assert!(
        st.lookup(BlockKey::annotations_of(BlockKey::node(s)))
            .is_none()
    );

    let s = &body(&m)[2];
    let StmtKind::ClassDef(node) = &s.kind else {
        panic!()
    };
    let oxpy_parser::ast::StmtClassDef { type_params, .. } = &**node;
    let tp = st.lookup(BlockKey::type_params(type_params)).unwrap();
    assert_eq!(tp.mangled_names.as_deref(), Some(&["P".to_string()][..]));
    assert!(
        st.lookup(BlockKey::type_param_bound(&type_params[0]))
            .is_some()
    );
    assert_eq!(
        st.lookup(BlockKey::node(s)).unwrap().block_type,
        BlockType::Class
    );

    let s = &body(&m)[3];
    let StmtKind::TypeAlias { type_params, .. } = &s.kind else {
        panic!()
    };
    assert_eq!(
        st.lookup(BlockKey::type_params(type_params))
            .unwrap()
            .block_type,
        BlockType::TypeParameters
    );
    assert_eq!(
        st.lookup(BlockKey::node(s)).unwrap().block_type,
        BlockType::TypeAlias
    );
}

/// `from __future__ import annotations`: annotation blocks exist (codegen may look them
/// up) but are nobody's children.
#[test]
fn future_annotations_blocks_are_detached() {
    let (m, st) = table("from __future__ import annotations\nx: int\ndef f(a: int): pass\n");
    assert!(
        st.top()
            .children
            .iter()
            .all(|&c| st.entries[c].block_type != BlockType::Annotation)
    );
    let StmtKind::FunctionDef(node) = &body(&m)[2].kind else {
        panic!()
    };
    let oxpy_parser::ast::StmtFunctionDef { args, .. } = &**node;
    assert!(st.lookup(BlockKey::function_annotations(args)).is_some());
}

/// `PyCF_ALLOW_TOP_LEVEL_AWAIT` (asyncio REPL): `await` and async comprehensions at
/// module level make the module a coroutine.
#[test]
fn top_level_await() {
    let module = oxpy_parser::parse_module_bytes(b"await x\n[y async for y in z]\n").unwrap();
    let mut ff = future_features(&module).unwrap();
    assert!(build(&module, "<test>", &ff).is_err());
    ff.features |= oxpy_compile::future::PY_CF_ALLOW_TOP_LEVEL_AWAIT;
    let st = build(&module, "<test>", &ff).unwrap();
    assert!(st.top().coroutine);
}

/// Deep trees (as deep as the parser builds them) and deeply nested blocks need no more
/// than the default test thread's stack.
#[test]
fn deep_nesting() {
    let src = format!("{}x\n", "-".repeat(2900));
    let (_, st) = table(&src);
    assert_eq!(st.top().scope("x"), Scope::GlobalImplicit);
    let src = format!("{}x\n", "lambda: ".repeat(1000));
    let (_, st) = table(&src);
    assert_eq!(st.entries.len(), 1001);
}
