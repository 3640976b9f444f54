//! What the validator reads: an object's own properties, each value known by its
//! JSON kind (strings in full).
//!
//! The validator never looks inside a nested value, so nothing here recurses: deep,
//! huge or cyclic inputs cost one step per top-level property. Each caller converts
//! its own representation once: the JS boundary walks a `JsValue`
//! (`src/js/convert.rs`); serde callers, JSON text included, deserialize into
//! [`Input`].

use core::fmt;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// One property value, as far as validation needs to know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// JSON `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number (its value never matters to the rules).
    Number,
    /// A string, in full.
    String(String),
    /// An array (not looked into).
    Array,
    /// An object (not looked into).
    Object,
    /// A value JSON cannot carry, described for messages with its article:
    /// `"a function"`, `"a symbol"`, `"a bigint"`, `"undefined"`, or
    /// `"a value that threw when read"` (a throwing getter or proxy).
    Foreign(&'static str),
}

impl Value {
    /// How a message names this kind of value: `a number`, `null`, `an array`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Null => "null".into(),
            Self::Bool(b) => format!("{b}"),
            Self::Number => "a number".into(),
            Self::String(s) => format!("the string {}", quote(s)),
            Self::Array => "an array".into(),
            Self::Object => "an object".into(),
            Self::Foreign(kind) => (*kind).into(),
        }
    }
}

/// The value given to the validator as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// An object: its own properties in order (a key may repeat in JSON text).
    Object(Vec<(String, Value)>),
    /// Anything that is not an object.
    Other(Value),
}

/// Quotes text for a message, shortened so a huge input does not make a huge message.
pub(crate) fn quote(text: &str) -> String {
    const SHOWN: usize = 48;
    let mut out = String::from("\"");
    let mut chars = text.chars();
    for ch in chars.by_ref().take(SHOWN) {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out.push('"');
    out
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Value, E> {
        Ok(Value::Number)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Value, E> {
        Ok(Value::Number)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Number)
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Value::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Value::Object)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct InputVisitor;

impl<'de> Visitor<'de> for InputVisitor {
    type Value = Input;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Input, A::Error> {
        let mut fields = Vec::new();
        while let Some(entry) = map.next_entry::<String, Value>()? {
            fields.push(entry);
        }
        Ok(Input::Object(fields))
    }
    fn visit_unit<E>(self) -> Result<Input, E> {
        Ok(Input::Other(Value::Null))
    }
    fn visit_none<E>(self) -> Result<Input, E> {
        Ok(Input::Other(Value::Null))
    }
    fn visit_bool<E>(self, b: bool) -> Result<Input, E> {
        Ok(Input::Other(Value::Bool(b)))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Input, E> {
        Ok(Input::Other(Value::Number))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Input, E> {
        Ok(Input::Other(Value::Number))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Input, E> {
        Ok(Input::Other(Value::Number))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Input, E> {
        Ok(Input::Other(Value::String(s.to_owned())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Input, A::Error> {
        ValueVisitor.visit_seq(seq).map(Input::Other)
    }
}

impl<'de> Deserialize<'de> for Input {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(InputVisitor)
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
