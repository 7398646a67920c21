//! Port of Python/instruction_sequence.c: the flat instruction list codegen emits and
//! the flowgraph and assembler consume.
//!
//! Opcodes are numbers (`u16`), real or pseudo (see [`crate::generated::opcode`]); until
//! [`InstrSequence::apply_label_map`] runs, the oparg of a jump and an exception
//! handler's label are label ids, afterwards they are instruction indices.

/// `_Py_SourceLocation`: where an instruction comes from. `-1` means "none".
// `PartialEq` is field by field, as the derived `Hash` is (see the impl below).
#[allow(clippy::derived_hash_with_manual_eq)]
#[derive(Clone, Copy, Debug, Eq, Hash)]
pub struct SourceLocation {
    /// First line (1-based), or -1.
    pub lineno: i32,
    /// Last line, or -1.
    pub end_lineno: i32,
    /// Start column in UTF-8 bytes, or -1.
    pub col_offset: i32,
    /// End column in UTF-8 bytes, or -1.
    pub end_col_offset: i32,
}

// Field by field, as a derive would, but as two 64-bit compares (the passes and the
// assembler compare locations at every instruction).
impl PartialEq for SourceLocation {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.halves() == other.halves()
    }
}

impl SourceLocation {
    /// The four fields packed in two words (equal exactly when the fields are).
    #[inline]
    fn halves(&self) -> (u64, u64) {
        let pack = |a: i32, b: i32| u64::from(a as u32) | (u64::from(b as u32) << 32);
        (
            pack(self.lineno, self.end_lineno),
            pack(self.col_offset, self.end_col_offset),
        )
    }

    /// `NO_LOCATION`: an instruction with no line (all fields -1).
    pub const NONE: SourceLocation = SourceLocation {
        lineno: -1,
        end_lineno: -1,
        col_offset: -1,
        end_col_offset: -1,
    };

    /// `LOCATION(lineno, end_lineno, col_offset, end_col_offset)`.
    pub const fn new(lineno: i32, end_lineno: i32, col_offset: i32, end_col_offset: i32) -> Self {
        SourceLocation {
            lineno,
            end_lineno,
            col_offset,
            end_col_offset,
        }
    }
}

/// `_PyJumpTargetLabel`: a jump target, resolved when the label is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Label(pub i32);

impl Label {
    /// `NO_LABEL`.
    pub const NONE: Label = Label(-1);

    /// Whether this is a real label (`IS_JUMP_TARGET_LABEL`).
    pub fn is_some(self) -> bool {
        self.0 >= 0
    }
}

/// `_PyExceptHandlerInfo`: the handler an instruction is covered by, filled in by the
/// flowgraph's exception-depth pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptHandlerInfo {
    /// Label (later: instruction index) of the handler, or -1.
    pub label: i32,
    /// Stack depth at the handler's entry.
    pub startdepth: i32,
    /// Whether the handler pushes `lasti` too.
    pub preserve_lasti: bool,
}

impl Default for ExceptHandlerInfo {
    fn default() -> Self {
        ExceptHandlerInfo {
            label: -1,
            startdepth: -1,
            preserve_lasti: false,
        }
    }
}

/// `_PyInstruction`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// Opcode number, real (< 256) or pseudo (≥ 256).
    pub opcode: u16,
    /// Argument; a label id for jumps until labels are applied.
    pub oparg: i32,
    /// Source location.
    pub loc: SourceLocation,
    /// Exception handler covering the instruction.
    pub except_handler: ExceptHandlerInfo,
    /// Scratch: jump target index (assembler / CFG conversion).
    pub target: i32,
    /// Scratch: offset in code units (assembler).
    pub offset: i32,
}

/// `_PyInstructionSequence`: instructions, the label map, the sequences of nested
/// functions and the annotations code spliced in later.
#[derive(Clone, Debug, Default)]
pub struct InstrSequence {
    /// The instructions.
    pub instrs: Vec<Instruction>,
    /// Next label id handed out minus one (`s_next_free_label`).
    pub next_free_label: i32,
    /// Label id → index of the instruction it refers to (`None` once applied).
    pub labelmap: Option<Vec<i32>>,
    /// Sequences of nested code units (kept for introspection only).
    pub nested: Vec<InstrSequence>,
    /// Code building `__annotate__`, injected into this sequence later (3.14).
    pub annotations_code: Option<Box<InstrSequence>>,
}

impl InstrSequence {
    /// An empty sequence.
    pub fn new() -> Self {
        InstrSequence {
            labelmap: Some(Vec::new()),
            ..Default::default()
        }
    }

    /// `_PyInstructionSequence_NewLabel`.
    pub fn new_label(&mut self) -> Label {
        self.next_free_label += 1;
        Label(self.next_free_label)
    }

    /// `_PyInstructionSequence_UseLabel`: the label refers to the next instruction.
    pub fn use_label(&mut self, label: Label) {
        let used = self.instrs.len() as i32;
        let map = self.labelmap.get_or_insert_with(Vec::new);
        let idx = label.0 as usize;
        if map.len() <= idx {
            map.resize(idx + 1, -111);
        }
        map[idx] = used;
    }

    /// `_PyInstructionSequence_Addop`.
    pub fn addop(&mut self, opcode: u16, oparg: i32, loc: SourceLocation) {
        self.instrs.push(Instruction {
            opcode,
            oparg,
            loc,
            except_handler: ExceptHandlerInfo::default(),
            target: 0,
            offset: 0,
        });
    }

    /// `_PyInstructionSequence_InsertInstruction`: insert at `pos`, shifting labels.
    pub fn insert_instruction(&mut self, pos: usize, opcode: u16, oparg: i32, loc: SourceLocation) {
        self.instrs.insert(
            pos,
            Instruction {
                opcode,
                oparg,
                loc,
                except_handler: ExceptHandlerInfo::default(),
                target: 0,
                offset: 0,
            },
        );
        if let Some(map) = &mut self.labelmap {
            for target in map.iter_mut() {
                if *target >= pos as i32 {
                    *target += 1;
                }
            }
        }
    }

    /// `_PyInstructionSequence_ApplyLabelMap`: replace label ids by instruction indices
    /// in jump opargs (`is_target(opcode)`) and handler labels.
    pub fn apply_label_map(&mut self, is_target: impl Fn(u16) -> bool) {
        let Some(map) = self.labelmap.take() else {
            return;
        };
        let lookup = |id: i32| map.get(id as usize).copied().unwrap_or(-111);
        for instr in &mut self.instrs {
            if is_target(instr.opcode) {
                instr.oparg = lookup(instr.oparg);
            }
            if instr.except_handler.label >= 0 {
                instr.except_handler.label = lookup(instr.except_handler.label);
            }
        }
    }

    /// [`InstrSequence::apply_label_map`] with the jump test asked by instruction index
    /// (for callers that decoded the opcodes already).
    pub fn apply_label_map_at(&mut self, is_target_at: impl Fn(usize) -> bool) {
        let Some(map) = self.labelmap.take() else {
            return;
        };
        let lookup = |id: i32| map.get(id as usize).copied().unwrap_or(-111);
        for (i, instr) in self.instrs.iter_mut().enumerate() {
            if is_target_at(i) {
                instr.oparg = lookup(instr.oparg);
            }
            if instr.except_handler.label >= 0 {
                instr.except_handler.label = lookup(instr.except_handler.label);
            }
        }
    }

    /// `_PyInstructionSequence_InjectSequence`: splice `injected` in at `pos`, giving
    /// its labels fresh ids after this sequence's.
    pub fn inject_sequence(
        &mut self,
        pos: usize,
        injected: &InstrSequence,
        is_target: impl Fn(u16) -> bool,
    ) {
        let offset = self.next_free_label;
        let count = injected.instrs.len() as i32;
        if let Some(map) = &mut self.labelmap {
            for target in map.iter_mut() {
                if *target >= pos as i32 {
                    *target += count;
                }
            }
        }
        let inserted = injected.instrs.iter().map(|instr| {
            let mut instr = *instr;
            if is_target(instr.opcode) {
                instr.oparg += offset;
            }
            if instr.except_handler.label >= 0 {
                instr.except_handler.label += offset;
            }
            instr
        });
        self.instrs.splice(pos..pos, inserted);
        if let Some(inj_map) = &injected.labelmap {
            let map = self.labelmap.get_or_insert_with(Vec::new);
            for (lbl, &target) in inj_map.iter().enumerate() {
                if target < 0 {
                    continue;
                }
                let new_id = lbl + offset as usize;
                if map.len() <= new_id {
                    map.resize(new_id + 1, -111);
                }
                map[new_id] = target + pos as i32;
            }
        }
        self.next_free_label += injected.next_free_label;
    }
}
