//! Prints oxpy's codegen units of a file (opcode name, oparg, location), for
//! comparing with CPython's `_testinternalcapi.compiler_codegen`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: codegen_dump FILE.py");
        std::process::exit(2);
    };
    let data = std::fs::read(&path).unwrap_or_default();
    let module = match oxpy_parser::parse_module_bytes(&data) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e:?}");
            std::process::exit(1);
        }
    };
    match oxpy_compile::codegen::codegen_units(&module, &path, 0) {
        Ok(out) => {
            for w in &out.warnings {
                println!("warning: {} {} line {}", w.category, w.message, w.lineno);
            }
            for (n, u) in out.units.iter().enumerate() {
                println!("--- unit {n} {}", u.qualname);
                for (i, ins) in u.instrs.iter().enumerate() {
                    let name = u16::try_from(ins[0])
                        .ok()
                        .and_then(oxpy_compile::generated::opcode::Opcode::from_number)
                        .map_or("?", |o| o.name());
                    println!("{i:4} {name:24} {:5} {:?}", ins[1], &ins[2..]);
                }
            }
        }
        Err(e) => println!("error: {e}"),
    }
}
