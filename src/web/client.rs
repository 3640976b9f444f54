//! [`Client`]: the Graph client as async Rust on wasm32, for Rust apps (a Leptos or
//! Yew portal, a Worker) in any JavaScript runtime: browsers, web workers, Node and
//! Cloudflare Workers.
//!
//! It is a driver of the sans-I/O core and nothing more: each method builds the
//! operation's [`Call`], then sends what the call asks for over the global
//! `fetch`, waits when it says wait, and asks the [`TokenSource`] for tokens.
//! Every decision (retries and their waits, the lookup of a create whose outcome
//! is unknown, which nextLinks the token may follow, what each error says) is the
//! core's, the same as for the npm package.
//!
//! ```no_run
//! use intune_device_status::web::{CallOptions, Client};
//! use intune_device_status::{ComplianceStatus, DateTimeOffset, DeviceConfigurationDeviceStatus};
//!
//! # async fn report() -> Result<(), intune_device_status::Error> {
//! let client = Client::builder("eyJ0eXAi...").timeout_ms(30_000).build()?;
//! let at = |text: &str| DateTimeOffset::parse(text).expect("a valid date-time");
//! let status = DeviceConfigurationDeviceStatus::new(
//!     ComplianceStatus::Compliant,
//!     at("2024-05-01T12:30:00Z"),
//!     at("2024-06-01T00:00:00Z"),
//! );
//! let stored = client
//!     .create("00000000-0000-0000-0000-000000000001", &status, &CallOptions::default())
//!     .await?;
//! # let _ = stored;
//! # Ok(())
//! # }
//! ```
//!
//! The futures are not `Send` (nothing in a JavaScript runtime is): run them with
//! `wasm_bindgen_futures::spawn_local`, Leptos' `spawn_local` or a Worker's handler.
//! Dropping a future cancels its call: the request in flight is aborted.

use super::fetch::{attempt, sleep, Received};
use super::token::{bearer, TokenSource};
use crate::client::bulk::{Action, Bulk, Limit, Pacing};
use crate::client::path::{GraphRoot, ListQuery};
use crate::client::retry::RetryPolicy;
use crate::client::{Call, Config, Graph, Listed, Output, Reply, Seed, Step};
use crate::cloud::{ApiVersion, Cloud};
use crate::error::{Error, ErrorKind};
use crate::model::{DeviceConfigurationDeviceStatus, DeviceStatusPatch};
use core::fmt;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

/// Per-call options of every [`Client`] method.
#[derive(Clone, Debug, Default)]
pub struct CallOptions {
    /// Aborts the call: its request in flight, its retries and its waits. The call
    /// then fails with [`ErrorKind::Aborted`].
    pub signal: Option<AbortSignal>,
    /// The `client-request-id` sent with every attempt (1 to 128 visible ASCII
    /// characters); by default a fresh UUID v4 per call.
    pub client_request_id: Option<String>,
}

/// What Graph said about the entity's deprecation on a successful answer: its
/// `Deprecation` and `Sunset` headers, as Graph wrote them. Microsoft marks
/// `deviceConfigurationDeviceStatus` "being deprecated starting May 2026".
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeprecationWarning {
    /// The `Deprecation` header.
    pub deprecation: Option<String>,
    /// The `Sunset` header: when Graph means to stop serving the entity.
    pub sunset: Option<String>,
    /// The URL of the request that was answered so.
    pub url: String,
    /// The warning as people read it, days written `2026-05-01`: "Microsoft Graph
    /// marks deviceConfigurationDeviceStatus as deprecated since …".
    pub message: String,
}

/// Where a client's deprecation warnings go.
type WarningHook = Box<dyn Fn(&DeprecationWarning)>;

/// Configures a [`Client`]; made by [`Client::builder`].
pub struct ClientBuilder {
    token: Box<dyn TokenSource>,
    cloud: Cloud,
    version: ApiVersion,
    base_url: Option<String>,
    retry: RetryPolicy,
    timeout_ms: u32,
    on_warning: Option<WarningHook>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token source is left out: it may be the token itself.
        f.debug_struct("ClientBuilder")
            .field("cloud", &self.cloud)
            .field("version", &self.version)
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .field("timeout_ms", &self.timeout_ms)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The national cloud (default [`Cloud::Global`]): its Graph root, and the
    /// scopes tokens are asked for.
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.cloud = cloud;
        self
    }

    /// The Graph API version (default [`ApiVersion::V1`]).
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.version = version;
        self
    }

    /// Sends the requests to this root instead of the cloud's (an emulator, a
    /// proxy: `http://127.0.0.1:8080`); the token goes to its origin only, and
    /// tokens are still asked for the cloud's scopes. Checked by
    /// [`build`](Self::build).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Retries (default [`RetryPolicy::default`]: 3 retries, 1 s first step, at most
    /// 60 s of waiting per call). Checked by [`build`](Self::build).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Each attempt's timeout, its body included (default
    /// [`DEFAULT_TIMEOUT_MS`](crate::client::retry::DEFAULT_TIMEOUT_MS), 60 s); an
    /// attempt past it counts as [`ErrorKind::Timeout`], retried as the core
    /// decides.
    pub fn timeout_ms(mut self, timeout_ms: u32) -> Self {
        self.timeout_ms = timeout_ms;
        self
    }

    /// Called with every successful answer that carries Graph's `Deprecation` or
    /// `Sunset` header. Without it, the client writes one `console.warn` (as the
    /// npm package does).
    pub fn on_warning(mut self, hook: impl Fn(&DeprecationWarning) + 'static) -> Self {
        self.on_warning = Some(Box::new(hook));
        self
    }

    /// The client, or [`Error::InvalidArgument`] for a bad `base_url` or retry
    /// policy. Sends nothing.
    pub fn build(self) -> Result<Client, Error> {
        let root = match &self.base_url {
            Some(url) => GraphRoot::parse(url)?,
            None => GraphRoot::of_cloud(self.cloud),
        };
        let RetryPolicy {
            max_retries,
            base_delay_ms,
            max_delay_ms,
        } = self.retry;
        let retry = RetryPolicy::new(max_retries, base_delay_ms, max_delay_ms)?;
        if self.timeout_ms == 0 {
            return Err(Error::InvalidArgument {
                argument: "timeout_ms",
                message: "expected at least 1 ms (an attempt needs some time)".into(),
            });
        }
        let graph = Graph::new(Config {
            cloud: self.cloud,
            version: self.version,
            root,
            retry,
        });
        Ok(Client {
            shared: Rc::new(Shared {
                graph,
                token: self.token,
                timeout_ms: self.timeout_ms,
                pacing: RefCell::default(),
                on_warning: self.on_warning,
                warned: RefCell::new(None),
            }),
        })
    }
}

/// A client for the device statuses of Intune device configurations in
/// Microsoft Graph (`deviceConfigurationDeviceStatus`), over the runtime's
/// `fetch`. Cheap to clone (clones share one configuration and token source).
///
/// Errors are [`Error`]s; branch on [`Error::kind`]. The rules are the npm
/// package's: 429 and 503 are retried with `Retry-After`, a create whose
/// outcome is unknown (504, timeout, dropped connection) is never resent blindly
/// (with an `id`, it is looked up first), a 401 gets one fresh token, and the
/// token never leaves the Graph root's origin (redirects and foreign nextLinks
/// are refused).
#[derive(Clone)]
pub struct Client {
    shared: Rc<Shared>,
}

struct Shared {
    graph: Graph,
    token: Box<dyn TokenSource>,
    timeout_ms: u32,
    /// The client's recent writes, shared by all its `create_many` runs.
    pacing: RefCell<Pacing>,
    on_warning: Option<WarningHook>,
    /// The default warning was written.
    /// The Deprecation / Sunset pair last reported.
    warned: RefCell<Option<(Option<String>, Option<String>)>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token source is left out: it may be the token itself.
        f.debug_struct("Client")
            .field("graph", &self.shared.graph)
            .field("timeout_ms", &self.shared.timeout_ms)
            .finish_non_exhaustive()
    }
}

/// Options of [`Client::create_many`].
#[derive(Clone, Debug)]
pub struct CreateManyOptions {
    /// Pack the creates into JSON batches of 20 (`$batch`); default true.
    pub batch: bool,
    /// Writes sent in any window at most (default 100, Intune's limit per app and
    /// tenant), counted together with this client's other `create_many` runs; 0
    /// for no pacing (a tenant with a raised limit, a test).
    pub max_writes_per_window: u32,
    /// The window Intune counts writes in (default 20,000 ms); only an emulator
    /// running a faster clock needs another.
    pub write_window_ms: u32,
    /// Stops sending: statuses not yet sent fail with [`ErrorKind::Aborted`];
    /// requests already in flight finish, so each result says whether its status
    /// was created.
    pub signal: Option<AbortSignal>,
}

impl Default for CreateManyOptions {
    fn default() -> Self {
        Self {
            batch: true,
            max_writes_per_window: 100,
            write_window_ms: 20_000,
            signal: None,
        }
    }
}

/// A new call's seed; the caller's `client-request-id` must be a header value.
fn seed(options: &CallOptions) -> Seed {
    // The core checks a caller's id (gloo-net would panic on a value
    // `Headers.set` refuses).
    super::seed(options.client_request_id.clone())
}

/// The core answered an operation with another operation's output: a bug here,
/// reported rather than panicked on.
fn mismatch(operation: &str) -> Error {
    Error::request(
        ErrorKind::InvalidResponse,
        format!("the client's core ended {operation} with another operation's answer (a bug in intune-device-status)"),
    )
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The global `console.warn`.
    #[wasm_bindgen(js_namespace = console, js_name = warn)]
    fn console_warn(message: &str);
}

/// A Deprecation (`@<Unix seconds>`) or Sunset (an HTTP date) header's day, as
/// people read it (`2026-05-01`); the header itself when it is neither.
fn day(header: &str) -> String {
    let ms = match header.strip_prefix('@').map(str::parse::<f64>) {
        Some(Ok(seconds)) => seconds * 1000.0,
        _ => js_sys::Date::parse(header),
    };
    if ms.is_nan() {
        return header.to_owned();
    }
    let iso = String::from(js_sys::Date::new(&JsValue::from_f64(ms)).to_iso_string());
    iso.get(..10).unwrap_or(header).to_owned()
}

impl Shared {
    /// The reply of an attempt, after telling the caller what Graph said about the
    /// entity's deprecation on a successful answer.
    fn received(&self, received: Received, url: &str) -> Reply {
        let Received {
            reply,
            deprecation,
            sunset,
        } = received;
        if (200..300).contains(&reply.status) && (deprecation.is_some() || sunset.is_some()) {
            // Once per client for each Deprecation / Sunset pair, as in JavaScript.
            let pair = (deprecation.clone(), sunset.clone());
            if self.warned.borrow().as_ref() == Some(&pair) {
                return reply;
            }
            *self.warned.borrow_mut() = Some(pair);
            let since = deprecation.as_deref().map(day);
            let ends = sunset.as_deref().map(day);
            let warning = DeprecationWarning {
                message: format!(
                    "Microsoft Graph marks deviceConfigurationDeviceStatus as deprecated{}{}.",
                    since.map(|d| format!(" since {d}")).unwrap_or_default(),
                    ends.map(|d| format!(", and it stops working on {d}"))
                        .unwrap_or_default(),
                ),
                deprecation,
                sunset,
                url: url.to_owned(),
            };
            match &self.on_warning {
                Some(hook) => hook(&warning),
                None => console_warn(&format!(
                    "intune-device-status: {} Give the client on_warning to handle this yourself.",
                    warning.message
                )),
            }
        }
        reply
    }

    /// Runs `call` until it is done: the core decides, this only sends, waits and
    /// asks for tokens.
    async fn run(&self, call: &mut Call, signal: Option<&AbortSignal>) -> Result<Output, Error> {
        let cloud = self.graph.cloud();
        let mut step = call.resume()?;
        loop {
            step = match step {
                Step::Done(output) => return Ok(output),
                Step::Wait(ms) => match sleep(ms, signal).await {
                    Ok(()) => call.resume()?,
                    Err(stopped) => call.on_failure(stopped)?,
                },
                Step::Send {
                    request,
                    refresh,
                    settling,
                } => {
                    let scope = cloud.scope(request.access);
                    let token = bearer(self.token.as_ref(), scope, refresh).await?;
                    // A lookup settling an unknown outcome goes out whatever the
                    // caller's signal says: it tells whether the status was stored.
                    let signal = if settling { None } else { signal };
                    match attempt(request, &token, self.timeout_ms, signal).await {
                        Ok(received) => {
                            let reply = self.received(received, &request.url);
                            call.on_reply::<JsValue>(reply)?
                        }
                        Err(failure) => call.on_failure(failure)?,
                    }
                }
            };
        }
    }

    async fn output(
        &self,
        call: Result<Call, Error>,
        options: &CallOptions,
    ) -> Result<Output, Error> {
        self.run(&mut call?, options.signal.as_ref()).await
    }
}

impl Client {
    /// A builder with the token source (a token string, or a closure giving
    /// tokens: see [`TokenSource`]). Nothing is asked of it until a call.
    pub fn builder(token: impl TokenSource + 'static) -> ClientBuilder {
        ClientBuilder {
            token: Box::new(token),
            cloud: Cloud::default(),
            version: ApiVersion::default(),
            base_url: None,
            retry: RetryPolicy::default(),
            timeout_ms: crate::client::retry::DEFAULT_TIMEOUT_MS,
            on_warning: None,
        }
    }

    fn graph(&self) -> &Graph {
        &self.shared.graph
    }

    /// Creates a status (`POST`) and returns the status Graph stored. The status
    /// is valid by construction (build it with
    /// [`DeviceConfigurationDeviceStatus::new`] or [`parse`](crate::parse)).
    ///
    /// Never creates it twice: it is resent only when Graph said it did not process
    /// it (429, 503). After a 504, timeout or dropped connection, a status with an
    /// `id` is looked up (returned if stored, resent if not); one without fails
    /// with [`ErrorKind::OutcomeUnknown`].
    pub async fn create(
        &self,
        configuration_id: &str,
        status: &DeviceConfigurationDeviceStatus,
        options: &CallOptions,
    ) -> Result<DeviceConfigurationDeviceStatus, Error> {
        let call = self
            .graph()
            .create(configuration_id, status, &seed(options));
        match self.shared.output(call, options).await? {
            Output::Status(status) => Ok(status),
            _ => Err(mismatch("create")),
        }
    }

    /// Creates many statuses, paced under Intune's write limit and packed into
    /// JSON batches (`client::bulk` decides; this only sends and waits): one
    /// result per status, in input order. Each status keeps the rules of
    /// [`create`](Self::create): never created twice, looked up by its `id` after
    /// an unknown outcome. Fails as a whole only for a bad configuration id,
    /// before anything is sent.
    pub async fn create_many(
        &self,
        configuration_id: &str,
        statuses: &[DeviceConfigurationDeviceStatus],
        options: &CreateManyOptions,
    ) -> Result<Vec<Result<DeviceConfigurationDeviceStatus, Error>>, Error> {
        let shared = &self.shared;
        // The configuration id, checked as every method checks it.
        shared.graph.count(configuration_id, &super::seed(None))?;
        let signal = options.signal.as_ref();
        let limit = Limit::new(options.max_writes_per_window, options.write_window_ms);
        let mut bulk = Bulk::new(&shared.graph, statuses.len(), options.batch, limit);
        let mut results: Vec<Option<Result<_, Error>>> = statuses.iter().map(|_| None).collect();
        let mut seeds = super::Seeds::new();
        let mut aborted = false;
        loop {
            if !aborted && signal.is_some_and(AbortSignal::aborted) {
                aborted = true;
                bulk.abort();
            }
            let action = bulk.poll(&mut shared.pacing.borrow_mut(), super::now_ms());
            match action {
                Action::Admit(index) => {
                    let call =
                        shared
                            .graph
                            .create(configuration_id, &statuses[index], &seeds.next());
                    bulk.admit(index, call, super::now_ms());
                }
                Action::Settled(index, result) => results[index] = Some(result),
                Action::Wait(ms) => {
                    // An abort wakes the wait; the loop then stops sending.
                    let _ = sleep(ms, signal).await;
                }
                Action::Send(outbound) => {
                    let scope = shared.graph.cloud().scope(outbound.request.access);
                    match bearer(shared.token.as_ref(), scope, outbound.refresh).await {
                        Err(error) => bulk.on_token_failure(outbound.id, || error.clone()),
                        Ok(token) => {
                            // In flight, a request is left to finish: its answer says
                            // which statuses were created.
                            let request = &outbound.request;
                            let answer = attempt(request, &token, shared.timeout_ms, None)
                                .await
                                .map(|received| shared.received(received, &request.url));
                            let mut pacing = shared.pacing.borrow_mut();
                            bulk.on_answer::<JsValue>(
                                outbound.id,
                                answer,
                                &mut pacing,
                                super::now_ms(),
                            );
                        }
                    }
                }
                // This driver answers each request before it asks again, so
                // nothing is ever left in flight here.
                Action::Idle | Action::Done => break,
            }
        }
        Ok(results
            .into_iter()
            .map(|result| result.unwrap_or_else(|| Err(mismatch("create_many"))))
            .collect())
    }

    /// Reads one status.
    pub async fn get(
        &self,
        configuration_id: &str,
        status_id: &str,
        options: &CallOptions,
    ) -> Result<DeviceConfigurationDeviceStatus, Error> {
        let call = self
            .graph()
            .get(configuration_id, status_id, &seed(options));
        match self.shared.output(call, options).await? {
            Output::Status(status) => Ok(status),
            _ => Err(mismatch("get")),
        }
    }

    /// Every status of the configuration, following each `@odata.nextLink` on the
    /// Graph root's origin. With `query.select`, items are [`Listed::Partial`].
    pub async fn list(
        &self,
        configuration_id: &str,
        query: &ListQuery,
        options: &CallOptions,
    ) -> Result<Vec<Listed>, Error> {
        let call = self
            .graph()
            .list(configuration_id, query, false, &seed(options));
        match self.shared.output(call, options).await? {
            Output::Listed(items) => Ok(items),
            _ => Err(mismatch("list")),
        }
    }

    /// The statuses page by page, for large configurations: each
    /// [`Pages::next`] fetches one page. All pages share the options (the signal
    /// and the `client-request-id`). Bad arguments come back from the first
    /// `next`.
    pub fn pages(&self, configuration_id: &str, query: &ListQuery, options: &CallOptions) -> Pages {
        let call = self
            .graph()
            .list(configuration_id, query, true, &seed(options));
        Pages {
            client: self.clone(),
            signal: options.signal.clone(),
            state: match call {
                Ok(call) => PagesState::Ready(Box::new(call)),
                Err(error) => PagesState::Failed(error),
            },
        }
    }

    /// Updates a status with what the patch carries (`PATCH`); returns the updated
    /// status, or `None` when Graph answers 204 without one (as v1.0 does).
    pub async fn update(
        &self,
        configuration_id: &str,
        status_id: &str,
        patch: DeviceStatusPatch,
        options: &CallOptions,
    ) -> Result<Option<DeviceConfigurationDeviceStatus>, Error> {
        let call = self
            .graph()
            .update(configuration_id, status_id, patch, &seed(options));
        match self.shared.output(call, options).await? {
            Output::Updated(status) => Ok(status),
            _ => Err(mismatch("update")),
        }
    }

    /// Deletes a status.
    pub async fn delete(
        &self,
        configuration_id: &str,
        status_id: &str,
        options: &CallOptions,
    ) -> Result<(), Error> {
        let call = self
            .graph()
            .delete(configuration_id, status_id, &seed(options));
        match self.shared.output(call, options).await? {
            Output::Nothing => Ok(()),
            _ => Err(mismatch("delete")),
        }
    }

    /// The number of statuses (`$count`).
    pub async fn count(&self, configuration_id: &str, options: &CallOptions) -> Result<u64, Error> {
        let call = self.graph().count(configuration_id, &seed(options));
        match self.shared.output(call, options).await? {
            Output::Count(count) => Ok(count),
            _ => Err(mismatch("count")),
        }
    }
}

enum PagesState {
    /// The next page is due.
    Ready(Box<Call>),
    /// The call could not start; the first `next` says why.
    Failed(Error),
    /// The last page was returned, the call failed, or a `next` was dropped
    /// half-way.
    Done,
}

/// A list fetched page by page; made by [`Client::pages`].
///
/// ```no_run
/// # async fn walk(client: intune_device_status::web::Client) -> Result<(), intune_device_status::Error> {
/// use intune_device_status::client::path::ListQuery;
/// use intune_device_status::web::CallOptions;
/// let mut pages = client.pages("cfg-1", &ListQuery::default(), &CallOptions::default());
/// while let Some(page) = pages.next().await {
///     for status in page? {
///         // ...
/// #       let _ = status;
///     }
/// }
/// # Ok(())
/// # }
/// ```
pub struct Pages {
    client: Client,
    signal: Option<AbortSignal>,
    state: PagesState,
}

impl fmt::Debug for Pages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            PagesState::Ready(_) => "ready",
            PagesState::Failed(_) => "failed",
            PagesState::Done => "done",
        };
        f.debug_struct("Pages")
            .field("state", &state)
            .finish_non_exhaustive()
    }
}

impl Pages {
    /// The next page; `None` after the last one, and after an error (which ends
    /// the pages). Dropping the future half-way aborts its request and ends the
    /// pages too.
    pub async fn next(&mut self) -> Option<Result<Vec<Listed>, Error>> {
        let mut call = match core::mem::replace(&mut self.state, PagesState::Done) {
            PagesState::Ready(call) => call,
            PagesState::Failed(error) => return Some(Err(error)),
            PagesState::Done => return None,
        };
        match self
            .client
            .shared
            .run(&mut call, self.signal.as_ref())
            .await
        {
            Ok(Output::Listed(page)) => {
                self.state = PagesState::Ready(call);
                Some(Ok(page))
            }
            Ok(Output::Nothing) => None,
            Ok(_) => Some(Err(mismatch("pages"))),
            Err(error) => Some(Err(error)),
        }
    }
}
