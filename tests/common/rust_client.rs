//! The Rust client (`intune_device_status::web::Client`) against the Graph
//! stand-in (tests/server/graph-double.mjs), in every runtime the shared tests run
//! in: Node, a Chromium page, a Chromium dedicated worker and Firefox. Each test
//! scripts Graph's answers, calls the client as a Rust app would, and checks what
//! it returned and what it sent.

use super::double::{get, is_uuid_v4, scenario, sent, text, two_pages, ITEM, PATH};
use intune_device_status::client::path::ListQuery;
use intune_device_status::client::retry::RetryPolicy;
use intune_device_status::client::Listed;
use intune_device_status::web::{
    CallOptions, Client, CreateManyOptions, DeprecationWarning, TokenRequest,
};
use intune_device_status::{
    ApiVersion, Cloud, ComplianceStatus, DateTimeOffset, DeviceConfigurationDeviceStatus,
    DeviceStatusPatch, Error, ErrorKind, RequestError,
};
use js_sys::{Function, Reflect, JSON};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::AbortController;

const TOKEN: &str = "fake-rust-token";

/// `METHOD url` of each request sent.
async fn sent_lines(base: &str) -> Vec<String> {
    sent(base)
        .await
        .iter()
        .map(|r| format!("{} {}", text(r, "method"), text(r, "url")))
        .collect()
}

fn header(request: &JsValue, name: &str) -> Option<String> {
    get(&get(request, "headers"), name).as_string()
}

fn client(base: &str) -> Client {
    Client::builder(TOKEN).base_url(base).build().unwrap()
}

fn at(text: &str) -> DateTimeOffset {
    DateTimeOffset::parse(text).unwrap()
}

/// Graph's own example status, built with the Rust API.
fn status() -> DeviceConfigurationDeviceStatus {
    let mut status = DeviceConfigurationDeviceStatus::new(
        ComplianceStatus::NotApplicable,
        at("2017-01-01T00:00:17.7769392-08:00"),
        at("2016-12-31T23:56:44.951111-08:00"),
    );
    status.device_display_name = Some("Device Display Name value".into());
    status.user_principal_name = Some("User Principal Name value".into());
    status
}

fn with_id(id: &str) -> DeviceConfigurationDeviceStatus {
    let mut status = status();
    status.id = Some(id.into());
    status
}

fn none() -> CallOptions {
    CallOptions::default()
}

/// The fields of a request error (every error past the arguments is one).
fn request_error(error: &Error) -> &RequestError {
    match error {
        Error::Request(request) => request,
        other => panic!("expected a request error, found {other:?}"),
    }
}

/// Aborts `controller` after `ms` on the runtime's timer.
fn abort_after(controller: &AbortController, ms: u32) {
    Function::new_with_args("c, ms", "setTimeout(() => c.abort(), ms)")
        .call2(&JsValue::NULL, controller, &JsValue::from(ms))
        .unwrap();
}

/// Call options whose signal aborts after `ms`.
fn aborted_in(ms: u32) -> CallOptions {
    let controller = AbortController::new().unwrap();
    abort_after(&controller, ms);
    CallOptions {
        signal: Some(controller.signal()),
        ..CallOptions::default()
    }
}

#[wasm_bindgen_test]
async fn rust_client_create_sends_the_status_and_returns_graphs_answer() {
    let base =
        scenario(r#"[{"status":201,"echo":{"id":"s-1"},"headers":{"request-id":"r-1"}}]"#).await;
    let created = client(&base)
        .create("cfg-1", &status(), &none())
        .await
        .unwrap();
    assert_eq!(created.id.as_deref(), Some("s-1"));
    assert_eq!(
        created.last_reported_date_time.as_str(),
        "2017-01-01T00:00:17.7769392-08:00"
    );
    assert_eq!(created.status, ComplianceStatus::NotApplicable);
    let requests = sent(&base).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(text(request, "method"), "POST");
    assert_eq!(text(request, "url"), PATH);
    assert_eq!(
        header(request, "authorization").as_deref(),
        Some("Bearer fake-rust-token")
    );
    assert_eq!(
        header(request, "accept").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        header(request, "content-type").as_deref(),
        Some("application/json")
    );
    let id = header(request, "client-request-id").unwrap();
    assert!(is_uuid_v4(&id), "{id}");
    let body = JSON::parse(&text(request, "body")).unwrap();
    assert_eq!(
        text(&body, "@odata.type"),
        "#microsoft.graph.deviceConfigurationDeviceStatus"
    );
    assert_eq!(text(&body, "status"), "notApplicable");
    assert_eq!(
        text(&body, "complianceGracePeriodExpirationDateTime"),
        "2016-12-31T23:56:44.951111-08:00"
    );
    assert_eq!(get(&body, "userName"), JsValue::NULL);
    assert!(!Reflect::has(&body, &"id".into()).unwrap());
}

#[wasm_bindgen_test]
async fn rust_client_create_throttled_is_resent_with_the_same_request_id() {
    let base = scenario(
        r#"[{"status":429,"headers":{"retry-after":"0"},"body":{"error":{"code":"TooManyRequests","message":"slow down"}}},
            {"status":201,"echo":{"id":"s-2"}}]"#,
    )
    .await;
    let created = client(&base)
        .create("cfg-1", &status(), &none())
        .await
        .unwrap();
    assert_eq!(created.id.as_deref(), Some("s-2"));
    let ids: Vec<String> = sent(&base)
        .await
        .iter()
        .map(|r| header(r, "client-request-id").unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[0], ids[1]);
    assert!(is_uuid_v4(&ids[0]));

    // The caller's own id goes out as given.
    let base = scenario(r#"[{"status":201,"echo":{}}]"#).await;
    let options = CallOptions {
        client_request_id: Some("portal-42".into()),
        ..CallOptions::default()
    };
    client(&base)
        .create("cfg-1", &status(), &options)
        .await
        .unwrap();
    assert_eq!(
        header(&sent(&base).await[0], "client-request-id").as_deref(),
        Some("portal-42")
    );
}

#[wasm_bindgen_test]
async fn rust_client_create_without_id_after_a_504_is_outcome_unknown_and_not_resent() {
    let base = scenario(r#"[{"status":504},{"status":201,"echo":{}}]"#).await;
    let error = client(&base)
        .create("cfg-1", &status(), &none())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::OutcomeUnknown);
    let fields = request_error(&error);
    assert_eq!(fields.attempts, 1);
    assert_eq!(fields.status, Some(504));
    assert!(error.to_string().contains("not resent"), "{error}");
    assert_eq!(sent(&base).await.len(), 1);
}

#[wasm_bindgen_test]
async fn rust_client_create_with_id_after_a_504_is_looked_up_and_found() {
    let base = scenario(r#"[{"status":504},{"status":200,"body":{"id":"d-7","status":"compliant","lastReportedDateTime":"2024-05-01T12:30:00Z","complianceGracePeriodExpirationDateTime":"2024-06-01T00:00:00Z"}}]"#).await;
    let found = client(&base)
        .create("cfg-1", &with_id("d-7"), &none())
        .await
        .unwrap();
    assert_eq!(found.id.as_deref(), Some("d-7"));
    assert_eq!(found.status, ComplianceStatus::Compliant);
    assert_eq!(
        sent_lines(&base).await,
        [format!("POST {PATH}"), format!("GET {PATH}/d-7")]
    );
    let ids: Vec<Option<String>> = sent(&base)
        .await
        .iter()
        .map(|r| header(r, "client-request-id"))
        .collect();
    assert_eq!(ids[0], ids[1], "the lookup goes out under the create's id");
}

#[wasm_bindgen_test]
async fn rust_client_a_401_gets_one_fresh_token_for_the_clouds_scope() {
    let base = scenario(r#"[{"status":401},{"status":200,"body":"3"}]"#).await;
    let seen: Rc<RefCell<Vec<TokenRequest>>> = Rc::default();
    let log = seen.clone();
    let source = move |request: TokenRequest| {
        log.borrow_mut().push(request);
        let token = format!("tok-{}", log.borrow().len());
        async move { Ok::<_, String>(token) }
    };
    let graph = Client::builder(source)
        .cloud(Cloud::UsGovL4)
        .base_url(base.as_str())
        .build()
        .unwrap();
    assert_eq!(graph.count("cfg-1", &none()).await.unwrap(), 3);
    let seen = seen.take();
    assert_eq!(seen.len(), 2);
    assert!(!seen[0].force_refresh);
    assert!(seen[1].force_refresh);
    // The scope follows the cloud even though base_url moved the requests.
    assert_eq!(
        seen[0].scope,
        "https://graph.microsoft.us/DeviceManagementConfiguration.Read.All"
    );
    let auths: Vec<Option<String>> = sent(&base)
        .await
        .iter()
        .map(|r| header(r, "authorization"))
        .collect();
    assert_eq!(
        auths,
        [Some("Bearer tok-1".into()), Some("Bearer tok-2".into())]
    );
}

#[wasm_bindgen_test]
async fn rust_client_a_second_401_is_auth_and_writes_ask_for_the_write_scope() {
    let base = scenario(r#"[{"status":401},{"status":401}]"#).await;
    let scopes: Rc<RefCell<Vec<String>>> = Rc::default();
    let log = scopes.clone();
    let source = move |request: TokenRequest| {
        log.borrow_mut().push(request.scope);
        async { Ok::<_, String>("t".to_owned()) }
    };
    let graph = Client::builder(source)
        .base_url(base.as_str())
        .build()
        .unwrap();
    let error = graph.delete("cfg-1", "s-1", &none()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth);
    assert_eq!(request_error(&error).status, Some(401));
    assert_eq!(
        *scopes.borrow(),
        [
            "https://graph.microsoft.com/DeviceManagementConfiguration.ReadWrite.All",
            "https://graph.microsoft.com/DeviceManagementConfiguration.ReadWrite.All"
        ]
    );
}

#[wasm_bindgen_test]
async fn rust_client_list_follows_next_links_on_the_same_origin() {
    let base = scenario(&two_pages(&format!(
        r#"[{ITEM},{{"id":"c","status":"error"}}]"#
    )))
    .await;
    let query = ListQuery {
        top: Some(1),
        filter: Some("status eq 'compliant'".into()),
        ..ListQuery::default()
    };
    let listed = client(&base).list("cfg-1", &query, &none()).await.unwrap();
    assert_eq!(listed.len(), 3);
    assert!(
        matches!(&listed[1], Listed::Whole(s) if s.status == ComplianceStatus::Compliant),
        "{listed:?}"
    );
    // An item without its date-times is kept as Graph sent it.
    match &listed[2] {
        Listed::Partial(patch) => {
            assert_eq!(patch.id.as_deref(), Some("c"));
            assert_eq!(patch.status, Some(ComplianceStatus::Error));
            assert_eq!(patch.last_reported_date_time, None);
        }
        other => panic!("expected a partial status, found {other:?}"),
    }
    assert_eq!(
        sent_lines(&base).await,
        [
            format!("GET {PATH}?$top=1&$filter=status%20eq%20%27compliant%27"),
            format!("GET {PATH}?$skiptoken=2")
        ]
    );
}

#[wasm_bindgen_test]
async fn rust_client_pages_walks_page_by_page() {
    let base = scenario(&two_pages(r#"[{"id":"b","status":"error"}]"#)).await;
    let query = ListQuery {
        select: vec!["id".into(), "status".into()],
        ..ListQuery::default()
    };
    let mut pages = client(&base).pages("cfg-1", &query, &none());
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        assert!(page.iter().all(|item| matches!(item, Listed::Partial(_))));
        sizes.push(page.len());
    }
    assert_eq!(sizes, [1, 1]);
    assert!(pages.next().await.is_none(), "the pages stay ended");
    assert_eq!(
        sent_lines(&base).await,
        [
            format!("GET {PATH}?$select=id%2Cstatus"),
            format!("GET {PATH}?$skiptoken=2")
        ]
    );

    // Bad arguments come back from the first page, and nothing is sent.
    let base = scenario("[]").await;
    let mut pages = client(&base).pages("a/b", &ListQuery::default(), &none());
    let error = pages.next().await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(pages.next().await.is_none());
    assert!(sent(&base).await.is_empty());
}

#[wasm_bindgen_test]
async fn rust_client_a_next_link_to_another_origin_is_refused() {
    let script = format!(
        r#"[{{"status":200,"body":{{"value":[{ITEM}],"@odata.nextLink":"http://localhost:9{PATH}?$skiptoken=2"}}}}]"#
    );
    let base = scenario(&script).await;
    let error = client(&base)
        .list("cfg-1", &ListQuery::default(), &none())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    assert!(
        error.to_string().contains("not followed with the token"),
        "{error}"
    );
    assert_eq!(sent(&base).await.len(), 1);

    // Page by page, the same page is refused.
    let base = scenario(&script).await;
    let mut pages = client(&base).pages("cfg-1", &ListQuery::default(), &none());
    let error = pages.next().await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    assert!(pages.next().await.is_none());
}

#[wasm_bindgen_test]
async fn rust_client_update_delete_and_count() {
    let base = scenario(&format!(
        r#"[{{"status":204}},{{"status":200,"body":{ITEM}}},{{"status":204}},{{"status":200,"body":"\ufeff42"}}]"#
    ))
    .await;
    let graph = Client::builder(TOKEN)
        .api_version(ApiVersion::Beta)
        .base_url(base.as_str())
        .build()
        .unwrap();
    let patch = DeviceStatusPatch {
        status: Some(ComplianceStatus::Error),
        device_model: Some(None),
        ..DeviceStatusPatch::default()
    };
    let updated = graph.update("cfg-1", "s-1", patch, &none()).await.unwrap();
    assert_eq!(updated, None);
    let patch = DeviceStatusPatch {
        status: Some(ComplianceStatus::Compliant),
        ..DeviceStatusPatch::default()
    };
    let updated = graph.update("cfg-1", "a", patch, &none()).await.unwrap();
    assert_eq!(updated.unwrap().id.as_deref(), Some("a"));
    graph.delete("cfg-1", "s-1", &none()).await.unwrap();
    assert_eq!(graph.count("cfg-1", &none()).await.unwrap(), 42);

    let beta = "/beta/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses";
    let requests = sent(&base).await;
    let lines: Vec<String> = requests
        .iter()
        .map(|r| format!("{} {}", text(r, "method"), text(r, "url")))
        .collect();
    assert_eq!(
        lines,
        [
            format!("PATCH {beta}/s-1"),
            format!("PATCH {beta}/a"),
            format!("DELETE {beta}/s-1"),
            format!("GET {beta}/$count"),
        ]
    );
    assert_eq!(
        text(&requests[0], "body"),
        r##"{"@odata.type":"#microsoft.graph.deviceConfigurationDeviceStatus","deviceModel":null,"status":"error"}"##
    );
    assert_eq!(
        header(&requests[0], "content-type").as_deref(),
        Some("application/json")
    );
    // No body, no Content-Type.
    for request in &requests[2..] {
        assert_eq!(header(request, "content-type"), None);
        assert_eq!(text(request, "body"), "");
    }
}

#[wasm_bindgen_test]
async fn rust_client_graph_errors_carry_graphs_fields_but_never_the_token() {
    let base = scenario(
        r#"[{"status":403,"headers":{"request-id":"req-9"},"body":{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges","innerError":{"request-id":"req-9","date":"2025-02-13T10:17:06"}}}}]"#,
    )
    .await;
    let graph = client(&base);
    let error = graph.get("cfg-1", "s-1", &none()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Service);
    let fields = request_error(&error);
    assert_eq!(fields.status, Some(403));
    assert_eq!(fields.code.as_deref(), Some("Authorization_RequestDenied"));
    assert_eq!(fields.request_id.as_deref(), Some("req-9"));
    assert_eq!(fields.date.as_deref(), Some("2025-02-13T10:17:06"));
    assert!(fields.client_request_id.is_some());
    for shown in [
        error.to_string(),
        format!("{error:?}"),
        format!("{graph:?}"),
    ] {
        assert!(!shown.contains(TOKEN), "{shown}");
    }
}

#[wasm_bindgen_test]
async fn rust_client_errors_never_carry_a_token_the_server_echoes() {
    // A hostile server repeating the Authorization value in its headers and body
    // (a token of a real token's length: shorter ones are not redacted).
    const LONG: &str = "fake-rust-token.of-real-length";
    let base = scenario(&format!(
        r#"[{{"status":403,"headers":{{"request-id":"Bearer {LONG}"}},"body":{{"error":{{"code":"{LONG}","message":"Bearer {LONG} is not allowed"}}}}}}]"#
    ))
    .await;
    let graph = Client::builder(LONG).base_url(&base).build().unwrap();
    let error = graph.get("cfg-1", "s-1", &none()).await.unwrap_err();
    let fields = request_error(&error);
    assert_eq!(fields.request_id.as_deref(), Some("Bearer [token]"));
    assert_eq!(fields.code.as_deref(), Some("[token]"));
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains(LONG), "{shown}");
    }
}

#[wasm_bindgen_test]
async fn rust_client_redirects_are_not_followed() {
    let base =
        scenario(r#"[{"status":302,"headers":{"location":"http://localhost:9/steal"}}]"#).await;
    let error = client(&base).count("cfg-1", &none()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidResponse);
    assert!(
        error.to_string().contains("not followed with the token"),
        "{error}"
    );
    assert_eq!(sent(&base).await.len(), 1);
}

#[wasm_bindgen_test]
async fn rust_client_an_attempt_past_timeout_ms_is_a_timeout() {
    let base = scenario(r#"[{"status":200,"body":"1","delayMs":2000}]"#).await;
    let graph = Client::builder(TOKEN)
        .base_url(base.as_str())
        .timeout_ms(50)
        .retry(RetryPolicy::new(0, 1, 1_000).unwrap())
        .build()
        .unwrap();
    let error = graph.count("cfg-1", &none()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert_eq!(request_error(&error).attempts, 1);
}

#[wasm_bindgen_test]
async fn rust_client_the_callers_signal_aborts_requests_and_waits() {
    // During a request.
    let base = scenario(r#"[{"status":200,"body":"1","delayMs":2000}]"#).await;
    let options = aborted_in(50);
    let error = client(&base).count("cfg-1", &options).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Aborted, "{error}");

    // During the wait Graph asked for.
    let base = scenario(r#"[{"status":503,"headers":{"retry-after":"30"}}]"#).await;
    let options = aborted_in(50);
    let error = client(&base).count("cfg-1", &options).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Aborted, "{error}");
    assert_eq!(sent(&base).await.len(), 1);

    // Already aborted: nothing is sent.
    let base = scenario("[]").await;
    let error = client(&base)
        .create("cfg-1", &status(), &options)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Aborted);
    assert_eq!(request_error(&error).attempts, 0);
    assert!(sent(&base).await.is_empty());

    // During a create's POST: Graph may have stored it, so the outcome is unknown;
    // with an id, the lookup still goes out and settles it.
    let base = scenario(r#"[{"status":201,"echo":{},"delayMs":2000}]"#).await;
    let options = aborted_in(50);
    let error = client(&base)
        .create("cfg-1", &status(), &options)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::OutcomeUnknown, "{error}");
    let base = scenario(&format!(
        r#"[{{"status":201,"echo":{{}},"delayMs":2000}},{{"status":200,"body":{ITEM}}}]"#
    ))
    .await;
    let options = aborted_in(50);
    let found = client(&base)
        .create("cfg-1", &with_id("a"), &options)
        .await
        .unwrap();
    assert_eq!(found.id.as_deref(), Some("a"));
}

#[wasm_bindgen_test]
async fn rust_client_failing_or_unusable_tokens_are_auth_errors() {
    let base = scenario("[]").await;
    let vault = Client::builder(|_: TokenRequest| async { Err::<String, _>("vault locked") })
        .base_url(base.as_str())
        .build()
        .unwrap();
    let error = vault.create("cfg-1", &status(), &none()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth);
    assert!(error.to_string().contains("vault locked"), "{error}");

    let empty = Client::builder("").base_url(base.as_str()).build().unwrap();
    let error = empty.count("cfg-1", &none()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth);
    assert!(error.to_string().contains("empty token"), "{error}");

    let broken = "secret-part\r\nX-Evil: 1";
    let header_breaking = Client::builder(broken)
        .base_url(base.as_str())
        .build()
        .unwrap();
    let error = header_breaking.count("cfg-1", &none()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Auth);
    assert!(!error.to_string().contains("secret-part"), "{error}");
    assert!(sent(&base).await.is_empty());
}

#[wasm_bindgen_test]
async fn rust_client_bad_arguments_fail_before_anything_is_sent() {
    for bad in [
        "ftp://x",
        "graph.microsoft.com",
        "https://u:p@host",
        "https://h/?q",
    ] {
        let error = Client::builder(TOKEN).base_url(bad).build().unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{bad}");
    }
    let unchecked = RetryPolicy {
        max_retries: 11,
        ..RetryPolicy::default()
    };
    let error = Client::builder(TOKEN).retry(unchecked).build().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);

    let base = scenario("[]").await;
    let graph = client(&base);
    for id in ["", "a b", "\u{e9}t\u{e9}", &"x".repeat(129)] {
        let options = CallOptions {
            client_request_id: Some(id.to_owned()),
            ..CallOptions::default()
        };
        let error = graph.count("cfg-1", &options).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{id}");
    }
    for bad in ["cfg/../x", "a?b", "", "a%2f"] {
        let error = graph.get(bad, "s-1", &none()).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{bad}");
        let error = graph.delete("cfg-1", bad, &none()).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{bad}");
    }
    assert!(sent(&base).await.is_empty());
}

#[wasm_bindgen_test]
async fn rust_client_create_many_packs_a_batch_and_gives_each_status_its_result() {
    // Graph runs the batch: the first create is stored, the second is throttled
    // (and resent alone after its Retry-After), the third refused.
    let stored = |id: &str| ITEM.replace(r#""id":"a""#, &format!(r#""id":"{id}""#));
    let base = scenario(&format!(
        r#"[{{"status":200,"body":{{"responses":[
              {{"id":"2","status":400,"body":{{"error":{{"code":"BadRequest","message":"no"}}}}}},
              {{"id":"0","status":201,"headers":{{"Content-Type":"application/json"}},"body":{first}}},
              {{"id":"1","status":429,"headers":{{"Retry-After":"0"}},"body":{{"error":{{"code":"TooManyRequests","message":"wait"}}}}}}]}}}},
            {{"status":200,"body":{{"responses":[{{"id":"0","status":201,"body":{second}}}]}}}}]"#,
        first = stored("s-0"),
        second = stored("s-1"),
    ))
    .await;
    let statuses = [status(), with_id("s-1"), status()];
    let results = client(&base)
        .create_many("cfg-1", &statuses, &CreateManyOptions::default())
        .await
        .unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0].as_ref().unwrap().id.as_deref(), Some("s-0"));
    assert_eq!(results[1].as_ref().unwrap().id.as_deref(), Some("s-1"));
    let refused = results[2].as_ref().unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Service);
    assert_eq!(request_error(refused).code.as_deref(), Some("BadRequest"));

    let requests = sent(&base).await;
    assert_eq!(
        requests.iter().map(|r| text(r, "url")).collect::<Vec<_>>(),
        ["/v1.0/$batch", "/v1.0/$batch"]
    );
    let first = JSON::parse(&text(&requests[0], "body")).unwrap();
    let inner = js_sys::Array::from(&get(&first, "requests"));
    assert_eq!(inner.length(), 3);
    let create = inner.get(1);
    assert_eq!(text(&create, "method"), "POST");
    assert_eq!(text(&create, "url"), PATH.trim_start_matches("/v1.0"));
    assert_eq!(text(&get(&create, "body"), "id"), "s-1");
    assert!(is_uuid_v4(&text(
        &get(&create, "headers"),
        "client-request-id"
    )));
    let second = JSON::parse(&text(&requests[1], "body")).unwrap();
    assert_eq!(js_sys::Array::from(&get(&second, "requests")).length(), 1);
}

#[wasm_bindgen_test]
async fn rust_client_create_many_refuses_a_bad_configuration_id_before_sending() {
    let base = scenario("[]").await;
    let error = client(&base)
        .create_many("a/b", &[status()], &CreateManyOptions::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(sent(&base).await.is_empty());
}

#[wasm_bindgen_test]
async fn rust_client_create_many_aborted_or_without_a_token_sends_nothing_and_says_why() {
    // Aborted before it starts: every status is `aborted`, nothing is sent.
    let base = scenario("[]").await;
    let controller = AbortController::new().unwrap();
    controller.abort();
    let options = CreateManyOptions {
        signal: Some(controller.signal()),
        ..CreateManyOptions::default()
    };
    let results = client(&base)
        .create_many("cfg-1", &[status(), status()], &options)
        .await
        .unwrap();
    for result in &results {
        assert_eq!(result.as_ref().unwrap_err().kind(), ErrorKind::Aborted);
    }

    // No token: each status of the batch that could not leave fails as `auth`.
    let vault = Client::builder(|_: TokenRequest| async { Err::<String, _>("vault locked") })
        .base_url(base.as_str())
        .build()
        .unwrap();
    let results = vault
        .create_many(
            "cfg-1",
            &[status(), status()],
            &CreateManyOptions::default(),
        )
        .await
        .unwrap();
    for result in &results {
        let error = result.as_ref().unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Auth);
        assert!(error.to_string().contains("vault locked"), "{error}");
    }
    assert!(sent(&base).await.is_empty());
}

#[wasm_bindgen_test]
async fn rust_client_reports_graphs_deprecation_headers_on_successful_answers() {
    let base = scenario(
        r#"[{"status":200,"body":"4","headers":{"deprecation":"@1777593600","sunset":"Wed, 30 Jun 2027 00:00:00 GMT"}},
            {"status":404,"headers":{"deprecation":"@1777593600"},"body":{"error":{"code":"NotFound","message":"no"}}},
            {"status":200,"body":"5"},
            {"status":200,"body":"6","headers":{"deprecation":"@1777593600","sunset":"Wed, 30 Jun 2027 00:00:00 GMT"}},
            {"status":200,"body":"7","headers":{"deprecation":"@1777593600","sunset":"Fri, 31 Dec 2027 00:00:00 GMT"}}]"#,
    )
    .await;
    let seen: Rc<RefCell<Vec<DeprecationWarning>>> = Rc::default();
    let record = seen.clone();
    let graph = Client::builder(TOKEN)
        .base_url(base.as_str())
        .on_warning(move |warning| record.borrow_mut().push(warning.clone()))
        .build()
        .unwrap();
    assert_eq!(graph.count("cfg-1", &none()).await.unwrap(), 4);
    assert!(graph.count("cfg-1", &none()).await.is_err());
    assert_eq!(graph.count("cfg-1", &none()).await.unwrap(), 5);
    assert_eq!(graph.count("cfg-1", &none()).await.unwrap(), 6);
    assert_eq!(graph.count("cfg-1", &none()).await.unwrap(), 7);
    let seen = seen.borrow();
    assert_eq!(
        seen.len(),
        2,
        "the successful answers, once for each pair of headers Graph sent"
    );
    assert_eq!(
        seen[1].sunset.as_deref(),
        Some("Fri, 31 Dec 2027 00:00:00 GMT")
    );
    assert_eq!(seen[0].deprecation.as_deref(), Some("@1777593600"));
    assert_eq!(
        seen[0].sunset.as_deref(),
        Some("Wed, 30 Jun 2027 00:00:00 GMT")
    );
    assert_eq!(
        seen[0].message,
        "Microsoft Graph marks deviceConfigurationDeviceStatus as deprecated since 2026-05-01, \
         and it stops working on 2027-06-30."
    );
    assert!(
        seen[0].url.ends_with(&format!("{PATH}/$count")),
        "{}",
        seen[0].url
    );
}
