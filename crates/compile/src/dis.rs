//! Port of Lib/dis.py (CPython 3.14): the text `dis.dis(code)` prints for a code object,
//! and the `co_lines()` / exception-table readers it relies on (Objects/codeobject.c
//! `lineiter_next`, dis.py `_parse_exception_table`).
//!
//! [`disassemble`] is `dis.dis(code, depth=0)` (one code object); [`dis`] is `dis.dis(code)`
//! (nested code objects too, each after a `Disassembly of <code object ...>:` header), which
//! is what `python -m dis FILE` prints for a module. [`dis_with`] takes the views of
//! `dis.dis`'s keywords ([`DisOptions`]): `show_caches` (the `CACHE` units after each
//! instruction, named as `opcode._cache_format` names them), `show_offsets`,
//! `show_positions` (`co_positions()`, Objects/codeobject.c `advance_with_locations`) and
//! `adaptive` (`co._co_code_adaptive` of code that never ran: the bytecode as
//! Python/specialize.c `_PyCode_Quicken` leaves it, its counters set).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use oxpy_objects::code::CodeObject;
use oxpy_objects::constant::ConstValue;

use crate::generated::metadata::{
    cache_entries, deopt, has_arg, has_const, has_exc, has_free, has_jump, has_local, has_name,
};
use crate::generated::opcode::Opcode;

const OPNAME_WIDTH: usize = 20;
const OPARG_WIDTH: usize = 5;
const NO_LINENO: &str = "  --";

/// `cmp_op` (Lib/opcode.py).
const CMP_OP: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];

/// `_opcode.get_nb_ops()`: the symbol of each `BINARY_OP` argument.
const NB_OPS: [&str; 27] = [
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=",
    "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=", "[]",
];

/// `_opcode.get_intrinsic1_descs()`.
const INTRINSIC_1: [&str; 12] = [
    "INTRINSIC_1_INVALID",
    "INTRINSIC_PRINT",
    "INTRINSIC_IMPORT_STAR",
    "INTRINSIC_STOPITERATION_ERROR",
    "INTRINSIC_ASYNC_GEN_WRAP",
    "INTRINSIC_UNARY_POSITIVE",
    "INTRINSIC_LIST_TO_TUPLE",
    "INTRINSIC_TYPEVAR",
    "INTRINSIC_PARAMSPEC",
    "INTRINSIC_TYPEVARTUPLE",
    "INTRINSIC_SUBSCRIPT_GENERIC",
    "INTRINSIC_TYPEALIAS",
];

/// `_opcode.get_intrinsic2_descs()`.
const INTRINSIC_2: [&str; 6] = [
    "INTRINSIC_2_INVALID",
    "INTRINSIC_PREP_RERAISE_STAR",
    "INTRINSIC_TYPEVAR_WITH_BOUND",
    "INTRINSIC_TYPEVAR_WITH_CONSTRAINTS",
    "INTRINSIC_SET_FUNCTION_TYPE_PARAMS",
    "INTRINSIC_SET_TYPEPARAM_DEFAULT",
];

/// `_opcode.get_special_method_names()` (`LOAD_SPECIAL`).
const SPECIAL_METHODS: [&str; 4] = ["__enter__", "__exit__", "__aenter__", "__aexit__"];

/// How `LOAD_COMMON_CONSTANT` shows its argument (a type by name, a builtin by repr).
const COMMON_CONSTANTS: [&str; 5] = [
    "AssertionError",
    "NotImplementedError",
    "tuple",
    "<built-in function all>",
    "<built-in function any>",
];

/// `FUNCTION_ATTR_FLAGS` (`SET_FUNCTION_ATTRIBUTE`).
const FUNCTION_ATTR_FLAGS: [&str; 5] = [
    "defaults",
    "kwdefaults",
    "annotations",
    "closure",
    "annotate",
];

/// One `co_lines()` entry: code offsets `start..end` (bytes) and the line (`None` for
/// no line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineRange {
    /// First byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The line, if any.
    pub line: Option<i32>,
}

/// One entry of the exception table (`dis._ExceptionTableEntry`), offsets in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionEntry {
    /// First covered offset.
    pub start: usize,
    /// End of the covered range (exclusive).
    pub end: usize,
    /// Handler offset.
    pub target: usize,
    /// Stack depth at the handler.
    pub depth: u32,
    /// Whether the offset of the raising instruction is pushed.
    pub lasti: bool,
}

/// Reads the location table as `_PyLineTable_NextAddressRange` walks it: one entry per
/// location record, with the line (`-1` for none).
fn address_ranges(code: &CodeObject) -> Vec<(usize, usize, i32)> {
    let table = &code.linetable;
    let mut out = Vec::new();
    let mut line = code.firstlineno;
    let mut end = 0usize;
    let mut i = 0usize;
    while i < table.len() {
        let first = table[i];
        let kind = (first >> 3) & 15;
        let length = usize::from(first & 7) + 1;
        let delta = match kind {
            15 => 0,
            13 | 14 => signed_varint(table, i + 1),
            10..=12 => i32::from(kind) - 10,
            _ => 0,
        };
        line = line.wrapping_add(delta);
        let this_line = if kind == 15 { -1 } else { line };
        let start = end;
        end += length * 2;
        out.push((start, end, this_line));
        i += 1;
        while i < table.len() && table[i] & 128 == 0 {
            i += 1;
        }
    }
    out
}

fn varint(table: &[u8], mut i: usize) -> u32 {
    let mut read = table.get(i).copied().unwrap_or(0);
    let mut val = u32::from(read & 63);
    let mut shift = 0u32;
    while read & 64 != 0 {
        i += 1;
        read = table.get(i).copied().unwrap_or(0);
        shift += 6;
        if shift < 32 {
            val |= u32::from(read & 63) << shift;
        }
    }
    val
}

fn signed_varint(table: &[u8], i: usize) -> i32 {
    let u = varint(table, i);
    if u & 1 != 0 {
        -((u >> 1) as i32)
    } else {
        (u >> 1) as i32
    }
}

/// `code.co_lines()`: ranges of consecutive records with the same line merged.
pub fn co_lines(code: &CodeObject) -> Vec<LineRange> {
    let ranges = address_ranges(code);
    let mut out: Vec<LineRange> = Vec::new();
    let mut i = 0;
    while i < ranges.len() {
        let (start, mut end, line) = ranges[i];
        i += 1;
        while i < ranges.len() && ranges[i].2 == line {
            end = ranges[i].1;
            i += 1;
        }
        out.push(LineRange {
            start,
            end,
            line: (line != -1).then_some(line),
        });
    }
    out
}

/// `dis.findlinestarts(code)`: the offset where each line starts.
pub fn findlinestarts(code: &CodeObject) -> Vec<(usize, Option<i32>)> {
    let mut out = Vec::new();
    let mut last: Option<Option<i32>> = None;
    for r in co_lines(code) {
        if last != Some(r.line) {
            last = Some(r.line);
            out.push((r.start, r.line));
        }
    }
    out
}

/// `dis._parse_exception_table(code)`.
pub fn parse_exception_table(code: &CodeObject) -> Vec<ExceptionEntry> {
    let mut it = code.exceptiontable.iter().copied();
    let mut next = move || -> Option<usize> {
        let mut b = it.next()?;
        let mut val = usize::from(b & 63);
        while b & 64 != 0 {
            b = it.next()?;
            val = (val << 6) | usize::from(b & 63);
        }
        Some(val)
    };
    let mut entries = Vec::new();
    while let Some(start) = next() {
        let Some(length) = next() else { break };
        let Some(target) = next() else { break };
        let Some(dl) = next() else { break };
        entries.push(ExceptionEntry {
            start: start * 2,
            end: start * 2 + length * 2,
            target: target * 2,
            depth: (dl >> 1) as u32,
            lasti: dl & 1 != 0,
        });
    }
    entries
}

/// One decoded instruction of `_unpack_opargs`.
struct Unpacked {
    offset: usize,
    op: u8,
    arg: Option<i64>,
}

fn opcode(op: u8) -> Option<Opcode> {
    Opcode::from_number(u16::from(op))
}

fn deop(op: u8) -> Option<Opcode> {
    opcode(op).map(deopt)
}

fn opname(op: u8) -> String {
    match opcode(op) {
        Some(o) => o.name().to_string(),
        None => format!("<{op}>"),
    }
}

/// `dis._unpack_opargs`: instructions with their `EXTENDED_ARG`-extended argument, inline
/// caches skipped.
fn unpack_opargs(code: &[u8]) -> Vec<Unpacked> {
    let mut out = Vec::new();
    let mut extended: i64 = 0;
    let mut caches = 0usize;
    for (i, unit) in code.chunks_exact(2).enumerate() {
        if caches > 0 {
            caches -= 1;
            continue;
        }
        let (op, raw) = (unit[0], unit[1]);
        let d = deop(op);
        caches = d.map_or(0, |d| usize::from(cache_entries(d)));
        let arg = if d.is_some_and(has_arg) {
            let arg = i64::from(raw) | extended;
            extended = if d == Some(Opcode::EXTENDED_ARG) {
                arg << 8
            } else {
                0
            };
            // The oparg is a C int: it wraps around.
            if extended >= 1 << 31 {
                extended -= 1 << 32;
            }
            Some(arg)
        } else {
            extended = 0;
            None
        };
        out.push(Unpacked {
            offset: i * 2,
            op,
            arg,
        });
    }
    out
}

fn is_backward_jump(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::JUMP_BACKWARD | Opcode::JUMP_BACKWARD_NO_INTERRUPT | Opcode::END_ASYNC_FOR
    )
}

/// `dis._get_jump_target`.
fn jump_target(op: u8, arg: i64, offset: usize) -> Option<usize> {
    let d = deop(op)?;
    if !has_jump(d) {
        return None;
    }
    let caches = i64::from(cache_entries(d));
    let arg = if is_backward_jump(d) { -arg } else { arg };
    let target = offset as i64 + 2 + arg * 2 + 2 * caches;
    usize::try_from(target).ok()
}

/// `dis._make_labels_map`: every jump target and exception-table offset, numbered from 1.
fn labels_map(code: &[u8], entries: &[ExceptionEntry]) -> BTreeMap<usize, usize> {
    let mut offsets: Vec<usize> = unpack_opargs(code)
        .iter()
        .filter_map(|u| u.arg.and_then(|a| jump_target(u.op, a, u.offset)))
        .collect();
    for e in entries {
        offsets.extend([e.start, e.end, e.target]);
    }
    offsets.sort_unstable();
    offsets.dedup();
    offsets
        .into_iter()
        .enumerate()
        .map(|(i, o)| (o, i + 1))
        .collect()
}

/// `dis._get_lineno_width`.
fn lineno_width(linestarts: &BTreeMap<usize, Option<i32>>) -> usize {
    // filter(None, ...) drops both None and 0.
    let Some(max) = linestarts
        .values()
        .filter_map(|l| l.filter(|&l| l != 0))
        .max()
    else {
        return 0;
    };
    let mut width = 3.max(max.to_string().len());
    if width < NO_LINENO.len() && linestarts.values().any(Option::is_none) {
        width = NO_LINENO.len();
    }
    width
}

struct Resolver<'a> {
    code: &'a CodeObject,
    labels: &'a BTreeMap<usize, usize>,
}

impl Resolver<'_> {
    fn varname(&self, i: i64) -> String {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.code.localsplusnames.get(i))
            .cloned()
            .unwrap_or_default()
    }

    fn name(&self, i: i64) -> String {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.code.names.get(i))
            .cloned()
            .unwrap_or_default()
    }

    /// `ArgResolver.get_argval_argrepr`, the repr half.
    fn argrepr(&self, op: u8, arg: i64, offset: usize) -> String {
        let Some(d) = deop(op) else {
            return String::new();
        };
        let pick = |table: &[&str], i: i64| -> String {
            usize::try_from(i)
                .ok()
                .and_then(|i| table.get(i))
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        if has_const(d) {
            return usize::try_from(arg)
                .ok()
                .and_then(|i| self.code.consts.get(i))
                .map(ConstValue::repr)
                .unwrap_or_default();
        }
        if has_name(d) {
            let (index, suffix) = match d {
                Opcode::LOAD_GLOBAL => (arg >> 1, " + NULL"),
                Opcode::LOAD_ATTR => (arg >> 1, " + NULL|self"),
                Opcode::LOAD_SUPER_ATTR => (arg >> 2, " + NULL|self"),
                _ => (arg, ""),
            };
            let mut repr = self.name(index);
            if arg & 1 != 0 && !suffix.is_empty() && !repr.is_empty() {
                repr.push_str(suffix);
            }
            return repr;
        }
        if has_jump(d) || has_exc(d) {
            let target = jump_target(op, arg, offset);
            let label = target
                .and_then(|t| self.labels.get(&t))
                .copied()
                .unwrap_or(0);
            let preposition = if d == Opcode::END_ASYNC_FOR {
                "from"
            } else {
                "to"
            };
            return format!("{preposition} L{label}");
        }
        match d {
            Opcode::LOAD_FAST_LOAD_FAST
            | Opcode::LOAD_FAST_BORROW_LOAD_FAST_BORROW
            | Opcode::STORE_FAST_LOAD_FAST
            | Opcode::STORE_FAST_STORE_FAST => {
                return format!("{}, {}", self.varname(arg >> 4), self.varname(arg & 15));
            }
            _ => {}
        }
        if has_local(d) || has_free(d) {
            return self.varname(arg);
        }
        match d {
            Opcode::COMPARE_OP => {
                let op = pick(&CMP_OP, arg >> 5);
                if arg & 16 != 0 {
                    format!("bool({op})")
                } else {
                    op
                }
            }
            Opcode::CONVERT_VALUE => pick(&["", "str", "repr", "ascii"], arg),
            Opcode::SET_FUNCTION_ATTRIBUTE => FUNCTION_ATTR_FLAGS
                .iter()
                .enumerate()
                .filter(|(i, _)| arg & (1 << i) != 0)
                .map(|(_, s)| *s)
                .collect::<Vec<_>>()
                .join(", "),
            Opcode::BINARY_OP => pick(&NB_OPS, arg),
            Opcode::CALL_INTRINSIC_1 => pick(&INTRINSIC_1, arg),
            Opcode::CALL_INTRINSIC_2 => pick(&INTRINSIC_2, arg),
            Opcode::LOAD_COMMON_CONSTANT => pick(&COMMON_CONSTANTS, arg),
            Opcode::LOAD_SPECIAL => pick(&SPECIAL_METHODS, arg),
            Opcode::IS_OP => (if arg != 0 { "is not" } else { "is" }).to_string(),
            Opcode::CONTAINS_OP => (if arg != 0 { "not in" } else { "in" }).to_string(),
            _ => String::new(),
        }
    }
}

/// The named cells of an instruction's inline cache, in order: `(name, size in code units)`
/// (`opcode._cache_format[opname]`); empty for an instruction without cells.
pub type CacheFormat<'a> = &'a dyn Fn(Opcode) -> Vec<(&'static str, usize)>;

/// The keyword arguments of `dis.dis` that choose what is shown.
#[derive(Clone, Copy, Default)]
pub struct DisOptions<'a> {
    /// `show_caches`: a `CACHE` line for every inline cache unit.
    pub show_caches: bool,
    /// `adaptive`: the quickened bytecode (`_co_code_adaptive`) instead of `co_code`.
    pub adaptive: bool,
    /// `show_offsets`: the offset column.
    pub show_offsets: bool,
    /// `show_positions`: `LINE:COL-ENDLINE:ENDCOL` instead of the line column.
    pub show_positions: bool,
    /// Names of the cache cells, for `show_caches` (`None`: one unnamed cell per unit).
    pub cache_format: Option<CacheFormat<'a>>,
}

/// One `co_positions()` entry: `(line, end_line, column, end_column)`, `None` where absent.
pub type Position = [Option<i32>; 4];

/// `code.co_positions()`: the source span of every code unit that the location table
/// covers.
pub fn co_positions(code: &CodeObject) -> Vec<Position> {
    let table = &code.linetable;
    let mut out = Vec::new();
    let mut line = code.firstlineno;
    let mut i = 0usize;
    let byte = |i: usize| i32::from(table.get(i).copied().unwrap_or(0));
    // The position of each varint after the record's first byte.
    let skip_varint = |mut i: usize| {
        while table.get(i).is_some_and(|b| b & 64 != 0) {
            i += 1;
        }
        i + 1
    };
    while i < table.len() {
        let first = table[i];
        let kind = (first >> 3) & 15;
        let length = usize::from(first & 7) + 1;
        let mut j = i + 1;
        let pos: [i32; 4] = match kind {
            15 => [-1; 4],
            14 => {
                line = line.wrapping_add(signed_varint(table, j));
                j = skip_varint(j);
                let end_line = line.wrapping_add(varint(table, j) as i32);
                j = skip_varint(j);
                let col = varint(table, j) as i32 - 1;
                j = skip_varint(j);
                let end_col = varint(table, j) as i32 - 1;
                [line, end_line, col, end_col]
            }
            13 => {
                line = line.wrapping_add(signed_varint(table, j));
                [line, line, -1, -1]
            }
            10..=12 => {
                line = line.wrapping_add(i32::from(kind) - 10);
                [line, line, byte(j), byte(j + 1)]
            }
            _ => {
                let second = byte(j);
                let col = (i32::from(kind) << 3) | (second >> 4);
                [line, line, col, col + (second & 15)]
            }
        };
        let pos = pos.map(|v| (v != -1).then_some(v));
        out.extend(std::iter::repeat_n(pos, length));
        i += 1;
        while i < table.len() && table[i] & 128 == 0 {
            i += 1;
        }
    }
    out
}

/// `dis._get_positions_width`: room for the longest `LINE:COL-ENDLINE:ENDCOL` and a space,
/// at least `  --` and a space; 0 when no position has any value.
fn positions_width(positions: &[Position]) -> usize {
    let mut has_value = false;
    let mut values_width = 0;
    for p in positions {
        has_value |= p.iter().any(Option::is_some);
        let width: usize = p.iter().map(|v| v.map_or(1, |v| v.to_string().len())).sum();
        values_width = values_width.max(width);
    }
    if has_value {
        1 + NO_LINENO.len().max(3 + values_width)
    } else {
        0
    }
}

/// `make_backoff_counter(value, backoff)` (Include/internal/pycore_backoff.h).
const fn backoff_counter(value: u16, backoff: u16) -> u16 {
    (value << 4) | backoff
}

/// `adaptive_counter_warmup()`: `ADAPTIVE_WARMUP_VALUE`, `ADAPTIVE_WARMUP_BACKOFF`.
const ADAPTIVE_WARMUP: u16 = backoff_counter(1, 1);
/// `initial_jump_backoff_counter()`: `JUMP_BACKWARD_INITIAL_VALUE`,
/// `JUMP_BACKWARD_INITIAL_BACKOFF`.
const JUMP_BACKWARD_INITIAL: u16 = backoff_counter(4095, 12);
/// What `_PyCode_Quicken` writes in a conditional jump's cache (alternating bits).
const POP_JUMP_INITIAL: u16 = 0x5555;

/// `_PyCode_Quicken` on a copy of `co_code`: the first cache unit of every instruction
/// with a cache gets its initial counter, as `co._co_code_adaptive` shows it before the
/// code ever runs.
pub fn quickened(code: &[u8]) -> Vec<u8> {
    let mut out = code.to_vec();
    let units = code.len() / 2;
    let mut i = 0usize;
    // The last code unit cannot have a cache.
    while i + 1 < units {
        let op = opcode(code[i * 2]);
        let caches = op.map_or(0, |o| usize::from(cache_entries(o)));
        if let Some(op) = op.filter(|_| caches > 0) {
            let counter = match op {
                Opcode::JUMP_BACKWARD => JUMP_BACKWARD_INITIAL,
                Opcode::POP_JUMP_IF_FALSE
                | Opcode::POP_JUMP_IF_TRUE
                | Opcode::POP_JUMP_IF_NONE
                | Opcode::POP_JUMP_IF_NOT_NONE => POP_JUMP_INITIAL,
                _ => ADAPTIVE_WARMUP,
            };
            let at = (i + 1) * 2;
            out[at..at + 2].copy_from_slice(&counter.to_le_bytes());
            i += caches;
        }
        i += 1;
    }
    out
}

/// The column widths of one code object's listing (`dis.Formatter`).
struct Formatter {
    lineno_width: usize,
    offset_width: usize,
    label_width: usize,
    show_positions: bool,
}

/// One line of the listing (`dis.Instruction` as `Formatter.print_instruction_line` uses
/// it).
struct Line<'a> {
    offset: usize,
    starts_line: bool,
    line: Option<i32>,
    position: Position,
    label: Option<usize>,
    opname: &'a str,
    arg: Option<i64>,
    argrepr: &'a str,
}

impl Formatter {
    /// `Formatter.print_instruction_line`.
    fn print(&self, line: &Line<'_>, out: &mut String) {
        let lineno_width = self.lineno_width;
        if lineno_width > 0 && line.starts_line && line.offset > 0 {
            out.push('\n');
        }
        let mut fields: Vec<String> = Vec::new();
        if lineno_width > 0 {
            if self.show_positions {
                let p = line.position;
                let text = if p.iter().all(Option::is_none) {
                    NO_LINENO.to_string()
                } else {
                    let s = |v: Option<i32>| v.map_or_else(|| "?".to_string(), |v| v.to_string());
                    format!("{}:{}-{}:{}", s(p[0]), s(p[2]), s(p[1]), s(p[3]))
                };
                fields.push(format!("{text:<lineno_width$}"));
            } else if line.starts_line {
                fields.push(match line.line {
                    Some(l) => format!("{l:>lineno_width$}"),
                    None => format!("{NO_LINENO:>lineno_width$}"),
                });
            } else {
                fields.push(" ".repeat(lineno_width));
            }
        }
        let label_width = self.label_width;
        match line.label {
            Some(l) => fields.push(format!("{:>label_width$}", format!("L{l}:"))),
            None => fields.push(" ".repeat(label_width)),
        }
        if self.offset_width > 0 {
            fields.push(format!("{:>w$}  ", line.offset, w = self.offset_width));
        }
        fields.push("   ".into());
        fields.push(format!("{:<OPNAME_WIDTH$}", line.opname));
        if let Some(arg) = line.arg {
            let excess = line.opname.len().saturating_sub(OPNAME_WIDTH);
            let width = OPARG_WIDTH.saturating_sub(excess);
            fields.push(format!("{arg:>width$}"));
            if !line.argrepr.is_empty() {
                fields.push(format!("({})", line.argrepr));
            }
        }
        let text = fields.join(" ");
        out.push_str(text.trim_end());
        out.push('\n');
    }
}

/// `dis.disassemble(code)` (also `dis.dis(code, depth=0)`): the text for one code object.
pub fn disassemble(code: &CodeObject) -> String {
    let mut out = String::new();
    disassemble_into(code, &DisOptions::default(), &mut out);
    out
}

fn disassemble_into(code: &CodeObject, options: &DisOptions<'_>, out: &mut String) {
    let linestarts: BTreeMap<usize, Option<i32>> = findlinestarts(code).into_iter().collect();
    let entries = parse_exception_table(code);
    let positions = if options.show_positions {
        co_positions(code)
    } else {
        Vec::new()
    };
    let labels = labels_map(&code.code, &entries);
    let formatter = Formatter {
        lineno_width: if options.show_positions {
            positions_width(&positions)
        } else {
            lineno_width(&linestarts)
        },
        offset_width: if options.show_offsets {
            code.code
                .len()
                .saturating_sub(2)
                .max(9999)
                .to_string()
                .len()
        } else {
            0
        },
        label_width: 4 + labels.len().to_string().len(),
        show_positions: options.show_positions,
    };
    let resolver = Resolver {
        code,
        labels: &labels,
    };
    let adaptive;
    let shown: &[u8] = if options.adaptive {
        adaptive = quickened(&code.code);
        &adaptive
    } else {
        &code.code
    };
    let position_at = |offset: usize| positions.get(offset / 2).copied().unwrap_or([None; 4]);
    let mut line: Option<i32> = None;
    for u in unpack_opargs(&code.code) {
        let starts_line = linestarts.get(&u.offset);
        if let Some(l) = starts_line {
            line = *l;
        }
        let op = shown.get(u.offset).copied().unwrap_or(u.op);
        let name = opname(op);
        let argrepr = u
            .arg
            .map(|arg| resolver.argrepr(op, arg, u.offset))
            .unwrap_or_default();
        let position = position_at(u.offset);
        formatter.print(
            &Line {
                offset: u.offset,
                starts_line: starts_line.is_some(),
                line,
                position,
                label: labels.get(&u.offset).copied(),
                opname: &name,
                arg: u.arg,
                argrepr: &argrepr,
            },
            out,
        );
        if options.show_caches {
            print_caches(&formatter, options, u.op, u.offset, shown, position, out);
        }
    }
    if !entries.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in &entries {
            let label = |o: usize| labels.get(&o).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "  L{} to L{} -> L{} [{}]{}",
                label(e.start),
                label(e.end),
                label(e.target),
                e.depth,
                if e.lasti { " lasti" } else { "" }
            );
        }
    }
}

/// The `CACHE` lines of `Formatter.print_instruction`: one per cache unit, the first unit
/// of each cell showing `name: value` (the cell's units read as a little-endian integer).
fn print_caches(
    formatter: &Formatter,
    options: &DisOptions<'_>,
    op: u8,
    offset: usize,
    code: &[u8],
    position: Position,
    out: &mut String,
) {
    let Some(d) = deop(op) else { return };
    let total = usize::from(cache_entries(d));
    if total == 0 {
        return;
    }
    let cells = match options.cache_format {
        Some(format) => format(d),
        None => vec![("", total)],
    };
    let mut at = offset;
    for (name, size) in cells {
        let value = code
            .get(at + 2..(at + 2 + 2 * size).min(code.len()))
            .unwrap_or_default()
            .iter()
            .rev()
            .fold(0u128, |v, b| (v << 8) | u128::from(*b));
        for i in 0..size {
            at += 2;
            let argrepr = if i == 0 && !name.is_empty() {
                format!("{name}: {value}")
            } else {
                String::new()
            };
            formatter.print(
                &Line {
                    offset: at,
                    starts_line: false,
                    line: None,
                    position,
                    label: None,
                    opname: "CACHE",
                    arg: Some(0),
                    argrepr: &argrepr,
                },
                out,
            );
        }
    }
}

/// `dis.dis(code)`: the code object, then every nested code object (depth-first, in
/// `co_consts` order), each after an empty line and `Disassembly of <code object ...>:`.
pub fn dis(code: &CodeObject) -> String {
    dis_with(code, &DisOptions::default())
}

/// `dis.dis(code, show_caches=..., adaptive=..., show_offsets=..., show_positions=...)`.
pub fn dis_with(code: &CodeObject, options: &DisOptions<'_>) -> String {
    let mut out = String::new();
    dis_recursive(code, options, &mut out);
    out
}

fn dis_recursive(code: &CodeObject, options: &DisOptions<'_>, out: &mut String) {
    disassemble_into(code, options, out);
    for c in &code.consts {
        if let ConstValue::Code(inner) = c {
            out.push('\n');
            let _ = writeln!(out, "Disassembly of {}:", c.repr());
            stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
                dis_recursive(inner, options, out)
            });
        }
    }
}
