//! The wasm build's allocator: power-of-two size classes, one free list each, on
//! top of `memory.grow`. Every operation is O(1), and it is about 7 KB smaller
//! than the default dlmalloc, which matters for a package every portal downloads.
//!
//! Blocks are never split or merged: a freed block waits on its class's list for
//! the next allocation of that class. A call that allocates and frees the same
//! sizes again and again (the package's pattern) therefore never grows memory
//! (tests/package/memory.test.mjs checks it). The cost is up to 2x per block.
//!
//! Only for wasm32 without threads: the lists are plain cells, which is sound
//! because nothing else can run while an allocation does.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32::{memory_grow, memory_size};
use core::cell::UnsafeCell;
use core::ptr::null_mut;

const PAGE: usize = 65_536;
/// Classes 3 (8 bytes) to 31 (2 GiB); a wasm32 memory is at most 4 GiB.
const CLASSES: usize = 32;

struct Lists {
    /// The head of each class's free list; a free block's first word is the next.
    free: [*mut u8; CLASSES],
    /// The untouched memory after the last block handed out: `[next, end)`.
    next: usize,
    end: usize,
}

/// The global allocator of the wasm build.
pub struct SizeClasses(UnsafeCell<Lists>);

// SAFETY: wasm32 without the `atomics` feature has one thread; see the module docs.
unsafe impl Sync for SizeClasses {}

impl SizeClasses {
    /// An allocator that has handed out nothing yet.
    pub const fn new() -> Self {
        Self(UnsafeCell::new(Lists {
            free: [null_mut(); CLASSES],
            next: 0,
            end: 0,
        }))
    }
}

/// The class of a layout: blocks of `1 << class` bytes, at least the size and the
/// alignment, so a block aligned to its own size suits any layout of its class.
fn class(layout: Layout) -> usize {
    let size = layout.size().max(layout.align()).max(8);
    (usize::BITS - (size - 1).leading_zeros()) as usize
}

impl Lists {
    /// A new block from the end of memory, aligned to its size (up to a page).
    fn carve(&mut self, class: usize) -> *mut u8 {
        if self.end == 0 {
            // The heap starts where the module's memory ends (after data and stack).
            self.next = memory_size(0) * PAGE;
            self.end = self.next;
        }
        let size = 1usize << class;
        let align = size.min(PAGE);
        let start = (self.next + align - 1) & !(align - 1);
        let Some(stop) = start.checked_add(size) else {
            return null_mut();
        };
        if stop > self.end {
            let pages = (stop - self.end).div_ceil(PAGE);
            if memory_grow(0, pages) == usize::MAX {
                return null_mut();
            }
            self.end += pages * PAGE;
        }
        self.next = stop;
        start as *mut u8
    }
}

unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let class = class(layout);
        if class >= CLASSES {
            return null_mut();
        }
        // SAFETY: single-threaded, and no reference to the lists outlives this call.
        let lists = unsafe { &mut *self.0.get() };
        let head = lists.free[class];
        if head.is_null() {
            return lists.carve(class);
        }
        // SAFETY: a free block's first word holds the next free block of its class.
        lists.free[class] = unsafe { *head.cast::<*mut u8>() };
        head
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let class = class(layout);
        // SAFETY: as in `alloc`; the block came from `alloc` with this layout, so it
        // is at least 8 bytes and aligned for a pointer.
        unsafe {
            let lists = &mut *self.0.get();
            *block.cast::<*mut u8>() = lists.free[class];
            lists.free[class] = block;
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `new_size` with this alignment is a valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class(new_layout) == class(layout) {
            return block;
        }
        // SAFETY: the new block is fresh, the old one is the caller's, and both hold
        // at least the smaller size.
        unsafe {
            let moved = self.alloc(new_layout);
            if !moved.is_null() {
                core::ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                self.dealloc(block, layout);
            }
            moved
        }
    }
}
