//! One HTTP exchange over the global `fetch` (gloo-net), which browsers, web
//! workers, Node and Cloudflare Workers all have; plus the timers and randomness
//! the retry loop needs, from globals too (never `window`).

use crate::client::retry::Method;
use gloo_net::http::{Headers, RequestBuilder};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestRedirect};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buffer: &mut [u8]);
}

/// Unix time in milliseconds.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// 16 bytes from `crypto.getRandomValues`.
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    get_random_values(&mut bytes);
    bytes
}

/// A number in [0, 1) for backoff jitter.
pub fn random_unit() -> f64 {
    js_sys::Math::random()
}

/// Waits `ms`, or until `signal` aborts (then `Err`). Leaves no timer or listener
/// behind either way.
pub async fn sleep(ms: u64, signal: Option<&AbortSignal>) -> Result<(), ()> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(());
    }
    let mut timer = JsValue::UNDEFINED;
    let mut on_abort = None;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        timer = set_timeout(&resolve, ms as f64);
        if let Some(signal) = signal {
            let _ = signal.add_event_listener_with_callback("abort", &reject);
            on_abort = Some(reject);
        }
    });
    let result = JsFuture::from(promise).await;
    clear_timeout(&timer);
    if let (Some(signal), Some(reject)) = (signal, &on_abort) {
        let _ = signal.remove_event_listener_with_callback("abort", reject);
    }
    result.map(drop).map_err(drop)
}

/// An outgoing request.
pub struct Outgoing<'a> {
    /// The method.
    pub method: Method,
    /// The full URL.
    pub url: &'a str,
    /// `Bearer …`, only ever for the configured Graph origin.
    pub authorization: &'a str,
    /// The call's `client-request-id`.
    pub client_request_id: &'a str,
    /// A JSON body.
    pub body: Option<&'a str>,
    /// The attempt's timeout.
    pub timeout_ms: Option<u64>,
}

/// The parts of a response the client reads.
pub struct Reply {
    /// The HTTP status; 0 for a redirect that was not followed.
    pub status: u16,
    /// The status text, for messages.
    pub status_text: String,
    /// The response headers.
    pub headers: Headers,
    /// The whole body as text.
    pub body: String,
}

/// Why an exchange produced no reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The caller's signal aborted.
    Aborted,
    /// The attempt's timeout fired.
    Timeout,
    /// The connection failed; the text is the runtime's message.
    Network(String),
}

/// Aborts the attempt's controller on timeout or on the caller's abort; undoes
/// both hooks when dropped, however the attempt ends.
struct AbortGuard {
    controller: AbortController,
    abort: js_sys::Function,
    timer: Option<JsValue>,
    caller: Option<AbortSignal>,
}

impl AbortGuard {
    fn new(timeout_ms: Option<u64>, caller: Option<&AbortSignal>) -> Result<Self, Failure> {
        let controller = AbortController::new()
            .map_err(|_| Failure::Network("AbortController is missing".into()))?;
        let abort_method = js_sys::Reflect::get(&controller, &JsValue::from_str("abort"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .ok_or_else(|| Failure::Network("AbortController.abort is missing".into()))?;
        let abort = abort_method.bind0(&controller);
        let timer = timeout_ms.map(|ms| set_timeout(&abort, ms as f64));
        if let Some(signal) = caller {
            let _ = signal.add_event_listener_with_callback("abort", &abort);
        }
        Ok(Self {
            controller,
            abort,
            timer,
            caller: caller.cloned(),
        })
    }

    fn failure(&self, message: String) -> Failure {
        if self.caller.as_ref().is_some_and(AbortSignal::aborted) {
            Failure::Aborted
        } else if self.controller.signal().aborted() {
            Failure::Timeout
        } else {
            Failure::Network(message)
        }
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        if let Some(timer) = &self.timer {
            clear_timeout(timer);
        }
        if let Some(signal) = &self.caller {
            let _ = signal.remove_event_listener_with_callback("abort", &self.abort);
        }
    }
}

/// Sends one request and reads the whole response, within the timeout.
///
/// No `mode` or `credentials` is set (Cloudflare Workers rejects them) and no
/// custom header beyond `client-request-id` (each one costs a CORS preflight
/// allowance in browsers). Redirects are not followed, so the token cannot travel
/// to another host with one.
pub async fn exchange(
    request: Outgoing<'_>,
    signal: Option<&AbortSignal>,
) -> Result<Reply, Failure> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(Failure::Aborted);
    }
    let guard = AbortGuard::new(request.timeout_ms, signal)?;
    let builder = RequestBuilder::new(request.url)
        .method(match request.method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Post => gloo_net::http::Method::POST,
            Method::Patch => gloo_net::http::Method::PATCH,
            Method::Delete => gloo_net::http::Method::DELETE,
        })
        .header("Authorization", request.authorization)
        .header("Accept", "application/json")
        .header("client-request-id", request.client_request_id)
        .redirect(RequestRedirect::Manual)
        .abort_signal(Some(&guard.controller.signal()));
    let built = match request.body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    };
    let sent = built.map_err(|e| guard.failure(e.to_string()))?;
    let response = sent
        .send()
        .await
        .map_err(|e| guard.failure(e.to_string()))?;
    let body = response
        .text()
        .await
        .map_err(|e| guard.failure(e.to_string()))?;
    Ok(Reply {
        status: response.status(),
        status_text: response.status_text(),
        headers: response.headers(),
        body,
    })
}
