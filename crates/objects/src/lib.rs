//! oxpy's object model, the counterpart of CPython's `Objects/` (builtin types and their reprs); no code yet.
