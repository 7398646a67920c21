//! Port of `_Py_Mangle` and `_Py_MaybeMangle` (Python/symtable.c): private name mangling,
//! `__spam` inside `class Ham` becoming `_Ham__spam`.

use std::borrow::Cow;

use super::SymbolTableEntry;

/// `_Py_Mangle`: `name` as seen inside the class `private` (`__x` → `_Class__x`).
///
/// Unchanged when there is no class, when the name does not start with two
/// underscores, ends with two underscores (`__dunder__`), contains a dot (a dotted
/// import name), or when the class name is only underscores.
#[inline]
pub fn mangle<'a>(private: Option<&str>, name: &'a str) -> Cow<'a, str> {
    let Some(private) = private else {
        return Cow::Borrowed(name);
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return Cow::Borrowed(name);
    }
    let stripped = private.trim_start_matches('_');
    if stripped.is_empty() {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(1 + stripped.len() + name.len());
    out.push('_');
    out.push_str(stripped);
    out.push_str(name);
    Cow::Owned(out)
}

/// `_Py_MaybeMangle`: [`mangle`], except in blocks with a set of mangled names (the
/// type-parameter scope of a generic class and the blocks inside it), where only the
/// names in that set are mangled.
pub fn maybe_mangle<'a>(
    private: Option<&str>,
    entry: &SymbolTableEntry,
    name: &'a str,
) -> Cow<'a, str> {
    maybe_mangle_in(private, entry.mangled_names.as_deref(), name)
}

/// [`maybe_mangle`] with the block's set of mangled names given directly.
#[inline]
pub fn maybe_mangle_in<'a>(
    private: Option<&str>,
    mangled_names: Option<&[String]>,
    name: &'a str,
) -> Cow<'a, str> {
    if let Some(set) = mangled_names
        && !set.iter().any(|n| n == name)
    {
        return Cow::Borrowed(name);
    }
    mangle(private, name)
}

#[cfg(test)]
mod tests {
    use super::mangle;

    #[test]
    fn mangles_like_cpython() {
        assert_eq!(mangle(None, "__x"), "__x");
        assert_eq!(mangle(Some("C"), "__x"), "_C__x");
        assert_eq!(mangle(Some("__C"), "__x"), "_C__x");
        assert_eq!(mangle(Some("___"), "__x"), "__x");
        assert_eq!(mangle(Some("C"), "__x__"), "__x__");
        assert_eq!(mangle(Some("C"), "__"), "__");
        assert_eq!(mangle(Some("C"), "___"), "___");
        assert_eq!(mangle(Some("C"), "__x.y"), "__x.y");
        assert_eq!(mangle(Some("C"), "_x"), "_x");
        assert_eq!(mangle(Some("C"), "_"), "_");
        assert_eq!(mangle(Some("_Ç"), "__é"), "_Ç__é");
    }
}
