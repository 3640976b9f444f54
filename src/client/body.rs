//! How the core reads a reply's body: as JSON parsed by the driver's own parser,
//! asked only the few questions the client needs. The npm package and the Rust
//! client on wasm32 implement it with the runtime's `JSON.parse` (no JSON parser in
//! the wasm: `src/web/json.rs`); native builds with serde_json (`src/native.rs`).

use crate::input::Input;

/// A parsed JSON value, as the client reads replies.
///
/// Implementations answer `None` whenever the value does not have the shape
/// asked for; they never panic.
pub trait Json: Sized {
    /// Parses a reply body (a leading byte-order mark is allowed); `None` when the
    /// text is not JSON.
    fn parse(text: &str) -> Option<Self>;

    /// The member `key` of an object; `None` for a missing member or a non-object.
    fn member(&self, key: &str) -> Option<Self>;

    /// Whether the value is an object (not an array, not `null`).
    fn is_object(&self) -> bool;

    /// The member `key` when it is an object.
    fn object(&self, key: &str) -> Option<Self> {
        self.member(key).filter(Self::is_object)
    }

    /// The value when it is a string.
    fn string(&self) -> Option<String>;

    /// The value when it is a number.
    fn number(&self) -> Option<f64>;

    /// An object's members, in order; none for anything else.
    fn members(&self) -> Vec<(String, Self)>;

    /// The value as JSON text.
    fn to_json(&self) -> String;

    /// The elements when the value is an array.
    fn elements(&self) -> Option<impl Iterator<Item = Self> + '_>;

    /// Hands `read` the value as the validator reads it: an object's own
    /// properties, one level deep, its text borrowed from wherever the reader
    /// keeps it.
    fn read_input<R>(&self, read: impl FnOnce(Input<&str>) -> R) -> R;
}

/// Strips the byte-order mark some servers put before JSON.
pub(crate) fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}
