//! The client against the Graph stand-in (tests/server/graph-double.mjs), in every
//! runtime the shared tests run in. Each test scripts Graph's answers, calls the
//! client as a JS user would, and checks both what it returned and what it sent.
//! The rules themselves (retries, lookups, caps, errors) are the core's and are
//! driven natively by `tests/client_scenarios.rs`; these tests are kept to what
//! crosses the runtime: fetch and its headers, resets, redirects, tokens, timers,
//! aborts, and the values and errors JavaScript receives.

use super::double::{get, is_uuid_v4, scenario, sent, text, two_pages, ITEM, PATH};
use intune_device_status::js::client::DeviceStatusClient;
use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const GRAPH_EXAMPLE: &str = include_str!("../fixtures/graph-example.json");

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

/// A value made by JavaScript source (functions, fakes of MSAL).
fn js(source: &str) -> JsValue {
    Function::new_no_args(source).call0(&JsValue::NULL).unwrap()
}

async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

fn header(request: &JsValue, name: &str) -> String {
    text(&get(request, "headers"), name)
}

/// A client on `base` with a fake token; `extra` is JSON merged into the options.
fn client_with(base: &str, extra: &str, token: JsValue) -> DeviceStatusClient {
    let options = json(extra);
    Reflect::set(&options, &"baseUrl".into(), &base.into()).unwrap();
    if !Reflect::has(&options, &"token".into()).unwrap() {
        Reflect::set(&options, &"token".into(), &token).unwrap();
    }
    DeviceStatusClient::new(options)
        .map_err(|e| text(&e, "message"))
        .unwrap()
}

fn client(base: &str, extra: &str) -> DeviceStatusClient {
    client_with(base, extra, "fake-token-for-tests".into())
}

fn status(changes: &str) -> JsValue {
    let target: Object = json(GRAPH_EXAMPLE).unchecked_into();
    let source: Object = json(changes).unchecked_into();
    Object::assign(&target, &source).into()
}

fn kind(error: &JsValue) -> String {
    text(error, "kind")
}

#[wasm_bindgen_test]
async fn create_sends_the_validated_status_and_returns_graphs_answer() {
    let base =
        scenario(r#"[{"status":201,"echo":{"id":"s-1"},"headers":{"request-id":"r-1"}}]"#).await;
    let created = settle(client(&base, "{}").create("cfg-1".into(), status("{}"), None))
        .await
        .unwrap();
    assert_eq!(text(&created, "id"), "s-1");
    assert_eq!(
        text(&created, "lastReportedDateTime"),
        "2017-01-01T00:00:17.7769392-08:00"
    );
    let requests = sent(&base).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(text(request, "method"), "POST");
    assert_eq!(text(request, "url"), PATH);
    assert_eq!(
        header(request, "authorization"),
        "Bearer fake-token-for-tests"
    );
    assert_eq!(header(request, "accept"), "application/json");
    assert_eq!(header(request, "content-type"), "application/json");
    assert!(is_uuid_v4(&header(request, "client-request-id")));
    let body = json(&text(request, "body"));
    assert_eq!(
        text(&body, "@odata.type"),
        "#microsoft.graph.deviceConfigurationDeviceStatus"
    );
    assert_eq!(
        text(&body, "complianceGracePeriodExpirationDateTime"),
        "2016-12-31T23:56:44.951111-08:00"
    );
    let headers = get(request, "headers");
    for custom in ["sdkversion", "retry-attempt", "x-ms-client-request-id"] {
        assert!(
            !Reflect::has(&headers, &custom.into()).unwrap(),
            "sent {custom}"
        );
    }
}

#[wasm_bindgen_test]
async fn an_invalid_status_rejects_before_anything_is_sent() {
    let base = scenario("[]").await;
    let error = settle(client(&base, "{}").create(
        "cfg-1".into(),
        status(r#"{"status":"Compliant"}"#),
        None,
    ))
    .await
    .unwrap_err();
    assert_eq!(kind(&error), "validation");
    assert_eq!(
        text(&Array::from(&get(&error, "errors")).get(0), "path"),
        "status"
    );
    assert!(sent(&base).await.is_empty());
}

#[wasm_bindgen_test]
async fn ids_that_could_reach_another_path_are_refused() {
    let base = scenario("[]").await;
    let graph = client(&base, "{}");
    for bad in ["cfg/../x", "a?b", "", "a b", "a%2f"] {
        let error = settle(graph.get(bad.into(), "s-1".into(), None))
            .await
            .unwrap_err();
        assert_eq!(kind(&error), "invalidArgument", "{bad}");
        assert!(
            text(&error, "message").starts_with("configurationId: "),
            "{bad}"
        );
        let error = settle(graph.delete("cfg-1".into(), bad.into(), None))
            .await
            .unwrap_err();
        assert_eq!(kind(&error), "invalidArgument", "{bad}");
    }
    let error = settle(graph.get(JsValue::from_f64(7.0), "s".into(), None))
        .await
        .unwrap_err();
    assert_eq!(kind(&error), "invalidArgument");
    assert!(sent(&base).await.is_empty());
}

#[wasm_bindgen_test]
async fn a_create_throttled_or_unavailable_is_resent_with_the_same_request_id() {
    let base = scenario(
        r#"[{"status":429,"headers":{"retry-after":"0"},"body":{"error":{"code":"TooManyRequests","message":"slow down"}}},
            {"status":503,"headers":{"retry-after":"Thu, 01 Jan 1970 00:00:00 GMT"}},
            {"status":201,"echo":{"id":"s-2"}}]"#,
    )
    .await;
    let created = settle(client(&base, "{}").create("cfg-1".into(), status("{}"), None))
        .await
        .unwrap();
    assert_eq!(text(&created, "id"), "s-2");
    let requests = sent(&base).await;
    assert_eq!(requests.len(), 3);
    let ids: Vec<String> = requests
        .iter()
        .map(|r| header(r, "client-request-id"))
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
}

#[wasm_bindgen_test]
async fn a_create_whose_outcome_is_unknown_is_never_resent_blindly() {
    for answer in [r#"{"status":504}"#, r#"{"reset":true}"#] {
        let base = scenario(&format!("[{answer}]")).await;
        let error = settle(client(&base, "{}").create("cfg-1".into(), status("{}"), None))
            .await
            .unwrap_err();
        assert_eq!(kind(&error), "outcomeUnknown", "{answer}");
        assert_eq!(get(&error, "attempts"), JsValue::from(1));
        assert!(text(&error, "message").contains("not resent"));
        assert_eq!(sent(&base).await.len(), 1, "{answer}");
    }
}

#[wasm_bindgen_test]
async fn a_lookup_that_cannot_settle_the_outcome_says_so() {
    // The lookup itself is refused: still unknown, and the message says the id was tried.
    let base = scenario(
        r#"[{"status":504},{"status":403,"body":{"error":{"code":"Forbidden","message":"no"}}}]"#,
    )
    .await;
    let error = settle(client(&base, "{}").create("cfg-1".into(), status(r#"{"id":"d-9"}"#), None))
        .await
        .unwrap_err();
    assert_eq!(kind(&error), "outcomeUnknown");
    let message = text(&error, "message");
    assert!(
        message.contains("looking it up by its id did not settle it"),
        "{message}"
    );
    assert!(!message.contains("Give statuses an id"), "{message}");
    // The lookup's own failure is the cause, a GraphError of its own.
    let cause = get(&error, "cause");
    assert_eq!(text(&cause, "name"), "GraphError");
    assert_eq!(get(&cause, "statusCode"), JsValue::from(403));
    assert_eq!(text(&cause, "code"), "Forbidden");
    assert!(text(&cause, "message").starts_with("GET "));

    // Not stored, and no retry allowed: a plain failure of the attempt, not unknown.
    let base = scenario(r#"[{"status":504},{"status":404,"body":{"error":{"code":"ResourceNotFound","message":"no"}}}]"#).await;
    let options = r#"{"retry":{"maxRetries":0}}"#;
    let error =
        settle(client(&base, options).create("cfg-1".into(), status(r#"{"id":"d-10"}"#), None))
            .await
            .unwrap_err();
    assert_eq!(kind(&error), "service");
    assert_eq!(get(&error, "statusCode"), JsValue::from(504));
    assert!(text(&error, "message").starts_with("the create was not stored ("));
    assert_eq!(get(&get(&error, "cause"), "statusCode"), JsValue::from(404));
    assert_eq!(sent(&base).await.len(), 2);
}

#[wasm_bindgen_test]
async fn dropped_connections_are_retried_for_reads_then_fail_as_network() {
    // Browsers may themselves resend an idempotent request once after a reset,
    // so each scenario has answers to spare.
    let base =
        scenario(r#"[{"reset":true},{"status":200,"body":"5"},{"status":200,"body":"5"}]"#).await;
    let graph = client(&base, r#"{"retry":{"maxRetries":1,"baseDelayMs":1}}"#);
    assert_eq!(
        settle(graph.count("cfg-1".into(), None)).await.unwrap(),
        JsValue::from(5)
    );
    let base = scenario(r#"[{"reset":true,"sticky":true}]"#).await;
    let graph = client(&base, r#"{"retry":{"maxRetries":1,"baseDelayMs":1}}"#);
    let error = settle(graph.count("cfg-1".into(), None)).await.unwrap_err();
    assert_eq!(
        kind(&error),
        "network",
        "{} after {} requests",
        text(&error, "message"),
        sent(&base).await.len()
    );
    assert_eq!(get(&error, "attempts"), JsValue::from(2));
    assert_eq!(get(&error, "statusCode"), JsValue::NULL);
}

#[wasm_bindgen_test]
async fn redirects_are_not_followed_with_the_token() {
    let base =
        scenario(r#"[{"status":302,"headers":{"location":"http://localhost:9/steal"}}]"#).await;
    let error = settle(client(&base, "{}").count("cfg-1".into(), None))
        .await
        .unwrap_err();
    assert_token_withheld(&error, &base).await;
}

/// The call failed as `invalidResponse` after one request, which went to the
/// configured origin only.
async fn assert_token_withheld(error: &JsValue, base: &str) {
    assert_eq!(kind(error), "invalidResponse");
    assert!(text(error, "message").contains("not followed with the token"));
    assert_eq!(sent(base).await.len(), 1);
}

#[wasm_bindgen_test]
async fn graph_errors_carry_code_ids_and_body_but_never_the_token() {
    let base = scenario(
        r#"[{"status":403,"headers":{"request-id":"req-9"},"body":{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges","innerError":{"request-id":"req-9","client-request-id":"c-1","date":"2025-02-13T10:17:06"}}}},
            {"status":502,"headers":{"content-type":"text/html"},"body":"<html>proxy</html>"}]"#,
    )
    .await;
    let graph = client(&base, "{}");
    let error = settle(graph.get("cfg-1".into(), "s-1".into(), None))
        .await
        .unwrap_err();
    assert_eq!(text(&error, "name"), "GraphError");
    assert_eq!(kind(&error), "service");
    assert_eq!(text(&error, "code"), "Authorization_RequestDenied");
    assert_eq!(text(&error, "requestId"), "req-9");
    assert_eq!(text(&error, "date"), "2025-02-13T10:17:06");
    assert_eq!(
        text(&get(&error, "body"), "message"),
        "Insufficient privileges"
    );
    assert!(!text(&error, "message").contains("fake-token-for-tests"));
    let error = settle(graph.get("cfg-1".into(), "s-1".into(), None))
        .await
        .unwrap_err();
    assert_eq!(get(&error, "statusCode"), JsValue::from(502));
    assert_eq!(text(&error, "code"), "service");
    assert!(
        text(&error, "message").contains("not a Graph error"),
        "{}",
        text(&error, "message")
    );
}

#[wasm_bindgen_test]
async fn a_401_gets_one_fresh_token_then_fails_as_auth() {
    let base =
        scenario(r#"[{"status":401},{"status":200,"body":"3"},{"status":401},{"status":401}]"#)
            .await;
    let calls = js("const calls = []; const f = (c) => { calls.push(c); return Promise.resolve('tok-' + calls.length); }; f.calls = calls; return f");
    let graph = client_with(&base, "{}", calls.clone());
    let count = settle(graph.count("cfg-1".into(), None)).await.unwrap();
    assert_eq!(count, JsValue::from(3));
    let error = settle(graph.count("cfg-1".into(), None)).await.unwrap_err();
    assert_eq!(kind(&error), "auth");
    let contexts = Array::from(&get(&calls, "calls"));
    assert_eq!(get(&contexts.get(1), "forceRefresh"), JsValue::TRUE);
    assert_eq!(
        Array::from(&get(&contexts.get(0), "scopes")).get(0),
        JsValue::from_str("https://graph.microsoft.com/DeviceManagementConfiguration.Read.All")
    );
    let auths: Vec<String> = sent(&base)
        .await
        .iter()
        .map(|r| header(r, "authorization"))
        .collect();
    assert_eq!(
        auths,
        [
            "Bearer tok-1",
            "Bearer tok-2",
            "Bearer tok-3",
            "Bearer tok-4"
        ]
    );
}

#[wasm_bindgen_test]
async fn every_token_source_is_asked_per_request() {
    let answer = r#"{"status":200,"body":"1"}"#;
    let base = scenario(&format!("[{answer},{answer},{answer},{answer}]")).await;
    let provider =
        js("return { getAccessToken: async (o) => 'provider-' + o.scopes[0].split('/').pop() }");
    let msal = js(
        "const app = { seen: [], getActiveAccount: () => ({ username: 'admin' }),
           acquireTokenSilent: async (r) => { app.seen.push(r); return { accessToken: 'msal-silent' }; } };
         return { msal: app }",
    );
    let popup = js(
        "const app = { getAllAccounts: () => [{ username: 'a' }],
           acquireTokenSilent: async () => { const e = new Error('x'); e.name = 'InteractionRequiredAuthError'; throw e; },
           acquireTokenPopup: async () => ({ accessToken: 'msal-popup' }) };
         return { msal: app, interaction: 'popup' }",
    );
    for token in [provider, msal.clone(), popup] {
        settle(client_with(&base, r#"{"cloud":"usGovL4"}"#, token).count("cfg-1".into(), None))
            .await
            .unwrap();
    }
    let fixed = client(&base, "{}");
    settle(fixed.count("cfg-1".into(), None)).await.unwrap();
    let auths: Vec<String> = sent(&base)
        .await
        .iter()
        .map(|r| header(r, "authorization"))
        .collect();
    assert_eq!(
        auths,
        [
            "Bearer provider-DeviceManagementConfiguration.Read.All",
            "Bearer msal-silent",
            "Bearer msal-popup",
            "Bearer fake-token-for-tests"
        ]
    );
    // The scope follows the cloud even though baseUrl moved the requests.
    let request = Array::from(&get(&get(&msal, "msal"), "seen")).get(0);
    assert_eq!(
        Array::from(&get(&request, "scopes")).get(0),
        JsValue::from_str("https://graph.microsoft.us/DeviceManagementConfiguration.Read.All")
    );
    assert_eq!(text(&get(&request, "account"), "username"), "admin");
}

#[wasm_bindgen_test]
async fn msal_without_interaction_and_failing_sources_are_auth_errors() {
    let base = scenario("[]").await;
    let none = js(
        "return { interaction: 'none', msal: { getActiveAccount: () => ({}),
           acquireTokenSilent: async () => { const e = new Error('x'); e.errorCode = 'interaction_required'; throw e; } } }",
    );
    let redirect = js(
        "const app = { redirected: 0, getActiveAccount: () => null, getAllAccounts: () => [],
           acquireTokenRedirect: async () => { app.redirected++; } };
         return { msal: app, interaction: 'redirect' }",
    );
    let throwing = js("return () => { throw new Error('vault locked') }");
    let empty = js("return async () => ''");
    for (token, message) in [
        (none, "interaction is \"none\""),
        (redirect.clone(), "redirecting to sign in"),
        (throwing, "vault locked"),
        (empty, "empty token"),
    ] {
        let error = settle(client_with(&base, "{}", token).count("cfg-1".into(), None))
            .await
            .unwrap_err();
        assert_eq!(kind(&error), "auth");
        assert!(
            text(&error, "message").contains(message),
            "{}",
            text(&error, "message")
        );
    }
    assert!(sent(&base).await.is_empty());
    assert_eq!(get(&get(&redirect, "msal"), "redirected"), JsValue::from(1));
}

#[wasm_bindgen_test]
async fn list_follows_every_next_link_on_the_graph_host() {
    // The last item lacks its date-times: it is kept, as Graph sent it.
    let base = scenario(&two_pages(&format!(
        r#"[{ITEM},{{"id":"c","status":"error"}}]"#
    )))
    .await;
    let query = tsify::Ts::new_unchecked(json(r#"{"top":1,"filter":"status eq 'compliant'"}"#));
    let listed = settle(client(&base, "{}").list("cfg-1".into(), Some(query), None))
        .await
        .unwrap();
    assert_eq!(Array::from(&listed).length(), 3);
    assert_eq!(text(&Array::from(&listed).get(1), "status"), "compliant");
    assert_eq!(text(&Array::from(&listed).get(2), "id"), "c");
    assert_eq!(
        get(&Array::from(&listed).get(2), "lastReportedDateTime"),
        JsValue::UNDEFINED
    );
    let urls: Vec<String> = sent(&base).await.iter().map(|r| text(r, "url")).collect();
    assert_eq!(
        urls,
        [
            format!("{PATH}?$top=1&$filter=status%20eq%20%27compliant%27"),
            format!("{PATH}?$skiptoken=2")
        ]
    );
}

#[wasm_bindgen_test]
async fn a_next_link_to_another_host_is_not_followed_with_the_token() {
    let script = format!(
        r#"[{{"status":200,"body":{{"value":[{ITEM}],"@odata.nextLink":"http://localhost:9{PATH}?$skiptoken=2"}}}}]"#
    );
    let base = scenario(&script).await;
    let error = settle(client(&base, "{}").list("cfg-1".into(), None, None))
        .await
        .unwrap_err();
    assert_token_withheld(&error, &base).await;
}

#[wasm_bindgen_test]
async fn pages_walks_page_by_page_and_select_gives_partial_statuses() {
    let base = scenario(&two_pages(r#"[{"id":"b","status":"error"}]"#)).await;
    let query = tsify::Ts::new_unchecked(json(r#"{"select":["id","status"]}"#));
    let pages = client(&base, "{}")
        .pages("cfg-1".into(), Some(query), None)
        .unwrap();
    let next: Function = get(&pages, "next").dyn_into().unwrap();
    let mut sizes = Vec::new();
    loop {
        let step = settle(next.call0(&pages).unwrap().dyn_into().unwrap())
            .await
            .unwrap();
        if get(&step, "done") == JsValue::TRUE {
            break;
        }
        sizes.push(Array::from(&get(&step, "value")).length());
    }
    assert_eq!(sizes, [1, 1]);
    let urls: Vec<String> = sent(&base).await.iter().map(|r| text(r, "url")).collect();
    assert_eq!(urls[0], format!("{PATH}?$select=id%2Cstatus"));
}

#[wasm_bindgen_test]
async fn update_patches_only_what_is_given_and_delete_and_count_resolve() {
    let base =
        scenario(r#"[{"status":204},{"status":204},{"status":200,"body":"\ufeff42"}]"#).await;
    let graph = client(&base, r#"{"apiVersion":"beta"}"#);
    let updated = settle(graph.update(
        "cfg-1".into(),
        "s-1".into(),
        json(r#"{"status":"error","deviceModel":null}"#),
        None,
    ))
    .await
    .unwrap();
    assert_eq!(updated, JsValue::NULL);
    let deleted = settle(graph.delete("cfg-1".into(), "s-1".into(), None))
        .await
        .unwrap();
    assert_eq!(deleted, JsValue::UNDEFINED);
    assert_eq!(
        settle(graph.count("cfg-1".into(), None)).await.unwrap(),
        JsValue::from(42)
    );
    let requests = sent(&base).await;
    let beta = "/beta/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses";
    assert_eq!(text(&requests[0], "method"), "PATCH");
    assert_eq!(text(&requests[0], "url"), format!("{beta}/s-1"));
    assert_eq!(
        text(&requests[0], "body"),
        r##"{"@odata.type":"#microsoft.graph.deviceConfigurationDeviceStatus","deviceModel":null,"status":"error"}"##
    );
    assert_eq!(text(&requests[1], "method"), "DELETE");
    assert_eq!(text(&requests[2], "url"), format!("{beta}/$count"));
    let invalid = settle(graph.update(
        "cfg-1".into(),
        "s-1".into(),
        json(r#"{"status":"ok"}"#),
        None,
    ))
    .await
    .unwrap_err();
    assert_eq!(kind(&invalid), "validation");
}

#[wasm_bindgen_test]
async fn timeouts_and_aborts_end_the_call() {
    let base = scenario(r#"[{"status":200,"body":"1","delayMs":2000}]"#).await;
    let graph = client(&base, r#"{"timeoutMs":50,"retry":{"maxRetries":0}}"#);
    let error = settle(graph.count("cfg-1".into(), None)).await.unwrap_err();
    assert_eq!(kind(&error), "timeout");

    let base = scenario(r#"[{"status":503,"headers":{"retry-after":"30"}}]"#).await;
    let controller = web_sys::AbortController::new().unwrap();
    let options = Object::new();
    Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let pending = client(&base, "{}").count(
        "cfg-1".into(),
        Some(tsify::Ts::new_unchecked(options.into())),
    );
    let abort = Function::new_with_args("c", "setTimeout(() => c.abort(), 50)");
    abort.call1(&JsValue::NULL, &controller).unwrap();
    let error = settle(pending).await.unwrap_err();
    assert_eq!(kind(&error), "aborted");
}

#[wasm_bindgen_test]
async fn deprecation_headers_reach_on_warning() {
    let base = scenario(r#"[{"status":200,"body":"0","headers":{"deprecation":"@1780272000","sunset":"Wed, 01 Jul 2026 00:00:00 GMT"}}]"#).await;
    let seen = js("const seen = []; const f = (w) => seen.push(w); f.seen = seen; return f");
    let options = json(&format!(r#"{{"token":"t","baseUrl":"{base}"}}"#));
    Reflect::set(&options, &"onWarning".into(), &seen).unwrap();
    let graph = DeviceStatusClient::new(options).unwrap();
    settle(graph.count("cfg-1".into(), None)).await.unwrap();
    let warning = Array::from(&get(&seen, "seen")).get(0);
    assert_eq!(text(&warning, "deprecation"), "@1780272000");
    assert_eq!(text(&warning, "sunset"), "Wed, 01 Jul 2026 00:00:00 GMT");
    assert_eq!(
        text(&warning, "message"),
        "Microsoft Graph marks deviceConfigurationDeviceStatus as deprecated since 2026-06-01, \
         and it stops working on 2026-07-01."
    );
}

#[wasm_bindgen_test]
fn bad_options_are_refused_by_the_constructor() {
    for (options, message) in [
        (
            r#"{"token":"t","baseURL":"http://x"}"#,
            "options: unknown option \"baseURL\"",
        ),
        (
            r#"{"token":"t","cloud":"germany"}"#,
            "options.cloud: expected",
        ),
        (
            r#"{"token":""}"#,
            "options.token: expected a non-empty token",
        ),
        (
            r#"{"token":"t","retry":{"maxRetries":11}}"#,
            "options.retry.maxRetries: expected a whole number from 0 to 10",
        ),
        (
            r#"{"token":"t","retry":{"maxDelayMs":180001}}"#,
            "options.retry.maxDelayMs: expected a whole number from 0 to 180000",
        ),
        (
            r#"{"token":"t","baseUrl":"ftp://x"}"#,
            "options.baseUrl: expected an absolute",
        ),
        (
            r#"{"token":"t","apiVersion":"v2"}"#,
            "options.apiVersion: expected",
        ),
    ] {
        let error = DeviceStatusClient::new(json(options))
            .map(drop)
            .unwrap_err();
        assert_eq!(kind(&error), "invalidArgument", "{options}");
        assert!(
            text(&error, "message").starts_with(message),
            "{}",
            text(&error, "message")
        );
    }
}
