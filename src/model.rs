//! The Graph resource `microsoft.graph.deviceConfigurationDeviceStatus` and its enum.
//!
//! JSON names are Graph's, letter for letter. These types are only ever built by the
//! validator ([`crate::validate()`]), so a value of them is valid by construction.
//! Reference: <https://learn.microsoft.com/graph/api/resources/intune-deviceconfig-deviceconfigurationdevicestatus>

use core::fmt;
use serde::Serialize;

pub use crate::datetime::DateTimeOffset;

/// The `@odata.type` of the resource, which Graph requires to be exactly this.
pub const ODATA_TYPE: &str = "#microsoft.graph.deviceConfigurationDeviceStatus";

/// Graph's `complianceStatus`: a closed enum, the same in v1.0 and beta.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum ComplianceStatus {
    /// Unknown.
    Unknown,
    /// Not applicable.
    NotApplicable,
    /// Compliant.
    Compliant,
    /// Remediated.
    Remediated,
    /// Not compliant.
    NonCompliant,
    /// Error.
    Error,
    /// Conflict.
    Conflict,
    /// Not assigned.
    NotAssigned,
}

impl ComplianceStatus {
    /// Every value, in Graph's order (its numeric values 0 to 7).
    pub const ALL: [Self; 8] = [
        Self::Unknown,
        Self::NotApplicable,
        Self::Compliant,
        Self::Remediated,
        Self::NonCompliant,
        Self::Error,
        Self::Conflict,
        Self::NotAssigned,
    ];

    /// The name Graph uses in JSON, such as `"notApplicable"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::NotApplicable => "notApplicable",
            Self::Compliant => "compliant",
            Self::Remediated => "remediated",
            Self::NonCompliant => "nonCompliant",
            Self::Error => "error",
            Self::Conflict => "conflict",
            Self::NotAssigned => "notAssigned",
        }
    }

    /// The member's value in Graph's metadata (`unknown` = 0 … `notAssigned` = 7).
    pub const fn value(self) -> u8 {
        self as u8
    }

    /// The member with exactly this JSON name (case-sensitive, as Graph is).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }
}

impl fmt::Display for ComplianceStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `@odata.type` annotation. It holds nothing: the only value Graph accepts is
/// [`ODATA_TYPE`], which is always sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ODataType;

impl Serialize for ODataType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(ODATA_TYPE)
    }
}

/// One device's status for one device configuration, as Graph stores it.
///
/// Serialises to the JSON body Graph expects, `@odata.type` included and missing
/// nullable strings as `null`. Values come from `parseDeviceStatus` (in Rust,
/// `parse` or `new`), so they are always valid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DeviceConfigurationDeviceStatus {
    /// Always `#microsoft.graph.deviceConfigurationDeviceStatus`.
    #[serde(rename = "@odata.type")]
    #[cfg_attr(
        feature = "npm",
        tsify(
            optional,
            type = "\"#microsoft.graph.deviceConfigurationDeviceStatus\""
        )
    )]
    pub odata_type: ODataType,
    /// The key Graph gives the status; absent before it is created.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "npm", tsify(optional))]
    pub id: Option<String>,
    /// Device name of the DevicePolicyStatus.
    #[cfg_attr(feature = "npm", tsify(optional, type = "string | null"))]
    pub device_display_name: Option<String>,
    /// The User Name that is being reported.
    #[cfg_attr(feature = "npm", tsify(optional, type = "string | null"))]
    pub user_name: Option<String>,
    /// The device model that is being reported.
    #[cfg_attr(feature = "npm", tsify(optional, type = "string | null"))]
    pub device_model: Option<String>,
    /// The DateTime when device compliance grace period expires.
    #[cfg_attr(feature = "npm", tsify(type = "DateTimeOffset"))]
    pub compliance_grace_period_expiration_date_time: DateTimeOffset,
    /// Compliance status of the policy report.
    pub status: ComplianceStatus,
    /// Last modified date time of the policy report.
    #[cfg_attr(feature = "npm", tsify(type = "DateTimeOffset"))]
    pub last_reported_date_time: DateTimeOffset,
    /// UserPrincipalName. Graph enforces no format (its own example is
    /// `"User Principal Name value"`), and neither do we.
    #[cfg_attr(feature = "npm", tsify(optional, type = "string | null"))]
    pub user_principal_name: Option<String>,
}

impl DeviceConfigurationDeviceStatus {
    /// Applies an update: each property the patch carries replaces this one's
    /// (`Some(None)` clears a nullable string). The id is left alone.
    pub fn apply(&mut self, patch: DeviceStatusPatch) {
        let DeviceStatusPatch {
            odata_type: _,
            id: _,
            device_display_name,
            user_name,
            device_model,
            compliance_grace_period_expiration_date_time,
            status,
            last_reported_date_time,
            user_principal_name,
        } = patch;
        fn set<T>(slot: &mut T, value: Option<T>) {
            if let Some(value) = value {
                *slot = value;
            }
        }
        set(&mut self.device_display_name, device_display_name);
        set(&mut self.user_name, user_name);
        set(&mut self.device_model, device_model);
        set(
            &mut self.compliance_grace_period_expiration_date_time,
            compliance_grace_period_expiration_date_time,
        );
        set(&mut self.status, status);
        set(&mut self.last_reported_date_time, last_reported_date_time);
        set(&mut self.user_principal_name, user_principal_name);
    }

    /// A status with the three required properties; `id` and the optional strings
    /// are `None` (sent as `null`).
    pub fn new(
        status: ComplianceStatus,
        last_reported_date_time: DateTimeOffset,
        compliance_grace_period_expiration_date_time: DateTimeOffset,
    ) -> Self {
        Self {
            odata_type: ODataType,
            id: None,
            device_display_name: None,
            user_name: None,
            device_model: None,
            compliance_grace_period_expiration_date_time,
            status,
            last_reported_date_time,
            user_principal_name: None,
        }
    }
}

/// Changes to a status (`PATCH`), or a partial status (a list with `$select`): only
/// what is present. A nullable string set to `null` clears it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DeviceStatusPatch {
    /// `#microsoft.graph.deviceConfigurationDeviceStatus` when present.
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "npm",
        tsify(
            optional,
            type = "\"#microsoft.graph.deviceConfigurationDeviceStatus\""
        )
    )]
    pub odata_type: Option<ODataType>,
    /// The status's key.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "npm", tsify(optional))]
    pub id: Option<String>,
    /// Device name of the DevicePolicyStatus.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "npm", tsify(optional, type = "string | null"))]
    pub device_display_name: Option<Option<String>>,
    /// The User Name that is being reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "npm", tsify(optional, type = "string | null"))]
    pub user_name: Option<Option<String>>,
    /// The device model that is being reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "npm", tsify(optional, type = "string | null"))]
    pub device_model: Option<Option<String>>,
    /// The DateTime when device compliance grace period expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "npm", tsify(optional, type = "DateTimeOffset"))]
    pub compliance_grace_period_expiration_date_time: Option<DateTimeOffset>,
    /// Compliance status of the policy report.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "npm", tsify(optional))]
    pub status: Option<ComplianceStatus>,
    /// Last modified date time of the policy report.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "npm", tsify(optional, type = "DateTimeOffset"))]
    pub last_reported_date_time: Option<DateTimeOffset>,
    /// UserPrincipalName.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "npm", tsify(optional, type = "string | null"))]
    pub user_principal_name: Option<Option<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_names_round_trip_and_are_case_sensitive() {
        for (value, status) in ComplianceStatus::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(status.value()), value);
            assert_eq!(ComplianceStatus::from_name(status.as_str()), Some(status));
        }
        assert_eq!(ComplianceStatus::from_name("Compliant"), None);
        assert_eq!(ComplianceStatus::from_name("unknownFutureValue"), None);
    }
}
