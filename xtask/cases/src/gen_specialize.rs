//! Writes `crates/specialize/src/generated/`: one typed inline-cache layout per
//! family (named accessors over the code units, as CPython's `_Py*Cache`
//! structs in `Include/internal/pycore_code.h`), the family tables, and a
//! compile-time proof that each layout's size equals the family's cache size.

use crate::analyzer::{Analysis, CacheCell};
use crate::srcgen::{Writer, arm, camel, quote};

/// The inputs named in the headers.
pub const INPUTS: &[&str] = &["inputs/bytecodes.dsl"];

/// `mod.rs` of the specialize crate's `generated` module.
pub fn gen_mod() -> String {
    let mut w = Writer::with_header(INPUTS);
    w.line("//! Inline-cache layouts and family tables generated from `inputs/bytecodes.dsl`.");
    w.blank();
    w.line("#[rustfmt::skip]");
    w.line("pub mod cache;");
    w.line("#[rustfmt::skip]");
    w.line("pub mod families;");
    w.finish()
}

fn accessor_type(size: i64) -> Option<&'static str> {
    match size {
        1 => Some("u16"),
        2 => Some("u32"),
        4 => Some("u64"),
        _ => None,
    }
}

fn gen_cell(w: &mut Writer, c: &CacheCell) {
    let (o, n) = (c.offset, c.size);
    let units = if n == 1 {
        "unit".to_owned()
    } else {
        "units, low unit first".to_owned()
    };
    match accessor_type(n) {
        Some("u16") => {
            w.doc(&format!("`{}`: cache unit {o} ({n} {units}).", c.name));
            w.block(
                &format!("pub const fn {}(&self) -> u16 {{", c.name),
                "}",
                |w| {
                    w.line(&format!("self.units[{o}]"));
                },
            );
            w.doc(&format!("Sets `{}`.", c.name));
            w.block(
                &format!("pub const fn set_{}(&mut self, value: u16) {{", c.name),
                "}",
                |w| {
                    w.line(&format!("self.units[{o}] = value;"));
                },
            );
        }
        Some(t) => {
            w.doc(&format!(
                "`{}`: cache units {o}..{} ({n} {units}).",
                c.name,
                o + n
            ));
            w.block(
                &format!("pub const fn {}(&self) -> {t} {{", c.name),
                "}",
                |w| {
                    let parts: Vec<String> = (0..n)
                        .map(|k| {
                            if k == 0 {
                                format!("(self.units[{}] as {t})", o + k)
                            } else {
                                format!("((self.units[{}] as {t}) << {})", o + k, 16 * k)
                            }
                        })
                        .collect();
                    w.line(&parts.join(" | "));
                },
            );
            w.doc(&format!("Sets `{}`.", c.name));
            w.block(
                &format!("pub const fn set_{}(&mut self, value: {t}) {{", c.name),
                "}",
                |w| {
                    for k in 0..n {
                        if k == 0 {
                            w.line(&format!("self.units[{}] = value as u16;", o + k));
                        } else {
                            w.line(&format!(
                                "self.units[{}] = (value >> {}) as u16;",
                                o + k,
                                16 * k
                            ));
                        }
                    }
                },
            );
        }
        None => {
            w.doc(&format!("`{}`: cache units {o}..{}.", c.name, o + n));
            w.block(
                &format!("pub fn {}(&self) -> [u16; {n}] {{", c.name),
                "}",
                |w| {
                    w.line(&format!("let mut out = [0u16; {n}];"));
                    w.line(&format!(
                        "out.copy_from_slice(&self.units[{o}..{}]);",
                        o + n
                    ));
                    w.line("out");
                },
            );
            w.doc(&format!("Sets `{}`.", c.name));
            w.block(
                &format!("pub fn set_{}(&mut self, value: [u16; {n}]) {{", c.name),
                "}",
                |w| {
                    w.line(&format!(
                        "self.units[{o}..{}].copy_from_slice(&value);",
                        o + n
                    ));
                },
            );
        }
    }
}

/// `cache.rs`: one layout type per family.
pub fn gen_cache(a: &Analysis) -> String {
    let mut w = Writer::with_header(INPUTS);
    w.line("//! Typed inline-cache layouts, one per family of specialisable instructions.");
    w.line("//!");
    w.line("//! A layout is a copy of the cache units that follow the instruction's opcode unit;");
    w.line("//! `read` takes it out of the bytecode and `write` puts it back. Multi-unit cells");
    w.line("//! are stored low unit first.");
    w.blank();
    w.line("use oxpy_compile::generated::Opcode;");
    w.line("use oxpy_compile::generated::metadata::cache_entries;");
    w.blank();
    w.line("use crate::CacheCell;");
    for f in a.families.values() {
        let Some(head) = a.instruction(&f.name) else {
            continue;
        };
        let ty = format!("{}Cache", camel(&f.name));
        let size = head.cache_size;
        let cells = head.named_cells();
        w.blank();
        let mut doc = format!(
            "The inline cache of `{}` and its specialisations ({size} code unit{}).",
            f.name,
            if size == 1 { "" } else { "s" }
        );
        if !cells.is_empty() {
            doc.push_str("\n\nCells:");
            for c in &cells {
                doc.push_str(&format!(
                    "\n- `{}`: offset {}, {} unit(s)",
                    c.name, c.offset, c.size
                ));
            }
        }
        w.doc(&doc);
        w.line("#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]");
        w.block(&format!("pub struct {ty} {{"), "}", |w| {
            w.doc("The cache units, in bytecode order.");
            w.line(&format!("pub units: [u16; {size}],"));
        });
        w.blank();
        w.block(&format!("impl {ty} {{"), "}", |w| {
            w.doc("The family head.");
            w.line(&format!("pub const FAMILY: Opcode = Opcode::{};", f.name));
            w.doc("Size in code units.");
            w.line(&format!("pub const SIZE: usize = {size};"));
            w.doc("The named cells (CPython's `opcode._cache_format` entry).");
            let list: Vec<String> = cells
                .iter()
                .map(|c| {
                    format!(
                        "CacheCell {{ name: {}, offset: {}, size: {} }}",
                        quote(&c.name),
                        c.offset,
                        c.size
                    )
                })
                .collect();
            w.line(&format!(
                "pub const CELLS: &'static [CacheCell] = &[{}];",
                list.join(", ")
            ));
            w.blank();
            w.doc(
                "Copies the layout out of the units after the opcode unit (`None` if too short).",
            );
            w.block("pub fn read(units: &[u16]) -> Option<Self> {", "}", |w| {
                w.line("let units = units.get(..Self::SIZE)?.try_into().ok()?;");
                w.line("Some(Self { units })");
            });
            w.doc("Writes the layout back (`None` if `out` is too short).");
            w.block(
                "pub fn write(&self, out: &mut [u16]) -> Option<()> {",
                "}",
                |w| {
                    w.line("out.get_mut(..Self::SIZE)?.copy_from_slice(&self.units);");
                    w.line("Some(())");
                },
            );
            for c in &cells {
                gen_cell(w, c);
            }
        });
        w.blank();
        w.line(&format!(
            "const _: () = assert!({ty}::SIZE == cache_entries(Opcode::{}) as usize);",
            f.name
        ));
    }
    w.blank();
    w.doc("The named cells of a family head's cache (its layout's `CELLS`), `None` for an\ninstruction that heads no family.");
    w.block(
        "pub fn family_cells(head: Opcode) -> Option<&'static [CacheCell]> {",
        "}",
        |w| {
            w.block("match head {", "}", |w| {
                for f in a.families.values() {
                    if a.instruction(&f.name).is_some() {
                        w.line(&format!(
                            "Opcode::{} => Some({}Cache::CELLS),",
                            f.name,
                            camel(&f.name)
                        ));
                    }
                }
                w.line("_ => None,");
            });
        },
    );
    w.finish()
}

/// `families.rs`: the family tables.
pub fn gen_families(a: &Analysis) -> String {
    let mut w = Writer::with_header(INPUTS);
    w.line("//! Specialisation families: each head with its specialised members (CPython's");
    w.line("//! `_PyOpcode_specializations`), and the reverse map.");
    w.blank();
    w.line("use oxpy_compile::generated::Opcode;");
    w.blank();
    w.doc("Every family: the head and its members, in declaration order; heads sorted by name.");
    w.block(
        "pub const FAMILIES: &[(Opcode, &[Opcode])] = &[",
        "];",
        |w| {
            for f in a.families.values() {
                let ms: Vec<String> = f.members.iter().map(|m| format!("Opcode::{m}")).collect();
                w.line(&format!("(Opcode::{}, &[{}]),", f.name, ms.join(", ")));
            }
        },
    );
    w.blank();
    for f in a.families.values() {
        if let Some(head) = a.instruction(&f.name) {
            w.doc(&format!("Inline cache units of the `{}` family.", f.name));
            w.line(&format!(
                "pub const INLINE_CACHE_ENTRIES_{}: usize = {};",
                f.name, head.cache_size
            ));
        }
    }
    w.blank();
    w.doc("The family head of a specialised instruction; `None` for any other opcode.");
    w.block(
        "pub const fn family_head(op: Opcode) -> Option<Opcode> {",
        "}",
        |w| {
            w.block("match op {", "}", |w| {
                for f in a.families.values() {
                    if f.members.is_empty() {
                        continue;
                    }
                    let ms: Vec<String> =
                        f.members.iter().map(|m| format!("Opcode::{m}")).collect();
                    arm(w, &ms, &format!("Some(Opcode::{})", f.name));
                }
                w.line("_ => None,");
            });
        },
    );
    w.finish()
}
