//! The Graph client. Its rules (where requests go, what is retried, how long to
//! wait) are plain Rust and test natively; sending needs `fetch`, so the client
//! itself is built for wasm32 only.

pub mod path;
pub mod retry;

#[cfg(target_arch = "wasm32")]
mod graph;
#[cfg(target_arch = "wasm32")]
pub mod transport;

#[cfg(target_arch = "wasm32")]
pub use graph::{CallOptions, Client, Config, Listed, Page};
