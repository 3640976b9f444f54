//! `DeviceStatusClient`, the JavaScript face of [`Client`]: options read once in
//! the constructor; every method checks its arguments, builds the operation's
//! [`Call`] and hands it to the driver (`js/driver.js`), which returns the
//! Promise (bad arguments reject it, never throw synchronously).

use super::convert::{own_keys, read_input, to_plain};
use crate::client::path::{GraphRoot, ListQuery};
use crate::client::retry::RetryPolicy;
use crate::client::{Call, Client, Config, Failure, Output, Reply, Step};
use crate::cloud::{ApiVersion, Cloud};
use crate::error::Error;
use crate::input::quote;
use crate::validate::{parse, parse_patch};
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/driver.js")]
extern "C" {
    /// Runs a call to its end; resolves to its value, rejects with its `GraphError`.
    fn drive(call: PendingCall, client: &JsValue, signal: &JsValue) -> js_sys::Promise;
    /// An async iterable of a paged call's pages.
    fn pages(call: PendingCall, client: &JsValue, signal: &JsValue) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// A fetch `Headers` object.
    type Headers;
    #[wasm_bindgen(method)]
    fn get(this: &Headers, name: &str) -> Option<String>;
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
  /** Each attempt's timeout (default none). */
  timeoutMs?: number;
  /** Called when Graph flags the entity as deprecated; by default one console.warn per client. */
  onWarning?: (warning: DeprecationWarning) => void;
}

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
}

fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn present(value: &JsValue) -> bool {
    !value.is_undefined() && !value.is_null()
}

fn invalid(argument: &'static str, message: impl Into<String>) -> Error {
    Error::InvalidArgument {
        argument,
        message: message.into(),
    }
}

/// An optional option as text.
fn text(target: &JsValue, key: &str, argument: &'static str) -> Result<Option<String>, Error> {
    let value = get(target, key);
    if !present(&value) {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or_else(|| invalid(argument, "expected a string"))
}

/// An optional option as a whole number within `max`.
fn whole(
    target: &JsValue,
    key: &str,
    argument: &'static str,
    max: u32,
) -> Result<Option<u32>, Error> {
    let value = get(target, key);
    if !present(&value) {
        return Ok(None);
    }
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(max)).contains(&n) => Ok(Some(n as u32)),
        _ => Err(invalid(
            argument,
            format!("expected a whole number from 0 to {max}"),
        )),
    }
}

/// Refuses option names the client does not know: a typo such as `baseURL`
/// would otherwise send the token to the real Graph.
fn known_keys(target: &JsValue, argument: &'static str, known: &[&str]) -> Result<(), Error> {
    let keys = own_keys(target).map_err(|_| invalid(argument, "expected a readable object"))?;
    for key in keys.iter().filter_map(|k| k.as_string()) {
        if !known.contains(&key.as_str()) {
            return Err(invalid(
                argument,
                format!(
                    "unknown option {}; known: {}",
                    quote(&key),
                    known.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// Checks the token option; the driver asks it for tokens as it is.
fn read_token(options: &JsValue) -> Result<JsValue, Error> {
    let token = get(options, "token");
    if let Some(fixed) = token.as_string() {
        return if fixed.is_empty() {
            Err(invalid("options.token", "expected a non-empty token"))
        } else {
            Ok(token)
        };
    }
    if token.is_function() {
        return Ok(token);
    }
    if token.is_object() {
        if present(&get(&token, "msal")) {
            known_keys(
                &token,
                "options.token",
                &["msal", "account", "scopes", "interaction"],
            )?;
            let scopes = get(&token, "scopes");
            if present(&scopes) && !non_empty_strings(&scopes) {
                return Err(invalid(
                    "options.token.scopes",
                    "expected a non-empty array of strings",
                ));
            }
            if let Some(name) = text(&token, "interaction", "options.token.interaction")? {
                if !matches!(name.as_str(), "popup" | "redirect" | "none") {
                    return Err(invalid(
                        "options.token.interaction",
                        format!(
                            "expected \"popup\", \"redirect\" or \"none\", found {}",
                            quote(&name)
                        ),
                    ));
                }
            }
            return Ok(token);
        }
        if get(&token, "getAccessToken").is_function() {
            return Ok(token);
        }
    }
    Err(invalid(
        "options.token",
        "expected a token string, a function returning one, { msal } or an object with getAccessToken()",
    ))
}

/// Whether `value` is an array of strings with at least one.
fn non_empty_strings(value: &JsValue) -> bool {
    strings(value).is_some_and(|list| !list.is_empty())
}

/// An array of strings, or `None` for anything else.
fn strings(value: &JsValue) -> Option<Vec<String>> {
    if !js_sys::Array::is_array(value) {
        return None;
    }
    js_sys::Array::from(value)
        .iter()
        .map(|v| v.as_string())
        .collect()
}

/// The client's configuration, and the driver's part of the options.
fn read_config(options: &JsValue) -> Result<(Config, JsValue), Error> {
    if !options.is_object() {
        return Err(invalid(
            "options",
            "expected an object such as { token, cloud }",
        ));
    }
    known_keys(
        options,
        "options",
        &[
            "token",
            "cloud",
            "apiVersion",
            "baseUrl",
            "retry",
            "timeoutMs",
            "onWarning",
        ],
    )?;
    let token = read_token(options)?;
    let cloud = match text(options, "cloud", "options.cloud")? {
        None => Cloud::default(),
        Some(name) => Cloud::from_name(&name).ok_or_else(|| {
            invalid(
                "options.cloud",
                format!(
                    "expected \"global\", \"usGovL4\", \"usGovL5Dod\" or \"china\", found {}",
                    quote(&name)
                ),
            )
        })?,
    };
    let version = match text(options, "apiVersion", "options.apiVersion")? {
        None => ApiVersion::default(),
        Some(name) => ApiVersion::from_name(&name).ok_or_else(|| {
            invalid(
                "options.apiVersion",
                format!("expected \"v1.0\" or \"beta\", found {}", quote(&name)),
            )
        })?,
    };
    let root = match text(options, "baseUrl", "options.baseUrl")? {
        None => GraphRoot::of_cloud(cloud),
        Some(url) => GraphRoot::parse(&url)?,
    };
    let retry_options = get(options, "retry");
    let retry = if present(&retry_options) {
        known_keys(
            &retry_options,
            "options.retry",
            &["maxRetries", "baseDelayMs", "maxDelayMs"],
        )?;
        let defaults = RetryPolicy::default();
        RetryPolicy::new(
            whole(
                &retry_options,
                "maxRetries",
                "options.retry.maxRetries",
                1_000_000_000,
            )?
            .unwrap_or(defaults.max_retries),
            whole(
                &retry_options,
                "baseDelayMs",
                "options.retry.baseDelayMs",
                1_000_000_000,
            )?
            .unwrap_or(defaults.base_delay_ms),
            whole(
                &retry_options,
                "maxDelayMs",
                "options.retry.maxDelayMs",
                1_000_000_000,
            )?
            .unwrap_or(defaults.max_delay_ms),
        )?
    } else {
        RetryPolicy::default()
    };
    let timeout_ms = whole(options, "timeoutMs", "options.timeoutMs", 1_000_000_000)?;
    let on_warning = get(options, "onWarning");
    if present(&on_warning) && !on_warning.is_function() {
        return Err(invalid("options.onWarning", "expected a function"));
    }
    // What the driver needs: where tokens come from, the timeout, the warning hook
    // (and, by default, whether this client has warned already).
    let driver = js_sys::Object::new();
    for (key, value) in [
        ("token", token),
        ("timeoutMs", timeout_ms.map_or(JsValue::NULL, JsValue::from)),
        ("onWarning", on_warning),
        ("warned", JsValue::FALSE),
    ] {
        let _ = js_sys::Reflect::set(&driver, &JsValue::from_str(key), &value);
    }
    let config = Config {
        cloud,
        version,
        root,
        retry,
    };
    Ok((config, driver.into()))
}

/// A call's own options, read.
#[derive(Default)]
struct PerCall {
    /// The caller's `AbortSignal`, or `undefined`.
    signal: JsValue,
    client_request_id: Option<String>,
}

fn read_call(options: Option<JsValue>) -> Result<PerCall, Error> {
    let Some(options) = options.filter(present) else {
        return Ok(PerCall::default());
    };
    known_keys(&options, "options", &["signal", "clientRequestId"])?;
    let signal = get(&options, "signal");
    if present(&signal) && !signal.is_instance_of::<web_sys::AbortSignal>() {
        return Err(invalid("options.signal", "expected an AbortSignal"));
    }
    let client_request_id = text(&options, "clientRequestId", "options.clientRequestId")?;
    if let Some(id) = &client_request_id {
        if id.is_empty() || id.len() > 128 || !id.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(invalid(
                "options.clientRequestId",
                format!(
                    "expected 1 to 128 visible ASCII characters, found {}",
                    quote(id)
                ),
            ));
        }
    }
    Ok(PerCall {
        signal,
        client_request_id,
    })
}

fn read_query(query: Option<JsValue>) -> Result<ListQuery, Error> {
    let Some(query) = query.filter(present) else {
        return Ok(ListQuery::default());
    };
    known_keys(&query, "query", &["top", "filter", "select", "orderby"])?;
    let select = match get(&query, "select") {
        s if !present(&s) => Vec::new(),
        s => strings(&s)
            .ok_or_else(|| invalid("query.select", "expected an array of property names"))?,
    };
    Ok(ListQuery {
        top: match whole(&query, "top", "query.top", 999)? {
            Some(0) => {
                return Err(invalid(
                    "query.top",
                    "expected a whole number from 1 to 999",
                ))
            }
            top => top,
        },
        filter: text(&query, "filter", "query.filter")?,
        select,
        orderby: text(&query, "orderby", "query.orderby")?,
    })
}

fn id_text(value: &JsValue, argument: &'static str) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| invalid(argument, "expected an id string"))
}

fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        // Setting a data property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

fn to_js_value<T: serde::Serialize>(value: &T) -> Result<JsValue, Error> {
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
    /// The first step; the next attempt after a wait; the next page.
    pub fn resume(&mut self) -> Result<JsValue, JsValue> {
        step(self.cloud, self.call.resume())
    }

    /// What came back from the request the last step asked for.
    pub fn reply(
        &mut self,
        status: u16,
        #[wasm_bindgen(js_name = statusText)] status_text: String,
        headers: &JsValue,
        body: String,
    ) -> Result<JsValue, JsValue> {
        let headers: &Headers = headers.unchecked_ref();
        let header = |name: &str| headers.get(name).filter(|v| !v.is_empty());
        let reply = Reply {
            status,
            status_text,
            retry_after: header("retry-after"),
            request_id: header("request-id"),
            date: header("date"),
            body,
        };
        step(self.cloud, self.call.on_reply(reply))
    }

    /// The request got no reply: `"aborted"`, `"timeout"` or `"network"` (with the
    /// runtime's message).
    pub fn failure(&mut self, kind: &str, message: String) -> Result<JsValue, JsValue> {
        let failure = match kind {
            "aborted" => Failure::Aborted,
            "timeout" => Failure::Timeout,
            _ => Failure::Network(message),
        };
        step(self.cloud, self.call.on_failure(failure))
    }
}

/// A step as the driver reads it.
fn step(cloud: Cloud, step: Result<Step<'_>, Error>) -> Result<JsValue, JsValue> {
    Ok(match step? {
        Step::Send { request, refresh } => object(&[
            ("kind", "send".into()),
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
            ("scope", cloud.scope(request.access).into()),
            ("refresh", refresh.into()),
        ]),
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

/// A client for a configuration's device statuses in Microsoft Graph.
#[wasm_bindgen]
pub struct DeviceStatusClient {
    client: Client,
    /// The driver's options: token source, timeout, warning hook.
    driver: JsValue,
}

#[wasm_bindgen]
impl DeviceStatusClient {
    /// Checks the options (throws `GraphError` `invalidArgument` for bad ones);
    /// sends nothing.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "DeviceStatusClientOptions")] options: JsValue,
    ) -> Result<DeviceStatusClient, JsValue> {
        let (config, driver) = read_config(&options)?;
        Ok(Self {
            client: Client::new(config),
            driver,
        })
    }

    /// Builds the call from the configuration id and the call options (`build`
    /// gets the id and the client-request-id), and runs it; any error rejects.
    fn run(
        &self,
        configuration_id: &JsValue,
        options: Option<Ts<CallOptions>>,
        build: impl FnOnce(&Client, String, Option<String>) -> Result<Call, Error>,
    ) -> js_sys::Promise {
        let prepared = id_text(configuration_id, "configurationId").and_then(|id| {
            let call = read_call(options.map(JsValue::from))?;
            Ok((
                build(&self.client, id, call.client_request_id)?,
                call.signal,
            ))
        });
        match prepared {
            Ok((call, signal)) => drive(self.pending(call), &self.driver, &signal),
            Err(error) => js_sys::Promise::reject(&error.into()),
        }
    }

    fn pending(&self, call: Call) -> PendingCall {
        PendingCall {
            call,
            cloud: self.client.cloud(),
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
        let status = parse(read_input(&status)).map_err(Error::Validation);
        self.run(&configuration_id, options, |client, id, request_id| {
            client.create(&id, &status?, request_id)
        })
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
        let status_id = id_text(&status_id, "statusId");
        self.run(&configuration_id, options, |client, id, request_id| {
            client.get(&id, &status_id?, request_id)
        })
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
        let query = read_query(query.map(JsValue::from));
        self.run(&configuration_id, options, |client, id, request_id| {
            client.list(&id, &query?, false, request_id)
        })
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
        let id = id_text(&configuration_id, "configurationId")?;
        let call = read_call(options.map(JsValue::from))?;
        let query = read_query(query.map(JsValue::from))?;
        let list = self
            .client
            .list(&id, &query, true, call.client_request_id)?;
        Ok(pages(self.pending(list), &self.driver, &call.signal))
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
        let status_id = id_text(&status_id, "statusId");
        let patch = parse_patch(read_input(&patch)).map_err(Error::Validation);
        self.run(&configuration_id, options, |client, id, request_id| {
            client.update(&id, &status_id?, patch?, request_id)
        })
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
        let status_id = id_text(&status_id, "statusId");
        self.run(&configuration_id, options, |client, id, request_id| {
            client.delete(&id, &status_id?, request_id)
        })
    }

    /// The number of statuses.
    #[wasm_bindgen(unchecked_return_type = "Promise<number>")]
    pub fn count(
        &self,
        #[wasm_bindgen(js_name = configurationId, unchecked_param_type = "string")]
        configuration_id: JsValue,
        options: Option<Ts<CallOptions>>,
    ) -> js_sys::Promise {
        self.run(&configuration_id, options, |client, id, request_id| {
            client.count(&id, request_id)
        })
    }
}
