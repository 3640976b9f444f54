//! `$batch`, Intune's throttling and the injected faults, through the router.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use intune_graph_emulator::{app, Config, Faults, Throttle};
use serde_json::{json, Value};
use tower::ServiceExt;

const BASE: &str = "/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses";
const EXAMPLE: &str = include_str!("../../tests/fixtures/graph-example.json");

fn quiet(config: Config) -> Router {
    app(Config {
        log: false,
        ..config
    })
}

async fn send(
    app: &Router,
    method: &str,
    uri: &str,
    body: Option<String>,
) -> (StatusCode, axum::http::HeaderMap, Value) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", "Bearer app-1")
        .header("host", "127.0.0.1:1")
        .body(body.map_or_else(Body::empty, Body::from))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    (
        parts.status,
        parts.headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// The status of each inner answer of a batch, in order.
fn inner_statuses(batch: &Value) -> Vec<u64> {
    batch["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect()
}

fn status_with_id(id: &str) -> String {
    let mut body: Value = serde_json::from_str(EXAMPLE).unwrap();
    body["id"] = json!(id);
    body.to_string()
}

fn create_request(id: &str, index: usize) -> Value {
    json!({
        "id": index.to_string(),
        "method": "POST",
        "url": "/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses",
        "headers": { "Content-Type": "application/json" },
        "body": serde_json::from_str::<Value>(&status_with_id(id)).unwrap(),
    })
}

#[tokio::test]
async fn a_batch_runs_each_request_and_answers_each_status() {
    let app = quiet(Config::default());
    let batch = json!({ "requests": [
        create_request("a", 1),
        create_request("a", 2),
        { "id": "3", "method": "GET", "url": "/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses/a" },
        { "id": "4", "method": "GET", "url": "/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses/zz" },
    ]});
    let (status, _, body) = send(&app, "POST", "/v1.0/$batch", Some(batch.to_string())).await;
    assert_eq!(status, StatusCode::OK);
    let statuses: Vec<(String, u64)> = body["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["status"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [("1", 201), ("2", 409), ("3", 200), ("4", 404)];
    assert_eq!(statuses, expected.map(|(id, s)| (id.to_owned(), s)));
    let responses = body["responses"].as_array().unwrap();
    assert_eq!(responses[0]["body"]["id"], "a");
    // Header names as Graph spells them (the official client reads `Content-Type`).
    assert!(responses[0]["headers"]["Content-Type"]
        .as_str()
        .unwrap()
        .starts_with("application/json"));
    assert!(responses[0]["headers"]["Location"].is_string());
    assert_eq!(responses[1]["body"]["error"]["code"], "Conflict");
    assert!(responses[1]["body"]["error"]["innerError"]["request-id"].is_string());

    // A sequence: each request depends on the one before; a failure fails the rest.
    let status_url = "/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses";
    let sequence = json!({ "requests": [
        { "id": "1", "method": "GET", "url": format!("{status_url}/zz") },
        { "id": "2", "method": "DELETE", "url": format!("{status_url}/a"), "dependsOn": ["1"] },
        { "id": "3", "method": "GET", "url": format!("{status_url}/a"), "dependsOn": ["2"] },
    ]});
    let (_, _, body) = send(&app, "POST", "/v1.0/$batch", Some(sequence.to_string())).await;
    let statuses = inner_statuses(&body);
    assert_eq!(statuses, [404, 424, 424]);
    assert_eq!(
        send(&app, "GET", &format!("{BASE}/$count"), None).await.2,
        json!(1)
    );
}

#[tokio::test]
async fn malformed_batches_are_400() {
    let app = quiet(Config::default());
    let twenty_one: Vec<Value> = (0..21)
        .map(|i| create_request(&format!("x{i}"), i))
        .collect();
    let cases = [
        json!({ "requests": twenty_one }),
        json!({ "requests": [] }),
        json!({ "requests": [create_request("a", 1), create_request("b", 1)] }),
        json!({ "requests": [{ "id": "1", "method": "POST", "url": "/x", "body": {} }] }),
        json!({ "requests": [{ "id": "1", "method": "GET", "url": "/x", "dependsOn": ["9"] }] }),
        json!({ "nope": [] }),
    ];
    for case in cases {
        let (status, _, body) = send(&app, "POST", "/v1.0/$batch", Some(case.to_string())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{case}");
        assert_eq!(body["error"]["code"], "BadRequest");
    }
    let ids_differ_only_in_case = json!({ "requests": [
        { "id": "A", "method": "GET", "url": "/deviceManagement/deviceConfigurations/c/deviceStatuses" },
        { "id": "a", "method": "GET", "url": "/deviceManagement/deviceConfigurations/c/deviceStatuses" },
    ]});
    let (status, _, _) = send(
        &app,
        "POST",
        "/v1.0/$batch",
        Some(ids_differ_only_in_case.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Absolute urls on the batch's own origin are taken (Microsoft's Python SDK
    // sends them); another origin's are not.
    let path = "/v1.0/deviceManagement/deviceConfigurations/c/deviceStatuses";
    for (url, expected) in [
        (format!("http://127.0.0.1:1{path}"), StatusCode::OK),
        (
            format!("https://elsewhere.example{path}"),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let batch = json!({ "requests": [{ "id": "1", "method": "GET", "url": url }] });
        let (status, _, body) = send(&app, "POST", "/v1.0/$batch", Some(batch.to_string())).await;
        assert_eq!(status, expected, "{url}: {body}");
    }

    // dependsOn chains mixed with independent requests: neither parallel nor a sequence.
    let list = "/deviceManagement/deviceConfigurations/c/deviceStatuses";
    let mixed = json!({ "requests": [
        { "id": "1", "method": "GET", "url": list },
        { "id": "2", "method": "GET", "url": list, "dependsOn": ["1"] },
        { "id": "3", "method": "GET", "url": list },
    ]});
    let (status, _, body) = send(&app, "POST", "/v1.0/$batch", Some(mixed.to_string())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["error"]["message"],
        "Batch should be either fully sequential or fully parallel"
    );
}

#[tokio::test]
async fn writes_past_the_limit_are_429_with_retry_after_until_the_window_moves() {
    let throttle = Throttle {
        writes: Some(3),
        requests: Some(1_000),
        time_scale: 100.0,
    };
    let app = quiet(Config {
        throttle,
        ..Config::default()
    });
    for i in 0..3 {
        assert_eq!(
            send(&app, "POST", BASE, Some(status_with_id(&format!("w{i}"))))
                .await
                .0,
            StatusCode::CREATED
        );
    }
    let (status, headers, body) = send(&app, "POST", BASE, Some(status_with_id("w3"))).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"]["code"], "TooManyRequests");
    assert_eq!(
        headers["retry-after"], "1",
        "the 0.2 s window rounds up to a whole second"
    );
    assert_eq!(
        send(&app, "GET", BASE, None).await.0,
        StatusCode::OK,
        "reads are not writes"
    );
    tokio::time::sleep(std::time::Duration::from_millis(220)).await;
    assert_eq!(
        send(&app, "POST", BASE, Some(status_with_id("w3"))).await.0,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn batched_requests_are_throttled_one_by_one() {
    let throttle = Throttle {
        writes: Some(2),
        requests: None,
        time_scale: 1.0,
    };
    let app = quiet(Config {
        throttle,
        ..Config::default()
    });
    let batch = json!({ "requests": (0..4).map(|i| create_request(&format!("b{i}"), i)).collect::<Vec<_>>() });
    let (_, _, body) = send(&app, "POST", "/v1.0/$batch", Some(batch.to_string())).await;
    let statuses = inner_statuses(&body);
    assert_eq!(statuses, [201, 201, 429, 429]);
    assert!(body["responses"][2]["headers"]["Retry-After"].is_string());
}

#[tokio::test]
async fn faults_are_seeded_and_store504_stores_before_answering() {
    let faults = Faults::parse("store504=1", 7, 0).unwrap();
    let app = quiet(Config {
        faults,
        ..Config::default()
    });
    let (status, _, _) = send(&app, "POST", BASE, Some(status_with_id("s1"))).await;
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT);
    // The status was stored despite the 504 (reads are not faulted by store504).
    let (status, _, body) = send(&app, "GET", &format!("{BASE}/s1"), None).await;
    assert_eq!((status, body["id"].as_str()), (StatusCode::OK, Some("s1")));

    let draws = |seed| async move {
        let faults = Faults::parse("429=0.3,503=0.2", seed, 0).unwrap();
        let app = quiet(Config {
            faults,
            ..Config::default()
        });
        let mut seen = Vec::new();
        for _ in 0..40 {
            seen.push(send(&app, "GET", BASE, None).await.0.as_u16());
        }
        seen
    };
    let (first, again, other) = (draws(42).await, draws(42).await, draws(43).await);
    assert_eq!(first, again, "the same seed gives the same faults");
    assert_ne!(first, other);
    for status in [200, 429, 503] {
        assert!(first.contains(&status), "{status} in {first:?}");
    }
    assert!(Faults::parse("429=0.6,503=0.6", 1, 0).is_err());
    assert!(Faults::parse("418=0.1", 1, 0).is_err());
}

#[tokio::test]
async fn stats_count_what_the_emulator_saw_batched_requests_one_by_one() {
    let throttle = Throttle {
        writes: Some(2),
        requests: None,
        time_scale: 1.0,
    };
    let app = quiet(Config {
        throttle,
        ..Config::default()
    });
    let requests: Vec<Value> = (0..3)
        .map(|i| create_request(&format!("s-{i}"), i))
        .collect();
    let batch = json!({ "requests": requests }).to_string();
    send(&app, "POST", "/v1.0/$batch", Some(batch)).await;
    send(&app, "GET", BASE, None).await;

    // No token needed, and asking is not counted.
    let request = Request::builder()
        .uri("/_emulator/stats")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let stats: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(stats["requests"], 4);
    assert_eq!(stats["writes"], 3);
    assert_eq!(stats["throttled"], 1);
    assert_eq!(stats["faults"]["store504"], 0);
}

#[tokio::test]
async fn a_limit_of_zero_admits_nothing() {
    for throttle in [
        Throttle {
            writes: Some(0),
            ..Throttle::default()
        },
        Throttle {
            requests: Some(0),
            ..Throttle::default()
        },
    ] {
        let app = quiet(Config {
            throttle: throttle.clone(),
            ..Config::default()
        });
        let (status, headers, _) = send(&app, "POST", BASE, Some(status_with_id("z"))).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{throttle:?}");
        assert_eq!(
            headers["retry-after"], "20",
            "a whole window: nothing will be admitted"
        );
    }
}

#[tokio::test]
async fn a_time_scale_without_a_window_never_panics_a_request() {
    for time_scale in [1e-300, 0.0, f64::NAN, f64::INFINITY] {
        let throttle = Throttle {
            time_scale,
            ..Throttle::default()
        };
        assert_eq!(throttle.window(), None, "{time_scale}");
        let app = quiet(Config {
            throttle,
            ..Config::default()
        });
        assert_eq!(send(&app, "GET", BASE, None).await.0, StatusCode::OK);
    }
}

#[test]
fn the_command_line_refuses_a_time_scale_that_makes_no_window() {
    for scale in ["1e-300", "0", "-1", "NaN", "inf", "1e300"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_intune-graph-emulator"))
            .args(["--time-scale", scale, "--port", "0"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{scale}");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(
            message.contains("--time-scale must make the 20-second window"),
            "{scale}: {message}"
        );
    }
}

#[test]
fn the_command_line_explains_every_flag() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_intune-graph-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    let flags = [
        "--port",
        "--host",
        "--token",
        "--issuer-key",
        "--no-deprecation",
        "--sunset",
        "--expose-retry-after",
        "--page-size",
        "--time-scale",
        "--write-limit",
        "--request-limit",
        "--no-throttle",
        "--faults",
        "--seed",
        "--fault-retry-after",
        "--site",
        "--tls",
        "--quiet",
    ];
    for flag in flags {
        let line = help
            .lines()
            .find(|line| line.trim_start().starts_with(flag))
            .unwrap_or_else(|| panic!("{flag} is not in --help"));
        let text = line
            .split_once("  ")
            .map(|(_, rest)| rest.trim())
            .unwrap_or_default();
        assert!(
            text.split_whitespace().count() >= 3,
            "{flag} has no help text: {line}"
        );
    }
}
