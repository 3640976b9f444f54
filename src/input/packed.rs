//! A JavaScript value as it crosses into the wasm: one string, written by
//! `packInput` (`js/support.js`) and read here without copying its text.
//!
//! Reading a value from Rust would cross the boundary several times per property
//! (a lookup, then a probe per kind, then a copy per string); packed, the whole
//! value crosses once. JavaScript does what only it can (getters, proxies, lone
//! surrogates), Rust reads the result:
//!
//! ```text
//! packed   = "o" property* | value     an object, then its own enumerable
//!                                      properties in order; or any other value
//! property = name value                a property whose value is undefined is
//!                                      left out, as JSON leaves it out
//! name     = "s" text | "L" | "w"
//! value    = "s" text | z t f n a o u b y F x L w   (see `Cursor::value`)
//! text     = length ":" characters     the length in UTF-16 code units, as
//!                                      JavaScript counts it
//! ```

use super::{Input, Value};

/// `undefined`: at the top level the whole input; as a property's value, the
/// property is left out.
pub(crate) const UNDEFINED: &str = "undefined";
/// A value that threw when read (a getter, a revoked proxy).
pub(crate) const UNREADABLE: &str = "a value that threw when read";
/// A string `packInput` did not copy: over 2^20 UTF-16 code units. Graph's
/// strings are names and ids, and a string near the wasm memory's size would end
/// the module.
const LONG: &str = "a string of over 1,048,576 characters";
/// A string Rust cannot hold: copied, its lone surrogate would silently become
/// U+FFFD, and something else would be sent.
const LONE: &str = "a string with a lone surrogate (not Unicode text)";

/// Reads a packed value. Text not in the format (which `packInput` never writes)
/// reads as a value that could not be read; nothing here panics.
pub(crate) fn unpack(packed: &str) -> Input<&str> {
    // No slicing here can panic (`get` rather than indexing): the panic's
    // message alone would cost the wasm kilobytes.
    let mut cursor = Cursor(packed);
    let input = match packed.strip_prefix('o') {
        Some(properties) => {
            cursor.0 = properties;
            cursor.properties().map(Input::Object)
        }
        None => cursor.value().map(Input::Other),
    };
    match input {
        Some(input) if cursor.0.is_empty() => input,
        _ => Input::Other(Value::Foreign(UNREADABLE)),
    }
}

/// What is left to read.
struct Cursor<'a>(&'a str);

impl<'a> Cursor<'a> {
    #[inline(always)]
    fn letter(&mut self) -> Option<u8> {
        let letter = *self.0.as_bytes().first()?;
        self.0 = self.0.get(1..)?;
        Some(letter)
    }

    fn text(&mut self) -> Option<&'a str> {
        // The length's digits, then ':'.
        let mut units: usize = 0;
        let mut bytes = self.0.bytes();
        loop {
            match bytes.next()? {
                b':' => break,
                digit @ b'0'..=b'9' => {
                    units = units
                        .checked_mul(10)?
                        .checked_add(usize::from(digit - b'0'))?;
                }
                _ => return None,
            }
        }
        let rest = self.0.get(self.0.len() - bytes.len()..)?;
        let end = byte_length(rest, units)?;
        self.0 = rest.get(end..)?;
        rest.get(..end)
    }

    fn value(&mut self) -> Option<Value<&'a str>> {
        Some(match self.letter()? {
            b's' => Value::String(self.text()?),
            b'z' => Value::Null,
            b't' => Value::Bool(true),
            b'f' => Value::Bool(false),
            b'n' => Value::Number,
            b'a' => Value::Array,
            b'o' => Value::Object,
            b'u' => Value::Foreign(UNDEFINED),
            b'b' => Value::Foreign("a bigint"),
            b'y' => Value::Foreign("a symbol"),
            b'F' => Value::Foreign("a function"),
            b'x' => Value::Foreign(UNREADABLE),
            b'L' => Value::Foreign(LONG),
            b'w' => Value::Foreign(LONE),
            _ => return None,
        })
    }

    /// An object's properties, to the end of the text.
    fn properties(&mut self) -> Option<Vec<(&'a str, Value<&'a str>)>> {
        // A status has nine properties at most; room for them from the start.
        let mut properties = Vec::with_capacity(9);
        while !self.0.is_empty() {
            // A name that is no text is still a property (an unknown one, reported).
            let name = match self.letter()? {
                b's' => self.text()?,
                b'L' => "<a string of over 1,048,576 characters>",
                b'w' => "<a string with a lone surrogate (not Unicode text)>",
                _ => return None,
            };
            match self.value()? {
                Value::Foreign(UNDEFINED) => {}
                value => properties.push((name, value)),
            }
        }
        Some(properties)
    }
}

/// The bytes at the start of `text` that hold `units` UTF-16 code units.
fn byte_length(text: &str, units: usize) -> Option<usize> {
    // Most text is ASCII, where a unit is a byte.
    if text.as_bytes().get(..units)?.is_ascii() {
        return Some(units);
    }
    let mut counted = 0;
    for (at, c) in text.char_indices() {
        if counted >= units {
            return (counted == units).then_some(at);
        }
        counted += c.len_utf16();
    }
    (counted == units).then_some(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_in_order() {
        let packed = "os6:statuss9:compliants2:ids0:s1:azs1:bts1:cfs1:dns1:eas1:fos1:gu\
                      s1:hbs1:iys1:jFs1:kxs1:lLs1:mw";
        let Input::Object(properties) = unpack(packed) else {
            panic!("not an object");
        };
        assert_eq!(
            properties,
            vec![
                ("status", Value::String("compliant")),
                ("id", Value::String("")),
                ("a", Value::Null),
                ("b", Value::Bool(true)),
                ("c", Value::Bool(false)),
                ("d", Value::Number),
                ("e", Value::Array),
                ("f", Value::Object),
                ("h", Value::Foreign("a bigint")),
                ("i", Value::Foreign("a symbol")),
                ("j", Value::Foreign("a function")),
                ("k", Value::Foreign(UNREADABLE)),
                ("l", Value::Foreign(LONG)),
                ("m", Value::Foreign(LONE)),
            ],
            "undefined (g) is left out"
        );
    }

    #[test]
    fn lengths_count_utf16_units() {
        // "é" is one unit (two bytes), "😀" two units (four bytes).
        let packed = "os3:é😀s5:a:😀:s1:sn";
        assert_eq!(
            unpack(packed),
            Input::Object(vec![("é😀", Value::String("a:😀:")), ("s", Value::Number)])
        );
    }

    #[test]
    fn values_that_are_not_objects() {
        assert_eq!(unpack("u"), Input::Other(Value::Foreign("undefined")));
        assert_eq!(unpack("s2:{}"), Input::Other(Value::String("{}")));
        assert_eq!(unpack("a"), Input::Other(Value::Array));
        assert_eq!(unpack("o"), Input::Object(vec![]));
        assert_eq!(
            unpack("oLzwn"),
            Input::Object(vec![
                ("<a string of over 1,048,576 characters>", Value::Null),
                (
                    "<a string with a lone surrogate (not Unicode text)>",
                    Value::Number
                ),
            ])
        );
    }

    #[test]
    fn text_not_in_the_format_is_unreadable_never_a_panic() {
        let first = "s3:é😀s5:a:😀:";
        let whole = format!("o{first}s2:ids0:");
        let unreadable = Input::Other(Value::Foreign(UNREADABLE));
        // Every cut reads without panicking; only those between properties read.
        for end in (0..whole.len()).filter(|&end| whole.is_char_boundary(end)) {
            if end != 1 && end != 1 + first.len() {
                assert_eq!(unpack(&whole[..end]), unreadable, "{:?}", &whole[..end]);
            }
        }
        for bad in [
            "",
            "q",
            "os1:a",
            "os1:aq",
            "os9:as",
            "os1:😀n",
            "s1",
            "nn",
            "ox",
        ] {
            assert_eq!(unpack(bad), unreadable, "{bad:?}");
        }
    }
}
