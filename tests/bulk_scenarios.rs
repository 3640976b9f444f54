//! createMany's scheduler (`client::bulk`) driven natively: a fleet's creates
//! against a simulated Graph that keeps what it stored, answers `$batch` as Graph
//! does and injects the faults each scenario names, on a clock the test moves.
//! Each scenario checks what a user notices: one result per status, what Graph
//! stored (never twice, nothing lost), the requests and their pace.
#![cfg(not(target_arch = "wasm32"))]

use intune_device_status::client::bulk::{Action, Bulk, Limit, Outbound, Pacing, OUTAGE_AFTER};
use intune_device_status::client::path::GraphRoot;
use intune_device_status::client::retry::RetryPolicy;
use intune_device_status::client::{Config, Failure, Graph, Reply, Seed};
use intune_device_status::{
    parse, ApiVersion, Cloud, DeviceConfigurationDeviceStatus, Error, ErrorKind, Input,
};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const ROOT: &str = "https://graph.microsoft.com/v1.0";

fn graph(max_retries: u32) -> Graph {
    Graph::new(Config {
        cloud: Cloud::Global,
        version: ApiVersion::V1,
        root: GraphRoot::of_cloud(Cloud::Global),
        retry: RetryPolicy::new(max_retries, 100, 180_000).unwrap(),
    })
}

/// `n` statuses; those at the positions in `with_ids` carry an id (`d-<i>`).
fn fleet(n: usize, with_ids: impl Fn(usize) -> bool) -> Vec<DeviceConfigurationDeviceStatus> {
    (0..n)
        .map(|i| {
            let mut status = json!({
                "deviceDisplayName": format!("PC-{i:04}"),
                "status": "compliant",
                "lastReportedDateTime": "2024-05-01T12:30:00Z",
                "complianceGracePeriodExpirationDateTime": "2024-06-01T00:00:00Z",
            });
            if with_ids(i) {
                status["id"] = json!(format!("d-{i}"));
            }
            parse(serde_json::from_value::<Input>(status).unwrap()).unwrap()
        })
        .collect()
}

/// What the simulated Graph does with one inner request (or a lone one).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fault {
    /// Store it (a create), or answer from the store (a lookup).
    None,
    /// 429 with this Retry-After, nothing stored.
    Throttle(&'static str),
    /// Store it, then answer 504 (the answer is lost).
    StoreThen504,
    /// 504 without storing.
    Lost504,
}

/// Graph as far as createMany meets it.
struct Simulated {
    stored: BTreeMap<String, Value>,
    /// Every request that reached it: (method, path) of each inner request.
    seen: Vec<(String, String)>,
    /// Envelopes and lone requests received, with their token refresh flag.
    outbound: Vec<Outbound>,
    next_id: u32,
}

impl Simulated {
    fn new() -> Self {
        Self {
            stored: BTreeMap::new(),
            seen: Vec::new(),
            outbound: Vec::new(),
            next_id: 0,
        }
    }

    /// The answer to one request, `fault` applied.
    fn inner(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        fault: Fault,
    ) -> (u16, Value) {
        self.seen.push((method.to_owned(), path.to_owned()));
        if let Fault::Throttle(_) = fault {
            return (
                429,
                json!({"error": {"code": "TooManyRequests", "message": "slow down"}}),
            );
        }
        if fault == Fault::Lost504 {
            return (504, Value::Null);
        }
        let answer = match (method, body) {
            ("POST", Some(body)) => {
                let mut status = body.clone();
                let id = match status.get("id").and_then(Value::as_str) {
                    Some(id) => id.to_owned(),
                    None => {
                        self.next_id += 1;
                        format!("g-{}", self.next_id)
                    }
                };
                if self.stored.contains_key(&id) {
                    return (
                        409,
                        json!({"error": {"code": "Conflict", "message": "exists"}}),
                    );
                }
                status["id"] = json!(id);
                self.stored.insert(id, status.clone());
                (201, status)
            }
            ("GET", _) => {
                let id = path.rsplit('/').next().unwrap_or_default();
                match self.stored.get(id) {
                    Some(status) => (200, status.clone()),
                    None => (
                        404,
                        json!({"error": {"code": "ResourceNotFound", "message": "no"}}),
                    ),
                }
            }
            other => panic!("unexpected request {other:?}"),
        };
        if fault == Fault::StoreThen504 {
            return (504, Value::Null);
        }
        answer
    }
}

fn reply(status: u16, body: String, retry_after: Option<&str>, now_ms: u64) -> Reply {
    Reply {
        status,
        status_text: String::new(),
        retry_after: retry_after.map(str::to_owned),
        request_id: None,
        date: None,
        location: None,
        body,
        now_ms,
    }
}

/// One run's record.
struct Run {
    results: Vec<Option<Result<DeviceConfigurationDeviceStatus, Error>>>,
    graph: Simulated,
    waits: Vec<u64>,
    /// When each envelope or lone request left, and how many creates (POSTs) it carried.
    departures: Vec<(u64, usize)>,
    end_ms: u64,
}

impl Run {
    fn created(&self) -> usize {
        self.results
            .iter()
            .filter(|r| matches!(r, Some(Ok(_))))
            .count()
    }

    fn kinds(&self) -> Vec<Option<ErrorKind>> {
        self.results
            .iter()
            .map(|r| {
                r.as_ref()
                    .expect("every status settled")
                    .as_ref()
                    .err()
                    .map(Error::kind)
            })
            .collect()
    }
}

/// Drives `bulk` to its end, answering every request at once from `sim`; the
/// fault for the n-th inner request Graph sees comes from `fault(n, method)`;
/// `whole(n)` may refuse or lose the n-th envelope as a whole; `abort_after`
/// aborts after that many sends.
struct Scenario {
    statuses: Vec<DeviceConfigurationDeviceStatus>,
    batch: bool,
    limit: Limit,
    max_retries: u32,
    fault: FaultOf,
    whole: WholeAnswer,
    abort_after: Option<usize>,
}

/// The fault for the n-th inner request and its method.
type FaultOf = Box<dyn FnMut(usize, &str) -> Fault>;
/// An answer for the n-th envelope as a whole, instead of the simulated Graph's.
type WholeAnswer = Box<dyn FnMut(usize) -> Option<Result<Reply, Failure>>>;

impl Scenario {
    fn new(statuses: Vec<DeviceConfigurationDeviceStatus>) -> Self {
        Self {
            statuses,
            batch: true,
            limit: Limit::new(100, 20_000),
            max_retries: 3,
            fault: Box::new(|_, _| Fault::None),
            whole: Box::new(|_| None),
            abort_after: None,
        }
    }

    fn run(mut self) -> Run {
        let graph_client = graph(self.max_retries);
        let mut bulk = Bulk::new(&graph_client, self.statuses.len(), self.batch, self.limit);
        let mut pacing = Pacing::default();
        let mut sim = Simulated::new();
        let mut run_waits = Vec::new();
        let mut departures = Vec::new();
        let mut results: Vec<Option<_>> = (0..self.statuses.len()).map(|_| None).collect();
        let mut now = 1_000_000u64;
        let mut sends = 0usize;
        let mut inner_count = 0usize;
        for _ in 0..100_000 {
            match bulk.poll(&mut pacing, now) {
                Action::Admit(i) => {
                    let seed = Seed {
                        client_request_id: None,
                        random: [(i % 251) as u8; 16],
                    };
                    bulk.admit(
                        i,
                        graph_client.create("cfg-1", &self.statuses[i], &seed),
                        now,
                    );
                }
                Action::Settled(i, result) => {
                    assert!(results[i].is_none(), "status {i} settled twice");
                    results[i] = Some(result);
                }
                Action::Wait(ms) => {
                    run_waits.push(ms);
                    now += ms.max(1);
                }
                Action::Idle => panic!("idle with nothing in flight: the driver answers at once"),
                Action::Done => {
                    return Run {
                        results,
                        graph: sim,
                        waits: run_waits,
                        departures,
                        end_ms: now,
                    }
                }
                Action::Send(out) => {
                    sends += 1;
                    let answer = match (self.whole)(sends - 1) {
                        Some(whole) => whole,
                        None if self.batch => {
                            assert_eq!(out.request.url, format!("{ROOT}/$batch"));
                            let envelope: Value =
                                serde_json::from_str(out.request.body.as_deref().unwrap()).unwrap();
                            let requests = envelope["requests"].as_array().unwrap().clone();
                            assert!(
                                (1..=20).contains(&requests.len()),
                                "{} in a batch",
                                requests.len()
                            );
                            let posts = requests.iter().filter(|r| r["method"] == "POST").count();
                            departures.push((now, posts));
                            let mut responses = Vec::new();
                            for (n, request) in requests.iter().enumerate() {
                                assert_eq!(request["id"], json!(n.to_string()));
                                let method = request["method"].as_str().unwrap();
                                let path = request["url"].as_str().unwrap();
                                assert!(path.starts_with("/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses"), "{path}");
                                let crid =
                                    request["headers"]["client-request-id"].as_str().unwrap();
                                assert_eq!(crid.len(), 36, "a UUID per create");
                                if method == "POST" {
                                    assert_eq!(
                                        request["headers"]["Content-Type"],
                                        "application/json"
                                    );
                                }
                                let fault = (self.fault)(inner_count, method);
                                inner_count += 1;
                                let (status, body) =
                                    sim.inner(method, path, request.get("body"), fault);
                                let mut headers = json!({"Content-Type": "application/json"});
                                if let Fault::Throttle(after) = fault {
                                    headers["Retry-After"] = json!(after);
                                }
                                responses.push(json!({"id": n.to_string(), "status": status, "headers": headers, "body": body}));
                            }
                            // Graph answers in any order.
                            responses.reverse();
                            Ok(reply(
                                200,
                                json!({ "responses": responses }).to_string(),
                                None,
                                now,
                            ))
                        }
                        None => {
                            let request = &out.request;
                            let path = request.url.strip_prefix(ROOT).unwrap().to_owned();
                            let body: Option<Value> = request
                                .body
                                .as_deref()
                                .map(|b| serde_json::from_str(b).unwrap());
                            let method = request.method.as_str();
                            departures.push((now, usize::from(method == "POST")));
                            let fault = (self.fault)(inner_count, method);
                            inner_count += 1;
                            let (status, body) = sim.inner(method, &path, body.as_ref(), fault);
                            let retry_after = match fault {
                                Fault::Throttle(after) => Some(after),
                                _ => None,
                            };
                            Ok(reply(status, body.to_string(), retry_after, now))
                        }
                    };
                    sim.outbound.push(out.clone());
                    if self.abort_after == Some(sends) {
                        bulk.abort();
                    }
                    bulk.on_answer::<Value>(out.id, answer, &mut pacing, now);
                }
            }
        }
        panic!("the run did not end");
    }
}

/// Every stored status is one of ours, once.
fn assert_stored_once(run: &Run, n: usize) {
    let names: Vec<&str> = run
        .graph
        .stored
        .values()
        .map(|s| s["deviceDisplayName"].as_str().unwrap())
        .collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "a status stored twice");
    assert!(names.len() <= n);
}

#[test]
fn a_fleet_goes_out_in_batches_of_20_and_every_status_gets_its_result_in_order() {
    let run = Scenario::new(fleet(45, |_| false)).run();
    assert_eq!(run.created(), 45);
    assert_eq!(run.graph.stored.len(), 45);
    assert_eq!(run.graph.outbound.len(), 3, "20 + 20 + 5");
    for (i, result) in run.results.iter().enumerate() {
        let status = result.as_ref().unwrap().as_ref().unwrap();
        assert_eq!(
            status.device_display_name.as_deref(),
            Some(format!("PC-{i:04}").as_str())
        );
    }
    assert_stored_once(&run, 45);
    // The envelope is a write, under the first create's client-request-id.
    let first = &run.graph.outbound[0].request;
    assert_eq!(first.method.as_str(), "POST");
    assert_eq!(first.access, intune_device_status::Access::Write);
}

#[test]
fn writes_are_paced_under_the_limit_in_any_window_across_batches() {
    let mut scenario = Scenario::new(fleet(45, |_| false));
    scenario.limit = Limit::new(30, 1_000);
    let run = scenario.run();
    assert_eq!(run.created(), 45);
    // 30 may leave at once; the rest one window (plus 2% and 100 ms) later.
    let window = 1_000 + 20 + 100;
    let start = run.departures[0].0;
    let early: usize = run
        .departures
        .iter()
        .filter(|(at, _)| *at < start + window)
        .map(|(_, n)| n)
        .sum();
    assert_eq!(early, 30, "{:?}", run.departures);
    for (i, (at, _)) in run.departures.iter().enumerate() {
        let in_window: usize = run.departures[..=i]
            .iter()
            .filter(|(t, _)| *t + window > *at)
            .map(|(_, n)| n)
            .sum();
        assert!(
            in_window <= 30,
            "{in_window} writes within one window at {at}"
        );
    }
}

#[test]
fn pacing_is_shared_by_a_clients_runs() {
    let limit = Limit::new(3, 1_000);
    let mut pacing = Pacing::default();
    assert_eq!(
        [
            pacing.take(limit, 0),
            pacing.take(limit, 0),
            pacing.take(limit, 10)
        ],
        [0, 0, 0]
    );
    // Another run with a higher limit shares what was sent.
    let wider = Limit::new(4, 1_000);
    assert_eq!(pacing.take(wider, 10), 0);
    assert!(
        pacing.take(wider, 10) > 0,
        "four sent in the window, counting both runs"
    );
    assert_eq!(
        pacing.take(limit, 10),
        1_110,
        "the oldest slot returns one window, 2% and 100 ms after it was spent"
    );
    assert_eq!(pacing.take(limit, 1_120), 0);
    pacing.hold(5_000, 2_000);
    assert_eq!(pacing.take(limit, 2_000), 5_000, "a 429 holds every write");
    pacing.hold(1_000, 2_000);
    assert_eq!(
        pacing.take(limit, 3_000),
        4_000,
        "a shorter hold does not shorten a longer one"
    );
    pacing.hold(10_000_000, 0);
    assert!(pacing.take(limit, 0) <= 180_000, "a hold is capped");
}

#[test]
fn an_inner_429_holds_every_write_for_its_retry_after_seconds_or_date() {
    for retry_after in ["2", "Thu, 01 Jan 1970 00:16:42 GMT"] {
        // The clock starts at 1,000,000 ms: the date is 2 s later.
        let mut scenario = Scenario::new(fleet(25, |_| false));
        scenario.fault = Box::new(move |n, _| {
            if n == 3 {
                Fault::Throttle(retry_after)
            } else {
                Fault::None
            }
        });
        let run = scenario.run();
        assert_eq!(run.created(), 25, "{retry_after}");
        assert_stored_once(&run, 25);
        // After the 429 no write left before its Retry-After had passed: not the
        // five statuses still queued, not the throttled one again.
        assert!(run.departures.len() >= 2, "{:?}", run.departures);
        assert!(
            run.departures[1..].iter().all(|(at, _)| *at >= 1_002_000),
            "{retry_after}: {:?}",
            run.departures
        );
    }
}

#[test]
fn a_batch_lost_after_it_ran_is_settled_by_lookups_for_statuses_with_ids_and_unknown_for_the_rest()
{
    let mut scenario = Scenario::new(fleet(20, |i| i % 2 == 0));
    // A gateway error for the first envelope: Graph may or may not have run it
    // (the simulated Graph has not, so nothing is stored).
    scenario.whole =
        Box::new(|n| (n == 0).then(|| Ok(reply(502, "<html>bad gateway</html>".into(), None, 0))));
    let run = scenario.run();
    let kinds = run.kinds();
    for (i, kind) in kinds.iter().enumerate() {
        if i % 2 == 0 {
            assert_eq!(
                *kind, None,
                "status {i} has an id: looked up (404), then resent"
            );
        } else {
            assert_eq!(
                *kind,
                Some(ErrorKind::OutcomeUnknown),
                "status {i} has no id"
            );
        }
    }
    assert_eq!(run.graph.stored.len(), 10);
    assert_stored_once(&run, 20);
    // The lookups went as one batch of reads, then the resends as one of writes.
    let lookups: Vec<_> = run.graph.seen.iter().filter(|(m, _)| m == "GET").collect();
    assert_eq!(lookups.len(), 10);
    assert_eq!(
        run.graph.outbound[1].request.access,
        intune_device_status::Access::Read
    );
}

#[test]
fn an_inner_504_after_storing_is_found_by_its_lookup_and_never_stored_twice() {
    let mut scenario = Scenario::new(fleet(30, |_| true));
    scenario.fault = Box::new(|n, method| {
        if method == "POST" && n % 7 == 0 {
            Fault::StoreThen504
        } else {
            Fault::None
        }
    });
    let run = scenario.run();
    assert_eq!(run.created(), 30);
    assert_eq!(run.graph.stored.len(), 30);
    assert_stored_once(&run, 30);
    let posts = run.graph.seen.iter().filter(|(m, _)| m == "POST").count();
    assert_eq!(posts, 30, "no create was resent after its lookup found it");
}

#[test]
fn an_inner_504_without_storing_is_resent_once_its_lookup_says_404() {
    let mut scenario = Scenario::new(fleet(10, |_| true));
    scenario.fault = Box::new(|n, method| {
        if method == "POST" && n < 3 {
            Fault::Lost504
        } else {
            Fault::None
        }
    });
    let run = scenario.run();
    assert_eq!(run.created(), 10);
    assert_eq!(run.graph.stored.len(), 10);
    let posts = run.graph.seen.iter().filter(|(m, _)| m == "POST").count();
    assert_eq!(posts, 13, "the three lost creates went twice, after a 404");
}

#[test]
fn statuses_without_ids_after_an_inner_504_are_unknown_not_resent() {
    let mut scenario = Scenario::new(fleet(10, |_| false));
    scenario.fault = Box::new(|n, _| {
        if n == 4 {
            Fault::StoreThen504
        } else {
            Fault::None
        }
    });
    let run = scenario.run();
    let kinds = run.kinds();
    assert_eq!(kinds[4], Some(ErrorKind::OutcomeUnknown));
    assert_eq!(kinds.iter().filter(|k| k.is_none()).count(), 9);
    assert_eq!(
        run.graph.stored.len(),
        10,
        "stored, and reported unknown rather than resent"
    );
    assert_stored_once(&run, 10);
}

#[test]
fn a_batch_refused_as_a_whole_counts_for_each_request_and_a_401_gets_a_fresh_token() {
    let mut scenario = Scenario::new(fleet(5, |_| false));
    scenario.whole = Box::new(|n| (n == 0).then(|| Ok(reply(401, String::new(), None, 0))));
    let run = scenario.run();
    assert_eq!(run.created(), 5);
    assert!(!run.graph.outbound[0].refresh);
    assert!(
        run.graph.outbound[1].refresh,
        "the retry asks for a fresh token"
    );

    let mut scenario = Scenario::new(fleet(5, |_| false));
    scenario.whole = Box::new(|_| {
        Some(Ok(reply(
            403,
            r#"{"error":{"code":"Forbidden","message":"no"}}"#.into(),
            None,
            0,
        )))
    });
    let run = scenario.run();
    assert!(run.kinds().iter().all(|k| *k == Some(ErrorKind::Service)));
    let error = run.results[0].as_ref().unwrap().as_ref().unwrap_err();
    assert!(error.to_string().contains("(the whole batch)"), "{error}");
}

#[test]
fn an_unreadable_or_incomplete_batch_answer_leaves_each_create_unknown() {
    for body in [
        "not json",
        r#"{"responses":[]}"#,
        r#"{"responses":[{"id":"0","status":"201"}]}"#,
    ] {
        let mut scenario = Scenario::new(fleet(3, |_| false));
        scenario.whole = Box::new(move |n| (n == 0).then(|| Ok(reply(200, body.into(), None, 0))));
        let run = scenario.run();
        assert!(
            run.kinds()
                .iter()
                .all(|k| *k == Some(ErrorKind::OutcomeUnknown)),
            "{body}"
        );
        let error = run.results[0].as_ref().unwrap().as_ref().unwrap_err();
        assert!(
            error.to_string().contains("may or may not have run"),
            "{error}"
        );
    }
    // No answer at all: the same.
    let mut scenario = Scenario::new(fleet(3, |_| false));
    scenario.whole =
        Box::new(|n| (n == 0).then(|| Err(Failure::Network("connection reset".into()))));
    let run = scenario.run();
    assert!(run
        .kinds()
        .iter()
        .all(|k| *k == Some(ErrorKind::OutcomeUnknown)));
}

#[test]
fn an_abort_stops_sending_and_lets_the_batch_in_flight_finish() {
    let mut scenario = Scenario::new(fleet(250, |_| false));
    scenario.abort_after = Some(1);
    let run = scenario.run();
    let kinds = run.kinds();
    assert_eq!(
        kinds[..20].iter().filter(|k| k.is_none()).count(),
        20,
        "the batch in flight finished"
    );
    assert!(kinds[20..].iter().all(|k| *k == Some(ErrorKind::Aborted)));
    assert_eq!(run.graph.stored.len(), 20);
    assert_eq!(run.graph.outbound.len(), 1, "nothing left after the abort");
}

#[test]
fn without_batching_each_create_goes_alone_paced_the_same() {
    let mut scenario = Scenario::new(fleet(7, |_| false));
    scenario.batch = false;
    scenario.limit = Limit::new(5, 1_000);
    let run = scenario.run();
    assert_eq!(run.created(), 7);
    assert_eq!(run.graph.outbound.len(), 7);
    assert!(run
        .graph
        .outbound
        .iter()
        .all(|o| o.request.url.ends_with("/deviceStatuses")));
    assert!(
        run.end_ms >= 1_000_000 + 1_120,
        "the sixth write waited for the window"
    );
    assert!(run.waits.iter().any(|w| *w > 0));
}

#[test]
fn a_status_whose_call_cannot_be_built_is_settled_with_why_and_never_sent() {
    let mut statuses = fleet(3, |_| false);
    statuses[1].id = Some("a/b".into());
    let run = Scenario::new(statuses).run();
    assert_eq!(run.kinds(), [None, Some(ErrorKind::InvalidArgument), None]);
    assert_eq!(run.graph.stored.len(), 2);
}

#[test]
fn an_empty_fleet_is_done_at_once() {
    let run = Scenario::new(Vec::new()).run();
    assert!(run.results.is_empty());
    assert!(run.graph.outbound.is_empty());
}

#[test]
fn a_token_that_cannot_be_had_fails_the_statuses_of_that_request_and_nothing_else() {
    let graph_client = graph(3);
    let statuses = fleet(25, |_| false);
    let mut bulk = Bulk::new(&graph_client, statuses.len(), true, Limit::new(100, 20_000));
    let mut pacing = Pacing::default();
    let mut sim = Simulated::new();
    let mut results: Vec<Option<Result<DeviceConfigurationDeviceStatus, Error>>> =
        (0..25).map(|_| None).collect();
    let denied = Error::request(ErrorKind::Auth, "the token source failed: consent required");
    let mut sends = 0;
    loop {
        match bulk.poll(&mut pacing, 0) {
            Action::Admit(i) => {
                let seed = Seed {
                    client_request_id: None,
                    random: [i as u8; 16],
                };
                bulk.admit(i, graph_client.create("cfg-1", &statuses[i], &seed), 0);
            }
            Action::Settled(i, result) => results[i] = Some(result),
            Action::Send(out) if sends == 0 => {
                sends += 1;
                bulk.on_token_failure(out.id, || denied.clone());
            }
            Action::Send(out) => {
                sends += 1;
                let envelope: Value =
                    serde_json::from_str(out.request.body.as_deref().unwrap()).unwrap();
                let responses: Vec<Value> = envelope["requests"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|request| {
                        let (status, body) =
                            sim.inner("POST", "", request.get("body"), Fault::None);
                        json!({"id": request["id"], "status": status, "body": body})
                    })
                    .collect();
                let answer = reply(200, json!({ "responses": responses }).to_string(), None, 0);
                bulk.on_answer::<Value>(out.id, Ok(answer), &mut pacing, 0);
            }
            Action::Wait(_) | Action::Idle => panic!("nothing to wait for"),
            Action::Done => break,
        }
    }
    let kinds: Vec<Option<ErrorKind>> = results
        .iter()
        .map(|r| r.as_ref().unwrap().as_ref().err().map(Error::kind))
        .collect();
    assert!(
        kinds[..20].iter().all(|k| *k == Some(ErrorKind::Auth)),
        "{kinds:?}"
    );
    assert!(kinds[20..].iter().all(Option::is_none), "{kinds:?}");
    assert_eq!(sim.stored.len(), 5, "nothing of the first batch was sent");
}

#[test]
fn an_outage_stops_sending_and_reports_what_was_never_sent_as_not_sent() {
    // Connection refused for every request: nothing can have been stored.
    let mut scenario = Scenario::new(fleet(2_000, |i| i % 2 == 0));
    scenario.whole = Box::new(|_| Some(Err(Failure::Refused("connect ECONNREFUSED".into()))));
    let run = scenario.run();
    assert!(
        run.graph.outbound.len() <= OUTAGE_AFTER as usize,
        "{} requests sent into the outage",
        run.graph.outbound.len()
    );
    let kinds = run.kinds();
    assert!(
        kinds.iter().all(|k| *k == Some(ErrorKind::Network)),
        "a refused connection stores nothing: no outcome is unknown"
    );
    let not_sent = run
        .results
        .iter()
        .filter(|r| {
            let error = r.as_ref().unwrap().as_ref().unwrap_err();
            error
                .to_string()
                .contains("not sent: createMany stopped sending after 3 requests")
        })
        .count();
    assert!(not_sent >= 2_000 - 60, "{not_sent} reported not sent");
    assert!(run.graph.stored.is_empty());

    // Dropped connections: the creates that were out are unknown (or looked up,
    // and the lookups withheld); everything after is not sent.
    let mut scenario = Scenario::new(fleet(500, |_| false));
    scenario.whole = Box::new(|_| Some(Err(Failure::Network("fetch failed".into()))));
    let run = scenario.run();
    assert_eq!(run.graph.outbound.len(), OUTAGE_AFTER as usize);
    let kinds = run.kinds();
    let unknown = kinds
        .iter()
        .filter(|k| **k == Some(ErrorKind::OutcomeUnknown))
        .count();
    assert_eq!(unknown, 60, "the 3 batches that left may have run");
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == Some(ErrorKind::Network))
            .count(),
        440
    );

    // An answer between failures resets the count: no outage.
    let mut scenario = Scenario::new(fleet(100, |_| false));
    scenario.whole =
        Box::new(|n| matches!(n, 0 | 2 | 4).then(|| Err(Failure::Refused("refused".into()))));
    let run = scenario.run();
    assert_eq!(run.created(), 100);
    assert_stored_once(&run, 100);
}
