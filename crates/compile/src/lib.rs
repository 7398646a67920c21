//! oxpy's compiler layer, the counterpart of CPython's `Python/symtable.c`, `codegen.c`,
//! `flowgraph.c`, `assemble.c` and `marshal.c` (AST → code objects).
//!
//! So far only the opcode metadata exists: [`generated`] holds CPython 3.14's opcode
//! numbers, names, flags, cache sizes, stack effects, deopt and pseudo-instruction
//! tables (the counterpart of `Include/opcode_ids.h` and
//! `Include/internal/pycore_opcode_metadata.h`), generated from `inputs/bytecodes.dsl`
//! by `cargo xtask regen-cases`. The compiler stages themselves are not written yet.

pub mod generated;
