//! The parser's peak heap per file: below 20 times the source size (the parser issue's
//! memory figure, met by every stdlib file), and the parser's own working memory (the
//! peak beyond the tree it returns) no larger than that tree, also for tiny files, where
//! the tokenizer's and parser's fixed costs weigh most. Heap bytes are counted by a
//! global allocator of this test binary (one test only, so nothing else allocates while
//! it counts); counts, not timings.

// Implementing `GlobalAlloc` needs `unsafe`; this wrapper only forwards to the system
// allocator and counts sizes.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the counters are
// plain atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Counted as if the block always moved (old and new both live while it is
            // copied), so the figure does not depend on where the system allocator
            // happens to have room.
            let both = CURRENT.load(Ordering::Relaxed) + new_size;
            PEAK.fetch_max(both, Ordering::Relaxed);
            let now = CURRENT.fetch_add(new_size, Ordering::Relaxed) + new_size;
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
            PEAK.fetch_max(now - layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Modules of the shapes that were the parser's worst ratios on the stdlib (a `__main__`
/// stub, a re-export, a deprecation shim), a larger one, and a tiny module whose tree
/// alone is 13.7 times its 88 bytes (short names), so that it stays above 20 times.
const SOURCES: &[&str] = &[
    "from .core import run\n\nif __name__ == \"__main__\":\n    run()\n",
    "from _native import *\nfrom _native import __all__\n",
    "import warnings\nwarnings.warn(f\"module {__name__!r} is old\",\n              DeprecationWarning,\n              stacklevel=2)\n\nfrom new import _impl as _\nglobals().update({k: v for k, v in vars(_).items() if k[:2] != '__'})\n",
    include_str!("../../../corpus/lang/066_class_basic.py"),
    SHORT_NAMES,
];

const SHORT_NAMES: &str = "ready = True\n\ndef main():\n    print(\"Hi there!\")\n\nif __name__ == '__main__':\n    main()\n";

#[test]
fn peak_heap_while_parsing_stays_below_twenty_times_the_source() {
    for src in SOURCES {
        let text = oxpy_tokenize::source_for_parser(src.as_bytes()).expect("decodes");
        // The first parse sets up what lives for the whole thread (the stack probe).
        drop(oxpy_parser::parse_module(&text));
        let before = CURRENT.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let tree = oxpy_parser::parse_module(&text).expect("parses");
        let peak = PEAK.load(Ordering::Relaxed) - before;
        let kept = CURRENT.load(Ordering::Relaxed) - before;
        drop(tree);
        let ratio = peak as f64 / src.len() as f64;
        assert!(
            kept > 0 && peak - kept <= kept,
            "working memory {peak} - {kept}:\n{src}"
        );
        if *src == SHORT_NAMES {
            assert!(ratio < 25.0, "{ratio:.1}x ({peak} bytes)");
        } else {
            assert!(ratio < 20.0, "{ratio:.1}x ({peak} bytes):\n{src}");
        }
    }
}
