//! `ConstValue::hash_as_key` feeds a hasher what hashing the value's key does, and
//! `ConstValue::matches_key` agrees with comparing keys.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use num_bigint::BigInt;
use oxpy_objects::code::CodeObject;
use oxpy_objects::constant::ConstValue as V;

fn code() -> Arc<CodeObject> {
    Arc::new(CodeObject {
        argcount: 0,
        posonlyargcount: 0,
        kwonlyargcount: 0,
        stacksize: 1,
        flags: 0,
        code: vec![],
        consts: vec![],
        names: vec![],
        localsplusnames: vec![],
        localspluskinds: vec![],
        filename: "f".into(),
        name: "n".into(),
        qualname: "n".into(),
        firstlineno: 1,
        linetable: vec![],
        exceptiontable: vec![],
    })
}

fn values() -> Vec<V> {
    let code = code();
    vec![
        V::None,
        V::Ellipsis,
        V::Bool(true),
        V::Bool(false),
        V::Int(BigInt::from(0)),
        V::Int(BigInt::from(-7)),
        V::Int(BigInt::from(1u128 << 100)),
        V::Float(0.0),
        V::Float(-0.0),
        V::Float(f64::NAN),
        V::Complex {
            real: 1.0,
            imag: -0.0,
        },
        V::Str(String::new()),
        V::Str("abc".into()),
        V::Str("a longer string, past eight bytes".into()),
        V::Bytes(b"abc".to_vec()),
        V::Tuple(vec![]),
        V::Tuple(vec![V::Str("abc".into()), V::Int(BigInt::from(1))]),
        V::Tuple(vec![V::Tuple(vec![V::None]), V::Bytes(vec![])]),
        V::FrozenSet(vec![V::Int(BigInt::from(2)), V::Int(BigInt::from(1))]),
        V::FrozenSet(vec![V::Int(BigInt::from(1)), V::Int(BigInt::from(2))]),
        V::Slice(Box::new([V::None, V::Int(BigInt::from(3)), V::None])),
        V::Code(code.clone()),
        V::Code(crate::code()),
    ]
}

#[test]
fn value_hashes_as_its_key() {
    for v in values() {
        let mut a = DefaultHasher::new();
        v.key().hash(&mut a);
        let mut b = DefaultHasher::new();
        v.hash_as_key(&mut b);
        assert_eq!(a.finish(), b.finish(), "{v:?}");
    }
}

#[test]
fn matches_key_agrees_with_key_equality() {
    let vs = values();
    for v in &vs {
        for w in &vs {
            assert_eq!(
                v.matches_key(&w.key()),
                v.key() == w.key(),
                "{v:?} vs {w:?}"
            );
        }
    }
}
