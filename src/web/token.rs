//! Where the Rust client's bearer tokens come from: a [`TokenSource`], asked before
//! every request with the scope the request needs, so a refreshed token is always
//! the one sent. A fixed `String` or `&'static str` (a Worker secret) is one; so is
//! any closure returning a future of the token (MSAL.js through `JsFuture`, a
//! token endpoint through fetch).

use crate::error::{Error, ErrorKind};
use core::fmt::Display;
use core::future::Future;
use core::pin::Pin;

/// What the client asks a [`TokenSource`] for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenRequest {
    /// The delegated scope the request needs, written with the cloud's Graph root
    /// (`https://graph.microsoft.com/DeviceManagementConfiguration.ReadWrite.All`):
    /// reads ask for `Read.All`, writes for `ReadWrite.All`. It follows the cloud
    /// even when `base_url` sends the requests elsewhere.
    pub scope: String,
    /// Graph answered 401 to the last token: a cached token will not do, get a
    /// new one (MSAL's `forceRefresh`). Asked at most once per request.
    pub force_refresh: bool,
}

/// A token, or why there is none (a message for people; the client wraps it in an
/// [`ErrorKind::Auth`] error).
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, String>> + 'a>>;

/// Gives bearer tokens for Graph. Object-safe, so a [`Client`](super::Client) keeps
/// any source behind one pointer.
///
/// Implemented for `String` and `&'static str` (the same token every time) and
/// for closures `Fn(TokenRequest) -> impl Future<Output = Result<String, E>>`
/// with `E: Display`:
///
/// ```no_run
/// # use intune_device_status::web::TokenRequest;
/// let source = |request: TokenRequest| async move {
///     // e.g. MSAL.js's acquireTokenSilent through wasm-bindgen-futures
///     let _ = (request.scope, request.force_refresh);
///     Ok::<_, String>("eyJ0eXAi...".to_owned())
/// };
/// # let _ = intune_device_status::web::Client::builder(source);
/// ```
pub trait TokenSource {
    /// A token for `request.scope`; a fresh one when `request.force_refresh`.
    fn token(&self, request: TokenRequest) -> TokenFuture<'_>;
}

impl TokenSource for String {
    fn token(&self, _request: TokenRequest) -> TokenFuture<'_> {
        Box::pin(core::future::ready(Ok(self.clone())))
    }
}

impl TokenSource for &'static str {
    fn token(&self, _request: TokenRequest) -> TokenFuture<'_> {
        Box::pin(core::future::ready(Ok((*self).to_owned())))
    }
}

impl<F, Fut, E> TokenSource for F
where
    F: Fn(TokenRequest) -> Fut,
    Fut: Future<Output = Result<String, E>> + 'static,
    E: Display,
{
    fn token(&self, request: TokenRequest) -> TokenFuture<'_> {
        let future = self(request);
        Box::pin(async move { future.await.map_err(|why| why.to_string()) })
    }
}

fn auth(message: impl Into<String>) -> Error {
    Error::request(ErrorKind::Auth, message)
}

/// A token from `source`, checked so it can go into a header
/// ([`check_token`](crate::client::check_token)): a failure or an unusable token
/// is an `auth` error, and no message repeats the token.
pub(crate) async fn bearer(
    source: &dyn TokenSource,
    scope: String,
    force_refresh: bool,
) -> Result<String, Error> {
    let token = source
        .token(TokenRequest {
            scope,
            force_refresh,
        })
        .await
        .map_err(|why| auth(format!("the token source failed: {why}")))?;
    crate::client::check_token(&token, "the token source")?;
    Ok(token)
}
