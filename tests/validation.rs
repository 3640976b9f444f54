//! The validation rules through the native Rust API, as the emulator and native
//! callers use them: JSON text in, a report or a model out.
#![cfg(not(target_arch = "wasm32"))]

use intune_device_status::{
    parse, validate, ComplianceStatus, DeviceConfigurationDeviceStatus, FieldIssue, Input,
    IssueCode, Mode, ValidationReport,
};
use serde_json::{json, Value as Json};

const GRAPH_EXAMPLE: &str = include_str!("fixtures/graph-example.json");

fn example() -> Json {
    serde_json::from_str(GRAPH_EXAMPLE).unwrap()
}

fn input(value: &Json) -> Input {
    serde_json::from_value(value.clone()).unwrap()
}

/// Reads JSON text as given, keeping the order of its properties (and repeats).
fn input_text(text: &str) -> Input {
    serde_json::from_str(text).unwrap()
}

fn check(value: &Json, mode: Mode) -> ValidationReport {
    validate(input(value), mode)
}

/// `(path, code)` of each error, for compact assertions.
fn errors(report: &ValidationReport) -> Vec<(&str, IssueCode)> {
    report
        .errors
        .iter()
        .map(|i| (i.path.as_str(), i.code))
        .collect()
}

fn with(changes: Json) -> Json {
    let mut body = example();
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

fn only_error(report: &ValidationReport) -> &FieldIssue {
    assert_eq!(report.errors.len(), 1, "{:#?}", report.errors);
    &report.errors[0]
}

#[test]
fn graphs_own_example_is_valid_with_no_warnings() {
    let report = check(&example(), Mode::Create);
    assert_eq!(
        report,
        ValidationReport {
            valid: true,
            errors: vec![],
            warnings: vec![]
        }
    );
}

#[test]
fn parsed_example_serializes_back_to_the_same_json() {
    let status = parse(input(&example())).unwrap();
    assert_eq!(status.status, ComplianceStatus::NotApplicable);
    assert_eq!(
        status.last_reported_date_time.as_str(),
        "2017-01-01T00:00:17.7769392-08:00"
    );
    assert_eq!(serde_json::to_value(&status).unwrap(), example());
}

#[test]
fn missing_nullable_strings_are_sent_as_null_and_odata_type_is_always_sent() {
    let body = json!({
        "status": "compliant",
        "lastReportedDateTime": "2024-05-01T12:30:00Z",
        "complianceGracePeriodExpirationDateTime": "2024-06-01T00:00:00+02:00",
        "deviceModel": null
    });
    let status = parse(input(&body)).unwrap();
    assert_eq!(
        serde_json::to_value(&status).unwrap(),
        json!({
            "@odata.type": "#microsoft.graph.deviceConfigurationDeviceStatus",
            "deviceDisplayName": null,
            "userName": null,
            "deviceModel": null,
            "complianceGracePeriodExpirationDateTime": "2024-06-01T00:00:00+02:00",
            "status": "compliant",
            "lastReportedDateTime": "2024-05-01T12:30:00Z",
            "userPrincipalName": null
        })
    );
}

#[test]
fn create_requires_status_and_both_date_times() {
    let report = check(&json!({ "deviceDisplayName": "PC-01" }), Mode::Create);
    assert!(!report.valid);
    assert_eq!(
        errors(&report),
        [
            (
                "complianceGracePeriodExpirationDateTime",
                IssueCode::Required
            ),
            ("status", IssueCode::Required),
            ("lastReportedDateTime", IssueCode::Required),
        ]
    );
    assert_eq!(
        report.errors[1].message,
        "status: required when creating a status; expected one of the 8 compliance statuses"
    );
}

#[test]
fn update_checks_only_what_is_present() {
    assert!(check(&json!({}), Mode::Update).valid);
    assert!(check(&json!({ "status": "compliant" }), Mode::Update).valid);
    let report = check(&json!({ "status": "Compliant" }), Mode::Update);
    assert_eq!(errors(&report), [("status", IssueCode::Enum)]);
}

#[test]
fn every_problem_is_listed_at_once_in_the_order_given() {
    let body = r##"{
        "@odata.type": "#microsoft.graph.device",
        "id": "",
        "deviceDisplayName": 7,
        "status": "Compliant",
        "lastReportedDateTime": "2023-02-29T10:00:00Z",
        "complianceGracePeriodExpirationDateTime": "yesterday",
        "userPrincipalName": ["a@b.c"]
    }"##;
    let report = validate(input_text(body), Mode::Create);
    assert_eq!(
        errors(&report),
        [
            ("@odata.type", IssueCode::Constant),
            ("id", IssueCode::Format),
            ("deviceDisplayName", IssueCode::Type),
            ("status", IssueCode::Enum),
            ("lastReportedDateTime", IssueCode::Range),
            ("complianceGracePeriodExpirationDateTime", IssueCode::Format),
            ("userPrincipalName", IssueCode::Type),
        ]
    );
}

#[test]
fn wrong_json_types_say_what_was_expected_and_found() {
    let cases = [
        (
            json!({ "deviceModel": 42 }),
            "deviceModel: expected a string or null, found a number",
        ),
        (
            json!({ "status": null }),
            "status: expected one of the 8 compliance statuses, found null",
        ),
        (
            json!({ "lastReportedDateTime": {} }),
            "lastReportedDateTime: expected a date-time string, found an object \
             (for a JavaScript Date, pass date.toISOString())",
        ),
        (
            json!({ "id": false }),
            "id: expected a non-empty string, found false",
        ),
        (
            json!({ "@odata.type": [] }),
            "@odata.type: expected a string, found an array",
        ),
    ];
    for (changes, message) in cases {
        let report = check(&with(changes), Mode::Create);
        let issue = only_error(&report);
        assert_eq!(issue.code, IssueCode::Type);
        assert_eq!(issue.message, message);
    }
}

#[test]
fn a_body_that_is_not_an_object_is_a_type_error_at_the_root() {
    for (body, found) in [
        (json!([1, 2]), "an array"),
        (json!("status"), "the string \"status\""),
        (json!(null), "null"),
        (json!(3.5), "a number"),
    ] {
        let report = check(&body, Mode::Update);
        let issue = only_error(&report);
        assert_eq!((issue.path.as_str(), issue.code), ("", IssueCode::Type));
        assert_eq!(
            issue.message,
            format!("expected a deviceConfigurationDeviceStatus object, found {found}")
        );
    }
}

#[test]
fn status_is_case_sensitive_and_suggests_the_member() {
    let report = check(&with(json!({ "status": "NonCompliant" })), Mode::Create);
    let issue = only_error(&report);
    assert_eq!(issue.code, IssueCode::Enum);
    assert_eq!(
        issue.message,
        "status: expected one of unknown, notApplicable, compliant, remediated, \
         nonCompliant, error, conflict, notAssigned, found \"NonCompliant\"; \
         did you mean \"nonCompliant\"?"
    );
    for status in ComplianceStatus::ALL {
        assert!(check(&with(json!({ "status": status.as_str() })), Mode::Create).valid);
    }
    let far = check(&with(json!({ "status": "ok" })), Mode::Create);
    assert!(!only_error(&far).message.contains("did you mean"));
}

#[test]
fn odata_type_must_be_the_resource() {
    let report = check(
        &with(json!({ "@odata.type": "#microsoft.graph.entity" })),
        Mode::Create,
    );
    let issue = only_error(&report);
    assert_eq!(issue.code, IssueCode::Constant);
    assert_eq!(
        issue.message,
        "@odata.type: expected \"#microsoft.graph.deviceConfigurationDeviceStatus\", \
         found \"#microsoft.graph.entity\""
    );
    let mut without = example();
    without.as_object_mut().unwrap().remove("@odata.type");
    assert!(check(&without, Mode::Create).valid);
}

#[test]
fn date_times_follow_the_pattern_and_the_calendar() {
    let cases = [
        ("2024-05-01T12:30:00Z", None),
        ("2024-05-01T12:30:00.123456789012+14:00", None),
        ("2024-02-29T00:00:00-00:00", None),
        ("2024-05-01 12:30:00Z", Some(IssueCode::Format)),
        ("2024-05-01T12:30Z", Some(IssueCode::Format)),
        ("2024-05-01T12:30:00", Some(IssueCode::Format)),
        (
            "2024-05-01T12:30:00.1234567890123Z",
            Some(IssueCode::Format),
        ),
        ("2024-5-1T12:30:00Z", Some(IssueCode::Format)),
        ("2023-02-29T00:00:00Z", Some(IssueCode::Range)),
        ("2024-04-31T00:00:00Z", Some(IssueCode::Range)),
        ("0000-01-01T00:00:00Z", Some(IssueCode::Range)),
        ("12024-01-01T00:00:00Z", Some(IssueCode::Range)),
        ("2024-01-01T00:00:00+14:30", Some(IssueCode::Range)),
        ("2024-01-01T00:00:00+05:75", Some(IssueCode::Range)),
        ("0001-01-01T00:00:00+00:01", Some(IssueCode::Range)),
    ];
    for (text, expected) in cases {
        let report = check(&with(json!({ "lastReportedDateTime": text })), Mode::Create);
        let found = report.errors.first().map(|issue| issue.code);
        assert_eq!(found, expected, "{text}: {:?}", report.errors);
    }
    let report = check(
        &with(json!({ "complianceGracePeriodExpirationDateTime": "2024-05-01T12:30:00" })),
        Mode::Create,
    );
    assert_eq!(
        only_error(&report).message,
        "complianceGracePeriodExpirationDateTime: a time zone is required: 'Z' or an offset \
         like +01:00; expected a date-time like 2024-05-01T12:30:00Z or \
         2024-05-01T05:30:00.1234567-07:00, found \"2024-05-01T12:30:00\""
    );
}

#[test]
fn unknown_properties_warn_and_name_the_closest_known_one() {
    let body = r##"{
        "status": "compliant",
        "lastReportedDateTime": "2024-01-01T00:00:00Z",
        "complianceGracePeriodExpirationDateTime": "2024-01-01T00:00:00Z",
        "deviceDisplayname": "typo",
        "lastReportedDate": "2024-01-01T00:00:00Z",
        "platform": 3,
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#x",
        "@odata.typ": "#x"
    }"##;
    let report = validate(input_text(body), Mode::Create);
    assert!(report.valid, "warnings do not make a body invalid");
    let warnings: Vec<(&str, &str)> = report
        .warnings
        .iter()
        .map(|w| {
            assert_eq!(w.code, IssueCode::UnknownProperty);
            (w.path.as_str(), w.message.as_str())
        })
        .collect();
    assert_eq!(
        warnings,
        [
            (
                "deviceDisplayname",
                "\"deviceDisplayname\": not a property of deviceConfigurationDeviceStatus, so it \
                 is not sent; did you mean \"deviceDisplayName\"?"
            ),
            (
                "lastReportedDate",
                "\"lastReportedDate\": not a property of deviceConfigurationDeviceStatus, so it \
                 is not sent; did you mean \"lastReportedDateTime\"?"
            ),
            (
                "platform",
                "\"platform\": not a property of deviceConfigurationDeviceStatus, so it is not sent"
            ),
            (
                "@odata.typ",
                "\"@odata.typ\": not a property of deviceConfigurationDeviceStatus, so it is not \
                 sent; did you mean \"@odata.type\"?"
            ),
        ]
    );
}

#[test]
fn a_property_given_twice_in_json_text_is_an_error() {
    let text = r#"{"status":"compliant","status":"error",
        "lastReportedDateTime":"2024-01-01T00:00:00Z",
        "complianceGracePeriodExpirationDateTime":"2024-01-01T00:00:00Z"}"#;
    let report = validate(input_text(text), Mode::Create);
    assert_eq!(errors(&report), [("status", IssueCode::Duplicate)]);
}

#[test]
fn id_is_kept_when_given() {
    let status = parse(input(&with(
        json!({ "id": "674e98e5-98e5-674e-e598-4e67e5984e67" }),
    )))
    .unwrap();
    assert_eq!(
        status.id.as_deref(),
        Some("674e98e5-98e5-674e-e598-4e67e5984e67")
    );
    assert_eq!(
        serde_json::to_value(&status).unwrap()["id"],
        "674e98e5-98e5-674e-e598-4e67e5984e67"
    );
}

#[test]
fn deserializing_the_model_applies_the_same_rules() {
    let ok: DeviceConfigurationDeviceStatus = serde_json::from_str(GRAPH_EXAMPLE).unwrap();
    assert_eq!(ok.user_name.as_deref(), Some("User Name value"));
    let err =
        serde_json::from_str::<DeviceConfigurationDeviceStatus>(r#"{"status":"nope","id":""}"#)
            .unwrap_err()
            .to_string();
    assert_eq!(
        err,
        "invalid deviceConfigurationDeviceStatus: status: expected one of unknown, \
         notApplicable, compliant, remediated, nonCompliant, error, conflict, notAssigned, \
         found \"nope\"; id: expected a non-empty string, found \"\"; \
         complianceGracePeriodExpirationDateTime: required when creating a status; expected \
         a date-time string (and 1 more)"
    );
}

#[test]
fn huge_values_give_short_messages() {
    let huge = "x".repeat(5_000_000);
    let mut body = with(json!({ "status": huge }));
    body[&huge] = json!(1);
    let report = check(&body, Mode::Create);
    assert!(report.errors[0].message.len() < 300);
    assert!(report.warnings[0].message.len() < 300);
}

#[test]
fn the_validator_and_the_client_agree_on_which_ids_are_acceptable() {
    use intune_device_status::client::path::check_id;
    let acceptable = [
        "d-7",
        "00000000-0000-4000-8000-000000000001",
        "device_1:user",
        "a.b",
    ];
    let refused = [
        " ",
        ".",
        "..",
        "a..b",
        "a/b",
        "a?b",
        "a#b",
        "a%2Fb",
        "a\\b",
        "a b",
        "a\u{0}b",
        "a\u{2028}b",
    ];
    for id in acceptable {
        let report = check(&with(json!({ "id": id })), Mode::Create);
        assert!(report.valid, "{id:?}: {:?}", report.errors);
        assert!(check_id("status.id", id).is_ok(), "{id:?}");
    }
    for id in refused
        .into_iter()
        .map(String::from)
        .chain(["s".repeat(257)])
    {
        let report = check(&with(json!({ "id": id })), Mode::Create);
        assert_eq!(errors(&report), [("id", IssueCode::Format)], "{id:?}");
        let client = check_id("status.id", &id).unwrap_err().to_string();
        // One rule, one wording: the report's message is the client's, by its path.
        let why = client.trim_start_matches("status.id: ");
        assert_eq!(only_error(&report).message, format!("id: {why}"), "{id:?}");
    }
}

#[test]
fn date_times_rounding_past_the_last_dotnet_tick_are_out_of_range() {
    let last = with(json!({ "lastReportedDateTime": "9999-12-31T23:59:59.9999999Z" }));
    assert!(check(&last, Mode::Create).valid);
    let rounds_down = with(json!({ "lastReportedDateTime": "9999-12-31T23:59:59.99999994Z" }));
    assert!(check(&rounds_down, Mode::Create).valid);
    for past in [
        "9999-12-31T23:59:59.99999999Z",
        "9999-12-31T23:59:59.99999995Z",
    ] {
        let report = check(&with(json!({ "lastReportedDateTime": past })), Mode::Create);
        assert_eq!(
            errors(&report),
            [("lastReportedDateTime", IssueCode::Range)],
            "{past}"
        );
    }
}
