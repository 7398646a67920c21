// Tier-2 abstract-interpretation overrides (the counterpart of CPython's
// Python/optimizer_bytecodes.c). Each `op` here replaces how the optimizer
// interprets the op of the same name from bytecodes.dsl; it must have the same
// stack effect. Bodies are Rust and arrive with the optimizer.

op(_LOAD_FAST, (-- value)) { }

op(_LOAD_CONST_INLINE, (ptr/4 -- value)) { }

op(_LOAD_CONST_INLINE_BORROW, (ptr/4 -- value)) { }

op(_BINARY_OP_ADD_INT, (left, right -- res)) { }

op(_BINARY_OP_SUBTRACT_INT, (left, right -- res)) { }

op(_BINARY_OP_MULTIPLY_INT, (left, right -- res)) { }

op(_GUARD_TOS_INT, (value -- value)) { }

op(_GUARD_NOS_INT, (left, unused -- left, unused)) { }

op(_TO_BOOL, (value -- res)) { }

op(_PUSH_FRAME, (new_frame -- )) { }
