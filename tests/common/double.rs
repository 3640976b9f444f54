//! The Graph stand-in (tests/server/graph-double.mjs) as the client tests reach it:
//! a scenario of scripted answers, and what the client under test sent. Shared by
//! the JavaScript client's tests (`client.rs`) and the Rust client's
//! (`rust_client.rs`).

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::JsValue;

/// The collection the tests' calls go to, under the scenario's base URL.
pub const PATH: &str = "/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses";

/// A stored status, as Graph lists it.
pub const ITEM: &str = r#"{"id":"a","status":"compliant","lastReportedDateTime":"2024-05-01T12:30:00Z","complianceGracePeriodExpirationDateTime":"2024-06-01T00:00:00Z"}"#;

/// Two pages; the double writes the scenario's own URL for `$BASE`.
pub fn two_pages(second: &str) -> String {
    format!(
        r#"[{{"status":200,"body":{{"value":[{ITEM}],"@odata.nextLink":"$BASE{PATH}?$skiptoken=2"}}}},{{"status":200,"body":{{"value":{second}}}}}]"#
    )
}

/// Whether `id` looks like the UUID v4 the clients make for `client-request-id`.
pub fn is_uuid_v4(id: &str) -> bool {
    let bytes = id.as_bytes();
    id.len() == 36
        && bytes[14] == b'4'
        && matches!(bytes[19], b'8' | b'9' | b'a' | b'b')
        && id.split('-').count() == 5
}

/// The stand-in's URL, compiled in: the wasm cannot read the environment at run time.
pub fn double() -> &'static str {
    let url = option_env!("GRAPH_DOUBLE_URL").unwrap_or_default();
    assert!(
        !url.is_empty(),
        "build the wasm tests with GRAPH_DOUBLE_URL set, as make test-wasm does"
    );
    url
}

pub fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap()
}

pub fn text(target: &JsValue, key: &str) -> String {
    get(target, key)
        .as_string()
        .unwrap_or_else(|| format!("<{key} missing>"))
}

/// A request to the stand-in's own endpoints, with gloo-net.
async fn fetch_text(method: &str, url: &str, body: Option<&str>) -> String {
    let request = gloo_net::http::RequestBuilder::new(url).method(method.parse().unwrap());
    let response = match body {
        Some(body) => {
            request
                .header("Content-Type", "application/json")
                .body(body)
                .unwrap()
                .send()
                .await
        }
        None => request.send().await,
    }
    .unwrap();
    response.text().await.unwrap()
}

/// Opens a scenario with Graph's answers in order; returns its base URL.
pub async fn scenario(responses: &str) -> String {
    let answer = fetch_text(
        "POST",
        &format!("{}/__scenario", double()),
        Some(&format!("{{\"responses\":{responses}}}")),
    )
    .await;
    format!(
        "{}/s/{}",
        double(),
        text(&JSON::parse(&answer).unwrap(), "id")
    )
}

/// What the client sent in a scenario: `{method, url, headers, body}` each.
pub async fn sent(base: &str) -> Vec<JsValue> {
    let id = base.rsplit('/').next().unwrap();
    let answer = fetch_text("GET", &format!("{}/__requests/{id}", double()), None).await;
    Array::from(&JSON::parse(&answer).unwrap()).iter().collect()
}
