//! A local stand-in for Microsoft Graph's `deviceConfigurationDeviceStatus` API.
//!
//! It reuses the package's own models and validation (`intune-device-status`), so
//! the emulator and the client can never disagree on what a valid status is. All
//! state is in memory; every configuration id exists and starts empty.

mod batch;
mod error;
pub mod jwt;
mod limits;
mod odata;
mod routes;
mod site;
mod store;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::sync::{Arc, Mutex};

pub use error::GraphError;
pub use limits::{Fault, Faults, Throttle};
pub use site::with_site;

/// How the emulator behaves.
#[derive(Clone, Debug)]
pub struct Config {
    /// The bearer token to require; `None` accepts any non-empty token.
    pub token: Option<String>,
    /// Accept only JWTs this identity provider signed, for Graph, with the
    /// permission each operation needs (replaces `token`).
    pub issuer: Option<jwt::Issuer>,
    /// Send Graph's `Deprecation` / `Sunset` headers (on by default, as Graph does
    /// for this entity).
    pub deprecation: bool,
    /// The `Sunset` date sent with `Deprecation` (an HTTP date), `None` for none:
    /// by default the day the v1.0 metadata says support ends (May 2026).
    pub sunset: Option<String>,
    /// Expose `Retry-After` to browsers through CORS (real Graph does not).
    pub expose_retry_after: bool,
    /// Statuses per list page when `$top` is not given.
    pub page_size: usize,
    /// Write one log line per request to stderr.
    pub log: bool,
    /// Served over https (`--tls`): links say https unless a proxy says otherwise.
    pub tls: bool,
    /// Intune's throttling.
    pub throttle: Throttle,
    /// Injected faults.
    pub faults: Faults,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            token: None,
            issuer: None,
            deprecation: true,
            sunset: Some(SUNSET.to_owned()),
            expose_retry_after: false,
            page_size: 100,
            log: true,
            tls: false,
            throttle: Throttle::default(),
            faults: Faults::default(),
        }
    }
}

/// What the handlers share.
pub struct AppState {
    config: Config,
    store: Mutex<store::Store>,
    limits: limits::Limits,
}

/// Graph's deprecation date for the entity: May 2026 (`Deprecation: @<unix time>`, RFC 9745).
const DEPRECATION: &str = "@1777593600";
/// "Support for this Entity is being deprecated starting May 2026 & will no longer
/// be supported" (v1.0 metadata): the same day, as an HTTP date.
pub const SUNSET: &str = "Fri, 01 May 2026 00:00:00 GMT";

/// The emulator as an axum `Router`, ready to serve.
pub fn app(config: Config) -> Router {
    let state = Arc::new(AppState {
        limits: limits::Limits::new(config.throttle.clone(), config.faults.clone()),
        config,
        store: Mutex::new(store::Store::default()),
    });
    let cors = cors(&state.config);
    let log = state.config.log;
    let router = Router::new()
        .route("/{version}/$batch", axum::routing::post(batch::batch))
        .merge(graph_api(state.clone()))
        .layer(middleware::map_response(odata_json))
        .layer(middleware::from_fn_with_state(state.clone(), graph_layer))
        // Outside Graph's layer: no token, no throttling, not counted.
        .route("/_emulator/stats", axum::routing::get(stats))
        .with_state(state)
        // Outermost, so preflights never meet the token check and every answer,
        // errors included, carries the CORS headers.
        .layer(cors);
    if log {
        router.layer(trace())
    } else {
        router
    }
}

/// One `info` line per request: method, path, status and time taken.
fn trace() -> tower_http::trace::TraceLayer<
    tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>,
    tower_http::trace::DefaultMakeSpan,
    tower_http::trace::DefaultOnRequest,
    tower_http::trace::DefaultOnResponse,
> {
    use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
    use tower_http::LatencyUnit;
    TraceLayer::new_for_http()
        .make_span_with(DefaultMakeSpan::new().level(tracing::Level::INFO))
        .on_response(
            DefaultOnResponse::new()
                .level(tracing::Level::INFO)
                .latency_unit(LatencyUnit::Micros),
        )
}

/// CORS as browsers need it against Graph: any origin, the bearer token and
/// `client-request-id` allowed; Graph's ids, deprecation headers and `Location`
/// readable (and `Retry-After` with `--expose-retry-after`; real Graph hides it).
fn cors(config: &Config) -> tower_http::cors::CorsLayer {
    use axum::http::HeaderName;
    use tower_http::cors::{Any, CorsLayer};
    let mut exposed: Vec<HeaderName> = ["request-id", "client-request-id", "deprecation", "sunset"]
        .into_iter()
        .map(HeaderName::from_static)
        .chain([header::LOCATION])
        .collect();
    if config.expose_retry_after {
        exposed.push(header::RETRY_AFTER);
    }
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("client-request-id"),
            header::IF_MATCH,
        ])
        .expose_headers(exposed)
        .max_age(std::time::Duration::from_secs(600))
}

/// `GET /_emulator/stats`: what the emulator saw (see `limits::Stats`).
async fn stats(State(state): State<Arc<AppState>>) -> axum::Json<serde_json::Value> {
    axum::Json(state.limits.stats.to_json())
}

/// The resource's operations behind throttling and faults: what a direct request
/// and each request of a batch go through.
fn graph_api(state: Arc<AppState>) -> Router<Arc<AppState>> {
    routes::router()
        .layer(middleware::from_fn_with_state(state, limits::limit_layer))
        .layer(middleware::map_response(odata_json))
}

/// Graph's JSON media type, with the OData parameters it sends.
pub const ODATA_JSON: &str =
    "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/// Spells a JSON answer's `Content-Type` as Graph does (a batch's inner answers
/// too), and gives an error that is not yet Graph's shape (axum's own rejections:
/// an unreadable query string, a path it cannot match) Graph's error body.
async fn odata_json(response: Response) -> Response {
    let failed = response.status().is_client_error() || response.status().is_server_error();
    let json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    let mut response = if failed && !json && !error::is_graph_error(&response) {
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024)
            .await
            .unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        let message = if text.trim().is_empty() {
            status.canonical_reason().unwrap_or("The request failed.")
        } else {
            text.trim()
        };
        let code = if status.is_server_error() {
            "InternalServerError"
        } else {
            "BadRequest"
        };
        GraphError::new(status, code, message).into_response()
    } else {
        response
    };
    let headers = response.headers_mut();
    if headers
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|value| value == "application/json")
    {
        headers.insert(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static(ODATA_JSON),
        );
    }
    response
}

/// What every request past CORS goes through: the bearer token, `request-id` /
/// `client-request-id`, the deprecation headers and the log line.
async fn graph_layer(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    // HTTP/2 (which TLS clients negotiate) carries the host as the authority, not
    // a `Host` header; links are built from the header.
    let authority = request.uri().authority().map(|a| a.as_str().to_owned());
    if let (None, Some(authority)) = (request.headers().get(header::HOST), authority) {
        if let Ok(value) = HeaderValue::from_str(&authority) {
            request.headers_mut().insert(header::HOST, value);
        }
    }
    if state.config.tls {
        // Served over https itself: its links say so, as a proxy in front would.
        let headers = request.headers_mut();
        if !headers.contains_key("forwarded") && !headers.contains_key("x-forwarded-proto") {
            headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        }
    }
    let method = request.method().clone();
    let ids = error::RequestIds::from_headers(request.headers());
    let mut response = match check_token(&state.config, &method, request.headers()) {
        Err(refusal) => refusal.into_response(),
        Ok(()) => next.run(request).await,
    };
    ids.fill(&mut response);
    let headers = response.headers_mut();
    if state.config.deprecation {
        headers.insert("deprecation", HeaderValue::from_static(DEPRECATION));
        let sunset = state.config.sunset.as_deref().map(HeaderValue::from_str);
        if let Some(Ok(sunset)) = sunset {
            headers.insert("sunset", sunset);
        }
    }
    response
}

fn check_token(config: &Config, method: &Method, headers: &HeaderMap) -> Result<(), GraphError> {
    let invalid = |message: &'static str| {
        GraphError::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            message,
        )
    };
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| invalid("Access token is empty."))?;
    let token = value
        .strip_prefix("Bearer ")
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| invalid("Access token is empty or not a bearer token."))?;
    if let Some(issuer) = &config.issuer {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let writes = !matches!(*method, Method::GET | Method::HEAD);
        return issuer
            .check(token, writes, now)
            .map_err(|refusal| match refusal {
                jwt::Refusal::Invalid(message) => invalid(message),
                jwt::Refusal::Forbidden => GraphError::new(
                    StatusCode::FORBIDDEN,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation.",
                ),
            });
    }
    match &config.token {
        Some(required) if required != token => Err(invalid("Access token validation failure.")),
        _ => Ok(()),
    }
}
