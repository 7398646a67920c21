//! oxpy's compiler layer, the counterpart of CPython's `Python/symtable.c`, `codegen.c`, `flowgraph.c`, `assemble.c` and `marshal.c`: AST → code objects; no code yet.
