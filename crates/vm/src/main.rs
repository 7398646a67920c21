//! The `oxpy` command line: everything happens in [`oxpy_vm::cli`].

fn main() {
    std::process::exit(oxpy_vm::cli::run_process());
}
