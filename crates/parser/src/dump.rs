//! Port of `ast.dump` (Lib/ast.py): the text CPython prints for a tree, with or without attributes and indentation.

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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DumpOptions {
    /// `include_attributes`
    pub include_attributes: bool,
    /// `indent` (in spaces), `None` for the single-line form.
    pub indent: Option<usize>,
    /// `show_empty`
    pub show_empty: bool,
}

fn format(value: &Value, level: usize, opts: &DumpOptions) -> (String, bool) {
    let (prefix, sep) = match opts.indent {
        Some(n) => {
            let level = level + 1;
            let pad = " ".repeat(n * level);
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
                let (text, simple) = format(v, level + 1, opts);
                allsimple &= simple;
                args.push(format!("{name}={text}"));
            }
            if opts.include_attributes {
                for (name, v) in &node.attributes {
                    if matches!(v, Value::Missing) {
                        continue;
                    }
                    let (text, simple) = format(v, level + 1, opts);
                    allsimple &= simple;
                    args.push(format!("{name}={text}"));
                }
            }
            if allsimple && args.len() <= 3 {
                let simple = args.is_empty();
                return (format!("{}({})", node.class, args.join(", ")), simple);
            }
            (
                format!("{}({prefix}{})", node.class, args.join(&sep)),
                false,
            )
        }
        Value::List(items) => {
            if items.is_empty() {
                return ("[]".into(), true);
            }
            let parts: Vec<String> = items.iter().map(|v| format(v, level + 1, opts).0).collect();
            (format!("[{prefix}{}]", parts.join(&sep)), false)
        }
        Value::Repr(r) => (r.clone(), true),
        Value::Missing => ("None".into(), true),
    }
}

/// `ast.dump(value, …)` of any dump value.
pub fn dump_value(value: &Value, opts: &DumpOptions) -> String {
    format(value, 0, opts).0
}

/// `ast.dump(tree, include_attributes=…)` of a module (single-line form).
pub fn dump(tree: &Mod, include_attributes: bool) -> String {
    let opts = DumpOptions {
        include_attributes,
        ..DumpOptions::default()
    };
    dump_value(&crate::generated::dump::dump_mod(tree), &opts)
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
            }],
            type_ignores: Vec::new(),
        }
    }

    #[test]
    fn plain_dump_leaves_out_empty_lists_and_missing_fields() {
        let tree = module_of_constant(Constant::Int(1.into()));
        assert_eq!(
            dump(&tree, false),
            "Module(body=[Expr(value=Constant(value=1))])"
        );
    }

    #[test]
    fn attributes_follow_fields() {
        let tree = module_of_constant(Constant::Str("a'b".into()));
        assert_eq!(
            dump(&tree, true),
            "Module(body=[Expr(value=Constant(value=\"a'b\", lineno=1, col_offset=0, end_lineno=1, end_col_offset=1), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)])"
        );
    }

    #[test]
    fn constant_none_is_kept() {
        let tree = module_of_constant(Constant::None);
        assert_eq!(
            dump(&tree, false),
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
            dump_value(&value, &opts),
            "Module(\n   body=[\n      Expr(\n         value=Constant(value=1))])"
        );
    }
}
