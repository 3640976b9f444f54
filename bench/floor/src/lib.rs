//! The floor under `validateDeviceStatus`, for `make bench`
//! (bench/measure/validation.mjs): a wasm function that does nothing, called the
//! way the package's boundary is. The bench packs the value with the package's own
//! `packInput`, wasm-bindgen copies the packed text in, and an empty report comes
//! back as text for the package's `unpackReport`. What the package takes beyond
//! this is reading the packed text and validating.
//!
//! Built with the workspace's release profile (as the package is) and the same
//! allocator; wasm32 only, so native workspace builds see an empty crate.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;

#[global_allocator]
static HEAP: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Takes a packed value and gives back an empty report's text.
#[wasm_bindgen]
pub fn nothing(packed: String) -> String {
    drop(packed);
    String::new()
}
