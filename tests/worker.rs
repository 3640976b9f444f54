//! The shared wasm tests, run in a dedicated web worker in Chromium, where there is
//! no `window` (`wasm-pack test --headless --chrome`).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);

mod common;
