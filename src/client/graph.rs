//! `Client`: the resource's operations over Graph, with the retry, token and
//! host rules of this crate. Values in and out are the crate's Rust types.

use crate::auth::TokenSource;
use crate::client::path::{check_id, statuses_url, uuid_v4, GraphRoot, ListQuery, Tail};
use crate::client::retry::{next, parse_retry_after, Attempt, Method, Next, RetryPolicy};
use crate::client::transport::{
    exchange, now_ms, random_bytes, random_unit, sleep, Failure, Outgoing, Reply,
};
use crate::cloud::{Access, ApiVersion, Cloud};
use crate::error::{Error, ErrorKind, InnerError, ODataError, RequestError};
use crate::model::{DeviceConfigurationDeviceStatus, DeviceStatusPatch, ODataType};
use crate::validate::{parse, parse_patch};
use core::cell::Cell;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

/// How the client reaches Graph.
pub struct Config {
    /// Where tokens come from.
    pub token: TokenSource,
    /// The cloud: its root (unless `root` replaces it) and its scopes.
    pub cloud: Cloud,
    /// The API version.
    pub version: ApiVersion,
    /// Where requests go (the cloud's root, or `baseUrl`).
    pub root: GraphRoot,
    /// Retries.
    pub retry: RetryPolicy,
    /// Each attempt's timeout.
    pub timeout_ms: Option<u64>,
    /// Called with `{ deprecation, sunset, url }` when Graph flags the entity.
    pub on_warning: Option<js_sys::Function>,
}

/// Per-call options.
#[derive(Default)]
pub struct CallOptions {
    /// Aborts the call (and its waits).
    pub signal: Option<AbortSignal>,
    /// The `client-request-id` to send, instead of a fresh UUID.
    pub client_request_id: Option<String>,
}

/// A status as a list returns it: whole, or only the `$select`ed properties.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Listed {
    /// Every property.
    Whole(DeviceConfigurationDeviceStatus),
    /// Some properties (`$select`).
    Partial(DeviceStatusPatch),
}

/// One page of a list.
pub struct Page {
    /// The statuses on the page.
    pub items: Vec<Listed>,
    /// The next page's URL, already checked to be on the Graph origin.
    pub next_link: Option<String>,
}

/// A Graph client for `deviceConfigurationDeviceStatus`.
pub struct Client {
    config: Config,
    warned: Cell<bool>,
}

struct Request<'a> {
    method: Method,
    url: String,
    access: Access,
    body: Option<String>,
    call: &'a CallOptions,
    client_request_id: String,
}

fn header(reply: &Reply, name: &str) -> Option<String> {
    reply.headers.get(name).filter(|v| !v.is_empty())
}

fn invalid_response(
    message: String,
    reply: Option<&Reply>,
    request: &Request<'_>,
    attempts: u32,
) -> Error {
    let mut error = RequestError::new(ErrorKind::InvalidResponse, message);
    error.status = reply.map(|r| r.status);
    error.request_id = reply.and_then(|r| header(r, "request-id"));
    error.client_request_id = Some(request.client_request_id.clone());
    error.attempts = attempts;
    Error::Request(Box::new(error))
}

/// Reads Graph's `{"error": {...}}` from a parsed body, when it has that shape.
fn odata_error(body: &JsValue) -> Option<ODataError> {
    let text = |target: &JsValue, key: &str| {
        js_sys::Reflect::get(target, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    let error = js_sys::Reflect::get(body, &JsValue::from_str("error")).ok()?;
    if !error.is_object() {
        return None;
    }
    let inner = js_sys::Reflect::get(&error, &JsValue::from_str("innerError"))
        .ok()
        .filter(JsValue::is_object)
        .map(|inner| InnerError {
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

/// Parses JSON text with the runtime's own `JSON.parse` (no serde_json in the wasm).
fn json(text: &str) -> Option<JsValue> {
    js_sys::JSON::parse(text.trim_start_matches('\u{feff}')).ok()
}

impl Client {
    /// A client with this configuration.
    pub fn new(config: Config) -> Self {
        Self {
            config,
            warned: Cell::new(false),
        }
    }

    /// The URL of an operation, after checking the ids that go into it: every
    /// operation builds its URL here, so none can skip the checks.
    fn url(&self, configuration_id: &str, tail: Tail<'_>) -> Result<String, Error> {
        check_id("configurationId", configuration_id)?;
        if let Tail::Status(status_id) = tail {
            check_id("statusId", status_id)?;
        }
        Ok(statuses_url(
            &self.config.root,
            self.config.version.segment(),
            configuration_id,
            tail,
        ))
    }

    fn request<'a>(
        &self,
        method: Method,
        url: String,
        access: Access,
        body: Option<String>,
        call: &'a CallOptions,
    ) -> Request<'a> {
        let client_request_id = call
            .client_request_id
            .clone()
            .unwrap_or_else(|| uuid_v4(random_bytes()));
        Request {
            method,
            url,
            access,
            body,
            call,
            client_request_id,
        }
    }

    /// Tells the caller (once per client by default) that Graph flags the entity.
    fn warn(&self, reply: &Reply, url: &str) {
        let deprecation = header(reply, "deprecation");
        let sunset = header(reply, "sunset");
        if deprecation.is_none() && sunset.is_none() {
            return;
        }
        let text = |v: &Option<String>| v.as_deref().map_or(JsValue::NULL, JsValue::from_str);
        match &self.config.on_warning {
            Some(callback) => {
                let warning = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&warning, &"deprecation".into(), &text(&deprecation));
                let _ = js_sys::Reflect::set(&warning, &"sunset".into(), &text(&sunset));
                let _ = js_sys::Reflect::set(&warning, &"url".into(), &JsValue::from_str(url));
                // A throwing callback must not fail the call that succeeded.
                let _ = callback.call1(&JsValue::UNDEFINED, &warning);
            }
            None if !self.warned.replace(true) => {
                web_sys::console::warn_1(&JsValue::from_str(&format!(
                    "intune-device-status: Microsoft Graph marks deviceConfigurationDeviceStatus as deprecated \
                     (Deprecation: {}, Sunset: {}). Pass onWarning to handle this yourself.",
                    deprecation.as_deref().unwrap_or("-"),
                    sunset.as_deref().unwrap_or("-")
                )));
            }
            None => {}
        }
    }

    /// The error for a final, unsuccessful reply.
    fn reply_error(&self, reply: &Reply, request: &Request<'_>, attempts: u32) -> Error {
        let kind = match reply.status {
            401 => ErrorKind::Auth,
            429 => ErrorKind::Throttled,
            _ => ErrorKind::Service,
        };
        let odata = json(&reply.body).and_then(|value| odata_error(&value));
        let inner = odata
            .as_ref()
            .and_then(|e| e.inner_error.clone())
            .unwrap_or_default();
        let mut error = RequestError::new(kind, String::new());
        error.status = Some(reply.status);
        error.code = odata
            .as_ref()
            .map(|e| e.code.clone())
            .filter(|c| !c.is_empty());
        error.request_id = header(reply, "request-id").or(inner.request_id);
        error.client_request_id = Some(request.client_request_id.clone());
        error.date = inner.date.or_else(|| header(reply, "date"));
        error.retry_after_ms =
            header(reply, "retry-after").and_then(|v| parse_retry_after(&v, now_ms()));
        error.attempts = attempts;
        let what = format!(
            "{} {} answered {} {}",
            request.method.as_str(),
            request.url.split('?').next().unwrap_or_default(),
            reply.status,
            reply.status_text
        );
        error.message = match &odata {
            Some(e) if !e.code.is_empty() || !e.message.is_empty() => {
                format!("{what}: {}: {}", e.code, e.message)
            }
            _ if reply.body.trim().is_empty() => format!("{what} with an empty body"),
            _ => format!("{what} with a body that is not a Graph error"),
        };
        if attempts > 1 {
            error
                .message
                .push_str(&format!(" (after {attempts} attempts)"));
        }
        error.body = odata;
        Error::Request(Box::new(error))
    }

    fn failure_error(failure: &Failure, request: &Request<'_>, attempts: u32) -> Error {
        let (kind, message) = match failure {
            Failure::Aborted => (ErrorKind::Aborted, "the call was aborted".to_owned()),
            Failure::Timeout => (
                ErrorKind::Timeout,
                "Graph did not answer within timeoutMs".to_owned(),
            ),
            Failure::Network(why) => (
                ErrorKind::Network,
                format!("the request could not be sent: {why}"),
            ),
        };
        let mut error = RequestError::new(
            kind,
            format!(
                "{} {}: {message}",
                request.method.as_str(),
                request.url.split('?').next().unwrap_or_default()
            ),
        );
        error.client_request_id = Some(request.client_request_id.clone());
        error.attempts = attempts;
        Error::Request(Box::new(error))
    }

    /// Sends a request with the retry rules; a 2xx reply is returned.
    async fn send(&self, request: &Request<'_>) -> Result<(Reply, u32), Error> {
        let signal = request.call.signal.as_ref();
        let (mut attempts, mut retries, mut waited, mut refreshed) = (0u32, 0u32, 0u64, false);
        // The URL is fixed for the whole call, so its origin is checked once.
        if !self.config.root.owns(&request.url) {
            return Err(invalid_response(
                format!(
                    "refusing to send the token to {}, outside {}",
                    request.url,
                    self.config.root.origin()
                ),
                None,
                request,
                attempts,
            ));
        }
        loop {
            let token = self
                .config
                .token
                .token(self.config.cloud, request.access, refreshed)
                .await?;
            let authorization = format!("Bearer {token}");
            attempts += 1;
            let outgoing = Outgoing {
                method: request.method,
                url: &request.url,
                authorization: &authorization,
                client_request_id: &request.client_request_id,
                body: request.body.as_deref(),
                timeout_ms: self.config.timeout_ms,
            };
            let result = exchange(outgoing, signal).await;
            let (attempt, reply) = match result {
                Ok(reply) if (200..300).contains(&reply.status) => {
                    self.warn(&reply, &request.url);
                    return Ok((reply, attempts));
                }
                Ok(reply) if reply.status == 0 || (300..400).contains(&reply.status) => {
                    return Err(invalid_response(
                        format!(
                            "{} {} answered with a redirect ({}), which is not followed with the token",
                            request.method.as_str(),
                            request.url,
                            reply.status
                        ),
                        Some(&reply),
                        request,
                        attempts,
                    ));
                }
                Ok(reply) if reply.status == 401 && !refreshed => {
                    // One fresh token, once; a second 401 is final.
                    refreshed = true;
                    continue;
                }
                Ok(reply) => (Attempt::Status(reply.status), Ok(reply)),
                Err(Failure::Aborted) => {
                    return Err(Self::failure_error(&Failure::Aborted, request, attempts))
                }
                Err(failure @ Failure::Timeout) => (Attempt::Timeout, Err(failure)),
                Err(failure @ Failure::Network(_)) => (Attempt::Network, Err(failure)),
            };
            let give_up = |reply: &Result<Reply, Failure>| match reply {
                Ok(reply) => self.reply_error(reply, request, attempts),
                Err(failure) => Self::failure_error(failure, request, attempts),
            };
            match next(request.method, attempt) {
                Next::Stop => return Err(give_up(&reply)),
                Next::OutcomeUnknown => {
                    let cause = give_up(&reply);
                    let mut error = match cause {
                        Error::Request(inner) => *inner,
                        other => return Err(other),
                    };
                    error.kind = ErrorKind::OutcomeUnknown;
                    error.message = format!(
                        "the create may or may not have been stored ({}); it was not resent, so no \
                         duplicate was made. Give statuses an id to let the client check, or list \
                         the configuration's statuses",
                        error.message
                    );
                    return Err(Error::Request(Box::new(error)));
                }
                Next::Retry => {
                    let retry_after = reply
                        .as_ref()
                        .ok()
                        .and_then(|r| header(r, "retry-after"))
                        .and_then(|v| parse_retry_after(&v, now_ms()));
                    let Some(wait) =
                        self.config
                            .retry
                            .delay(retries, retry_after, waited, random_unit())
                    else {
                        return Err(give_up(&reply));
                    };
                    if sleep(wait, signal).await.is_err() {
                        return Err(Self::failure_error(&Failure::Aborted, request, attempts));
                    }
                    waited += wait;
                    retries += 1;
                }
            }
        }
    }

    /// Parses an entity body as the model, or says why it is not one.
    fn entity(
        reply: &Reply,
        request: &Request<'_>,
        attempts: u32,
    ) -> Result<DeviceConfigurationDeviceStatus, Error> {
        let value = json(&reply.body).ok_or_else(|| {
            invalid_response(
                "Graph's answer is not JSON".into(),
                Some(reply),
                request,
                attempts,
            )
        })?;
        parse(crate::js::read_input(&value)).map_err(|report| {
            invalid_response(
                format!("Graph's answer is not a valid status: {report}"),
                Some(reply),
                request,
                attempts,
            )
        })
    }

    /// Creates a status (`POST`). The status is already valid (it is the model).
    ///
    /// Resent only when Graph said it did not process it (429, 503). After a 504,
    /// timeout or dropped connection, a status with an `id` is looked up (and
    /// returned if stored, resent if not); one without fails with `outcomeUnknown`.
    pub async fn create(
        &self,
        configuration_id: &str,
        status: &DeviceConfigurationDeviceStatus,
        call: &CallOptions,
    ) -> Result<DeviceConfigurationDeviceStatus, Error> {
        let url = self.url(configuration_id, Tail::None)?;
        if let Some(id) = &status.id {
            check_id("status.id", id)?;
        }
        let body = json_text(status)?;
        let request = self.request(Method::Post, url, Access::Write, Some(body), call);
        let mut checks = 0;
        loop {
            match self.send(&request).await {
                Ok((reply, attempts)) => return Self::entity(&reply, &request, attempts),
                Err(error) if error.kind() == ErrorKind::OutcomeUnknown && status.id.is_some() => {
                    let id = status.id.as_deref().unwrap_or_default();
                    let lookup = CallOptions {
                        signal: call.signal.clone(),
                        client_request_id: Some(request.client_request_id.clone()),
                    };
                    match self.get(configuration_id, id, &lookup).await {
                        Ok(stored) => return Ok(stored),
                        Err(Error::Request(missing))
                            if missing.status == Some(404)
                                && checks < self.config.retry.max_retries =>
                        {
                            checks += 1;
                        }
                        Err(_) => return Err(error),
                    }
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Reads one status.
    pub async fn get(
        &self,
        configuration_id: &str,
        status_id: &str,
        call: &CallOptions,
    ) -> Result<DeviceConfigurationDeviceStatus, Error> {
        let url = self.url(configuration_id, Tail::Status(status_id))?;
        let request = self.request(Method::Get, url, Access::Read, None, call);
        let (reply, attempts) = self.send(&request).await?;
        Self::entity(&reply, &request, attempts)
    }

    /// The first page of a list.
    pub fn first_page_url(
        &self,
        configuration_id: &str,
        query: &ListQuery,
    ) -> Result<String, Error> {
        let mut url = self.url(configuration_id, Tail::None)?;
        query.append_to(&mut url);
        Ok(url)
    }

    /// Reads one page of a list from `url` (the first page's, or a nextLink).
    pub async fn page(
        &self,
        url: String,
        partial: bool,
        call: &CallOptions,
    ) -> Result<Page, Error> {
        let request = self.request(Method::Get, url, Access::Read, None, call);
        let (reply, attempts) = self.send(&request).await?;
        let bad = |why: String| invalid_response(why, Some(&reply), &request, attempts);
        let value = json(&reply.body).ok_or_else(|| bad("Graph's answer is not JSON".into()))?;
        let get = |key: &str| {
            js_sys::Reflect::get(&value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
        };
        let list = get("value")
            .dyn_into::<js_sys::Array>()
            .map_err(|_| bad("Graph's list has no \"value\" array".into()))?;
        let mut items = Vec::with_capacity(list.length() as usize);
        for (index, item) in list.iter().enumerate() {
            let input = crate::js::read_input(&item);
            // A whole status when it is one; else what Graph sent, read with the
            // update rules, so an odd item is kept rather than failing the list.
            let listed = if partial {
                parse_patch(input).map(Listed::Partial)
            } else {
                parse(input.clone())
                    .map(Listed::Whole)
                    .or_else(|_| parse_patch(input).map(Listed::Partial))
            };
            items.push(listed.map_err(|report| {
                bad(format!(
                    "item {index} of Graph's list is not a valid status: {report}"
                ))
            })?);
        }
        let next_link = match get("@odata.nextLink").as_string() {
            Some(link) if self.config.root.owns(&link) => Some(link),
            Some(link) => {
                return Err(bad(format!(
                    "Graph's nextLink {} is outside {}; it is not followed with the token",
                    crate::input::quote(&link),
                    self.config.root.origin()
                )))
            }
            None => None,
        };
        Ok(Page { items, next_link })
    }

    /// Updates a status (`PATCH`); Graph's v1.0 answers 200 with the status, or 204
    /// (then `None`).
    pub async fn update(
        &self,
        configuration_id: &str,
        status_id: &str,
        mut patch: DeviceStatusPatch,
        call: &CallOptions,
    ) -> Result<Option<DeviceConfigurationDeviceStatus>, Error> {
        patch.odata_type = Some(ODataType);
        let body = json_text(&patch)?;
        let url = self.url(configuration_id, Tail::Status(status_id))?;
        let request = self.request(Method::Patch, url, Access::Write, Some(body), call);
        let (reply, attempts) = self.send(&request).await?;
        if reply.status == 204 || reply.body.trim().is_empty() {
            return Ok(None);
        }
        Self::entity(&reply, &request, attempts).map(Some)
    }

    /// Deletes a status.
    pub async fn delete(
        &self,
        configuration_id: &str,
        status_id: &str,
        call: &CallOptions,
    ) -> Result<(), Error> {
        let url = self.url(configuration_id, Tail::Status(status_id))?;
        let request = self.request(Method::Delete, url, Access::Write, None, call);
        self.send(&request).await.map(drop)
    }

    /// The number of statuses (`$count`).
    pub async fn count(&self, configuration_id: &str, call: &CallOptions) -> Result<u64, Error> {
        let url = self.url(configuration_id, Tail::Count)?;
        let request = self.request(Method::Get, url, Access::Read, None, call);
        let (reply, attempts) = self.send(&request).await?;
        reply
            .body
            .trim()
            .trim_start_matches('\u{feff}')
            .parse::<u64>()
            .map_err(|_| {
                invalid_response(
                    format!(
                        "Graph's $count answer is not a number: {}",
                        crate::input::quote(&reply.body)
                    ),
                    Some(&reply),
                    &request,
                    attempts,
                )
            })
    }
}

/// A body as JSON text: the plain JS value (`None` as `null`), through the
/// runtime's `JSON.stringify`.
fn json_text<T: Serialize>(value: &T) -> Result<String, Error> {
    let plain = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::request(ErrorKind::InvalidArgument, e.to_string()))?;
    js_sys::JSON::stringify(&plain)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| {
            Error::request(
                ErrorKind::InvalidArgument,
                "the body could not be written as JSON",
            )
        })
}
