//! `Error` -> the exported JavaScript `GraphError`, in this one place.

use super::convert::to_plain;
use crate::error::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/graph-error.js")]
extern "C" {
    #[wasm_bindgen(js_name = GraphError)]
    type JsGraphError;

    #[wasm_bindgen(constructor, js_class = GraphError)]
    fn new(message: &str, fields: &js_sys::Object) -> JsGraphError;
}

fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    // Setting a data property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

impl From<Error> for JsValue {
    fn from(error: Error) -> Self {
        let fields = js_sys::Object::new();
        set(&fields, "kind", &JsValue::from_str(error.kind().as_str()));
        if let Error::Validation(report) = &error {
            if let Ok(errors) = to_plain(&report.errors) {
                set(&fields, "errors", &errors);
            }
        }
        JsGraphError::new(&error.to_string(), &fields).into()
    }
}
