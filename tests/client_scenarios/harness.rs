//! The scripted driver and the scenario rows it runs.
//!
//! A row says which call to make (cloud, version, root, retry policy, seed, the
//! operation), what Graph answers, attempt by attempt, and what a user must then
//! see: the answer or the error, every request that went out (in order, with a
//! fresh-token mark), the waits asked for, and optionally the bodies, scopes and
//! the client-request-id. The driver refuses a script that does not fit: a call
//! that sends more than was scripted, or leaves scripted answers unused.
//!
//! Some things are checked on every row, because they hold for every call:
//! each attempt carries the call's one client-request-id, reads ask for the read
//! scope and writes for the write scope (under the cloud's own root), only POST and
//! PATCH have bodies and every POST of a call sends the same body, no single wait
//! passes the policy's total budget, and a call that has answered sends nothing
//! more.

use intune_device_status::client::path::{GraphRoot, ListQuery};
use intune_device_status::client::retry::{Method, RetryPolicy};
use intune_device_status::client::{
    Call, Config, Failure, Graph, Listed, Output, Reply, Seed, Step,
};
use intune_device_status::cloud::{Access, ApiVersion, Cloud};
use intune_device_status::error::{Error, ErrorKind, ODataError, RequestError};
use intune_device_status::{
    parse, parse_patch, DeviceConfigurationDeviceStatus, DeviceStatusPatch, Input,
};
use serde_json::Value;
use std::collections::{HashSet, VecDeque};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// When replies arrive unless a row says otherwise: Unix 1,700,000,000 s, which is
/// `Tue, 14 Nov 2023 22:13:20 GMT`.
pub const NOW: u64 = 1_700_000_000_000;

/// What a sent request is marked with when the driver was told to fetch a new token.
pub const FRESH: &str = " [fresh token]";

/// The most steps a call may take before the driver calls it a runaway.
const STEP_LIMIT: usize = 1_000;

/// One scripted answer to one request (or to one wait).
#[derive(Clone, Debug)]
pub enum Answer {
    /// Graph answered.
    Reply(Reply),
    /// The attempt got no answer.
    Fail(Failure),
    /// Consumed by the next wait instead of a request: the caller aborts while the
    /// call waits.
    AbortWait,
}

/// Graph answers `status` with `body`.
pub fn reply(status: u16, body: impl Into<String>) -> Answer {
    Answer::Reply(Reply {
        status,
        status_text: status_text(status).to_owned(),
        retry_after: None,
        request_id: None,
        date: None,
        location: None,
        body: body.into(),
        now_ms: NOW,
    })
}

/// Graph answers `status` with an empty body.
pub fn code(status: u16) -> Answer {
    reply(status, "")
}

/// The connection failed with the runtime's message `why`.
pub fn network(why: &str) -> Answer {
    Answer::Fail(Failure::Network(why.to_owned()))
}

/// The attempt's timeout fired.
pub fn timeout() -> Answer {
    Answer::Fail(Failure::Timeout)
}

/// The caller aborted while the attempt was out.
pub fn aborted() -> Answer {
    Answer::Fail(Failure::Aborted {
        sent: true,
        deadline: false,
    })
}

/// The caller had aborted before the attempt could leave.
pub fn aborted_before() -> Answer {
    Answer::Fail(Failure::Aborted {
        sent: false,
        deadline: false,
    })
}

/// The caller's deadline (a signal that timed out) passed while the attempt was out.
pub fn deadline() -> Answer {
    Answer::Fail(Failure::Aborted {
        sent: true,
        deadline: true,
    })
}

/// The caller aborts during the next wait.
pub fn abort_wait() -> Answer {
    Answer::AbortWait
}

impl Answer {
    fn with(mut self, edit: impl FnOnce(&mut Reply)) -> Self {
        match &mut self {
            Answer::Reply(reply) => edit(reply),
            other => panic!("only a reply has headers, not {other:?}"),
        }
        self
    }

    /// With a `Retry-After` header.
    pub fn retry_after(self, value: &str) -> Self {
        self.with(|reply| reply.retry_after = Some(value.to_owned()))
    }

    /// With a `request-id` header.
    pub fn request_id(self, value: &str) -> Self {
        self.with(|reply| reply.request_id = Some(value.to_owned()))
    }

    /// With a `Date` header.
    pub fn date(self, value: &str) -> Self {
        self.with(|reply| reply.date = Some(value.to_owned()))
    }

    /// With a `Location` header.
    pub fn location(self, value: &str) -> Self {
        self.with(|reply| reply.location = Some(value.to_owned()))
    }

    /// Arriving at `now_ms` (Unix milliseconds).
    pub fn at(self, now_ms: u64) -> Self {
        self.with(|reply| reply.now_ms = now_ms)
    }

    fn describe(&self) -> String {
        match self {
            Answer::Reply(reply) => format!("reply {} {:?}", reply.status, reply.body),
            Answer::Fail(failure) => format!("failure {failure:?}"),
            Answer::AbortWait => "abort during a wait".to_owned(),
        }
    }
}

fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// The operation a row calls.
#[derive(Clone, Debug)]
pub enum Op {
    /// `create` with a status given as JSON.
    Create(String),
    /// `create` of Graph's example with this id set on the typed status, past the
    /// validator (as a Rust app can build one).
    CreateWithId(String),
    /// `get` of a status id.
    Get(String),
    /// `list`, every page gathered.
    List(ListQuery),
    /// `list` one page at a time.
    Pages(ListQuery),
    /// `update` of a status id with a patch given as JSON.
    Update(String, String),
    /// `delete` of a status id.
    Delete(String),
    /// `count`.
    Count,
}

/// A list item as a row expects it, as JSON.
#[derive(Clone, Debug)]
pub enum Item {
    Whole(&'static str),
    Partial(&'static str),
}

/// The answer a user gets.
#[derive(Clone, Debug)]
pub enum Want {
    /// `Output::Status` of this status (JSON).
    Status(&'static str),
    /// `Output::Updated`.
    Updated(Option<&'static str>),
    /// `Output::Listed`, every page gathered.
    Listed(Vec<Item>),
    /// One `Output::Listed` per page, then `Output::Nothing`.
    Pages(Vec<Vec<Item>>),
    /// These pages, then this error.
    PagesThenFails(Vec<Vec<Item>>, ErrWant),
    /// `Output::Count`.
    Count(u64),
    /// `Output::Nothing`.
    Nothing,
    /// A request error.
    Fails(ErrWant),
    /// `Error::InvalidArgument` whose text starts with this (the argument's name).
    Refused(&'static str),
}

/// A request error as a row expects it. Every field is compared exactly: a field a
/// row does not set is expected to be absent.
#[derive(Clone, Debug)]
pub struct ErrWant {
    kind: ErrorKind,
    attempts: Option<u32>,
    status: Option<u16>,
    code: Option<&'static str>,
    request_id: Option<&'static str>,
    date: Option<&'static str>,
    retry_after_ms: Option<u64>,
    body: Option<&'static str>,
    cause: Option<(ErrorKind, Option<u16>)>,
    has: Vec<&'static str>,
    lacks: Vec<&'static str>,
    starts: Option<&'static str>,
}

/// A request error of `kind` after `attempts` attempts of its last request.
pub fn err(kind: ErrorKind, attempts: u32) -> ErrWant {
    ErrWant {
        kind,
        attempts: Some(attempts),
        status: None,
        code: None,
        request_id: None,
        date: None,
        retry_after_ms: None,
        body: None,
        cause: None,
        has: Vec::new(),
        lacks: Vec::new(),
        starts: None,
    }
}

impl ErrWant {
    pub fn status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }
    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }
    pub fn request_id(mut self, id: &'static str) -> Self {
        self.request_id = Some(id);
        self
    }
    pub fn date(mut self, date: &'static str) -> Self {
        self.date = Some(date);
        self
    }
    pub fn retry_after_ms(mut self, ms: u64) -> Self {
        self.retry_after_ms = Some(ms);
        self
    }
    /// Graph's error object, as JSON.
    pub fn body(mut self, json: &'static str) -> Self {
        self.body = Some(json);
        self
    }
    /// The failure kept as the cause (a create's lookup): its kind and status.
    pub fn cause(mut self, kind: ErrorKind, status: Option<u16>) -> Self {
        self.cause = Some((kind, status));
        self
    }
    /// The message contains this.
    pub fn has(mut self, part: &'static str) -> Self {
        self.has.push(part);
        self
    }
    /// The message does not contain this.
    pub fn lacks(mut self, part: &'static str) -> Self {
        self.lacks.push(part);
        self
    }
    /// The message starts with this.
    pub fn starts(mut self, part: &'static str) -> Self {
        self.starts = Some(part);
        self
    }
    /// Leaves `attempts` unchecked (only where a known gap says what it should be).
    pub fn attempts_unchecked(mut self) -> Self {
        self.attempts = None;
        self
    }

    fn check(&self, error: &Error, client_request_id: &str) -> Result<(), String> {
        let Error::Request(e) = error else {
            return Err(format!("expected a request error, got {error:?}"));
        };
        let RequestError {
            kind,
            message,
            status,
            code,
            request_id,
            client_request_id: sent_id,
            date,
            retry_after_ms,
            attempts,
            body,
            cause,
            ..
        } = &**e;
        let mut problems = Vec::new();
        let mut compare = |what: &str, got: String, want: String| {
            if got != want {
                problems.push(format!("{what} is {got}, expected {want}"));
            }
        };
        compare("kind", kind.as_str().into(), self.kind.as_str().into());
        if let Some(want) = self.attempts {
            compare("attempts", attempts.to_string(), want.to_string());
        }
        compare(
            "status",
            format!("{status:?}"),
            format!("{:?}", self.status),
        );
        compare("code", format!("{code:?}"), format!("{:?}", self.code));
        compare(
            "request_id",
            format!("{request_id:?}"),
            format!("{:?}", self.request_id),
        );
        compare("date", format!("{date:?}"), format!("{:?}", self.date));
        compare(
            "retry_after_ms",
            format!("{retry_after_ms:?}"),
            format!("{:?}", self.retry_after_ms),
        );
        compare(
            "client_request_id",
            format!("{sent_id:?}"),
            format!("{:?}", Some(client_request_id)),
        );
        let want_body = match self.body {
            Some(json) => Some(
                serde_json::from_str::<ODataError>(json)
                    .map_err(|e| format!("the row's expected body {json} does not read: {e}"))?,
            ),
            None => None,
        };
        compare("body", format!("{body:?}"), format!("{want_body:?}"));
        let got_cause = cause.as_deref().map(|c| {
            let status = match c {
                Error::Request(r) => r.status,
                _ => None,
            };
            (c.kind().as_str(), status)
        });
        let want_cause = self.cause.map(|(kind, status)| (kind.as_str(), status));
        compare("cause", format!("{got_cause:?}"), format!("{want_cause:?}"));
        for part in &self.has {
            if !message.contains(part) {
                problems.push(format!("the message lacks {part:?}"));
            }
        }
        for part in &self.lacks {
            if message.contains(part) {
                problems.push(format!("the message contains {part:?}"));
            }
        }
        if let Some(start) = self.starts {
            if !message.starts_with(start) {
                problems.push(format!("the message does not start with {start:?}"));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("{}; message: {message:?}", problems.join("; ")))
        }
    }
}

/// One expected wait.
#[derive(Clone, Copy, Debug)]
pub enum W {
    /// Exactly this many milliseconds.
    Is(u64),
    /// At least 0 and less than this (a jittered backoff step).
    Below(u64),
}

/// The waits a row expects.
#[derive(Clone, Debug)]
pub enum Waits {
    /// These, in order.
    Each(Vec<W>),
    /// `n` jittered backoff waits of one request, each below the exponential step
    /// (`base * 2^i`) and below what is left of the total budget, or 0 when that is 0.
    Backoff(usize),
}

/// What the driver saw.
pub struct Sent {
    /// `METHOD URL`, with [`FRESH`] when a new token was asked for.
    pub line: String,
    pub method: Method,
    pub body: Option<String>,
    pub client_request_id: String,
    pub access: Access,
    pub scope: String,
}

#[derive(Default)]
pub struct Run {
    pub sent: Vec<Sent>,
    pub waits: Vec<u64>,
    pub outputs: Vec<Output>,
    pub error: Option<Error>,
    /// What `resume()` said each time it was called with a request in flight.
    pub pokes: Vec<Error>,
}

/// A step, owned, so the call can be borrowed again.
enum Owned {
    Send(Sent),
    Wait(u64),
    Done(Output),
    Failed(Error),
}

fn own(step: Result<Step<'_>, Error>, cloud: Cloud) -> Owned {
    match step {
        Err(error) => Owned::Failed(error),
        Ok(Step::Wait(ms)) => Owned::Wait(ms),
        Ok(Step::Done(output)) => Owned::Done(output),
        Ok(Step::Send {
            request, refresh, ..
        }) => Owned::Send(Sent {
            line: format!(
                "{} {}{}",
                request.method.as_str(),
                request.url,
                if refresh { FRESH } else { "" }
            ),
            method: request.method,
            body: request.body.clone(),
            client_request_id: request.client_request_id.clone(),
            access: request.access,
            scope: cloud.scope(request.access),
        }),
    }
}

/// Runs `call` against `script`: until its answer, or for pages until
/// `Output::Nothing`. With `poke`, `resume()` is called while each request is in
/// flight and must refuse.
pub fn drive(
    call: &mut Call,
    cloud: Cloud,
    script: Vec<Answer>,
    pages: bool,
    poke: bool,
) -> Result<Run, String> {
    let scripted = script.len();
    let mut script: VecDeque<Answer> = script.into();
    let mut run = Run::default();
    let mut next = own(call.resume(), cloud);
    for _ in 0..STEP_LIMIT {
        next = match next {
            Owned::Failed(error) => {
                run.error = Some(error);
                return finish(call, run, script);
            }
            Owned::Done(Output::Nothing) if pages => return finish(call, run, script),
            Owned::Done(output) => {
                run.outputs.push(output);
                if !pages {
                    return finish(call, run, script);
                }
                own(call.resume(), cloud)
            }
            Owned::Wait(ms) => {
                run.waits.push(ms);
                if matches!(script.front(), Some(Answer::AbortWait)) {
                    script.pop_front();
                    let during_wait = Failure::Aborted {
                        sent: false,
                        deadline: false,
                    };
                    own(call.on_failure(during_wait), cloud)
                } else {
                    own(call.resume(), cloud)
                }
            }
            Owned::Send(sent) => {
                let line = sent.line.clone();
                run.sent.push(sent);
                if poke {
                    match call.resume() {
                        Err(error) => run.pokes.push(error),
                        Ok(_) => {
                            return Err(format!("resume() with `{line}` in flight did not refuse"))
                        }
                    }
                }
                match script.pop_front() {
                    None => {
                        return Err(format!(
                            "the call sent `{line}` beyond the script ({scripted} answers \
                             scripted; sent so far: {:?})",
                            lines(&run)
                        ))
                    }
                    Some(Answer::Reply(reply)) => own(call.on_reply::<Value>(reply), cloud),
                    Some(Answer::Fail(failure)) => own(call.on_failure(failure), cloud),
                    Some(Answer::AbortWait) => {
                        return Err(format!(
                            "the script has an abort during a wait next, but the call sent \
                             `{line}` without waiting"
                        ))
                    }
                }
            }
        };
    }
    Err(format!("the call ran past {STEP_LIMIT} steps"))
}

fn lines(run: &Run) -> Vec<&str> {
    run.sent.iter().map(|s| s.line.as_str()).collect()
}

/// The call has answered: no script may be left, and the call must ask for nothing
/// more.
fn finish(call: &mut Call, run: Run, script: VecDeque<Answer>) -> Result<Run, String> {
    if let Some(first) = script.front() {
        return Err(format!(
            "{} scripted answers were left unused (the first: {}); sent: {:?}",
            script.len(),
            first.describe(),
            lines(&run)
        ));
    }
    match call.resume() {
        Ok(Step::Send { request, .. }) => Err(format!(
            "after its answer the call still asked to send {} {}",
            request.method.as_str(),
            request.url
        )),
        Ok(Step::Wait(ms)) => Err(format!(
            "after its answer the call still asked to wait {ms}"
        )),
        Ok(Step::Done(_)) | Err(_) => Ok(run),
    }
}

/// The cloud's Graph root, spelled out here rather than taken from the crate.
fn cloud_root(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Global => "https://graph.microsoft.com",
        Cloud::UsGovL4 => "https://graph.microsoft.us",
        Cloud::UsGovL5Dod => "https://dod-graph.microsoft.us",
        Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
    }
}

/// A UUID v4 from 16 bytes (RFC 9562: version 4 in byte 6, variant 10 in byte 8).
pub fn uuid_from(bytes: [u8; 16]) -> String {
    let mut b = bytes;
    b[6] = 0x40 | (b[6] & 0x0f);
    b[8] = 0x80 | (b[8] & 0x3f);
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn input(json: &str) -> Result<Input, String> {
    serde_json::from_str::<Input>(json).map_err(|e| format!("{json} is not JSON: {e}"))
}

pub fn status_of(json: &str) -> Result<DeviceConfigurationDeviceStatus, String> {
    parse(input(json)?).map_err(|report| format!("{json} is not a valid status: {report:?}"))
}

fn patch_of(json: &str) -> Result<DeviceStatusPatch, String> {
    parse_patch(input(json)?).map_err(|report| format!("{json} is not a valid patch: {report:?}"))
}

fn listed(items: &[Item]) -> Result<Vec<Listed>, String> {
    items
        .iter()
        .map(|item| match item {
            Item::Whole(json) => status_of(json).map(Listed::Whole),
            Item::Partial(json) => patch_of(json).map(Listed::Partial),
        })
        .collect()
}

fn show(output: &Output) -> String {
    match output {
        Output::Status(status) => format!("Status({status:?})"),
        Output::Updated(status) => format!("Updated({status:?})"),
        Output::Listed(items) => format!("Listed({items:?})"),
        Output::Count(n) => format!("Count({n})"),
        Output::Nothing => "Nothing".to_owned(),
    }
}

/// One scenario: a call, Graph's scripted answers, and what the user must see.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    cloud: Cloud,
    version: ApiVersion,
    base_url: Option<&'static str>,
    retry: (u32, u32, u32),
    configuration_id: String,
    op: Op,
    seed: Seed,
    script: Vec<Answer>,
    want: Option<Want>,
    sent: Option<Vec<String>>,
    bodies: Option<Vec<Option<String>>>,
    scopes: Option<Vec<&'static str>>,
    client_id: Option<&'static str>,
    waits: Waits,
    poke: bool,
}

/// A row named `name` calling `op` on configuration `cfg-1` of the global cloud's
/// v1.0, with the default retry policy (3 retries, 1 s base, 60 s in all).
pub fn row(name: &str, op: Op) -> Scenario {
    Scenario {
        name: name.to_owned(),
        cloud: Cloud::Global,
        version: ApiVersion::V1,
        base_url: None,
        retry: (3, 1_000, 60_000),
        configuration_id: "cfg-1".to_owned(),
        op,
        seed: Seed {
            client_request_id: None,
            random: [0x5a; 16],
        },
        script: Vec::new(),
        want: None,
        sent: None,
        bodies: None,
        scopes: None,
        client_id: None,
        waits: Waits::Each(Vec::new()),
        poke: false,
    }
}

impl Scenario {
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.cloud = cloud;
        self
    }
    pub fn version(mut self, version: ApiVersion) -> Self {
        self.version = version;
        self
    }
    /// Requests go to this `baseUrl` instead of the cloud's root.
    pub fn base_url(mut self, url: &'static str) -> Self {
        self.base_url = Some(url);
        self
    }
    /// `RetryPolicy::new(max_retries, base_delay_ms, max_delay_ms)`.
    pub fn retry(mut self, max_retries: u32, base_delay_ms: u32, max_delay_ms: u32) -> Self {
        self.retry = (max_retries, base_delay_ms, max_delay_ms);
        self
    }
    pub fn configuration(mut self, id: &str) -> Self {
        self.configuration_id = id.to_owned();
        self
    }
    pub fn random(mut self, bytes: [u8; 16]) -> Self {
        self.seed.random = bytes;
        self
    }
    pub fn client_request_id(mut self, id: &str) -> Self {
        self.seed.client_request_id = Some(id.to_owned());
        self
    }
    pub fn script(mut self, answers: impl IntoIterator<Item = Answer>) -> Self {
        self.script = answers.into_iter().collect();
        self
    }
    pub fn want(mut self, want: Want) -> Self {
        self.want = Some(want);
        self
    }
    pub fn fails(self, error: ErrWant) -> Self {
        self.want(Want::Fails(error))
    }
    /// The requests, in order: `METHOD` then a URL. A URL not starting with
    /// `http` is appended to the configuration's `deviceStatuses` collection URL
    /// (`"GET /a"`, `"POST"`); [`FRESH`] at the end marks a fresh token.
    pub fn sent(mut self, lines: &[&str]) -> Self {
        self.sent = Some(lines.iter().map(|l| (*l).to_owned()).collect());
        self
    }
    /// The request bodies, in order, compared as JSON.
    pub fn bodies(mut self, bodies: &[Option<&str>]) -> Self {
        self.bodies = Some(bodies.iter().map(|b| b.map(str::to_owned)).collect());
        self
    }
    /// The scope each request's token is asked for, in order.
    pub fn scopes(mut self, scopes: &[&'static str]) -> Self {
        self.scopes = Some(scopes.to_vec());
        self
    }
    /// The client-request-id every request carries, spelled out.
    pub fn client_id(mut self, id: &'static str) -> Self {
        self.client_id = Some(id);
        self
    }
    pub fn waits(mut self, waits: &[W]) -> Self {
        self.waits = Waits::Each(waits.to_vec());
        self
    }
    pub fn backoff(mut self, n: usize) -> Self {
        self.waits = Waits::Backoff(n);
        self
    }
    /// Calls `resume()` while every request is in flight; it must refuse.
    pub fn poke(mut self) -> Self {
        self.poke = true;
        self
    }

    /// The collection URL the row's relative lines are appended to.
    fn collection(&self) -> String {
        let root = match self.base_url {
            Some(url) => url.trim_end_matches('/'),
            None => cloud_root(self.cloud),
        };
        let version = match self.version {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        };
        format!(
            "{root}/{version}/deviceManagement/deviceConfigurations/{}/deviceStatuses",
            self.configuration_id
        )
    }

    fn expected_line(&self, line: &str) -> String {
        let (line, fresh) = line
            .strip_suffix(FRESH)
            .map_or((line, ""), |core| (core, FRESH));
        let (method, rest) = line.split_once(' ').unwrap_or((line, ""));
        if rest.to_ascii_lowercase().starts_with("http") {
            format!("{method} {rest}{fresh}")
        } else {
            format!("{method} {}{rest}{fresh}", self.collection())
        }
    }

    /// The client-request-id the call must carry.
    fn expected_id(&self) -> String {
        self.seed
            .client_request_id
            .clone()
            .unwrap_or_else(|| uuid_from(self.seed.random))
    }

    /// Builds the call (or the error that refuses it) and drives it.
    pub fn execute(&self) -> Result<Run, String> {
        let (max_retries, base, max_delay) = self.retry;
        let retry = RetryPolicy::new(max_retries, base, max_delay)
            .map_err(|e| format!("the row's retry policy is refused: {e}"))?;
        let root = match self.base_url {
            Some(url) => {
                GraphRoot::parse(url).map_err(|e| format!("the row's baseUrl is refused: {e}"))?
            }
            None => GraphRoot::of_cloud(self.cloud),
        };
        let graph = Graph::new(Config {
            cloud: self.cloud,
            version: self.version,
            root,
            retry,
        });
        let cfg = self.configuration_id.as_str();
        let seed = &self.seed;
        let built = match &self.op {
            Op::Create(json) => graph.create(cfg, &status_of(json)?, seed),
            Op::CreateWithId(id) => {
                let mut status = status_of(crate::fixtures::NEW)?;
                status.id = Some(id.clone());
                graph.create(cfg, &status, seed)
            }
            Op::Get(id) => graph.get(cfg, id, seed),
            Op::List(query) => graph.list(cfg, query, false, seed),
            Op::Pages(query) => graph.list(cfg, query, true, seed),
            Op::Update(id, patch) => graph.update(cfg, id, patch_of(patch)?, seed),
            Op::Delete(id) => graph.delete(cfg, id, seed),
            Op::Count => graph.count(cfg, seed),
        };
        match built {
            Err(error) => {
                if !self.script.is_empty() {
                    return Err(format!(
                        "the call was refused before sending ({error}), leaving {} scripted \
                         answers unused",
                        self.script.len()
                    ));
                }
                Ok(Run {
                    error: Some(error),
                    ..Run::default()
                })
            }
            Ok(mut call) => drive(
                &mut call,
                self.cloud,
                self.script.clone(),
                matches!(self.op, Op::Pages(_)),
                self.poke,
            ),
        }
    }

    /// Runs the row and compares everything it states, and the rules every call
    /// keeps.
    pub fn check(&self) -> Result<(), String> {
        let want = self.want.as_ref().ok_or("the row states no outcome")?;
        let want_sent = self.sent.as_ref().ok_or("the row states no requests")?;
        let run = self.execute()?;
        let mut problems = Vec::new();

        let sent: Vec<&str> = lines(&run);
        let expected: Vec<String> = want_sent.iter().map(|l| self.expected_line(l)).collect();
        if sent != expected {
            problems.push(format!("sent {sent:#?}\nexpected {expected:#?}"));
        }
        if let Err(why) = self.check_every_call(&run) {
            problems.push(why);
        }
        if let Err(why) = self.check_answer(want, &run) {
            problems.push(why);
        }
        if let Err(why) = self.check_waits(&run.waits) {
            problems.push(why);
        }
        if let Some(bodies) = &self.bodies {
            let got: Vec<Option<Value>> = run
                .sent
                .iter()
                .map(|s| {
                    s.body.as_deref().map(|b| {
                        serde_json::from_str(b)
                            .unwrap_or_else(|_| Value::String(format!("<not JSON: {b}>")))
                    })
                })
                .collect();
            let want: Vec<Option<Value>> = bodies
                .iter()
                .map(|b| {
                    b.as_deref()
                        .map(|b| serde_json::from_str(b).expect("the row's body is JSON"))
                })
                .collect();
            if got != want {
                problems.push(format!("bodies {got:?}, expected {want:?}"));
            }
        }
        if let Some(scopes) = &self.scopes {
            let got: Vec<&str> = run.sent.iter().map(|s| s.scope.as_str()).collect();
            if got != *scopes {
                problems.push(format!("scopes {got:?}, expected {scopes:?}"));
            }
        }
        if let Some(id) = self.client_id {
            if let Some(other) = run.sent.iter().find(|s| s.client_request_id != id) {
                problems.push(format!(
                    "`{}` carried client-request-id {:?}, expected {id:?}",
                    other.line, other.client_request_id
                ));
            }
        }
        if self.poke {
            if run.pokes.len() != run.sent.len() {
                problems.push(format!(
                    "resume() was refused {} times for {} requests",
                    run.pokes.len(),
                    run.sent.len()
                ));
            }
            for poke in &run.pokes {
                if poke.kind() != ErrorKind::InvalidArgument
                    || !poke.to_string().contains("already has a request in flight")
                {
                    problems.push(format!("resume() in flight gave {poke:?}"));
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    }

    /// What holds for every call.
    fn check_every_call(&self, run: &Run) -> Result<(), String> {
        let id = self.expected_id();
        let root = cloud_root(self.cloud);
        let mut post_body: Option<&str> = None;
        for s in &run.sent {
            if s.client_request_id != id {
                return Err(format!(
                    "`{}` carried client-request-id {:?}, not the call's {id:?}",
                    s.line, s.client_request_id
                ));
            }
            let (access, permission) = match s.method {
                Method::Get => (Access::Read, "Read"),
                _ => (Access::Write, "ReadWrite"),
            };
            let scope = format!("{root}/DeviceManagementConfiguration.{permission}.All");
            if s.access != access || s.scope != scope {
                return Err(format!(
                    "`{}` asked for {:?} ({}), expected {scope}",
                    s.line, s.access, s.scope
                ));
            }
            let carries_body = matches!(s.method, Method::Post | Method::Patch);
            if s.body.is_some() != carries_body {
                return Err(format!("`{}` has body {:?}", s.line, s.body));
            }
            if s.method == Method::Post {
                let body = s.body.as_deref().unwrap_or_default();
                match post_body {
                    Some(first) if first != body => {
                        return Err(format!("a resent POST changed its body to {body}"))
                    }
                    _ => post_body = Some(body),
                }
            }
        }
        let budget = u64::from(self.retry.2);
        if let Some(wait) = run.waits.iter().find(|w| **w > budget) {
            return Err(format!("a wait of {wait} ms passes the {budget} ms budget"));
        }
        Ok(())
    }

    fn check_answer(&self, want: &Want, run: &Run) -> Result<(), String> {
        let id = self.expected_id();
        let outputs: Vec<String> = run.outputs.iter().map(show).collect();
        let fails = |error: &ErrWant| match &run.error {
            Some(e) => error.check(e, &id),
            None => Err(format!("expected an error, got {outputs:?}")),
        };
        let no_error = || match &run.error {
            Some(e) => Err(format!("unexpected error {e:?}")),
            None => Ok(()),
        };
        let one = |expected: Output| -> Result<(), String> {
            no_error()?;
            let expected = show(&expected);
            if outputs != [expected.clone()] {
                return Err(format!("answered {outputs:?}, expected {expected}"));
            }
            Ok(())
        };
        let pages = |want: &[Vec<Item>]| -> Result<(), String> {
            let expected = want
                .iter()
                .map(|page| listed(page).map(|items| show(&Output::Listed(items))))
                .collect::<Result<Vec<_>, _>>()?;
            if outputs != expected {
                return Err(format!("answered {outputs:#?}\nexpected {expected:#?}"));
            }
            Ok(())
        };
        match want {
            Want::Status(json) => one(Output::Status(status_of(json)?)),
            Want::Updated(json) => one(Output::Updated(json.map(status_of).transpose()?)),
            Want::Listed(items) => one(Output::Listed(listed(items)?)),
            Want::Pages(want) => {
                no_error()?;
                pages(want)
            }
            Want::PagesThenFails(want, error) => {
                pages(want)?;
                fails(error)
            }
            Want::Count(n) => one(Output::Count(*n)),
            Want::Nothing => one(Output::Nothing),
            Want::Fails(error) => {
                if !outputs.is_empty() {
                    return Err(format!("answered {outputs:?} before failing"));
                }
                fails(error)
            }
            Want::Refused(start) => match &run.error {
                Some(e @ Error::InvalidArgument { .. }) if e.to_string().starts_with(start) => {
                    Ok(())
                }
                other => Err(format!(
                    "expected an invalid argument starting {start:?}, got {other:?}"
                )),
            },
        }
    }

    fn check_waits(&self, waits: &[u64]) -> Result<(), String> {
        let wrong = |why: String| Err(format!("waits {waits:?}: {why}"));
        match &self.waits {
            Waits::Each(want) => {
                if waits.len() != want.len() {
                    return wrong(format!("expected {want:?}"));
                }
                for (i, (got, want)) in waits.iter().zip(want).enumerate() {
                    let fits = match want {
                        W::Is(ms) => got == ms,
                        W::Below(bound) => got < bound,
                    };
                    if !fits {
                        return wrong(format!("wait {i} is not {want:?}"));
                    }
                }
                Ok(())
            }
            Waits::Backoff(n) => {
                if waits.len() != *n {
                    return wrong(format!("expected {n} backoff waits"));
                }
                let (_, base, max) = self.retry;
                let mut left = u64::from(max);
                for (i, got) in waits.iter().enumerate() {
                    let bound = (u64::from(base) << i).min(left);
                    let fits = if bound == 0 { *got == 0 } else { *got < bound };
                    if !fits {
                        return wrong(format!("wait {i} is not below {bound}"));
                    }
                    left -= got;
                }
                Ok(())
            }
        }
    }
}

/// A scenario that does not fit the call-and-script shape: a function that says
/// what went wrong.
pub struct Probe {
    pub name: &'static str,
    pub run: fn() -> Result<(), String>,
}

/// Runs every row of a table; the failure names every row that failed and why.
pub fn run_table(table: &str, rows: Vec<Scenario>) {
    let total = rows.len();
    let mut failures = Vec::new();
    let mut names = HashSet::new();
    for row in rows {
        if !names.insert(row.name.clone()) {
            failures.push(format!("row `{}` is named twice", row.name));
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| row.check()));
        record(&mut failures, &row.name, outcome);
    }
    report(table, total, failures);
}

/// Runs every probe of a table, as [`run_table`] does.
pub fn run_probes(table: &str, probes: Vec<Probe>) {
    let total = probes.len();
    let mut failures = Vec::new();
    for probe in probes {
        let outcome = catch_unwind(probe.run);
        record(&mut failures, probe.name, outcome);
    }
    report(table, total, failures);
}

fn record(
    failures: &mut Vec<String>,
    name: &str,
    outcome: std::thread::Result<Result<(), String>>,
) {
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(why)) => failures.push(format!("row `{name}` failed:\n{why}")),
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("row `{name}` panicked: {why}"));
        }
    }
}

fn report(table: &str, total: usize, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} of the {total} rows of `{table}` failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
