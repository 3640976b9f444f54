//! The Graph client, sans I/O: what to send, what a reply means, when to retry and
//! how long to wait are decided here, and nothing here reads a clock, a random
//! source or a runtime's JSON parser. A driver moves bytes, tokens and timers:
//! `js/support.js` for the npm package, `web::Client` for Rust on wasm32,
//! scripted replies in the native tests (`tests/client/`).
//!
//! A driver asks [`Graph`] for an operation's [`Call`] (giving it a [`Seed`]), then
//! loops: [`Call::resume`] gives the first [`Step`]; for [`Step::Send`] it sends the
//! request and reports a [`Reply`] ([`Call::on_reply`], the body read with its
//! [`Json`]) or a [`Failure`] ([`Call::on_failure`]); for [`Step::Wait`] it waits
//! and resumes; [`Step::Done`] carries the answer.

pub mod body;
pub mod bulk;
mod call;
mod exchange;
mod graph;
pub mod path;
pub mod retry;
pub mod token;

pub use body::Json;
pub use call::{Call, Listed, Output, Step};
pub use exchange::{Failure, Reply, Request};
pub use graph::{Config, Graph, Seed};
pub use token::check_token;
