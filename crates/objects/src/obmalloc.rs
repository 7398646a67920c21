//! The role of Objects/obmalloc.c: the allocator for the many small objects oxpy makes
//! (tree nodes, instructions, names, constants). CPython serves them from its own pools;
//! oxpy's programs install mimalloc as the global allocator (with the `mimalloc` feature),
//! through [`SmallObjects`].

// Implementing `GlobalAlloc` needs `unsafe`; this allocator only forwards to mimalloc.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// mimalloc as the global allocator, asked for plain blocks whenever the layout allows.
///
/// Every mimalloc block is aligned to at least a word, so a layout aligned to a word or
/// less needs no more than `mi_malloc`; the `mimalloc` crate's own allocator calls the
/// aligned entry points for every layout, which cost a fifth more per allocation. Layouts
/// aligned beyond a word take the aligned entry points.
pub struct SmallObjects;

/// The alignment of every mimalloc block (`MI_INTPTR_SIZE`).
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: the blocks come from mimalloc, aligned as `layout` asks (a word at least for the
// plain calls, and `layout.align()` for the aligned ones), and go back to it.
unsafe impl GlobalAlloc for SmallObjects {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions accept any size and power-of-two alignment.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` was allocated by this allocator, so by mimalloc.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was allocated by this allocator with `layout`'s alignment, which
        // the block keeps.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_aligned_as_asked_and_keep_their_bytes_when_resized() {
        let a = SmallObjects;
        for align in [1usize, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1usize, 3, 8, 24, 40, 100, 1000, 70_000] {
                let Ok(layout) = Layout::from_size_align(size, align) else {
                    continue;
                };
                // SAFETY: a non-zero-sized layout; the block is freed with it.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null() && p as usize % align == 0, "{size}/{align}");
                    for i in 0..size {
                        *p.add(i) = i as u8;
                    }
                    let q = a.realloc(p, layout, size * 3);
                    assert!(!q.is_null() && q as usize % align == 0, "{size}/{align}");
                    assert!((0..size).all(|i| *q.add(i) == i as u8));
                    let grown = Layout::from_size_align(size * 3, align).expect("valid");
                    a.dealloc(q, grown);
                    let z = a.alloc_zeroed(layout);
                    assert!(!z.is_null() && z as usize % align == 0);
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
