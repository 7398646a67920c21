//! Port of `ast.dump` (Lib/ast.py): the text CPython prints for a tree, with or without attributes and indentation.

use crate::ParseError;
use crate::generated::ast::Mod;

/// A node or value as `ast.dump` sees it (built by the generated `dump_*` functions).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An AST node.
    Node(Node),
    /// A list of values.
    List(Vec<Value>),
    /// A plain value, already as its `repr()`.
    Repr(String),
    /// An optional field that is `None` (left out of the dump).
    Missing,
}

/// One AST node: its class, its fields in order, its attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The node class (`"BinOp"`).
    pub class: &'static str,
    /// `_fields` with their values.
    pub fields: Vec<(&'static str, Value)>,
    /// `_attributes` with their values (locations), empty for nodes without any.
    pub attributes: Vec<(&'static str, Value)>,
}

/// The options of `ast.dump` (with `annotate_fields=True`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DumpOptions {
    /// `include_attributes`
    pub include_attributes: bool,
    /// `indent` (in spaces), `None` for the single-line form.
    pub indent: Option<usize>,
    /// `show_empty`
    pub show_empty: bool,
    /// Python frames `ast.dump`'s recursive `_format` may use before CPython raises
    /// `RecursionError`: `sys.getrecursionlimit()` (1000) minus the frames below it. The
    /// default, 998, is `print(ast.dump(tree))` at a script's top level.
    pub frames: usize,
}

impl Default for DumpOptions {
    fn default() -> Self {
        DumpOptions {
            include_attributes: false,
            indent: None,
            show_empty: false,
            frames: 998,
        }
    }
}

fn too_deep() -> ParseError {
    ParseError::Recursion {
        message: "maximum recursion depth exceeded".into(),
    }
}

/// One `_format` call: `depth` counts its Python frames, as CPython's recursion check does.
fn format(
    value: &Value,
    level: usize,
    depth: usize,
    opts: &DumpOptions,
) -> Result<(String, bool), ParseError> {
    if depth > opts.frames {
        return Err(too_deep());
    }
    let (prefix, sep) = match opts.indent {
        Some(n) => {
            let pad = " ".repeat(n * (level + 1));
            (format!("\n{pad}"), format!(",\n{pad}"))
        }
        None => (String::new(), ", ".to_string()),
    };
    match value {
        Value::Node(node) => {
            let mut args = Vec::new();
            let mut allsimple = true;
            let keeps_none = matches!(node.class, "Constant" | "MatchSingleton");
            for (name, v) in &node.fields {
                match v {
                    Value::Missing => continue,
                    Value::List(items) if items.is_empty() && !opts.show_empty && !keeps_none => {
                        continue;
                    }
                    _ => {}
                }
                let (text, simple) = format(v, level + 1, depth + 1, opts)?;
                allsimple &= simple;
                args.push(format!("{name}={text}"));
            }
            if opts.include_attributes {
                for (name, v) in &node.attributes {
                    if matches!(v, Value::Missing) {
                        continue;
                    }
                    let (text, simple) = format(v, level + 1, depth + 1, opts)?;
                    allsimple &= simple;
                    args.push(format!("{name}={text}"));
                }
            }
            if allsimple && args.len() <= 3 {
                let simple = args.is_empty();
                return Ok((format!("{}({})", node.class, args.join(", ")), simple));
            }
            Ok((
                format!("{}({prefix}{})", node.class, args.join(&sep)),
                false,
            ))
        }
        Value::List(items) => {
            if items.is_empty() {
                return Ok(("[]".into(), true));
            }
            let parts = items
                .iter()
                .map(|v| format(v, level + 1, depth + 1, opts).map(|r| r.0))
                .collect::<Result<Vec<String>, ParseError>>()?;
            Ok((format!("[{prefix}{}]", parts.join(&sep)), false))
        }
        Value::Repr(r) => Ok((r.clone(), true)),
        Value::Missing => Ok(("None".into(), true)),
    }
}

/// `ast.dump(value, …)` of any dump value; `RecursionError` where CPython's recursive
/// formatter would run out of Python frames.
pub fn dump_value(value: &Value, opts: &DumpOptions) -> Result<String, ParseError> {
    format(value, 0, 1, opts).map(|r| r.0)
}

/// Stack for dumping: the walk is recursive, and trees may be a few thousand levels deep.
const DUMP_STACK: usize = 64 * 1024 * 1024;

/// `ast.dump(tree, …)` of a module with the given options, on a stack deep enough for any
/// tree the parser builds, whatever the caller's stack.
pub fn dump_tree(tree: &Mod, opts: &DumpOptions) -> Result<String, ParseError> {
    stacker::grow(DUMP_STACK, || {
        dump_value(&crate::generated::dump::dump_mod(tree), opts)
    })
}

/// `ast.dump(tree, include_attributes=…)` of a module (single-line form).
pub fn dump(tree: &Mod, include_attributes: bool) -> Result<String, ParseError> {
    let opts = DumpOptions {
        include_attributes,
        ..DumpOptions::default()
    };
    dump_tree(tree, &opts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Expr, ExprKind, Mod, Stmt, StmtKind};
    use crate::{Constant, Location};

    fn loc(l: i32, c: i32, el: i32, ec: i32) -> Location {
        Location {
            lineno: l,
            col_offset: c,
            end_lineno: el,
            end_col_offset: ec,
        }
    }

    fn module_of_constant(value: Constant) -> Mod {
        let expr = Expr {
            kind: ExprKind::Constant { value, kind: None },
            loc: loc(1, 0, 1, 1),
        };
        Mod::Module {
            body: vec![Stmt {
                kind: StmtKind::Expr {
                    value: Box::new(expr),
                },
                loc: loc(1, 0, 1, 1),
            }]
            .into(),
            type_ignores: Vec::new().into(),
        }
    }

    #[test]
    fn plain_dump_leaves_out_empty_lists_and_missing_fields() {
        let tree = module_of_constant(Constant::Int(1.into()));
        assert_eq!(
            dump(&tree, false).unwrap(),
            "Module(body=[Expr(value=Constant(value=1))])"
        );
    }

    #[test]
    fn attributes_follow_fields() {
        let tree = module_of_constant(Constant::Str("a'b".into()));
        assert_eq!(
            dump(&tree, true).unwrap(),
            "Module(body=[Expr(value=Constant(value=\"a'b\", lineno=1, col_offset=0, end_lineno=1, end_col_offset=1), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)])"
        );
    }

    #[test]
    fn constant_none_is_kept() {
        let tree = module_of_constant(Constant::None);
        assert_eq!(
            dump(&tree, false).unwrap(),
            "Module(body=[Expr(value=Constant(value=None))])"
        );
    }

    #[test]
    fn indented_form_matches_ast_dump_indent() {
        let tree = module_of_constant(Constant::Int(1.into()));
        let value = crate::generated::dump::dump_mod(&tree);
        let opts = DumpOptions {
            indent: Some(3),
            ..DumpOptions::default()
        };
        assert_eq!(
            dump_value(&value, &opts).unwrap(),
            "Module(\n   body=[\n      Expr(\n         value=Constant(value=1))])"
        );
    }

    #[test]
    fn too_deep_for_python_frames_is_a_recursion_error() {
        let tree = module_of_constant(Constant::Int(1.into()));
        let value = crate::generated::dump::dump_mod(&tree);
        // Module, body list, Expr, Constant, and the int: five frames of `_format`.
        let opts = |frames| DumpOptions {
            frames,
            ..DumpOptions::default()
        };
        assert!(dump_value(&value, &opts(5)).is_ok());
        let err = dump_value(&value, &opts(4)).unwrap_err();
        assert_eq!(err.class_name(), "RecursionError");
        assert_eq!(err.message(), "maximum recursion depth exceeded");
    }
}
