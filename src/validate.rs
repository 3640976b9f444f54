//! The rules a `deviceConfigurationDeviceStatus` body must meet before it is sent.
//!
//! One pass over the input collects every problem (never only the first) and, when
//! there are none, the typed model. The wasm boundary, the native API and the
//! emulator all call this module, so they cannot disagree on what is valid.

use crate::datetime::{DateTimeError, DateTimeOffset};
use crate::input::{quote, Input, Value};
use crate::model::{
    ComplianceStatus, DeviceConfigurationDeviceStatus, DeviceStatusPatch, ODataType, ODATA_TYPE,
};
use serde::{Deserialize, Serialize};

/// Which request the body is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "npm",
    derive(tsify::Tsify),
    tsify(rename = "ValidationMode")
)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    /// `POST`: `status` and both date-times are required.
    #[default]
    Create,
    /// `PATCH`: every property is optional; those present are checked.
    Update,
}

/// A stable, machine-readable name for a kind of problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum IssueCode {
    /// A required property is missing.
    Required,
    /// The value has the wrong JSON type (a number where a string belongs, `null`
    /// for a non-nullable property, an array or object for the whole body).
    Type,
    /// The text does not have the required shape (date-time pattern, empty `id`).
    Format,
    /// The text has the right shape but names no real instant (30 February, year
    /// 0000, an offset beyond ±14:00).
    Range,
    /// `status` is not one of the eight compliance statuses.
    Enum,
    /// `@odata.type` is not `#microsoft.graph.deviceConfigurationDeviceStatus`.
    Constant,
    /// A property appears twice in the JSON text, so which value Graph would keep is unclear.
    Duplicate,
    /// (A warning.) The property is not part of the resource and is not sent.
    UnknownProperty,
}

impl IssueCode {
    /// The code as it appears in JSON and in JavaScript.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::Type => "type",
            Self::Format => "format",
            Self::Range => "range",
            Self::Enum => "enum",
            Self::Constant => "constant",
            Self::Duplicate => "duplicate",
            Self::UnknownProperty => "unknownProperty",
        }
    }
}

/// One problem, located by the property's Graph name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
pub struct FieldIssue {
    /// The property as Graph spells it (`"status"`, `"@odata.type"`); `""` for the
    /// body as a whole.
    pub path: String,
    /// What kind of problem it is.
    pub code: IssueCode,
    /// Plain language: what was expected and what was found.
    pub message: String,
}

/// Every problem with a body, at once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "npm", derive(tsify::Tsify))]
pub struct ValidationReport {
    /// `true` when there are no errors (warnings do not count).
    pub valid: bool,
    /// Problems that stop the body from being sent.
    pub errors: Vec<FieldIssue>,
    /// Things worth a look that do not stop it (unknown properties).
    pub warnings: Vec<FieldIssue>,
}

impl core::fmt::Display for ValidationReport {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        const LISTED: usize = 3;
        f.write_str("invalid deviceConfigurationDeviceStatus: ")?;
        for (i, issue) in self.errors.iter().take(LISTED).enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&issue.message)?;
        }
        if self.errors.len() > LISTED {
            write!(f, " (and {} more)", self.errors.len() - LISTED)?;
        }
        Ok(())
    }
}

/// A report is the error of [`parse`]: `parse(input)?` works in any function
/// returning `Box<dyn Error>`.
impl std::error::Error for ValidationReport {}

/// The resource's JSON property names, in Graph's order (`@odata.type` first).
pub const PROPERTY_NAMES: [&str; 9] = [
    "@odata.type",
    "id",
    "deviceDisplayName",
    "userName",
    "deviceModel",
    "complianceGracePeriodExpirationDateTime",
    "status",
    "lastReportedDateTime",
    "userPrincipalName",
];

/// The properties of the resource, in the order of [`PROPERTY_NAMES`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Property {
    ODataType,
    Id,
    DeviceDisplayName,
    UserName,
    DeviceModel,
    ComplianceGracePeriodExpirationDateTime,
    Status,
    LastReportedDateTime,
    UserPrincipalName,
}

impl Property {
    const ALL: [Self; 9] = [
        Self::ODataType,
        Self::Id,
        Self::DeviceDisplayName,
        Self::UserName,
        Self::DeviceModel,
        Self::ComplianceGracePeriodExpirationDateTime,
        Self::Status,
        Self::LastReportedDateTime,
        Self::UserPrincipalName,
    ];

    const fn name(self) -> &'static str {
        PROPERTY_NAMES[self as usize]
    }

    fn named(name: &str) -> Option<Self> {
        // Lengths first: most names differ in length, and comparing two
        // lengths costs less than a call to compare the text.
        Self::ALL
            .into_iter()
            .find(|p| p.name().len() == name.len() && p.name() == name)
    }

    /// Required when creating.
    const fn required(self) -> bool {
        matches!(
            self,
            Self::Status
                | Self::LastReportedDateTime
                | Self::ComplianceGracePeriodExpirationDateTime
        )
    }
}

struct Checker {
    report: ValidationReport,
    /// The typed values read so far (`None` where absent or invalid), when the
    /// caller wants a model; a plain check keeps nothing, so copies nothing.
    collected: Option<DeviceStatusPatch>,
}

impl Checker {
    /// Records a valid value, when a model is being built.
    fn keep(&mut self, store: impl FnOnce(&mut DeviceStatusPatch)) {
        if let Some(collected) = &mut self.collected {
            store(collected);
        }
    }

    fn error(&mut self, path: &str, code: IssueCode, message: String) {
        self.report.errors.push(FieldIssue {
            path: path.to_owned(),
            code,
            message,
        });
    }

    fn type_error(&mut self, property: Property, expected: &str, found: &Value<&str>) {
        let name = property.name();
        let mut message = format!("{name}: expected {expected}, found {}", found.describe());
        if matches!(found, Value::Object) && expected == DATE_TIME {
            message.push_str(" (for a JavaScript Date, pass date.toISOString())");
        }
        self.error(name, IssueCode::Type, message);
    }

    fn check(&mut self, property: Property, value: Value<&str>) {
        let name = property.name();
        match (property, value) {
            (Property::ODataType, Value::String(text)) => {
                if text != ODATA_TYPE {
                    let message =
                        format!("{name}: expected \"{ODATA_TYPE}\", found {}", quote(text));
                    self.error(name, IssueCode::Constant, message);
                }
            }
            (Property::ODataType, other) => self.type_error(property, "a string", &other),
            (Property::Id, Value::String(text)) => {
                if text.is_empty() {
                    let message = format!("{name}: expected a non-empty string, found \"\"");
                    self.error(name, IssueCode::Format, message);
                } else if let Some(why) = id_problem(text) {
                    // The id goes into the URL of the create's lookup: the
                    // client refuses what could reach another path, so this does.
                    let message = format!("{name}: {why}; found {}", quote(text));
                    self.error(name, IssueCode::Format, message);
                } else {
                    self.keep(|c| c.id = Some(text.to_owned()));
                }
            }
            (Property::Id, other) => self.type_error(property, "a non-empty string", &other),
            (
                Property::DeviceDisplayName
                | Property::UserName
                | Property::DeviceModel
                | Property::UserPrincipalName,
                value @ (Value::Null | Value::String(_)),
            ) => self.keep(|c| {
                let slot = match property {
                    Property::DeviceDisplayName => &mut c.device_display_name,
                    Property::UserName => &mut c.user_name,
                    Property::DeviceModel => &mut c.device_model,
                    _ => &mut c.user_principal_name,
                };
                *slot = Some(match value {
                    Value::String(text) => Some(text.to_owned()),
                    _ => None,
                });
            }),
            (
                Property::DeviceDisplayName
                | Property::UserName
                | Property::DeviceModel
                | Property::UserPrincipalName,
                other,
            ) => self.type_error(property, "a string or null", &other),
            (Property::Status, Value::String(text)) => match ComplianceStatus::from_name(text) {
                Some(status) => self.keep(|c| c.status = Some(status)),
                None => {
                    let mut message = format!(
                        "{name}: expected one of {}, found {}",
                        STATUS_LIST,
                        quote(text)
                    );
                    let names = ComplianceStatus::ALL.map(ComplianceStatus::as_str);
                    if let Some(near) = closest(text, &names) {
                        message.push_str(&format!("; did you mean \"{near}\"?"));
                    }
                    self.error(name, IssueCode::Enum, message);
                }
            },
            (Property::Status, other) => {
                self.type_error(property, "one of the 8 compliance statuses", &other)
            }
            (
                Property::ComplianceGracePeriodExpirationDateTime | Property::LastReportedDateTime,
                Value::String(text),
            ) => match DateTimeOffset::check(text) {
                Ok(utc_ticks) => self.keep(|c| {
                    let value = Some(DateTimeOffset::checked(text.to_owned(), utc_ticks));
                    if property == Property::LastReportedDateTime {
                        c.last_reported_date_time = value;
                    } else {
                        c.compliance_grace_period_expiration_date_time = value;
                    }
                }),
                Err(problem) => {
                    let code = match problem {
                        DateTimeError::Format(_) => IssueCode::Format,
                        DateTimeError::Range(_) => IssueCode::Range,
                    };
                    let message = format!(
                        "{name}: {problem}; expected a date-time like \
                         2024-05-01T12:30:00Z or 2024-05-01T05:30:00.1234567-07:00, found {}",
                        quote(text)
                    );
                    self.error(name, code, message);
                }
            },
            (
                Property::ComplianceGracePeriodExpirationDateTime | Property::LastReportedDateTime,
                other,
            ) => self.type_error(property, DATE_TIME, &other),
        }
    }

    fn unknown(&mut self, name: &str) {
        let known = PROPERTY_NAMES;
        let near = closest(name, &known);
        // Instance annotations (`@odata.context`, `status@odata.type`) are Graph's
        // own metadata; only one that looks like a typo of a property is reported.
        if name.contains('@') && near.is_none() {
            return;
        }
        let mut message = format!(
            "{}: not a property of deviceConfigurationDeviceStatus, so it is not sent",
            quote(name)
        );
        if let Some(near) = near {
            message.push_str(&format!("; did you mean \"{near}\"?"));
        }
        self.report.warnings.push(FieldIssue {
            path: name.to_owned(),
            code: IssueCode::UnknownProperty,
            message,
        });
    }
}

const DATE_TIME: &str = "a date-time string";
const STATUS_LIST: &str =
    "unknown, notApplicable, compliant, remediated, nonCompliant, error, conflict, notAssigned";

/// Checks a body; with `model`, the patch holds what was read, and is complete
/// only when the report is valid. Generic over the text, so that borrowed input
/// is read where it lies; the checks themselves read `&str`.
fn run<S: AsRef<str>>(
    input: Input<S>,
    mode: Mode,
    model: bool,
) -> (ValidationReport, Option<DeviceStatusPatch>) {
    let mut checker = Checker {
        report: ValidationReport::default(),
        collected: model.then(DeviceStatusPatch::default),
    };
    let fields = match input {
        Input::Object(fields) => fields,
        Input::Other(value) => {
            let message = format!(
                "expected a deviceConfigurationDeviceStatus object, found {}",
                value.describe()
            );
            checker.error("", IssueCode::Type, message);
            return (checker.report, checker.collected);
        }
    };
    let mut seen = [false; Property::ALL.len()];
    for (name, value) in &fields {
        let name = name.as_ref();
        let Some(property) = Property::named(name) else {
            checker.unknown(name);
            continue;
        };
        let index = property as usize;
        if seen[index] {
            let message = format!("{name}: given more than once; give it once");
            checker.error(name, IssueCode::Duplicate, message);
            continue;
        }
        seen[index] = true;
        checker.check(property, value.borrowed());
    }
    if mode == Mode::Create {
        for property in Property::ALL {
            if property.required() && !seen[property as usize] {
                let name = property.name();
                let expected = if property == Property::Status {
                    "one of the 8 compliance statuses"
                } else {
                    DATE_TIME
                };
                let message =
                    format!("{name}: required when creating a status; expected {expected}");
                checker.error(name, IssueCode::Required, message);
            }
        }
    }
    let Checker {
        mut report,
        collected,
    } = checker;
    report.valid = report.errors.is_empty();
    (report, collected)
}

/// Checks a body against the rules for `mode`, listing every problem at once.
pub fn validate<S: AsRef<str>>(input: Input<S>, mode: Mode) -> ValidationReport {
    run(input, mode, false).0
}

/// Reads a body meant for creating a status into the model, or gives every problem.
pub fn parse<S: AsRef<str>>(
    input: Input<S>,
) -> Result<DeviceConfigurationDeviceStatus, ValidationReport> {
    let (report, patch) = run(input, Mode::Create, true);
    match patch {
        Some(DeviceStatusPatch {
            odata_type: _,
            id,
            device_display_name,
            user_name,
            device_model,
            compliance_grace_period_expiration_date_time: Some(grace),
            status: Some(status),
            last_reported_date_time: Some(last_reported),
            user_principal_name,
        }) if report.valid => Ok(DeviceConfigurationDeviceStatus {
            odata_type: ODataType,
            id,
            device_display_name: device_display_name.flatten(),
            user_name: user_name.flatten(),
            device_model: device_model.flatten(),
            compliance_grace_period_expiration_date_time: grace,
            status,
            last_reported_date_time: last_reported,
            user_principal_name: user_principal_name.flatten(),
        }),
        _ => Err(report),
    }
}

/// Reads an update (`PATCH`) body, or a partial status, with the update rules:
/// only what is present, each checked.
pub fn parse_patch<S: AsRef<str>>(input: Input<S>) -> Result<DeviceStatusPatch, ValidationReport> {
    match run(input, Mode::Update, true) {
        (report, Some(patch)) if report.valid => Ok(patch),
        (report, _) => Err(report),
    }
}

impl<'de> Deserialize<'de> for DeviceConfigurationDeviceStatus {
    /// Applies the same rules as [`parse`]; the error lists the problems found.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let input: Input = Input::deserialize(deserializer)?;
        parse(input).map_err(serde::de::Error::custom)
    }
}

/// Why `id` cannot be an id in a URL path (one segment, under Graph's keys), or
/// `None`: the client's rule for every id it sends, and the validator's for a
/// status's `id`, so the two agree.
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("expected a non-empty id (Intune ids are GUIDs)")
    } else if id == "." || id.as_bytes().windows(2).any(|pair| pair == b"..") {
        Some("an id cannot be '.' or contain '..' (a dot segment changes the path)")
    } else if id.contains(['/', '?', '#', '%', '\\']) {
        Some("an id cannot contain '/', '?', '#', '%' or '\\'")
    } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some("an id cannot contain whitespace or control characters")
    } else if id.len() > 256 {
        Some("an id is at most 256 characters (Intune ids are GUIDs)")
    } else {
        None
    }
}

/// The candidate closest to `name` when it is plausibly a misspelling of it:
/// the same name in another case, or within a few edits.
fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // The most common slip, the right name in another case, is found without
    // computing any distance.
    if let Some(&same) = candidates.iter().find(|c| c.eq_ignore_ascii_case(name)) {
        return Some(same);
    }
    candidates
        .iter()
        .filter_map(|&candidate| {
            let allowed = (candidate.len() / 3).max(2);
            Some((edit_distance(name, candidate, allowed)?, candidate))
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// The longest candidate [`closest`] compares with (no property or status name
/// is longer), so the rows below fit on the stack.
const LONGEST_CANDIDATE: usize = 40;

/// Levenshtein distance between `a` and `b`, ignoring ASCII case and counted in
/// bytes (the candidates are ASCII), when it is at most `limit`.
fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > limit || b.len() > LONGEST_CANDIDATE {
        return None;
    }
    let mut previous = [0; LONGEST_CANDIDATE + 1];
    let mut current = [0; LONGEST_CANDIDATE + 1];
    for (j, cell) in previous.iter_mut().enumerate() {
        *cell = j;
    }
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(!ca.eq_ignore_ascii_case(cb));
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        // Distances never shrink down the rows: once all pass the limit, stop.
        if current[..=b.len()].iter().all(|&d| d > limit) {
            return None;
        }
        core::mem::swap(&mut previous, &mut current);
    }
    Some(previous[b.len()]).filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_is_bounded() {
        assert_eq!(edit_distance("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance("kitten", "sitting", 2), None);
        assert_eq!(edit_distance("", "abc", 3), Some(3));
    }

    #[test]
    fn closest_catches_case_and_small_typos_only() {
        let known = PROPERTY_NAMES;
        assert_eq!(
            closest("deviceDisplayname", &known),
            Some("deviceDisplayName")
        );
        assert_eq!(
            closest("userPrincipleName", &known),
            Some("userPrincipalName")
        );
        assert_eq!(
            closest("lastReportedDate", &known),
            Some("lastReportedDateTime")
        );
        assert_eq!(closest("odata.type", &known), Some("@odata.type"));
        assert_eq!(closest("platform", &known), None);
        assert_eq!(closest("@odata.context", &known), None);
    }
}
