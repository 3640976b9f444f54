//! The floor under `validateDeviceStatus`, for `make bench`
//! (bench/measure/validation.mjs): a wasm function that does nothing, called the
//! way the package's boundary is. The bench packs the value with the package's own
//! `packInput`; the packed text is copied into the wasm as the package copies it
//! (`Packed::read` in src/js/convert.rs, with `TextEncoder.encodeInto`), and an
//! empty report comes back as text for the package's `unpackReport`. What the
//! package takes beyond this is reading the packed text and validating.
//!
//! Built with the workspace's release profile (as the package is) and the same
//! allocator; wasm32 only, so native workspace builds see an empty crate.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;

#[global_allocator]
static HEAP: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

// The package's `encodeInto` (js/support.js).
#[wasm_bindgen(inline_js = "const encoder = new TextEncoder();
export const encodeInto = (packed, into) => encoder.encodeInto(packed, into).written;")]
extern "C" {
    #[wasm_bindgen(js_name = encodeInto)]
    fn encode_into(text: &js_sys::JsString, into: &mut [u8]) -> usize;
}

/// Copies a packed value into the wasm as the package does, and gives back an
/// empty report's text.
#[wasm_bindgen]
pub fn nothing(packed: js_sys::JsString) -> String {
    let mut bytes = vec![0; packed.length() as usize * 3];
    let written = encode_into(&packed, &mut bytes);
    bytes.truncate(written);
    // The packed text itself is not read: there is nothing to validate.
    drop(bytes);
    String::new()
}
