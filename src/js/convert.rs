//! JavaScript values in and out, each converted once at the boundary: a caller's
//! value crosses in as packed text ([`Packed`]); a report crosses out as packed
//! text too, other answers as JSON text.

use crate::input::{packed, Input};
use crate::validate::ValidationReport;
use core::fmt::Write;
use serde::Serialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/support.js")]
extern "C" {
    /// Any value as the text `src/input/packed.rs` reads; never throws
    /// (`x`, a value that threw, when anything did). Without `catch`, so each
    /// call is a plain call, not one through wasm-bindgen's exception wrapper.
    #[wasm_bindgen(js_name = packInput)]
    fn pack_input(value: &JsValue) -> js_sys::JsString;
    /// `TextEncoder.encodeInto`: the text as UTF-8 at the start of `into`; the
    /// bytes written. (wasm-bindgen's own copy of a string goes one character at
    /// a time, several times slower on the packed text.)
    #[wasm_bindgen(js_name = encodeInto)]
    fn encode_into(text: &js_sys::JsString, into: &mut [u8]) -> usize;
    /// A report from the text [`report_to_js`] writes.
    #[wasm_bindgen(js_name = unpackReport)]
    fn unpack_report(packed: &str) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// `Reflect.set`, without wasm-bindgen's exception wrapper around each call.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn reflect_set(target: &js_sys::Object, key: &str, value: &JsValue) -> bool;
}

/// Sets a property of an object the package made: a data property on a fresh
/// plain object, which cannot fail (or throw).
pub(crate) fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    reflect_set(target, key, value);
}

/// Any JavaScript value, packed by `packInput` (`js/support.js`) and copied
/// into the wasm as one string; [`Packed::input`] reads it without copying text.
/// A caller's values may be anything (getters, proxies, lone surrogates):
/// `packInput` turns every one into text that says what it is.
pub(crate) struct Packed(String);

impl Packed {
    /// The packed text's length in bytes: about the length of the value's JSON.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Reads any JavaScript value; never throws.
    pub(crate) fn read(value: &JsValue) -> Self {
        let text = pack_input(value);
        // UTF-8 takes at most three bytes per UTF-16 unit.
        let mut bytes = vec![0; text.length() as usize * 3];
        let written = encode_into(&text, &mut bytes);
        bytes.truncate(written);
        // SAFETY: `TextEncoder.encodeInto` writes UTF-8 only (lone surrogates
        // become U+FFFD), and `written` ends on a whole character. wasm-bindgen
        // hands Rust every `String` from JavaScript the same way, unchecked
        // (`passStringToWasm0` copies with the same encoder).
        Self(unsafe { String::from_utf8_unchecked(bytes) })
    }

    /// The value as validator input, borrowing its text.
    pub(crate) fn input(&self) -> Input<&str> {
        packed::unpack(&self.0)
    }
}

/// A report as the plain object its TypeScript type describes, by way of the text
/// `unpackReport` (`js/support.js`) reads: per issue, `e` (an error) or `w` (a
/// warning), then its path, code and message, each as length `:` text, the
/// length in UTF-16 units.
pub(crate) fn report_to_js(report: &ValidationReport) -> Ts<ValidationReport> {
    let mut packed = String::new();
    let errors = report.errors.iter().map(|issue| ('e', issue));
    let warnings = report.warnings.iter().map(|issue| ('w', issue));
    for (kind, issue) in errors.chain(warnings) {
        packed.push(kind);
        for text in [&issue.path, issue.code.as_str(), &issue.message] {
            // Writing to a String cannot fail.
            let _ = write!(packed, "{}:{text}", utf16_length(text));
        }
    }
    Ts::new_unchecked(unpack_report(&packed))
}

/// How many UTF-16 units JavaScript counts in `text`, from its UTF-8 bytes
/// without decoding them: a unit per character (each starts with a byte that is
/// not `0b10xx_xxxx`), and a second one for a character of four bytes (those
/// start with `0b1111_0xxx`).
fn utf16_length(text: &str) -> usize {
    text.bytes()
        .map(|byte| usize::from(byte & 0xC0 != 0x80) + usize::from(byte >= 0xF0))
        .sum()
}

/// A Rust value as the plain JavaScript object its TypeScript type describes:
/// `None` as `null` (Graph's JSON), maps as objects. Written as JSON text and
/// parsed by the runtime in one call.
pub(crate) fn to_plain<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    sized_plain(value, 0)
}

/// [`to_plain`], typed for TypeScript, its JSON text reserved at `length` bytes
/// to start with (see [`crate::json::to_string_with_capacity`]).
pub(crate) fn to_js<T: Serialize + Tsify>(value: &T, length: usize) -> Result<Ts<T>, JsValue> {
    sized_plain(value, length).map(Ts::new_unchecked)
}

fn sized_plain<T: Serialize + ?Sized>(value: &T, length: usize) -> Result<JsValue, JsValue> {
    let text = crate::json::to_string_with_capacity(value, length)
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    js_sys::JSON::parse(&text)
}
