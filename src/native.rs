//! Native builds read reply bodies with serde_json (never in the wasm, where the
//! runtime's `JSON.parse` does it: `src/web/json.rs`).

use crate::client::body::{without_bom, Json};
use crate::input::{Input, Value};
use serde::Deserialize;

impl Json for serde_json::Value {
    fn parse(text: &str) -> Option<Self> {
        serde_json::from_str(without_bom(text)).ok()
    }

    fn member(&self, key: &str) -> Option<Self> {
        self.as_object()?.get(key).cloned()
    }

    fn is_object(&self) -> bool {
        self.is_object()
    }

    fn string(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn members(&self) -> Vec<(String, Self)> {
        self.as_object()
            .map(|object| object.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    }

    fn to_json(&self) -> String {
        self.to_string()
    }

    fn elements(&self) -> Option<impl Iterator<Item = Self> + '_> {
        Some(self.as_array()?.iter().cloned())
    }

    fn read_input<R>(&self, read: impl FnOnce(Input<&str>) -> R) -> R {
        // Reading a parsed value cannot fail: every JSON value is some `Input`.
        let input =
            Input::deserialize(self).unwrap_or(Input::Other(Value::Foreign("unreadable JSON")));
        read(input.borrowed())
    }
}
