//! An app of its own on top of intune-device-status: its own allocator (which
//! counts what it hands out, so a test can see it is the one in use) and its own
//! export, `check`, which validates a status with the crate.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The app's allocator: the system one, counting allocations.
pub struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static APP_ALLOCATOR: Counting = Counting;

/// How many allocations the app's allocator has made.
pub fn allocations() -> usize {
    ALLOCATIONS.load(Ordering::Relaxed)
}

/// The number of errors in a status given as JSON text (`u32::MAX` for text that
/// is not JSON).
pub fn check(json: &str) -> u32 {
    match serde_json::from_str::<intune_device_status::Input>(json) {
        Ok(input) => {
            let report = intune_device_status::validate(input, intune_device_status::Mode::Create);
            report.errors.len() as u32
        }
        Err(_) => u32::MAX,
    }
}

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// The app's one export.
    #[wasm_bindgen(js_name = checkStatus)]
    pub fn check_status(json: &str) -> u32 {
        super::check(json)
    }

    /// Allocations made by the app's allocator so far.
    #[wasm_bindgen(js_name = appAllocations)]
    pub fn app_allocations() -> u32 {
        super::allocations() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_validates_with_its_own_allocator() {
        let before = allocations();
        let example = include_str!("../../fixtures/graph-example.json");
        assert_eq!(check(example), 0);
        assert_eq!(check(r#"{"status":"Compliant"}"#), 3);
        assert!(
            allocations() > before,
            "the app's allocator served the crate"
        );
    }
}
