//! Port of Python/marshal.c (the reading half, `r_object` and friends): marshal data back
//! to values and code objects, with CPython 3.14's checks and error messages.
//!
//! [`loads`] reads any value marshal can write into a [`Value`] (objects written once and
//! referenced again with `TYPE_REF` are shared, as in CPython); [`loads_code`] reads a code
//! object. Code objects are checked as `_PyCode_Validate` and `_PyCode_New` check them, and
//! their constants become [`ConstValue`]s. Nothing here panics on any input: every failure is
//! a [`ReadError`], and nesting is bounded by [`MAX_MARSHAL_STACK_DEPTH`].

use std::sync::Arc;

use num_bigint::{BigInt, Sign};
use oxpy_objects::code::{CodeObject, co_flags, fast_kind};
use oxpy_objects::constant::ConstValue;

use super::error::{NullIn, ReadError, SizedKind};
use super::{MAX_MARSHAL_STACK_DEPTH, type_code as t};

/// A value read from marshal data: everything `marshal.loads` can return. Containers and
/// large payloads are reference-counted so that `TYPE_REF` shares instead of copying.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `None`
    None,
    /// `StopIteration` (the class).
    StopIteration,
    /// `...`
    Ellipsis,
    /// `True` / `False`
    Bool(bool),
    /// An int.
    Int(Arc<BigInt>),
    /// A float (shared like the other objects, so that a `TYPE_REF` to it is written back
    /// as one).
    Float(Arc<f64>),
    /// A complex number: real and imaginary parts.
    Complex(Arc<[f64; 2]>),
    /// A str, with whether marshal marked it interned.
    Str(Arc<str>, bool),
    /// A str holding a lone surrogate (which a Rust `str` cannot), kept as the bytes marshal
    /// stores for it: UTF-8 with each surrogate code point encoded on its own in three bytes
    /// (`ED A0..BF 80..BF`), as CPython's `surrogatepass` writes it; with whether marshal
    /// marked it interned. Writing it back gives the same bytes. Never holds valid UTF-8
    /// (such a str is a [`Value::Str`]).
    SurrogateStr(Arc<[u8]>, bool),
    /// A bytes object.
    Bytes(Arc<[u8]>),
    /// A tuple.
    Tuple(Arc<[Value]>),
    /// A list.
    List(Arc<[Value]>),
    /// A dict, items in insertion order; a repeated key (by Python's `==`) keeps its first
    /// key object and place and takes the last value, as `PyDict_SetItem` does.
    Dict(Arc<[(Value, Value)]>),
    /// A set: items in the order first read, without the later ones equal (by Python's
    /// `==`) to an earlier one, as `PySet_Add` does. (Not CPython's iteration order, which
    /// follows hashes; marshal writes sets sorted, so the bytes do not depend on it.)
    Set(Arc<[Value]>),
    /// A frozenset, items as in [`Value::Set`].
    FrozenSet(Arc<[Value]>),
    /// A slice.
    Slice(Arc<[Value; 3]>),
    /// A code object.
    Code(Arc<CodeObject>),
}

impl Value {
    /// `type(v).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::StopIteration => "type",
            Value::Ellipsis => "ellipsis",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Complex(_) => "complex",
            Value::Str(..) | Value::SurrogateStr(..) => "str",
            Value::Bytes(_) => "bytes",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::Dict(_) => "dict",
            Value::Set(_) => "set",
            Value::FrozenSet(_) => "frozenset",
            Value::Slice(_) => "slice",
            Value::Code(_) => "code",
        }
    }

    /// The value as a code-object constant, if `co_consts` can hold it in oxpy.
    pub fn to_const(&self) -> Result<ConstValue, ReadError> {
        let mut budget = DEFAULT_BUDGET;
        to_const(self, &mut budget)
    }

    /// The first unhashable type inside the value (what `hash()` would reject).
    fn unhashable(&self) -> Option<&'static str> {
        match self {
            Value::List(_) => Some("list"),
            Value::Dict(_) => Some("dict"),
            Value::Set(_) => Some("set"),
            Value::Tuple(items) => items.iter().find_map(Value::unhashable),
            Value::Slice(parts) => parts.iter().find_map(Value::unhashable),
            _ => None,
        }
    }
}

/// Units of copying (nodes plus payload bytes) a conversion to constants may spend before
/// it gives up with [`ReadError::TooLarge`]: far above what any real `.pyc` needs.
const DEFAULT_BUDGET: u64 = 1 << 27;

/// Takes a work counter's units (for [`spend`]).
fn take(work: &mut u64) -> usize {
    usize::try_from(std::mem::take(work)).unwrap_or(usize::MAX)
}

fn spend(budget: &mut u64, units: usize) -> Result<(), ReadError> {
    let units = u64::try_from(units).unwrap_or(u64::MAX).saturating_add(1);
    *budget = budget.checked_sub(units).ok_or(ReadError::TooLarge)?;
    Ok(())
}

/// Stack kept free before descending one level (`stacker`), and how much to add.
pub(super) const RED_ZONE: usize = 64 * 1024;
pub(super) const STACK_GROWTH: usize = 1024 * 1024;

fn to_const(v: &Value, budget: &mut u64) -> Result<ConstValue, ReadError> {
    stacker::maybe_grow(RED_ZONE, STACK_GROWTH, || to_const_inner(v, budget))
}

fn to_const_inner(v: &Value, budget: &mut u64) -> Result<ConstValue, ReadError> {
    let seq = |items: &[Value], budget: &mut u64| -> Result<Vec<ConstValue>, ReadError> {
        items.iter().map(|i| to_const(i, budget)).collect()
    };
    Ok(match v {
        Value::None => {
            spend(budget, 0)?;
            ConstValue::None
        }
        Value::Ellipsis => {
            spend(budget, 0)?;
            ConstValue::Ellipsis
        }
        Value::Bool(b) => {
            spend(budget, 0)?;
            ConstValue::Bool(*b)
        }
        Value::Int(i) => {
            spend(budget, i.bits() as usize / 8)?;
            ConstValue::Int(BigInt::clone(i))
        }
        Value::Float(f) => {
            spend(budget, 0)?;
            ConstValue::Float(**f)
        }
        Value::Complex(c) => {
            spend(budget, 0)?;
            let [real, imag] = **c;
            ConstValue::Complex { real, imag }
        }
        Value::Str(s, _) => {
            spend(budget, s.len())?;
            ConstValue::Str(s.to_string())
        }
        Value::SurrogateStr(..) => return Err(ReadError::LoneSurrogate),
        Value::Bytes(b) => {
            spend(budget, b.len())?;
            ConstValue::Bytes(b.to_vec())
        }
        Value::Tuple(items) => {
            spend(budget, 0)?;
            ConstValue::Tuple(seq(items, budget)?)
        }
        Value::FrozenSet(items) => {
            spend(budget, 0)?;
            let items = seq(items, budget)?;
            ConstValue::FrozenSet(oxpy_objects::setobject::frozenset_from(items))
        }
        Value::Slice(parts) => {
            spend(budget, 0)?;
            let [a, b, c] = &**parts;
            ConstValue::Slice(Box::new([
                to_const(a, budget)?,
                to_const(b, budget)?,
                to_const(c, budget)?,
            ]))
        }
        Value::Code(code) => {
            spend(budget, 0)?;
            ConstValue::Code(Arc::clone(code))
        }
        Value::StopIteration | Value::List(_) | Value::Dict(_) | Value::Set(_) => {
            return Err(ReadError::UnsupportedConstant(v.type_name()));
        }
    })
}

/// A slot of the reference list: filled, reserved (CPython's `Py_None` placeholder for
/// frozensets, code objects and slices), or a container still being read.
#[derive(Clone, Debug)]
enum Slot {
    Filled(Value),
    Reserved,
    Pending,
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    depth: usize,
    refs: Vec<Slot>,
    allow_code: bool,
    budget: u64,
}

/// `marshal.loads(data)`: the first value in `data` (bytes after it are ignored, as in
/// CPython).
pub fn loads(data: &[u8]) -> Result<Value, ReadError> {
    loads_with(data, true)
}

/// `marshal.loads(data, allow_code=...)`.
pub fn loads_with(data: &[u8], allow_code: bool) -> Result<Value, ReadError> {
    let mut reader = Reader {
        data,
        pos: 0,
        depth: 0,
        refs: Vec::new(),
        allow_code,
        budget: DEFAULT_BUDGET.saturating_add((data.len() as u64).saturating_mul(16)),
    };
    reader
        .object()?
        .ok_or(ReadError::NullObject(NullIn::Object))
}

/// Reads a code object (what a `.pyc` file holds after its header). Data holding another
/// kind of value is refused with CPython's `TypeError` wording for that case
/// ([`ReadError::UnsupportedConstant`] naming the type).
pub fn loads_code(data: &[u8]) -> Result<Arc<CodeObject>, ReadError> {
    match loads(data)? {
        Value::Code(code) => Ok(code),
        other => Err(ReadError::UnsupportedConstant(other.type_name())),
    }
}

impl Reader<'_> {
    /// `r_string`: the next `n` bytes.
    fn string(&mut self, n: usize) -> Result<&[u8], ReadError> {
        let end = self.pos.checked_add(n).ok_or(ReadError::TooShort)?;
        let bytes = self.data.get(self.pos..end).ok_or(ReadError::TooShort)?;
        self.pos = end;
        Ok(bytes)
    }

    /// `r_byte`.
    fn byte(&mut self) -> Result<u8, ReadError> {
        let b = *self.data.get(self.pos).ok_or(ReadError::EofNotExpected)?;
        self.pos += 1;
        Ok(b)
    }

    /// `r_long`: a little-endian signed 32-bit integer.
    fn long(&mut self) -> Result<i32, ReadError> {
        let b = self.string(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A size field (`r_long`, negative sizes refused).
    fn size(&mut self, kind: SizedKind) -> Result<usize, ReadError> {
        let n = self.long()?;
        usize::try_from(n).map_err(|_| ReadError::SizeOutOfRange(kind))
    }

    fn float_bin(&mut self) -> Result<f64, ReadError> {
        let b = self.string(8)?;
        let mut raw = [0u8; 8];
        raw.copy_from_slice(b);
        Ok(f64::from_le_bytes(raw))
    }

    /// `r_float_str`: a float written as text (marshal version 1), read as
    /// `PyOS_string_to_double` reads a C string.
    fn float_str(&mut self) -> Result<f64, ReadError> {
        let n = usize::from(self.byte()?);
        let raw = self.string(n)?;
        // The C string ends at the first NUL.
        let raw = raw.split(|&b| b == 0).next().unwrap_or_default();
        let text = String::from_utf8_lossy(raw);
        parse_c_double(&text).ok_or_else(|| {
            let shown: String = String::from_utf8_lossy(&raw[..raw.len().min(200)]).into();
            ReadError::BadFloat(shown)
        })
    }

    /// `r_PyLong`: 15-bit digits, least significant first.
    fn py_long(&mut self) -> Result<BigInt, ReadError> {
        let n = self.long()?;
        if n == i32::MIN {
            return Err(ReadError::LongSizeOutOfRange);
        }
        let count = n.unsigned_abs() as usize;
        let mut digits: Vec<u32> = Vec::with_capacity(count.min(self.remaining() / 2 + 1));
        let mut acc: u64 = 0;
        let mut acc_bits = 0u32;
        for j in 0..count {
            let b = self.string(2)?;
            let md = u16::from_le_bytes([b[0], b[1]]);
            if md & 0x8000 != 0 {
                return Err(ReadError::LongDigitOutOfRange);
            }
            if md == 0 && j == count - 1 {
                return Err(ReadError::UnnormalizedLong);
            }
            acc |= u64::from(md) << acc_bits;
            acc_bits += 15;
            if acc_bits >= 32 {
                digits.push(acc as u32);
                acc >>= 32;
                acc_bits -= 32;
            }
        }
        if acc_bits > 0 {
            digits.push(acc as u32);
        }
        let sign = if n < 0 { Sign::Minus } else { Sign::Plus };
        Ok(BigInt::from_slice(sign, &digits))
    }

    fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }

    fn reserve(&mut self) -> Result<usize, ReadError> {
        let idx = self.refs.len();
        if idx >= 0x7fff_fffe {
            return Err(ReadError::IndexListTooLarge);
        }
        self.refs.push(Slot::Reserved);
        Ok(idx)
    }

    fn fill(&mut self, idx: Option<usize>, value: &Value) {
        if let Some(slot) = idx.and_then(|i| self.refs.get_mut(i)) {
            *slot = Slot::Filled(value.clone());
        }
    }

    /// `r_object`: `Ok(None)` is CPython's NULL without an exception (`TYPE_NULL`, or a
    /// slice with a NULL part).
    fn object(&mut self) -> Result<Option<Value>, ReadError> {
        let code = match self.data.get(self.pos) {
            Some(&c) => {
                self.pos += 1;
                c
            }
            None => return Err(ReadError::EofObjectExpected),
        };
        self.depth += 1;
        if self.depth > MAX_MARSHAL_STACK_DEPTH {
            return Err(ReadError::RecursionLimit);
        }
        let result = stacker::maybe_grow(RED_ZONE, STACK_GROWTH, || {
            self.object_of_type(code & !t::FLAG_REF, code & t::FLAG_REF != 0)
        });
        self.depth -= 1;
        result
    }

    /// Registers a value that is complete as soon as it is read (`R_REF`).
    fn simple(&mut self, flag: bool, v: Value) -> Result<Option<Value>, ReadError> {
        if flag {
            if self.refs.len() >= 0x7fff_fffe {
                return Err(ReadError::IndexListTooLarge);
            }
            self.refs.push(Slot::Filled(v.clone()));
        }
        Ok(Some(v))
    }

    fn object_of_type(&mut self, ty: u8, flag: bool) -> Result<Option<Value>, ReadError> {
        match ty {
            t::NULL => Ok(None),
            t::NONE => Ok(Some(Value::None)),
            t::STOPITER => Ok(Some(Value::StopIteration)),
            t::ELLIPSIS => Ok(Some(Value::Ellipsis)),
            t::FALSE => Ok(Some(Value::Bool(false))),
            t::TRUE => Ok(Some(Value::Bool(true))),
            t::INT => {
                let n = self.long()?;
                self.simple(flag, Value::Int(Arc::new(BigInt::from(n))))
            }
            t::INT64 => {
                let b = self.string(8)?;
                let mut raw = [0u8; 8];
                raw.copy_from_slice(b);
                let n = i64::from_le_bytes(raw);
                self.simple(flag, Value::Int(Arc::new(BigInt::from(n))))
            }
            t::LONG => {
                let n = self.py_long()?;
                self.simple(flag, Value::Int(Arc::new(n)))
            }
            t::FLOAT => {
                let x = self.float_str()?;
                self.simple(flag, Value::Float(Arc::new(x)))
            }
            t::BINARY_FLOAT => {
                let x = self.float_bin()?;
                self.simple(flag, Value::Float(Arc::new(x)))
            }
            t::COMPLEX => {
                let real = self.float_str()?;
                let imag = self.float_str()?;
                self.simple(flag, Value::Complex(Arc::new([real, imag])))
            }
            t::BINARY_COMPLEX => {
                let real = self.float_bin()?;
                let imag = self.float_bin()?;
                self.simple(flag, Value::Complex(Arc::new([real, imag])))
            }
            t::STRING => {
                let n = self.size(SizedKind::Bytes)?;
                let b: Arc<[u8]> = Arc::from(self.string(n)?);
                self.simple(flag, Value::Bytes(b))
            }
            t::ASCII | t::ASCII_INTERNED => {
                let n = self.size(SizedKind::Str)?;
                self.ascii(n, ty == t::ASCII_INTERNED, flag)
            }
            t::SHORT_ASCII | t::SHORT_ASCII_INTERNED => {
                let n = usize::from(self.byte()?);
                self.ascii(n, ty == t::SHORT_ASCII_INTERNED, flag)
            }
            t::UNICODE | t::INTERNED => {
                let n = self.size(SizedKind::Str)?;
                let raw = self.string(n)?;
                let interned = ty == t::INTERNED;
                let v = match decode_utf8_surrogatepass(raw)? {
                    Decoded::Utf8(s) => Value::Str(Arc::from(s), interned),
                    Decoded::Surrogates => Value::SurrogateStr(Arc::from(raw), interned),
                };
                self.simple(flag, v)
            }
            t::SMALL_TUPLE => {
                let n = usize::from(self.byte()?);
                self.sequence(n, flag, NullIn::Tuple)
                    .map(|v| Some(Value::Tuple(v)))
            }
            t::TUPLE => {
                let n = self.size(SizedKind::Tuple)?;
                self.sequence(n, flag, NullIn::Tuple)
                    .map(|v| Some(Value::Tuple(v)))
            }
            t::LIST => {
                let n = self.size(SizedKind::List)?;
                self.sequence(n, flag, NullIn::List)
                    .map(|v| Some(Value::List(v)))
            }
            t::DICT => self.dict(flag),
            t::SET | t::FROZENSET => {
                let n = self.size(SizedKind::Set)?;
                self.set(n, ty == t::FROZENSET, flag)
            }
            t::CODE => self.code(flag),
            t::REF => {
                let n = self.long()?;
                let slot = usize::try_from(n)
                    .ok()
                    .and_then(|i| self.refs.get(i))
                    .ok_or(ReadError::InvalidReference)?;
                match slot {
                    Slot::Filled(v) => Ok(Some(v.clone())),
                    Slot::Reserved => Err(ReadError::InvalidReference),
                    Slot::Pending => Err(ReadError::CyclicReference),
                }
            }
            t::SLICE => {
                let idx = if flag { Some(self.reserve()?) } else { None };
                let Some(start) = self.object()? else {
                    return Ok(None);
                };
                let Some(stop) = self.object()? else {
                    return Ok(None);
                };
                let Some(step) = self.object()? else {
                    return Ok(None);
                };
                let v = Value::Slice(Arc::new([start, stop, step]));
                self.fill(idx, &v);
                Ok(Some(v))
            }
            _ => Err(ReadError::UnknownTypeCode),
        }
    }

    fn ascii(&mut self, n: usize, interned: bool, flag: bool) -> Result<Option<Value>, ReadError> {
        // PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, ...): the bytes as Latin-1.
        let s: String = self.string(n)?.iter().map(|&b| char::from(b)).collect();
        self.simple(flag, Value::Str(Arc::from(s), interned))
    }

    /// The items of a tuple or list; the container is registered before its items.
    fn sequence(&mut self, n: usize, flag: bool, what: NullIn) -> Result<Arc<[Value]>, ReadError> {
        let idx = if flag {
            let i = self.reserve()?;
            self.refs[i] = Slot::Pending;
            Some(i)
        } else {
            None
        };
        let mut items = Vec::with_capacity(n.min(self.remaining()));
        for _ in 0..n {
            match self.object()? {
                Some(v) => items.push(v),
                None => return Err(ReadError::NullObject(what)),
            }
        }
        let items: Arc<[Value]> = Arc::from(items);
        if let Some(i) = idx {
            let v = match what {
                NullIn::List => Value::List(Arc::clone(&items)),
                _ => Value::Tuple(Arc::clone(&items)),
            };
            self.refs[i] = Slot::Filled(v);
        }
        Ok(items)
    }

    fn dict(&mut self, flag: bool) -> Result<Option<Value>, ReadError> {
        let idx = if flag {
            let i = self.reserve()?;
            self.refs[i] = Slot::Pending;
            Some(i)
        } else {
            None
        };
        let mut items: Vec<(Value, Value)> = Vec::new();
        let mut index = super::py_eq::Index::default();
        while let Some(key) = self.object()? {
            let Some(value) = self.object()? else { break };
            if let Some(bad) = key.unhashable() {
                return Err(ReadError::Unhashable(bad));
            }
            match index.find_or_insert(&key, items.len(), &items, |(k, _)| k) {
                Some(at) => items[at].1 = value,
                None => items.push((key, value)),
            }
            spend(&mut self.budget, take(&mut index.work))?;
        }
        let v = Value::Dict(Arc::from(items));
        self.fill(idx, &v);
        Ok(Some(v))
    }

    fn set(&mut self, n: usize, frozen: bool, flag: bool) -> Result<Option<Value>, ReadError> {
        let idx = if flag {
            let i = self.reserve()?;
            if !frozen || n == 0 {
                // Sets (and the empty frozenset) are registered at once; frozensets only
                // once complete (CPython's delayed registration).
                self.refs[i] = Slot::Pending;
            }
            Some(i)
        } else {
            None
        };
        let mut items: Vec<Value> = Vec::with_capacity(n.min(self.remaining()));
        let mut index = super::py_eq::Index::default();
        for _ in 0..n {
            let Some(v) = self.object()? else {
                return Err(ReadError::NullObject(NullIn::Set));
            };
            if let Some(bad) = v.unhashable() {
                return Err(ReadError::Unhashable(bad));
            }
            if index
                .find_or_insert(&v, items.len(), &items, |x| x)
                .is_none()
            {
                items.push(v);
            }
            spend(&mut self.budget, take(&mut index.work))?;
        }
        let items: Arc<[Value]> = Arc::from(items);
        let v = if frozen {
            Value::FrozenSet(items)
        } else {
            Value::Set(items)
        };
        self.fill(idx, &v);
        Ok(Some(v))
    }

    /// A code object field: NULL is `TypeError: NULL object in marshal data for code object`.
    fn field(&mut self) -> Result<Value, ReadError> {
        self.object()?.ok_or(ReadError::NullObject(NullIn::Code))
    }

    fn code(&mut self, flag: bool) -> Result<Option<Value>, ReadError> {
        if !self.allow_code {
            return Err(ReadError::CodeDisallowed);
        }
        let idx = if flag { Some(self.reserve()?) } else { None };
        let argcount = self.long()?;
        let posonlyargcount = self.long()?;
        let kwonlyargcount = self.long()?;
        let stacksize = self.long()?;
        let flags = self.long()?;
        let code = self.field()?;
        let consts = self.field()?;
        let names = self.field()?;
        let localsplusnames = self.field()?;
        let localspluskinds = self.field()?;
        let filename = self.field()?;
        let name = self.field()?;
        let qualname = self.field()?;
        let firstlineno = self.long()?;
        let linetable = self.field()?;
        let exceptiontable = self.field()?;

        // _PyCode_Validate
        let (
            Value::Bytes(code),
            Value::Tuple(consts),
            Value::Tuple(names),
            Value::Tuple(localsplusnames),
            Value::Bytes(localspluskinds),
            name @ (Value::Str(..) | Value::SurrogateStr(..)),
            qualname @ (Value::Str(..) | Value::SurrogateStr(..)),
            filename @ (Value::Str(..) | Value::SurrogateStr(..)),
            Value::Bytes(linetable),
            Value::Bytes(exceptiontable),
        ) = (
            code,
            consts,
            names,
            localsplusnames,
            localspluskinds,
            name,
            qualname,
            filename,
            linetable,
            exceptiontable,
        )
        else {
            return Err(ReadError::BadInternalCall);
        };
        let counts_ok = argcount >= posonlyargcount
            && posonlyargcount >= 0
            && kwonlyargcount >= 0
            && stacksize >= 0
            && flags >= 0;
        if !counts_ok || localsplusnames.len() != localspluskinds.len() {
            return Err(ReadError::BadInternalCall);
        }
        if code.len() % 2 != 0 {
            return Err(ReadError::CodeMalformed);
        }
        let nlocals = localspluskinds
            .iter()
            .filter(|k| *k & fast_kind::LOCAL != 0)
            .count() as i64;
        let flags = flags as u32;
        let plain = nlocals
            - i64::from(argcount)
            - i64::from(kwonlyargcount)
            - i64::from(flags & co_flags::VARARGS != 0)
            - i64::from(flags & co_flags::VARKEYWORDS != 0);
        if plain < 0 {
            return Err(ReadError::VarnamesTooSmall);
        }
        // _PyCode_New: intern_strings(names), intern_strings(localsplusnames).
        let names = self.strings(&names)?;
        let (Value::Str(name, _), Value::Str(qualname, _), Value::Str(filename, _)) =
            (name, qualname, filename)
        else {
            return Err(ReadError::LoneSurrogate);
        };
        let localsplusnames = self.strings(&localsplusnames)?;
        let consts = consts
            .iter()
            .map(|c| to_const(c, &mut self.budget))
            .collect::<Result<Vec<_>, _>>()?;
        spend(
            &mut self.budget,
            code.len() + linetable.len() + exceptiontable.len(),
        )?;
        let co = CodeObject {
            argcount: argcount as u32,
            posonlyargcount: posonlyargcount as u32,
            kwonlyargcount: kwonlyargcount as u32,
            // init_code: a stack size of 0 becomes 1.
            stacksize: (stacksize as u32).max(1),
            flags,
            code: code.to_vec(),
            consts,
            names,
            localsplusnames,
            localspluskinds: localspluskinds.to_vec(),
            filename: filename.to_string(),
            name: name.to_string(),
            qualname: qualname.to_string(),
            firstlineno,
            linetable: linetable.to_vec(),
            exceptiontable: exceptiontable.to_vec(),
        };
        let v = Value::Code(Arc::new(co));
        self.fill(idx, &v);
        Ok(Some(v))
    }

    fn strings(&mut self, items: &[Value]) -> Result<Vec<String>, ReadError> {
        // intern_strings walks the tuple from the end.
        if items
            .iter()
            .rev()
            .any(|v| !matches!(v, Value::Str(..) | Value::SurrogateStr(..)))
        {
            return Err(ReadError::NonStringInCodeSlot);
        }
        if items.iter().any(|v| matches!(v, Value::SurrogateStr(..))) {
            return Err(ReadError::LoneSurrogate);
        }
        let mut out = Vec::with_capacity(items.len());
        for v in items {
            if let Value::Str(s, _) = v {
                spend(&mut self.budget, s.len())?;
                out.push(s.to_string());
            }
        }
        Ok(out)
    }
}

/// `PyOS_string_to_double(s, NULL, NULL)`: the whole text must be a float literal as C's
/// `strtod` (in the "C" locale, as CPython's `_Py_dg_strtod`) reads it.
fn parse_c_double(text: &str) -> Option<f64> {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let lower = body.to_ascii_lowercase();
    let special = matches!(lower.as_str(), "inf" | "infinity" | "nan");
    let numeric = !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !(special || numeric) {
        return None;
    }
    text.parse::<f64>().ok()
}

/// What `PyUnicode_DecodeUTF8(data, n, "surrogatepass")` made of a str's bytes.
enum Decoded {
    /// Valid UTF-8.
    Utf8(String),
    /// Valid but for encoded surrogates (`ED A0..BF 80..BF`), which `surrogatepass`
    /// accepts as lone surrogate code points.
    Surrogates,
}

/// `PyUnicode_DecodeUTF8(data, n, "surrogatepass")`: the first error that is not an
/// encoded surrogate is CPython's `UnicodeDecodeError`.
fn decode_utf8_surrogatepass(raw: &[u8]) -> Result<Decoded, ReadError> {
    let mut pos = 0usize;
    let mut surrogates = false;
    loop {
        let rest = raw.get(pos..).unwrap_or_default();
        let e = match std::str::from_utf8(rest) {
            Ok(s) if !surrogates => return Ok(Decoded::Utf8(s.to_owned())),
            Ok(_) => return Ok(Decoded::Surrogates),
            Err(e) => e,
        };
        let at = pos + e.valid_up_to();
        let bad = raw.get(at..).unwrap_or_default();
        if let [0xED, b1, b2, ..] = bad {
            if (0xA0..=0xBF).contains(b1) && (0x80..=0xBF).contains(b2) {
                surrogates = true;
                pos = at + 3;
                continue;
            }
        }
        let first = bad.first().copied().unwrap_or(0);
        let (bytes, reason) = match e.error_len() {
            None => (bad.to_vec(), "unexpected end of data"),
            Some(_) if matches!(first, 0x80..=0xC1 | 0xF5..=0xFF) => {
                (vec![first], "invalid start byte")
            }
            Some(_) => (vec![first], "invalid continuation byte"),
        };
        return Err(ReadError::Utf8 {
            bytes,
            position: at,
            reason,
        });
    }
}
