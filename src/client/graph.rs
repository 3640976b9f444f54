//! [`Graph`]: the resource's operations, each built as a [`Call`] with checked
//! ids, its URL and its body. Sending is the driver's job.

use crate::client::call::{Call, Links, Operation};
use crate::client::exchange::Request;
use crate::client::path::{
    check_id, statuses_url, uuid_v4, GraphRoot, ListQuery, Tail, DEFAULT_MAX_PAGES,
};
use crate::client::retry::{Budget, Jitter, Method, RetryPolicy};
use crate::cloud::{Access, ApiVersion, Cloud};
use crate::error::{Error, ErrorKind};
use crate::model::{DeviceConfigurationDeviceStatus, DeviceStatusPatch, ODataType};
use serde::Serialize;

/// How the client reaches Graph.
#[derive(Clone, Debug)]
pub struct Config {
    /// The cloud: its root (unless `root` replaces it) and its scopes.
    pub cloud: Cloud,
    /// The API version.
    pub version: ApiVersion,
    /// Where requests go (the cloud's root, or `baseUrl`).
    pub root: GraphRoot,
    /// Retries.
    pub retry: RetryPolicy,
}

/// What only the driver can give a new call: the caller's `client-request-id`,
/// when it chose one, and 16 random bytes (the id otherwise, as a UUID v4, and
/// the seed of the call's retry jitter). The core reads no random source itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seed {
    /// The `client-request-id` to send on every attempt; `None` for a fresh one.
    pub client_request_id: Option<String>,
    /// Random bytes (`crypto.getRandomValues` in JavaScript runtimes).
    pub random: [u8; 16],
}

impl Seed {
    /// The call's `client-request-id`: the caller's, when it is 1 to 128 visible
    /// ASCII characters (a header value every runtime's `fetch` accepts), else a
    /// UUID v4 from the random bytes.
    fn client_request_id(&self) -> Result<String, Error> {
        let Some(id) = &self.client_request_id else {
            return Ok(uuid_v4(self.random));
        };
        if (1..=128).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_graphic()) {
            return Ok(id.clone());
        }
        Err(Error::InvalidArgument {
            argument: "options.clientRequestId",
            message: format!(
                "expected 1 to 128 visible ASCII characters, found {}",
                crate::input::quote(id)
            ),
        })
    }
}

/// Graph's `deviceConfigurationDeviceStatus` operations, each built as a [`Call`].
#[derive(Clone, Debug)]
pub struct Graph {
    config: Config,
}

/// A body as JSON text.
fn json_text<T: Serialize>(value: &T) -> Result<String, Error> {
    crate::json::to_string(value)
        .map_err(|e| Error::request(ErrorKind::InvalidArgument, e.to_string()))
}

impl Graph {
    /// The operations with this configuration.
    pub fn new(config: Config) -> Self {
        Self { config }
    }

    /// `{root}/{version}`, under which every URL of the client lies (and `$batch`).
    pub fn version_root(&self) -> String {
        format!(
            "{}/{}",
            self.config.root.as_str(),
            self.config.version.segment()
        )
    }

    /// The cloud, whose scopes tokens are asked for.
    pub fn cloud(&self) -> Cloud {
        self.config.cloud
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

    /// A request; reads need the read scope, everything else the write scope.
    fn request(
        method: Method,
        url: String,
        body: Option<String>,
        client_request_id: String,
    ) -> Request {
        let access = match method {
            Method::Get => Access::Read,
            _ => Access::Write,
        };
        Request {
            method,
            url,
            access,
            body,
            client_request_id,
        }
    }

    /// A call of `operation` whose first request is `request`.
    fn call(&self, operation: Operation, request: Request, seed: &Seed) -> Call {
        let budget = Budget::new(self.config.retry, Jitter::new(seed.random));
        Call::new(self.config.root.clone(), budget, operation, request)
    }

    /// A call of `operation` (which says the method) on `url`.
    fn simple(
        &self,
        operation: Operation,
        url: String,
        body: Option<String>,
        seed: &Seed,
    ) -> Result<Call, Error> {
        let request = Self::request(operation.method(), url, body, seed.client_request_id()?);
        Ok(self.call(operation, request, seed))
    }

    /// Creates a status (`POST`). The status is already valid (it is the model).
    ///
    /// Resent only when Graph said it did not process it (429, 503). After a 504,
    /// timeout or dropped connection, a status with an `id` is looked up (and
    /// returned if stored, resent if not); one without fails with `outcomeUnknown`.
    pub fn create(
        &self,
        configuration_id: &str,
        status: &DeviceConfigurationDeviceStatus,
        seed: &Seed,
    ) -> Result<Call, Error> {
        let url = self.url(configuration_id, Tail::None)?;
        let post = Self::request(
            Method::Post,
            url,
            Some(json_text(status)?),
            seed.client_request_id()?,
        );
        // The lookup goes out under the create's client-request-id, so Graph's
        // logs tie the two together.
        let lookup = match &status.id {
            Some(id) => {
                check_id("status.id", id)?;
                let url = self.url(configuration_id, Tail::Status(id))?;
                Some(Self::request(
                    Method::Get,
                    url,
                    None,
                    post.client_request_id.clone(),
                ))
            }
            None => None,
        };
        let operation = Operation::Create {
            sent: Box::new(status.clone()),
            post: post.clone(),
            lookup,
            unknown: None,
            checks: 0,
        };
        Ok(self.call(operation, post, seed))
    }

    /// Reads one status.
    pub fn get(&self, configuration_id: &str, status_id: &str, seed: &Seed) -> Result<Call, Error> {
        let url = self.url(configuration_id, Tail::Status(status_id))?;
        self.simple(Operation::Get, url, None, seed)
    }

    /// Every status (`pages: false`, following each nextLink), or one page per
    /// answer (`pages: true`).
    pub fn list(
        &self,
        configuration_id: &str,
        query: &ListQuery,
        pages: bool,
        seed: &Seed,
    ) -> Result<Call, Error> {
        let mut url = self.url(configuration_id, Tail::None)?;
        query.append_to(&mut url);
        let partial = !query.select.is_empty();
        let links = Links::new(&url, query.max_pages.unwrap_or(DEFAULT_MAX_PAGES));
        let operation = if pages {
            Operation::Pages {
                partial,
                next: None,
                links,
            }
        } else {
            Operation::List {
                partial,
                items: Vec::new(),
                links,
            }
        };
        self.simple(operation, url, None, seed)
    }

    /// Updates a status (`PATCH`); Graph's v1.0 answers 200 with the status, or 204.
    pub fn update(
        &self,
        configuration_id: &str,
        status_id: &str,
        mut patch: DeviceStatusPatch,
        seed: &Seed,
    ) -> Result<Call, Error> {
        let url = self.url(configuration_id, Tail::Status(status_id))?;
        patch.odata_type = Some(ODataType);
        let body = json_text(&patch)?;
        self.simple(Operation::Update, url, Some(body), seed)
    }

    /// Deletes a status.
    pub fn delete(
        &self,
        configuration_id: &str,
        status_id: &str,
        seed: &Seed,
    ) -> Result<Call, Error> {
        let url = self.url(configuration_id, Tail::Status(status_id))?;
        self.simple(Operation::Delete, url, None, seed)
    }

    /// The number of statuses (`$count`).
    pub fn count(&self, configuration_id: &str, seed: &Seed) -> Result<Call, Error> {
        let url = self.url(configuration_id, Tail::Count)?;
        self.simple(Operation::Count, url, None, seed)
    }
}
