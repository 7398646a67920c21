//! Snippets parsed by oxpy and compared with CPython 3.14's `ast.dump(..., include_attributes=True)`
//! and SyntaxErrors; every expected value was produced by `tools/oracle/oracle.mjs ast`.

use oxpy_parser::{dump::dump, parse_module_bytes};

fn check_dump(src: &str, expected: &str) {
    let tree = parse_module_bytes(src.as_bytes()).unwrap_or_else(|e| panic!("{src}: {e}"));
    assert_eq!(dump(&tree, true).expect("dumpable"), expected, "{src}");
}

fn check_error(src: &str, class: &str, msg: &str, loc: [i64; 4]) {
    let e = parse_module_bytes(src.as_bytes()).expect_err(src);
    let l = e.location();
    assert_eq!(
        (e.class_name(), e.message().as_str()),
        (class, msg),
        "{src}"
    );
    assert_eq!(
        [l.lineno, l.offset, l.end_lineno, l.end_offset],
        loc.map(Some),
        "{src}"
    );
}

#[test]
fn expression_mix() {
    check_dump(
        "x = a.b[1:2, ::3](*c, d=1, **e) if y else -z ** 2\n",
        "Module(body=[Assign(targets=[Name(id='x', ctx=Store(), lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)], value=IfExp(test=Name(id='y', ctx=Load(), lineno=1, col_offset=35, end_lineno=1, end_col_offset=36), body=Call(func=Subscript(value=Attribute(value=Name(id='a', ctx=Load(), lineno=1, col_offset=4, end_lineno=1, end_col_offset=5), attr='b', ctx=Load(), lineno=1, col_offset=4, end_lineno=1, end_col_offset=7), slice=Tuple(elts=[Slice(lower=Constant(value=1, lineno=1, col_offset=8, end_lineno=1, end_col_offset=9), upper=Constant(value=2, lineno=1, col_offset=10, end_lineno=1, end_col_offset=11), lineno=1, col_offset=8, end_lineno=1, end_col_offset=11), Slice(step=Constant(value=3, lineno=1, col_offset=15, end_lineno=1, end_col_offset=16), lineno=1, col_offset=13, end_lineno=1, end_col_offset=16)], ctx=Load(), lineno=1, col_offset=8, end_lineno=1, end_col_offset=16), ctx=Load(), lineno=1, col_offset=4, end_lineno=1, end_col_offset=17), args=[Starred(value=Name(id='c', ctx=Load(), lineno=1, col_offset=19, end_lineno=1, end_col_offset=20), ctx=Load(), lineno=1, col_offset=18, end_lineno=1, end_col_offset=20)], keywords=[keyword(arg='d', value=Constant(value=1, lineno=1, col_offset=24, end_lineno=1, end_col_offset=25), lineno=1, col_offset=22, end_lineno=1, end_col_offset=25), keyword(value=Name(id='e', ctx=Load(), lineno=1, col_offset=29, end_lineno=1, end_col_offset=30), lineno=1, col_offset=27, end_lineno=1, end_col_offset=30)], lineno=1, col_offset=4, end_lineno=1, end_col_offset=31), orelse=UnaryOp(op=USub(), operand=BinOp(left=Name(id='z', ctx=Load(), lineno=1, col_offset=43, end_lineno=1, end_col_offset=44), op=Pow(), right=Constant(value=2, lineno=1, col_offset=48, end_lineno=1, end_col_offset=49), lineno=1, col_offset=43, end_lineno=1, end_col_offset=49), lineno=1, col_offset=42, end_lineno=1, end_col_offset=49), lineno=1, col_offset=4, end_lineno=1, end_col_offset=49), lineno=1, col_offset=0, end_lineno=1, end_col_offset=49)])",
    );
}

#[test]
fn def_with_type_params_and_fstring() {
    check_dump(
        "def f[T: int = str](a, /, b=1, *args, c=0, d=2, **kw) -> None:\n    return f\"{a!r:>{b}} {c=}\"\n",
        "Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a', lineno=1, col_offset=20, end_lineno=1, end_col_offset=21)], args=[arg(arg='b', lineno=1, col_offset=26, end_lineno=1, end_col_offset=27)], vararg=arg(arg='args', lineno=1, col_offset=32, end_lineno=1, end_col_offset=36), kwonlyargs=[arg(arg='c', lineno=1, col_offset=38, end_lineno=1, end_col_offset=39), arg(arg='d', lineno=1, col_offset=43, end_lineno=1, end_col_offset=44)], kw_defaults=[Constant(value=0, lineno=1, col_offset=40, end_lineno=1, end_col_offset=41), Constant(value=2, lineno=1, col_offset=45, end_lineno=1, end_col_offset=46)], kwarg=arg(arg='kw', lineno=1, col_offset=50, end_lineno=1, end_col_offset=52), defaults=[Constant(value=1, lineno=1, col_offset=28, end_lineno=1, end_col_offset=29)]), body=[Return(value=JoinedStr(values=[FormattedValue(value=Name(id='a', ctx=Load(), lineno=2, col_offset=14, end_lineno=2, end_col_offset=15), conversion=114, format_spec=JoinedStr(values=[Constant(value='>', lineno=2, col_offset=18, end_lineno=2, end_col_offset=19), FormattedValue(value=Name(id='b', ctx=Load(), lineno=2, col_offset=20, end_lineno=2, end_col_offset=21), conversion=-1, lineno=2, col_offset=19, end_lineno=2, end_col_offset=22)], lineno=2, col_offset=17, end_lineno=2, end_col_offset=22), lineno=2, col_offset=13, end_lineno=2, end_col_offset=23), Constant(value=' c=', lineno=2, col_offset=23, end_lineno=2, end_col_offset=27), FormattedValue(value=Name(id='c', ctx=Load(), lineno=2, col_offset=25, end_lineno=2, end_col_offset=26), conversion=114, lineno=2, col_offset=24, end_lineno=2, end_col_offset=28)], lineno=2, col_offset=11, end_lineno=2, end_col_offset=29), lineno=2, col_offset=4, end_lineno=2, end_col_offset=29)], returns=Constant(value=None, lineno=1, col_offset=57, end_lineno=1, end_col_offset=61), type_params=[TypeVar(name='T', bound=Name(id='int', ctx=Load(), lineno=1, col_offset=9, end_lineno=1, end_col_offset=12), default_value=Name(id='str', ctx=Load(), lineno=1, col_offset=15, end_lineno=1, end_col_offset=18), lineno=1, col_offset=6, end_lineno=1, end_col_offset=18)], lineno=1, col_offset=0, end_lineno=2, end_col_offset=29)])",
    );
}

#[test]
fn match_patterns() {
    check_dump(
        "match p:\n    case [1, *rest] | {\"k\": _, **kw} if rest:\n        pass\n    case Point(x=0, y=-1.5+2j) as q:\n        pass\n",
        "Module(body=[Match(subject=Name(id='p', ctx=Load(), lineno=1, col_offset=6, end_lineno=1, end_col_offset=7), cases=[match_case(pattern=MatchOr(patterns=[MatchSequence(patterns=[MatchValue(value=Constant(value=1, lineno=2, col_offset=10, end_lineno=2, end_col_offset=11), lineno=2, col_offset=10, end_lineno=2, end_col_offset=11), MatchStar(name='rest', lineno=2, col_offset=13, end_lineno=2, end_col_offset=18)], lineno=2, col_offset=9, end_lineno=2, end_col_offset=19), MatchMapping(keys=[Constant(value='k', lineno=2, col_offset=23, end_lineno=2, end_col_offset=26)], patterns=[MatchAs(lineno=2, col_offset=28, end_lineno=2, end_col_offset=29)], rest='kw', lineno=2, col_offset=22, end_lineno=2, end_col_offset=36)], lineno=2, col_offset=9, end_lineno=2, end_col_offset=36), guard=Name(id='rest', ctx=Load(), lineno=2, col_offset=40, end_lineno=2, end_col_offset=44), body=[Pass(lineno=3, col_offset=8, end_lineno=3, end_col_offset=12)]), match_case(pattern=MatchAs(pattern=MatchClass(cls=Name(id='Point', ctx=Load(), lineno=4, col_offset=9, end_lineno=4, end_col_offset=14), kwd_attrs=['x', 'y'], kwd_patterns=[MatchValue(value=Constant(value=0, lineno=4, col_offset=17, end_lineno=4, end_col_offset=18), lineno=4, col_offset=17, end_lineno=4, end_col_offset=18), MatchValue(value=BinOp(left=UnaryOp(op=USub(), operand=Constant(value=1.5, lineno=4, col_offset=23, end_lineno=4, end_col_offset=26), lineno=4, col_offset=22, end_lineno=4, end_col_offset=26), op=Add(), right=Constant(value=2j, lineno=4, col_offset=27, end_lineno=4, end_col_offset=29), lineno=4, col_offset=22, end_lineno=4, end_col_offset=29), lineno=4, col_offset=22, end_lineno=4, end_col_offset=29)], lineno=4, col_offset=9, end_lineno=4, end_col_offset=30), name='q', lineno=4, col_offset=9, end_lineno=4, end_col_offset=35), body=[Pass(lineno=5, col_offset=8, end_lineno=5, end_col_offset=12)])], lineno=1, col_offset=0, end_lineno=5, end_col_offset=12)])",
    );
}

#[test]
fn except_without_parens_and_tstring() {
    check_dump(
        "try:\n    pass\nexcept A, B:\n    pass\nx = t\"a{b!s:{c}}\" \n",
        "Module(body=[Try(body=[Pass(lineno=2, col_offset=4, end_lineno=2, end_col_offset=8)], handlers=[ExceptHandler(type=Tuple(elts=[Name(id='A', ctx=Load(), lineno=3, col_offset=7, end_lineno=3, end_col_offset=8), Name(id='B', ctx=Load(), lineno=3, col_offset=10, end_lineno=3, end_col_offset=11)], ctx=Load(), lineno=3, col_offset=7, end_lineno=3, end_col_offset=11), body=[Pass(lineno=4, col_offset=4, end_lineno=4, end_col_offset=8)], lineno=3, col_offset=0, end_lineno=4, end_col_offset=8)], lineno=1, col_offset=0, end_lineno=4, end_col_offset=8), Assign(targets=[Name(id='x', ctx=Store(), lineno=5, col_offset=0, end_lineno=5, end_col_offset=1)], value=TemplateStr(values=[Constant(value='a', lineno=5, col_offset=6, end_lineno=5, end_col_offset=7), Interpolation(value=Name(id='b', ctx=Load(), lineno=5, col_offset=8, end_lineno=5, end_col_offset=9), str='b', conversion=115, format_spec=JoinedStr(values=[FormattedValue(value=Name(id='c', ctx=Load(), lineno=5, col_offset=13, end_lineno=5, end_col_offset=14), conversion=-1, lineno=5, col_offset=12, end_lineno=5, end_col_offset=15)], lineno=5, col_offset=11, end_lineno=5, end_col_offset=15), lineno=5, col_offset=7, end_lineno=5, end_col_offset=16)], lineno=5, col_offset=4, end_lineno=5, end_col_offset=17), lineno=5, col_offset=0, end_lineno=5, end_col_offset=17)])",
    );
}
#[test]
fn iterable_unpacking_after_keyword_unpacking() {
    check_error(
        "f(**a, *b)\n",
        "SyntaxError",
        "iterable argument unpacking follows keyword argument unpacking",
        [1, 6, 1, 10],
    );
}

#[test]
fn parameter_without_default_after_default() {
    check_error(
        "def f(a=1, b):\n    pass\n",
        "SyntaxError",
        "parameter without a default follows parameter with a default",
        [1, 12, 1, 13],
    );
}

#[test]
fn deep_unary_nesting_is_an_error_not_a_crash() {
    // CPython raises MemoryError("Parser stack overflowed - Python source too complex to
    // parse"); oxpy reports the same message (as a SyntaxError-class ParseError for now).
    let src = format!("{}1\n", "-".repeat(100_000));
    let e = parse_module_bytes(src.as_bytes()).expect_err("too deep");
    assert_eq!(
        e.message(),
        "Parser stack overflowed - Python source too complex to parse"
    );
}

#[test]
fn deep_brackets_stop_at_the_tokenizer_limit() {
    let src = format!("{}{}\n", "(".repeat(100_000), ")".repeat(100_000));
    check_error(
        &src,
        "SyntaxError",
        "too many nested parentheses",
        [1, 201, 1, 201],
    );
}

#[test]
fn nesting_within_the_limits_parses() {
    let src = format!("x = {}{}\n", "[".repeat(150), "]".repeat(150));
    assert!(parse_module_bytes(src.as_bytes()).is_ok());
    let src = format!("x = {}1\n", "-".repeat(1000));
    assert!(parse_module_bytes(src.as_bytes()).is_ok());
}
