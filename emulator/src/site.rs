//! A static site next to the emulated Graph, on the same origin (`--site DIR`):
//! the admin page in `www/` talks to "Graph" without CORS, as it would behind a
//! portal's own reverse proxy.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;

/// Graph under `/v1.0` and `/beta` (with their `$batch`), the site's files
/// elsewhere. Dispatched by path prefix, so Graph's router sees its requests
/// exactly as it would alone.
pub fn with_site(graph: Router, dir: PathBuf) -> Router {
    let dir = Arc::new(dir);
    Router::new().fallback_service(tower::service_fn(move |request: Request| {
        let (graph, dir) = (graph.clone(), dir.clone());
        async move {
            let path = request.uri().path();
            let to_graph = ["/v1.0", "/beta"].iter().any(|root| {
                path.strip_prefix(root)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            });
            if to_graph {
                graph.oneshot(request).await
            } else {
                Ok::<_, Infallible>(file(&dir, request.uri()).await)
            }
        }
    }))
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// The file at the request's path (`/` is `index.html`); nothing outside `dir`.
async fn file(dir: &Path, uri: &Uri) -> Response {
    let relative = uri.path().trim_start_matches('/');
    let relative = if relative.is_empty() {
        "index.html"
    } else {
        relative
    };
    let path = Path::new(relative);
    if !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let full = dir.join(path);
    match tokio::fs::read(&full).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, content_type(&full)),
                (header::CACHE_CONTROL, "no-store"),
            ],
            Body::from(bytes),
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}
