//! The crate's one error type. The JS boundary turns it, in one place, into the
//! exported `GraphError` class (`src/js/error.rs`).

use crate::validate::ValidationReport;
use core::fmt;
use serde::{Deserialize, Serialize};

/// What went wrong, as one word a program can branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(
    feature = "npm",
    derive(tsify::Tsify),
    tsify(rename = "GraphErrorKind")
)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The status breaks the resource's rules; nothing was sent.
    Validation,
    /// An argument other than the status is unusable (a bad id, an unknown option);
    /// nothing was sent.
    InvalidArgument,
    /// No token could be had, or Graph still answered 401 after one fresh token.
    Auth,
    /// Graph answered with an error (403, 404, 409, 400, 5xx…); `code` is Graph's.
    Service,
    /// Graph kept answering 429 past the retry policy.
    Throttled,
    /// The connection failed on every attempt.
    Network,
    /// Every attempt ran past `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// Graph's answer could not be understood (not JSON, not the resource, a
    /// redirect, a nextLink to another host).
    InvalidResponse,
    /// A create may or may not have been stored (504, timeout or dropped
    /// connection) and it had no `id` to check with; it was not resent.
    OutcomeUnknown,
    /// Graph stored the create (it answered 2xx), but its answer could not be
    /// read and gave no id, so the stored status cannot be returned. Do not send
    /// it again: list the configuration's statuses to find it.
    StoredUnreadable,
}

impl ErrorKind {
    /// The kind as JavaScript sees it (`"validation"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::InvalidArgument => "invalidArgument",
            Self::Auth => "auth",
            Self::Service => "service",
            Self::Throttled => "throttled",
            Self::Network => "network",
            Self::Timeout => "timeout",
            Self::Aborted => "aborted",
            Self::InvalidResponse => "invalidResponse",
            Self::OutcomeUnknown => "outcomeUnknown",
            Self::StoredUnreadable => "storedUnreadable",
        }
    }
}

/// The `error` object of an OData error body. Code against `code`, never `message`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ODataError {
    /// Graph's error code, such as `Authorization_RequestDenied`.
    #[serde(default)]
    pub code: String,
    /// A human-readable message (it may change; do not branch on it).
    #[serde(default)]
    pub message: String,
    /// Request ids and the date, for support.
    #[serde(
        rename = "innerError",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub inner_error: Option<InnerError>,
}

/// The `innerError` of an OData error. Graph's `date` has no offset, so it is kept
/// as text rather than validated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InnerError {
    /// The service's request id.
    #[serde(
        rename = "request-id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    /// The client request id Graph received.
    #[serde(
        rename = "client-request-id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_request_id: Option<String>,
    /// When the error happened (as Graph writes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A call that reached (or tried to reach) Graph and failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestError {
    /// What went wrong.
    pub kind: ErrorKind,
    /// What a person should read. Never contains the token.
    pub message: String,
    /// The last HTTP status, when Graph answered.
    pub status: Option<u16>,
    /// Graph's `error.code`, when it sent one.
    pub code: Option<String>,
    /// `request-id` (header, or the body's `innerError`).
    pub request_id: Option<String>,
    /// The `client-request-id` sent with every attempt of the call.
    pub client_request_id: Option<String>,
    /// The `Date` header or the body's `innerError.date`.
    pub date: Option<String>,
    /// How long Graph asked to wait, when it said.
    pub retry_after_ms: Option<u64>,
    /// Attempts made.
    pub attempts: u32,
    /// Graph's error object, when the body had one.
    pub body: Option<ODataError>,
    /// The failure that settled (or could not settle) this one: for a create
    /// whose outcome was unknown, its lookup's. JavaScript sees it as
    /// `GraphError.cause`; Rust as [`std::error::Error::source`].
    pub cause: Option<Box<Error>>,
}

impl RequestError {
    /// An error with only a kind and a message; the rest is filled in as known.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            status: None,
            code: None,
            request_id: None,
            client_request_id: None,
            date: None,
            retry_after_ms: None,
            attempts: 0,
            body: None,
            cause: None,
        }
    }
}

/// An error of this crate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The status is invalid; the report lists every problem.
    Validation(ValidationReport),
    /// An argument is unusable.
    InvalidArgument {
        /// The argument, as the JS API names it (`"options.mode"`).
        argument: &'static str,
        /// What was expected and what was found.
        message: String,
    },
    /// A request failed.
    Request(Box<RequestError>),
}

impl Error {
    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Validation(_) => ErrorKind::Validation,
            Self::InvalidArgument { .. } => ErrorKind::InvalidArgument,
            Self::Request(request) => request.kind,
        }
    }

    /// A request error of `kind` with only a message (no answer from Graph).
    pub fn request(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self::Request(Box::new(RequestError::new(kind, message)))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Validation(report) => report.fmt(f),
            Self::InvalidArgument { argument, message } => write!(f, "{argument}: {message}"),
            Self::Request(request) => f.write_str(&request.message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Request(request) => request
                .cause
                .as_deref()
                .map(|cause| cause as &(dyn std::error::Error + 'static)),
            _ => None,
        }
    }
}

impl From<ValidationReport> for Error {
    fn from(report: ValidationReport) -> Self {
        Self::Validation(report)
    }
}
