//! The interface of the tier-1 dispatch generator for `crates/vm` (not emitted yet).
//!
//! CPython's `tier1_generator.py` writes one `case` per instruction:
//! the stack prologue (inputs read from the stack), each part's body with its
//! cache cells bound, the epilogue (outputs written, stack pointer adjusted),
//! the cache skip, and the DEOPT/EXIT/ERROR paths the body names. oxpy will do
//! the same into `crates/vm/src/generated/dispatch.rs` once bodies exist; until
//! then no dispatch code is generated, because nothing could execute it.
//!
//! The VM's generator will implement [`DispatchEmitter`]; the driver walks
//! [`Analysis::instructions`](crate::analyzer::Analysis) in opcode order and
//! calls it, so the emitter never re-derives stack or cache layout itself.

use crate::analyzer::{CacheCell, Instruction, Op, StackSummary};
use crate::parser::StackItem;
use crate::srcgen::Writer;

/// Hooks that turn one instruction into one dispatch arm.
pub trait DispatchEmitter {
    /// Starts the arm for `inst` (e.g. `Opcode::LOAD_ATTR => {` with a
    /// `// inputs/bytecodes.dsl:<line> <NAME>` provenance comment).
    fn begin_instruction(&mut self, out: &mut Writer, inst: &Instruction);
    /// Binds the op's stack inputs (bottom first) and cache cells before its body.
    fn prologue(&mut self, out: &mut Writer, op: &Op, inputs: &[StackItem], cells: &[CacheCell]);
    /// Emits the op's Rust body, rewriting the special forms
    /// (`DEOPT_IF`, `EXIT_IF`, `ERROR_IF`, `DEAD`, `SYNC_SP`, `INSTRUCTION_SIZE`).
    fn body(&mut self, out: &mut Writer, inst: &Instruction, op: &Op);
    /// Writes the op's outputs back and moves the stack pointer.
    fn epilogue(&mut self, out: &mut Writer, op: &Op, outputs: &[StackItem]);
    /// Ends the arm: skips `inst.cache_size` code units and dispatches the next
    /// instruction; `stack` is the whole instruction's effect, for assertions.
    fn end_instruction(&mut self, out: &mut Writer, inst: &Instruction, stack: &StackSummary);
}
