//! The AST's node sizes: large constructors are boxed (see `xtask/src/asdl/gen_ast.rs`), so
//! statement lists and small trees stay compact. A change that grows a node shows up here.

use oxpy_parser::ast::{Expr, Pattern, Stmt};

#[test]
fn statements_are_64_bytes() {
    assert_eq!(size_of::<Stmt>(), 64);
}

#[test]
fn expressions_are_64_bytes() {
    assert_eq!(size_of::<Expr>(), 64);
}

#[test]
fn patterns_are_48_bytes() {
    assert_eq!(size_of::<Pattern>(), 48);
}
