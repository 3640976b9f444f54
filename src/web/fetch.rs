//! The Rust client's I/O, and nothing else: one attempt of a request over the
//! global `fetch` (gloo-net), and a wait on the global `setTimeout`. What an
//! attempt's reply or failure means is the core's business (`Call::on_reply`,
//! `Call::on_failure`).
//!
//! Only globals are used (`fetch`, `setTimeout`, `clearTimeout`, `AbortController`),
//! never `window`, which Node, web workers and Cloudflare Workers do not have.

use crate::client::retry::Method;
use crate::client::{Failure, Reply, Request};
use gloo_net::http::RequestBuilder;
use js_sys::{Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestRedirect};

#[wasm_bindgen]
extern "C" {
    /// The global `setTimeout`; its handle is a number in browsers and workerd, an
    /// object in Node, so it stays a `JsValue`.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> JsValue;

    /// The global `clearTimeout`.
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// A delay as `setTimeout` takes it: past 2^31 - 1 ms (about 24.8 days) it would
/// fire at once, so longer ones are cut to that.
fn timer_ms(ms: u64) -> i32 {
    i32::try_from(ms).unwrap_or(i32::MAX)
}

fn aborted(signal: Option<&AbortSignal>) -> bool {
    signal.is_some_and(AbortSignal::aborted)
}

/// The caller's signal fired, before the request left (`sent: false`) or while it
/// was out; a deadline when its reason is a timeout (`AbortSignal.timeout()`).
fn stopped(signal: Option<&AbortSignal>, sent: bool) -> Failure {
    let reason = signal.map(AbortSignal::reason);
    let name = reason.and_then(|r| js_sys::Reflect::get(&r, &"name".into()).ok());
    Failure::Aborted {
        sent,
        deadline: name.and_then(|n| n.as_string()).as_deref() == Some("TimeoutError"),
    }
}

/// A timer and an abort listener, both removed on drop, so a wait or an attempt
/// leaves nothing behind however it ends (finished, failed, or its future dropped).
struct Hooks<'s> {
    timer: Option<JsValue>,
    signal: Option<&'s AbortSignal>,
    listener: Option<Function>,
}

impl Drop for Hooks<'_> {
    fn drop(&mut self) {
        if let Some(timer) = &self.timer {
            clear_timeout(timer);
        }
        if let (Some(signal), Some(listener)) = (self.signal, &self.listener) {
            // Removing a listener cannot fail for a function.
            let _ = signal.remove_event_listener_with_callback("abort", listener);
        }
    }
}

/// Waits `ms` milliseconds, or fails as the caller's signal when it fires first.
pub(crate) async fn sleep(ms: u64, signal: Option<&AbortSignal>) -> Result<(), Failure> {
    if aborted(signal) {
        return Err(stopped(signal, false));
    }
    let mut hooks = Hooks {
        timer: None,
        signal,
        listener: None,
    };
    // The timer resolves with `undefined`, the signal with `false`: no Rust closure
    // is involved, so nothing can call into freed memory later.
    let promise = Promise::new(&mut |resolve, _reject| {
        hooks.timer = Some(set_timeout(&resolve, timer_ms(ms)));
        if let Some(signal) = signal {
            let stop: Function = resolve
                .bind1(&JsValue::NULL, &JsValue::FALSE)
                .unchecked_into();
            if signal
                .add_event_listener_with_callback("abort", &stop)
                .is_ok()
            {
                hooks.listener = Some(stop);
            }
        }
    });
    let woke = JsFuture::from(promise).await;
    drop(hooks);
    match woke {
        Ok(value) if value == JsValue::FALSE => Err(stopped(signal, false)),
        _ => Ok(()),
    }
}

/// The abort side of one attempt (reqwest's wasm `AbortGuard`): its own
/// `AbortController`, aborted by the timeout, by the caller's signal, or by drop.
/// fetch only ever sees this controller's signal, whose reason is always an
/// `AbortError` `DOMException` (an `Error`, which is what gloo-net expects a
/// rejection to be), never the caller's own abort reason.
struct AttemptGuard<'s> {
    controller: AbortController,
    /// The timer and the listener on the caller's signal; dropped (cleared, removed)
    /// before `_abort`, as fields drop in order, so neither can call the closure
    /// once it is freed.
    hooks: Hooks<'s>,
    /// Calls `controller.abort()`; the timer and the caller's signal hold it.
    _abort: Closure<dyn FnMut()>,
}

impl<'s> AttemptGuard<'s> {
    fn new(timeout_ms: u32, signal: Option<&'s AbortSignal>) -> Result<Self, Failure> {
        let controller = AbortController::new()
            .map_err(|_| Failure::Network("AbortController is not available".into()))?;
        let target = controller.clone();
        let abort = Closure::<dyn FnMut()>::new(move || target.abort());
        let function: &Function = abort.as_ref().unchecked_ref();
        let mut hooks = Hooks {
            timer: Some(set_timeout(function, timer_ms(timeout_ms.into()))),
            signal,
            listener: None,
        };
        if let Some(signal) = signal {
            if signal
                .add_event_listener_with_callback("abort", function)
                .is_ok()
            {
                hooks.listener = Some(function.clone());
            }
        }
        Ok(Self {
            controller,
            hooks,
            _abort: abort,
        })
    }

    /// Why the attempt got no response, as `js/support.js` decides it too: the
    /// caller's abort first, then the timeout, else the runtime's message.
    fn failure(&self, error: gloo_net::Error) -> Failure {
        if aborted(self.hooks.signal) {
            stopped(self.hooks.signal, true)
        } else if self.controller.signal().aborted() {
            Failure::Timeout
        } else {
            Failure::Network(match error {
                gloo_net::Error::JsError(error) => error.message,
                other => other.to_string(),
            })
        }
    }
}

impl Drop for AttemptGuard<'_> {
    fn drop(&mut self) {
        // Ends the request if it is still running: a dropped future cancels its
        // fetch. After a finished attempt this changes nothing.
        self.controller.abort();
    }
}

fn method(method: Method) -> gloo_net::http::Method {
    match method {
        Method::Get => gloo_net::http::Method::GET,
        Method::Post => gloo_net::http::Method::POST,
        Method::Patch => gloo_net::http::Method::PATCH,
        Method::Delete => gloo_net::http::Method::DELETE,
    }
}

/// What an attempt received: the reply the core reads, and what Graph said about
/// the entity's deprecation, which only the driver reports.
pub(crate) struct Received {
    pub reply: Reply,
    pub deprecation: Option<String>,
    pub sunset: Option<String>,
}

/// One attempt of `request` with `token`: the whole reply (its body read under the
/// same timeout), or why there is none.
///
/// The headers are the npm driver's: `Authorization`, `Accept`,
/// `client-request-id`, and `Content-Type` only with a body. No `mode` or
/// `credentials` (Cloudflare Workers rejects them), and redirects are not
/// followed (`redirect: "manual"`), so the token cannot travel to another host.
/// Header values must be valid (the token and the `client-request-id` are checked
/// before): gloo-net panics where `Headers.set` throws.
pub(crate) async fn attempt(
    request: &Request,
    token: &str,
    timeout_ms: u32,
    signal: Option<&AbortSignal>,
) -> Result<Received, Failure> {
    if aborted(signal) {
        return Err(stopped(signal, false));
    }
    let guard = AttemptGuard::new(timeout_ms, signal)?;
    let exchange = async {
        let builder = RequestBuilder::new(&request.url)
            .method(method(request.method))
            .header("Authorization", &format!("Bearer {token}"))
            .header("Accept", "application/json")
            .header("client-request-id", &request.client_request_id)
            .redirect(RequestRedirect::Manual)
            .abort_signal(Some(&guard.controller.signal()));
        let built = match &request.body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body.as_str()),
            None => builder.build(),
        }?;
        let response = built.send().await?;
        let body = response.text().await?;
        Ok::<_, gloo_net::Error>((response, body))
    };
    // Whatever the server or the runtime echoes, nothing read from the attempt
    // carries the token.
    let redact = |text: String| crate::client::token::redact(text, token);
    match exchange.await {
        Ok((response, body)) => {
            let headers = response.headers();
            let header = |name: &str| {
                let value = headers.get(name).filter(|value| !value.is_empty());
                value.map(redact)
            };
            let reply = Reply {
                status: response.status(),
                status_text: redact(response.status_text()),
                retry_after: header("retry-after"),
                request_id: header("request-id"),
                date: header("date"),
                location: header("location"),
                body: redact(body),
                now_ms: super::now_ms(),
            };
            Ok(Received {
                reply,
                deprecation: header("deprecation"),
                sunset: header("sunset"),
            })
        }
        Err(error) => Err(match guard.failure(error) {
            Failure::Network(why) => Failure::Network(redact(why)),
            other => other,
        }),
    }
}
