//! The `oxpy` command line.
fn main() {}
