//! Any JavaScript value as validator input, for Rust apps (the npm package reads
//! values with its own JavaScript, in one crossing: `src/js/convert.rs`).
//!
//! Reading never throws and never recurses: a value is walked one level deep with
//! imports that catch JS exceptions (revoked proxies, throwing getters), so hostile
//! values become validation errors instead of exceptions or traps.

use crate::input::{Input, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`: own enumerable string keys, in JavaScript's order.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn own_keys(target: &JsValue) -> Result<js_sys::Array, JsValue>;

    /// `Array.isArray`, which throws for a revoked proxy.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

const UNREADABLE: &str = "a value that threw when read";

/// The longest text read (UTF-16 code units, as JavaScript counts): Graph's
/// strings are names and ids, and a longer one is reported rather than copied
/// into the wasm, where a string near the memory's size would end the module.
pub const MAX_TEXT: u32 = 1 << 20;

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

/// [`read_input`](super::json::read_input), one property at a time.
pub(super) fn read(value: &JsValue) -> Input {
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
