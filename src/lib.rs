//! Report Intune device compliance (`deviceConfigurationDeviceStatus`) to Microsoft
//! Graph: typed models and validation that run natively and in WebAssembly.
//!
//! The Rust API is plain Rust: [`validate`] and [`parse`] take an [`Input`] (any
//! serde format deserializes into one, JSON text included), and
//! [`DeviceConfigurationDeviceStatus`] serializes to the body Graph expects. The
//! `wasm32` build adds the JavaScript API (`validateDeviceStatus`,
//! `parseDeviceStatus`, `complianceStatuses`, `GraphError`) in the `js` module, which
//! native builds never compile.
#![deny(missing_docs)]

pub mod client;
pub mod cloud;
mod datetime;
pub mod error;
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod heap;
pub mod input;
pub mod json;
pub mod model;
pub mod validate;

#[cfg(target_arch = "wasm32")]
pub mod js;

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
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
