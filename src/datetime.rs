//! Graph's `Edm.DateTimeOffset`, kept exactly as the caller wrote it.
//!
//! Graph publishes a regular expression for the text (in the OpenAPI description)
//! and parses the value as a .NET `DateTimeOffset`. A value is valid here when it
//! passes both: the text matches the pattern, and it names an instant .NET can hold
//! (a real calendar date, years 0001-9999 both locally and in UTC, an offset within
//! ±14:00). The text itself is never rewritten, so the fraction digits and offset
//! that go to Graph are the ones the caller gave.

use core::fmt;

/// 100-nanosecond ticks per second, .NET's unit of time.
const TICKS_PER_SECOND: i64 = 10_000_000;
/// .NET's largest offset, in minutes (±14:00).
const MAX_OFFSET_MINUTES: i32 = 14 * 60;
/// Ticks of 9999-12-31T23:59:59.9999999, the last instant .NET can hold.
const MAX_TICKS: i64 = 3_155_378_975_999_999_999;
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A validated `Edm.DateTimeOffset`, such as `2016-12-31T23:56:44.951111-08:00`.
///
/// Equality compares the text, not the instant: `…T00:00:00Z` and
/// `…T01:00:00+01:00` are different values here, because they are sent differently.
/// Use [`DateTimeOffset::utc_ticks`] to compare instants.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DateTimeOffset {
    text: String,
    utc_ticks: i64,
}

/// Why a text is not a valid `DateTimeOffset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateTimeError {
    /// The text does not match Graph's pattern; the string says which part is wrong.
    Format(&'static str),
    /// The text matches the pattern but names no instant .NET can hold.
    Range(RangeProblem),
}

/// What is out of range in a date-time that otherwise has the right shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeProblem {
    /// The year is 0000 or has more than four digits.
    Year,
    /// The day does not exist in that month (30 February, 29 February of a common year).
    Day {
        /// The year.
        year: u16,
        /// The month, 1 to 12.
        month: u8,
        /// The month's last day in that year.
        last_day: u8,
    },
    /// The offset's minutes are 60 or more.
    OffsetMinutes,
    /// The offset is beyond ±14:00.
    Offset,
    /// The instant, moved to UTC, falls before 0001-01-01 or after 9999-12-31.
    UtcInstant,
}

impl fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Format(what) => f.write_str(what),
            Self::Range(RangeProblem::Year) => f.write_str("the year must be 0001 to 9999"),
            Self::Range(RangeProblem::Day {
                year,
                month,
                last_day,
            }) => {
                // `get`: a RangeProblem built by hand may hold any month.
                let name = MONTHS
                    .get(usize::from(*month).wrapping_sub(1))
                    .unwrap_or(&"that month");
                write!(f, "{name} {year:04} has only {last_day} days")
            }
            Self::Range(RangeProblem::OffsetMinutes) => {
                f.write_str("the offset's minutes must be 00 to 59")
            }
            Self::Range(RangeProblem::Offset) => {
                f.write_str("the offset must be within -14:00 and +14:00")
            }
            Self::Range(RangeProblem::UtcInstant) => {
                f.write_str("in UTC the instant falls outside years 0001 to 9999")
            }
        }
    }
}

impl DateTimeOffset {
    /// Checks `text` and keeps it as it is.
    pub fn parse(text: &str) -> Result<Self, DateTimeError> {
        let utc_ticks = Self::check(text)?;
        Ok(Self::checked(text.to_owned(), utc_ticks))
    }

    /// Checks `text` as [`parse`](Self::parse) does, without keeping it: the
    /// instant's ticks (the validator keeps the text only when it builds a model).
    pub(crate) fn check(text: &str) -> Result<i64, DateTimeError> {
        let parts = Parts::read(text.as_bytes()).map_err(DateTimeError::Format)?;
        parts.utc_ticks().map_err(DateTimeError::Range)
    }

    /// The value of `text`, which [`check`](Self::check) found to name `utc_ticks`.
    pub(crate) fn checked(text: String, utc_ticks: i64) -> Self {
        Self { text, utc_ticks }
    }

    /// The text exactly as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The instant as .NET ticks (100 ns) since 0001-01-01T00:00:00Z; fraction digits
    /// past the seventh are dropped.
    pub fn utc_ticks(&self) -> i64 {
        self.utc_ticks
    }
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl core::str::FromStr for DateTimeOffset {
    type Err = DateTimeError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl From<DateTimeOffset> for String {
    fn from(value: DateTimeOffset) -> Self {
        value.text
    }
}

impl serde::Serialize for DateTimeOffset {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for DateTimeOffset {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The fields of a date-time whose text matched the pattern.
struct Parts {
    /// `None` when the year has more than four digits (it matches the pattern but is
    /// out of range).
    year: Option<u16>,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    /// The fraction as .NET ticks: seven digits, rounded by the eighth (so up to
    /// a whole second).
    fraction_ticks: i64,
    offset_sign: i32,
    offset_hours: u8,
    offset_minutes: u8,
}

/// Reads the bytes of a date-time one piece at a time; every failure says which piece.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    #[inline(always)]
    fn expect(&mut self, byte: u8, problem: &'static str) -> Result<(), &'static str> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(problem)
        }
    }

    #[inline(always)]
    fn digits(&mut self) -> &[u8] {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        &self.bytes[start..self.at]
    }

    /// Exactly two digits, whose value is checked against `min..=max`.
    #[inline(always)]
    fn two_digits(&mut self, min: u8, max: u8, problem: &'static str) -> Result<u8, &'static str> {
        match self.bytes.get(self.at..self.at + 2) {
            Some([a, b]) if a.is_ascii_digit() && b.is_ascii_digit() => {
                let value = (a - b'0') * 10 + (b - b'0');
                if (min..=max).contains(&value) {
                    self.at += 2;
                    Ok(value)
                } else {
                    Err(problem)
                }
            }
            _ => Err(problem),
        }
    }
}

impl Parts {
    fn read(bytes: &[u8]) -> Result<Self, &'static str> {
        let mut c = Cursor { bytes, at: 0 };
        let year_digits = c.digits();
        if year_digits.len() < 4 {
            return Err("the year must have four digits (YYYY-MM-DD)");
        }
        let year = match year_digits {
            [a, b, d, e] => Some(
                [a, b, d, e]
                    .iter()
                    .fold(0u16, |n, digit| n * 10 + u16::from(**digit - b'0')),
            ),
            _ => None,
        };
        c.expect(b'-', "a '-' must follow the year")?;
        let month = c.two_digits(1, 12, "the month must be two digits, 01 to 12")?;
        c.expect(b'-', "a '-' must follow the month")?;
        let day = c.two_digits(1, 31, "the day must be two digits, 01 to 31")?;
        c.expect(b'T', "an uppercase 'T' must separate the date and the time")?;
        let hour = c.two_digits(0, 23, "the hour must be two digits, 00 to 23")?;
        c.expect(b':', "a ':' must follow the hour")?;
        let minute = c.two_digits(0, 59, "the minutes must be two digits, 00 to 59")?;
        c.expect(b':', "the seconds are required (hh:mm:ss)")?;
        let second = c.two_digits(0, 59, "the seconds must be two digits, 00 to 59")?;
        let mut fraction_ticks = 0;
        if c.peek() == Some(b'.') {
            c.at += 1;
            let fraction = c.digits();
            if fraction.is_empty() || fraction.len() > 12 {
                return Err("a fraction of a second must have 1 to 12 digits");
            }
            fraction_ticks = (0..7).fold(0i64, |ticks, i| {
                ticks * 10 + fraction.get(i).map_or(0, |d| i64::from(d - b'0'))
            });
            // .NET keeps ticks, rounding by the eighth digit: `.99999995` is the
            // next second (past the last tick of 9999, out of range).
            if fraction.get(7).is_some_and(|d| *d >= b'5') {
                fraction_ticks += 1;
            }
        }
        let (offset_sign, offset_hours, offset_minutes) = match c.peek() {
            Some(b'Z') => {
                c.at += 1;
                (1, 0, 0)
            }
            Some(sign @ (b'+' | b'-')) => {
                c.at += 1;
                let problem = "the offset must be written ±hh:mm";
                let hours = c.two_digits(0, 99, problem)?;
                c.expect(b':', problem)?;
                let minutes = c.two_digits(0, 99, problem)?;
                (if sign == b'-' { -1 } else { 1 }, hours, minutes)
            }
            _ => return Err("a time zone is required: 'Z' or an offset like +01:00"),
        };
        if c.at != bytes.len() {
            return Err("unexpected text after the time zone");
        }
        Ok(Self {
            year,
            month,
            day,
            hour,
            minute,
            second,
            fraction_ticks,
            offset_sign,
            offset_hours,
            offset_minutes,
        })
    }

    fn utc_ticks(&self) -> Result<i64, RangeProblem> {
        let year = match self.year {
            Some(year @ 1..=9999) => year,
            _ => return Err(RangeProblem::Year),
        };
        let last_day = days_in_month(year, self.month);
        if self.day > last_day {
            return Err(RangeProblem::Day {
                year,
                month: self.month,
                last_day,
            });
        }
        if self.offset_minutes >= 60 {
            return Err(RangeProblem::OffsetMinutes);
        }
        let offset =
            self.offset_sign * (i32::from(self.offset_hours) * 60 + i32::from(self.offset_minutes));
        if offset.abs() > MAX_OFFSET_MINUTES {
            return Err(RangeProblem::Offset);
        }
        let local_seconds = days_before(year, self.month, self.day) * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second);
        let utc_seconds = local_seconds - i64::from(offset) * 60;
        let ticks = utc_seconds * TICKS_PER_SECOND + self.fraction_ticks;
        if (0..=MAX_TICKS).contains(&ticks) {
            Ok(ticks)
        } else {
            Err(RangeProblem::UtcInstant)
        }
    }
}

fn is_leap_year(year: u16) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 0001-01-01 to the given date of the proleptic Gregorian calendar.
fn days_before(year: u16, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - 1;
    let mut days = y * 365 + y / 4 - y / 100 + y / 400;
    for m in 1..month {
        days += i64::from(days_in_month(year, m));
    }
    days + i64::from(day) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format_err(text: &str) -> &'static str {
        match DateTimeOffset::parse(text) {
            Err(DateTimeError::Format(why)) => why,
            other => panic!("{text}: expected a format error, got {other:?}"),
        }
    }

    fn range_err(text: &str) -> RangeProblem {
        match DateTimeOffset::parse(text) {
            Err(DateTimeError::Range(why)) => why,
            other => panic!("{text}: expected a range error, got {other:?}"),
        }
    }

    #[test]
    fn keeps_the_text_of_graph_examples() {
        for text in [
            "2016-12-31T23:56:44.951111-08:00",
            "2017-01-01T00:00:17.7769392-08:00",
            "2024-02-29T12:00:00Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.9999999Z",
            "2024-05-01T12:30:00.123456789012+14:00",
            "2024-05-01T12:30:00-14:00",
            "2024-05-01T12:30:00-00:00",
        ] {
            let value = DateTimeOffset::parse(text).unwrap();
            assert_eq!(value.as_str(), text);
        }
    }

    #[test]
    fn ticks_match_dotnet() {
        // 2017-01-01T08:00:17Z is 636188544170000000 ticks after 0001-01-01
        // (Python: (datetime(2017,1,1,8,0,17) - datetime(1,1,1)).total_seconds() * 1e7),
        // plus 7769392 ticks of fraction.
        let value = DateTimeOffset::parse("2017-01-01T00:00:17.7769392-08:00").unwrap();
        assert_eq!(value.utc_ticks(), 636_188_544_177_769_392);
        let epoch = DateTimeOffset::parse("1970-01-01T00:00:00Z").unwrap();
        assert_eq!(epoch.utc_ticks(), 621_355_968_000_000_000);
        let last = DateTimeOffset::parse("9999-12-31T23:59:59.9999999Z").unwrap();
        assert_eq!(last.utc_ticks(), MAX_TICKS);
        // The eighth digit rounds, as .NET does: down below 5, up from 5.
        let down = DateTimeOffset::parse("9999-12-31T23:59:59.99999994Z").unwrap();
        assert_eq!(down.utc_ticks(), MAX_TICKS);
        let up = DateTimeOffset::parse("2017-01-01T08:00:17.12345675Z").unwrap();
        assert_eq!(up.utc_ticks(), 636_188_544_171_234_568);
        for past in [
            "9999-12-31T23:59:59.99999995Z",
            "9999-12-31T23:59:59.999999999999Z",
        ] {
            assert!(
                matches!(DateTimeOffset::parse(past), Err(DateTimeError::Range(_))),
                "{past} rounds past the last tick"
            );
        }
    }

    #[test]
    fn rejects_text_off_the_pattern_and_says_which_part() {
        assert_eq!(
            format_err("2024-05-01"),
            "an uppercase 'T' must separate the date and the time"
        );
        assert_eq!(
            format_err("2024-05-01t12:00:00Z"),
            "an uppercase 'T' must separate the date and the time"
        );
        assert_eq!(
            format_err("2024-05-01T12:00Z"),
            "the seconds are required (hh:mm:ss)"
        );
        assert_eq!(
            format_err("2024-05-01T12:00:00"),
            "a time zone is required: 'Z' or an offset like +01:00"
        );
        assert_eq!(
            format_err("2024-13-01T12:00:00Z"),
            "the month must be two digits, 01 to 12"
        );
        assert_eq!(
            format_err("2024-05-32T12:00:00Z"),
            "the day must be two digits, 01 to 31"
        );
        assert_eq!(
            format_err("2024-05-01T24:00:00Z"),
            "the hour must be two digits, 00 to 23"
        );
        assert_eq!(
            format_err("2024-05-01T12:00:60Z"),
            "the seconds must be two digits, 00 to 59"
        );
        assert_eq!(
            format_err("2024-05-01T12:00:00.Z"),
            "a fraction of a second must have 1 to 12 digits"
        );
        assert_eq!(
            format_err("2024-05-01T12:00:00.1234567890123Z"),
            "a fraction of a second must have 1 to 12 digits"
        );
        assert_eq!(
            format_err("2024-05-01T12:00:00+0100"),
            "the offset must be written ±hh:mm"
        );
        assert_eq!(
            format_err("2024-05-01T12:00:00Zjunk"),
            "unexpected text after the time zone"
        );
        assert_eq!(
            format_err("24-05-01T12:00:00Z"),
            "the year must have four digits (YYYY-MM-DD)"
        );
        assert_eq!(
            format_err("２０２４-05-01T12:00:00Z"),
            "the year must have four digits (YYYY-MM-DD)"
        );
        assert_eq!(
            format_err(""),
            "the year must have four digits (YYYY-MM-DD)"
        );
    }

    #[test]
    fn rejects_instants_dotnet_cannot_hold() {
        assert_eq!(
            range_err("2023-02-29T00:00:00Z"),
            RangeProblem::Day {
                year: 2023,
                month: 2,
                last_day: 28
            }
        );
        assert_eq!(
            range_err("1900-02-29T00:00:00Z"),
            RangeProblem::Day {
                year: 1900,
                month: 2,
                last_day: 28
            }
        );
        assert!(DateTimeOffset::parse("2000-02-29T00:00:00Z").is_ok());
        assert_eq!(
            range_err("2024-02-30T00:00:00Z"),
            RangeProblem::Day {
                year: 2024,
                month: 2,
                last_day: 29
            }
        );
        assert_eq!(
            range_err("2024-04-31T00:00:00Z"),
            RangeProblem::Day {
                year: 2024,
                month: 4,
                last_day: 30
            }
        );
        assert_eq!(range_err("0000-01-01T00:00:00Z"), RangeProblem::Year);
        assert_eq!(range_err("10000-01-01T00:00:00Z"), RangeProblem::Year);
        assert_eq!(
            range_err("000000000000000000000000002024-01-01T00:00:00Z"),
            RangeProblem::Year
        );
        assert_eq!(
            range_err("2024-01-01T00:00:00+01:60"),
            RangeProblem::OffsetMinutes
        );
        assert_eq!(range_err("2024-01-01T00:00:00+14:01"), RangeProblem::Offset);
        assert_eq!(range_err("2024-01-01T00:00:00-15:00"), RangeProblem::Offset);
        assert_eq!(
            range_err("0001-01-01T00:30:00+01:00"),
            RangeProblem::UtcInstant
        );
        assert_eq!(
            range_err("9999-12-31T23:00:00-02:00"),
            RangeProblem::UtcInstant
        );
    }

    #[test]
    fn range_messages_name_the_month() {
        let err = DateTimeOffset::parse("2023-02-29T00:00:00Z").unwrap_err();
        assert_eq!(err.to_string(), "February 2023 has only 28 days");
    }

    #[test]
    fn days_before_counts_the_proleptic_calendar() {
        assert_eq!(days_before(1, 1, 1), 0);
        assert_eq!(days_before(2, 1, 1), 365);
        // 1970-01-01 is day 719162 of .NET's calendar.
        assert_eq!(days_before(1970, 1, 1), 719_162);
    }
}
