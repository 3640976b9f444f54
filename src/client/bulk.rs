//! createMany's policy without I/O: a fleet's creates paced under Intune's write
//! limit and packed into JSON batches, each status keeping its own [`Call`] and
//! so the single-create rules (resent only when Graph did not process it, looked
//! up by id after an unknown outcome, never sent twice blindly).
//!
//! [`Bulk`] says what to do next ([`Action`]): start a status (the driver builds
//! its create call with [`Graph::create`](super::Graph::create) and hands it to
//! [`Bulk::admit`]), send a request, wait, or take a settled result. The driver
//! reports each answer with [`Bulk::on_answer`]. The pace is a [`Pacing`] the
//! driver keeps per client, so all of a client's bulk runs share Intune's limit.

use crate::client::body::Json;
use crate::client::call::{Call, Output, Step};
use crate::client::exchange::{Failure, Reply, Request};
use crate::client::graph::Graph;
use crate::client::retry::Method;
use crate::error::{Error, ErrorKind};
use crate::model::DeviceConfigurationDeviceStatus;
use std::collections::VecDeque;

/// Graph takes at most 20 requests in one batch.
pub const BATCH_SIZE: usize = 20;
/// Statuses in progress at once; each holds its call.
pub const ACTIVE: usize = 100;
/// Requests (batches, or single creates) in flight at once.
pub const IN_FLIGHT: usize = 4;
/// The longest hold one `Retry-After` may put on every write.
pub const MAX_HOLD_MS: u64 = 180_000;
/// Requests in a row whose connection failed (no answer at all) after which a
/// run stops sending: an outage, where sending the rest would only fail too.
pub const OUTAGE_AFTER: u32 = 3;
/// How much later than one window a write's slot is reused: 2% and 100 ms, as
/// writes reach Graph a little after they leave, not always in the order they left.
const MARGIN_MS: u64 = 100;

/// A run's write limit: at most `writes` in any window (Intune: 100 in 20,000 ms
/// per app and tenant); 0 writes means no pacing at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    writes: usize,
    /// The window, with the margin added.
    window_ms: u64,
}

impl Limit {
    /// At most `writes` in any `window_ms`; `writes` 0 turns pacing off (a
    /// tenant with a raised limit, a test).
    pub fn new(writes: u32, window_ms: u32) -> Self {
        let window_ms = u64::from(window_ms);
        Self {
            writes: if writes == 0 {
                usize::MAX
            } else {
                writes as usize
            },
            window_ms: window_ms + window_ms / 50 + MARGIN_MS,
        }
    }
}

/// The writes a client has sent lately, shared by all its bulk runs (each with
/// its own [`Limit`]): a write may leave when fewer than the limit left in the
/// last window (a token bucket whose tokens come back one window after they were
/// spent), and none leaves while Graph has asked everyone to wait (a 429's
/// `Retry-After`).
#[derive(Clone, Debug, Default)]
pub struct Pacing {
    sent: VecDeque<u64>,
    held_until: u64,
}

impl Pacing {
    /// Milliseconds until one more write may leave under `limit` at `now_ms`; 0
    /// means now, and counts it as sent.
    pub fn take(&mut self, limit: Limit, now_ms: u64) -> u64 {
        while self
            .sent
            .front()
            .is_some_and(|&at| at + limit.window_ms <= now_ms)
        {
            self.sent.pop_front();
        }
        if self.held_until > now_ms {
            return self.held_until - now_ms;
        }
        if self.sent.len() < limit.writes {
            self.sent.push_back(now_ms);
            return 0;
        }
        let oldest_counted = self.sent[self.sent.len() - limit.writes];
        (oldest_counted + limit.window_ms)
            .saturating_sub(now_ms)
            .max(1)
    }

    /// Milliseconds left of the wait Graph asked for with a 429's `Retry-After`
    /// (0 when none): the part of a wait that is Graph throttling, not the run
    /// pacing itself.
    pub fn held_ms(&self, now_ms: u64) -> u64 {
        self.held_until.saturating_sub(now_ms)
    }

    /// A 429 means the app is over its limit (perhaps with writes from elsewhere):
    /// every write waits until its `Retry-After` has passed.
    pub fn hold(&mut self, retry_after_ms: u64, now_ms: u64) {
        let until = now_ms.saturating_add(retry_after_ms.min(MAX_HOLD_MS));
        self.held_until = self.held_until.max(until);
    }
}

/// A request for the driver to send.
#[derive(Clone, Debug)]
pub struct Outbound {
    /// Handed back with the answer ([`Bulk::on_answer`]).
    pub id: u64,
    /// The request: a `POST {root}/{version}/$batch` envelope (under its first
    /// create's `client-request-id`, so Graph's logs tie them together), or one
    /// request on its own.
    pub request: Request,
    /// Ask the token source for a fresh token (after a 401).
    pub refresh: bool,
}

/// What the driver does next.
#[derive(Debug)]
pub enum Action {
    /// Build the create call of the status at this input position and hand it
    /// to [`Bulk::admit`].
    Admit(usize),
    /// Send this request; report its answer with [`Bulk::on_answer`].
    Send(Outbound),
    /// Nothing can leave before this many milliseconds pass (or an answer comes).
    Wait(u64),
    /// Nothing to do until an answer in flight comes back.
    Idle,
    /// The status at this input position is settled: stored, or why not.
    Settled(usize, Result<DeviceConfigurationDeviceStatus, Error>),
    /// Every status is settled.
    Done,
}

/// Where one status's call stands.
enum State {
    /// Its request waits for a place in a request to Graph.
    Queued { refresh: bool },
    /// Told to wait until then (Unix ms).
    Waiting(u64),
    /// In a request in flight.
    Sent,
}

struct Slot {
    call: Call,
    state: State,
}

/// The calls in progress, kept in input order (so requests leave in input order):
/// at most [`ACTIVE`], so a sorted `Vec` does what a map would.
#[derive(Default)]
struct Slots(Vec<(usize, Slot)>);

impl Slots {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn iter(&self) -> impl Iterator<Item = (usize, &Slot)> {
        self.0.iter().map(|(index, slot)| (*index, slot))
    }

    /// The positions whose slots match `wanted`.
    fn positions(&self, wanted: impl Fn(&Slot) -> bool) -> Vec<usize> {
        self.iter()
            .filter(|(_, slot)| wanted(slot))
            .map(|(index, _)| index)
            .collect()
    }

    fn at(&self, index: usize) -> Option<usize> {
        self.0.binary_search_by_key(&index, |(i, _)| *i).ok()
    }

    fn get(&self, index: usize) -> Option<&Slot> {
        Some(&self.0[self.at(index)?].1)
    }

    fn get_mut(&mut self, index: usize) -> Option<&mut Slot> {
        let at = self.at(index)?;
        Some(&mut self.0[at].1)
    }

    fn take(&mut self, index: usize) -> Option<Slot> {
        let at = self.at(index)?;
        Some(self.0.remove(at).1)
    }

    fn put(&mut self, index: usize, slot: Slot) {
        let at = self.0.partition_point(|(i, _)| *i < index);
        self.0.insert(at, (index, slot));
    }
}

/// A fleet's creates in progress.
pub struct Bulk {
    total: usize,
    next: usize,
    batch: bool,
    limit: Limit,
    /// `{root}/{version}`: where `$batch` goes, and what inner URLs are relative to.
    version_root: String,
    slots: Slots,
    /// Requests in flight: their id and the positions they carry.
    in_flight: Vec<(u64, Vec<usize>)>,
    settled: VecDeque<(usize, Result<DeviceConfigurationDeviceStatus, Error>)>,
    /// Why nothing more leaves, once something stopped the run.
    stop: Option<Stop>,
    /// Requests in a row that got no answer because the connection failed.
    failed_in_a_row: u32,
    sent: u64,
}

/// What stopped a run.
enum Stop {
    /// The caller aborted: lookups settling an unknown outcome still go out.
    Aborted,
    /// The connection failed [`OUTAGE_AFTER`] times in a row; the text says how.
    Outage(String),
}

impl Stop {
    /// The failure a call that wants to send gets instead.
    fn failure(&self) -> Failure {
        match self {
            Stop::Aborted => NOT_SENT,
            Stop::Outage(why) => Failure::Withheld(why.clone()),
        }
    }

    /// Whether `call` may still send.
    fn spares(&self, call: &Call) -> bool {
        matches!(self, Stop::Aborted) && call.settling()
    }
}

impl Bulk {
    /// `total` statuses created through `graph`, packed into batches of 20 when
    /// `batch` (else sent one by one, paced the same way), under `limit`.
    pub fn new(graph: &Graph, total: usize, batch: bool, limit: Limit) -> Self {
        Self {
            total,
            next: 0,
            batch,
            limit,
            version_root: graph.version_root(),
            slots: Slots::default(),
            in_flight: Vec::new(),
            settled: VecDeque::new(),
            stop: None,
            failed_in_a_row: 0,
            sent: 0,
        }
    }

    /// How many statuses the run creates.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The next thing to do at `now_ms`, with the client's `pacing`.
    pub fn poll(&mut self, pacing: &mut Pacing, now_ms: u64) -> Action {
        self.wake(now_ms);
        if let Some((index, result)) = self.settled.pop_front() {
            return Action::Settled(index, result);
        }
        if self.next < self.total && self.slots.len() < ACTIVE {
            self.next += 1;
            return Action::Admit(self.next - 1);
        }
        let mut wait = None;
        if self.in_flight.len() < IN_FLIGHT {
            match self.group(pacing, now_ms) {
                Ok(outbound) => return Action::Send(outbound),
                Err(pace) => wait = pace,
            }
        }
        let timer = self.slots.iter().filter_map(|(_, slot)| match slot.state {
            State::Waiting(until) => Some(until.saturating_sub(now_ms)),
            _ => None,
        });
        match timer.chain(wait).min() {
            Some(ms) => Action::Wait(ms),
            None if !self.in_flight.is_empty() => Action::Idle,
            None => Action::Done,
        }
    }

    /// The create call of the status at `index` (from [`Action::Admit`]), or why
    /// it could not be built (the status is then settled with that error, never
    /// sent).
    pub fn admit(&mut self, index: usize, call: Result<Call, Error>, now_ms: u64) {
        match call {
            Ok(mut call) => {
                let state = step_state(call.resume(), now_ms);
                self.apply(index, call, state);
            }
            Err(error) => self.settled.push_back((index, Err(error))),
        }
    }

    /// The answer to the [`Outbound`] with this `id`: its reply, read with the
    /// driver's JSON parser `J`, or why there is none.
    pub fn on_answer<J: Json>(
        &mut self,
        id: u64,
        answer: Result<Reply, Failure>,
        pacing: &mut Pacing,
        now_ms: u64,
    ) {
        let Some(at) = self.in_flight.iter().position(|(sent, _)| *sent == id) else {
            return;
        };
        let (_, members) = self.in_flight.swap_remove(at);
        let outage = self.count_connection(&answer);
        let answers = if self.batch {
            unpack::<J>(answer, members.len())
        } else {
            vec![answer]
        };
        for (index, answer) in members.into_iter().zip(answers) {
            let Some(mut slot) = self.slots.take(index) else {
                continue;
            };
            let state = match answer {
                Ok(reply) => {
                    if reply.status == 429 {
                        if let Some(ms) = reply.retry_after_ms().filter(|&ms| ms > 0) {
                            pacing.hold(ms, now_ms);
                        }
                    }
                    step_state(slot.call.on_reply::<J>(reply), now_ms)
                }
                Err(failure) => step_state(slot.call.on_failure(failure), now_ms),
            };
            self.apply(index, slot.call, state);
        }
        if let Some(why) = outage {
            self.halt(Stop::Outage(why));
        }
    }

    /// Counts a request whose connection failed, and says when that makes an
    /// outage; any answer from Graph resets the count.
    fn count_connection(&mut self, answer: &Result<Reply, Failure>) -> Option<String> {
        let why = match answer {
            Err(Failure::Network(why) | Failure::Refused(why)) => why.as_str(),
            Err(Failure::Timeout) => "Graph did not answer within timeoutMs",
            Ok(_) => {
                self.failed_in_a_row = 0;
                return None;
            }
            Err(_) => return None,
        };
        self.failed_in_a_row += 1;
        (self.failed_in_a_row == OUTAGE_AFTER).then(|| {
            format!(
                "createMany stopped sending after {OUTAGE_AFTER} requests in a row got no \
                 connection (the last: {why})"
            )
        })
    }

    /// No token could be had for the [`Outbound`] with this `id`: nothing was
    /// sent, and each of its statuses fails with an `error()` of its own.
    pub fn on_token_failure(&mut self, id: u64, error: impl Fn() -> Error) {
        let Some(at) = self.in_flight.iter().position(|(sent, _)| *sent == id) else {
            return;
        };
        let (_, members) = self.in_flight.swap_remove(at);
        for index in members {
            if self.slots.take(index).is_some() {
                self.settled.push_back((index, Err(error())));
            }
        }
    }

    /// Stops sending: every status not in flight ends `aborted` (those not yet
    /// started when the driver admits them); requests in flight are left to finish,
    /// and lookups settling an unknown outcome still go out, so their statuses are
    /// reported stored or not rather than unknown.
    pub fn abort(&mut self) {
        self.halt(Stop::Aborted);
    }

    /// Stops sending for `stop` (the first stop stays): every call not in flight
    /// that it does not spare fails with its failure now, and so does each later
    /// call that wants to send.
    fn halt(&mut self, stop: Stop) {
        let stop = self.stop.get_or_insert(stop);
        let waiting = self
            .slots
            .positions(|slot| !matches!(slot.state, State::Sent) && !stop.spares(&slot.call));
        let failure = stop.failure();
        for index in waiting {
            if let Some(mut slot) = self.slots.take(index) {
                let state = step_state(slot.call.on_failure(failure.clone()), 0);
                self.apply(index, slot.call, state);
            }
        }
    }

    /// Resumes the calls whose wait is over.
    fn wake(&mut self, now_ms: u64) {
        let due = self
            .slots
            .positions(|slot| matches!(slot.state, State::Waiting(until) if until <= now_ms));
        for index in due {
            if let Some(mut slot) = self.slots.take(index) {
                let state = step_state(slot.call.resume(), now_ms);
                self.apply(index, slot.call, state);
            }
        }
    }

    /// Keeps a call by where its step left it, or settles it.
    fn apply(&mut self, index: usize, mut call: Call, after: After) {
        let after = match after {
            // Once stopped, nothing more leaves but what the stop spares: a call
            // that wants to send anything else ends.
            After::Going(_) if self.stop.as_ref().is_some_and(|s| !s.spares(&call)) => {
                let failure = self.stop.as_ref().map(Stop::failure).unwrap_or(NOT_SENT);
                match step_state(call.on_failure(failure), 0) {
                    After::Going(_) => After::Settled(Err(Error::request(
                        ErrorKind::Aborted,
                        "createMany stopped sending",
                    ))),
                    settled => settled,
                }
            }
            other => other,
        };
        match after {
            After::Going(state) => {
                self.slots.put(index, Slot { call, state });
            }
            After::Settled(result) => self.settled.push_back((index, result)),
        }
    }

    /// The next request to Graph: the first queued request and those queued after
    /// it for the same scope, up to a batch, as far as the pace allows writes;
    /// `Err` with the pace's wait when none may leave (or `None`: none queued).
    fn group(&mut self, pacing: &mut Pacing, now_ms: u64) -> Result<Outbound, Option<u64>> {
        let size = if self.batch { BATCH_SIZE } else { 1 };
        let mut members = Vec::new();
        let mut scope = None;
        let mut wait = None;
        for (index, slot) in self.slots.iter() {
            if members.len() == size {
                break;
            }
            let State::Queued { .. } = slot.state else {
                continue;
            };
            let request = slot.call.request();
            if *scope.get_or_insert(request.access) != request.access {
                continue;
            }
            // Lookups (GET) are reads: Intune's write limit does not count them.
            if request.method != Method::Get {
                let pace = pacing.take(self.limit, now_ms);
                if pace > 0 {
                    wait = Some(pace);
                    break;
                }
            }
            members.push(index);
        }
        if members.is_empty() {
            return Err(wait);
        }
        let mut refresh = false;
        for index in &members {
            if let Some(slot) = self.slots.get_mut(*index) {
                if let State::Queued { refresh: fresh } = slot.state {
                    refresh |= fresh;
                }
                slot.state = State::Sent;
            }
        }
        let requests: Vec<&Request> = members
            .iter()
            .filter_map(|index| self.slots.get(*index))
            .map(|slot| slot.call.request())
            .collect();
        let request = if self.batch {
            envelope(&self.version_root, &requests)
        } else {
            requests[0].clone()
        };
        let outbound = Outbound {
            id: self.sent,
            request,
            refresh,
        };
        self.in_flight.push((self.sent, members));
        self.sent += 1;
        Ok(outbound)
    }
}

/// The caller's abort, for a request that never left.
const NOT_SENT: Failure = Failure::Aborted {
    sent: false,
    deadline: false,
};

/// How a step leaves a call: still going (queued, waiting), or settled.
enum After {
    Going(State),
    Settled(Result<DeviceConfigurationDeviceStatus, Error>),
}

fn step_state(step: Result<Step<'_>, Error>, now_ms: u64) -> After {
    match step {
        Ok(Step::Send { refresh, .. }) => After::Going(State::Queued { refresh }),
        Ok(Step::Wait(ms)) => After::Going(State::Waiting(now_ms.saturating_add(ms))),
        Ok(Step::Done(Output::Status(status))) => After::Settled(Ok(status)),
        Ok(Step::Done(_)) => After::Settled(Err(Error::request(
            ErrorKind::InvalidResponse,
            "a create ended without a status (a bug in intune-device-status)",
        ))),
        Err(error) => After::Settled(Err(error)),
    }
}

/// `POST {root}/{version}/$batch` carrying `requests` (their URLs relative to
/// `version_root`), each with its `client-request-id` and, for a body, its
/// `Content-Type`.
fn envelope(version_root: &str, requests: &[&Request]) -> Request {
    use crate::json::write_str;
    let first = requests[0];
    let mut body = String::from("{\"requests\":[");
    for (id, request) in requests.iter().enumerate() {
        if id > 0 {
            body.push(',');
        }
        body.push_str(&format!("{{\"id\":\"{id}\",\"method\":"));
        write_str(&mut body, request.method.as_str());
        body.push_str(",\"url\":");
        // Every URL the client builds is under `{root}/{version}`.
        write_str(
            &mut body,
            request.url.strip_prefix(version_root).unwrap_or_default(),
        );
        body.push_str(",\"headers\":{\"client-request-id\":");
        write_str(&mut body, &request.client_request_id);
        if let Some(json) = &request.body {
            // The body is the client's own JSON text, so it goes in as it is.
            body.push_str(",\"Content-Type\":\"application/json\"},\"body\":");
            body.push_str(json);
        } else {
            body.push('}');
        }
        body.push('}');
    }
    body.push_str("]}");
    Request {
        method: Method::Post,
        url: format!("{version_root}/$batch"),
        access: first.access,
        body: Some(body),
        client_request_id: first.client_request_id.clone(),
    }
}

/// What a batch's answer means for each of its `count` requests, each as if it
/// had come alone. Whenever the batch may have run without saying so (no answer,
/// a gateway error, an unreadable or incomplete answer), the request gets a
/// network failure: a create's outcome is then unknown, never assumed.
fn unpack<J: Json>(answer: Result<Reply, Failure>, count: usize) -> Vec<Result<Reply, Failure>> {
    let unknown =
        |why: String| Failure::Network(format!("{why}; the request may or may not have run"));
    let reply = match answer {
        Ok(reply) => reply,
        Err(failure) => return vec![Err(failure); count],
    };
    match reply.status {
        200 => {
            let answers = inner_answers::<J>(&reply);
            (0..count)
                .map(|id| {
                    answers
                        .iter()
                        .find(|(answer_id, _)| *answer_id == id)
                        .and_then(|(_, answer)| inner_reply(answer, reply.now_ms))
                        .ok_or_else(|| {
                            unknown("the batch's answer has no readable response for it".into())
                        })
                })
                .collect()
        }
        status @ (1..=299 | 500..=502 | 504..=599) => {
            vec![Err(unknown(format!("the batch answered {status}"))); count]
        }
        // Refused as a whole (a redirect, 401, 403, 429, 503...): nothing ran, and
        // each request got that answer.
        _ => {
            let whole = Reply {
                status_text: format!("{} (the whole batch)", reply.status_text),
                ..reply
            };
            vec![Ok(whole); count]
        }
    }
}

/// The inner answers of a batch's 200, by request id (the position in the batch).
fn inner_answers<J: Json>(reply: &Reply) -> Vec<(usize, J)> {
    let Some(responses) = J::parse(&reply.body).and_then(|body| body.member("responses")) else {
        return Vec::new();
    };
    let Some(elements) = responses.elements() else {
        return Vec::new();
    };
    elements
        .filter_map(|answer| Some((answer.member("id")?.string()?.parse().ok()?, answer)))
        .collect()
}

/// One inner answer as a reply of its own; `None` without a readable status.
fn inner_reply<J: Json>(answer: &J, now_ms: u64) -> Option<Reply> {
    let status = answer.member("status")?.number()?;
    if status.fract() != 0.0 || !(100.0..=599.0).contains(&status) {
        return None;
    }
    let headers = answer
        .member("headers")
        .map(|h| h.members())
        .unwrap_or_default();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            // Graph writes header values as strings. (A number is not read: float
            // formatting would weigh more than the rest of the scheduler.)
            .and_then(|(_, value)| value.string())
            .filter(|value| !value.is_empty())
    };
    // A body is JSON in a batch answer; the call reads it as the text it would
    // have had alone (none for a missing or null body).
    let body = match answer.member("body") {
        None => String::new(),
        Some(body) => match body.string() {
            Some(text) => text,
            None => Some(body.to_json())
                .filter(|json| json != "null")
                .unwrap_or_default(),
        },
    };
    Some(Reply {
        status: status as u16,
        status_text: "(in a batch)".into(),
        retry_after: header("retry-after"),
        request_id: header("request-id"),
        date: header("date"),
        location: header("location"),
        body,
        now_ms,
    })
}
