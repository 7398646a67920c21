//! Port of Python/marshal.c (the writing half, `w_object` and friends), version 5, with a
//! model of which objects CPython shares so that the bytes come out as CPython's.
//!
//! CPython's `w_ref` gives an object a reference slot (`FLAG_REF`, later `TYPE_REF`) when its
//! reference count is above one or it is an interned str. oxpy's constants are plain values,
//! so the writer rebuilds CPython's object identities from what makes objects shared in a
//! freshly compiled module:
//! - the compiler's constant cache makes equal constants one object across all code objects
//!   of a module (`_PyCode_ConstantKey` equality: floats by value and sign, `0` vs `False`
//!   distinct);
//! - `co_names`, `co_localsplusnames`, `co_filename`, `co_name`, `co_qualname` and the
//!   constants matching `[A-Za-z0-9_]*` are interned (codeobject.c `intern_strings`,
//!   `intern_constants`, `init_code`), so equal ones are one object and always get a slot;
//! - immortal singletons always get a slot: small ints (-5..=256), `()`, `b''`, one-byte
//!   bytes and one-character Latin-1 strs (the latter two are also interned/static);
//! - `co_code` (the cached `_PyCode_GetCode` copy) has two references, so each gets a slot;
//! - `co_consts`, `co_names` and `co_localsplusnames` are merged by the constant cache as
//!   well (assemble.c `makecode`): equal ones are one object;
//! - an object referenced once (a tuple or constant used by one code object, the line
//!   table, `co_localspluskinds`) gets none;
//! - a slice's parts are the parser's objects, never merged with other constants (the cache
//!   does not look inside slices), and a str among them is not interned unless it is a
//!   static singleton (`''`, one Latin-1 character);
//! - a frozenset holding a str that should be interned but is not the interned object
//!   (because an equal identifier of the module was interned first, by the parser) is
//!   copied by `intern_constants` with the interned items, once per tuple slot holding it
//!   (`co_consts` or a constant tuple), so such frozensets are not shared between code
//!   objects;
//! - every frozenset item is referenced twice while written (the set and the sort pair of
//!   `w_complex_object`), so each gets a slot.
//!
//! frozenset items are written sorted by their own `marshal.dumps` (bpo-37596), so the
//! bytes never depend on str hashing (a 32-bit wasm CPython and a 64-bit one write the same;
//! where oxpy needs an iteration order it behaves as a 64-bit CPython, `oxpy_objects::setobject`).
//!
//! What the code objects cannot tell (the writer assumes a fresh interpreter): strs that the
//! running process interned before (the identifiers of every module it imported, the
//! runtime's static strings) are foreign too, so a class's dotted `co_qualname` stored as
//! its `__qualname__` constant is a separate object when that class was already loaded
//! (oxpy writes the interned one), and a frozenset holding such a str is copied.

use std::collections::{HashMap, HashSet};

use num_bigint::{BigInt, Sign};
use oxpy_objects::code::CodeObject;
use oxpy_objects::constant::{ConstKey, ConstValue};

use super::error::WriteError;
use super::read::Value;
use super::{MAX_MARSHAL_STACK_DEPTH, type_code as t};

/// `marshal.dumps(code)` as py_compile and `marshal.dumps(compile(...))` with the code held
/// in a variable produce it: the top code object has more than one reference.
pub fn dumps_code(code: &CodeObject) -> Result<Vec<u8>, WriteError> {
    let mut model = Model::default();
    model.collect(code);
    model.count_code(code);
    let mut w = Writer::new(&model);
    w.code(code, true)?;
    Ok(w.out)
}

/// `marshal.dumps(value)` for a constant (a code object inside it is written as in
/// [`dumps_code`] but without the extra reference on the top object).
pub fn dumps(value: &ConstValue) -> Result<Vec<u8>, WriteError> {
    let mut model = Model::default();
    if let ConstValue::Code(code) = value {
        model.collect(code);
    }
    model.count_const(value, Place::Merged);
    let mut w = Writer::new(&model);
    w.value(value, false, Place::Merged)?;
    Ok(w.out)
}

/// `marshal.dumps(value)` for a value as [`loads`](super::loads) returns it, written as
/// CPython writes the object `marshal.loads` made of the same data (passed on directly,
/// not held in a variable): an object gets a slot when the value holds it more than once
/// (a `TYPE_REF` read back shares it) or when CPython's copy is interned or immortal (an
/// interned str, `''` and one-character Latin-1 strs, small ints, `()`, `b''` and one-byte
/// bytes; not the empty frozenset, which CPython 3.14.2 writes without one). Sets and frozensets are written sorted, like CPython;
/// code objects inside as [`dumps_code`] writes them.
pub fn dumps_value(value: &Value) -> Result<Vec<u8>, WriteError> {
    let mut model = Model::default();
    model.collect_value(value);
    model.count_value(value);
    let mut w = Writer::new(&model);
    w.dyn_value(value, false)?;
    Ok(w.out)
}

/// The identity of a [`Value`]'s object, or `None` for the singletons written without a
/// slot.
fn value_id(v: &Value) -> Option<ObjId> {
    fn ptr<T: ?Sized>(a: &std::sync::Arc<T>) -> ObjId {
        ObjId::Ptr(std::sync::Arc::as_ptr(a).cast::<u8>() as usize)
    }
    let id = match v {
        Value::None | Value::StopIteration | Value::Ellipsis | Value::Bool(_) => return None,
        Value::Float(f) => ptr(f),
        Value::Complex(c) => ptr(c),
        Value::Int(i) => {
            let small = ObjId::Const(ConstKey::Int(BigInt::clone(i)));
            if always_shared(&small) { small } else { ptr(i) }
        }
        Value::Str(s, interned) if *interned || is_static_str(s) => ObjId::Interned(s.to_string()),
        Value::Str(s, _) => ptr(s),
        Value::SurrogateStr(b, true) => ObjId::InternedRaw(b.to_vec()),
        Value::SurrogateStr(b, false) => ptr(b),
        Value::Bytes(b) if b.len() <= 1 => bytes_id(b),
        Value::Bytes(b) => ptr(b),
        Value::Tuple(items) if items.is_empty() => empty_tuple(),
        Value::Tuple(items) | Value::List(items) | Value::Set(items) | Value::FrozenSet(items) => {
            ptr(items)
        }
        Value::Dict(items) => ptr(items),
        Value::Slice(parts) => ptr(parts),
        Value::Code(code) => ptr(code),
    };
    Some(id)
}

/// The identity of an object that may be shared.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum ObjId {
    /// An interned str: one object per value.
    Interned(String),
    /// A str constant that is not interned (one object per value, via the constant cache).
    Str(String),
    /// Any other constant (one object per constant key).
    Const(ConstKey),
    /// An object of its own in slot `usize` of another object: a slice's part, or a
    /// frozenset copied into a tuple by `intern_constants`.
    Part(Box<ObjId>, usize),
    /// An interned str holding lone surrogates (its marshal bytes).
    InternedRaw(Vec<u8>),
    /// An object of a [`Value`], by the address of its shared allocation.
    Ptr(usize),
}

/// Where a constant sits, which decides what it is the same object as.
#[derive(Clone, Copy)]
enum Place<'a> {
    /// Anywhere the constant cache's identity holds (a frozenset item, the top object).
    Merged,
    /// Item `usize` of a tuple (`co_consts` or a constant tuple).
    InTuple(&'a ObjId, usize),
    /// Part `usize` (start, stop, step) of a slice.
    InSlice(&'a ObjId, usize),
}

/// `should_intern_string`: an ASCII constant made of `[A-Za-z0-9_]` only.
fn should_intern(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn is_latin1_char(s: &str) -> bool {
    let mut chars = s.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if u32::from(c) < 256)
}

/// The statically allocated (hence interned) strs: `''` and the Latin-1 characters.
fn is_static_str(s: &str) -> bool {
    s.is_empty() || is_latin1_char(s)
}

/// What the writer knows about the module being written: which strs are interned and how
/// many references each shareable object has.
#[derive(Default)]
struct Model {
    /// The `co_qualname`s that are also constants of their own code object: a class body
    /// stores its qualname as `__qualname__`, the same object as its `co_qualname`, which
    /// `init_code` interns (equal constants elsewhere are that object too).
    qualnames: HashSet<String>,
    /// The module's identifiers (names, local names, function and class names), which the
    /// parser interned before any code object was made.
    identifiers: HashSet<String>,
    /// References to each object (children of an object counted once).
    counts: HashMap<ObjId, u32>,
}

impl Model {
    /// The model of the objects reachable from `code`, before counting.
    fn collect(&mut self, code: &CodeObject) {
        // A class body starts with `__module__ = __name__; __qualname__ = 'QUALNAME'`.
        let class_body = code.names.iter().any(|n| n == "__qualname__");
        for n in code.names.iter().chain(&code.localsplusnames) {
            self.identifiers.insert(n.clone());
        }
        self.identifiers.insert(code.name.clone());
        for c in &code.consts {
            match c {
                ConstValue::Code(inner) => self.collect(inner),
                ConstValue::Str(s) if class_body && *s == code.qualname => {
                    self.qualnames.insert(s.clone());
                }
                _ => {}
            }
        }
    }

    /// Whether a str constant is (or is the same object as) an interned string.
    fn const_str_interned(&self, s: &str) -> bool {
        should_intern(s) || is_latin1_char(s) || self.qualnames.contains(s)
    }

    /// Whether `intern_constants` copies a frozenset with these items: one of its strs is
    /// to be interned but an equal identifier was interned first.
    fn frozenset_copied(&self, items: &[ConstValue]) -> bool {
        items.iter().any(|item| match item {
            ConstValue::Str(s) => {
                should_intern(s) && !is_static_str(s) && self.identifiers.contains(s)
            }
            _ => false,
        })
    }

    /// The identity of a constant at `place`, or `None` for the objects marshal writes
    /// without a slot (None, booleans, Ellipsis) and for code objects (never shared below
    /// the top).
    fn const_id(&self, v: &ConstValue, place: Place<'_>) -> Option<ObjId> {
        match v {
            ConstValue::None | ConstValue::Bool(_) | ConstValue::Ellipsis | ConstValue::Code(_) => {
                return None;
            }
            _ => {}
        }
        if let Place::InSlice(owner, index) = place {
            let id = match v {
                ConstValue::Str(s) if is_static_str(s) => ObjId::Interned(s.clone()),
                ConstValue::Str(_) => return Some(ObjId::Part(Box::new(owner.clone()), index)),
                other => ObjId::Const(other.key()),
            };
            return Some(if always_shared(&id) {
                id
            } else {
                ObjId::Part(Box::new(owner.clone()), index)
            });
        }
        Some(match v {
            ConstValue::Str(s) if self.const_str_interned(s) => ObjId::Interned(s.clone()),
            ConstValue::Str(s) => ObjId::Str(s.clone()),
            ConstValue::FrozenSet(items) if self.frozenset_copied(items) => match place {
                Place::InTuple(owner, index) => ObjId::Part(Box::new(owner.clone()), index),
                _ => ObjId::Const(v.key()),
            },
            other => ObjId::Const(other.key()),
        })
    }

    /// Counts one more reference; true the first time (when its children are to be
    /// counted: they are referenced once, by that one object).
    fn bump(&mut self, id: ObjId) -> bool {
        let n = self.counts.entry(id).or_insert(0);
        *n += 1;
        *n == 1
    }

    fn shared(&self, id: &ObjId) -> bool {
        self.counts.get(id).copied().unwrap_or(0) > 1
    }

    /// [`Model::collect`] for the code objects inside a value.
    fn collect_value(&mut self, v: &Value) {
        stacker::maybe_grow(
            super::read::RED_ZONE,
            super::read::STACK_GROWTH,
            || match v {
                Value::Code(code) => self.collect(code),
                Value::Tuple(items)
                | Value::List(items)
                | Value::Set(items)
                | Value::FrozenSet(items) => items.iter().for_each(|i| self.collect_value(i)),
                Value::Dict(items) => items.iter().for_each(|(k, x)| {
                    self.collect_value(k);
                    self.collect_value(x);
                }),
                Value::Slice(parts) => parts.iter().for_each(|i| self.collect_value(i)),
                _ => {}
            },
        )
    }

    fn count_value(&mut self, v: &Value) {
        stacker::maybe_grow(super::read::RED_ZONE, super::read::STACK_GROWTH, || {
            let Some(id) = value_id(v) else { return };
            if !self.bump(id) {
                return;
            }
            match v {
                Value::Code(code) => self.count_code(code),
                Value::Tuple(items)
                | Value::List(items)
                | Value::Set(items)
                | Value::FrozenSet(items) => items.iter().for_each(|i| self.count_value(i)),
                Value::Dict(items) => items.iter().for_each(|(k, x)| {
                    self.count_value(k);
                    self.count_value(x);
                }),
                Value::Slice(parts) => parts.iter().for_each(|i| self.count_value(i)),
                _ => {}
            }
        })
    }

    fn count_const(&mut self, v: &ConstValue, place: Place<'_>) {
        stacker::maybe_grow(super::read::RED_ZONE, super::read::STACK_GROWTH, || {
            self.count_const_inner(v, place)
        })
    }

    fn count_const_inner(&mut self, v: &ConstValue, place: Place<'_>) {
        if let ConstValue::Code(code) = v {
            self.count_code(code);
            return;
        }
        let Some(id) = self.const_id(v, place) else {
            return;
        };
        if !self.bump(id.clone()) {
            return;
        }
        match v {
            ConstValue::Tuple(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.count_const(item, Place::InTuple(&id, i));
                }
            }
            ConstValue::FrozenSet(items) => {
                for item in items {
                    self.count_const(item, Place::Merged);
                }
            }
            ConstValue::Slice(parts) => {
                for (i, item) in parts.iter().enumerate() {
                    self.count_const(item, Place::InSlice(&id, i));
                }
            }
            _ => {}
        }
    }

    fn count_code(&mut self, code: &CodeObject) {
        let consts = consts_id(code);
        if self.bump(consts.clone()) {
            for (i, c) in code.consts.iter().enumerate() {
                self.count_const(c, Place::InTuple(&consts, i));
            }
        }
        let lpn_fresh = fresh_localsplusnames(code);
        for (names, merged) in [(&code.names, true), (&code.localsplusnames, !lpn_fresh)] {
            if !merged || self.bump(names_id(names)) {
                for s in names {
                    self.bump(ObjId::Interned(s.clone()));
                }
            }
        }
        for s in [&code.filename, &code.name, &code.qualname] {
            self.bump(ObjId::Interned(s.clone()));
        }
        for b in [&code.linetable, &code.exceptiontable] {
            self.bump(bytes_id(b));
        }
    }
}

/// An `__annotate__` function gets a fresh `co_localsplusnames` after assembly, its
/// `.format` parameter renamed `format` (codegen.c `codegen_leave_annotations_scope`), so
/// that tuple is not the merged one.
fn fresh_localsplusnames(code: &CodeObject) -> bool {
    code.name == "__annotate__"
        && code.posonlyargcount == 1
        && code.localsplusnames.first().is_some_and(|n| n == "format")
}

/// Objects that are immortal or interned, hence always given a slot.
fn always_shared(id: &ObjId) -> bool {
    match id {
        ObjId::Interned(_) | ObjId::InternedRaw(_) => true,
        ObjId::Str(_) | ObjId::Part(..) | ObjId::Ptr(_) => false,
        ObjId::Const(ConstKey::Int(i)) => {
            let small = BigInt::from(-5)..=BigInt::from(256);
            small.contains(i)
        }
        ObjId::Const(ConstKey::Tuple(items)) => items.is_empty(),
        ObjId::Const(ConstKey::Bytes(b)) => b.len() <= 1,
        ObjId::Const(_) => false,
    }
}

fn empty_tuple() -> ObjId {
    ObjId::Const(ConstKey::Tuple(Vec::new()))
}

fn empty_bytes() -> ObjId {
    ObjId::Const(ConstKey::Bytes(Vec::new()))
}

/// `co_consts`, `co_names` and `co_localsplusnames` go through the constant cache too
/// (assemble.c `makecode`), so equal tuples are one object.
fn consts_id(code: &CodeObject) -> ObjId {
    ObjId::Const(ConstKey::Tuple(
        code.consts.iter().map(ConstValue::key).collect(),
    ))
}

fn bytes_id(b: &[u8]) -> ObjId {
    ObjId::Const(ConstKey::Bytes(b.to_vec()))
}

fn names_id(names: &[String]) -> ObjId {
    ObjId::Const(ConstKey::Tuple(
        names.iter().map(|s| ConstKey::Str(s.clone())).collect(),
    ))
}

struct Writer<'c> {
    out: Vec<u8>,
    depth: usize,
    /// Slot numbers of the objects written with `FLAG_REF`.
    slots: HashMap<ObjId, u32>,
    /// How many slots have been handed out (including unnamed ones).
    next_slot: u32,
    model: &'c Model,
}

/// What `w_ref` decided for one object.
enum Ref {
    /// Already written: a `TYPE_REF` was emitted.
    Done,
    /// Write it with this flag byte (`FLAG_REF` or 0).
    Write(u8),
}

impl<'c> Writer<'c> {
    fn new(model: &'c Model) -> Self {
        Writer {
            out: Vec::new(),
            depth: 0,
            slots: HashMap::new(),
            next_slot: 0,
            model,
        }
    }

    fn long(&mut self, x: i32) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }

    fn size(&mut self, n: usize) -> Result<(), WriteError> {
        let n = i32::try_from(n).map_err(|_| WriteError::Unmarshallable)?;
        self.long(n);
        Ok(())
    }

    /// `w_ref` for an object with an identity.
    fn w_ref(&mut self, id: ObjId, force: bool) -> Ref {
        if let Some(&slot) = self.slots.get(&id) {
            self.out.push(t::REF);
            self.long(slot as i32);
            return Ref::Done;
        }
        let shared = force || always_shared(&id) || self.model.shared(&id);
        if !shared {
            return Ref::Write(0);
        }
        self.slots.insert(id, self.next_slot);
        self.next_slot += 1;
        Ref::Write(t::FLAG_REF)
    }

    /// A slot for an object that is shared but never met again (the top code object,
    /// `co_code`).
    fn anonymous_slot(&mut self) -> u8 {
        self.next_slot += 1;
        t::FLAG_REF
    }

    fn enter(&mut self) -> Result<(), WriteError> {
        self.depth += 1;
        if self.depth > MAX_MARSHAL_STACK_DEPTH {
            return Err(WriteError::NestedTooDeep);
        }
        Ok(())
    }

    /// `w_object` on a constant; `force` marks the top object of a frozenset item's own
    /// dump (held by one more reference while it is written).
    fn value(&mut self, v: &ConstValue, force: bool, place: Place<'_>) -> Result<(), WriteError> {
        stacker::maybe_grow(super::read::RED_ZONE, super::read::STACK_GROWTH, || {
            self.value_inner(v, force, place)
        })
    }

    fn value_inner(
        &mut self,
        v: &ConstValue,
        force: bool,
        place: Place<'_>,
    ) -> Result<(), WriteError> {
        self.enter()?;
        match v {
            ConstValue::None => self.out.push(t::NONE),
            ConstValue::Ellipsis => self.out.push(t::ELLIPSIS),
            ConstValue::Bool(false) => self.out.push(t::FALSE),
            ConstValue::Bool(true) => self.out.push(t::TRUE),
            ConstValue::Code(code) => self.code(code, force)?,
            _ => {
                let id = self.model.const_id(v, place).unwrap_or_else(empty_tuple);
                if let Ref::Write(flag) = self.w_ref(id.clone(), force) {
                    self.complex_value(v, &id, flag)?;
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// `w_complex_object` for a constant that is not a singleton or code object.
    fn complex_value(&mut self, v: &ConstValue, id: &ObjId, flag: u8) -> Result<(), WriteError> {
        match v {
            ConstValue::Int(i) => self.int(i, flag),
            ConstValue::Float(f) => {
                self.out.push(t::BINARY_FLOAT | flag);
                self.out.extend_from_slice(&f.to_le_bytes());
            }
            ConstValue::Complex { real, imag } => {
                self.out.push(t::BINARY_COMPLEX | flag);
                self.out.extend_from_slice(&real.to_le_bytes());
                self.out.extend_from_slice(&imag.to_le_bytes());
            }
            ConstValue::Str(s) => self.str_body(s, matches!(id, ObjId::Interned(_)), flag)?,
            ConstValue::Bytes(b) => self.bytes_body(b, flag)?,
            ConstValue::Tuple(items) => {
                self.tuple_header(items.len(), flag)?;
                for (i, item) in items.iter().enumerate() {
                    self.value(item, false, Place::InTuple(id, i))?;
                }
            }
            ConstValue::FrozenSet(items) => {
                self.out.push(t::FROZENSET | flag);
                self.size(items.len())?;
                let mut keyed = Vec::with_capacity(items.len());
                for item in items {
                    let mut solo = Writer::new(self.model);
                    solo.value(item, true, Place::Merged)?;
                    keyed.push((solo.out, item));
                }
                keyed.sort_by(|a, b| a.0.cmp(&b.0));
                // Each item is also held by its sort pair while written: always a slot.
                for (_, item) in keyed {
                    self.value(item, true, Place::Merged)?;
                }
            }
            ConstValue::Slice(parts) => {
                self.out.push(t::SLICE | flag);
                for (i, part) in parts.iter().enumerate() {
                    self.value(part, false, Place::InSlice(id, i))?;
                }
            }
            ConstValue::None | ConstValue::Bool(_) | ConstValue::Ellipsis => {}
            ConstValue::Code(code) => self.code(code, false)?,
        }
        Ok(())
    }

    /// `w_object` on a [`Value`]; `force` as in [`Writer::value`].
    fn dyn_value(&mut self, v: &Value, force: bool) -> Result<(), WriteError> {
        stacker::maybe_grow(super::read::RED_ZONE, super::read::STACK_GROWTH, || {
            self.enter()?;
            self.dyn_value_inner(v, force)?;
            self.depth -= 1;
            Ok(())
        })
    }

    fn dyn_value_inner(&mut self, v: &Value, force: bool) -> Result<(), WriteError> {
        let singleton = match v {
            Value::None => Some(t::NONE),
            Value::StopIteration => Some(t::STOPITER),
            Value::Ellipsis => Some(t::ELLIPSIS),
            Value::Bool(false) => Some(t::FALSE),
            Value::Bool(true) => Some(t::TRUE),
            _ => None,
        };
        if let Some(code) = singleton {
            self.out.push(code);
            return Ok(());
        }
        let flag = match value_id(v) {
            Some(id) => match self.w_ref(id, force) {
                Ref::Done => return Ok(()),
                Ref::Write(flag) => flag,
            },
            None if force => self.anonymous_slot(),
            None => 0,
        };
        match v {
            Value::Int(i) => self.int(i, flag),
            Value::Float(f) => {
                self.out.push(t::BINARY_FLOAT | flag);
                self.out.extend_from_slice(&f.to_le_bytes());
            }
            Value::Complex(c) => {
                self.out.push(t::BINARY_COMPLEX | flag);
                self.out.extend_from_slice(&c[0].to_le_bytes());
                self.out.extend_from_slice(&c[1].to_le_bytes());
            }
            Value::Str(s, interned) => self.str_body(s, *interned || is_static_str(s), flag)?,
            Value::SurrogateStr(b, interned) => {
                let code = if *interned { t::INTERNED } else { t::UNICODE };
                self.out.push(code | flag);
                self.size(b.len())?;
                self.out.extend_from_slice(b);
            }
            Value::Bytes(b) => self.bytes_body(b, flag)?,
            Value::Tuple(items) => {
                self.tuple_header(items.len(), flag)?;
                for item in items.iter() {
                    self.dyn_value(item, false)?;
                }
            }
            Value::List(items) => {
                self.out.push(t::LIST | flag);
                self.size(items.len())?;
                for item in items.iter() {
                    self.dyn_value(item, false)?;
                }
            }
            Value::Dict(items) => {
                self.out.push(t::DICT | flag);
                for (k, x) in items.iter() {
                    self.dyn_value(k, false)?;
                    self.dyn_value(x, false)?;
                }
                self.out.push(t::NULL);
            }
            Value::Set(items) | Value::FrozenSet(items) => {
                let code = if matches!(v, Value::Set(_)) {
                    t::SET
                } else {
                    t::FROZENSET
                };
                self.out.push(code | flag);
                self.size(items.len())?;
                let mut keyed = Vec::with_capacity(items.len());
                for item in items.iter() {
                    let mut solo = Writer::new(self.model);
                    solo.dyn_value(item, true)?;
                    keyed.push((solo.out, item));
                }
                keyed.sort_by(|a, b| a.0.cmp(&b.0));
                for (_, item) in keyed {
                    self.dyn_value(item, true)?;
                }
            }
            Value::Slice(parts) => {
                self.out.push(t::SLICE | flag);
                for part in parts.iter() {
                    self.dyn_value(part, false)?;
                }
            }
            Value::Code(code) => self.code_body(code, flag)?,
            Value::None | Value::StopIteration | Value::Ellipsis | Value::Bool(_) => {}
        }
        Ok(())
    }

    fn tuple_header(&mut self, n: usize, flag: u8) -> Result<(), WriteError> {
        if n < 256 {
            self.out.push(t::SMALL_TUPLE | flag);
            self.out.push(n as u8);
            Ok(())
        } else {
            self.out.push(t::TUPLE | flag);
            self.size(n)
        }
    }

    /// An int: `TYPE_INT` when it fits in 32 bits, else `TYPE_LONG` in 15-bit digits.
    fn int(&mut self, i: &BigInt, flag: u8) {
        if let Ok(small) = i32::try_from(i) {
            self.out.push(t::INT | flag);
            self.long(small);
            return;
        }
        self.out.push(t::LONG | flag);
        let (sign, mag) = i.to_u32_digits();
        let mut digits: Vec<u16> = Vec::new();
        let mut acc: u64 = 0;
        let mut bits = 0u32;
        for d in mag {
            acc |= u64::from(d) << bits;
            bits += 32;
            while bits >= 15 {
                digits.push((acc & 0x7fff) as u16);
                acc >>= 15;
                bits -= 15;
            }
        }
        if acc != 0 {
            digits.push(acc as u16);
        }
        while digits.last() == Some(&0) {
            digits.pop();
        }
        let l = digits.len() as i32;
        self.long(if sign == Sign::Minus { -l } else { l });
        for d in digits {
            self.out.extend_from_slice(&d.to_le_bytes());
        }
    }

    fn str_body(&mut self, s: &str, interned: bool, flag: u8) -> Result<(), WriteError> {
        if s.is_ascii() {
            if s.len() < 256 {
                let code = if interned {
                    t::SHORT_ASCII_INTERNED
                } else {
                    t::SHORT_ASCII
                };
                self.out.push(code | flag);
                self.out.push(s.len() as u8);
            } else {
                let code = if interned {
                    t::ASCII_INTERNED
                } else {
                    t::ASCII
                };
                self.out.push(code | flag);
                self.size(s.len())?;
            }
        } else {
            let code = if interned { t::INTERNED } else { t::UNICODE };
            self.out.push(code | flag);
            self.size(s.len())?;
        }
        self.out.extend_from_slice(s.as_bytes());
        Ok(())
    }

    fn bytes_body(&mut self, b: &[u8], flag: u8) -> Result<(), WriteError> {
        self.out.push(t::STRING | flag);
        self.size(b.len())?;
        self.out.extend_from_slice(b);
        Ok(())
    }

    /// An interned name (`co_names` items, `co_filename`, ...).
    fn name(&mut self, s: &str) -> Result<(), WriteError> {
        self.enter()?;
        if let Ref::Write(flag) = self.w_ref(ObjId::Interned(s.to_owned()), false) {
            self.str_body(s, true, flag)?;
        }
        self.depth -= 1;
        Ok(())
    }

    /// A tuple of names made after the constant cache was consulted (referenced once).
    fn fresh_names(&mut self, names: &[String]) -> Result<(), WriteError> {
        self.enter()?;
        self.tuple_header(names.len(), 0)?;
        for n in names {
            self.name(n)?;
        }
        self.depth -= 1;
        Ok(())
    }

    /// A tuple of names (merged by the constant cache like a constant tuple).
    fn names(&mut self, names: &[String]) -> Result<(), WriteError> {
        self.enter()?;
        if let Ref::Write(flag) = self.w_ref(names_id(names), false) {
            self.tuple_header(names.len(), flag)?;
            for n in names {
                self.name(n)?;
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// `co_code`: a fresh copy with two references (always a slot, never met again).
    fn co_code(&mut self, b: &[u8]) -> Result<(), WriteError> {
        self.enter()?;
        let flag = if b.is_empty() {
            match self.w_ref(empty_bytes(), false) {
                Ref::Done => {
                    self.depth -= 1;
                    return Ok(());
                }
                Ref::Write(flag) => flag,
            }
        } else {
            self.anonymous_slot()
        };
        self.bytes_body(b, flag)?;
        self.depth -= 1;
        Ok(())
    }

    /// `co_localspluskinds`: a fresh object (`b''` is the shared empty bytes).
    fn fresh_bytes(&mut self, b: &[u8]) -> Result<(), WriteError> {
        self.enter()?;
        let flag = if b.is_empty() {
            match self.w_ref(empty_bytes(), false) {
                Ref::Done => {
                    self.depth -= 1;
                    return Ok(());
                }
                Ref::Write(flag) => flag,
            }
        } else {
            0
        };
        self.bytes_body(b, flag)?;
        self.depth -= 1;
        Ok(())
    }

    /// A bytes field merged by value (`co_linetable`, `co_exceptiontable`).
    fn merged_bytes(&mut self, b: &[u8]) -> Result<(), WriteError> {
        self.enter()?;
        if let Ref::Write(flag) = self.w_ref(bytes_id(b), false) {
            self.bytes_body(b, flag)?;
        }
        self.depth -= 1;
        Ok(())
    }

    fn code(&mut self, co: &CodeObject, shared: bool) -> Result<(), WriteError> {
        let flag = if shared { self.anonymous_slot() } else { 0 };
        self.code_body(co, flag)
    }

    fn code_body(&mut self, co: &CodeObject, flag: u8) -> Result<(), WriteError> {
        self.enter()?;
        self.out.push(t::CODE | flag);
        for x in [
            co.argcount,
            co.posonlyargcount,
            co.kwonlyargcount,
            co.stacksize,
            co.flags,
        ] {
            self.long(x as i32);
        }
        self.co_code(&co.code)?;
        // co_consts
        self.enter()?;
        let consts = consts_id(co);
        if let Ref::Write(flag) = self.w_ref(consts.clone(), false) {
            self.tuple_header(co.consts.len(), flag)?;
            for (i, c) in co.consts.iter().enumerate() {
                self.value(c, false, Place::InTuple(&consts, i))?;
            }
        }
        self.depth -= 1;
        self.names(&co.names)?;
        if fresh_localsplusnames(co) {
            self.fresh_names(&co.localsplusnames)?;
        } else {
            self.names(&co.localsplusnames)?;
        }
        self.fresh_bytes(&co.localspluskinds)?;
        self.name(&co.filename)?;
        self.name(&co.name)?;
        self.name(&co.qualname)?;
        self.long(co.firstlineno);
        self.merged_bytes(&co.linetable)?;
        self.merged_bytes(&co.exceptiontable)?;
        self.depth -= 1;
        Ok(())
    }
}
