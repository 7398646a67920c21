//! Port of Python/flowgraph.c: the control-flow graph of one code unit and its passes.
