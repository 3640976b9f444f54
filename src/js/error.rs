//! `Error` -> the exported JavaScript `GraphError`, in this one place.

use super::convert::{set, to_plain};
use crate::error::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/support.js")]
extern "C" {
    #[wasm_bindgen(js_name = GraphError)]
    type JsGraphError;

    #[wasm_bindgen(constructor, js_class = GraphError)]
    fn new(message: &str, fields: &js_sys::Object) -> JsGraphError;

    /// A `GraphError` without a stack trace (see js/support.js).
    #[wasm_bindgen(js_name = stacklessError)]
    fn stackless(message: &str, fields: &js_sys::Object) -> JsGraphError;
}

fn text(value: &Option<String>) -> JsValue {
    value.as_deref().map_or(JsValue::NULL, JsValue::from_str)
}

impl From<Error> for JsValue {
    fn from(error: Error) -> Self {
        let (message, fields) = parts(error);
        JsGraphError::new(&message, &fields).into()
    }
}

/// A `createMany` result's error: a `GraphError` without a stack trace, which
/// would show only the package's own driver, and which costs a fleet of invalid
/// rows half its time to capture.
pub(super) fn row_error(error: Error) -> JsValue {
    let (message, fields) = parts(error);
    stackless(&message, &fields).into()
}

/// A `GraphError`'s message and fields.
fn parts(mut error: Error) -> (String, js_sys::Object) {
    // The cause is converted on its own (a GraphError of its own), moved out
    // rather than cloned.
    let cause = match &mut error {
        Error::Request(request) => request.cause.take(),
        _ => None,
    };
    let fields = js_sys::Object::new();
    set(&fields, "kind", &JsValue::from_str(error.kind().as_str()));
    match &error {
        Error::Validation(report) => {
            if let Ok(errors) = to_plain(&report.errors) {
                set(&fields, "errors", &errors);
            }
        }
        Error::Request(request) => {
            set(&fields, "code", &text(&request.code));
            set(
                &fields,
                "statusCode",
                &request.status.map_or(JsValue::NULL, |s| s.into()),
            );
            set(&fields, "requestId", &text(&request.request_id));
            set(
                &fields,
                "clientRequestId",
                &text(&request.client_request_id),
            );
            set(&fields, "date", &text(&request.date));
            let retry_after = request
                .retry_after_ms
                .map_or(JsValue::NULL, |ms| (ms as f64).into());
            set(&fields, "retryAfterMs", &retry_after);
            set(&fields, "attempts", &request.attempts.into());
            if let Some(body) = &request.body {
                set(&fields, "body", &to_plain(body).unwrap_or(JsValue::NULL));
            }
        }
        Error::InvalidArgument { .. } => {}
    }
    if let Some(cause) = cause {
        set(&fields, "cause", &JsValue::from(*cause));
    }
    (error.to_string(), fields)
}
