//! The emulator's HTTP behaviour on its own: every route and error, through the
//! router itself (no socket), as Graph clients see it.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use intune_graph_emulator::{app, Config};
use serde_json::{json, Value};
use tower::ServiceExt;

const BASE: &str = "/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses";
const EXAMPLE: &str = include_str!("../../tests/fixtures/graph-example.json");

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    text: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |v| v.to_str().unwrap())
    }
}

fn emulator() -> Router {
    paged(100)
}

/// The emulator with `page_size` statuses a list page.
fn paged(page_size: usize) -> Router {
    app(Config {
        log: false,
        page_size,
        ..Config::default()
    })
}

/// The status a call is answered with.
async fn answered(app: &Router, method: &str, uri: &str, body: Option<&str>) -> StatusCode {
    call(app, method, uri, body).await.status
}

async fn call(app: &Router, method: &str, uri: &str, body: Option<&str>) -> Reply {
    call_with(
        app,
        method,
        uri,
        body,
        &[("authorization", "Bearer test-token")],
    )
    .await
}

async fn call_with(
    app: &Router,
    method: &str,
    uri: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> Reply {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "127.0.0.1:9999");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    Reply {
        status: parts.status,
        headers: parts.headers,
        text: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

fn with(changes: Value) -> String {
    let mut body: Value = serde_json::from_str(EXAMPLE).unwrap();
    for (k, v) in changes.as_object().unwrap() {
        body[k] = v.clone();
    }
    body.to_string()
}

#[tokio::test]
async fn create_stores_the_status_with_a_new_guid_and_answers_201() {
    let app = emulator();
    let created = call(&app, "POST", BASE, Some(EXAMPLE)).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let body = created.json();
    let id = body["id"].as_str().unwrap();
    assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 4);
    assert_eq!(
        body["lastReportedDateTime"],
        "2017-01-01T00:00:17.7769392-08:00"
    );
    assert_eq!(
        body["@odata.type"],
        "#microsoft.graph.deviceConfigurationDeviceStatus"
    );
    assert_eq!(
        created.header("location"),
        format!("http://127.0.0.1:9999{BASE}/{id}"),
        "absolute, as Graph gives it"
    );
    let read = call(&app, "GET", &format!("{BASE}/{id}"), None).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json()["deviceModel"], "Device Model value");
}

#[tokio::test]
async fn a_given_id_is_kept_and_a_second_create_with_it_is_409() {
    let app = emulator();
    let body = with(json!({ "id": "dev-1" }));
    assert_eq!(
        call(&app, "POST", BASE, Some(&body)).await.json()["id"],
        "dev-1"
    );
    let again = call(&app, "POST", BASE, Some(&body)).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.json()["error"]["code"], "Conflict");
    assert_eq!(
        call(&app, "GET", &format!("{BASE}/$count"), None)
            .await
            .text,
        "1"
    );
}

#[tokio::test]
async fn a_bad_body_is_400_with_every_problem_in_details() {
    let app = emulator();
    let bad = call(
        &app,
        "POST",
        BASE,
        Some(&with(json!({ "status": "Compliant", "id": "" }))),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let error = &bad.json()["error"];
    assert_eq!(error["code"], "BadRequest");
    let targets: Vec<&str> = error["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets, ["id", "status"]);
    let not_json = call(&app, "POST", BASE, Some("{\"status\":")).await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST);
    assert!(not_json.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("not valid JSON"));
}

#[tokio::test]
async fn errors_are_graph_shaped_with_the_request_ids() {
    let app = emulator();
    let missing = call_with(
        &app,
        "GET",
        &format!("{BASE}/nope"),
        None,
        &[("authorization", "Bearer t"), ("client-request-id", "c-42")],
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let error = &missing.json()["error"];
    assert_eq!(error["code"], "ResourceNotFound");
    assert_eq!(error["innerError"]["client-request-id"], "c-42");
    assert_eq!(
        error["innerError"]["request-id"],
        missing.header("request-id")
    );
    assert_eq!(missing.header("client-request-id"), "c-42");
    let date = error["innerError"]["date"].as_str().unwrap();
    assert_eq!(
        date.len(),
        19,
        "Graph's innerError.date has no offset: {date}"
    );
}

#[tokio::test]
async fn requests_without_a_bearer_token_are_401_and_a_required_token_is_checked() {
    let app = emulator();
    for headers in [
        &[][..],
        &[("authorization", "Basic abc")][..],
        &[("authorization", "Bearer ")][..],
    ] {
        let reply = call_with(&app, "GET", BASE, None, headers).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.json()["error"]["code"], "InvalidAuthenticationToken");
    }
    let strict = intune_graph_emulator::app(Config {
        token: Some("right".into()),
        log: false,
        ..Config::default()
    });
    let wrong = call_with(
        &strict,
        "GET",
        BASE,
        None,
        &[("authorization", "Bearer wrong")],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let right = call_with(
        &strict,
        "GET",
        BASE,
        None,
        &[("authorization", "Bearer right")],
    )
    .await;
    assert_eq!(right.status, StatusCode::OK);
}

#[tokio::test]
async fn list_pages_with_next_links_filters_selects_and_orders() {
    let app = emulator();
    for (i, status) in ["compliant", "error", "compliant", "compliant"]
        .iter()
        .enumerate()
    {
        let body = with(
            json!({ "id": format!("d{i}"), "status": status, "lastReportedDateTime": format!("2024-05-0{}T00:00:00Z", i + 1) }),
        );
        assert_eq!(
            answered(&app, "POST", BASE, Some(&body)).await,
            StatusCode::CREATED
        );
    }
    let first = call(
        &app,
        "GET",
        &format!("{BASE}?$filter=status%20eq%20'compliant'&$top=2&$select=id,status"),
        None,
    )
    .await;
    let page = first.json();
    assert_eq!(
        page["value"],
        json!([{ "id": "d0", "status": "compliant" }, { "id": "d2", "status": "compliant" }])
    );
    let next = page["@odata.nextLink"].as_str().unwrap();
    let next_path = next.strip_prefix("http://127.0.0.1:9999").unwrap();
    let second = call(&app, "GET", next_path, None).await.json();
    assert_eq!(
        second["value"],
        json!([{ "id": "d3", "status": "compliant" }])
    );
    assert!(second.get("@odata.nextLink").is_none());

    let ordered = call(
        &app,
        "GET",
        &format!("{BASE}?$orderby=lastReportedDateTime%20desc&$select=id"),
        None,
    )
    .await
    .json();
    assert_eq!(
        ordered["value"],
        json!([{ "id": "d3" }, { "id": "d2" }, { "id": "d1" }, { "id": "d0" }])
    );
    for bad in [
        "$filter=userName%20eq%20'x'",
        "$select=nope",
        "$top=-1",
        "$expand=x",
        "$filter=status%20eq%20'Compliant'",
    ] {
        let reply = call(&app, "GET", &format!("{BASE}?{bad}"), None).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let beta = call(
        &app,
        "GET",
        "/beta/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses/$count",
        None,
    )
    .await;
    assert_eq!(beta.text, "4");
    let other = call(
        &app,
        "GET",
        "/v2.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses",
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn update_applies_the_patch_and_delete_removes() {
    let app = emulator();
    call(&app, "POST", BASE, Some(&with(json!({ "id": "d1" })))).await;
    let patched = call(
        &app,
        "PATCH",
        &format!("{BASE}/d1"),
        Some(r#"{"status":"error","deviceModel":null}"#),
    )
    .await;
    assert_eq!(patched.status, StatusCode::OK);
    let body = patched.json();
    assert_eq!(
        (body["status"].as_str(), body["deviceModel"].is_null()),
        (Some("error"), true)
    );
    assert_eq!(body["userName"], "User Name value");
    let invalid = call(
        &app,
        "PATCH",
        &format!("{BASE}/d1"),
        Some(r#"{"status":"ok"}"#),
    )
    .await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    let renamed = call(&app, "PATCH", &format!("{BASE}/d1"), Some(r#"{"id":"d2"}"#)).await;
    assert_eq!(renamed.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answered(&app, "PATCH", &format!("{BASE}/zz"), Some("{}")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        answered(&app, "DELETE", &format!("{BASE}/d1"), None).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        answered(&app, "DELETE", &format!("{BASE}/d1"), None).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        answered(&app, "GET", &format!("{BASE}/d1"), None).await,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn browsers_get_cors_and_graphs_deprecation_header() {
    let app = emulator();
    let preflight = call_with(
        &app,
        "OPTIONS",
        BASE,
        None,
        &[
            ("origin", "http://localhost:5173"),
            ("access-control-request-method", "POST"),
        ],
    )
    .await;
    assert!(preflight.status.is_success(), "{}", preflight.status);
    assert_eq!(preflight.header("access-control-allow-origin"), "*");
    assert!(preflight
        .header("access-control-allow-headers")
        .contains("authorization"));
    let read = call(&app, "GET", BASE, None).await;
    assert_eq!(
        read.header("content-type"),
        intune_graph_emulator::ODATA_JSON,
        "as Graph spells it"
    );
    assert_eq!(read.header("deprecation"), "@1777593600");
    assert_eq!(read.header("sunset"), "Fri, 01 May 2026 00:00:00 GMT");
    assert!(!read
        .header("access-control-expose-headers")
        .contains("retry-after"));
    let quiet = app_without_deprecation();
    let exposed = call(&quiet, "GET", BASE, None).await;
    assert_eq!(exposed.header("deprecation"), "");
    assert_eq!(exposed.header("sunset"), "");
    assert!(exposed
        .header("access-control-expose-headers")
        .contains("retry-after"));
}

fn app_without_deprecation() -> Router {
    app(Config {
        deprecation: false,
        expose_retry_after: true,
        log: false,
        ..Config::default()
    })
}

#[tokio::test]
async fn unknown_paths_and_methods_are_graph_errors() {
    let app = emulator();
    let unknown = call(&app, "GET", "/v1.0/users", None).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.json()["error"]["code"], "BadRequest");
    let wrong_method = call(&app, "PUT", BASE, Some("{}")).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn a_site_is_served_beside_graph_on_one_origin() {
    let dir = std::env::temp_dir().join(format!("emulator-site-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), "<h1>admin</h1>").unwrap();
    std::fs::write(dir.join("assets/app.js"), "export {}").unwrap();
    let site = intune_graph_emulator::with_site(emulator(), dir.clone());

    let page = call(&site, "GET", "/", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text, "<h1>admin</h1>");
    assert!(page.header("content-type").starts_with("text/html"));
    let script = call(&site, "GET", "/assets/app.js", None).await;
    assert!(script.header("content-type").starts_with("text/javascript"));
    for outside in ["/../Cargo.toml", "/assets/../../x", "/missing.js"] {
        assert_eq!(
            answered(&site, "GET", outside, None).await,
            StatusCode::NOT_FOUND,
            "{outside}"
        );
    }
    // Graph's routes answer exactly as without the site.
    let created = call(&site, "POST", BASE, Some(EXAMPLE)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let listed = call(&site, "GET", BASE, None).await;
    assert_eq!(listed.json()["value"].as_array().unwrap().len(), 1);
    assert_eq!(
        answered(&site, "GET", "/v1.0/nothing", None).await,
        StatusCode::BAD_REQUEST
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn the_list_takes_the_query_options_graphs_openapi_lists() {
    let app = paged(2);
    for id in ["q1", "q2", "q3"] {
        let body = with(json!({ "id": id }));
        assert_eq!(
            answered(&app, "POST", BASE, Some(&body)).await,
            StatusCode::CREATED
        );
    }
    // $count=true: the answer carries the total; $top=0 gives no items and no nextLink.
    let reply = call(&app, "GET", &format!("{BASE}?$count=true&$top=0"), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body["@odata.count"], 3);
    assert_eq!(body["value"], json!([]));
    assert!(body.get("@odata.nextLink").is_none());
    let body = call(&app, "GET", &format!("{BASE}?$count=true&$skip=1"), None)
        .await
        .json();
    assert_eq!(body["@odata.count"], 3);
    assert_eq!(body["value"].as_array().unwrap().len(), 2);

    let filtered = call(
        &app,
        "GET",
        &format!("{BASE}/$count?$filter=status%20eq%20'compliant'"),
        None,
    )
    .await;
    assert_eq!(filtered.text, "0", "the example is notApplicable");
    let all = call(
        &app,
        "GET",
        &format!("{BASE}/$count?$filter=status%20eq%20'notApplicable'"),
        None,
    )
    .await;
    assert_eq!(all.text, "3");

    // One status: $select picks its properties; other list options are refused.
    let picked = call(&app, "GET", &format!("{BASE}/q1?$select=id,status"), None)
        .await
        .json();
    assert_eq!(picked["id"], "q1");
    assert_eq!(picked["status"], "notApplicable");
    assert!(picked.get("deviceModel").is_none(), "{picked}");
    assert_eq!(
        answered(&app, "GET", &format!("{BASE}/q1?$top=1"), None).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        answered(&app, "GET", &format!("{BASE}/q1?$expand=x"), None).await,
        StatusCode::BAD_REQUEST
    );

    // Refused as Graph refuses them.
    for (query, message) in [
        (
            "$top=1&$top=2",
            "Query option '$top' was specified more than once",
        ),
        ("$count=maybe", "Invalid $count value 'maybe'"),
        ("$search=%22laptop%22", "'$search' is not supported"),
        (
            "$expand=assignments",
            "Could not find a property named 'assignments'",
        ),
        ("$top=1000", "Invalid $top value '1000'"),
    ] {
        let reply = call(&app, "GET", &format!("{BASE}?{query}"), None).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        let text = reply.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(text.contains(message), "{query}: {text}");
    }
}

#[tokio::test]
async fn links_point_back_to_the_origin_a_proxy_was_called_on() {
    let app = paged(1);
    let token = ("authorization", "Bearer test-token");
    for (forwarded, origin) in [
        (
            (
                "forwarded",
                "for=10.0.0.1;proto=https;host=graph.example.test",
            ),
            "https://graph.example.test",
        ),
        (("x-forwarded-proto", "https"), "https://127.0.0.1:9999"),
    ] {
        let created = call_with(
            &app,
            "POST",
            BASE,
            Some(&with(json!({}))),
            &[token, forwarded],
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED);
        assert!(
            created
                .header("location")
                .starts_with(&format!("{origin}{BASE}/")),
            "{}",
            created.header("location")
        );
        assert!(created.json()["@odata.context"]
            .as_str()
            .unwrap()
            .starts_with(origin));
        let page = call_with(&app, "GET", BASE, None, &[token, forwarded])
            .await
            .json();
        if let Some(next) = page["@odata.nextLink"].as_str() {
            assert!(next.starts_with(&format!("{origin}{BASE}?")), "{next}");
        }
    }
    let both = [
        token,
        ("x-forwarded-proto", "https"),
        ("x-forwarded-host", "portal.example.test"),
    ];
    let page = call_with(&app, "GET", BASE, None, &both).await.json();
    let next = page["@odata.nextLink"].as_str().unwrap();
    assert!(
        next.starts_with("https://portal.example.test/v1.0/"),
        "{next}"
    );
}

#[tokio::test]
async fn ids_are_keys_that_ignore_case_and_cannot_hold_a_path() {
    let app = emulator();
    let id = "0B3C6A4E-0000-4000-8000-00000000ABCD";
    let created = call(&app, "POST", BASE, Some(&with(json!({ "id": id })))).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let lower = id.to_ascii_lowercase();
    assert_eq!(
        answered(&app, "GET", &format!("{BASE}/{lower}"), None).await,
        StatusCode::OK
    );
    let again = call(&app, "POST", BASE, Some(&with(json!({ "id": lower })))).await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "the same key in another case"
    );
    let path = call(&app, "POST", BASE, Some(&with(json!({ "id": "a/b" })))).await;
    assert_eq!(path.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answered(&app, "DELETE", &format!("{BASE}/{lower}"), None).await,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn beta_keeps_platform_and_v1_refuses_it_as_graph_does() {
    let app = emulator();
    let beta = "/beta/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses";
    let created = call(
        &app,
        "POST",
        beta,
        Some(&with(json!({ "id": "p-1", "platform": 7 }))),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.json()["platform"], 7);
    assert_eq!(
        call(&app, "GET", &format!("{beta}/p-1"), None).await.json()["platform"],
        7
    );
    assert_eq!(
        call(&app, "GET", beta, None).await.json()["value"][0]["platform"],
        7
    );
    let patched = call(
        &app,
        "PATCH",
        &format!("{beta}/p-1"),
        Some(r#"{"platform":3}"#),
    )
    .await;
    assert_eq!(patched.json()["platform"], 3);
    // Not nullable, an Int32.
    for bad in [json!(null), json!("7"), json!(3_000_000_000i64)] {
        let reply = call(&app, "POST", beta, Some(&with(json!({ "platform": bad })))).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    // v1.0 has no platform: a create with one is refused, and answers never carry it.
    let v1 = call(&app, "POST", BASE, Some(&with(json!({ "platform": 7 })))).await;
    assert_eq!(v1.status, StatusCode::BAD_REQUEST);
    assert!(v1.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("'platform' does not exist"));
    assert!(call(&app, "GET", &format!("{BASE}/p-1"), None)
        .await
        .json()
        .get("platform")
        .is_none());
}

#[tokio::test]
async fn an_error_raised_anywhere_gets_graphs_error_body() {
    let app = emulator();
    // axum's own rejections: a query string it cannot read, a method the batch
    // route does not take.
    for (method, uri) in [
        ("GET", format!("{BASE}?%FF=1")),
        ("GET", "/v1.0/$batch".to_owned()),
    ] {
        let reply = call(&app, method, &uri, None).await;
        assert!(reply.status.is_client_error(), "{uri}: {}", reply.status);
        assert!(
            reply.header("content-type").starts_with("application/json"),
            "{uri}"
        );
        let body = reply.json();
        assert!(body["error"]["code"].is_string(), "{uri}: {body}");
        assert!(
            !body["error"]["message"].as_str().unwrap().is_empty(),
            "{uri}"
        );
    }
}
