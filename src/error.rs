//! The crate's one error type. The JS boundary turns it, in one place, into the
//! exported `GraphError` class (`src/js/error.rs`).

use crate::validate::ValidationReport;
use core::fmt;
use serde::Serialize;

/// What went wrong, as one word a program can branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(rename = "GraphErrorKind")
)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The status breaks the resource's rules; nothing was sent.
    Validation,
    /// An argument other than the status is unusable (an unknown `mode`, say).
    InvalidArgument,
}

impl ErrorKind {
    /// The kind as JavaScript sees it (`"validation"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::InvalidArgument => "invalidArgument",
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
}

impl Error {
    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Validation(_) => ErrorKind::Validation,
            Self::InvalidArgument { .. } => ErrorKind::InvalidArgument,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Validation(report) => report.fmt(f),
            Self::InvalidArgument { argument, message } => write!(f, "{argument}: {message}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<ValidationReport> for Error {
    fn from(report: ValidationReport) -> Self {
        Self::Validation(report)
    }
}
