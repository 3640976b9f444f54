//! The crate's values as JSON text, through their `Serialize` impls: the bodies
//! sent to Graph, and what the wasm hands JavaScript (which `JSON.parse`s it in
//! one call instead of building objects property by property over the boundary).
//!
//! A small writer rather than serde_json, which would weigh more than the rest of
//! the package's wasm. It covers what JSON can say: no floats (the models have
//! none), maps with string keys, and no enum variants that carry data.

use serde::ser::{self, Impossible, Serialize};

/// Why a value could not be written.
#[derive(Debug)]
pub struct Unsupported(&'static str);

impl core::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: core::fmt::Display>(_: T) -> Self {
        Self("a value that cannot be written as JSON")
    }
}

/// `value` as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Unsupported> {
    to_string_with_capacity(value, 0)
}

/// [`to_string`] into text of `capacity` bytes to start with: text of a known size
/// is allocated once rather than doubled on the way, so the memory a large value
/// took is enough again for every smaller one.
pub fn to_string_with_capacity<T: Serialize + ?Sized>(
    value: &T,
    capacity: usize,
) -> Result<String, Unsupported> {
    let mut out = String::with_capacity(capacity);
    value.serialize(&mut Writer { out: &mut out })?;
    Ok(out)
}

/// Appends `text` as a JSON string.
pub fn write_str(out: &mut String, text: &str) {
    out.push('"');
    // Only ASCII characters are escaped, so the text is scanned as bytes and the
    // runs between escapes are copied whole.
    let mut run = 0;
    for (at, byte) in text.bytes().enumerate() {
        if byte >= 0x20 && byte != b'"' && byte != b'\\' {
            continue;
        }
        out.push_str(text.get(run..at).unwrap_or_default());
        run = at + 1;
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 15)]));
            }
        }
    }
    out.push_str(text.get(run..).unwrap_or_default());
    out.push('"');
}

struct Writer<'a> {
    out: &'a mut String,
}

/// An array or object being written; `first` until its first element.
struct Compound<'w, 'a> {
    writer: &'w mut Writer<'a>,
    first: bool,
    close: char,
}

impl Compound<'_, '_> {
    fn separate(&mut self) {
        if !self.first {
            self.writer.out.push(',');
        }
        self.first = false;
    }

    fn end(self) -> Result<(), Unsupported> {
        self.writer.out.push(self.close);
        Ok(())
    }
}

impl<'w, 'a> Writer<'a> {
    fn open(&'w mut self, open: char, close: char) -> Compound<'w, 'a> {
        self.out.push(open);
        Compound {
            writer: self,
            first: true,
            close,
        }
    }

    fn number(&mut self, n: impl Into<i128>) -> Result<(), Unsupported> {
        let n: i128 = n.into();
        let mut digits = [0u8; 40];
        let mut at = digits.len();
        let mut rest = n.unsigned_abs();
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if n < 0 {
            self.out.push('-');
        }
        for &d in &digits[at..] {
            self.out.push(char::from(d));
        }
        Ok(())
    }
}

const NO_DATA_VARIANTS: Unsupported = Unsupported("enum variants with data");

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_f32(self, _: f32) -> Result<(), Unsupported> {
        Err(Unsupported("floating-point numbers"))
    }
    fn serialize_f64(self, _: f64) -> Result<(), Unsupported> {
        Err(Unsupported("floating-point numbers"))
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported("bytes"))
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(NO_DATA_VARIANTS)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w, 'a>, Unsupported> {
        Ok(self.open('[', ']'))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'w, 'a>, Unsupported> {
        Ok(self.open('[', ']'))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'w, 'a>, Unsupported> {
        Ok(self.open('[', ']'))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(NO_DATA_VARIANTS)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'w, 'a>, Unsupported> {
        Ok(self.open('{', '}'))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'w, 'a>, Unsupported> {
        Ok(self.open('{', '}'))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(NO_DATA_VARIANTS)
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.separate();
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Unsupported> {
        Compound::end(self)
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Compound::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Compound::end(self)
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.separate();
        let start = self.writer.out.len();
        key.serialize(&mut *self.writer)?;
        // JSON's rule: keys are strings.
        if self.writer.out.as_bytes().get(start) != Some(&b'"') {
            return Err(Unsupported("map keys that are not strings"));
        }
        self.writer.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Unsupported> {
        Compound::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.separate();
        write_str(self.writer.out, key);
        self.writer.out.push(':');
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Unsupported> {
        Compound::end(self)
    }
}

// serde_json, the oracle, is a native-only dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::validate::{parse, validate, Mode};
    use crate::Input;

    /// serde_json (native only) is the oracle: the same value, the same text.
    fn same_as_serde_json<T: Serialize>(value: &T) {
        assert_eq!(
            to_string(value).unwrap(),
            serde_json::to_string(value).unwrap()
        );
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let example: Input =
            serde_json::from_str(include_str!("../tests/fixtures/graph-example.json")).unwrap();
        let status = parse(example.clone()).unwrap();
        same_as_serde_json(&status);
        same_as_serde_json(&validate(example, Mode::Update));
        let bad: Input = serde_json::from_str(r#"{"status":"x","deviceModel":7}"#).unwrap();
        same_as_serde_json(&validate(bad, Mode::Create));
        same_as_serde_json(&(
            "quote\" back\\slash \n\t\u{1} \u{7f} é 🦀",
            -42i64,
            u64::MAX,
        ));
        let map: std::collections::BTreeMap<&str, Option<u8>> =
            [("a", Some(1)), ("b", None)].into_iter().collect();
        same_as_serde_json(&map);
        same_as_serde_json(&Vec::<u8>::new());
    }

    #[test]
    fn every_ascii_character_reads_back() {
        let ascii: String = (0..128u8).map(char::from).collect();
        let mut out = String::new();
        write_str(&mut out, &format!("{ascii} é€🦀 {ascii}"));
        let read: String = serde_json::from_str(&out).unwrap();
        assert_eq!(read, format!("{ascii} é€🦀 {ascii}"));
    }

    #[test]
    fn refuses_what_it_cannot_write() {
        assert!(to_string(&1.5f64).is_err());
        let map: std::collections::BTreeMap<u8, u8> = [(1, 2)].into_iter().collect();
        assert!(to_string(&map).is_err());
    }
}
