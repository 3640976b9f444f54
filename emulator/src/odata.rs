//! The OData query options the emulator understands, and no others (an unknown
//! one is a 400, as in Graph, rather than silently ignored). Of those Graph's
//! OpenAPI lists for the list: `$top` (0 to 999), `$skip`, `$filter` (`status eq
//! '...'`), `$count`, `$orderby` (one property) and `$select` are supported;
//! `$search` is refused, and `$expand` names no navigation property (the entity
//! has none), both with Graph's 400. An option given twice is refused, as OData
//! does.

use crate::GraphError;
use intune_device_status::{ComplianceStatus, DeviceConfigurationDeviceStatus, PROPERTY_NAMES};
use serde_json::{Map, Value};
use std::cmp::Ordering;

/// A list request's options.
#[derive(Debug, Default)]
pub struct ListQuery {
    pub top: Option<usize>,
    pub skip: usize,
    pub status: Option<ComplianceStatus>,
    pub select: Option<Vec<String>>,
    pub orderby: Option<(String, bool)>,
    /// `$count=true`: the answer carries `@odata.count`.
    pub count: bool,
}

const ORDERABLE: [&str; 4] = [
    "lastReportedDateTime",
    "complianceGracePeriodExpirationDateTime",
    "deviceDisplayName",
    "status",
];

impl ListQuery {
    pub fn parse(params: &[(String, String)]) -> Result<Self, GraphError> {
        let mut query = Self::default();
        for (at, (name, value)) in params.iter().enumerate() {
            if params[..at].iter().any(|(earlier, _)| earlier == name) {
                return Err(GraphError::bad_request(format!(
                    "Query option '{name}' was specified more than once, but it must be specified at most once."
                )));
            }
            match name.as_str() {
                "$top" => {
                    let top = value.parse::<usize>().ok().filter(|t| *t <= 999);
                    query.top = Some(top.ok_or_else(|| GraphError::bad_request(format!("Invalid $top value '{value}'; expected 0 to 999."))
                    )?);
                }
                "$count" => {
                    query.count = match value.as_str() {
                        "true" => true,
                        "false" => false,
                        _ => return Err(GraphError::bad_request(format!("Invalid $count value '{value}'; expected true or false."))),
                    };
                }
                "$search" => {
                    return Err(GraphError::bad_request(
                        "The query option '$search' is not supported on deviceConfigurationDeviceStatus.",
                    ))
                }
                "$expand" => {
                    let first = value.split(',').next().unwrap_or_default().trim();
                    return Err(GraphError::bad_request(format!(
                        "Could not find a property named '{first}' on type 'microsoft.graph.deviceConfigurationDeviceStatus'."
                    )));
                }
                "$skiptoken" | "$skip" => {
                    query.skip = value
                        .parse()
                        .map_err(|_| GraphError::bad_request(format!("Invalid {name} '{value}'.")))?;
                }
                "$filter" => query.status = Some(parse_filter(value)?),
                "$select" => {
                    let names: Vec<String> = value.split(',').map(|n| n.trim().to_owned()).collect();
                    if let Some(bad) = names.iter().find(|n| !PROPERTY_NAMES.contains(&n.as_str())) {
                        return Err(GraphError::bad_request(format!(
                            "Could not find a property named '{bad}' on type 'microsoft.graph.deviceConfigurationDeviceStatus'."
                        )));
                    }
                    query.select = Some(names);
                }
                "$orderby" => {
                    let mut words = value.split_whitespace();
                    let property = words.next().unwrap_or_default();
                    let descending = match words.next() {
                        None | Some("asc") => false,
                        Some("desc") => true,
                        Some(other) => return Err(GraphError::bad_request(format!("Invalid $orderby direction '{other}'."))),
                    };
                    if !ORDERABLE.contains(&property) || words.next().is_some() {
                        return Err(GraphError::bad_request(format!(
                            "The emulator orders by one of {} (asc or desc); found '{value}'.",
                            ORDERABLE.join(", ")
                        )));
                    }
                    query.orderby = Some((property.to_owned(), descending));
                }
                other => {
                    return Err(GraphError::bad_request(format!(
                        "Query option '{other}' is not supported by the emulator ($top, $skip, $filter, $count, $select, $orderby, $skiptoken are)."
                    )))
                }
            }
        }
        Ok(query)
    }

    /// The page of `all` this query asks for, whether more follow, and how many
    /// match in all (for `@odata.count`).
    pub fn page<'a>(
        &self,
        all: &'a [DeviceConfigurationDeviceStatus],
        page_size: usize,
    ) -> (Vec<&'a DeviceConfigurationDeviceStatus>, bool, usize) {
        let mut chosen: Vec<&DeviceConfigurationDeviceStatus> = all
            .iter()
            .filter(|s| self.status.is_none_or(|status| s.status == status))
            .collect();
        if let Some((property, descending)) = &self.orderby {
            chosen.sort_by(|a, b| {
                let order = compare(a, b, property);
                if *descending {
                    order.reverse()
                } else {
                    order
                }
            });
        }
        let total = chosen.len();
        let size = self.top.unwrap_or(page_size);
        let rest: Vec<_> = chosen.into_iter().skip(self.skip).collect();
        // `$top=0` asks for no items, and so for no next page either.
        let more = size > 0 && rest.len() > size;
        (rest.into_iter().take(size).collect(), more, total)
    }

    /// A status as this query returns it: whole, or only the `$select`ed properties.
    pub fn shape(&self, status: &DeviceConfigurationDeviceStatus) -> Value {
        let whole = serde_json::to_value(status).unwrap_or_default();
        match (&self.select, whole) {
            (Some(names), Value::Object(all)) => {
                let picked: Map<String, Value> =
                    all.into_iter().filter(|(k, _)| names.contains(k)).collect();
                Value::Object(picked)
            }
            (_, whole) => whole,
        }
    }
}

fn compare(
    a: &DeviceConfigurationDeviceStatus,
    b: &DeviceConfigurationDeviceStatus,
    property: &str,
) -> Ordering {
    match property {
        "lastReportedDateTime" => a
            .last_reported_date_time
            .utc_ticks()
            .cmp(&b.last_reported_date_time.utc_ticks()),
        "complianceGracePeriodExpirationDateTime" => a
            .compliance_grace_period_expiration_date_time
            .utc_ticks()
            .cmp(&b.compliance_grace_period_expiration_date_time.utc_ticks()),
        "deviceDisplayName" => a.device_display_name.cmp(&b.device_display_name),
        _ => a.status.value().cmp(&b.status.value()),
    }
}

/// `status eq 'value'`, the one filter the emulator evaluates.
fn parse_filter(filter: &str) -> Result<ComplianceStatus, GraphError> {
    let unsupported = || {
        GraphError::bad_request(format!(
            "The emulator supports only filters of the form status eq 'compliant'; found '{filter}'."
        ))
    };
    let rest = filter
        .trim()
        .strip_prefix("status")
        .ok_or_else(unsupported)?
        .trim_start();
    let quoted = rest.strip_prefix("eq").ok_or_else(unsupported)?.trim();
    let value = quoted
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .ok_or_else(unsupported)?;
    ComplianceStatus::from_name(value).ok_or_else(|| {
        GraphError::bad_request(format!(
            "'{value}' is not a member of type 'microsoft.graph.complianceStatus'."
        ))
    })
}
