// oxpy instruction definitions: the single source of truth for CPython 3.14's
// bytecode (the counterpart of CPython's Python/bytecodes.c).
//
// `cargo xtask regen-cases` reads this file (and optimizer_bytecodes.dsl) and
// writes crates/{compile,specialize,optimizer}/src/generated/. Grammar: see
// xtask/cases/src/parser.rs. Names, stack effects, cache cells, families,
// pseudo-instructions and annotations match CPython 3.14; bodies are Rust and
// arrive with the VM, so for now every body is empty and nothing executes it.
//
// Flags that CPython infers from a body's tokens (uses oparg, co_consts,
// co_names, fast locals, cells, jumps) are declared with the `uses(...)`
// annotation until the body exists: uses(oparg, consts, names, locals, free,
// jump). An array size mentioning `oparg`, or a body mentioning `oparg`,
// implies uses(oparg); a body mentioning `JUMPBY` implies uses(jump).
//
// A family's inline-cache layout is declared once, as the named cache cells of
// its head instruction (`counter/1` in its specializing op, then the cells the
// macro names); members must have the same cache size and consume the same
// stack inputs. Instruction order matters: it decides instrumented opcode
// numbers, as in CPython.

        pure inst(NOP, (--)) { }

        family(RESUME, 0) = {
            RESUME_CHECK,
        };

        macro(NOT_TAKEN) = NOP;

        op(_CHECK_PERIODIC, (--)) { }

        uses(oparg) op(_CHECK_PERIODIC_IF_NOT_YIELD_FROM, (--)) { }

        op(_QUICKEN_RESUME, (--)) { }

        tier1 op(_MAYBE_INSTRUMENT, (--)) { }

        op(_LOAD_BYTECODE, (--)) { }

        macro(RESUME) =
            _LOAD_BYTECODE +
            _MAYBE_INSTRUMENT +
            _QUICKEN_RESUME +
            _CHECK_PERIODIC_IF_NOT_YIELD_FROM;

        inst(RESUME_CHECK, (--)) { }

        uses(oparg) op(_MONITOR_RESUME, (--)) { }

        macro(INSTRUMENTED_RESUME) =
            _LOAD_BYTECODE +
            _MAYBE_INSTRUMENT +
            _CHECK_PERIODIC_IF_NOT_YIELD_FROM +
            _MONITOR_RESUME;

        pseudo(LOAD_CLOSURE, (-- unused)) = {
            LOAD_FAST,
        };

        uses(oparg, locals) inst(LOAD_FAST_CHECK, (-- value)) { }

        uses(oparg, locals) replicate(8) pure inst(LOAD_FAST, (-- value)) { }

        uses(oparg, locals) replicate(8) pure inst(LOAD_FAST_BORROW, (-- value)) { }

        uses(oparg, locals) inst(LOAD_FAST_AND_CLEAR, (-- value)) { }

        uses(oparg, locals) inst(LOAD_FAST_LOAD_FAST, ( -- value1, value2)) { }

        uses(oparg, locals) inst(LOAD_FAST_BORROW_LOAD_FAST_BORROW, ( -- value1, value2)) { }

        family(LOAD_CONST, 0) = {
            LOAD_CONST_MORTAL,
            LOAD_CONST_IMMORTAL,
        };

        uses(oparg, consts) inst(LOAD_CONST, (-- value)) { }

        uses(oparg, consts) inst(LOAD_CONST_MORTAL, (-- value)) { }

        uses(oparg, consts) inst(LOAD_CONST_IMMORTAL, (-- value)) { }

        uses(oparg) replicate(4) inst(LOAD_SMALL_INT, (-- value)) { }

        uses(oparg, locals) replicate(8) inst(STORE_FAST, (value --)) { }

        pseudo(STORE_FAST_MAYBE_NULL, (unused --)) = {
            STORE_FAST,
        };

        uses(oparg, locals) inst(STORE_FAST_LOAD_FAST, (value1 -- value2)) { }

        uses(oparg, locals) inst(STORE_FAST_STORE_FAST, (value2, value1 --)) { }

        pure inst(POP_TOP, (value --)) { }

        tier2 op(_POP_TWO, (nos, tos --)) { }

        pure inst(PUSH_NULL, (-- res)) { }

        no_save_ip inst(END_FOR, (value -- )) { }

        inst(POP_ITER, (value -- )) { }

        no_save_ip tier1 inst(INSTRUMENTED_END_FOR, (receiver, value -- receiver)) { }

        tier1 inst(INSTRUMENTED_POP_ITER, (iter -- )) { }

        pure inst(END_SEND, (receiver, value -- val)) { }

        tier1 inst(INSTRUMENTED_END_SEND, (receiver, value -- val)) { }

        inst(UNARY_NEGATIVE, (value -- res)) { }

        pure inst(UNARY_NOT, (value -- res)) { }

        family(TO_BOOL, INLINE_CACHE_ENTRIES_TO_BOOL) = {
            TO_BOOL_ALWAYS_TRUE,
            TO_BOOL_BOOL,
            TO_BOOL_INT,
            TO_BOOL_LIST,
            TO_BOOL_NONE,
            TO_BOOL_STR,
        };

        specializing op(_SPECIALIZE_TO_BOOL, (counter/1, value -- value)) { }

        op(_TO_BOOL, (value -- res)) { }

        macro(TO_BOOL) = _SPECIALIZE_TO_BOOL + version/2 + _TO_BOOL;

        inst(TO_BOOL_BOOL, (unused/1, unused/2, value -- value)) { }

        inst(TO_BOOL_INT, (unused/1, unused/2, value -- res)) { }

        op(_GUARD_NOS_LIST, (nos, unused -- nos, unused)) { }

        op(_GUARD_TOS_LIST, (tos -- tos)) { }

        op(_GUARD_TOS_SLICE, (tos -- tos)) { }

        macro(TO_BOOL_LIST) = _GUARD_TOS_LIST + unused/1 + unused/2 + _TO_BOOL_LIST;

        op(_TO_BOOL_LIST, (value -- res)) { }

        inst(TO_BOOL_NONE, (unused/1, unused/2, value -- res)) { }

        op(_GUARD_NOS_UNICODE, (nos, unused -- nos, unused)) { }

        op(_GUARD_TOS_UNICODE, (value -- value)) { }

        op(_TO_BOOL_STR, (value -- res)) { }

        macro(TO_BOOL_STR) =
            _GUARD_TOS_UNICODE + unused/1 + unused/2 + _TO_BOOL_STR;

        op(_REPLACE_WITH_TRUE, (value -- res)) { }

        macro(TO_BOOL_ALWAYS_TRUE) =
            unused/1 +
            _GUARD_TYPE_VERSION +
            _REPLACE_WITH_TRUE;

        inst(UNARY_INVERT, (value -- res)) { }

        family(BINARY_OP, INLINE_CACHE_ENTRIES_BINARY_OP) = {
            BINARY_OP_MULTIPLY_INT,
            BINARY_OP_ADD_INT,
            BINARY_OP_SUBTRACT_INT,
            BINARY_OP_MULTIPLY_FLOAT,
            BINARY_OP_ADD_FLOAT,
            BINARY_OP_SUBTRACT_FLOAT,
            BINARY_OP_ADD_UNICODE,
            BINARY_OP_SUBSCR_LIST_INT,
            BINARY_OP_SUBSCR_LIST_SLICE,
            BINARY_OP_SUBSCR_TUPLE_INT,
            BINARY_OP_SUBSCR_STR_INT,
            BINARY_OP_SUBSCR_DICT,
            BINARY_OP_SUBSCR_GETITEM,
            BINARY_OP_EXTEND,
            BINARY_OP_INPLACE_ADD_UNICODE,
        };

        op(_GUARD_NOS_INT, (left, unused -- left, unused)) { }

        op(_GUARD_TOS_INT, (value -- value)) { }

        pure op(_BINARY_OP_MULTIPLY_INT, (left, right -- res)) { }

        pure op(_BINARY_OP_ADD_INT, (left, right -- res)) { }

        pure op(_BINARY_OP_SUBTRACT_INT, (left, right -- res)) { }

        macro(BINARY_OP_MULTIPLY_INT) =
            _GUARD_TOS_INT + _GUARD_NOS_INT + unused/5 + _BINARY_OP_MULTIPLY_INT;

        macro(BINARY_OP_ADD_INT) =
            _GUARD_TOS_INT + _GUARD_NOS_INT + unused/5 + _BINARY_OP_ADD_INT;

        macro(BINARY_OP_SUBTRACT_INT) =
            _GUARD_TOS_INT + _GUARD_NOS_INT + unused/5 + _BINARY_OP_SUBTRACT_INT;

        op(_GUARD_NOS_FLOAT, (left, unused -- left, unused)) { }

        op(_GUARD_TOS_FLOAT, (value -- value)) { }

        pure op(_BINARY_OP_MULTIPLY_FLOAT, (left, right -- res)) { }

        pure op(_BINARY_OP_ADD_FLOAT, (left, right -- res)) { }

        pure op(_BINARY_OP_SUBTRACT_FLOAT, (left, right -- res)) { }

        macro(BINARY_OP_MULTIPLY_FLOAT) =
            _GUARD_TOS_FLOAT + _GUARD_NOS_FLOAT + unused/5 + _BINARY_OP_MULTIPLY_FLOAT;
        macro(BINARY_OP_ADD_FLOAT) =
            _GUARD_TOS_FLOAT + _GUARD_NOS_FLOAT + unused/5 + _BINARY_OP_ADD_FLOAT;
        macro(BINARY_OP_SUBTRACT_FLOAT) =
            _GUARD_TOS_FLOAT + _GUARD_NOS_FLOAT + unused/5 + _BINARY_OP_SUBTRACT_FLOAT;

        pure op(_BINARY_OP_ADD_UNICODE, (left, right -- res)) { }

        macro(BINARY_OP_ADD_UNICODE) =
            _GUARD_TOS_UNICODE + _GUARD_NOS_UNICODE + unused/5 + _BINARY_OP_ADD_UNICODE;

        // A superinstruction for BINARY_OP_ADD_UNICODE plus the STORE_FAST
        // after it: it stores into the local that holds the left operand.
        uses(locals) op(_BINARY_OP_INPLACE_ADD_UNICODE, (left, right --)) { }

        op(_GUARD_BINARY_OP_EXTEND, (descr/4, left, right -- left, right)) { }

        pure op(_BINARY_OP_EXTEND, (descr/4, left, right -- res)) { }

        macro(BINARY_OP_EXTEND) =
            unused/1 + _GUARD_BINARY_OP_EXTEND + rewind/-4 + _BINARY_OP_EXTEND;

        macro(BINARY_OP_INPLACE_ADD_UNICODE) =
            _GUARD_TOS_UNICODE + _GUARD_NOS_UNICODE + unused/5 + _BINARY_OP_INPLACE_ADD_UNICODE;

        specializing op(_SPECIALIZE_BINARY_SLICE, (container, start, stop -- container, start, stop)) { }

        op(_BINARY_SLICE, (container, start, stop -- res)) { }

        macro(BINARY_SLICE) = _SPECIALIZE_BINARY_SLICE + _BINARY_SLICE;

        specializing op(_SPECIALIZE_STORE_SLICE, (v, container, start, stop -- v, container, start, stop)) { }

        op(_STORE_SLICE, (v, container, start, stop -- )) { }

        macro(STORE_SLICE) = _SPECIALIZE_STORE_SLICE + _STORE_SLICE;

        macro(BINARY_OP_SUBSCR_LIST_INT) =
            _GUARD_TOS_INT + _GUARD_NOS_LIST + unused/5 + _BINARY_OP_SUBSCR_LIST_INT;

        op(_BINARY_OP_SUBSCR_LIST_INT, (list_st, sub_st -- res)) { }

        macro(BINARY_OP_SUBSCR_LIST_SLICE) =
            _GUARD_TOS_SLICE + _GUARD_NOS_LIST + unused/5 + _BINARY_OP_SUBSCR_LIST_SLICE;

        op(_BINARY_OP_SUBSCR_LIST_SLICE, (list_st, sub_st -- res)) { }

        macro(BINARY_OP_SUBSCR_STR_INT) =
            _GUARD_TOS_INT + _GUARD_NOS_UNICODE + unused/5 + _BINARY_OP_SUBSCR_STR_INT;

        op(_BINARY_OP_SUBSCR_STR_INT, (str_st, sub_st -- res)) { }

        op(_GUARD_NOS_TUPLE, (nos, unused -- nos, unused)) { }

        op(_GUARD_TOS_TUPLE, (tos -- tos)) { }

        macro(BINARY_OP_SUBSCR_TUPLE_INT) =
            _GUARD_TOS_INT + _GUARD_NOS_TUPLE + unused/5 + _BINARY_OP_SUBSCR_TUPLE_INT;

        op(_BINARY_OP_SUBSCR_TUPLE_INT, (tuple_st, sub_st -- res)) { }

        op(_GUARD_NOS_DICT, (nos, unused -- nos, unused)) { }

        op(_GUARD_TOS_DICT, (tos -- tos)) { }

        macro(BINARY_OP_SUBSCR_DICT) =
            _GUARD_NOS_DICT + unused/5 + _BINARY_OP_SUBSCR_DICT;

        op(_BINARY_OP_SUBSCR_DICT, (dict_st, sub_st -- res)) { }

        op(_BINARY_OP_SUBSCR_CHECK_FUNC, (container, unused -- container, unused, getitem)) { }

        op(_BINARY_OP_SUBSCR_INIT_CALL, (container, sub, getitem -- new_frame)) { }

        macro(BINARY_OP_SUBSCR_GETITEM) =
            unused/5 +
            _CHECK_PEP_523 +
            _BINARY_OP_SUBSCR_CHECK_FUNC +
            _BINARY_OP_SUBSCR_INIT_CALL +
            _PUSH_FRAME;

        inst(LIST_APPEND, (list, unused[oparg-1], v -- list, unused[oparg-1])) { }

        inst(SET_ADD, (set, unused[oparg-1], v -- set, unused[oparg-1])) { }

        family(STORE_SUBSCR, INLINE_CACHE_ENTRIES_STORE_SUBSCR) = {
            STORE_SUBSCR_DICT,
            STORE_SUBSCR_LIST_INT,
        };

        specializing op(_SPECIALIZE_STORE_SUBSCR, (counter/1, container, sub -- container, sub)) { }

        op(_STORE_SUBSCR, (v, container, sub -- )) { }

        macro(STORE_SUBSCR) = _SPECIALIZE_STORE_SUBSCR + _STORE_SUBSCR;

        macro(STORE_SUBSCR_LIST_INT) =
            _GUARD_TOS_INT + _GUARD_NOS_LIST + unused/1 + _STORE_SUBSCR_LIST_INT;

        op(_STORE_SUBSCR_LIST_INT, (value, list_st, sub_st -- )) { }

        macro(STORE_SUBSCR_DICT) =
            _GUARD_NOS_DICT + unused/1 + _STORE_SUBSCR_DICT;

        op(_STORE_SUBSCR_DICT, (value, dict_st, sub -- )) { }

        inst(DELETE_SUBSCR, (container, sub --)) { }

        uses(oparg) inst(CALL_INTRINSIC_1, (value -- res)) { }

        uses(oparg) inst(CALL_INTRINSIC_2, (value2_st, value1_st -- res)) { }

        tier1 inst(RAISE_VARARGS, (args[oparg] -- )) { }

        tier1 inst(INTERPRETER_EXIT, (retval --)) { }

        // retval is popped from this frame; res is pushed onto the caller's.
        inst(RETURN_VALUE, (retval -- res)) { }

        tier1 op(_RETURN_VALUE_EVENT, (val -- val)) { }

        macro(INSTRUMENTED_RETURN_VALUE) =
            _RETURN_VALUE_EVENT +
            RETURN_VALUE;

        inst(GET_AITER, (obj -- iter)) { }

        inst(GET_ANEXT, (aiter -- aiter, awaitable)) { }

        uses(oparg) inst(GET_AWAITABLE, (iterable -- iter)) { }

        family(SEND, INLINE_CACHE_ENTRIES_SEND) = {
            SEND_GEN,
        };

        specializing op(_SPECIALIZE_SEND, (counter/1, receiver, unused -- receiver, unused)) { }

        uses(oparg, jump) op(_SEND, (receiver, v -- receiver, retval)) { }

        macro(SEND) = _SPECIALIZE_SEND + _SEND;

        uses(oparg) op(_SEND_GEN_FRAME, (receiver, v -- receiver, gen_frame)) { }

        macro(SEND_GEN) =
            unused/1 +
            _CHECK_PEP_523 +
            _SEND_GEN_FRAME +
            _PUSH_FRAME;

        uses(oparg) inst(YIELD_VALUE, (retval -- value)) { }

        tier1 op(_YIELD_VALUE_EVENT, (val -- val)) { }

        macro(INSTRUMENTED_YIELD_VALUE) =
            _YIELD_VALUE_EVENT +
            YIELD_VALUE;

        inst(POP_EXCEPT, (exc_value -- )) { }

        tier1 inst(RERAISE, (values[oparg], exc_st -- values[oparg])) { }

        uses(oparg, jump) tier1 op(_END_ASYNC_FOR, (awaitable_st, exc_st -- )) { }

        uses(oparg) tier1 op(_MONITOR_END_ASYNC_FOR, ( -- )) { }

        macro(INSTRUMENTED_END_ASYNC_FOR) =
            _MONITOR_END_ASYNC_FOR +
            _END_ASYNC_FOR;

        macro(END_ASYNC_FOR) = _END_ASYNC_FOR;

        tier1 inst(CLEANUP_THROW, (sub_iter, last_sent_val, exc_value_st -- none, value)) { }

        uses(oparg) inst(LOAD_COMMON_CONSTANT, ( -- value)) { }

        inst(LOAD_BUILD_CLASS, ( -- bc)) { }

        uses(oparg, names) inst(STORE_NAME, (v -- )) { }

        uses(oparg, names) inst(DELETE_NAME, (--)) { }

        family(UNPACK_SEQUENCE, INLINE_CACHE_ENTRIES_UNPACK_SEQUENCE) = {
            UNPACK_SEQUENCE_TWO_TUPLE,
            UNPACK_SEQUENCE_TUPLE,
            UNPACK_SEQUENCE_LIST,
        };

        uses(oparg) specializing op(_SPECIALIZE_UNPACK_SEQUENCE, (counter/1, seq -- seq)) { }

        op(_UNPACK_SEQUENCE, (seq -- unused[oparg], top[0])) { }

        macro(UNPACK_SEQUENCE) = _SPECIALIZE_UNPACK_SEQUENCE + _UNPACK_SEQUENCE;

        macro(UNPACK_SEQUENCE_TWO_TUPLE) =
            _GUARD_TOS_TUPLE + unused/1 + _UNPACK_SEQUENCE_TWO_TUPLE;

        uses(oparg) op(_UNPACK_SEQUENCE_TWO_TUPLE, (seq -- val1, val0)) { }

        macro(UNPACK_SEQUENCE_TUPLE) =
            _GUARD_TOS_TUPLE + unused/1 + _UNPACK_SEQUENCE_TUPLE;

        op(_UNPACK_SEQUENCE_TUPLE, (seq -- values[oparg])) { }

        macro(UNPACK_SEQUENCE_LIST) =
            _GUARD_TOS_LIST + unused/1 + _UNPACK_SEQUENCE_LIST;

        op(_UNPACK_SEQUENCE_LIST, (seq -- values[oparg])) { }

        inst(UNPACK_EX, (seq -- unused[oparg & 0xFF], unused, unused[oparg >> 8], top[0])) { }

        family(STORE_ATTR, INLINE_CACHE_ENTRIES_STORE_ATTR) = {
            STORE_ATTR_INSTANCE_VALUE,
            STORE_ATTR_SLOT,
            STORE_ATTR_WITH_HINT,
        };

        uses(oparg, names) specializing op(_SPECIALIZE_STORE_ATTR, (counter/1, owner -- owner)) { }

        uses(oparg, names) op(_STORE_ATTR, (v, owner --)) { }

        macro(STORE_ATTR) = _SPECIALIZE_STORE_ATTR + version/2 + index/1 + _STORE_ATTR;

        uses(oparg, names) inst(DELETE_ATTR, (owner --)) { }

        uses(oparg, names) inst(STORE_GLOBAL, (v --)) { }

        uses(oparg, names) inst(DELETE_GLOBAL, (--)) { }

        inst(LOAD_LOCALS, ( -- locals)) { }

        uses(oparg, names) inst(LOAD_FROM_DICT_OR_GLOBALS, (mod_or_class_dict -- v)) { }

        uses(oparg, names) inst(LOAD_NAME, (-- v)) { }

        family(LOAD_GLOBAL, INLINE_CACHE_ENTRIES_LOAD_GLOBAL) = {
            LOAD_GLOBAL_MODULE,
            LOAD_GLOBAL_BUILTIN,
        };

        uses(oparg, names) specializing op(_SPECIALIZE_LOAD_GLOBAL, (counter/1 -- )) { }

        // res[1]: the body receives a one-slot array to write the result into.
        uses(oparg, names) op(_LOAD_GLOBAL, ( -- res[1])) { }

        op(_PUSH_NULL_CONDITIONAL, ( -- null[oparg & 1])) { }

        // The cell names follow CPython's Lib/opcode.py cache format.
        macro(LOAD_GLOBAL) =
            _SPECIALIZE_LOAD_GLOBAL +
            index/1 +
            module_keys_version/1 +
            builtin_keys_version/1 +
            _LOAD_GLOBAL +
            _PUSH_NULL_CONDITIONAL;

        op(_GUARD_GLOBALS_VERSION, (version/1 --)) { }

        op(_LOAD_GLOBAL_MODULE, (version/1, unused/1, index/1 -- res)) { }

        op(_LOAD_GLOBAL_BUILTINS, (version/1, index/1 -- res)) { }

        macro(LOAD_GLOBAL_MODULE) =
            unused/1 +
            NOP +
            _LOAD_GLOBAL_MODULE +
            _PUSH_NULL_CONDITIONAL;

        macro(LOAD_GLOBAL_BUILTIN) =
            unused/1 +
            _GUARD_GLOBALS_VERSION +
            _LOAD_GLOBAL_BUILTINS +
            _PUSH_NULL_CONDITIONAL;

        uses(oparg, locals) inst(DELETE_FAST, (--)) { }

        uses(oparg, locals, free) inst(MAKE_CELL, (--)) { }

        uses(oparg, locals, free) inst(DELETE_DEREF, (--)) { }

        uses(oparg, locals, free) inst(LOAD_FROM_DICT_OR_DEREF, (class_dict_st -- value)) { }

        uses(oparg, locals) inst(LOAD_DEREF, ( -- value)) { }

        uses(oparg, locals, free) inst(STORE_DEREF, (v --)) { }

        uses(oparg) inst(COPY_FREE_VARS, (--)) { }

        inst(BUILD_STRING, (pieces[oparg] -- str)) { }

        inst(BUILD_INTERPOLATION, (value, str, format[oparg & 1] -- interpolation)) { }

        inst(BUILD_TEMPLATE, (strings, interpolations -- template)) { }

        inst(BUILD_TUPLE, (values[oparg] -- tup)) { }

        inst(BUILD_LIST, (values[oparg] -- list)) { }

        inst(LIST_EXTEND, (list_st, unused[oparg-1], iterable_st -- list_st, unused[oparg-1])) { }

        inst(SET_UPDATE, (set, unused[oparg-1], iterable -- set, unused[oparg-1])) { }

        inst(BUILD_SET, (values[oparg] -- set)) { }

        inst(BUILD_MAP, (values[oparg*2] -- map)) { }

        inst(SETUP_ANNOTATIONS, (--)) { }

        pseudo(ANNOTATIONS_PLACEHOLDER, (--)) = {
            NOP,
        };

        inst(DICT_UPDATE, (dict, unused[oparg - 1], update -- dict, unused[oparg - 1])) { }

        inst(DICT_MERGE, (callable, unused, unused, dict, unused[oparg - 1], update -- callable, unused, unused, dict, unused[oparg - 1])) { }

        inst(MAP_ADD, (dict_st, unused[oparg - 1], key, value -- dict_st, unused[oparg - 1])) { }

        macro(INSTRUMENTED_LOAD_SUPER_ATTR) =
            counter/1 +
            _LOAD_SUPER_ATTR +
            _PUSH_NULL_CONDITIONAL;

        family(LOAD_SUPER_ATTR, INLINE_CACHE_ENTRIES_LOAD_SUPER_ATTR) = {
            LOAD_SUPER_ATTR_ATTR,
            LOAD_SUPER_ATTR_METHOD,
        };

        uses(oparg) specializing op(_SPECIALIZE_LOAD_SUPER_ATTR, (counter/1, global_super_st, class_st, unused -- global_super_st, class_st, unused)) { }

        uses(oparg, names) tier1 op(_LOAD_SUPER_ATTR, (global_super_st, class_st, self_st -- attr)) { }

        macro(LOAD_SUPER_ATTR) =
            _SPECIALIZE_LOAD_SUPER_ATTR +
            _LOAD_SUPER_ATTR +
            _PUSH_NULL_CONDITIONAL;

        uses(oparg, names) inst(LOAD_SUPER_ATTR_ATTR, (unused/1, global_super_st, class_st, self_st -- attr_st)) { }

        uses(oparg, names) inst(LOAD_SUPER_ATTR_METHOD, (unused/1, global_super_st, class_st, self_st -- attr, self_or_null)) { }

        family(LOAD_ATTR, INLINE_CACHE_ENTRIES_LOAD_ATTR) = {
            LOAD_ATTR_INSTANCE_VALUE,
            LOAD_ATTR_MODULE,
            LOAD_ATTR_WITH_HINT,
            LOAD_ATTR_SLOT,
            LOAD_ATTR_CLASS,
            LOAD_ATTR_CLASS_WITH_METACLASS_CHECK,
            LOAD_ATTR_PROPERTY,
            LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN,
            LOAD_ATTR_METHOD_WITH_VALUES,
            LOAD_ATTR_METHOD_NO_DICT,
            LOAD_ATTR_METHOD_LAZY_DICT,
            LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES,
            LOAD_ATTR_NONDESCRIPTOR_NO_DICT,
        };

        uses(oparg, names) specializing op(_SPECIALIZE_LOAD_ATTR, (counter/1, owner -- owner)) { }

        uses(oparg, names) op(_LOAD_ATTR, (owner -- attr, self_or_null[oparg&1])) { }

        macro(LOAD_ATTR) =
            _SPECIALIZE_LOAD_ATTR +
            version/2 +
            keys_version/2 +
            descr/4 +
            _LOAD_ATTR;

        op(_GUARD_TYPE_VERSION, (type_version/2, owner -- owner)) { }

        op(_GUARD_TYPE_VERSION_AND_LOCK, (type_version/2, owner -- owner)) { }

        op(_CHECK_MANAGED_OBJECT_HAS_VALUES, (owner -- owner)) { }

        op(_LOAD_ATTR_INSTANCE_VALUE, (offset/1, owner -- attr)) { }

        macro(LOAD_ATTR_INSTANCE_VALUE) =
            unused/1 +
            _GUARD_TYPE_VERSION +
            _CHECK_MANAGED_OBJECT_HAS_VALUES +
            _LOAD_ATTR_INSTANCE_VALUE +
            unused/5 +
            _PUSH_NULL_CONDITIONAL;

        op(_LOAD_ATTR_MODULE, (dict_version/2, index/1, owner -- attr)) { }

        macro(LOAD_ATTR_MODULE) =
            unused/1 +
            _LOAD_ATTR_MODULE +
            unused/5 +
            _PUSH_NULL_CONDITIONAL;

        uses(oparg, names) op(_LOAD_ATTR_WITH_HINT, (hint/1, owner -- attr)) { }

        macro(LOAD_ATTR_WITH_HINT) =
            unused/1 +
            _GUARD_TYPE_VERSION +
            _LOAD_ATTR_WITH_HINT +
            unused/5 +
            _PUSH_NULL_CONDITIONAL;

        op(_LOAD_ATTR_SLOT, (index/1, owner -- attr)) { }

        macro(LOAD_ATTR_SLOT) =
            unused/1 +
            _GUARD_TYPE_VERSION +
            _LOAD_ATTR_SLOT +
            unused/5 +
            _PUSH_NULL_CONDITIONAL;

        op(_CHECK_ATTR_CLASS, (type_version/2, owner -- owner)) { }

        op(_LOAD_ATTR_CLASS, (descr/4, owner -- attr)) { }

        macro(LOAD_ATTR_CLASS) =
            unused/1 +
            _CHECK_ATTR_CLASS +
            unused/2 +
            _LOAD_ATTR_CLASS +
            _PUSH_NULL_CONDITIONAL;

        macro(LOAD_ATTR_CLASS_WITH_METACLASS_CHECK) =
            unused/1 +
            _CHECK_ATTR_CLASS +
            _GUARD_TYPE_VERSION +
            _LOAD_ATTR_CLASS +
            _PUSH_NULL_CONDITIONAL;

        uses(oparg) op(_LOAD_ATTR_PROPERTY_FRAME, (fget/4, owner -- new_frame)) { }

        macro(LOAD_ATTR_PROPERTY) =
            unused/1 +
            _CHECK_PEP_523 +
            _GUARD_TYPE_VERSION +
            unused/2 +
            _LOAD_ATTR_PROPERTY_FRAME +
            _SAVE_RETURN_OFFSET +
            _PUSH_FRAME;

        uses(oparg, names) inst(LOAD_ATTR_GETATTRIBUTE_OVERRIDDEN, (unused/1, type_version/2, func_version/2, getattribute/4, owner -- unused)) { }

        op(_GUARD_DORV_NO_DICT, (owner -- owner)) { }

        op(_STORE_ATTR_INSTANCE_VALUE, (offset/1, value, owner --)) { }

        macro(STORE_ATTR_INSTANCE_VALUE) =
            unused/1 +
            _GUARD_TYPE_VERSION_AND_LOCK +
            _GUARD_DORV_NO_DICT +
            _STORE_ATTR_INSTANCE_VALUE;

        uses(oparg, names) op(_STORE_ATTR_WITH_HINT, (hint/1, value, owner --)) { }

        macro(STORE_ATTR_WITH_HINT) =
            unused/1 +
            _GUARD_TYPE_VERSION +
            _STORE_ATTR_WITH_HINT;

        op(_STORE_ATTR_SLOT, (index/1, value, owner --)) { }

        macro(STORE_ATTR_SLOT) =
            unused/1 +
            _GUARD_TYPE_VERSION +
            _STORE_ATTR_SLOT;

        family(COMPARE_OP, INLINE_CACHE_ENTRIES_COMPARE_OP) = {
            COMPARE_OP_FLOAT,
            COMPARE_OP_INT,
            COMPARE_OP_STR,
        };

        uses(oparg) specializing op(_SPECIALIZE_COMPARE_OP, (counter/1, left, right -- left, right)) { }

        uses(oparg) op(_COMPARE_OP, (left, right -- res)) { }

        macro(COMPARE_OP) = _SPECIALIZE_COMPARE_OP + _COMPARE_OP;

        macro(COMPARE_OP_FLOAT) =
            _GUARD_TOS_FLOAT + _GUARD_NOS_FLOAT + unused/1 + _COMPARE_OP_FLOAT;

        macro(COMPARE_OP_INT) =
            _GUARD_TOS_INT + _GUARD_NOS_INT + unused/1 + _COMPARE_OP_INT;

        macro(COMPARE_OP_STR) =
            _GUARD_TOS_UNICODE + _GUARD_NOS_UNICODE + unused/1 + _COMPARE_OP_STR;

        uses(oparg) op(_COMPARE_OP_FLOAT, (left, right -- res)) { }

        uses(oparg) op(_COMPARE_OP_INT, (left, right -- res)) { }

        uses(oparg) op(_COMPARE_OP_STR, (left, right -- res)) { }

        uses(oparg) inst(IS_OP, (left, right -- b)) { }

        family(CONTAINS_OP, INLINE_CACHE_ENTRIES_CONTAINS_OP) = {
            CONTAINS_OP_SET,
            CONTAINS_OP_DICT,
        };

        uses(oparg) op(_CONTAINS_OP, (left, right -- b)) { }

        specializing op(_SPECIALIZE_CONTAINS_OP, (counter/1, left, right -- left, right)) { }

        macro(CONTAINS_OP) = _SPECIALIZE_CONTAINS_OP + _CONTAINS_OP;

        op(_GUARD_TOS_ANY_SET, (tos -- tos)) { }

        macro(CONTAINS_OP_SET) = _GUARD_TOS_ANY_SET + unused/1 + _CONTAINS_OP_SET;

        uses(oparg) op(_CONTAINS_OP_SET, (left, right -- b)) { }

        macro(CONTAINS_OP_DICT) = _GUARD_TOS_DICT + unused/1 + _CONTAINS_OP_DICT;

        uses(oparg) op(_CONTAINS_OP_DICT, (left, right -- b)) { }

        inst(CHECK_EG_MATCH, (exc_value_st, match_type_st -- rest, match)) { }

        inst(CHECK_EXC_MATCH, (left, right -- left, b)) { }

        uses(oparg, names) inst(IMPORT_NAME, (level, fromlist -- res)) { }

        uses(oparg, names) inst(IMPORT_FROM, (from -- from, res)) { }

        uses(oparg, jump) tier1 inst(JUMP_FORWARD, (--)) { }

        family(JUMP_BACKWARD, 1) = {
            JUMP_BACKWARD_NO_JIT,
            JUMP_BACKWARD_JIT,
        };

        tier1 op(_SPECIALIZE_JUMP_BACKWARD, (--)) { }

        uses(oparg) tier1 op(_JIT, (--)) { }

        macro(JUMP_BACKWARD) =
            counter/1 +
            _SPECIALIZE_JUMP_BACKWARD +
            _CHECK_PERIODIC +
            JUMP_BACKWARD_NO_INTERRUPT;

        macro(JUMP_BACKWARD_NO_JIT) =
            unused/1 +
            _CHECK_PERIODIC +
            JUMP_BACKWARD_NO_INTERRUPT;

        macro(JUMP_BACKWARD_JIT) =
            unused/1 +
            _CHECK_PERIODIC +
            JUMP_BACKWARD_NO_INTERRUPT +
            _JIT;

        pseudo(JUMP, (--)) = {
            JUMP_FORWARD,
            JUMP_BACKWARD,
        };

        pseudo(JUMP_NO_INTERRUPT, (--)) = {
            JUMP_FORWARD,
            JUMP_BACKWARD_NO_INTERRUPT,
        };

        pseudo(JUMP_IF_FALSE, (cond -- cond)) = [
            COPY, TO_BOOL, POP_JUMP_IF_FALSE,
        ];

        pseudo(JUMP_IF_TRUE, (cond -- cond)) = [
            COPY, TO_BOOL, POP_JUMP_IF_TRUE,
        ];

        uses(oparg) tier1 inst(ENTER_EXECUTOR, (--)) { }

        uses(oparg, jump) replaced op(_POP_JUMP_IF_FALSE, (cond -- )) { }

        uses(oparg, jump) replaced op(_POP_JUMP_IF_TRUE, (cond -- )) { }

        op(_IS_NONE, (value -- b)) { }

        macro(POP_JUMP_IF_TRUE) = counter/1 + _POP_JUMP_IF_TRUE;

        macro(POP_JUMP_IF_FALSE) = counter/1 + _POP_JUMP_IF_FALSE;

        macro(POP_JUMP_IF_NONE) = counter/1 + _IS_NONE + _POP_JUMP_IF_TRUE;

        macro(POP_JUMP_IF_NOT_NONE) = counter/1 + _IS_NONE + _POP_JUMP_IF_FALSE;

        uses(oparg, jump) tier1 inst(JUMP_BACKWARD_NO_INTERRUPT, (--)) { }

        inst(GET_LEN, (obj -- obj, len)) { }

        uses(oparg) inst(MATCH_CLASS, (subject, type, names -- attrs)) { }

        inst(MATCH_MAPPING, (subject -- subject, res)) { }

        inst(MATCH_SEQUENCE, (subject -- subject, res)) { }

        inst(MATCH_KEYS, (subject, keys -- subject, keys, values_or_none)) { }

        inst(GET_ITER, (iterable -- iter)) { }

        inst(GET_YIELD_FROM_ITER, (iterable -- iter)) { }

        // Most members of this family jump past the END_FOR that ends the
        // loop when the iterator is exhausted, popping the iterator.
        family(FOR_ITER, INLINE_CACHE_ENTRIES_FOR_ITER) = {
            FOR_ITER_LIST,
            FOR_ITER_TUPLE,
            FOR_ITER_RANGE,
            FOR_ITER_GEN,
        };

        uses(oparg) specializing op(_SPECIALIZE_FOR_ITER, (counter/1, iter -- iter)) { }

        uses(oparg, jump) replaced op(_FOR_ITER, (iter -- iter, next)) { }

        op(_FOR_ITER_TIER_TWO, (iter -- iter, next)) { }

        macro(FOR_ITER) = _SPECIALIZE_FOR_ITER + _FOR_ITER;

        uses(oparg, jump) inst(INSTRUMENTED_FOR_ITER, (unused/1, iter -- iter, next)) { }

        op(_ITER_CHECK_LIST, (iter -- iter)) { }

        uses(oparg, jump) replaced op(_ITER_JUMP_LIST, (iter -- iter)) { }

        op(_GUARD_NOT_EXHAUSTED_LIST, (iter -- iter)) { }

        uses(oparg, jump) replaced op(_ITER_NEXT_LIST, (iter -- iter, next)) { }

        op(_ITER_NEXT_LIST_TIER_TWO, (iter -- iter, next)) { }

        macro(FOR_ITER_LIST) =
            unused/1 +
            _ITER_CHECK_LIST +
            _ITER_JUMP_LIST +
            _ITER_NEXT_LIST;

        op(_ITER_CHECK_TUPLE, (iter -- iter)) { }

        uses(oparg, jump) replaced op(_ITER_JUMP_TUPLE, (iter -- iter)) { }

        op(_GUARD_NOT_EXHAUSTED_TUPLE, (iter -- iter)) { }

        op(_ITER_NEXT_TUPLE, (iter -- iter, next)) { }

        macro(FOR_ITER_TUPLE) =
            unused/1 +
            _ITER_CHECK_TUPLE +
            _ITER_JUMP_TUPLE +
            _ITER_NEXT_TUPLE;

        op(_ITER_CHECK_RANGE, (iter -- iter)) { }

        uses(oparg, jump) replaced op(_ITER_JUMP_RANGE, (iter -- iter)) { }

        op(_GUARD_NOT_EXHAUSTED_RANGE, (iter -- iter)) { }

        op(_ITER_NEXT_RANGE, (iter -- iter, next)) { }

        macro(FOR_ITER_RANGE) =
            unused/1 +
            _ITER_CHECK_RANGE +
            _ITER_JUMP_RANGE +
            _ITER_NEXT_RANGE;

        uses(oparg) op(_FOR_ITER_GEN_FRAME, (iter -- iter, gen_frame)) { }

        macro(FOR_ITER_GEN) =
            unused/1 +
            _CHECK_PEP_523 +
            _FOR_ITER_GEN_FRAME +
            _PUSH_FRAME;

        uses(oparg) inst(LOAD_SPECIAL, (owner -- attr, self_or_null)) { }

        inst(WITH_EXCEPT_START, (exit_func, exit_self, lasti, unused, val -- exit_func, exit_self, lasti, unused, val, res)) { }

        // BLOCK_PUSH marks CPython's IS_BLOCK_PUSH_OPCODE (pycore_opcode_utils.h):
        // has_exc, and a stack effect of 0 when the handler is not taken.
        pseudo(SETUP_FINALLY, (-- unused), (HAS_ARG, BLOCK_PUSH)) = {
            NOP,
        };

        pseudo(SETUP_CLEANUP, (-- unused, unused), (HAS_ARG, BLOCK_PUSH)) = {
            NOP,
        };

        pseudo(SETUP_WITH, (-- unused), (HAS_ARG, BLOCK_PUSH)) = {
            NOP,
        };

        pseudo(POP_BLOCK, (--)) = {
            NOP,
        };

        inst(PUSH_EXC_INFO, (exc -- prev_exc, new_exc)) { }

        op(_GUARD_DORV_VALUES_INST_ATTR_FROM_DICT, (owner -- owner)) { }

        op(_GUARD_KEYS_VERSION, (keys_version/2, owner -- owner)) { }

        uses(oparg) op(_LOAD_ATTR_METHOD_WITH_VALUES, (descr/4, owner -- attr, self)) { }

        macro(LOAD_ATTR_METHOD_WITH_VALUES) =
            unused/1 +
            _GUARD_TYPE_VERSION +
            _GUARD_DORV_VALUES_INST_ATTR_FROM_DICT +
            _GUARD_KEYS_VERSION +
            _LOAD_ATTR_METHOD_WITH_VALUES;

        uses(oparg) op(_LOAD_ATTR_METHOD_NO_DICT, (descr/4, owner -- attr, self)) { }

        macro(LOAD_ATTR_METHOD_NO_DICT) =
            unused/1 +
            _GUARD_TYPE_VERSION +
            unused/2 +
            _LOAD_ATTR_METHOD_NO_DICT;

        uses(oparg) op(_LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES, (descr/4, owner -- attr)) { }

        macro(LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES) =
            unused/1 +
            _GUARD_TYPE_VERSION +
            _GUARD_DORV_VALUES_INST_ATTR_FROM_DICT +
            _GUARD_KEYS_VERSION +
            _LOAD_ATTR_NONDESCRIPTOR_WITH_VALUES;

        uses(oparg) op(_LOAD_ATTR_NONDESCRIPTOR_NO_DICT, (descr/4, owner -- attr)) { }

        macro(LOAD_ATTR_NONDESCRIPTOR_NO_DICT) =
            unused/1 +
            _GUARD_TYPE_VERSION +
            unused/2 +
            _LOAD_ATTR_NONDESCRIPTOR_NO_DICT;

        op(_CHECK_ATTR_METHOD_LAZY_DICT, (dictoffset/1, owner -- owner)) { }

        uses(oparg) op(_LOAD_ATTR_METHOD_LAZY_DICT, (descr/4, owner -- attr, self)) { }

        macro(LOAD_ATTR_METHOD_LAZY_DICT) =
            unused/1 +
            _GUARD_TYPE_VERSION +
            _CHECK_ATTR_METHOD_LAZY_DICT +
            unused/1 +
            _LOAD_ATTR_METHOD_LAZY_DICT;

        // The cache is counter/1 + func_version/2 (see the CALL macro). The
        // intrinsic calls, CALL_KW and CALL_FUNCTION_EX form no part of it.
        family(CALL, INLINE_CACHE_ENTRIES_CALL) = {
            CALL_BOUND_METHOD_EXACT_ARGS,
            CALL_PY_EXACT_ARGS,
            CALL_TYPE_1,
            CALL_STR_1,
            CALL_TUPLE_1,
            CALL_BUILTIN_CLASS,
            CALL_BUILTIN_O,
            CALL_BUILTIN_FAST,
            CALL_BUILTIN_FAST_WITH_KEYWORDS,
            CALL_LEN,
            CALL_ISINSTANCE,
            CALL_LIST_APPEND,
            CALL_METHOD_DESCRIPTOR_O,
            CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS,
            CALL_METHOD_DESCRIPTOR_NOARGS,
            CALL_METHOD_DESCRIPTOR_FAST,
            CALL_ALLOC_AND_ENTER_INIT,
            CALL_PY_GENERAL,
            CALL_BOUND_METHOD_GENERAL,
            CALL_NON_PY_GENERAL,
        };

        specializing op(_SPECIALIZE_CALL, (counter/1, callable, self_or_null, unused[oparg] -- callable, self_or_null, unused[oparg])) { }

        op(_MAYBE_EXPAND_METHOD, (callable, self_or_null, unused[oparg] -- callable, self_or_null, unused[oparg])) { }

        // Calls to Python functions are inlined (a new frame, no Rust recursion).
        op(_DO_CALL, (callable, self_or_null, args[oparg] -- res)) { }

        op(_MONITOR_CALL, (func, maybe_self, args[oparg] -- func, maybe_self, args[oparg])) { }

        macro(CALL) = _SPECIALIZE_CALL + func_version/2 + _MAYBE_EXPAND_METHOD + _DO_CALL + _CHECK_PERIODIC;
        macro(INSTRUMENTED_CALL) = unused/3 + _MAYBE_EXPAND_METHOD + _MONITOR_CALL + _DO_CALL + _CHECK_PERIODIC;

        op(_PY_FRAME_GENERAL, (callable, self_or_null, args[oparg] -- new_frame)) { }

        op(_CHECK_FUNCTION_VERSION, (func_version/2, callable, unused, unused[oparg] -- callable, unused, unused[oparg])) { }

        tier2 op(_CHECK_FUNCTION_VERSION_INLINE, (func_version/2, callable_o/4 --)) { }

        macro(CALL_PY_GENERAL) =
            unused/1 +
            _CHECK_PEP_523 +
            _CHECK_FUNCTION_VERSION +
            _CHECK_RECURSION_REMAINING +
            _PY_FRAME_GENERAL +
            _SAVE_RETURN_OFFSET +
            _PUSH_FRAME;

        op(_CHECK_METHOD_VERSION, (func_version/2, callable, null, unused[oparg] -- callable, null, unused[oparg])) { }

        op(_EXPAND_METHOD, (callable, self_or_null, unused[oparg] -- callable, self_or_null, unused[oparg])) { }

        macro(CALL_BOUND_METHOD_GENERAL) =
            unused/1 +
            _CHECK_PEP_523 +
            _CHECK_METHOD_VERSION +
            _EXPAND_METHOD +
            flush +
            _CHECK_RECURSION_REMAINING +
            _PY_FRAME_GENERAL +
            _SAVE_RETURN_OFFSET +
            _PUSH_FRAME;

        op(_CHECK_IS_NOT_PY_CALLABLE, (callable, unused, unused[oparg] -- callable, unused, unused[oparg])) { }

        op(_CALL_NON_PY_GENERAL, (callable, self_or_null, args[oparg] -- res)) { }

        macro(CALL_NON_PY_GENERAL) =
            unused/1 +
            unused/2 +
            _CHECK_IS_NOT_PY_CALLABLE +
            _CALL_NON_PY_GENERAL +
            _CHECK_PERIODIC;

        op(_CHECK_CALL_BOUND_METHOD_EXACT_ARGS, (callable, null, unused[oparg] -- callable, null, unused[oparg])) { }

        op(_INIT_CALL_BOUND_METHOD_EXACT_ARGS, (callable, self_or_null, unused[oparg] -- callable, self_or_null, unused[oparg])) { }

        op(_CHECK_PEP_523, (--)) { }

        op(_CHECK_FUNCTION_EXACT_ARGS, (callable, self_or_null, unused[oparg] -- callable, self_or_null, unused[oparg])) { }

        op(_CHECK_STACK_SPACE, (callable, unused, unused[oparg] -- callable, unused, unused[oparg])) { }

        op(_CHECK_RECURSION_REMAINING, (--)) { }

        replicate(5) pure op(_INIT_CALL_PY_EXACT_ARGS, (callable, self_or_null, args[oparg] -- new_frame)) { }

        op(_PUSH_FRAME, (new_frame -- )) { }

        macro(CALL_BOUND_METHOD_EXACT_ARGS) =
            unused/1 +
            _CHECK_PEP_523 +
            _CHECK_CALL_BOUND_METHOD_EXACT_ARGS +
            _INIT_CALL_BOUND_METHOD_EXACT_ARGS +
            flush +
            _CHECK_FUNCTION_VERSION +
            _CHECK_FUNCTION_EXACT_ARGS +
            _CHECK_STACK_SPACE +
            _CHECK_RECURSION_REMAINING +
            _INIT_CALL_PY_EXACT_ARGS +
            _SAVE_RETURN_OFFSET +
            _PUSH_FRAME;

        macro(CALL_PY_EXACT_ARGS) =
            unused/1 +
            _CHECK_PEP_523 +
            _CHECK_FUNCTION_VERSION +
            _CHECK_FUNCTION_EXACT_ARGS +
            _CHECK_STACK_SPACE +
            _CHECK_RECURSION_REMAINING +
            _INIT_CALL_PY_EXACT_ARGS +
            _SAVE_RETURN_OFFSET +
            _PUSH_FRAME;

        op(_GUARD_NOS_NULL, (null, unused -- null, unused)) { }

        op(_GUARD_NOS_NOT_NULL, (nos, unused -- nos, unused)) { }

        op(_GUARD_THIRD_NULL, (null, unused, unused -- null, unused, unused)) { }

        op(_GUARD_CALLABLE_TYPE_1, (callable, unused, unused -- callable, unused, unused)) { }

        uses(oparg) op(_CALL_TYPE_1, (callable, null, arg -- res)) { }

        macro(CALL_TYPE_1) =
            unused/1 +
            unused/2 +
            _GUARD_NOS_NULL +
            _GUARD_CALLABLE_TYPE_1 +
            _CALL_TYPE_1;

        op(_GUARD_CALLABLE_STR_1, (callable, unused, unused -- callable, unused, unused)) { }

        uses(oparg) op(_CALL_STR_1, (callable, null, arg -- res)) { }

        macro(CALL_STR_1) =
            unused/1 +
            unused/2 +
            _GUARD_NOS_NULL +
            _GUARD_CALLABLE_STR_1 +
            _CALL_STR_1 +
            _CHECK_PERIODIC;

        op(_GUARD_CALLABLE_TUPLE_1, (callable, unused, unused -- callable, unused, unused)) { }

        uses(oparg) op(_CALL_TUPLE_1, (callable, null, arg -- res)) { }

        macro(CALL_TUPLE_1) =
            unused/1 +
            unused/2 +
            _GUARD_NOS_NULL +
            _GUARD_CALLABLE_TUPLE_1 +
            _CALL_TUPLE_1 +
            _CHECK_PERIODIC;

        op(_CHECK_AND_ALLOCATE_OBJECT, (type_version/2, callable, self_or_null, unused[oparg] -- callable, self_or_null, unused[oparg])) { }

        op(_CREATE_INIT_FRAME, (init, self, args[oparg] -- init_frame)) { }

        macro(CALL_ALLOC_AND_ENTER_INIT) =
            unused/1 +
            _CHECK_PEP_523 +
            _CHECK_AND_ALLOCATE_OBJECT +
            _CREATE_INIT_FRAME +
            _PUSH_FRAME;

        inst(EXIT_INIT_CHECK, (should_be_none -- )) { }

        op(_CALL_BUILTIN_CLASS, (callable, self_or_null, args[oparg] -- res)) { }

        macro(CALL_BUILTIN_CLASS) =
            unused/1 +
            unused/2 +
            _CALL_BUILTIN_CLASS +
            _CHECK_PERIODIC;

        op(_CALL_BUILTIN_O, (callable, self_or_null, args[oparg] -- res)) { }

        macro(CALL_BUILTIN_O) =
            unused/1 +
            unused/2 +
            _CALL_BUILTIN_O +
            _CHECK_PERIODIC;

        op(_CALL_BUILTIN_FAST, (callable, self_or_null, args[oparg] -- res)) { }

        macro(CALL_BUILTIN_FAST) =
            unused/1 +
            unused/2 +
            _CALL_BUILTIN_FAST +
            _CHECK_PERIODIC;

        op(_CALL_BUILTIN_FAST_WITH_KEYWORDS, (callable, self_or_null, args[oparg] -- res)) { }

        macro(CALL_BUILTIN_FAST_WITH_KEYWORDS) =
            unused/1 +
            unused/2 +
            _CALL_BUILTIN_FAST_WITH_KEYWORDS +
            _CHECK_PERIODIC;

        macro(CALL_LEN) =
            unused/1 +
            unused/2 +
            _GUARD_NOS_NULL +
            _GUARD_CALLABLE_LEN +
            _CALL_LEN;

        op(_GUARD_CALLABLE_LEN, (callable, unused, unused -- callable, unused, unused)) { }

        op(_CALL_LEN, (callable, null, arg -- res)) { }

        op(_GUARD_CALLABLE_ISINSTANCE, (callable, unused, unused[oparg] -- callable, unused, unused[oparg])) { }

        op(_CALL_ISINSTANCE, (callable, self_or_null, args[oparg] -- res)) { }

        macro(CALL_ISINSTANCE) =
            unused/1 +
            unused/2 +
            _GUARD_CALLABLE_ISINSTANCE +
            _CALL_ISINSTANCE;

        macro(CALL_LIST_APPEND) =
            unused/1 +
            unused/2 +
            _GUARD_CALLABLE_LIST_APPEND +
            _GUARD_NOS_NOT_NULL +
            _GUARD_NOS_LIST +
            _CALL_LIST_APPEND;

        op(_GUARD_CALLABLE_LIST_APPEND, (callable, unused, unused -- callable, unused, unused)) { }

        // A superinstruction: it also skips the POP_TOP that follows.
        uses(oparg) op(_CALL_LIST_APPEND, (callable, self, arg -- )) { }

        op(_CALL_METHOD_DESCRIPTOR_O, (callable, self_or_null, args[oparg] -- res)) { }

        macro(CALL_METHOD_DESCRIPTOR_O) =
            unused/1 +
            unused/2 +
            _CALL_METHOD_DESCRIPTOR_O +
            _CHECK_PERIODIC;

        op(_CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS, (callable, self_or_null, args[oparg] -- res)) { }

        macro(CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS) =
            unused/1 +
            unused/2 +
            _CALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS +
            _CHECK_PERIODIC;

        op(_CALL_METHOD_DESCRIPTOR_NOARGS, (callable, self_or_null, args[oparg] -- res)) { }

        macro(CALL_METHOD_DESCRIPTOR_NOARGS) =
            unused/1 +
            unused/2 +
            _CALL_METHOD_DESCRIPTOR_NOARGS +
            _CHECK_PERIODIC;

        op(_CALL_METHOD_DESCRIPTOR_FAST, (callable, self_or_null, args[oparg] -- res)) { }

        macro(CALL_METHOD_DESCRIPTOR_FAST) =
            unused/1 +
            unused/2 +
            _CALL_METHOD_DESCRIPTOR_FAST +
            _CHECK_PERIODIC;

        family(CALL_KW, INLINE_CACHE_ENTRIES_CALL_KW) = {
            CALL_KW_BOUND_METHOD,
            CALL_KW_PY,
            CALL_KW_NON_PY,
        };

        op(_MONITOR_CALL_KW, (callable, self_or_null, args[oparg], unused -- callable, self_or_null, args[oparg], unused)) { }

        op(_MAYBE_EXPAND_METHOD_KW, (callable, self_or_null, unused[oparg], unused -- callable, self_or_null, unused[oparg], unused)) { }

        op(_DO_CALL_KW, (callable, self_or_null, args[oparg], kwnames -- res)) { }

        op(_PY_FRAME_KW, (callable, self_or_null, args[oparg], kwnames -- new_frame)) { }

        op(_CHECK_FUNCTION_VERSION_KW, (func_version/2, callable, unused, unused[oparg], unused -- callable, unused, unused[oparg], unused)) { }

        macro(CALL_KW_PY) =
            unused/1 +
            _CHECK_PEP_523 +
            _CHECK_FUNCTION_VERSION_KW +
            _PY_FRAME_KW +
            _SAVE_RETURN_OFFSET +
            _PUSH_FRAME;

        op(_CHECK_METHOD_VERSION_KW, (func_version/2, callable, null, unused[oparg], unused -- callable, null, unused[oparg], unused)) { }

        op(_EXPAND_METHOD_KW, (callable, self_or_null, unused[oparg], unused -- callable, self_or_null, unused[oparg], unused)) { }

        macro(CALL_KW_BOUND_METHOD) =
            unused/1 +
            _CHECK_PEP_523 +
            _CHECK_METHOD_VERSION_KW +
            _EXPAND_METHOD_KW +
            flush +
            _PY_FRAME_KW +
            _SAVE_RETURN_OFFSET +
            _PUSH_FRAME;

        specializing op(_SPECIALIZE_CALL_KW, (counter/1, callable, self_or_null, unused[oparg], unused -- callable, self_or_null, unused[oparg], unused)) { }

        macro(CALL_KW) =
            _SPECIALIZE_CALL_KW +
            func_version/2 +
            _MAYBE_EXPAND_METHOD_KW +
            _DO_CALL_KW;

        macro(INSTRUMENTED_CALL_KW) =
            counter/1 +
            unused/2 +
            _MAYBE_EXPAND_METHOD_KW +
            _MONITOR_CALL_KW +
            _DO_CALL_KW;

        op(_CHECK_IS_NOT_PY_CALLABLE_KW, (callable, unused, unused[oparg], unused -- callable, unused, unused[oparg], unused)) { }

        op(_CALL_KW_NON_PY, (callable, self_or_null, args[oparg], kwnames -- res)) { }

        macro(CALL_KW_NON_PY) =
            unused/1 +
            unused/2 +
            _CHECK_IS_NOT_PY_CALLABLE_KW +
            _CALL_KW_NON_PY +
            _CHECK_PERIODIC;

        op(_MAKE_CALLARGS_A_TUPLE, (func, unused, callargs, kwargs -- func, unused, callargs, kwargs)) { }

        op(_DO_CALL_FUNCTION_EX, (func_st, null, callargs_st, kwargs_st -- result)) { }

        macro(CALL_FUNCTION_EX) =
            _MAKE_CALLARGS_A_TUPLE +
            _DO_CALL_FUNCTION_EX +
            _CHECK_PERIODIC;

        macro(INSTRUMENTED_CALL_FUNCTION_EX) =
            _MAKE_CALLARGS_A_TUPLE +
            _DO_CALL_FUNCTION_EX +
            _CHECK_PERIODIC;

        inst(MAKE_FUNCTION, (codeobj_st -- func)) { }

        uses(oparg) inst(SET_FUNCTION_ATTRIBUTE, (attr_st, func_in -- func_out)) { }

        inst(RETURN_GENERATOR, (-- res)) { }

        inst(BUILD_SLICE, (args[oparg] -- slice)) { }

        uses(oparg) inst(CONVERT_VALUE, (value -- result)) { }

        inst(FORMAT_SIMPLE, (value -- res)) { }

        inst(FORMAT_WITH_SPEC, (value, fmt_spec -- res)) { }

        pure replicate(1:4) inst(COPY, (bottom, unused[oparg-1] -- bottom, unused[oparg-1], top)) { }

        uses(oparg) specializing op(_SPECIALIZE_BINARY_OP, (counter/1, lhs, rhs -- lhs, rhs)) { }

        uses(oparg) op(_BINARY_OP, (lhs, rhs -- res)) { }

        macro(BINARY_OP) = _SPECIALIZE_BINARY_OP + descr/4 + _BINARY_OP;

        pure replicate(2:4) inst(SWAP, (bottom, unused[oparg-2], top --
                    bottom, unused[oparg-2], top)) { }

        inst(INSTRUMENTED_LINE, ( -- )) { }

        inst(INSTRUMENTED_INSTRUCTION, ( -- )) { }

        uses(oparg) inst(INSTRUMENTED_JUMP_FORWARD, ( -- )) { }

        uses(oparg) op(_MONITOR_JUMP_BACKWARD, (-- )) { }

        inst(INSTRUMENTED_NOT_TAKEN, ( -- )) { }

        macro(INSTRUMENTED_JUMP_BACKWARD) =
            unused/1 +
            _CHECK_PERIODIC +
            _MONITOR_JUMP_BACKWARD;

        uses(oparg) inst(INSTRUMENTED_POP_JUMP_IF_TRUE, (unused/1, cond -- )) { }

        uses(oparg) inst(INSTRUMENTED_POP_JUMP_IF_FALSE, (unused/1, cond -- )) { }

        uses(oparg) inst(INSTRUMENTED_POP_JUMP_IF_NONE, (unused/1, value -- )) { }

        uses(oparg) inst(INSTRUMENTED_POP_JUMP_IF_NOT_NONE, (unused/1, value -- )) { }

        uses(oparg) tier1 inst(EXTENDED_ARG, ( -- )) { }

        tier1 inst(CACHE, (--)) { }

        tier1 inst(RESERVED, (--)) { }

        // ---- ops that only the tier-2 executor runs ----

        op(_GUARD_IS_TRUE_POP, (flag -- )) { }

        op(_GUARD_IS_FALSE_POP, (flag -- )) { }

        op(_GUARD_IS_NONE_POP, (val -- )) { }

        op(_GUARD_IS_NOT_NONE_POP, (val -- )) { }

        op(_JUMP_TO_TOP, (--)) { }

        tier2 op(_SET_IP, (instr_ptr/4 --)) { }

        tier2 op(_CHECK_STACK_SPACE_OPERAND, (framesize/2 --)) { }

        uses(oparg) op(_SAVE_RETURN_OFFSET, (--)) { }

        tier2 op(_EXIT_TRACE, (exit_p/4 --)) { }

        tier2 op(_CHECK_VALIDITY, (--)) { }

        tier2 pure op(_LOAD_CONST_INLINE, (ptr/4 -- value)) { }

        tier2 pure op(_POP_TOP_LOAD_CONST_INLINE, (ptr/4, pop -- value)) { }

        tier2 pure op(_LOAD_CONST_INLINE_BORROW, (ptr/4 -- value)) { }

        tier2 op(_POP_CALL, (callable, null --)) { }

        tier2 op(_POP_CALL_ONE, (callable, null, pop --)) { }

        tier2 op(_POP_CALL_TWO, (callable, null, pop1, pop2 --)) { }

        tier2 op(_POP_TOP_LOAD_CONST_INLINE_BORROW, (ptr/4, pop -- value)) { }

        tier2 op(_POP_TWO_LOAD_CONST_INLINE_BORROW, (ptr/4, pop1, pop2 -- value)) { }

        tier2 op(_POP_CALL_LOAD_CONST_INLINE_BORROW, (ptr/4, callable, null -- value)) { }

        tier2 op(_POP_CALL_ONE_LOAD_CONST_INLINE_BORROW, (ptr/4, callable, null, pop -- value)) { }

        tier2 op(_POP_CALL_TWO_LOAD_CONST_INLINE_BORROW, (ptr/4, callable, null, pop1, pop2 -- value)) { }

        tier2 op(_LOAD_CONST_UNDER_INLINE, (ptr/4, old -- value, new)) { }

        tier2 op(_LOAD_CONST_UNDER_INLINE_BORROW, (ptr/4, old -- value, new)) { }

        tier2 op(_CHECK_FUNCTION, (func_version/2 -- )) { }

        tier2 op(_START_EXECUTOR, (executor/4 --)) { }

        tier2 op(_MAKE_WARM, (--)) { }

        tier2 op(_FATAL_ERROR, (--)) { }

        tier2 op(_DEOPT, (--)) { }

        uses(oparg) tier2 op(_ERROR_POP_N, (target/2 --)) { }

        // Leaves tier 2 whenever an eval-breaker event is pending.
        tier2 op(_TIER2_RESUME_CHECK, (--)) { }

        label(pop_2_error) { }

        label(pop_1_error) { }

        label(error) { }

        spilled label(exception_unwind) { }

        spilled label(exit_unwind) { }

        spilled label(start_frame) { }
