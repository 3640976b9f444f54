//! JavaScript values as the core reads them: replies parsed by the runtime's own
//! `JSON.parse` (no JSON parser in the wasm), and any value read as validator
//! input ([`read_input`]).
//!
//! Reading input never throws and never recurses: a value is walked one level
//! deep with imports that catch JS exceptions (revoked proxies, throwing getters),
//! so hostile values become validation errors instead of exceptions or traps.
//! (The npm package reads values with its own JavaScript instead, in one
//! crossing: `src/js/convert.rs`.)

use crate::client::body::{without_bom, Json};
use crate::input::Input;
#[cfg(not(feature = "npm"))]
use crate::input::Value;
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
#[wasm_bindgen]
extern "C" {
    /// `Object.keys`: own enumerable string keys, in JavaScript's order.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn own_keys(target: &JsValue) -> Result<js_sys::Array, JsValue>;

    /// `Array.isArray`, which throws for a revoked proxy.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

#[cfg(not(feature = "npm"))]
const UNREADABLE: &str = "a value that threw when read";

#[cfg(not(feature = "npm"))]
/// The longest text read (UTF-16 code units, as JavaScript counts): Graph's
/// strings are names and ids, and a longer one is reported rather than copied
/// into the wasm, where a string near the memory's size would end the module.
pub const MAX_TEXT: u32 = 1 << 20;

#[cfg(not(feature = "npm"))]
/// A JavaScript string as Rust text, or what it is when it cannot be one: longer
/// than [`MAX_TEXT`], or not Unicode (a lone surrogate, which Rust's strings
/// cannot hold; copied, it would silently become U+FFFD and something else would
/// be sent).
fn read_text(value: &JsValue) -> Result<String, &'static str> {
    let text: &js_sys::JsString = value.unchecked_ref();
    if text.length() > MAX_TEXT {
        return Err("a string of over 1,048,576 characters");
    }
    let copied = value.as_string().unwrap_or_default();
    // Only text that holds U+FFFD (EF BF BD in UTF-8) may have had a lone
    // surrogate replaced; a byte search keeps str's pattern machinery out.
    let replaced = copied
        .as_bytes()
        .windows(3)
        .any(|w| w == "\u{FFFD}".as_bytes());
    if replaced && !text.is_valid_utf16() {
        return Err("a string with a lone surrogate (not Unicode text)");
    }
    Ok(copied)
}

#[cfg(not(feature = "npm"))]
/// A property value as the validator sees it; `None` for `undefined`, which JSON
/// leaves out just as if the property were absent.
fn read_value(value: &JsValue) -> Option<Value> {
    Some(if value.is_undefined() {
        return None;
    } else if value.is_null() {
        Value::Null
    } else if let Some(b) = value.as_bool() {
        Value::Bool(b)
    } else if value.as_f64().is_some() {
        Value::Number
    } else if value.is_string() {
        match read_text(value) {
            Ok(text) => Value::String(text),
            Err(what) => Value::Foreign(what),
        }
    } else if value.is_bigint() {
        Value::Foreign("a bigint")
    } else if value.is_symbol() {
        Value::Foreign("a symbol")
    } else if value.is_function() {
        Value::Foreign("a function")
    } else {
        match is_array(value) {
            Ok(true) => Value::Array,
            Ok(false) => Value::Object,
            Err(_) => Value::Foreign(UNREADABLE),
        }
    })
}

/// Reads any JavaScript value as validator input. Objects of any class count by
/// their own enumerable properties, as `JSON.stringify` sees them.
pub fn read_input(value: &JsValue) -> Input {
    #[cfg(feature = "npm")]
    return crate::js::convert::Packed::read(value).input().into_owned();
    #[cfg(not(feature = "npm"))]
    read_each(value)
}

/// [`read_input`], one property at a time.
#[cfg(not(feature = "npm"))]
fn read_each(value: &JsValue) -> Input {
    let Some(whole) = read_value(value) else {
        return Input::Other(Value::Foreign("undefined"));
    };
    if whole != Value::Object {
        return Input::Other(whole);
    }
    let Ok(keys) = own_keys(value) else {
        return Input::Other(Value::Foreign(UNREADABLE));
    };
    let mut fields = Vec::with_capacity(keys.length() as usize);
    for key in keys.iter() {
        // A name that is no text is still a property (an unknown one, reported).
        let name = read_text(&key).unwrap_or_else(|what| format!("<{what}>"));
        let read = js_sys::Reflect::get(value, &key)
            .map_or(Some(Value::Foreign(UNREADABLE)), |v| read_value(&v));
        if let Some(field) = read {
            fields.push((name, field));
        }
    }
    Input::Object(fields)
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
