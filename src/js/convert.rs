//! JavaScript values in and out, each converted once at the boundary.
//!
//! Reading never throws and never recurses: the input is walked one level deep with
//! imports that catch JS exceptions (revoked proxies, throwing getters), so hostile
//! values become validation errors instead of exceptions or traps.

use crate::input::{Input, Value};
use serde::Serialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Object.keys`: own enumerable string keys, in JavaScript's order.
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    pub(crate) fn own_keys(target: &JsValue) -> Result<js_sys::Array, JsValue>;

    /// `Array.isArray`, which throws for a revoked proxy.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

const UNREADABLE: &str = "a value that threw when read";

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
    } else if let Some(text) = value.as_string() {
        Value::String(text)
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
pub(crate) fn read_input(value: &JsValue) -> Input {
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
        let Some(name) = key.as_string() else {
            continue;
        };
        let read = js_sys::Reflect::get(value, &key)
            .map_or(Some(Value::Foreign(UNREADABLE)), |v| read_value(&v));
        if let Some(field) = read {
            fields.push((name, field));
        }
    }
    Input::Object(fields)
}

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
