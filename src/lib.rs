//! Report Intune device compliance (`deviceConfigurationDeviceStatus`) to Microsoft
//! Graph from Rust: typed models, Graph's validation rules, and a client whose
//! rules (retries, the no-duplicate rule for creates, paging, token origin) run
//! the same natively, in the npm package and in Rust apps on wasm32.
//!
//! # Validate and build a status
//!
//! (The examples read JSON with serde_json, so they run natively; wasm test
//! runs skip them.)
//!
//! [`validate()`] and [`parse`] take an [`Input`] (any serde format deserializes
//! into one, JSON text included) and report every problem at once, with its path;
//! [`DeviceConfigurationDeviceStatus`] serializes to the body Graph expects.
//!
//! ```ignore-wasm32
//! use intune_device_status::{parse, validate, Input, IssueCode, Mode};
//!
//! let input: Input = serde_json::from_str(
//!     r#"{"status": "Compliant", "lastReportedDateTime": "2023-02-29T10:00:00Z"}"#,
//! )?;
//! let report = validate(input, Mode::Create);
//! let problems: Vec<(&str, IssueCode)> =
//!     report.errors.iter().map(|e| (e.path.as_str(), e.code)).collect();
//! assert_eq!(
//!     problems,
//!     [
//!         ("status", IssueCode::Enum),
//!         ("lastReportedDateTime", IssueCode::Range),
//!         ("complianceGracePeriodExpirationDateTime", IssueCode::Required),
//!     ]
//! );
//!
//! let status = parse(serde_json::from_str(
//!     r#"{"status": "compliant", "lastReportedDateTime": "2024-05-01T12:30:00Z",
//!         "complianceGracePeriodExpirationDateTime": "2024-06-01T00:00:00Z"}"#,
//! )?)?;
//! let body = serde_json::to_value(&status)?;
//! assert_eq!(body["@odata.type"], "#microsoft.graph.deviceConfigurationDeviceStatus");
//! assert_eq!(body["deviceDisplayName"], serde_json::Value::Null);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Send it
//!
//! On wasm32 (a Leptos or Yew portal, a Cloudflare Worker in Rust), `Client`
//! (`web::Client`) sends over the runtime's global `fetch`, with tokens from a
//! string or an async closure; see the `web` module. Everywhere, [`client`] is the
//! same client without I/O: a [`client::Call`] says what to send, the driver reports
//! what came back, until the call is done. Driven by hand:
//!
//! ```ignore-wasm32
//! use intune_device_status::client::path::GraphRoot;
//! use intune_device_status::client::retry::RetryPolicy;
//! use intune_device_status::client::{Config, Graph, Output, Reply, Seed, Step};
//! use intune_device_status::{parse, ApiVersion, Cloud, ErrorKind};
//!
//! let graph = Graph::new(Config {
//!     cloud: Cloud::Global,
//!     version: ApiVersion::V1,
//!     root: GraphRoot::of_cloud(Cloud::Global),
//!     retry: RetryPolicy::default(),
//! });
//! let status = parse(serde_json::from_str(
//!     r#"{"status": "compliant", "lastReportedDateTime": "2024-05-01T12:30:00Z",
//!         "complianceGracePeriodExpirationDateTime": "2024-06-01T00:00:00Z"}"#,
//! )?)?;
//! // The driver gives each call its random bytes (a UUID for client-request-id).
//! let seed = Seed { client_request_id: None, random: [7; 16] };
//! let mut call = graph.create("cfg-1", &status, &seed)?;
//!
//! let Step::Send { request, .. } = call.resume()? else { panic!("a request first") };
//! assert_eq!(
//!     request.url,
//!     "https://graph.microsoft.com/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses"
//! );
//! let echo = request.body.clone().unwrap_or_default();
//!
//! // Graph answers 504: the create may have been stored. Without an id to look it
//! // up by, it is never resent blindly.
//! let gateway = Reply {
//!     status: 504,
//!     status_text: "Gateway Timeout".into(),
//!     retry_after: None,
//!     request_id: None,
//!     date: None,
//!     location: None,
//!     body: String::new(),
//!     now_ms: 0,
//! };
//! let error = call.on_reply::<serde_json::Value>(gateway).err().expect("no retry");
//! assert_eq!(error.kind(), ErrorKind::OutcomeUnknown);
//! # let _ = echo;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//!
//! - `npm`: the npm package's JavaScript API (`validateDeviceStatus`,
//!   `DeviceStatusClient`, `GraphError`, ... in the `js` module, with its
//!   JavaScript snippets and TypeScript types) and its small allocator. `make pkg`
//!   turns it on. Without it, as a Rust app depends on the crate, the crate
//!   exports nothing to JavaScript and sets no `#[global_allocator]`.
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

// The npm package's allocator: talc, which merges freed blocks and reuses them
// for any size (a size-class allocator of our own kept each class's peak), at a
// few hundred bytes more than one that never merges. A Rust app keeps its own.
#[cfg(all(
    target_arch = "wasm32",
    feature = "npm",
    not(target_feature = "atomics")
))]
#[global_allocator]
static HEAP: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

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
#[cfg(target_arch = "wasm32")]
pub use web::{
    CallOptions, Client, ClientBuilder, CreateManyOptions, DeprecationWarning, Pages, TokenFuture,
    TokenRequest, TokenSource,
};

// The README's Rust examples compile in `cargo test` (native doctests: serde_json is
// a native dev-dependency; the wasm32-only `Client` one is marked `ignore`, and
// examples/rust-worker builds that for real).
#[cfg(all(doctest, not(target_arch = "wasm32")))]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
