//! A Cloudflare Worker in Rust that reports Intune device statuses to Microsoft
//! Graph through `intune_device_status::Client`.
//!
//! - `POST /` with a status as JSON: validates it, creates it, answers 201 with
//!   the status Graph stored.
//! - `POST /batch` with an array of statuses: validates them all (400 and nothing
//!   sent if one is invalid), then creates them with `Client::create_many` (in
//!   Graph's `$batch`, paced) and answers with one entry per status: its id, or
//!   why it was not created (201 when all were, 207 otherwise), so only the
//!   failed ones need sending again.
//!
//! The environment gives `GRAPH_TOKEN` (a secret), `CONFIGURATION_ID`, and
//! optionally `GRAPH_BASE_URL` (an emulator or a proxy; Graph itself without it).
//!
//! Only wasm32 has the client, so the crate is empty elsewhere (native workspace
//! builds, `cargo test --workspace`).
#![cfg(target_arch = "wasm32")]

use intune_device_status::web::json::read_input;
use intune_device_status::{
    parse, CallOptions, Client, CreateManyOptions, DeviceConfigurationDeviceStatus, Error,
    ErrorKind, FieldIssue,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, Response, ResponseInit};

#[wasm_bindgen]
extern "C" {
    /// The Worker's `env`: its variables and secrets.
    pub type Env;
    #[wasm_bindgen(method, getter, js_name = GRAPH_TOKEN)]
    fn graph_token(this: &Env) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = GRAPH_BASE_URL)]
    fn graph_base_url(this: &Env) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = CONFIGURATION_ID)]
    fn configuration_id(this: &Env) -> Option<String>;
}

/// An answer: its status code and its JSON body.
struct Answer {
    status: u16,
    body: String,
}

impl Answer {
    fn json<T: Serialize>(status: u16, value: &T) -> Self {
        let body = intune_device_status::json::to_string(value)
            .unwrap_or_else(|_| r#"{"kind":"internal","message":"unwritable answer"}"#.into());
        Self { status, body }
    }
}

/// What goes wrong, as the Worker answers it.
#[derive(Serialize)]
struct Problem<'a> {
    kind: &'a str,
    message: String,
    /// Every problem of an invalid status (`kind: "validation"`).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [FieldIssue],
    /// For a batch: which status it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
}

fn problem(status: u16, kind: &str, message: impl Into<String>) -> Answer {
    Answer::json(
        status,
        &Problem {
            kind,
            message: message.into(),
            errors: &[],
            index: None,
        },
    )
}

/// A client error as the Worker answers it: the caller's fault (400) or Graph's
/// side (502), with the client's kind and message (which never hold the token).
fn failure(error: &Error, index: Option<usize>) -> Problem<'_> {
    Problem {
        kind: error.kind().as_str(),
        message: error.to_string(),
        errors: match error {
            Error::Validation(report) => &report.errors,
            _ => &[],
        },
        index,
    }
}

fn status_of(error: &Error) -> u16 {
    match error.kind() {
        ErrorKind::Validation | ErrorKind::InvalidArgument => 400,
        _ => 502,
    }
}

/// Reads the request body as JSON with the runtime's `JSON.parse`.
async fn body(request: &Request) -> Result<JsValue, Answer> {
    let unreadable = || problem(400, "invalidArgument", "the body is not JSON");
    let promise = request.text().map_err(|_| unreadable())?;
    let text = JsFuture::from(promise).await.map_err(|_| unreadable())?;
    js_sys::JSON::parse(&text.as_string().unwrap_or_default()).map_err(|_| unreadable())
}

/// Validates a status as Graph will (the package's rules).
fn status(value: &JsValue) -> Result<DeviceConfigurationDeviceStatus, Error> {
    parse(read_input(value)).map_err(Error::Validation)
}

/// `POST /`: one status.
async fn create_one(client: &Client, configuration_id: &str, request: &Request) -> Answer {
    let value = match body(request).await {
        Ok(value) => value,
        Err(answer) => return answer,
    };
    let created = match status(&value) {
        Ok(status) => {
            client
                .create(configuration_id, &status, &CallOptions::default())
                .await
        }
        Err(error) => Err(error),
    };
    match created {
        Ok(stored) => Answer::json(201, &stored),
        Err(error) => Answer::json(status_of(&error), &failure(&error, None)),
    }
}

/// The answer of `POST /batch`: one entry per status, in the order sent.
#[derive(Serialize)]
struct Batch<'a> {
    /// The id Graph gave each status created; `null` where it was not.
    ids: Vec<Option<String>>,
    /// Why each of the others was not created (its `index`, `kind`, `message`).
    failed: Vec<Problem<'a>>,
}

/// `POST /batch`: several statuses, checked whole, then created with
/// `Client::create_many` (packed into Graph's `$batch`, paced under Intune's
/// write limit, each status never created twice).
async fn create_batch(client: &Client, configuration_id: &str, request: &Request) -> Answer {
    let value = match body(request).await {
        Ok(value) => value,
        Err(answer) => return answer,
    };
    let Some(items) = value.dyn_ref::<js_sys::Array>() else {
        return problem(400, "invalidArgument", "expected an array of statuses");
    };
    // Every status is checked before the first is sent.
    let mut statuses = Vec::with_capacity(items.length() as usize);
    for (index, item) in items.iter().enumerate() {
        match status(&item) {
            Ok(status) => statuses.push(status),
            Err(error) => return Answer::json(400, &failure(&error, Some(index))),
        }
    }
    let options = CreateManyOptions::default();
    let results = match client
        .create_many(configuration_id, &statuses, &options)
        .await
    {
        Ok(results) => results,
        Err(error) => return Answer::json(status_of(&error), &failure(&error, None)),
    };
    let ids = results
        .iter()
        .map(|result| result.as_ref().ok().and_then(|stored| stored.id.clone()))
        .collect();
    let failed: Vec<Problem<'_>> = results
        .iter()
        .enumerate()
        .filter_map(|(index, result)| Some(failure(result.as_ref().err()?, Some(index))))
        .collect();
    // 207: some were created and some not; each entry says which.
    let status = if failed.is_empty() { 201 } else { 207 };
    Answer::json(status, &Batch { ids, failed })
}

async fn route(request: &Request, env: &Env) -> Answer {
    let (Some(token), Some(configuration_id)) = (env.graph_token(), env.configuration_id()) else {
        return problem(
            500,
            "configuration",
            "the Worker needs GRAPH_TOKEN and CONFIGURATION_ID",
        );
    };
    let mut builder = Client::builder(token);
    if let Some(url) = env.graph_base_url() {
        builder = builder.base_url(url);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(error) => return problem(500, "configuration", error.to_string()),
    };
    let path = web_sys::Url::new(&request.url())
        .map(|url| url.pathname())
        .unwrap_or_default();
    match (request.method().as_str(), path.as_str()) {
        ("POST", "/") => create_one(&client, &configuration_id, request).await,
        ("POST", "/batch") => create_batch(&client, &configuration_id, request).await,
        (_, "/" | "/batch") => problem(405, "method", "use POST"),
        _ => problem(404, "notFound", "POST / or POST /batch"),
    }
}

/// The Worker's `fetch` handler; `worker.mjs` hands it each request. (wasm-bindgen
/// renames it inside its glue, so the glue's own calls of the global `fetch`, the
/// client's requests, still reach the runtime's.)
#[wasm_bindgen]
pub async fn fetch(request: Request, env: Env) -> Result<Response, JsValue> {
    let answer = route(&request, &env).await;
    let init = ResponseInit::new();
    init.set_status(answer.status);
    let headers = web_sys::Headers::new()?;
    headers.set("content-type", "application/json")?;
    init.set_headers(&headers);
    Response::new_with_opt_str_and_init(Some(&answer.body), &init)
}
