//! Port of Parser/asdl.py: a reader for the ASDL description of Python's AST (`inputs/Python.asdl`), and `cargo xtask regen-ast`.
//!
//! The grammar: `module NAME { definitions }`; a definition is `type = Constructor(fields)
//! | … [attributes (fields)]` (a sum) or `type = (fields) [attributes (fields)]` (a
//! product); a field is `TYPE NAME` with an optional `?`, `*` or `?*` after the type.
//! `--` starts a comment.

pub mod gen_ast;

use std::fmt;

/// How many values a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// Exactly one.
    One,
    /// Zero or one (`?`).
    Optional,
    /// A list (`*`).
    Sequence,
    /// A list whose items may be missing (`?*`).
    OptionalSequence,
}

/// One field of a constructor, product or attribute list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The ASDL type (`expr`, `identifier`, `int`, …).
    pub ty: String,
    /// The field name.
    pub name: String,
    /// How many values it holds.
    pub quantity: Quantity,
}

/// One constructor of a sum type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constructor {
    /// The node class name (`FunctionDef`).
    pub name: String,
    /// Its fields.
    pub fields: Vec<Field>,
}

/// The right-hand side of a definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// `A(...) | B(...)`.
    Sum(Vec<Constructor>),
    /// `(fields)`.
    Product(Vec<Field>),
}

/// One type definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    /// The ASDL type name (`stmt`, `expr_context`).
    pub name: String,
    /// Its constructors or fields.
    pub body: Body,
    /// Its `attributes (...)`.
    pub attributes: Vec<Field>,
}

/// A parsed ASDL module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module {
    /// The module name.
    pub name: String,
    /// The definitions, in file order.
    pub definitions: Vec<Definition>,
}

/// An error in an ASDL file, with its line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsdlError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for AsdlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Word(String),
    Punct(char),
}

struct Lexer {
    toks: Vec<(Tok, usize, usize)>,
    pos: usize,
}

fn lex(text: &str) -> Result<Vec<(Tok, usize, usize)>, AsdlError> {
    let mut out = Vec::new();
    for (ln, line) in text.lines().enumerate() {
        let line = line.split("--").next().unwrap_or("");
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                i += 1;
            } else if c.is_ascii_alphanumeric() || c == '_' {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push((
                    Tok::Word(chars[start..i].iter().collect()),
                    ln + 1,
                    start + 1,
                ));
            } else if "{}()=|,?*".contains(c) {
                out.push((Tok::Punct(c), ln + 1, i + 1));
                i += 1;
            } else {
                return Err(AsdlError {
                    line: ln + 1,
                    column: i + 1,
                    message: format!("unexpected character {c:?}"),
                });
            }
        }
    }
    Ok(out)
}

impl Lexer {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }

    fn error(&self, message: String) -> AsdlError {
        let (line, column) = self
            .toks
            .get(self.pos)
            .or(self.toks.last())
            .map(|t| (t.1, t.2))
            .unwrap_or((1, 1));
        AsdlError {
            line,
            column,
            message,
        }
    }

    fn word(&mut self) -> Result<String, AsdlError> {
        match self.peek() {
            Some(Tok::Word(w)) => {
                let w = w.clone();
                self.pos += 1;
                Ok(w)
            }
            other => Err(self.error(format!("expected a name, found {other:?}"))),
        }
    }

    fn punct(&mut self, c: char) -> Result<(), AsdlError> {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(format!("expected {c:?}, found {:?}", self.peek())))
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn fields(&mut self) -> Result<Vec<Field>, AsdlError> {
        self.punct('(')?;
        let mut fields = Vec::new();
        loop {
            let ty = self.word()?;
            let quantity = if self.eat('?') {
                if self.eat('*') {
                    Quantity::OptionalSequence
                } else {
                    Quantity::Optional
                }
            } else if self.eat('*') {
                Quantity::Sequence
            } else {
                Quantity::One
            };
            let name = self.word()?;
            fields.push(Field { ty, name, quantity });
            if self.eat(')') {
                return Ok(fields);
            }
            self.punct(',')?;
        }
    }

    fn attributes(&mut self) -> Result<Vec<Field>, AsdlError> {
        if self.peek() == Some(&Tok::Word("attributes".into())) {
            self.pos += 1;
            self.fields()
        } else {
            Ok(Vec::new())
        }
    }
}

/// Parses an ASDL description.
pub fn parse(text: &str) -> Result<Module, AsdlError> {
    let mut lx = Lexer {
        toks: lex(text)?,
        pos: 0,
    };
    let kw = lx.word()?;
    if kw != "module" {
        return Err(lx.error("expected `module`".into()));
    }
    let name = lx.word()?;
    lx.punct('{')?;
    let mut definitions = Vec::new();
    while !lx.eat('}') {
        let name = lx.word()?;
        lx.punct('=')?;
        let body = if lx.peek() == Some(&Tok::Punct('(')) {
            Body::Product(lx.fields()?)
        } else {
            let mut ctors = Vec::new();
            loop {
                let cname = lx.word()?;
                let fields = if lx.peek() == Some(&Tok::Punct('(')) {
                    lx.fields()?
                } else {
                    Vec::new()
                };
                ctors.push(Constructor {
                    name: cname,
                    fields,
                });
                if !lx.eat('|') {
                    break;
                }
            }
            Body::Sum(ctors)
        };
        let attributes = lx.attributes()?;
        definitions.push(Definition {
            name,
            body,
            attributes,
        });
    }
    if lx.pos != lx.toks.len() {
        return Err(lx.error("text after the module's closing brace".into()));
    }
    Ok(Module { name, definitions })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_products_and_quantities() {
        let m = parse(
            "module M { t = A(x? a, y* b, z?* c) | B attributes (int n)\n p = (t one) -- c\n }",
        )
        .expect("valid ASDL");
        assert_eq!(m.definitions.len(), 2);
        let Body::Sum(ctors) = &m.definitions[0].body else {
            panic!("sum expected")
        };
        assert_eq!(ctors[0].fields[0].quantity, Quantity::Optional);
        assert_eq!(ctors[0].fields[1].quantity, Quantity::Sequence);
        assert_eq!(ctors[0].fields[2].quantity, Quantity::OptionalSequence);
        assert!(ctors[1].fields.is_empty());
        assert_eq!(m.definitions[0].attributes[0].name, "n");
    }

    #[test]
    fn errors_have_locations() {
        let e = parse("module M {\n t = A(x a,, )\n}").expect_err("invalid");
        assert_eq!((e.line, e.column), (2, 12));
    }

    #[test]
    fn python_asdl_matches_cpython_node_facts() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let text = std::fs::read_to_string(root.join("inputs/Python.asdl")).expect("asdl");
        let module = parse(&text).expect("valid");
        let facts: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("inputs/upstream/cpython-3.14.json"))
                .expect("facts"),
        )
        .expect("json");
        let nodes = facts["ast_nodes"].as_object().expect("ast_nodes");
        let mut seen = 0;
        for def in &module.definitions {
            let ctors: Vec<(String, Vec<Field>)> = match &def.body {
                Body::Sum(c) => c
                    .iter()
                    .map(|c| (c.name.clone(), c.fields.clone()))
                    .collect(),
                Body::Product(f) => vec![(def.name.clone(), f.clone())],
            };
            for (name, fields) in ctors {
                let node = &nodes[&name];
                assert!(node.is_object(), "{name} is not a CPython node");
                let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
                let theirs: Vec<&str> = node["fields"]
                    .as_array()
                    .expect("fields")
                    .iter()
                    .filter_map(|v| v.as_str())
                    .collect();
                assert_eq!(names, theirs, "fields of {name}");
                let attrs: Vec<&str> = def.attributes.iter().map(|f| f.name.as_str()).collect();
                let theirs: Vec<&str> = node["attributes"]
                    .as_array()
                    .expect("attrs")
                    .iter()
                    .filter_map(|v| v.as_str())
                    .collect();
                assert_eq!(attrs, theirs, "attributes of {name}");
                for f in &fields {
                    let t = node["field_types"][&f.name].as_str().unwrap_or("");
                    let optional = t.ends_with("| None");
                    let list = t.starts_with("list[");
                    let expect_list =
                        matches!(f.quantity, Quantity::Sequence | Quantity::OptionalSequence);
                    assert_eq!(list, expect_list, "{name}.{} is {t}", f.name);
                    assert_eq!(
                        optional,
                        f.quantity == Quantity::Optional,
                        "{name}.{} is {t}",
                        f.name
                    );
                }
                seen += 1;
            }
        }
        assert!(seen > 100);
    }
}
