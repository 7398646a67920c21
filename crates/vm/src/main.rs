//! The `oxpy` command line: everything happens in [`oxpy_vm::cli`].

/// oxpy allocates many small objects (tree nodes, instructions, names), as CPython does
/// with its own small-object allocator: mimalloc serves them faster than the system's.
#[global_allocator]
static ALLOCATOR: oxpy_objects::obmalloc::SmallObjects = oxpy_objects::obmalloc::SmallObjects;

fn main() {
    std::process::exit(oxpy_vm::cli::run_process());
}
