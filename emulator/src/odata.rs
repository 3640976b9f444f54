//! The OData query options the emulator understands, and no others (an unknown
//! one is a 400, as in Graph, rather than silently ignored).

use crate::GraphError;
use intune_device_status::{ComplianceStatus, DeviceConfigurationDeviceStatus, PROPERTY_NAMES};
use serde_json::{Map, Value};
use std::cmp::Ordering;
use std::collections::HashMap;

/// A list request's options.
#[derive(Debug, Default)]
pub struct ListQuery {
    pub top: Option<usize>,
    pub skip: usize,
    pub status: Option<ComplianceStatus>,
    pub select: Option<Vec<String>>,
    pub orderby: Option<(String, bool)>,
}

const ORDERABLE: [&str; 4] = [
    "lastReportedDateTime",
    "complianceGracePeriodExpirationDateTime",
    "deviceDisplayName",
    "status",
];

impl ListQuery {
    pub fn parse(params: &HashMap<String, String>) -> Result<Self, GraphError> {
        let mut query = Self::default();
        for (name, value) in params {
            match name.as_str() {
                "$top" => {
                    let top = value.parse::<usize>().ok().filter(|t| (1..=999).contains(t));
                    query.top = Some(top.ok_or_else(|| GraphError::bad_request(format!("Invalid $top value '{value}'; expected 1 to 999."))
                    )?);
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
                        "Query option '{other}' is not supported by the emulator ($top, $filter, $select, $orderby, $skiptoken are)."
                    )))
                }
            }
        }
        Ok(query)
    }

    /// The page of `all` this query asks for, and whether more follow.
    pub fn page<'a>(
        &self,
        all: &'a [DeviceConfigurationDeviceStatus],
        page_size: usize,
    ) -> (Vec<&'a DeviceConfigurationDeviceStatus>, bool) {
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
        let size = self.top.unwrap_or(page_size);
        let rest: Vec<_> = chosen.into_iter().skip(self.skip).collect();
        let more = rest.len() > size;
        (rest.into_iter().take(size).collect(), more)
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
