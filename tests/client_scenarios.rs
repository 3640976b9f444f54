//! Scripted scenarios of the sans-I/O client core, run natively with `cargo test`.
//!
//! Each table row makes one call (`Graph::create`, `get`, `list`, `update`,
//! `delete`, `count`), answers its requests from a script of Graph replies and
//! failures, and states what a user notices: the answer or the error (kind,
//! status, attempts, ids, date, body, message parts), every request sent and in
//! what order, the waits asked for, and where it matters the bodies, scopes and
//! client-request-id. A failing row is reported by its name. The rows live in
//! `client_scenarios/`: the retry rules in `retries.rs`, the wire in `wire.rs`,
//! what a strange or hostile Graph answers in `hostile.rs`, and in `gaps.rs` the rows that found the core breaking a rule (fixed) and the
//! one it does not meet yet (ignored).
#![cfg(not(target_arch = "wasm32"))]

#[path = "client_scenarios/fixtures.rs"]
mod fixtures;
#[path = "client_scenarios/gaps.rs"]
mod gaps;
#[path = "client_scenarios/harness.rs"]
mod harness;
#[path = "client_scenarios/hostile.rs"]
mod hostile;
#[path = "client_scenarios/retries.rs"]
mod retries;
#[path = "client_scenarios/wire.rs"]
mod wire;

use harness::{run_probes, run_table, Probe, Scenario};

#[test]
fn throttled_and_unavailable_calls_are_retried_after_retry_after() {
    run_table("throttling", retries::throttling());
}

#[test]
fn retry_counts_and_total_waits_are_capped() {
    run_table("caps", retries::caps());
}

#[test]
fn backoff_jitter_is_seeded_and_full() {
    run_probes("jitter", retries::jitter());
}

#[test]
fn reads_updates_and_deletes_are_retried_after_uncertain_failures() {
    run_table("uncertain", retries::uncertain());
}

#[test]
fn a_create_is_never_resent_blindly() {
    run_table("create_unknown", retries::create_unknown());
}

#[test]
fn a_create_with_an_id_is_settled_by_looking_it_up() {
    run_table("create_lookup", retries::create_lookup());
}

#[test]
fn a_create_answered_2xx_is_stored_whatever_its_body() {
    run_table("stored_creates", hostile::stored_creates());
}

#[test]
fn an_abort_after_the_request_left_never_reads_as_not_stored() {
    run_table("aborts", hostile::aborts());
}

#[test]
fn a_list_whose_next_links_loop_or_never_end_stops() {
    run_table("endless_lists", hostile::endless_lists());
}

#[test]
fn a_lookup_settles_a_create_only_with_the_created_status() {
    run_table(
        "lookup_of_another_status",
        hostile::lookup_of_another_status(),
    );
}

#[test]
fn every_attempt_carries_the_calls_client_request_id() {
    run_table("request_ids", retries::request_ids());
}

#[test]
fn a_401_gets_one_fresh_token_and_one_more_try() {
    run_table("auth", retries::auth());
}

#[test]
fn redirects_are_not_followed_with_the_token() {
    run_table("redirects", wire::redirects());
}

#[test]
fn next_links_are_followed_only_on_the_graph_origin() {
    run_table("next_links", wire::next_links());
}

#[test]
fn answers_that_are_not_what_graph_promises_are_invalid_responses() {
    run_table("bodies", wire::bodies());
}

#[test]
fn count_answers_are_read_as_numbers() {
    run_table("counts", wire::counts());
}

#[test]
fn graph_errors_keep_their_code_ids_date_and_body() {
    run_table("graph_errors", wire::graph_errors());
}

#[test]
fn messages_never_repeat_request_bodies() {
    run_table("secrets", wire::secrets());
}

#[test]
fn each_operation_answers_in_its_shape() {
    run_table("shapes", wire::shapes());
}

#[test]
fn scopes_follow_cloud_and_access_and_urls_follow_the_version() {
    run_table("scopes_and_versions", wire::scopes_and_versions());
}

#[test]
fn ids_and_list_options_are_percent_encoded() {
    run_table("encoding", wire::encoding());
}

#[test]
fn ids_that_could_change_the_path_are_refused_before_sending() {
    run_table("refused_ids", wire::refused_ids());
}

#[test]
fn a_call_with_a_request_in_flight_refuses_resume() {
    run_table("in_flight", wire::in_flight());
}

#[test]
fn options_are_checked_and_name_the_option() {
    run_probes("options", wire::options());
}

/// Every table's scenario names, by table, for the count below.
fn all_names() -> Vec<(&'static str, Vec<String>)> {
    let rows = |table, rows: Vec<Scenario>| (table, rows.into_iter().map(|r| r.name).collect());
    let probes = |table, probes: Vec<Probe>| {
        (
            table,
            probes.into_iter().map(|p| p.name.to_owned()).collect(),
        )
    };
    vec![
        rows("throttling", retries::throttling()),
        rows("caps", retries::caps()),
        probes("jitter", retries::jitter()),
        rows("uncertain", retries::uncertain()),
        rows("create_unknown", retries::create_unknown()),
        rows("create_lookup", retries::create_lookup()),
        rows("request_ids", retries::request_ids()),
        rows("auth", retries::auth()),
        rows("redirects", wire::redirects()),
        rows("next_links", wire::next_links()),
        rows("bodies", wire::bodies()),
        rows("counts", wire::counts()),
        rows("graph_errors", wire::graph_errors()),
        rows("secrets", wire::secrets()),
        rows("shapes", wire::shapes()),
        rows("scopes_and_versions", wire::scopes_and_versions()),
        rows("encoding", wire::encoding()),
        rows("refused_ids", wire::refused_ids()),
        rows("in_flight", wire::in_flight()),
        probes("options", wire::options()),
    ]
}

/// Run with `--nocapture` to see the rows per table.
#[test]
fn the_suite_has_at_least_110_distinct_scenarios() {
    let tables = all_names();
    for (table, names) in &tables {
        println!("{table}: {}", names.len());
    }
    let mut names: Vec<&str> = tables
        .iter()
        .flat_map(|(_, names)| names.iter().map(String::as_str))
        .collect();
    let total = names.len();
    println!("total: {total}");
    names.sort_unstable();
    let twice: Vec<&&str> = names
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| &w[0])
        .collect();
    assert!(twice.is_empty(), "rows named more than once: {twice:?}");
    assert!(total >= 110, "only {total} scenarios");
}

/// Rows that misstate what happens must fail, each for its own reason: the driver
/// and the checks are not allowed to wave anything through. (Not counted above.)
#[test]
fn the_harness_rejects_rows_that_misstate_the_call() {
    use fixtures::{get, list, page, A, NEXT2};
    use harness::W::{Below, Is};
    use harness::{abort_wait, code, err, reply, row, Want};
    use intune_device_status::error::ErrorKind::{Service, Throttled};
    let ok = || row("x", get("a")).script([reply(200, A)]).sent(&["GET /a"]);
    let cases = [
        (
            "a request beyond the script",
            row("x", get("a"))
                .script([code(503).retry_after("0")])
                .sent(&["GET /a"])
                .waits(&[Is(0)])
                .fails(err(Service, 1).status(503)),
            "beyond the script",
        ),
        (
            "scripted answers left unused",
            row("x", get("a"))
                .script([reply(200, A), reply(200, A)])
                .sent(&["GET /a"])
                .want(Want::Status(A)),
            "left unused",
        ),
        (
            "an abort scripted for a wait that never comes",
            row("x", get("a"))
                .script([abort_wait()])
                .sent(&[])
                .want(Want::Nothing),
            "without waiting",
        ),
        ("no outcome stated", ok(), "states no outcome"),
        (
            "no requests stated",
            row("x", get("a"))
                .script([reply(200, A)])
                .want(Want::Status(A)),
            "states no requests",
        ),
        (
            "the wrong request",
            ok().sent(&["GET /b"]).want(Want::Status(A)),
            "expected [",
        ),
        (
            "the wrong answer",
            ok().want(Want::Status(fixtures::B)),
            "answered",
        ),
        (
            "the wrong error kind",
            row("x", get("a"))
                .retry(0, 0, 0)
                .script([code(503)])
                .sent(&["GET /a"])
                .fails(err(Throttled, 1).status(503)),
            "kind is service, expected throttled",
        ),
        (
            "an unstated Retry-After",
            row("x", get("a"))
                .retry(0, 0, 0)
                .script([code(503).retry_after("0")])
                .sent(&["GET /a"])
                .fails(err(Service, 1).status(503)),
            "retry_after_ms is Some(0), expected None",
        ),
        (
            "an unstated wait",
            row("x", get("a"))
                .script([code(503).retry_after("1"), reply(200, A)])
                .sent(&["GET /a", "GET /a"])
                .want(Want::Status(A)),
            "waits [1000]",
        ),
        (
            "a wait above its bound",
            row("x", get("a"))
                .script([code(503).retry_after("1"), reply(200, A)])
                .sent(&["GET /a", "GET /a"])
                .waits(&[Below(1_000)])
                .want(Want::Status(A)),
            "is not Below(1000)",
        ),
        (
            "the wrong client-request-id",
            ok().client_id("someone-else").want(Want::Status(A)),
            "carried client-request-id",
        ),
        (
            "the wrong scope",
            ok().scopes(&[
                "https://graph.microsoft.com/DeviceManagementConfiguration.ReadWrite.All",
            ])
            .want(Want::Status(A)),
            "scopes [",
        ),
        (
            "a page too many",
            row("x", list())
                .script([
                    reply(200, page(&[A], Some(NEXT2))),
                    reply(200, page(&[], None)),
                ])
                .sent(&["GET", "GET ?$skiptoken=2"])
                .want(Want::Listed(vec![])),
            "answered",
        ),
    ];
    let mut wrongly_passed = Vec::new();
    for (name, scenario, why) in cases {
        match scenario.check() {
            Err(found) if found.contains(why) => {}
            Err(found) => {
                wrongly_passed.push(format!("`{name}` failed, but not with {why:?}: {found}"))
            }
            Ok(()) => wrongly_passed.push(format!("`{name}` passed")),
        }
    }
    assert!(wrongly_passed.is_empty(), "{}", wrongly_passed.join("\n"));
}

// Rules these scenarios found broken in the core, fixed since: each row states the
// rule as written.

#[test]
fn a_401_gets_only_one_fresh_token() {
    run_table("one_fresh_token", gaps::one_fresh_token());
}

#[test]
fn the_wait_budget_spans_every_page_of_a_list() {
    run_table("list_budget", gaps::list_budget());
}

#[test]
fn the_wait_budget_spans_a_creates_lookup_and_resend() {
    run_table("create_budget", gaps::create_budget());
}

#[test]
fn a_lookup_that_reads_no_status_leaves_the_outcome_unknown() {
    run_table("lookup_not_a_status", gaps::lookup_not_a_status());
}

#[test]
fn attempts_count_every_post_of_a_create() {
    run_table(
        "attempts_of_a_resent_create",
        gaps::attempts_of_a_resent_create(),
    );
}

#[test]
fn a_timed_out_create_not_stored_fails_as_timeout() {
    run_table("not_stored_after_timeout", gaps::not_stored_after_timeout());
}

#[test]
fn a_retry_after_too_large_to_count_ends_the_call() {
    run_table("huge_retry_after", gaps::huge_retry_after());
}

// Rows the core does not meet yet; each states the rule as written. Run them with
// `cargo test --test client_scenarios -- --ignored`.

#[test]
#[ignore = "known gap: only IMF-fixdate Retry-After dates are read (Graph sends IMF-fixdate)"]
fn known_gap_obsolete_http_date_forms_are_read() {
    run_table("obsolete_dates", gaps::obsolete_dates());
}

#[test]
fn a_callers_client_request_id_is_used_only_when_a_header_can_carry_it() {
    use intune_device_status::client::path::GraphRoot;
    use intune_device_status::client::retry::RetryPolicy;
    use intune_device_status::client::{Config, Graph, Seed, Step};
    use intune_device_status::{ApiVersion, Cloud, ErrorKind};

    let graph = Graph::new(Config {
        cloud: Cloud::Global,
        version: ApiVersion::V1,
        root: GraphRoot::of_cloud(Cloud::Global),
        retry: RetryPolicy::default(),
    });
    let seed = |id: &str| Seed {
        client_request_id: Some(id.to_owned()),
        random: [1; 16],
    };
    for bad in ["", "a b", "tab\there", "é", &"x".repeat(129)] {
        let error = graph.count("cfg-1", &seed(bad)).err().expect(bad);
        assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{bad:?}");
        assert!(
            error
                .to_string()
                .starts_with("options.clientRequestId: expected 1 to 128 visible ASCII"),
            "{error}"
        );
    }
    let longest = "x".repeat(128);
    let mut call = graph.count("cfg-1", &seed(&longest)).unwrap();
    match call.resume().unwrap() {
        Step::Send { request, .. } => assert_eq!(request.client_request_id, longest),
        _ => panic!("a count sends first"),
    }
}

#[test]
fn only_a_lookup_settling_an_unknown_outcome_is_marked_to_go_out_after_an_abort() {
    use intune_device_status::client::path::GraphRoot;
    use intune_device_status::client::retry::RetryPolicy;
    use intune_device_status::client::{Config, Failure, Graph, Seed, Step};
    use intune_device_status::{ApiVersion, Cloud};

    let graph = Graph::new(Config {
        cloud: Cloud::Global,
        version: ApiVersion::V1,
        root: GraphRoot::of_cloud(Cloud::Global),
        retry: RetryPolicy::default(),
    });
    let seed = Seed {
        client_request_id: None,
        random: [3; 16],
    };
    let settling = |step: Step<'_>| match step {
        Step::Send { settling, .. } => settling,
        _ => panic!("expected a request"),
    };
    let status = harness::status_of(fixtures::D7).unwrap();
    let mut call = graph.create("cfg-1", &status, &seed).unwrap();
    assert!(!settling(call.resume().unwrap()), "the POST");
    let in_flight = Failure::Aborted {
        sent: true,
        deadline: false,
    };
    let lookup = call.on_failure(in_flight).unwrap();
    assert!(settling(lookup), "the lookup after the abort");
    let mut get = graph.get("cfg-1", "d-7", &seed).unwrap();
    assert!(!settling(get.resume().unwrap()), "a get");
}
