//! When to try again, and how long to wait: the rules the Graph SDKs agree on
//! (429/503/504, `Retry-After`, exponential backoff with full jitter, capped), plus
//! one they lack: a create whose outcome is unknown is never simply resent.

use crate::error::Error;

/// How hard a call tries before giving up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 to 10).
    pub max_retries: u32,
    /// The first backoff step when Graph gives no `Retry-After`.
    pub base_delay_ms: u32,
    /// The most one call waits in all, across its retries (at most 180,000). A
    /// `Retry-After` beyond what is left ends the call at once, with `retryAfterMs`
    /// telling the caller when to come back.
    pub max_delay_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay_ms: 1_000,
            max_delay_ms: 60_000,
        }
    }
}

/// The most retries the options accept.
pub const MAX_RETRIES: u32 = 10;
/// The longest total wait the options accept.
pub const MAX_DELAY_MS: u32 = 180_000;
/// Each attempt's timeout, its body included, unless the options give another:
/// no server can hold a call forever, however slowly it answers.
pub const DEFAULT_TIMEOUT_MS: u32 = 60_000;

impl RetryPolicy {
    /// Checks option values.
    pub fn new(max_retries: u32, base_delay_ms: u32, max_delay_ms: u32) -> Result<Self, Error> {
        let invalid = |argument, message: String| Error::InvalidArgument { argument, message };
        if max_retries > MAX_RETRIES {
            return Err(invalid(
                "options.retry.maxRetries",
                format!("expected 0 to {MAX_RETRIES}, found {max_retries}"),
            ));
        }
        if max_delay_ms > MAX_DELAY_MS {
            return Err(invalid(
                "options.retry.maxDelayMs",
                format!("expected 0 to {MAX_DELAY_MS}, found {max_delay_ms}"),
            ));
        }
        Ok(Self {
            max_retries,
            base_delay_ms,
            max_delay_ms,
        })
    }

    /// A policy from values already checked (the JavaScript options check them,
    /// with their own messages); out-of-range values are clamped, never used.
    pub fn clamped(max_retries: u32, base_delay_ms: u32, max_delay_ms: u32) -> Self {
        Self {
            max_retries: max_retries.min(MAX_RETRIES),
            base_delay_ms,
            max_delay_ms: max_delay_ms.min(MAX_DELAY_MS),
        }
    }

    /// The wait before retry number `retry` (0 for the first), or `None` when the
    /// call must give up: out of retries, or the wait would pass the total budget
    /// (`waited_ms` so far). `random` is uniform in [0, 1), for full jitter.
    pub fn delay(
        &self,
        retry: u32,
        retry_after_ms: Option<u64>,
        waited_ms: u64,
        random: f64,
    ) -> Option<u64> {
        if retry >= self.max_retries {
            return None;
        }
        let budget = u64::from(self.max_delay_ms).saturating_sub(waited_ms);
        let wait = match retry_after_ms {
            Some(asked) => asked,
            None => {
                let step = u64::from(self.base_delay_ms).saturating_mul(1 << retry.min(20));
                // Full jitter: anywhere from 0 to the exponential step.
                (step.min(budget) as f64 * random.clamp(0.0, 1.0)) as u64
            }
        };
        (wait <= budget).then_some(wait)
    }
}

/// The randomness of full jitter: a small generator (splitmix64) seeded by the
/// driver with a call's random bytes, so the core reads no random source of its
/// own and a scripted test repeats exactly. Spreading retries needs no more than
/// this; nothing secret is drawn from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jitter(u64);

impl Jitter {
    /// A generator from random bytes.
    pub fn new(seed: [u8; 16]) -> Self {
        let (low, high) = seed.split_at(8);
        let word = |half: &[u8]| half.iter().fold(0u64, |acc, &b| acc << 8 | u64::from(b));
        // An odd multiplier keeps both halves in the state (equal halves too).
        Self(word(low).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ word(high))
    }

    /// A number uniform in [0, 1).
    pub fn next_unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        // The top 53 bits, as a double's mantissa holds them.
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What one call may still wait: its policy, its jitter, and the time it has
/// waited so far across all its requests (a list's pages, a create's lookup and
/// resend), so `max_delay_ms` bounds the whole call.
#[derive(Clone, Debug)]
pub struct Budget {
    /// The call's policy.
    pub policy: RetryPolicy,
    jitter: Jitter,
    waited_ms: u64,
}

impl Budget {
    /// A call's budget, nothing waited yet.
    pub fn new(policy: RetryPolicy, jitter: Jitter) -> Self {
        Self {
            policy,
            jitter,
            waited_ms: 0,
        }
    }

    /// The wait before retry number `retry` of a request, counted against the
    /// call's budget; `None` when the call must give up (see [`RetryPolicy::delay`]).
    pub fn wait(&mut self, retry: u32, retry_after_ms: Option<u64>) -> Option<u64> {
        let random = self.jitter.next_unit();
        let wait = self
            .policy
            .delay(retry, retry_after_ms, self.waited_ms, random)?;
        self.waited_ms += wait;
        Some(wait)
    }
}

/// Reads `Retry-After` as milliseconds: delay-seconds, or an HTTP date (IMF-fixdate,
/// `Sun, 06 Nov 1994 08:49:37 GMT`) counted from `now_ms` (Unix time).
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.trim_ascii();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More seconds than 64 bits hold is past any budget, not absent.
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(seconds.saturating_mul(1000));
    }
    http_date_ms(value).map(|at| at.saturating_sub(now_ms))
}

/// An IMF-fixdate as Unix milliseconds.
fn http_date_ms(text: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = text.split(' ');
    let (_weekday, day, month, year, time, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() || zone != "GMT" || day.len() != 2 || year.len() != 4 {
        return None;
    }
    let number = |s: &str| -> Option<u64> {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let day = number(day)?;
    let month = MONTHS.iter().position(|m| *m == month)? as u64 + 1;
    let year = number(year)?;
    let mut hms = time.split(':');
    let (h, m, s) = (
        number(hms.next()?)?,
        number(hms.next()?)?,
        number(hms.next()?)?,
    );
    if hms.next().is_some() || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 || year < 1970
    {
        return None;
    }
    // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    let (y, mo) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(((days * 86_400) + h * 3_600 + m * 60 + s) * 1_000)
}

/// The HTTP method of a call, which decides what may be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Read: always safe to repeat.
    Get,
    /// Create: not idempotent.
    Post,
    /// Update: the same patch twice leaves the same state.
    Patch,
    /// Delete: a repeat finds nothing to delete.
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

/// What happened to one attempt, as far as retrying cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// Graph answered with this status.
    Status(u16),
    /// The connection failed or dropped: the request may or may not have arrived.
    Network,
    /// The attempt's own timeout fired: the same uncertainty.
    Timeout,
    /// No connection could be made (refused, the host not found): nothing
    /// reached Graph, so any request may go again.
    Refused,
}

/// What to do after an attempt that did not succeed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Try again (after the policy's wait).
    Retry,
    /// Stop: the attempt's result is final.
    Stop,
    /// A create may have been stored: never resend blindly.
    OutcomeUnknown,
}

/// The retry rule. Graph did not process a 429 or 503; after a 504, a timeout or a
/// dropped connection it may have. Reads, updates and deletes can be repeated
/// safely; a create cannot.
pub fn next(method: Method, attempt: Attempt) -> Next {
    let unprocessed = matches!(attempt, Attempt::Status(429 | 503) | Attempt::Refused);
    let uncertain = matches!(
        attempt,
        Attempt::Status(504) | Attempt::Network | Attempt::Timeout
    );
    match (method, unprocessed, uncertain) {
        (_, true, _) => Next::Retry,
        (Method::Post, _, true) => Next::OutcomeUnknown,
        (_, _, true) => Next::Retry,
        _ => Next::Stop,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(parse_retry_after("10", 0), Some(10_000));
        assert_eq!(parse_retry_after(" 0 ", 0), Some(0));
        // 1994-11-06T08:49:37Z is Unix 784111777.
        let at = 784_111_777_000;
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at - 3_000),
            Some(3_000)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at + 5_000),
            Some(0)
        );
        assert_eq!(http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            http_date_ms("Tue, 29 Feb 2028 12:00:00 GMT"),
            Some(1_835_438_400_000)
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 6 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, 0), None, "{bad}");
        }
    }

    #[test]
    fn backoff_is_jittered_exponential_and_capped() {
        let policy = RetryPolicy::new(4, 100, 1_000).unwrap();
        assert_eq!(policy.delay(0, None, 0, 0.999_999), Some(99));
        assert_eq!(policy.delay(2, None, 0, 0.5), Some(200));
        assert_eq!(policy.delay(3, None, 0, 0.0), Some(0));
        // The step never exceeds what is left of the budget.
        assert_eq!(policy.delay(3, None, 900, 0.999_999), Some(99));
        assert_eq!(policy.delay(4, None, 0, 0.5), None, "out of retries");
        assert_eq!(
            policy.delay(0, Some(1_500), 0, 0.5),
            None,
            "Retry-After past the budget"
        );
        assert_eq!(policy.delay(0, Some(700), 200, 0.5), Some(700));
        assert!(RetryPolicy::new(11, 0, 0).is_err());
        assert!(RetryPolicy::new(3, 0, 180_001).is_err());
        assert_eq!(
            RetryPolicy::clamped(11, 5, 180_001),
            RetryPolicy::new(10, 5, 180_000).unwrap()
        );
    }

    #[test]
    fn jitter_is_uniform_in_the_unit_interval_and_repeats_for_a_seed() {
        let mut jitter = Jitter::new([7; 16]);
        let draws: Vec<f64> = (0..1_000).map(|_| jitter.next_unit()).collect();
        assert!(draws.iter().all(|d| (0.0..1.0).contains(d)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((0.45..0.55).contains(&mean), "{mean}");
        let mut again = Jitter::new([7; 16]);
        assert_eq!(again.next_unit(), draws[0]);
        assert_ne!(Jitter::new([8; 16]).next_unit(), draws[0]);
    }

    #[test]
    fn a_create_is_resent_only_when_graph_did_not_process_it() {
        for method in [Method::Get, Method::Post, Method::Patch, Method::Delete] {
            assert_eq!(next(method, Attempt::Status(429)), Next::Retry);
            assert_eq!(next(method, Attempt::Status(503)), Next::Retry);
            assert_eq!(next(method, Attempt::Status(400)), Next::Stop);
            assert_eq!(next(method, Attempt::Status(500)), Next::Stop);
            let uncertain = if method == Method::Post {
                Next::OutcomeUnknown
            } else {
                Next::Retry
            };
            for attempt in [Attempt::Status(504), Attempt::Network, Attempt::Timeout] {
                assert_eq!(next(method, attempt), uncertain, "{method:?} {attempt:?}");
            }
        }
    }
}
