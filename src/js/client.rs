//! `DeviceStatusClient`, the JavaScript face of [`Client`]: options read once in
//! the constructor, every method a Promise that converts its arguments inside
//! (so bad arguments reject, never throw synchronously).

use super::convert::{own_keys, read_input, to_plain};
use crate::auth::{Interaction, Msal, TokenSource};
use crate::client::path::{GraphRoot, ListQuery};
use crate::client::retry::RetryPolicy;
use crate::client::{CallOptions as Call, Client, Config, Listed};
use crate::cloud::{ApiVersion, Cloud};
use crate::error::Error;
use crate::input::quote;
use crate::validate::{parse, parse_patch};
use std::cell::RefCell;
use std::rc::Rc;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

#[wasm_bindgen(module = "/js/support.js")]
extern "C" {
    #[wasm_bindgen(js_name = asyncPages)]
    fn async_pages(next: &JsValue) -> JsValue;
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

fn read_token(options: &JsValue) -> Result<TokenSource, Error> {
    let token = get(options, "token");
    if let Some(fixed) = token.as_string() {
        return if fixed.is_empty() {
            Err(invalid("options.token", "expected a non-empty token"))
        } else {
            Ok(TokenSource::Fixed(fixed))
        };
    }
    if let Some(function) = token.dyn_ref::<js_sys::Function>() {
        return Ok(TokenSource::Callback(function.clone()));
    }
    if token.is_object() {
        let app = get(&token, "msal");
        if present(&app) {
            known_keys(
                &token,
                "options.token",
                &["msal", "account", "scopes", "interaction"],
            )?;
            let account = Some(get(&token, "account")).filter(present);
            let scopes = match get(&token, "scopes") {
                s if !present(&s) => None,
                s => Some(
                    js_sys::Array::is_array(&s)
                        .then(|| {
                            js_sys::Array::from(&s)
                                .iter()
                                .map(|v| v.as_string())
                                .collect::<Option<Vec<_>>>()
                        })
                        .flatten()
                        .filter(|list| !list.is_empty())
                        .ok_or_else(|| {
                            invalid(
                                "options.token.scopes",
                                "expected a non-empty array of strings",
                            )
                        })?,
                ),
            };
            let interaction = match text(&token, "interaction", "options.token.interaction")? {
                None => Interaction::default(),
                Some(name) => Interaction::from_name(&name).ok_or_else(|| {
                    invalid(
                        "options.token.interaction",
                        format!(
                            "expected \"popup\", \"redirect\" or \"none\", found {}",
                            quote(&name)
                        ),
                    )
                })?,
            };
            return Ok(TokenSource::Msal(Msal {
                app,
                account,
                scopes,
                interaction,
            }));
        }
        if get(&token, "getAccessToken").is_function() {
            return Ok(TokenSource::Provider(token));
        }
    }
    Err(invalid(
        "options.token",
        "expected a token string, a function returning one, { msal } or an object with getAccessToken()",
    ))
}

fn read_config(options: &JsValue) -> Result<Config, Error> {
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
    let timeout_ms =
        whole(options, "timeoutMs", "options.timeoutMs", 1_000_000_000)?.map(u64::from);
    let on_warning = match get(options, "onWarning") {
        w if !present(&w) => None,
        w => Some(
            w.dyn_into::<js_sys::Function>()
                .map_err(|_| invalid("options.onWarning", "expected a function"))?,
        ),
    };
    Ok(Config {
        token,
        cloud,
        version,
        root,
        retry,
        timeout_ms,
        on_warning,
    })
}

fn read_call(options: Option<JsValue>) -> Result<Call, Error> {
    let Some(options) = options.filter(present) else {
        return Ok(Call::default());
    };
    known_keys(&options, "options", &["signal", "clientRequestId"])?;
    let signal = match get(&options, "signal") {
        s if !present(&s) => None,
        s => Some(
            s.dyn_into::<web_sys::AbortSignal>()
                .map_err(|_| invalid("options.signal", "expected an AbortSignal"))?,
        ),
    };
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
    Ok(Call {
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
        s => js_sys::Array::is_array(&s)
            .then(|| {
                js_sys::Array::from(&s)
                    .iter()
                    .map(|v| v.as_string())
                    .collect::<Option<Vec<_>>>()
            })
            .flatten()
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

/// Runs `work` as a Promise; an `Error` rejects it with a `GraphError`. The
/// future is boxed so that every method shares one promise adapter (smaller wasm).
fn promise(
    work: impl core::future::Future<Output = Result<JsValue, Error>> + 'static,
) -> js_sys::Promise {
    let work: core::pin::Pin<Box<dyn core::future::Future<Output = Result<JsValue, Error>>>> =
        Box::pin(work);
    future_to_promise(async move { work.await.map_err(JsValue::from) })
}

fn to_js_value<T: serde::Serialize>(value: &T) -> Result<JsValue, Error> {
    to_plain(value).map_err(|_| {
        Error::request(
            crate::error::ErrorKind::InvalidResponse,
            "could not convert the answer",
        )
    })
}

/// A client for a configuration's device statuses in Microsoft Graph.
#[wasm_bindgen]
pub struct DeviceStatusClient {
    client: Rc<Client>,
}

/// What every method reads before its promise starts: the configuration id and
/// the call options (an error in either rejects the promise).
type Target = Result<(String, Call), Error>;

#[wasm_bindgen]
impl DeviceStatusClient {
    /// Checks the options (throws `GraphError` `invalidArgument` for bad ones);
    /// sends nothing.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "DeviceStatusClientOptions")] options: JsValue,
    ) -> Result<DeviceStatusClient, JsValue> {
        let config = read_config(&options)?;
        Ok(Self {
            client: Rc::new(Client::new(config)),
        })
    }

    fn target(
        &self,
        configuration_id: &JsValue,
        options: Option<Ts<CallOptions>>,
    ) -> (Rc<Client>, Target) {
        let target = id_text(configuration_id, "configurationId")
            .and_then(|id| Ok((id, read_call(options.map(JsValue::from))?)));
        (self.client.clone(), target)
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
        let (client, target) = self.target(&configuration_id, options);
        let status = parse(read_input(&status)).map_err(Error::Validation);
        promise(async move {
            let (configuration_id, call) = target?;
            to_js_value(&client.create(&configuration_id, &status?, &call).await?)
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
        let (client, target) = self.target(&configuration_id, options);
        let status_id = id_text(&status_id, "statusId");
        promise(async move {
            let (configuration_id, call) = target?;
            to_js_value(&client.get(&configuration_id, &status_id?, &call).await?)
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
        let (client, target) = self.target(&configuration_id, options);
        let query = read_query(query.map(JsValue::from));
        promise(async move {
            let ((configuration_id, call), query) = (target?, query?);
            let mut url = Some(client.first_page_url(&configuration_id, &query)?);
            let mut all: Vec<Listed> = Vec::new();
            while let Some(next) = url.take() {
                let page = client.page(next, !query.select.is_empty(), &call).await?;
                all.extend(page.items);
                url = page.next_link;
            }
            to_js_value(&all)
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
        let (client, target) = self.target(&configuration_id, options);
        let (configuration_id, call) = target?;
        let query = read_query(query.map(JsValue::from))?;
        let partial = !query.select.is_empty();
        let cursor = Rc::new(RefCell::new(Some(
            client.first_page_url(&configuration_id, &query)?,
        )));
        let call = Rc::new(call);
        let next = Closure::<dyn FnMut() -> js_sys::Promise>::new(move || {
            let (client, cursor, call) = (client.clone(), cursor.clone(), call.clone());
            promise(async move {
                let Some(url) = cursor.borrow_mut().take() else {
                    return Ok(JsValue::UNDEFINED);
                };
                let page = client.page(url, partial, &call).await?;
                *cursor.borrow_mut() = page.next_link;
                to_js_value(&page.items)
            })
        });
        Ok(async_pages(&next.into_js_value()))
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
        let (client, target) = self.target(&configuration_id, options);
        let status_id = id_text(&status_id, "statusId");
        let patch = parse_patch(read_input(&patch)).map_err(Error::Validation);
        promise(async move {
            let (configuration_id, call) = target?;
            let updated = client
                .update(&configuration_id, &status_id?, patch?, &call)
                .await?;
            to_js_value(&updated)
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
        let (client, target) = self.target(&configuration_id, options);
        let status_id = id_text(&status_id, "statusId");
        promise(async move {
            let (configuration_id, call) = target?;
            client.delete(&configuration_id, &status_id?, &call).await?;
            Ok(JsValue::UNDEFINED)
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
        let (client, target) = self.target(&configuration_id, options);
        promise(async move {
            let (configuration_id, call) = target?;
            let count = client.count(&configuration_id, &call).await?;
            Ok(JsValue::from_f64(count as f64))
        })
    }
}
