//! Report Intune device compliance (`deviceConfigurationDeviceStatus`) to Microsoft
//! Graph: typed models and validation that run natively and in WebAssembly.
//!
//! The Rust API is plain Rust: [`validate`] and [`parse`] take an [`Input`] (any
//! serde format deserializes into one, JSON text included), and
//! [`DeviceConfigurationDeviceStatus`] serializes to the body Graph expects. The
//! Graph client's rules live in [`client`], free of I/O, and run natively.
//!
//! On wasm32, [`web`] holds what every JavaScript runtime gives the crate. The
//! `npm` feature adds the npm package's JavaScript API (`validateDeviceStatus`,
//! `DeviceStatusClient`, `GraphError`, ...) in the `js` module and its allocator;
//! without it the crate exports nothing to JavaScript and sets no
//! `#[global_allocator]`, so a Rust app keeps its own.
#![deny(missing_docs)]

pub mod client;
pub mod cloud;
mod datetime;
pub mod error;
pub mod input;
pub mod json;
pub mod model;
pub mod validate;

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(all(target_arch = "wasm32", feature = "npm"))]
pub mod js;

#[cfg(all(
    target_arch = "wasm32",
    feature = "npm",
    not(target_feature = "atomics")
))]
mod heap;
#[cfg(all(
    target_arch = "wasm32",
    feature = "npm",
    not(target_feature = "atomics")
))]
#[global_allocator]
static HEAP: heap::SizeClasses = heap::SizeClasses::new();

pub use cloud::{Access, ApiVersion, Cloud};
pub use datetime::{DateTimeError, RangeProblem};
pub use error::{Error, ErrorKind, ODataError, RequestError};
pub use input::{Input, Value};
pub use model::{
    ComplianceStatus, DateTimeOffset, DeviceConfigurationDeviceStatus, DeviceStatusPatch,
    ODATA_TYPE,
};
pub use validate::{
    parse, parse_patch, validate, FieldIssue, IssueCode, Mode, ValidationReport, PROPERTY_NAMES,
};
