//! oxpy's monitoring layer, the counterpart of CPython's `Python/instrumentation.c` and `Python/legacy_tracing.c` (`sys.monitoring`, `sys.settrace`); no code yet.
