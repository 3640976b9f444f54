//! The statuses, pages and error bodies the rows use, and short names for the
//! operations.

use crate::harness::Op;
use intune_device_status::client::path::ListQuery;

/// Graph's documentation example, without an id: what a create sends.
pub const NEW: &str = include_str!("../fixtures/graph-example.json");

/// The example as the client serialises it (the create's body).
pub const NEW_BODY: &str = r##"{
  "@odata.type": "#microsoft.graph.deviceConfigurationDeviceStatus",
  "deviceDisplayName": "Device Display Name value",
  "userName": "User Name value",
  "deviceModel": "Device Model value",
  "complianceGracePeriodExpirationDateTime": "2016-12-31T23:56:44.951111-08:00",
  "status": "notApplicable",
  "lastReportedDateTime": "2017-01-01T00:00:17.7769392-08:00",
  "userPrincipalName": "User Principal Name value"
}"##;

/// Stored statuses, as Graph returns them.
pub const A: &str = r#"{"id":"a","status":"compliant","lastReportedDateTime":"2024-05-01T12:30:00Z","complianceGracePeriodExpirationDateTime":"2024-06-01T00:00:00Z"}"#;
pub const B: &str = r#"{"id":"b","status":"nonCompliant","deviceModel":"Surface Laptop","lastReportedDateTime":"2024-05-02T08:00:00+02:00","complianceGracePeriodExpirationDateTime":"2024-06-02T00:00:00Z"}"#;
pub const C: &str = r#"{"id":"c","status":"error","lastReportedDateTime":"2024-05-03T00:00:00Z","complianceGracePeriodExpirationDateTime":"2024-06-03T00:00:00Z"}"#;

/// A status created with its own id (so a lost answer can be looked up).
pub const D7: &str = r#"{"id":"d-7","status":"compliant","deviceDisplayName":"LAPTOP-7","lastReportedDateTime":"2024-05-01T12:30:00Z","complianceGracePeriodExpirationDateTime":"2024-06-01T00:00:00Z"}"#;

/// Only some properties (a `$select`, or an item Graph sent without its dates).
pub const PART_A: &str = r#"{"id":"a","status":"compliant"}"#;
pub const PART_C: &str = r#"{"id":"c","status":"error"}"#;

/// A patch and its body on the wire.
pub const PATCH: &str = r#"{"status":"error","deviceModel":null}"#;
pub const PATCH_BODY: &str = r##"{"@odata.type":"#microsoft.graph.deviceConfigurationDeviceStatus","deviceModel":null,"status":"error"}"##;

/// The global collection URL of `cfg-1`, for nextLinks.
pub const U: &str =
    "https://graph.microsoft.com/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses";
pub const NEXT2: &str = "https://graph.microsoft.com/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses?$skiptoken=2";
pub const NEXT3: &str = "https://graph.microsoft.com/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses?$skiptoken=3";

/// A page of a list: these items, and a nextLink when given.
pub fn page(items: &[&str], next: Option<&str>) -> String {
    let next = next
        .map(|link| format!(r#","@odata.nextLink":"{link}""#))
        .unwrap_or_default();
    format!(r#"{{"value":[{}]{next}}}"#, items.join(","))
}

/// Graph's error body.
pub fn graph_error(code: &str, message: &str) -> String {
    format!(r#"{{"error":{{"code":"{code}","message":"{message}"}}}}"#)
}

pub fn create(status: &str) -> Op {
    Op::Create(status.to_owned())
}
pub fn create_with_id(id: &str) -> Op {
    Op::CreateWithId(id.to_owned())
}
pub fn get(id: &str) -> Op {
    Op::Get(id.to_owned())
}
pub fn list() -> Op {
    Op::List(ListQuery::default())
}
pub fn list_with(query: ListQuery) -> Op {
    Op::List(query)
}
pub fn pages() -> Op {
    Op::Pages(ListQuery::default())
}
pub fn pages_with(query: ListQuery) -> Op {
    Op::Pages(query)
}
pub fn update(id: &str, patch: &str) -> Op {
    Op::Update(id.to_owned(), patch.to_owned())
}
pub fn delete(id: &str) -> Op {
    Op::Delete(id.to_owned())
}
pub fn count() -> Op {
    Op::Count
}

/// `$select=id,status`.
pub fn select_id_status() -> ListQuery {
    ListQuery {
        select: vec!["id".into(), "status".into()],
        ..ListQuery::default()
    }
}

/// A row's text made at run time, kept for the rows' `'static` strings.
pub fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}
