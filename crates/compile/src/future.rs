//! Port of Python/future.c: the `from __future__ import …` features of a module.

/// `_PyFutureFeatures`: which future features are on, and where the last one was imported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FutureFeatures {
    /// `CO_FUTURE_*` bits.
    pub features: u32,
    /// Line of the last `from __future__ import`.
    pub lineno: i32,
    /// Column of the last `from __future__ import`.
    pub col_offset: i32,
}

/// `CO_FUTURE_ANNOTATIONS` (`from __future__ import annotations`).
pub const CO_FUTURE_ANNOTATIONS: u32 = 0x100_0000;
/// `CO_FUTURE_BARRY_AS_BDFL`.
pub const CO_FUTURE_BARRY_AS_BDFL: u32 = 0x40_0000;
