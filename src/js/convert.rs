//! JavaScript values in and out, each converted once at the boundary: inputs are
//! read by [`read_input`] (`src/web/json.rs`), answers written here.

use serde::Serialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

pub(crate) use crate::web::json::read_input;

/// A Rust value as the plain JavaScript object its TypeScript type describes:
/// `None` as `null` (Graph's JSON), maps as objects. Written as JSON text and
/// parsed by the runtime in one call.
pub(crate) fn to_plain<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = crate::json::to_string(value).map_err(|e| JsValue::from_str(&e.to_string()))?;
    js_sys::JSON::parse(&text)
}

/// [`to_plain`], typed for TypeScript.
pub(crate) fn to_js<T: Serialize + Tsify>(value: &T) -> Result<Ts<T>, JsValue> {
    to_plain(value).map(Ts::new_unchecked)
}
