//! One request and its attempts, without I/O: the driver (`js/support.js` for the
//! npm package, `src/web/` for Rust on wasm32, a script in native tests) sends
//! what this asks for, reports what came back, and waits when told to. Every rule lives here: the token's origin, one fresh token after
//! a 401, which failures are retried and for how long, and what the final error
//! says.

use crate::client::body::Json;
use crate::client::retry::{next, parse_retry_after, Attempt, Budget, Method, Next};
use crate::cloud::Access;
use crate::error::{Error, ErrorKind, InnerError, ODataError, RequestError};

/// A request as the client means to send it.
#[derive(Clone, Debug)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The full URL, on the Graph root's origin.
    pub url: String,
    /// Which scope the token needs.
    pub access: Access,
    /// A JSON body.
    pub body: Option<String>,
    /// The call's `client-request-id`, the same on every attempt.
    pub client_request_id: String,
}

impl Request {
    /// `METHOD url` without the query, for messages.
    pub(crate) fn what(&self) -> String {
        format!(
            "{} {}",
            self.method.as_str(),
            self.url.split('?').next().unwrap_or_default()
        )
    }
}

/// The parts of a response the client reads.
#[derive(Clone, Debug)]
pub struct Reply {
    /// The HTTP status; 0 for a redirect that was not followed.
    pub status: u16,
    /// The status text, for messages.
    pub status_text: String,
    /// `Retry-After`.
    pub retry_after: Option<String>,
    /// Graph's `request-id`.
    pub request_id: Option<String>,
    /// `Date`.
    pub date: Option<String>,
    /// `Location`: where a create's status was stored.
    pub location: Option<String>,
    /// The whole body as text.
    pub body: String,
    /// When the reply arrived, in Unix milliseconds: a `Retry-After` given as an
    /// HTTP date counts from it.
    pub now_ms: u64,
}

impl Reply {
    /// `Retry-After` in milliseconds from now, as seconds or an HTTP date.
    pub(crate) fn retry_after_ms(&self) -> Option<u64> {
        let value = self.retry_after.as_deref()?;
        parse_retry_after(value, self.now_ms)
    }
}

/// Why an attempt produced no reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The caller's signal fired: before the request left or during a wait
    /// (`sent: false`, nothing of this attempt reached Graph), or while it was out
    /// (`sent: true`: Graph may have processed it, so a create's outcome is
    /// unknown). `deadline` when the signal's reason is a timeout (JavaScript's
    /// `AbortSignal.timeout()`): the call ends as `timeout`, not `aborted`.
    Aborted {
        /// The request had left.
        sent: bool,
        /// The caller's deadline passed.
        deadline: bool,
    },
    /// The attempt's timeout fired.
    Timeout,
    /// The connection failed; the text is the runtime's message.
    Network(String),
    /// No connection could be made, as the runtime says (Node's `ECONNREFUSED`,
    /// `ENOTFOUND`): nothing was sent, so even a create may go again.
    Refused(String),
    /// The driver did not send the request (createMany stopped sending during an
    /// outage); the text says why. Final, and nothing of it reached Graph.
    Withheld(String),
}

/// What the driver does next for this request.
pub enum Progress {
    /// Send the request (again), with a token; a fresh one when `refresh`.
    Send {
        /// Ask the token source for a new token (after a 401).
        refresh: bool,
    },
    /// Wait this long, then ask again.
    Wait(u64),
}

/// What a reply means for the request.
pub enum Replied {
    /// Graph answered with a 2xx: the operation reads the answer.
    Answered(Reply),
    /// The request goes on (a retry, a fresh token).
    Pending(Progress),
}

/// One request's attempts so far.
pub struct Exchange {
    /// The request.
    pub request: Request,
    attempts: u32,
    retries: u32,
    /// A 401 was answered with a fresh token (once per request).
    refreshed: bool,
    /// The next send asks for that fresh token.
    refresh_next: bool,
    /// The last attempt may have been processed (a create's 504, timeout or
    /// dropped connection): its error is the attempt's own, and the call decides
    /// what the unknown outcome means.
    uncertain: bool,
}

/// Reads Graph's `{"error": {...}}` from a body, when it has that shape.
fn odata_error<J: Json>(body: &str) -> Option<ODataError> {
    let error = J::parse(body)?.object("error")?;
    let text = |target: &J, key: &str| target.member(key).and_then(|v| v.string());
    let inner = error.object("innerError").map(|inner| InnerError {
        request_id: text(&inner, "request-id"),
        client_request_id: text(&inner, "client-request-id"),
        date: text(&inner, "date"),
    });
    Some(ODataError {
        code: text(&error, "code").unwrap_or_default(),
        message: text(&error, "message").unwrap_or_default(),
        inner_error: inner,
    })
}

impl Exchange {
    /// Whether the last attempt may have been processed although it failed.
    pub fn uncertain(&self) -> bool {
        self.uncertain
    }

    /// A request not yet sent; `attempts` made before under the same operation
    /// (a create resent after a lookup found nothing counts its earlier POSTs).
    pub fn new(request: Request, attempts: u32) -> Self {
        Self {
            request,
            attempts,
            retries: 0,
            refreshed: false,
            refresh_next: false,
            uncertain: false,
        }
    }

    fn request_error(
        &self,
        kind: ErrorKind,
        message: String,
        reply: Option<&Reply>,
    ) -> RequestError {
        let mut error = RequestError::new(kind, message);
        error.status = reply.map(|r| r.status);
        error.request_id = reply.and_then(|r| r.request_id.clone());
        error.client_request_id = Some(self.request.client_request_id.clone());
        error.attempts = self.attempts;
        error
    }

    fn error(&self, kind: ErrorKind, message: String, reply: Option<&Reply>) -> Error {
        Error::Request(Box::new(self.request_error(kind, message, reply)))
    }

    /// An answer Graph should not have given.
    pub fn invalid_response(&self, message: String, reply: Option<&Reply>) -> Error {
        self.error(ErrorKind::InvalidResponse, message, reply)
    }

    /// Another attempt (after a wait, or a 401).
    pub fn send(&mut self) -> Progress {
        self.attempts += 1;
        Progress::Send {
            refresh: core::mem::take(&mut self.refresh_next),
        }
    }

    /// What an attempt's reply means.
    pub fn on_reply<J: Json>(
        &mut self,
        reply: Reply,
        budget: &mut Budget,
    ) -> Result<Replied, Error> {
        match reply.status {
            200..=299 => Ok(Replied::Answered(reply)),
            0 | 300..=399 => Err(self.invalid_response(
                format!(
                    "{} answered with a redirect ({}), which is not followed with the token",
                    self.request.what(),
                    reply.status
                ),
                Some(&reply),
            )),
            401 if !self.refreshed => {
                // One fresh token, once; a second 401 is final.
                self.refreshed = true;
                self.refresh_next = true;
                Ok(Replied::Pending(self.send()))
            }
            status => {
                let retry_after = reply.retry_after_ms();
                self.after(Attempt::Status(status), retry_after, budget, |this| {
                    this.reply_error::<J>(&reply)
                })
                .map(Replied::Pending)
            }
        }
    }

    /// What an attempt that got no reply means.
    pub fn on_failure(&mut self, failure: Failure, budget: &mut Budget) -> Result<Progress, Error> {
        let attempt = match failure {
            Failure::Aborted { sent, .. } => {
                // Never retried; a create that had left may have been stored.
                self.uncertain = sent && self.request.method == Method::Post;
                return Err(self.failure_error(&failure));
            }
            Failure::Withheld(_) => return Err(self.failure_error(&failure)),
            Failure::Timeout => Attempt::Timeout,
            Failure::Network(_) => Attempt::Network,
            Failure::Refused(_) => Attempt::Refused,
        };
        self.after(attempt, None, budget, |this| this.failure_error(&failure))
    }

    /// The attempt the last send counted never left (the caller had aborted).
    pub fn unsend(&mut self) {
        self.attempts = self.attempts.saturating_sub(1);
    }

    /// Retries, gives up, or declares the outcome unknown, by the retry rules.
    fn after(
        &mut self,
        attempt: Attempt,
        retry_after: Option<u64>,
        budget: &mut Budget,
        give_up: impl FnOnce(&Self) -> Error,
    ) -> Result<Progress, Error> {
        match next(self.request.method, attempt) {
            Next::Stop => Err(give_up(self)),
            // Only a create's POST ends here; its Call words the error, as it
            // alone knows whether a lookup settles the outcome.
            Next::OutcomeUnknown => {
                self.uncertain = true;
                Err(give_up(self))
            }
            Next::Retry => match budget.wait(self.retries, retry_after) {
                Some(wait) => {
                    self.retries += 1;
                    Ok(Progress::Wait(wait))
                }
                None => Err(give_up(self)),
            },
        }
    }

    /// The error for a final, unsuccessful reply.
    fn reply_error<J: Json>(&self, reply: &Reply) -> Error {
        let kind = match reply.status {
            401 => ErrorKind::Auth,
            429 => ErrorKind::Throttled,
            _ => ErrorKind::Service,
        };
        let odata = odata_error::<J>(&reply.body);
        let inner = odata
            .as_ref()
            .and_then(|e| e.inner_error.clone())
            .unwrap_or_default();
        let what = format!(
            "{} answered {} {}",
            self.request.what(),
            reply.status,
            reply.status_text
        );
        let mut message = match &odata {
            Some(e) if !e.code.is_empty() || !e.message.is_empty() => {
                format!("{what}: {}: {}", e.code, e.message)
            }
            _ if reply.body.trim_ascii().is_empty() => format!("{what} with an empty body"),
            _ => format!("{what} with a body that is not a Graph error"),
        };
        if self.attempts > 1 {
            message.push_str(&format!(" (after {} attempts)", self.attempts));
        }
        let mut error = self.request_error(kind, message, Some(reply));
        error.code = odata
            .as_ref()
            .map(|e| e.code.clone())
            .filter(|c| !c.is_empty());
        error.request_id = error.request_id.take().or(inner.request_id);
        error.date = inner.date.or_else(|| reply.date.clone());
        error.retry_after_ms = reply.retry_after_ms();
        error.body = odata;
        Error::Request(Box::new(error))
    }

    fn failure_error(&self, failure: &Failure) -> Error {
        let (kind, why) = match failure {
            Failure::Aborted {
                deadline: false, ..
            } => (ErrorKind::Aborted, "the call was aborted".to_owned()),
            Failure::Aborted { deadline: true, .. } => (
                ErrorKind::Timeout,
                "the caller's deadline passed (its signal timed out)".to_owned(),
            ),
            Failure::Timeout => (
                ErrorKind::Timeout,
                "Graph did not answer within timeoutMs".to_owned(),
            ),
            Failure::Network(why) => (
                ErrorKind::Network,
                format!("the request could not be sent: {why}"),
            ),
            Failure::Refused(why) => (
                ErrorKind::Network,
                format!("no connection could be made, so nothing reached Graph: {why}"),
            ),
            Failure::Withheld(why) => (ErrorKind::Network, format!("not sent: {why}")),
        };
        self.error(kind, format!("{}: {why}", self.request.what()), None)
    }
}
