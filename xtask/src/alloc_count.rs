//! A counting global allocator for `cargo xtask bench`: current and peak heap bytes, so the parser's memory per file can be reported. It forwards to the `oxpy` binary's allocator (mimalloc, `oxpy_objects::obmalloc::SmallObjects`).

// Implementing `GlobalAlloc` needs `unsafe`; this wrapper only forwards to mimalloc
// allocator and counts sizes.
#![allow(unsafe_code)]

use oxpy_objects::obmalloc::SmallObjects;
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Counting is off except while memory is measured, so timed passes pay one load per call.
static ENABLED: AtomicBool = AtomicBool::new(false);

/// mimalloc, counting bytes in use.
pub struct Counting;

// SAFETY: every call is forwarded unchanged to mimalloc; the counters are plain atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { SmallObjects.alloc(layout) };
        if !p.is_null() && ENABLED.load(Ordering::Relaxed) {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    /// Forwarded to mimalloc's `realloc` (which grows or shrinks in place when it can, as
    /// the parser sees it outside the benchmark); a block that moves counts old and new
    /// while it is copied.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { SmallObjects.realloc(ptr, layout, new_size) };
        if !p.is_null() && ENABLED.load(Ordering::Relaxed) {
            if p != ptr {
                let both = CURRENT.load(Ordering::Relaxed) + new_size;
                PEAK.fetch_max(both, Ordering::Relaxed);
            }
            let old = layout.size();
            let now = CURRENT
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |c| {
                    Some(c.saturating_sub(old) + new_size)
                })
                .map_or(0, |c| c.saturating_sub(old) + new_size);
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { SmallObjects.dealloc(ptr, layout) };
        if ENABLED.load(Ordering::Relaxed) {
            // Frees of blocks allocated before counting began must not go below zero.
            let _ = CURRENT.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |c| {
                Some(c.saturating_sub(layout.size()))
            });
        }
    }
}

/// Turns counting on or off (off: the counters stay as they are).
#[cfg(feature = "parser")]
pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// Sets the peak to the current use and returns the current use.
#[cfg(feature = "parser")]
pub fn reset_peak() -> usize {
    let now = CURRENT.load(Ordering::Relaxed);
    PEAK.store(now, Ordering::Relaxed);
    now
}

/// The peak use since the last [`reset_peak`].
#[cfg(feature = "parser")]
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// The bytes in use now.
#[cfg(feature = "parser")]
pub fn current() -> usize {
    CURRENT.load(Ordering::Relaxed)
}
