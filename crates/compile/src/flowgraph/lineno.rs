//! Port of Python/flowgraph.c's line-number passes (PEP 626): exit blocks without a
//! line are duplicated so each has one predecessor, then lines propagate forward.

use crate::instr_sequence::SourceLocation;
use crate::opcode_utils::has_eval_break;

use super::cfg::{BasicBlock, Cfg};

/// `is_exit_or_eval_check_without_lineno`
fn is_exit_or_eval_check_without_lineno(b: &BasicBlock) -> bool {
    // The line test first: it usually stops at the first instruction.
    b.has_no_lineno() && (b.exits_scope() || b.instrs().iter().any(|i| has_eval_break(i.opcode)))
}

/// `duplicate_exits_without_lineno`: a jump target that exits (or checks the eval
/// breaker) without a line number and has several predecessors is copied for the
/// jump, taking the jump's location; fall-through ones take their predecessor's.
pub fn duplicate_exits_without_lineno(g: &mut Cfg) {
    // The first free label, found when a copy needs one.
    let mut next_lbl = -1;
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        if let Some(last) = g.b(b).last().copied()
            && last.is_jump()
            && let Some(target) = g.next_nonempty_block(last.target.get())
            && is_exit_or_eval_check_without_lineno(g.b(target))
            && g.b(target).predecessors > 1
        {
            let new_target = g.copy_basicblock(target);
            g.bm(new_target).instrs_mut()[0].loc = last.loc;
            if let Some(l) = g.bm(b).last_mut() {
                l.target = Some(new_target).into();
            }
            g.bm(target).predecessors -= 1;
            g.bm(new_target).predecessors = 1;
            g.bm(new_target).next = g.b(target).next;
            if next_lbl < 0 {
                next_lbl = g.max_label() + 1;
            }
            g.bm(new_target).label = next_lbl;
            next_lbl += 1;
            g.bm(target).next = Some(new_target);
        }
        cur = g.b(b).next;
    }

    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        if let Some(next) = g.b(b).next
            && g.b(b).has_fallthrough()
            && !g.b(b).is_empty()
            && is_exit_or_eval_check_without_lineno(g.b(next))
            && let Some(last) = g.b(b).last().copied()
        {
            g.bm(next).instrs_mut()[0].loc = last.loc;
        }
        cur = g.b(b).next;
    }
}

/// `propagate_line_numbers`: an instruction without a line takes the previous one's
/// location; a successor with one predecessor inherits the block's last location.
pub fn propagate_line_numbers(g: &mut Cfg) {
    let mut cur = Some(g.entry);
    while let Some(b) = cur {
        let Some(last) = g.b(b).last().copied() else {
            cur = g.b(b).next;
            continue;
        };
        let mut prev_location = SourceLocation::NONE;
        for instr in g.bm(b).instrs_mut() {
            if instr.loc.lineno == SourceLocation::NONE.lineno {
                instr.loc = prev_location;
            } else {
                prev_location = instr.loc;
            }
        }
        if g.b(b).has_fallthrough()
            && let Some(next) = g.b(b).next
            && g.b(next).predecessors == 1
            && let Some(first) = g.bm(next).instrs_mut().first_mut()
            && first.loc.lineno == SourceLocation::NONE.lineno
        {
            first.loc = prev_location;
        }
        if last.is_jump()
            && let Some(target) = last.target.get()
            && g.b(target).predecessors == 1
            && let Some(first) = g.bm(target).instrs_mut().first_mut()
            && first.loc.lineno == SourceLocation::NONE.lineno
        {
            first.loc = prev_location;
        }
        cur = g.b(b).next;
    }
}

/// `resolve_line_numbers`
pub fn resolve_line_numbers(g: &mut Cfg) {
    duplicate_exits_without_lineno(g);
    propagate_line_numbers(g);
}
