//! The resource's operations, under `/v1.0` and `/beta`, for any configuration id.

use crate::odata::ListQuery;
use crate::{AppState, GraphError};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use intune_device_status::{parse, parse_patch, Input, ValidationReport};
use serde_json::{json, Value};
use std::sync::{Arc, PoisonError};

type Shared = State<Arc<AppState>>;
type Answer = Result<Response, GraphError>;

const COLLECTION: &str =
    "/{version}/deviceManagement/deviceConfigurations/{configuration}/deviceStatuses";

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(COLLECTION, get(list).post(create))
        .route(&format!("{COLLECTION}/$count"), get(count))
        .route(
            &format!("{COLLECTION}/{{id}}"),
            get(read).patch(update).delete(remove),
        )
        .fallback(|| async {
            GraphError::new(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "Resource not found for the segment.",
            )
        })
        .method_not_allowed_fallback(|| async {
            GraphError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "BadRequest",
                "The HTTP method is not allowed on this resource.",
            )
        })
}

fn check_version(version: &str) -> Result<(), GraphError> {
    match version {
        "v1.0" | "beta" => Ok(()),
        other => Err(GraphError::bad_request(format!("Invalid version: {other}"))),
    }
}

/// The body as validator input, or Graph's 400 for text that is not JSON.
fn read_body(body: &Bytes) -> Result<Input, GraphError> {
    serde_json::from_slice(body)
        .map_err(|e| GraphError::bad_request(format!("The request body is not valid JSON: {e}")))
}

/// beta's `platform` in a create or update body: an `Edm.Int32`, not nullable;
/// v1.0 has no such property and refuses it as Graph v1.0 refuses any property its
/// type lacks. `None` when the body has none.
fn read_platform(version: &str, body: &Bytes) -> Result<Option<i32>, GraphError> {
    let value: Value = serde_json::from_slice(body).unwrap_or_default();
    let Some(platform) = value.get("platform") else {
        return Ok(None);
    };
    if version != "beta" {
        return Err(GraphError::bad_request(
            "The property 'platform' does not exist on type 'microsoft.graph.deviceConfigurationDeviceStatus'. Make sure to only use property names that are defined by the type.",
        ));
    }
    platform
        .as_i64()
        .and_then(|n| i32::try_from(n).ok())
        .map(Some)
        .ok_or_else(|| {
            GraphError::bad_request(format!(
                "Cannot convert the literal '{platform}' to the expected type 'Edm.Int32'."
            ))
        })
}

/// Graph's 400 for a body that breaks the rules, one detail per problem.
fn invalid(report: &ValidationReport) -> GraphError {
    let details = report
        .errors
        .iter()
        .map(|issue| json!({ "code": issue.code.as_str(), "message": issue.message, "target": issue.path }))
        .collect();
    GraphError::bad_request(report.to_string()).with_details(details)
}

/// The origin the client called, as links must point back to it: a proxy's
/// `Forwarded` (its first element), else `X-Forwarded-Proto` / `X-Forwarded-Host`,
/// else `http://` and `Host`.
pub fn origin(headers: &HeaderMap) -> String {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let mut proto = text("x-forwarded-proto").map(str::to_owned);
    let mut host = text("x-forwarded-host").map(str::to_owned);
    if let Some(forwarded) = text("forwarded") {
        let first = forwarded.split(',').next().unwrap_or_default();
        for pair in first.split(';') {
            let (key, value) = pair.trim().split_once('=').unwrap_or_default();
            let value = value.trim_matches('"').to_owned();
            match key.to_ascii_lowercase().as_str() {
                "proto" => proto = Some(value),
                "host" => host = Some(value),
                _ => {}
            }
        }
    }
    let proto = proto.filter(|p| p == "http" || p == "https");
    let host = host.or_else(|| text("host").map(str::to_owned));
    format!(
        "{}://{}",
        proto.as_deref().unwrap_or("http"),
        host.as_deref().unwrap_or("localhost")
    )
}

fn context(headers: &HeaderMap, version: &str, configuration: &str, entity: bool) -> String {
    let origin = origin(headers);
    let suffix = if entity { "/$entity" } else { "" };
    format!("{origin}/{version}/$metadata#deviceManagement/deviceConfigurations('{configuration}')/deviceStatuses{suffix}")
}

fn entity(
    headers: &HeaderMap,
    version: &str,
    configuration: &str,
    status: &intune_device_status::DeviceConfigurationDeviceStatus,
    platform: i32,
) -> Value {
    let mut body = serde_json::to_value(status).unwrap_or_default();
    if let Value::Object(map) = &mut body {
        map.insert(
            "@odata.context".into(),
            context(headers, version, configuration, true).into(),
        );
        if version == "beta" {
            map.insert("platform".into(), platform.into());
        }
    }
    body
}

async fn create(
    State(state): Shared,
    Path((version, configuration)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    check_version(&version)?;
    let mut status = parse(read_body(&body)?).map_err(|report| invalid(&report))?;
    let platform = read_platform(&version, &body)?;
    let id = status
        .id
        .get_or_insert_with(|| uuid::Uuid::new_v4().to_string())
        .clone();
    let mut store = state.store.lock().unwrap_or_else(PoisonError::into_inner);
    if store.insert(&configuration, status.clone()).is_err() {
        return Err(GraphError::new(
            StatusCode::CONFLICT,
            "Conflict",
            format!("A deviceConfigurationDeviceStatus with id '{id}' already exists."),
        ));
    }
    if let Some(platform) = platform {
        store.set_platform(&configuration, &id, platform);
    }
    let platform = store.platform(&configuration, &id);
    let mut response = (
        StatusCode::CREATED,
        Json(entity(
            &headers,
            &version,
            &configuration,
            &status,
            platform,
        )),
    )
        .into_response();
    // Absolute, as Graph gives it, on the origin the client called.
    let location = format!(
        "{}/{version}/deviceManagement/deviceConfigurations/{configuration}/deviceStatuses/{id}",
        origin(&headers)
    );
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

async fn list(
    State(state): Shared,
    Path((version, configuration)): Path<(String, String)>,
    Query(params): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Answer {
    check_version(&version)?;
    let query = ListQuery::parse(&params)?;
    let store = state.store.lock().unwrap_or_else(PoisonError::into_inner);
    let (page, more, total) = query.page(store.statuses(&configuration), state.config.page_size);
    let value: Vec<Value> = page
        .iter()
        .map(|status| {
            let mut item = query.shape(status);
            // beta's whole statuses carry `platform`.
            if version == "beta" && query.select.is_none() {
                let id = status.id.as_deref().unwrap_or_default();
                item["platform"] = store.platform(&configuration, id).into();
            }
            item
        })
        .collect();
    let mut body = json!({
        "@odata.context": context(&headers, &version, &configuration, false),
    });
    if query.count {
        body["@odata.count"] = total.into();
    }
    body["value"] = value.into();
    if more {
        let origin = origin(&headers);
        let mut next: Vec<(String, String)> = params
            .into_iter()
            .filter(|(k, _)| k != "$skiptoken" && k != "$skip")
            .collect();
        next.push(("$skiptoken".into(), (query.skip + page.len()).to_string()));
        next.sort();
        let query_string: Vec<String> = next
            .iter()
            .map(|(k, v)| {
                let mut pair = format!("{k}=");
                intune_device_status::client::path::encode(v, &mut pair);
                pair
            })
            .collect();
        body["@odata.nextLink"] = format!(
            "{origin}/{version}/deviceManagement/deviceConfigurations/{configuration}/deviceStatuses?{}",
            query_string.join("&")
        )
        .into();
    }
    Ok(Json(body).into_response())
}

/// `$count`, with the `$filter` Graph's OpenAPI lists for it.
async fn count(
    State(state): Shared,
    Path((version, configuration)): Path<(String, String)>,
    Query(params): Query<Vec<(String, String)>>,
) -> Answer {
    check_version(&version)?;
    if let Some((other, _)) = params.iter().find(|(name, _)| name != "$filter") {
        return Err(GraphError::bad_request(format!(
            "Query option '{other}' is not supported on $count (only $filter is)."
        )));
    }
    let query = ListQuery::parse(&params)?;
    let store = state.store.lock().unwrap_or_else(PoisonError::into_inner);
    let (_, _, total) = query.page(store.statuses(&configuration), 0);
    let count = total.to_string();
    Ok(([(header::CONTENT_TYPE, "text/plain")], count).into_response())
}

/// One status, with the `$select` (and `$expand`, refused: the entity has no
/// navigation property) Graph's OpenAPI lists for it.
async fn read(
    State(state): Shared,
    Path((version, configuration, id)): Path<(String, String, String)>,
    Query(params): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Answer {
    check_version(&version)?;
    if let Some((other, _)) = params
        .iter()
        .find(|(name, _)| !matches!(name.as_str(), "$select" | "$expand"))
    {
        return Err(GraphError::bad_request(format!(
            "Query option '{other}' is not supported when reading one status ($select is)."
        )));
    }
    let query = ListQuery::parse(&params)?;
    let store = state.store.lock().unwrap_or_else(PoisonError::into_inner);
    let status = store
        .get(&configuration, &id)
        .ok_or_else(|| GraphError::not_found(&format!("deviceConfigurationDeviceStatus '{id}'")))?;
    let platform = store.platform(&configuration, &id);
    let mut body = entity(&headers, &version, &configuration, status, platform);
    if query.select.is_some() {
        let mut picked = query.shape(status);
        picked["@odata.context"] = body["@odata.context"].clone();
        body = picked;
    }
    Ok(Json(body).into_response())
}

async fn update(
    State(state): Shared,
    Path((version, configuration, id)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    check_version(&version)?;
    let patch = parse_patch(read_body(&body)?).map_err(|report| invalid(&report))?;
    let platform = read_platform(&version, &body)?;
    if patch.id.as_deref().is_some_and(|given| given != id) {
        return Err(GraphError::bad_request(
            "The id of a deviceConfigurationDeviceStatus cannot be changed.",
        ));
    }
    let mut store = state.store.lock().unwrap_or_else(PoisonError::into_inner);
    let status = store
        .get_mut(&configuration, &id)
        .ok_or_else(|| GraphError::not_found(&format!("deviceConfigurationDeviceStatus '{id}'")))?;
    status.apply(patch);
    let status = status.clone();
    if let Some(platform) = platform {
        store.set_platform(&configuration, &id, platform);
    }
    let platform = store.platform(&configuration, &id);
    Ok(Json(entity(
        &headers,
        &version,
        &configuration,
        &status,
        platform,
    ))
    .into_response())
}

async fn remove(
    State(state): Shared,
    Path((version, configuration, id)): Path<(String, String, String)>,
) -> Answer {
    check_version(&version)?;
    let mut store = state.store.lock().unwrap_or_else(PoisonError::into_inner);
    if store.remove(&configuration, &id) {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(GraphError::not_found(&format!(
            "deviceConfigurationDeviceStatus '{id}'"
        )))
    }
}
