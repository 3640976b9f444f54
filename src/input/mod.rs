//! What the validator reads: an object's own properties, each value known by its
//! JSON kind (strings in full).
//!
//! The validator never looks inside a nested value, so nothing here recurses: deep,
//! huge or cyclic inputs cost one step per top-level property. Each caller converts
//! its own representation once: the JS boundary packs a value into one string that
//! [`packed`] reads without copying its text (`Input<&str>`); serde callers, JSON
//! text included, deserialize into [`Input`] (owned text).

use core::fmt;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

#[cfg(any(test, all(target_arch = "wasm32", feature = "npm")))]
pub(crate) mod packed;

/// One property value, as far as validation needs to know it. `S` is how its text
/// is held: `String` (the default), or `&str` borrowed from the boundary's packed
/// input, so that checking a status copies none of its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value<S = String> {
    /// JSON `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number (its value never matters to the rules).
    Number,
    /// A string, in full.
    String(S),
    /// An array (not looked into).
    Array,
    /// An object (not looked into).
    Object,
    /// A value JSON cannot carry, described for messages with its article:
    /// `"a function"`, `"a symbol"`, `"a bigint"`, `"undefined"`, or
    /// `"a value that threw when read"` (a throwing getter or proxy).
    Foreign(&'static str),
}

impl<S: AsRef<str>> Value<S> {
    /// How a message names this kind of value: `a number`, `null`, `an array`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Null => "null".into(),
            Self::Bool(b) => format!("{b}"),
            Self::Number => "a number".into(),
            Self::String(s) => format!("the string {}", quote(s.as_ref())),
            Self::Array => "an array".into(),
            Self::Object => "an object".into(),
            Self::Foreign(kind) => (*kind).into(),
        }
    }
}

/// The value given to the validator as a whole; `S` as for [`Value`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input<S = String> {
    /// An object: its own properties in order (a key may repeat in JSON text).
    Object(Vec<(S, Value<S>)>),
    /// Anything that is not an object.
    Other(Value<S>),
}

impl<S> Value<S> {
    /// The same value with its text made by `text`.
    fn map_text<'a, T>(&'a self, text: impl FnOnce(&'a S) -> T) -> Value<T> {
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => Value::Bool(*b),
            Self::Number => Value::Number,
            Self::String(s) => Value::String(text(s)),
            Self::Array => Value::Array,
            Self::Object => Value::Object,
            Self::Foreign(kind) => Value::Foreign(kind),
        }
    }
}

impl<S: AsRef<str>> Value<S> {
    /// The same value, its text borrowed.
    pub(crate) fn borrowed(&self) -> Value<&str> {
        self.map_text(|text| text.as_ref())
    }
}

impl Input<&str> {
    /// The same input with its own copy of the text.
    pub fn into_owned(self) -> Input {
        match self {
            Self::Object(fields) => Input::Object(
                fields
                    .iter()
                    .map(|(name, value)| {
                        ((*name).to_owned(), value.map_text(|&text| text.to_owned()))
                    })
                    .collect(),
            ),
            Self::Other(value) => Input::Other(value.map_text(|&text| text.to_owned())),
        }
    }
}

impl<S: AsRef<str>> Input<S> {
    /// The same input, its text borrowed, as `Json::read_input` hands it on
    /// (replies read into owned text; the npm package reads every value
    /// borrowed already).
    #[cfg(not(all(target_arch = "wasm32", feature = "npm")))]
    pub(crate) fn borrowed(&self) -> Input<&str> {
        match self {
            Self::Object(fields) => Input::Object(
                fields
                    .iter()
                    .map(|(name, value)| (name.as_ref(), value.borrowed()))
                    .collect(),
            ),
            Self::Other(value) => Input::Other(value.borrowed()),
        }
    }
}

/// Quotes text for a message as a JSON string, shortened so a huge input does not
/// make a huge message.
pub(crate) fn quote(text: &str) -> String {
    const SHOWN: usize = 48;
    let cut = text.char_indices().nth(SHOWN).map(|(at, _)| at);
    let mut out = String::new();
    crate::json::write_str(
        &mut out,
        text.get(..cut.unwrap_or(text.len())).unwrap_or(text),
    );
    if cut.is_some() {
        // Replace the closing quote (one byte) with an ellipsis and the quote.
        out.truncate(out.len() - 1);
        out.push_str("…\"");
    }
    out
}

/// Reads one JSON value without descending into it; at the top level an object's
/// properties are collected, one level deep.
struct Reader {
    top_level: bool,
}

impl Reader {
    fn other<E>(value: Value) -> Result<Input, E> {
        Ok(Input::Other(value))
    }
}

impl<'de> Visitor<'de> for Reader {
    type Value = Input;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Input, E> {
        Self::other(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Input, E> {
        Self::other(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Input, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Input, E> {
        Self::other(Value::Bool(b))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Input, E> {
        Self::other(Value::Number)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Input, E> {
        Self::other(Value::Number)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Input, E> {
        Self::other(Value::Number)
    }
    fn visit_str<E>(self, s: &str) -> Result<Input, E> {
        Self::other(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Input, E> {
        Self::other(Value::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Input, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Self::other(Value::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Input, A::Error> {
        if !self.top_level {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Self::other(Value::Object);
        }
        let mut fields = Vec::new();
        while let Some(entry) = map.next_entry::<String, Value>()? {
            fields.push(entry);
        }
        Ok(Input::Object(fields))
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_any(Reader { top_level: false })? {
            Input::Other(value) => Ok(value),
            Input::Object(_) => Ok(Value::Object),
        }
    }
}

impl<'de> Deserialize<'de> for Input {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Reader { top_level: true })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn reads_top_level_properties_without_descending() {
        let input: Input =
            serde_json::from_str(r#"{"a":1,"b":[1,[2]],"c":{"d":{}},"e":"x","a":null}"#).unwrap();
        assert_eq!(
            input,
            Input::Object(vec![
                ("a".into(), Value::Number),
                ("b".into(), Value::Array),
                ("c".into(), Value::Object),
                ("e".into(), Value::String("x".into())),
                ("a".into(), Value::Null),
            ])
        );
        let not_object: Input = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(not_object, Input::Other(Value::Array));
    }

    #[test]
    fn quotes_shortly() {
        assert_eq!(quote("a\"b\n"), "\"a\\\"b\\n\"");
        let long = "x".repeat(1000);
        assert_eq!(quote(&long).chars().count(), 48 + 3);
    }
}
