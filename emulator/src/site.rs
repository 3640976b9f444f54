//! A static site next to the emulated Graph, on the same origin (`--site DIR`):
//! the admin page in `www/` talks to "Graph" without CORS, as it would behind a
//! portal's own reverse proxy.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::Router;
use std::path::PathBuf;
use tower::ServiceExt;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Graph under `/v1.0` and `/beta` (with their `$batch`), the site's files
/// elsewhere (tower-http's `ServeDir`: `/` is `index.html`, nothing outside `dir`,
/// never cached). Dispatched by path prefix, so Graph's router sees its requests
/// exactly as it would alone.
pub fn with_site(graph: Router, dir: PathBuf) -> Router {
    let files = Router::new().fallback_service(ServeDir::new(dir)).layer(
        SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ),
    );
    Router::new().fallback_service(tower::service_fn(move |request: Request| {
        let (graph, files) = (graph.clone(), files.clone());
        async move {
            let path = request.uri().path();
            let to_graph = ["/v1.0", "/beta"].iter().any(|root| {
                path.strip_prefix(root)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            });
            if to_graph {
                graph.oneshot(request).await
            } else {
                files.oneshot(request).await
            }
        }
    }))
}
