//! Where the bearer token comes from: a string, a function, an MSAL.js
//! `PublicClientApplication`, or an object with `getAccessToken()` (the official
//! Graph client's AuthenticationProvider shape). Asked for every request, so a
//! refreshed token is always used; the token itself never enters a message.

use crate::cloud::{Access, Cloud};
use crate::error::{Error, ErrorKind};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What to do when MSAL cannot give a token without the user.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Interaction {
    /// `acquireTokenPopup` (the default).
    #[default]
    Popup,
    /// `acquireTokenRedirect`: the page navigates away; the call fails with `auth`.
    Redirect,
    /// Fail with `kind: "auth"`.
    None,
}

impl Interaction {
    /// The option's value.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "popup" => Some(Self::Popup),
            "redirect" => Some(Self::Redirect),
            "none" => Some(Self::None),
            _ => None,
        }
    }
}

/// An MSAL.js application and how to use it.
pub struct Msal {
    /// The `PublicClientApplication` (or anything with its methods).
    pub app: JsValue,
    /// The account; else the active account, else the first signed-in one.
    pub account: Option<JsValue>,
    /// Scopes instead of the cloud's scope for the operation.
    pub scopes: Option<Vec<String>>,
    /// What to do when the user must interact.
    pub interaction: Interaction,
}

/// A source of bearer tokens.
pub enum TokenSource {
    /// A fixed token.
    Fixed(String),
    /// `() => string | Promise<string>`, called with `{ scopes, forceRefresh }`.
    Callback(js_sys::Function),
    /// An object with `getAccessToken({ scopes })`.
    Provider(JsValue),
    /// MSAL.js.
    Msal(Msal),
}

fn auth_error(message: String) -> Error {
    Error::request(ErrorKind::Auth, message)
}

/// A JS exception's message, for an error that says why without echoing values.
fn reason(error: &JsValue) -> String {
    js_sys::Reflect::get(error, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "no message".into())
}

fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Calls `target[method](argument)` and awaits the result if it is a promise.
async fn call(target: &JsValue, method: &str, argument: &JsValue) -> Result<JsValue, JsValue> {
    let function: js_sys::Function = get(target, method)
        .dyn_into()
        .map_err(|_| JsValue::from_str(&format!("{method} is not a function")))?;
    settle(function.call1(target, argument)?).await
}

async fn settle(value: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(js_sys::Promise::resolve(&value)).await
}

fn token_text(value: JsValue, source: &str) -> Result<String, Error> {
    match value.as_string() {
        Some(token) if !token.is_empty() => Ok(token),
        Some(_) => Err(auth_error(format!("{source} gave an empty token"))),
        None => Err(auth_error(format!("{source} gave no token string"))),
    }
}

fn request_object(scopes: &[String], account: Option<&JsValue>, force_refresh: bool) -> JsValue {
    let request = js_sys::Object::new();
    let list: js_sys::Array = scopes.iter().map(|s| JsValue::from_str(s)).collect();
    let _ = js_sys::Reflect::set(&request, &"scopes".into(), &list);
    if let Some(account) = account {
        let _ = js_sys::Reflect::set(&request, &"account".into(), account);
    }
    if force_refresh {
        let _ = js_sys::Reflect::set(&request, &"forceRefresh".into(), &JsValue::TRUE);
    }
    request.into()
}

/// MSAL's errors that mean "only the user can fix this".
fn needs_interaction(error: &JsValue) -> bool {
    let name = get(error, "name").as_string().unwrap_or_default();
    let code = get(error, "errorCode").as_string().unwrap_or_default();
    name == "InteractionRequiredAuthError"
        || matches!(
            code.as_str(),
            "interaction_required" | "consent_required" | "login_required" | "no_tokens_found"
        )
}

impl TokenSource {
    /// A token for `access` in `cloud`; `force_refresh` after Graph answered 401.
    pub async fn token(
        &self,
        cloud: Cloud,
        access: Access,
        force_refresh: bool,
    ) -> Result<String, Error> {
        let scopes = vec![cloud.scope(access)];
        match self {
            Self::Fixed(token) => Ok(token.clone()),
            Self::Callback(function) => {
                let context = request_object(&scopes, None, force_refresh);
                let value = function
                    .call1(&JsValue::UNDEFINED, &context)
                    .map_err(|e| auth_error(format!("the token function threw: {}", reason(&e))))?;
                let value = settle(value).await.map_err(|e| {
                    auth_error(format!("the token function failed: {}", reason(&e)))
                })?;
                token_text(value, "the token function")
            }
            Self::Provider(provider) => {
                let options = request_object(&scopes, None, false);
                let value = call(provider, "getAccessToken", &options)
                    .await
                    .map_err(|e| auth_error(format!("getAccessToken failed: {}", reason(&e))))?;
                token_text(value, "getAccessToken")
            }
            Self::Msal(msal) => {
                msal.token(msal.scopes.as_deref().unwrap_or(&scopes), force_refresh)
                    .await
            }
        }
    }
}

impl Msal {
    fn account(&self) -> Option<JsValue> {
        if let Some(account) = &self.account {
            return Some(account.clone());
        }
        let call0 = |method: &str| {
            get(&self.app, method)
                .dyn_into::<js_sys::Function>()
                .ok()
                .and_then(|f| f.call0(&self.app).ok())
        };
        call0("getActiveAccount")
            .filter(|a| !a.is_null() && !a.is_undefined())
            .or_else(|| {
                call0("getAllAccounts")
                    .map(|all| js_sys::Array::from(&all).get(0))
                    .filter(|a| !a.is_undefined())
            })
    }

    async fn token(&self, scopes: &[String], force_refresh: bool) -> Result<String, Error> {
        let account = self.account();
        if let Some(account) = &account {
            let request = request_object(scopes, Some(account), force_refresh);
            match call(&self.app, "acquireTokenSilent", &request).await {
                Ok(result) => return token_text(get(&result, "accessToken"), "MSAL"),
                Err(error) if needs_interaction(&error) => {}
                Err(error) => {
                    return Err(auth_error(format!(
                        "MSAL acquireTokenSilent failed: {}",
                        reason(&error)
                    )))
                }
            }
        }
        let request = request_object(scopes, account.as_ref(), false);
        match self.interaction {
            Interaction::None => Err(auth_error(
                "MSAL needs the user to sign in or consent, and interaction is \"none\"".into(),
            )),
            Interaction::Popup => {
                let result = call(&self.app, "acquireTokenPopup", &request)
                    .await
                    .map_err(|e| {
                        auth_error(format!("MSAL acquireTokenPopup failed: {}", reason(&e)))
                    })?;
                token_text(get(&result, "accessToken"), "MSAL")
            }
            Interaction::Redirect => {
                call(&self.app, "acquireTokenRedirect", &request)
                    .await
                    .map_err(|e| {
                        auth_error(format!("MSAL acquireTokenRedirect failed: {}", reason(&e)))
                    })?;
                Err(auth_error(
                    "MSAL is redirecting to sign in; the call continues after the redirect returns"
                        .into(),
                ))
            }
        }
    }
}
