//! What Rust on wasm32 takes from its JavaScript runtime, whether the crate is the
//! npm package (`src/js/`) or a dependency of a Rust app: JavaScript values read as
//! the core reads JSON ([`json`]), the clock and random bytes for each call.
//! Browsers, web workers, Node and Cloudflare Workers all have them globally.

pub mod client;
mod fetch;
pub mod json;
pub mod token;
#[cfg(not(feature = "npm"))]
mod values;

pub use client::{
    CallOptions, Client, ClientBuilder, CreateManyOptions, DeprecationWarning, Pages,
};
pub use token::{TokenFuture, TokenRequest, TokenSource};

use crate::client::Seed;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The global `crypto.getRandomValues` (browsers, workers, Node 20+, workerd).
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buffer: &mut [u8]);
}

/// Unix time in milliseconds, for a `Retry-After` given as a date.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A new call's seed: the caller's `client-request-id`, or a fresh one from random
/// bytes that also seed the call's retry jitter.
pub fn seed(client_request_id: Option<String>) -> Seed {
    let mut random = [0u8; 16];
    get_random_values(&mut random);
    Seed {
        client_request_id,
        random,
    }
}

/// Seeds for many calls (`createMany`'s, one per status), their random bytes
/// fetched sixteen seeds at a time: one `getRandomValues` call costs about as
/// much as filling a few hundred bytes (several microseconds in Node).
pub(crate) struct Seeds {
    random: [[u8; 16]; 16],
    /// How many of `random` have been handed out.
    used: usize,
}

impl Seeds {
    pub(crate) fn new() -> Self {
        // Nothing fetched yet: as if every seed had been handed out.
        Self {
            random: [[0; 16]; 16],
            used: 16,
        }
    }

    /// A fresh call's seed, as [`seed`]`(None)` gives.
    pub(crate) fn next(&mut self) -> Seed {
        if self.used >= self.random.len() {
            get_random_values(self.random.as_flattened_mut());
            self.used = 0;
        }
        let random = self.random[self.used];
        self.used += 1;
        Seed {
            client_request_id: None,
            random,
        }
    }
}
