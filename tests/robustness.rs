//! Property tests of the validation: it never panics, its verdicts agree with
//! independent oracles, and what it accepts survives a round trip.
//!
//! 120,000 generated cases in all (50,000 + 50,000 + 20,000), in `make test`.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{Datelike, FixedOffset, NaiveDate, TimeZone};
use intune_device_status::{
    parse, validate, DateTimeError, DateTimeOffset, Input, IssueCode, Mode, Value, PROPERTY_NAMES,
};
use proptest::prelude::*;
use regex::Regex;
use std::sync::OnceLock;

/// Graph's OpenAPI pattern for `Edm.DateTimeOffset`, verbatim.
const OPENAPI_PATTERN: &str = r"^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$";

fn pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| Regex::new(OPENAPI_PATTERN).unwrap())
}

/// Property names the generator picks from: the resource's, plus a typo, an OData
/// annotation and a beta-only property.
fn names() -> Vec<&'static str> {
    PROPERTY_NAMES
        .into_iter()
        .chain(["deviceDisplayname", "@odata.context", "platform"])
        .collect()
}

fn any_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Number),
        Just(Value::Array),
        Just(Value::Object),
        Just(Value::Foreign("a function")),
        prop_oneof![
            Just("compliant".to_owned()),
            Just("#microsoft.graph.deviceConfigurationDeviceStatus".to_owned()),
            Just(String::new()),
            "\\PC{0,40}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})",
        ]
        .prop_map(Value::String),
    ]
}

fn any_input() -> impl Strategy<Value = Input> {
    let name = prop_oneof![
        4 => proptest::sample::select(names()).prop_map(str::to_owned),
        1 => "\\PC{0,20}",
    ];
    prop_oneof![
        9 => proptest::collection::vec((name, any_value()), 0..14).prop_map(Input::Object),
        1 => any_value().prop_map(Input::Other),
    ]
}

/// A date-time assembled from parts that may each be out of bounds, with what the
/// parts say about it.
#[derive(Debug, Clone)]
struct Parts {
    year: u32,
    year_width: usize,
    month: u32,
    day: u32,
    separator: char,
    hour: u32,
    minute: u32,
    second: u32,
    fraction: String,
    /// `None` for `Z`.
    offset: Option<(char, u32, u32)>,
}

impl Parts {
    fn text(&self) -> String {
        let mut text = format!(
            "{:0width$}-{:02}-{:02}{}{:02}:{:02}:{:02}",
            self.year,
            self.month,
            self.day,
            self.separator,
            self.hour,
            self.minute,
            self.second,
            width = self.year_width
        );
        if !self.fraction.is_empty() {
            text.push('.');
            text.push_str(&self.fraction);
        }
        match self.offset {
            None => text.push('Z'),
            Some((sign, h, m)) => text.push_str(&format!("{sign}{h:02}:{m:02}")),
        }
        text
    }

    /// chrono's verdict on whether .NET can hold the instant, for text that matches
    /// the pattern.
    fn dotnet_can_hold(&self) -> bool {
        let text = self.text();
        let year_digits = text.split('-').next().unwrap();
        if year_digits.len() != 4 || self.year == 0 {
            return false;
        }
        let Some(date) = NaiveDate::from_ymd_opt(self.year as i32, self.month, self.day) else {
            return false;
        };
        let (sign, h, m) = self.offset.unwrap_or(('+', 0, 0));
        if m >= 60 || h * 60 + m > 14 * 60 {
            return false;
        }
        let seconds = (h * 3600 + m * 60) as i32 * if sign == '-' { -1 } else { 1 };
        let offset = FixedOffset::east_opt(seconds).unwrap();
        let local = date
            .and_hms_opt(self.hour, self.minute, self.second)
            .unwrap();
        let utc = offset.from_local_datetime(&local).unwrap().naive_utc();
        // The last tick .NET holds is 9999-12-31T23:59:59.9999999; a fraction
        // rounding past it is out of range too.
        (1..=9999).contains(&utc.year()) && self.ticks() <= 3_155_378_975_999_999_999
    }

    /// .NET ticks of the instant, from chrono.
    fn ticks(&self) -> i64 {
        let (sign, h, m) = self.offset.unwrap_or(('+', 0, 0));
        let seconds = (h * 3600 + m * 60) as i32 * if sign == '-' { -1 } else { 1 };
        let local = NaiveDate::from_ymd_opt(self.year as i32, self.month, self.day)
            .unwrap()
            .and_hms_opt(self.hour, self.minute, self.second)
            .unwrap();
        let utc = FixedOffset::east_opt(seconds)
            .unwrap()
            .from_local_datetime(&local)
            .unwrap()
            .naive_utc();
        let epoch = NaiveDate::from_ymd_opt(1, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let fraction: String = self
            .fraction
            .chars()
            .chain("0000000".chars())
            .take(7)
            .collect();
        // .NET rounds by the eighth digit.
        let round_up = self.fraction.chars().nth(7).is_some_and(|d| d >= '5');
        (utc - epoch).num_seconds() * 10_000_000
            + fraction.parse::<i64>().unwrap()
            + i64::from(round_up)
    }
}

fn near_date_times() -> impl Strategy<Value = Parts> {
    (
        (
            prop_oneof![0u32..=3, 1u32..=9999, 9990u32..=10001, 1u32..=2],
            prop_oneof![8 => Just(4usize), 1 => 3usize..=6],
            0u32..=13,
            0u32..=32,
            prop_oneof![20 => Just('T'), 1 => Just('t'), 1 => Just(' ')],
        ),
        (
            0u32..=24,
            0u32..=60,
            0u32..=60,
            "[0-9]{0,13}",
            prop_oneof![
                1 => Just(None),
                3 => (prop_oneof![Just('+'), Just('-')], 0u32..=15, 0u32..=61).prop_map(Some),
            ],
        ),
    )
        .prop_map(
            |(
                (year, year_width, month, day, separator),
                (hour, minute, second, fraction, offset),
            )| {
                Parts {
                    year,
                    year_width,
                    month,
                    day,
                    separator,
                    hour,
                    minute,
                    second,
                    fraction,
                    offset,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 50_000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any body: no panic, errors and validity agree, paths name real places,
    /// and an accepted body parses into a model that validates again unchanged.
    #[test]
    fn any_body_gets_a_consistent_verdict(input in any_input(), update in any::<bool>()) {
        let mode = if update { Mode::Update } else { Mode::Create };
        let report = validate(input.clone(), mode);
        prop_assert_eq!(report.valid, report.errors.is_empty());
        let given: Vec<&str> = match &input {
            Input::Object(fields) => fields.iter().map(|(n, _)| n.as_str()).collect(),
            Input::Other(_) => vec![""],
        };
        for issue in report.errors.iter().chain(&report.warnings) {
            prop_assert!(
                given.contains(&issue.path.as_str()) || issue.code == IssueCode::Required,
                "{:?} names no given property", issue
            );
            prop_assert!(!issue.message.is_empty());
        }
        let parsed = parse(input);
        if mode == Mode::Create {
            prop_assert_eq!(parsed.is_ok(), report.valid);
        }
        if let Ok(status) = parsed {
            let text = serde_json::to_string(&status).unwrap();
            let again: Input = serde_json::from_str(&text).unwrap();
            let report = validate(again.clone(), Mode::Create);
            prop_assert!(report.valid && report.warnings.is_empty(), "{:?}", report);
            prop_assert_eq!(parse(again).unwrap(), status);
        }
    }

    /// Near-valid date-times: the verdict agrees with the OpenAPI regex for the
    /// shape, with chrono for the calendar and .NET's range, and on the instant.
    #[test]
    fn date_times_agree_with_the_pattern_and_the_calendar(parts in near_date_times()) {
        let text = parts.text();
        let result = DateTimeOffset::parse(&text);
        if !pattern().is_match(&text) {
            prop_assert!(matches!(result, Err(DateTimeError::Format(_))), "{}: {:?}", text, result);
        } else if parts.dotnet_can_hold() {
            let value = result.unwrap();
            prop_assert_eq!(value.as_str(), text.as_str());
            prop_assert_eq!(value.utc_ticks(), parts.ticks());
        } else {
            prop_assert!(matches!(result, Err(DateTimeError::Range(_))), "{}: {:?}", text, result);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20_000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Arbitrary text never panics the parser, and what it accepts matches the pattern.
    #[test]
    fn arbitrary_text_never_panics_the_date_time_parser(text in "\\PC{0,40}|[0-9T:.+Z-]{10,40}") {
        if let Ok(value) = DateTimeOffset::parse(&text) {
            prop_assert!(pattern().is_match(&text));
            prop_assert_eq!(value.as_str(), text.as_str());
        }
    }
}
