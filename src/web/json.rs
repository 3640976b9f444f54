//! JavaScript values as the core reads them: replies parsed by the runtime's own
//! `JSON.parse` (no JSON parser in the wasm), and any value read as validator
//! input ([`read_input`]).
//!
//! Reading input never throws and never recurses (`src/web/values.rs`; the npm
//! package reads values with its own JavaScript instead, in one crossing:
//! `src/js/convert.rs`).

use crate::client::body::{without_bom, Json};
use crate::input::Input;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// Plain data cannot throw when read or written back (no getters, proxies,
// cycles or bigints), so these need none of `js_sys`'s exception handling.
#[wasm_bindgen]
extern "C" {
    /// `Reflect.get`.
    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    fn get(target: &JsValue, key: &JsValue) -> JsValue;

    /// `JSON.stringify` (`undefined` for `undefined`).
    #[wasm_bindgen(js_namespace = JSON)]
    fn stringify(value: &JsValue) -> Option<String>;
}

#[cfg(not(feature = "npm"))]
pub use super::values::MAX_TEXT;

/// Reads any JavaScript value as validator input. Objects of any class count by
/// their own enumerable properties, as `JSON.stringify` sees them.
pub fn read_input(value: &JsValue) -> Input {
    #[cfg(feature = "npm")]
    return crate::js::convert::Packed::read(value).input().into_owned();
    #[cfg(not(feature = "npm"))]
    super::values::read(value)
}

/// A reply parsed by `JSON.parse`: plain data, so reading it cannot run user code.
impl Json for JsValue {
    fn parse(text: &str) -> Option<Self> {
        js_sys::JSON::parse(without_bom(text)).ok()
    }

    fn member(&self, key: &str) -> Option<Self> {
        if !self.is_object() {
            return None;
        }
        Some(get(self, &JsValue::from_str(key))).filter(|value| !value.is_undefined())
    }

    fn is_object(&self) -> bool {
        JsValue::is_object(self) && !js_sys::Array::is_array(self)
    }

    fn string(&self) -> Option<String> {
        self.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn members(&self) -> Vec<(String, Self)> {
        if !Json::is_object(self) {
            return Vec::new();
        }
        js_sys::Object::keys(self.unchecked_ref::<js_sys::Object>())
            .iter()
            .filter_map(|key| Some((key.as_string()?, get(self, &key))))
            .collect()
    }

    fn to_json(&self) -> String {
        stringify(self).unwrap_or_default()
    }

    fn elements(&self) -> Option<impl Iterator<Item = Self> + '_> {
        Some(self.dyn_ref::<js_sys::Array>()?.iter())
    }

    fn read_input<R>(&self, read: impl FnOnce(Input<&str>) -> R) -> R {
        // The npm package reads every JavaScript value one way, packed by its
        // JavaScript (`src/js/convert.rs`); a Rust app, which has none of the
        // package's JavaScript, reads it with `read_input`.
        #[cfg(feature = "npm")]
        return read(crate::js::convert::Packed::read(self).input());
        #[cfg(not(feature = "npm"))]
        read(read_input(self).borrowed())
    }
}
