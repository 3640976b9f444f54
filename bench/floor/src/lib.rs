//! The floor under `validateDeviceStatus`, for `make bench`
//! (bench/measure/validation.mjs): a wasm function that does nothing, called the
//! way the package's export is. It takes the caller's value, packs it with the
//! package's own `packInput` (js/support.js, the same file), copies the packed
//! text into the wasm as the package copies it (`Packed::read` in
//! src/js/convert.rs, with `TextEncoder.encodeInto`), and gives back an empty
//! report through the package's `unpackReport`. What the package takes beyond
//! this is reading the packed text and validating.
//!
//! Built with the workspace's release profile (as the package is) and the same
//! allocator; wasm32 only, so native workspace builds see an empty crate.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;

#[global_allocator]
static HEAP: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

// The package's JavaScript half of the boundary, the file itself.
#[wasm_bindgen(module = "/../../js/support.js")]
extern "C" {
    #[wasm_bindgen(js_name = packInput)]
    fn pack_input(value: &JsValue) -> js_sys::JsString;
    #[wasm_bindgen(js_name = encodeInto)]
    fn encode_into(text: &js_sys::JsString, into: &mut [u8]) -> usize;
    #[wasm_bindgen(js_name = unpackReport)]
    fn unpack_report(packed: &str) -> JsValue;
}

/// Packs and copies a value into the wasm as the package does, and gives back an
/// empty report.
#[wasm_bindgen]
pub fn nothing(value: &JsValue) -> JsValue {
    let packed = pack_input(value);
    let mut bytes = vec![0; packed.length() as usize * 3];
    let written = encode_into(&packed, &mut bytes);
    bytes.truncate(written);
    // The packed text itself is not read: there is nothing to validate.
    drop(bytes);
    unpack_report("")
}
