//! Port of Python/flowgraph.c: the control-flow graph of one code unit and its passes.
//!
//! [`optimize_code_unit`] (`_PyCfg_OptimizeCodeUnit`) and
//! [`optimized_cfg_to_instruction_sequence`] (`_PyCfg_OptimizedCfgToInstructionSequence`)
//! run CPython's passes in CPython's order; the modules hold them by theme:
//! - [`cfg`]: blocks, building from and back to an instruction sequence, labels,
//!   exception handlers, stack depth, jump normalisation, pseudo-op conversion;
//! - [`optimize`]: jump threading, unreachable code, redundant NOPs and jumps, small
//!   block inlining, superinstructions, cold blocks, `optimize_basic_block`;
//! - [`const_fold`]: folding of constant tuples, lists, sets, unary and binary ops
//!   (with [`const_eval`] evaluating the operations as CPython's objects do);
//! - [`lineno`]: exit duplication and line-number propagation (PEP 626);
//! - [`locals`]: `LOAD_FAST_CHECK` insertion, `LOAD_FAST_BORROW`, unused constants;
//! - [`localsplus`]: cell offsets and the prefix instructions (`MAKE_CELL`,
//!   `COPY_FREE_VARS`, `RETURN_GENERATOR`).

pub mod cfg;
pub mod complex_ops;
pub mod const_eval;
pub mod const_fold;
pub mod lineno;
pub mod locals;
pub mod localsplus;
pub mod optimize;

use oxpy_objects::constant::ConstValue;

use crate::instr_sequence::InstrSequence;
use crate::unit::{CodeUnitMetadata, ConstCache};

pub use cfg::{BasicBlock, BlockId, BlockRef, Cfg, CfgInstr};

/// What the flowgraph rejects (CPython raises `SystemError` or `ValueError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowgraphError {
    /// An opcode number that is no opcode.
    UnknownOpcode(u16),
    /// A jump or handler label that names no block.
    BadLabel(i32),
    /// "malformed control flow graph.": a terminator in the middle of a block.
    MalformedCfg,
    /// "Invalid CFG, inconsistent stackdepth"
    InconsistentStackDepth,
    /// "Invalid CFG, stack underflow"
    StackUnderflow,
    /// "Invalid stack effect for opcode=…"
    InvalidStackEffect(u16),
    /// "jump with NULL target"
    JumpWithoutTarget,
    /// An exception-handler stack popped while empty.
    ExceptStackUnderflow,
    /// "too many constants"
    TooManyConstants,
    /// A constant index out of range.
    BadConstIndex(i32),
}

impl FlowgraphError {
    /// CPython's message for the error.
    pub fn message(self) -> &'static str {
        match self {
            FlowgraphError::UnknownOpcode(_) => "unknown opcode",
            FlowgraphError::BadLabel(_) => "jump to an unknown label",
            FlowgraphError::MalformedCfg => "malformed control flow graph.",
            FlowgraphError::InconsistentStackDepth => "Invalid CFG, inconsistent stackdepth",
            FlowgraphError::StackUnderflow => "Invalid CFG, stack underflow",
            FlowgraphError::InvalidStackEffect(_) => "Invalid stack effect",
            FlowgraphError::JumpWithoutTarget => "jump with NULL target",
            FlowgraphError::ExceptStackUnderflow => "exception handler stack underflow",
            FlowgraphError::TooManyConstants => "too many constants",
            FlowgraphError::BadConstIndex(_) => "constant index out of range",
        }
    }
}

/// `_PyCfg_OptimizeCodeUnit`: label resolution, exception targets, the optimizer,
/// unused constants, uninitialized-load checks, superinstructions, cold blocks and
/// line numbers.
pub fn optimize_code_unit(
    g: &mut Cfg,
    consts: &mut Vec<ConstValue>,
    const_cache: &mut ConstCache,
    nlocals: usize,
    nparams: usize,
    firstlineno: i32,
) -> Result<(), FlowgraphError> {
    g.translate_jump_labels_and_mark_handlers()?;
    g.label_exception_targets()?;

    optimize::optimize_cfg(g, consts, const_cache, firstlineno)?;
    locals::remove_unused_consts_and_add_checks(g, consts, nlocals, nparams);
    optimize::insert_superinstructions(g);

    optimize::push_cold_blocks_to_end(g)?;
    lineno::resolve_line_numbers(g);
    Ok(())
}

/// The results of [`optimized_cfg_to_instruction_sequence`].
#[derive(Clone, Debug, Default)]
pub struct FinalSequence {
    /// The instructions, labels applied (jump opargs and handler labels are
    /// instruction indices).
    pub seq: InstrSequence,
    /// `co_stacksize`
    pub stackdepth: i32,
    /// Locals, cells and frees (cells of arguments counted once).
    pub nlocalsplus: usize,
}

/// `_PyCfg_OptimizedCfgToInstructionSequence`: pseudo conditional jumps, stack depth,
/// localsplus prefix, pseudo ops, jump normalisation, `LOAD_FAST_BORROW`, then the
/// flat sequence.
pub fn optimized_cfg_to_instruction_sequence(
    g: &mut Cfg,
    umd: &CodeUnitMetadata,
    code_flags: u32,
) -> Result<FinalSequence, FlowgraphError> {
    let (stackdepth, nlocalsplus) = finish_optimized_cfg(g, umd, code_flags)?;
    let seq = g.to_instruction_sequence();
    Ok(FinalSequence {
        seq,
        stackdepth,
        nlocalsplus,
    })
}

/// [`optimized_cfg_to_instruction_sequence`] without the flattening: the graph as
/// the assembler takes it ([`crate::assemble::assemble_cfg`]). Returns the stack
/// depth and `nlocalsplus`.
pub fn finish_optimized_cfg(
    g: &mut Cfg,
    umd: &CodeUnitMetadata,
    code_flags: u32,
) -> Result<(i32, usize), FlowgraphError> {
    g.convert_pseudo_conditional_jumps();
    let stackdepth = g.calculate_stackdepth()?;
    let nlocalsplus = localsplus::prepare_localsplus(umd, g, code_flags);
    g.convert_pseudo_ops()?;
    g.normalize_jumps();
    locals::optimize_load_fast(g);
    Ok((stackdepth, nlocalsplus))
}

/// `_PyCompile_OptimizeCfg` (what `_testinternalcapi.optimize_cfg` runs): the
/// optimizer on a sequence with `nparams = 0` and `firstlineno = 1`, then stack depth
/// and `LOAD_FAST_BORROW`, flattened back (labels applied).
pub fn optimize_cfg_for_testing(
    seq: &mut InstrSequence,
    consts: &mut Vec<ConstValue>,
    nlocals: usize,
) -> Result<InstrSequence, FlowgraphError> {
    let mut const_cache = ConstCache {
        foreign_prefix: consts.len(),
        ..ConstCache::default()
    };
    let mut g = Cfg::from_instruction_sequence(seq)?;
    optimize_code_unit(&mut g, consts, &mut const_cache, nlocals, 0, 1)?;
    g.calculate_stackdepth()?;
    locals::optimize_load_fast(&mut g);
    Ok(g.to_instruction_sequence())
}
