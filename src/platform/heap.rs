//! The module's memory allocator: dlmalloc over WebAssembly pages grown by half again at a time (by
//! 64 MiB at most). Browser effect.
//!
//! Each `memory.grow` makes the browser replace the memory's `ArrayBuffer`, and V8 counts every new
//! buffer's whole size as memory held outside its heap until the old one is collected. The standard
//! allocator grows by what each request needs, a few pages at a time as the log fills: 33 grows for
//! 100,000 messages of 100 B (measured); a trace of that flood had V8 start major collections for its
//! global allocation limit (67 MB consumed, 8 MB of JS heap in use), with pauses of 15-57 ms. Grown by half
//! of what there is, the same log takes 6 grows (the floods' late long tasks stayed: see the README).
//! Pages grown and not yet used are zero pages the browser has not backed with memory.

use std::alloc::{GlobalAlloc, Layout};
use std::arch::wasm32;
use std::cell::UnsafeCell;

/// A WebAssembly page.
const PAGE: usize = 64 * 1024;

/// The most a grow adds beyond what is needed: 64 MiB (a log of hundreds of MiB then grows every 64 MiB,
/// not by hundreds at once).
const STEP_MAX: usize = (64 << 20) / PAGE;

/// How many pages to ask for when `want` are needed and `have` exist: half of what there is (at most
/// `STEP_MAX`), or more if needed.
fn pages_to_grow(want: usize, have: usize) -> usize {
    want.max((have / 2).min(STEP_MAX))
}

/// Pages from the module's memory, for dlmalloc.
struct Pages;

// SAFETY: `alloc` returns memory that nothing else uses (pages just grown), of the size it says; nothing
// is ever given back (WebAssembly memory does not shrink), which the other methods say.
unsafe impl dlmalloc::Allocator for Pages {
    fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
        let want = size.div_ceil(PAGE);
        // Half again first; only what is needed when the browser refuses that much.
        for pages in [pages_to_grow(want, wasm32::memory_size(0)), want] {
            let before = wasm32::memory_grow(0, pages);
            if before != usize::MAX {
                return ((before * PAGE) as *mut u8, pages * PAGE, 0);
            }
        }
        (std::ptr::null_mut(), 0, 0)
    }

    fn remap(&self, _ptr: *mut u8, _old: usize, _new: usize, _can_move: bool) -> *mut u8 {
        std::ptr::null_mut()
    }

    fn free_part(&self, _ptr: *mut u8, _old: usize, _new: usize) -> bool {
        false
    }

    fn free(&self, _ptr: *mut u8, _size: usize) -> bool {
        false
    }

    fn can_release_part(&self, _flags: u32) -> bool {
        false
    }

    fn allocates_zeros(&self) -> bool {
        true
    }

    fn page_size(&self) -> usize {
        PAGE
    }
}

/// The global allocator (`lib.rs`).
pub struct Heap(UnsafeCell<dlmalloc::Dlmalloc<Pages>>);

// SAFETY: this build has no threads: the module runs on the page's one thread, so the allocator is never
// entered twice at once.
unsafe impl Sync for Heap {}

impl Heap {
    /// The allocator, before its first grow (a `const fn`: it is a `static`).
    pub const fn new() -> Heap {
        Heap(UnsafeCell::new(dlmalloc::Dlmalloc::new_with_allocator(Pages)))
    }
}

impl Default for Heap {
    fn default() -> Heap {
        Heap::new()
    }
}

// SAFETY: each method hands the layout on to dlmalloc, which keeps `GlobalAlloc`'s contracts.
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).malloc(layout.size(), layout.align())
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).calloc(layout.size(), layout.align())
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        (*self.0.get()).free(ptr, layout.size(), layout.align())
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        (*self.0.get()).realloc(ptr, layout.size(), layout.align(), new_size)
    }
}
