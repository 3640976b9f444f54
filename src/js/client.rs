//! `DeviceStatusClient`, the JavaScript face of [`Graph`]: options read once in
//! the constructor; every method checks its arguments, builds the operation's
//! [`Call`] and hands it to the driver (`js/support.js`), which returns the
//! Promise (bad arguments reject it, never throw synchronously).

use super::bulk::PendingBulk;
use super::convert::{set, to_plain, Packed};
use crate::client::bulk::{Bulk, Limit, Pacing};
use crate::client::path::{GraphRoot, ListQuery};
use crate::client::retry::{RetryPolicy, DEFAULT_TIMEOUT_MS, MAX_DELAY_MS, MAX_RETRIES};
use crate::client::{Call, Config, Failure, Graph, Output, Reply, Request, Seed, Step};
use crate::cloud::{ApiVersion, Cloud};
use crate::error::Error;
use crate::validate::{parse, parse_patch};
use std::cell::RefCell;
use std::rc::Rc;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/support.js")]
extern "C" {
    /// Runs a call to its end; resolves to its value, rejects with its `GraphError`.
    fn drive(call: PendingCall, client: &JsValue, options: &JsCall) -> js_sys::Promise;
    /// An async iterable of a paged call's pages.
    fn pages(call: PendingCall, client: &JsValue, options: &JsCall) -> JsValue;
    /// `createMany`: loads the bulk driver (`js/bulk.js`) and runs the scheduler
    /// to its end; resolves to the results.
    fn bulk(run: PendingBulk, client: &JsValue, options: &JsMany) -> js_sys::Promise;
}

#[wasm_bindgen(module = "/js/support.js")]
extern "C" {
    /// The constructor's options, checked and flattened; also the driver's state.
    /// The names of `clouds` and `versions` (space-separated, in Rust's order),
    /// the retry caps and the default timeout come from here, so JavaScript keeps
    /// no copy of them.
    type ClientOptions;
    #[wasm_bindgen(catch, js_name = clientOptions)]
    fn client_options(
        options: &JsValue,
        clouds: &str,
        versions: &str,
        max_retries: u32,
        max_delay_ms: u32,
        default_timeout_ms: u32,
    ) -> Result<ClientOptions, JsValue>;
    /// The position in the `clouds` given.
    #[wasm_bindgen(method, getter)]
    fn cloud(this: &ClientOptions) -> usize;
    /// The position in the `versions` given.
    #[wasm_bindgen(method, getter, js_name = apiVersion)]
    fn api_version(this: &ClientOptions) -> usize;
    #[wasm_bindgen(method, getter, js_name = baseUrl)]
    fn base_url(this: &ClientOptions) -> JsValue;
    /// The retry options given; `None` for the defaults.
    #[wasm_bindgen(method, getter, js_name = maxRetries)]
    fn max_retries(this: &ClientOptions) -> Option<u32>;
    #[wasm_bindgen(method, getter, js_name = baseDelayMs)]
    fn base_delay_ms(this: &ClientOptions) -> Option<u32>;
    #[wasm_bindgen(method, getter, js_name = maxDelayMs)]
    fn max_delay_ms(this: &ClientOptions) -> Option<u32>;

    /// A method's `{ signal, clientRequestId }`, checked; the driver reads it too.
    type JsCall;
    #[wasm_bindgen(catch, js_name = callOptions)]
    fn call_options(options: &JsValue) -> Result<JsCall, JsValue>;
    #[wasm_bindgen(method, getter, js_name = clientRequestId)]
    fn client_request_id(this: &JsCall) -> JsValue;

    /// createMany's options, checked; the driver reads `signal`, `onProgress` and `onWait`.
    type JsMany;
    #[wasm_bindgen(catch, js_name = manyOptions)]
    fn many_options(options: &JsValue) -> Result<JsMany, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn batch(this: &JsMany) -> bool;
    #[wasm_bindgen(method, getter)]
    fn limit(this: &JsMany) -> u32;
    #[wasm_bindgen(method, getter, js_name = windowMs)]
    fn window_ms(this: &JsMany) -> u32;

    /// A list's OData options, checked (`select` joined with commas).
    type JsQuery;
    #[wasm_bindgen(catch, js_name = listQuery)]
    fn list_query(query: &JsValue) -> Result<JsQuery, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn top(this: &JsQuery) -> Option<u32>;
    #[wasm_bindgen(method, getter)]
    fn filter(this: &JsQuery) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn select(this: &JsQuery) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn orderby(this: &JsQuery) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = maxPages)]
    fn max_pages(this: &JsQuery) -> Option<u32>;
}

#[wasm_bindgen]
extern "C" {
    /// A fetch `Headers` object.
    type Headers;
    #[wasm_bindgen(method)]
    fn get(this: &Headers, name: &str) -> JsValue;
}

#[wasm_bindgen(typescript_custom_section)]
const TS_CLIENT: &str = r#"
/** An MSAL.js `PublicClientApplication` and how to use it for tokens. */
export interface MsalTokenOptions {
  msal: {
    acquireTokenSilent(request: object): Promise<{ accessToken: string }>;
    acquireTokenPopup?(request: object): Promise<{ accessToken: string }>;
    acquireTokenRedirect?(request: object): Promise<void>;
    getActiveAccount?(): unknown;
    getAllAccounts?(): unknown[];
  };
  /** The account to use; by default the active account, else the first signed-in one. */
  account?: unknown;
  /** Scopes instead of `https://<graph host>/DeviceManagementConfiguration.(Read|ReadWrite).All`. */
  scopes?: string[];
  /** When the user must sign in or consent: "popup" (default), "redirect" or "none". */
  interaction?: "popup" | "redirect" | "none";
}

/** The official Graph client's AuthenticationProvider shape. */
export interface AccessTokenProvider {
  getAccessToken(options?: { scopes?: string[] }): string | Promise<string>;
}

/** Where bearer tokens come from; asked before every request. */
export type TokenOption =
  | string
  | ((context: { scopes: string[]; forceRefresh?: boolean }) => string | Promise<string>)
  | MsalTokenOptions
  | AccessTokenProvider;

/** What Graph said about the entity's deprecation (its `Deprecation` / `Sunset` headers). */
export interface DeprecationWarning {
  deprecation: string | null;
  sunset: string | null;
  url: string;
  /** The warning as people read it, days as `2026-05-01`: "Microsoft Graph marks deviceConfigurationDeviceStatus as deprecated since …". */
  message: string;
}

export interface DeviceStatusClientOptions {
  token: TokenOption;
  /** The national cloud (default "global"); it sets the Graph root and the MSAL scopes. */
  cloud?: "global" | "usGovL4" | "usGovL5Dod" | "china";
  apiVersion?: "v1.0" | "beta";
  /** Replaces the cloud's Graph root (an emulator, a proxy); the token is sent to this origin only. */
  baseUrl?: string;
  retry?: {
    /** Retries after the first attempt, 0 to 10 (default 3). */
    maxRetries?: number;
    /** The first backoff step without Retry-After (default 1000). */
    baseDelayMs?: number;
    /** The most one call waits in all, at most 180000 (default 60000). */
    maxDelayMs?: number;
  };
  /** Each attempt's timeout in ms, its body included (default 60000). */
  timeoutMs?: number;
  /** Called when Graph flags the entity as deprecated; by default one console.warn per client. */
  onWarning?: (warning: DeprecationWarning) => void;
}

/** createMany's counts so far. */
export interface CreateManyProgress {
  done: number;
  total: number;
  created: number;
  invalid: number;
  failed: number;
}

/** A wait of createMany before it sends more: `ms` until it may, `throttled`
 * while Graph's 429 (its `Retry-After`) holds every write; otherwise the run is
 * pacing itself under Intune's limit, or a status waits to be retried. */
export interface CreateManyWait {
  ms: number;
  throttled: boolean;
}

/** One status's result in createMany: `created` (with the stored status),
 * `invalid` (never sent; `error.errors` lists why) or `failed` (`error` says why;
 * `outcomeUnknown` when it may have been stored, `storedUnreadable` when it was
 * stored but Graph's answer could not be read, `aborted` when it was not sent). */
export type CreateManyResult =
  | { index: number; outcome: "created"; status: DeviceConfigurationDeviceStatus }
  | { index: number; outcome: "invalid" | "failed"; error: GraphError };

/** A status as a list returns it: whole, or only the `select`ed properties. */
export type ListedDeviceStatus = DeviceConfigurationDeviceStatus | DeviceStatusPatch;
"#;

/// Per-call options of every method.
#[derive(Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CallOptions {
    /// Aborts the call, its retries and its waits.
    #[tsify(optional, type = "AbortSignal")]
    pub signal: (),
    /// The `client-request-id` to send (default: a fresh UUID v4 per call).
    #[tsify(optional)]
    pub client_request_id: String,
}

/// Options of `createMany`.
#[derive(Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CreateManyOptions {
    /// Pack the creates into JSON batches of 20 (`$batch`); default true.
    #[tsify(optional)]
    pub batch: bool,
    /// Writes sent per 20 seconds at most (default 100, Intune's limit per app
    /// and tenant), counted together with this client's other `createMany` calls:
    /// any positive rate (0.5 is one write per 40 s), or `Infinity` for no pacing
    /// (a tenant with a raised limit, a test).
    #[tsify(optional)]
    pub max_writes_per20s: f64,
    /// The window Intune counts writes in (default 20000 ms); only an emulator
    /// running a faster clock needs another.
    #[tsify(optional)]
    pub write_window_ms: u32,
    /// Called after each status is settled. If it throws, the run goes on (no
    /// result is lost) and the first error is reported with `console.error`.
    #[tsify(optional, type = "(progress: CreateManyProgress) => void")]
    pub on_progress: (),
    /// Called each time the run waits before it can send more (a page shows
    /// "Graph is throttling: resuming in 12 s"). If it throws, as for
    /// `onProgress`.
    #[tsify(optional, type = "(wait: CreateManyWait) => void")]
    pub on_wait: (),
    /// Stops sending: statuses not yet sent fail with `aborted`; requests already
    /// in flight finish, so each result says whether its status was created.
    #[tsify(optional, type = "AbortSignal")]
    pub signal: (),
}

/// OData options of a list.
#[derive(Tsify)]
pub struct ListOptions {
    /// `$top`: the page size to ask for (1 to 999).
    #[tsify(optional)]
    pub top: u32,
    /// `$filter`, e.g. `status eq 'nonCompliant'`.
    #[tsify(optional)]
    pub filter: String,
    /// `$select`: the properties to return (then items are partial).
    #[tsify(optional)]
    pub select: Vec<String>,
    /// `$orderby`, e.g. `lastReportedDateTime desc`.
    #[tsify(optional)]
    pub orderby: String,
    /// The most pages one call reads (default 10000; not sent to Graph): a
    /// nextLink chain that goes on longer, or leads back to a page already read,
    /// ends the call with `invalidResponse`.
    #[tsify(optional)]
    #[serde(rename = "maxPages")]
    pub max_pages: u32,
}

/// A value js/support.js handed over that Rust does not know (a position, an
/// event code): the two files disagree, a bug of the package, so it fails loudly.
pub(super) fn mismatch() -> Error {
    Error::request(
        crate::error::ErrorKind::InvalidArgument,
        "the package's JavaScript and wasm disagree (reinstall it)",
    )
}

fn invalid(argument: &'static str, message: impl Into<String>) -> Error {
    Error::InvalidArgument {
        argument,
        message: message.into(),
    }
}

/// Checks the constructor's options (`js/support.js`, with Rust's tables) and
/// reads the client's configuration from them.
fn read_config(options: &JsValue) -> Result<(Config, ClientOptions), JsValue> {
    let checked = client_options(
        options,
        Cloud::NAMES,
        ApiVersion::NAMES,
        MAX_RETRIES,
        MAX_DELAY_MS,
        DEFAULT_TIMEOUT_MS,
    )?;
    // Positions in the names given; one that is not there is a bug between the
    // two files, so it fails loudly rather than picking a default.
    let (Some(&cloud), Some(&version)) = (
        Cloud::ALL.get(checked.cloud()),
        ApiVersion::ALL.get(checked.api_version()),
    ) else {
        return Err(mismatch().into());
    };
    let root = match checked.base_url().as_string() {
        None => GraphRoot::of_cloud(cloud),
        Some(url) => GraphRoot::parse(&url)?,
    };
    let defaults = RetryPolicy::default();
    let retry = RetryPolicy::clamped(
        checked.max_retries().unwrap_or(defaults.max_retries),
        checked.base_delay_ms().unwrap_or(defaults.base_delay_ms),
        checked.max_delay_ms().unwrap_or(defaults.max_delay_ms),
    );
    let config = Config {
        cloud,
        version,
        root,
        retry,
    };
    Ok((config, checked))
}

/// A create's call: the JavaScript value validated as a status (a `validation`
/// error lists every problem), then built; for `create` and each status of
/// `createMany`.
pub(super) fn create_call(
    graph: &Graph,
    configuration_id: &str,
    status: &JsValue,
    seed: &Seed,
) -> Result<Call, Error> {
    let status = parse(Packed::read(status).input()).map_err(Error::Validation)?;
    graph.create(configuration_id, &status, seed)
}

fn read_query(query: &JsQuery) -> ListQuery {
    ListQuery {
        top: query.top(),
        filter: query.filter().as_string(),
        select: query
            .select()
            .as_string()
            .map(|list| list.split(',').map(String::from).collect())
            .unwrap_or_default(),
        orderby: query.orderby().as_string(),
        max_pages: query.max_pages(),
    }
}

fn id_text(value: &JsValue, argument: &'static str) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| invalid(argument, "expected an id string"))
}

pub(super) fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        set(&object, key, value);
    }
    object.into()
}

pub(super) fn to_js_value<T: serde::Serialize>(value: &T) -> Result<JsValue, Error> {
    to_plain(value).map_err(|_| {
        Error::request(
            crate::error::ErrorKind::InvalidResponse,
            "could not convert the answer",
        )
    })
}

/// An operation in progress, as the driver sees it: each method returns the next
/// step, `{ kind: "send", method, url, body, clientRequestId, scope, refresh }`,
/// `{ kind: "wait", ms }` or `{ kind: "done", value }`, or throws the call's
/// `GraphError`. Internal to the package.
#[wasm_bindgen(skip_typescript)]
pub struct PendingCall {
    call: Call,
    cloud: Cloud,
}

#[wasm_bindgen]
impl PendingCall {
    /// The next step after `event` (see [`read_event`]; one export for all of
    /// them keeps the glue small): to begin or go on (the first step, the attempt
    /// after a wait, the next page), or what came of the request the last step
    /// asked for.
    pub fn advance(
        &mut self,
        event: i32,
        text: String,
        headers: &JsValue,
        body: String,
    ) -> Result<JsValue, JsValue> {
        let call = &mut self.call;
        let next = match read_event(event, text, headers, body)? {
            Event::Resume => call.resume(),
            Event::Answer(Ok(reply)) => call.on_reply::<JsValue>(reply),
            Event::Answer(Err(failure)) => call.on_failure(failure),
        };
        step(self.cloud, next)
    }
}

/// What the driver reports, as `js/support.js` encodes it for `PendingCall.advance`
/// and `PendingBulk.answer`.
pub(super) enum Event {
    /// Begin, or go on (after a wait, for the next page).
    Resume,
    /// The reply to the request asked for, or why there is none.
    Answer(Result<Reply, Failure>),
}

/// Reads an event: `-1` to begin or go on; an HTTP status for the reply, with its
/// status text, headers and body; or no reply: `-3` timed out, `-4` the connection
/// failed, `-8` no connection could be made (`text` is the runtime's message), or
/// the caller's signal: `-2` aborted before
/// the request left (or during a wait), `-5` aborted while it was out, `-6` and
/// `-7` the same for a signal that timed out (`AbortSignal.timeout()`). The
/// numbers are `js/support.js`'s.
pub(super) fn read_event(
    event: i32,
    text: String,
    headers: &JsValue,
    body: String,
) -> Result<Event, Error> {
    Ok(match event {
        -1 => Event::Resume,
        -3 => Event::Answer(Err(Failure::Timeout)),
        -4 => Event::Answer(Err(Failure::Network(text))),
        -8 => Event::Answer(Err(Failure::Refused(text))),
        -2 | -7..=-5 => Event::Answer(Err(Failure::Aborted {
            sent: matches!(event, -5 | -7),
            deadline: event <= -6,
        })),
        status @ 0..=999 => {
            let headers: &Headers = headers.unchecked_ref();
            let header = |name: &str| headers.get(name).as_string().filter(|v| !v.is_empty());
            Event::Answer(Ok(Reply {
                status: status as u16,
                status_text: text,
                retry_after: header("retry-after"),
                request_id: header("request-id"),
                date: header("date"),
                location: header("location"),
                body,
                now_ms: crate::web::now_ms(),
            }))
        }
        _ => return Err(mismatch()),
    })
}

/// A request as the driver sends it; `settling` when it goes out even after the
/// caller aborted; `id` names it for `PendingBulk.answer`.
pub(super) fn send_step(
    request: &Request,
    scope: String,
    refresh: bool,
    settling: bool,
    id: JsValue,
) -> JsValue {
    object(&[
        ("kind", "send".into()),
        ("id", id),
        ("settling", settling.into()),
        ("method", request.method.as_str().into()),
        ("url", request.url.as_str().into()),
        (
            "body",
            request
                .body
                .as_deref()
                .map_or(JsValue::UNDEFINED, JsValue::from_str),
        ),
        ("clientRequestId", request.client_request_id.as_str().into()),
        ("scope", scope.into()),
        ("refresh", refresh.into()),
    ])
}

/// A step as the driver reads it.
fn step(cloud: Cloud, step: Result<Step<'_>, Error>) -> Result<JsValue, JsValue> {
    Ok(match step? {
        Step::Send {
            request,
            refresh,
            settling,
        } => send_step(
            request,
            cloud.scope(request.access),
            refresh,
            settling,
            JsValue::UNDEFINED,
        ),
        Step::Wait(ms) => object(&[("kind", "wait".into()), ("ms", (ms as f64).into())]),
        Step::Done(output) => {
            let value = match output {
                Output::Status(status) => to_js_value(&status)?,
                Output::Updated(status) => to_js_value(&status)?,
                Output::Listed(items) => to_js_value(&items)?,
                Output::Count(count) => JsValue::from_f64(count as f64),
                Output::Nothing => JsValue::UNDEFINED,
            };
            object(&[("kind", "done".into()), ("value", value)])
        }
    })
}

/// The client's operations, as its methods name them.
#[derive(Clone, Copy)]
enum Operation {
    Create,
    Get,
    List,
    Pages,
    Update,
    Delete,
    Count,
}

/// A client for a configuration's device statuses in Microsoft Graph.
#[wasm_bindgen]
pub struct DeviceStatusClient {
    client: Graph,
    /// The driver's options: token source, timeout, warning hook.
    driver: JsValue,
    /// The client's recent writes, shared by all its `createMany` runs.
    pacing: Rc<RefCell<Pacing>>,
}

#[wasm_bindgen]
impl DeviceStatusClient {
    /// Checks the options (throws `GraphError` `invalidArgument` for bad ones);
    /// sends nothing.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "DeviceStatusClientOptions")] options: JsValue,
    ) -> Result<DeviceStatusClient, JsValue> {
        let (config, checked) = read_config(&options)?;
        Ok(Self {
            client: Graph::new(config),
            driver: checked.into(),
            pacing: Rc::default(),
        })
    }

    /// Every operation's arguments, read and checked in one place (the
    /// configuration id, then what the operation takes, in argument order; `arg`
    /// is the status, the patch or the list query), and its `Call` built.
    #[inline(never)]
    fn operation(
        &self,
        operation: Operation,
        configuration_id: &JsValue,
        status_id: &JsValue,
        arg: &JsValue,
        options: Option<Ts<CallOptions>>,
    ) -> Result<(PendingCall, JsCall), JsValue> {
        let id = id_text(configuration_id, "configurationId")?;
        let call = call_options(&options.map_or(JsValue::UNDEFINED, JsValue::from))?;
        let seed = crate::web::seed(call.client_request_id().as_string());
        let client = &self.client;
        let status_id = || id_text(status_id, "statusId");
        let built = match operation {
            Operation::Create => create_call(client, &id, arg, &seed)?,
            Operation::Get => client.get(&id, &status_id()?, &seed)?,
            Operation::List | Operation::Pages => {
                let query = read_query(&list_query(arg)?);
                let pages = matches!(operation, Operation::Pages);
                client.list(&id, &query, pages, &seed)?
            }
            Operation::Update => {
                let status_id = status_id()?;
                let patch = parse_patch(Packed::read(arg).input()).map_err(Error::Validation)?;
                client.update(&id, &status_id, patch, &seed)?
            }
            Operation::Delete => client.delete(&id, &status_id()?, &seed)?,
            Operation::Count => client.count(&id, &seed)?,
        };
        let pending = PendingCall {
            call: built,
            cloud: client.cloud(),
        };
        Ok((pending, call))
    }

    /// Runs an operation, or rejects with why it could not start: a method never
    /// throws synchronously.
    fn run(
        &self,
        operation: Operation,
        configuration_id: &JsValue,
        status_id: &JsValue,
        arg: &JsValue,
        options: Option<Ts<CallOptions>>,
    ) -> js_sys::Promise {
        match self.operation(operation, configuration_id, status_id, arg, options) {
            Ok((call, options)) => drive(call, &self.driver, &options),
            Err(error) => js_sys::Promise::reject(&error),
        }
    }

    /// Creates a status: validated first (a `GraphError` `validation` rejects and
    /// nothing is sent), then posted; resolves to the status Graph stored. Never
    /// creates it twice: see the README's retry rules.
    #[wasm_bindgen(unchecked_return_type = "Promise<DeviceConfigurationDeviceStatus>")]
    pub fn create(
        &self,
        #[wasm_bindgen(js_name = configurationId, unchecked_param_type = "string")]
        configuration_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DeviceConfigurationDeviceStatus")] status: JsValue,
        options: Option<Ts<CallOptions>>,
    ) -> js_sys::Promise {
        let none = JsValue::UNDEFINED;
        self.run(
            Operation::Create,
            &configuration_id,
            &none,
            &status,
            options,
        )
    }

    /// Creates many statuses, paced under Intune's write limit and packed into
    /// JSON batches; resolves to one result per status, in input order. Rejects
    /// only for bad arguments (`invalidArgument`, nothing sent); each status's
    /// own failure is in its result.
    #[wasm_bindgen(
        js_name = createMany,
        unchecked_return_type = "Promise<CreateManyResult[]>"
    )]
    pub fn create_many(
        &self,
        #[wasm_bindgen(js_name = configurationId, unchecked_param_type = "string")]
        configuration_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DeviceConfigurationDeviceStatus[]")]
        statuses: JsValue,
        options: Option<Ts<CreateManyOptions>>,
    ) -> js_sys::Promise {
        match self.bulk_run(&configuration_id, &statuses, options) {
            Ok((run, options)) => bulk(run, &self.driver, &options),
            Err(error) => js_sys::Promise::reject(&error),
        }
    }

    /// createMany's arguments checked (its options, the array, the
    /// configuration id as every method checks it) and its scheduler made.
    fn bulk_run(
        &self,
        configuration_id: &JsValue,
        statuses: &JsValue,
        options: Option<Ts<CreateManyOptions>>,
    ) -> Result<(PendingBulk, JsMany), JsValue> {
        let options = many_options(&options.map_or(JsValue::UNDEFINED, JsValue::from))?;
        let Some(statuses) = statuses.dyn_ref::<js_sys::Array>() else {
            return Err(invalid("statuses", "expected an array of statuses").into());
        };
        let id = id_text(configuration_id, "configurationId")?;
        self.client.count(&id, &crate::web::seed(None))?;
        let limit = Limit::new(options.limit(), options.window_ms());
        let total = statuses.length() as usize;
        let scheduler = Bulk::new(&self.client, total, options.batch(), limit);
        let run = PendingBulk::new(
            scheduler,
            self.client.clone(),
            self.pacing.clone(),
            id,
            statuses.clone(),
        );
        Ok((run, options))
    }

    /// Reads one status.
    #[wasm_bindgen(unchecked_return_type = "Promise<DeviceConfigurationDeviceStatus>")]
    pub fn get(
        &self,
        #[wasm_bindgen(js_name = configurationId, unchecked_param_type = "string")]
        configuration_id: JsValue,
        #[wasm_bindgen(js_name = statusId, unchecked_param_type = "string")] status_id: JsValue,
        options: Option<Ts<CallOptions>>,
    ) -> js_sys::Promise {
        let none = JsValue::UNDEFINED;
        self.run(
            Operation::Get,
            &configuration_id,
            &status_id,
            &none,
            options,
        )
    }

    /// Every status of the configuration, following each `@odata.nextLink`.
    #[wasm_bindgen(unchecked_return_type = "Promise<ListedDeviceStatus[]>")]
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = configurationId, unchecked_param_type = "string")]
        configuration_id: JsValue,
        query: Option<Ts<ListOptions>>,
        options: Option<Ts<CallOptions>>,
    ) -> js_sys::Promise {
        let query = query.map_or(JsValue::UNDEFINED, JsValue::from);
        let none = JsValue::UNDEFINED;
        self.run(Operation::List, &configuration_id, &none, &query, options)
    }

    /// The statuses page by page, for large configurations:
    /// `for await (const page of client.pages(id)) …`.
    #[wasm_bindgen(unchecked_return_type = "AsyncIterable<ListedDeviceStatus[]>")]
    pub fn pages(
        &self,
        #[wasm_bindgen(js_name = configurationId, unchecked_param_type = "string")]
        configuration_id: JsValue,
        query: Option<Ts<ListOptions>>,
        options: Option<Ts<CallOptions>>,
    ) -> Result<JsValue, JsValue> {
        let query = query.map_or(JsValue::UNDEFINED, JsValue::from);
        let none = JsValue::UNDEFINED;
        let (call, options) =
            self.operation(Operation::Pages, &configuration_id, &none, &query, options)?;
        Ok(pages(call, &self.driver, &options))
    }

    /// Updates a status with the properties given (update rules: all optional,
    /// each checked); resolves to the updated status, or `null` when Graph answers
    /// 204 without one.
    #[wasm_bindgen(unchecked_return_type = "Promise<DeviceConfigurationDeviceStatus | null>")]
    pub fn update(
        &self,
        #[wasm_bindgen(js_name = configurationId, unchecked_param_type = "string")]
        configuration_id: JsValue,
        #[wasm_bindgen(js_name = statusId, unchecked_param_type = "string")] status_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DeviceStatusPatch")] patch: JsValue,
        options: Option<Ts<CallOptions>>,
    ) -> js_sys::Promise {
        self.run(
            Operation::Update,
            &configuration_id,
            &status_id,
            &patch,
            options,
        )
    }

    /// Deletes a status; resolves to `undefined`.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn delete(
        &self,
        #[wasm_bindgen(js_name = configurationId, unchecked_param_type = "string")]
        configuration_id: JsValue,
        #[wasm_bindgen(js_name = statusId, unchecked_param_type = "string")] status_id: JsValue,
        options: Option<Ts<CallOptions>>,
    ) -> js_sys::Promise {
        let none = JsValue::UNDEFINED;
        self.run(
            Operation::Delete,
            &configuration_id,
            &status_id,
            &none,
            options,
        )
    }

    /// The number of statuses.
    #[wasm_bindgen(unchecked_return_type = "Promise<number>")]
    pub fn count(
        &self,
        #[wasm_bindgen(js_name = configurationId, unchecked_param_type = "string")]
        configuration_id: JsValue,
        options: Option<Ts<CallOptions>>,
    ) -> js_sys::Promise {
        let none = JsValue::UNDEFINED;
        self.run(Operation::Count, &configuration_id, &none, &none, options)
    }
}
