//! Intune's throttling, and injected faults for testing clients.
//!
//! Throttling follows Intune's published limits for device configuration: per app
//! (here: per bearer token), 100 writes and 1,000 requests in any 20 seconds, with
//! `--time-scale` shrinking the window so tests run the same pattern faster.
//! Faults are drawn from a seeded generator, so a run can be repeated exactly.

use crate::{AppState, GraphError};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Throttling limits; `None` turns a limit off.
#[derive(Clone, Debug)]
pub struct Throttle {
    /// Writes (POST, PUT, PATCH, DELETE) per window and app.
    pub writes: Option<usize>,
    /// Requests of any kind per window and app.
    pub requests: Option<usize>,
    /// How much faster than real time the 20-second window runs.
    pub time_scale: f64,
}

impl Throttle {
    /// Intune's 20-second window at this time scale, or `None` when the scale
    /// makes no duration (a window of 10^301 seconds, or under a microsecond).
    pub fn window(&self) -> Option<Duration> {
        Duration::try_from_secs_f64(20.0 / self.time_scale)
            .ok()
            .filter(|window| *window >= Duration::from_micros(1))
    }
}

impl Default for Throttle {
    fn default() -> Self {
        Self {
            writes: Some(100),
            requests: Some(1_000),
            time_scale: 1.0,
        }
    }
}

/// One kind of injected failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 429 Too Many Requests (not processed).
    Throttled,
    /// 503 Service Unavailable (not processed).
    Unavailable,
    /// 504 Gateway Timeout before processing.
    GatewayTimeout,
    /// The connection drops before an answer (not processed).
    Reset,
    /// A create is stored, then answered with 504: the case that duplicates
    /// statuses in clients that resend blindly.
    StoreThen504,
}

/// Fault probabilities, as `--faults 429=0.1,503=0.05,504=0.02,reset=0.01,store504=0.02`.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    pub chances: Vec<(Fault, f64)>,
    pub seed: u64,
    /// The `Retry-After` seconds sent with injected 429s and 503s.
    pub retry_after: u64,
}

impl Faults {
    pub fn parse(spec: &str, seed: u64, retry_after: u64) -> Result<Self, String> {
        let mut chances = Vec::new();
        for part in spec.split(',').filter(|p| !p.is_empty()) {
            let (name, chance) = part
                .split_once('=')
                .ok_or(format!("fault {part:?}: expected name=probability"))?;
            let fault = match name {
                "429" => Fault::Throttled,
                "503" => Fault::Unavailable,
                "504" => Fault::GatewayTimeout,
                "reset" => Fault::Reset,
                "store504" => Fault::StoreThen504,
                _ => {
                    return Err(format!(
                        "unknown fault {name:?}; known: 429, 503, 504, reset, store504"
                    ))
                }
            };
            let chance: f64 = chance
                .parse()
                .ok()
                .filter(|c| (0.0..=1.0).contains(c))
                .ok_or(format!("fault {name}: the probability must be from 0 to 1"))?;
            chances.push((fault, chance));
        }
        if chances.iter().map(|(_, c)| c).sum::<f64>() > 1.0 {
            return Err("the fault probabilities add up to more than 1".into());
        }
        Ok(Self {
            chances,
            seed,
            retry_after,
        })
    }
}

/// SplitMix64: small, fast and seedable; plenty for drawing faults.
struct Random(u64);

impl Random {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One app's recent activity: when its writes, and all its requests, happened.
#[derive(Default)]
struct Activity {
    writes: VecDeque<Instant>,
    requests: VecDeque<Instant>,
}

/// What the emulator saw since it started, for benchmarks that must not trust
/// the clients they compare (`GET /_emulator/stats`). Requests inside a batch
/// count one by one, as Graph throttles them.
#[derive(Default)]
pub struct Stats {
    requests: AtomicU64,
    writes: AtomicU64,
    /// 429s for going over Intune's limits (not the injected ones).
    throttled: AtomicU64,
    /// Injected faults, in `Fault` order.
    faults: [AtomicU64; 5],
}

impl Stats {
    fn count(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The counts as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        let read = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        let faults = &self.faults;
        serde_json::json!({
            "requests": read(&self.requests),
            "writes": read(&self.writes),
            "throttled": read(&self.throttled),
            "faults": {
                "429": read(&faults[0]),
                "503": read(&faults[1]),
                "504": read(&faults[2]),
                "reset": read(&faults[3]),
                "store504": read(&faults[4]),
            },
        })
    }
}

/// The state behind throttling and faults.
pub struct Limits {
    throttle: Throttle,
    faults: Faults,
    random: Mutex<Random>,
    /// Per app (bearer token).
    history: Mutex<HashMap<String, Activity>>,
    /// What was seen.
    pub stats: Stats,
}

impl Limits {
    pub fn new(throttle: Throttle, faults: Faults) -> Self {
        Self {
            random: Mutex::new(Random(faults.seed)),
            throttle,
            faults,
            history: Mutex::new(HashMap::new()),
            stats: Stats::default(),
        }
    }

    fn window(&self) -> Duration {
        // The command line refuses a scale without a window; a library caller's
        // gets the longest one rather than a panic on every request.
        self.throttle.window().unwrap_or(Duration::MAX)
    }

    /// Counts the request, or says how long the app must wait.
    fn admit(&self, app: &str, write: bool) -> Result<(), Duration> {
        let now = Instant::now();
        let window = self.window();
        let mut history = self.history.lock().unwrap_or_else(PoisonError::into_inner);
        let Activity { writes, requests } = history.entry(app.to_owned()).or_default();
        for log in [&mut *writes, &mut *requests] {
            while log
                .front()
                .is_some_and(|t| now.duration_since(*t) >= window)
            {
                log.pop_front();
            }
        }
        // Full: wait until the oldest counted request leaves the window (a limit
        // of 0 admits nothing, so a whole window).
        let full = |log: &VecDeque<Instant>, limit: Option<usize>| {
            let limit = limit?;
            (log.len() >= limit).then(|| match log.front() {
                Some(oldest) => window.saturating_sub(now.duration_since(*oldest)),
                None => window,
            })
        };
        let wait = full(requests, self.throttle.requests).or(if write {
            full(writes, self.throttle.writes)
        } else {
            None
        });
        if let Some(wait) = wait {
            return Err(wait);
        }
        requests.push_back(now);
        if write {
            writes.push_back(now);
        }
        Ok(())
    }

    fn draw(&self) -> Option<Fault> {
        if self.faults.chances.is_empty() {
            return None;
        }
        let roll = self
            .random
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .unit();
        let mut edge = 0.0;
        self.faults.chances.iter().find_map(|(fault, chance)| {
            edge += chance;
            (roll < edge).then_some(*fault)
        })
    }
}

fn with_retry_after(error: GraphError, seconds: u64) -> Response {
    let mut response = error.into_response();
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// Applies throttling, then faults, to every request of the Graph API (batched
/// requests one by one, as Graph does).
pub async fn limit_layer(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let limits = &state.limits;
    let app = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let write = request.method() != Method::GET;
    let stats = &limits.stats;
    Stats::count(&stats.requests);
    if write {
        Stats::count(&stats.writes);
    }
    if let Err(wait) = limits.admit(&app, write) {
        Stats::count(&stats.throttled);
        let seconds = wait.as_secs_f64().ceil() as u64;
        let error = GraphError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequests",
            "Too many requests from this application; Intune allows 100 writes per 20 seconds per app.",
        );
        return with_retry_after(error, seconds);
    }
    let create = request.method() == Method::POST;
    let fault = limits.draw();
    // `store504` applies to creates only.
    if let Some(fault) = fault.filter(|f| create || *f != Fault::StoreThen504) {
        Stats::count(&stats.faults[fault as usize]);
    }
    match fault {
        Some(Fault::Throttled) => with_retry_after(
            GraphError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequests",
                "Injected fault: throttled.",
            ),
            limits.faults.retry_after,
        ),
        Some(Fault::Unavailable) => with_retry_after(
            GraphError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                "Injected fault: unavailable.",
            ),
            limits.faults.retry_after,
        ),
        Some(Fault::GatewayTimeout) => GraphError::new(
            StatusCode::GATEWAY_TIMEOUT,
            "GatewayTimeout",
            "Injected fault: gateway timeout.",
        )
        .into_response(),
        Some(Fault::Reset) => reset(),
        Some(Fault::StoreThen504) if create => {
            let stored = next.run(request).await;
            if stored.status() == StatusCode::CREATED {
                GraphError::new(
                    StatusCode::GATEWAY_TIMEOUT,
                    "GatewayTimeout",
                    "Injected fault: stored, then timed out.",
                )
                .into_response()
            } else {
                stored
            }
        }
        _ => next.run(request).await,
    }
}

/// An answer whose body fails at once, so the connection drops before the
/// client can read one.
fn reset() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<axum::body::Bytes, _>(std::io::Error::other("injected reset"))
    });
    Response::new(Body::from_stream(failing))
}
