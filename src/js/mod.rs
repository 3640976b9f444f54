//! The JavaScript API: every `#[wasm_bindgen]` export of the crate, and nothing else.
//!
//! Each export converts its arguments once (`convert`), calls the plain Rust API,
//! and converts the result or the [`Error`] once on the way out.

mod bulk;
pub mod client;
pub(crate) mod convert;
mod error;

use crate::error::Error;
use crate::input::packed::{UNDEFINED, UNREADABLE};
use crate::input::{quote, Input, Value};
use crate::model::{ComplianceStatus, DeviceConfigurationDeviceStatus};
use crate::validate::{self, Mode, ValidationReport};
use convert::{report_to_js, to_js, Packed};
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/**
 * An `Edm.DateTimeOffset` as text, such as `2016-12-31T23:56:44.951111-08:00`:
 * date, `T`, time with seconds, an optional fraction of up to 12 digits, and `Z` or
 * an offset within ±14:00. It is sent exactly as written.
 */
export type DateTimeOffset = string;

/**
 * The package's one error type. `kind` says what went wrong; for `"validation"`,
 * `errors` lists every problem and nothing was sent.
 */
export class GraphError extends Error {
  /** @internal */
  constructor(message: string, fields: object);
  readonly name: "GraphError";
  readonly kind: GraphErrorKind;
  /** Graph's `error.code` when Graph answered with one, else the kind. */
  readonly code: string;
  readonly statusCode: number | null;
  readonly requestId: string | null;
  readonly clientRequestId: string | null;
  readonly date: string | null;
  readonly retryAfterMs: number | null;
  readonly attempts: number;
  /** The problems found, for `kind: "validation"`; otherwise empty. */
  readonly errors: FieldIssue[];
  /** Graph's error object, when there is one. */
  readonly body: unknown;
}
"#;

// Read by hand in `read_mode`, so that a bad value gets a precise message; the
// struct exists to give TypeScript its type.
/// Options of `validateDeviceStatus`.
#[derive(Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ValidateOptions {
    /// `"create"` (the default) requires `status` and both date-times;
    /// `"update"` checks only what is present.
    #[tsify(optional, type = "ValidationMode")]
    pub mode: Mode,
}

fn read_mode(options: Option<JsValue>) -> Result<Mode, Error> {
    let invalid = |found: String| Error::InvalidArgument {
        argument: "options.mode",
        message: format!("expected \"create\" or \"update\", found {found}"),
    };
    // Most calls pass no options: nothing to read.
    let Some(options) = options else {
        return Ok(Mode::default());
    };
    let packed = Packed::read(&options);
    let fields = match packed.input() {
        Input::Object(fields) => fields,
        Input::Other(Value::Null | Value::Foreign(UNDEFINED)) => return Ok(Mode::default()),
        Input::Other(Value::Foreign(UNREADABLE)) => {
            return Err(invalid("options that threw when read".into()))
        }
        Input::Other(_) => {
            return Err(Error::InvalidArgument {
                argument: "options",
                message: "expected an object like { mode: \"update\" }".into(),
            })
        }
    };
    // Unknown names are refused, as by every options object of the package.
    if let Some((unknown, _)) = fields.iter().find(|(name, _)| *name != "mode") {
        return Err(Error::InvalidArgument {
            argument: "options",
            message: format!("unknown option {}; known: mode", quote(unknown)),
        });
    }
    match fields.first().map(|(_, mode)| mode) {
        None => Ok(Mode::default()),
        Some(Value::String("create")) => Ok(Mode::Create),
        Some(Value::String("update")) => Ok(Mode::Update),
        Some(Value::String(other)) => Err(invalid(quote(other))),
        Some(Value::Foreign(UNREADABLE)) => Err(invalid(UNREADABLE.into())),
        Some(_) => Err(invalid("a value of another type".into())),
    }
}

/// Checks a device status against Graph's rules and lists every problem at once.
///
/// Never throws for any `input`; throws a `GraphError` with `kind: "invalidArgument"`
/// only for unusable `options`.
#[wasm_bindgen(js_name = validateDeviceStatus)]
pub fn validate_device_status(
    #[wasm_bindgen(unchecked_param_type = "unknown")] input: JsValue,
    options: Option<Ts<ValidateOptions>>,
) -> Result<Ts<ValidationReport>, JsValue> {
    let mode = read_mode(options.map(JsValue::from))?;
    Ok(report_to_js(&validate::validate(
        Packed::read(&input).input(),
        mode,
    )))
}

/// Reads a device status for creating, as Graph will store it, or throws a
/// `GraphError` with `kind: "validation"` listing every problem.
#[wasm_bindgen(js_name = parseDeviceStatus)]
pub fn parse_device_status(
    #[wasm_bindgen(unchecked_param_type = "unknown")] input: JsValue,
) -> Result<Ts<DeviceConfigurationDeviceStatus>, JsValue> {
    let packed = Packed::read(&input);
    let status = validate::parse(packed.input()).map_err(Error::Validation)?;
    // Its JSON is about as long as the packed input.
    to_js(&status, packed.len())
}

/// The 8 compliance statuses in Graph's order (`unknown` … `notAssigned`), for
/// building pickers; a new array on every call.
#[wasm_bindgen(js_name = complianceStatuses, unchecked_return_type = "ComplianceStatus[]")]
pub fn compliance_statuses() -> js_sys::Array {
    ComplianceStatus::ALL
        .into_iter()
        .map(|status| JsValue::from_str(status.as_str()))
        .collect()
}
