//! The Graph client, sans I/O: what to send, what a reply means, when to retry and
//! how long to wait are decided here; the JavaScript driver (`js/support.js`) only
//! moves bytes, tokens and timers. The rules that need no JavaScript (where
//! requests go, the retry policy) are plain Rust and test natively.

pub mod path;
pub mod retry;

#[cfg(target_arch = "wasm32")]
mod call;
#[cfg(target_arch = "wasm32")]
mod exchange;
#[cfg(target_arch = "wasm32")]
mod graph;

#[cfg(target_arch = "wasm32")]
pub use call::{Call, Listed, Output, Step};
#[cfg(target_arch = "wasm32")]
pub use exchange::{Failure, Reply, Request};
#[cfg(target_arch = "wasm32")]
pub use graph::{Client, Config};
