//! oxpy's parser layer, the counterpart of CPython's `Parser/` (PEG parser, `Python/Python-ast.c`): tokens → AST; no code yet.
