//! `POST /{version}/$batch`: JSON batching with Graph's rules. Each request goes
//! through the same API (and the same throttling and faults) as a direct one.

use crate::error::RequestIds;
use crate::{AppState, GraphError};
use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, Request};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::Arc;
use tower::ServiceExt;

/// Graph's limit on requests in one batch.
const MAX_REQUESTS: usize = 20;

/// A `$batch` body as Graph reads it. Unknown members are ignored, as Graph does
/// (Microsoft's Python SDK sends `depends_on` beside `dependsOn`).
#[derive(Deserialize)]
struct Batch {
    requests: Vec<Wire>,
}

/// One request of a batch, as sent.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire {
    id: String,
    method: String,
    url: String,
    #[serde(default)]
    headers: Option<HashMap<String, String>>,
    #[serde(default)]
    body: Option<Value>,
    #[serde(default)]
    depends_on: Option<Vec<String>>,
}

/// One request of a batch, checked.
struct Inner {
    id: String,
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<Value>,
    depends_on: Vec<String>,
}

/// The batch's requests, checked by Graph's rules; `origin` is the one the batch
/// was called on.
fn read(requests: Vec<Wire>, origin: &str) -> Result<Vec<Inner>, GraphError> {
    if requests.is_empty() || requests.len() > MAX_REQUESTS {
        return Err(GraphError::bad_request(format!(
            "A batch holds 1 to {MAX_REQUESTS} requests; this one has {}.",
            requests.len()
        )));
    }
    let mut inner: Vec<Inner> = Vec::with_capacity(requests.len());
    for (index, request) in requests.into_iter().enumerate() {
        let id = request.id;
        if id.is_empty() {
            return Err(GraphError::bad_request(format!(
                "Request {index} of the batch has no id."
            )));
        }
        let earlier = |wanted: &str| inner.iter().any(|r| r.id.eq_ignore_ascii_case(wanted));
        if earlier(&id) {
            return Err(GraphError::bad_request(format!(
                "The batch repeats the request id '{id}'."
            )));
        }
        let method = request
            .method
            .parse::<Method>()
            .ok()
            .filter(|m| {
                [
                    Method::GET,
                    Method::POST,
                    Method::PATCH,
                    Method::PUT,
                    Method::DELETE,
                ]
                .contains(m)
            })
            .ok_or_else(|| {
                GraphError::bad_request(format!("Request '{id}' has no valid method."))
            })?;
        // Relative, or (as Microsoft's Python SDK sends them) absolute on this
        // service's own origin.
        let url = match request.url.strip_prefix(origin) {
            Some(path) if path.starts_with('/') => path,
            _ if !request.url.contains("://") => request.url.as_str(),
            _ => {
                return Err(GraphError::bad_request(format!(
                    "Request '{id}' needs a url relative to the service (or on {origin})."
                )))
            }
        };
        let headers: Vec<(String, String)> =
            request.headers.unwrap_or_default().into_iter().collect();
        let body = request.body.filter(|b| !b.is_null());
        if body.is_some()
            && !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            return Err(GraphError::bad_request(format!(
                "Request '{id}' has a body but no Content-Type header."
            )));
        }
        let depends_on = request.depends_on.unwrap_or_default();
        if let Some(missing) = depends_on.iter().find(|d| !earlier(d)) {
            return Err(GraphError::bad_request(format!(
                "Request '{id}' depends on '{missing}', which is not an earlier request of the batch."
            )));
        }
        // Relative to the batch's version; the official JavaScript client's
        // BatchRequestContent keeps the version segment (`/v1.0/...`), which Graph
        // takes too.
        let path = url.trim_start_matches('/');
        let path = ["v1.0/", "beta/"]
            .iter()
            .find_map(|version| path.strip_prefix(version))
            .unwrap_or(path);
        let url = format!("/{path}");
        inner.push(Inner {
            id,
            method,
            url,
            headers,
            body,
            depends_on,
        });
    }
    // Graph runs a batch in parallel (no dependsOn) or as one sequence (every
    // request after the first depends on an earlier one), never a mix.
    let chained = inner.iter().filter(|r| !r.depends_on.is_empty()).count();
    if chained > 0 && chained < inner.len() - 1 {
        return Err(GraphError::bad_request(
            "Batch should be either fully sequential or fully parallel",
        ));
    }
    Ok(inner)
}

pub async fn batch(
    State(state): State<Arc<AppState>>,
    Path(version): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, GraphError> {
    if version != "v1.0" && version != "beta" {
        return Err(GraphError::bad_request(format!(
            "Invalid version: {version}"
        )));
    }
    let parsed: Batch = serde_json::from_slice(&body).map_err(|e| {
        GraphError::bad_request(format!(
            "A batch is an object with a \"requests\" array of {{ id, method, url, headers?, body?, dependsOn? }}: {e}"
        ))
    })?;
    let inner = read(parsed.requests, &crate::routes::origin(&headers))?;
    let api = crate::graph_api(state.clone()).with_state(state);
    let mut statuses: HashMap<String, u16> = HashMap::new();
    let mut responses = Vec::with_capacity(inner.len());
    for request in inner {
        let failed = request.depends_on.iter().any(|d| {
            statuses
                .iter()
                .any(|(id, status)| id.eq_ignore_ascii_case(d) && *status >= 400)
        });
        let (status, headers, body) = if failed {
            let error = json!({ "error": { "code": "FailedDependency", "message": "A request this one depends on failed." } });
            (424, Map::new(), error)
        } else {
            run(&api, &version, &request, &headers).await
        };
        statuses.insert(request.id.clone(), status);
        responses
            .push(json!({ "id": request.id, "status": status, "headers": headers, "body": body }));
    }
    Ok(Json(json!({ "responses": responses })).into_response())
}

async fn run(
    api: &axum::Router,
    version: &str,
    request: &Inner,
    outer: &HeaderMap,
) -> (u16, Map<String, Value>, Value) {
    let mut builder = Request::builder()
        .method(request.method.clone())
        .uri(format!("/{version}{}", request.url));
    // The batch's token, and the origin it was called on (links point back to it).
    let forwarded = [
        header::AUTHORIZATION,
        header::HOST,
        header::FORWARDED,
        HeaderName::from_static("x-forwarded-proto"),
        HeaderName::from_static("x-forwarded-host"),
    ];
    for name in forwarded {
        if let Some(value) = outer.get(&name) {
            builder = builder.header(name, value);
        }
    }
    for (name, value) in &request.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::from_str(value),
        ) {
            builder = builder.header(name, value);
        }
    }
    let body = request
        .body
        .as_ref()
        .map_or_else(Body::empty, |b| Body::from(b.to_string()));
    let Ok(http_request) = builder.body(body) else {
        return (
            400,
            Map::new(),
            json!({ "error": { "code": "BadRequest", "message": "Invalid request." } }),
        );
    };
    let ids = RequestIds::from_headers(http_request.headers());
    let mut response = match api.clone().oneshot(http_request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    ids.fill(&mut response);
    let status = response.status().as_u16();
    // Spelled as Graph spells them: the official JavaScript client's
    // BatchResponseContent reads a body back as JSON only under `Content-Type`.
    let mut headers = Map::new();
    for name in ["Content-Type", "Location", "Retry-After"] {
        if let Some(value) = response.headers().get(name).and_then(|v| v.to_str().ok()) {
            headers.insert(name.into(), value.into());
        }
    }
    // A dropped connection (the `reset` fault) cannot drop one request of a
    // batch; Graph reports such a request as a gateway timeout.
    let Ok(bytes) = to_bytes(response.into_body(), usize::MAX).await else {
        let error = json!({ "error": { "code": "GatewayTimeout", "message": "The request was interrupted before it finished." } });
        return (504, Map::new(), error);
    };
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    (status, headers, body)
}
