//! Rows that found the core breaking a stated rule, each written as the rule asks:
//! all but the last are fixed and run with the rest; that one is `#[ignore]`d.

use crate::fixtures::*;
use crate::harness::W::Is;
use crate::harness::*;
use intune_device_status::error::ErrorKind::*;

/// "A 401 gets one fresh token": after the refreshed attempt meets a 503, the
/// retry should use the token it has, not ask for yet another fresh one.
pub fn one_fresh_token() -> Vec<Scenario> {
    vec![
        row(
            "get: 401, then 503, then the retry asks no new token",
            get("a"),
        )
        .script([code(401), code(503).retry_after("0"), reply(200, A)])
        .sent(&["GET /a", &format!("GET /a{FRESH}"), "GET /a"])
        .waits(&[Is(0)])
        .want(Want::Status(A)),
        row(
            "update: 401, then a timeout, then the retry asks no new token",
            update("a", PATCH),
        )
        .retry(3, 0, 60_000)
        .script([code(401), timeout(), code(204)])
        .sent(&["PATCH /a", &format!("PATCH /a{FRESH}"), "PATCH /a"])
        .waits(&[Is(0)])
        .want(Want::Updated(None)),
    ]
}

/// `max_delay_ms` is "the most one call waits in all": a list's pages share it.
pub fn list_budget() -> Vec<Scenario> {
    vec![
        row("list: 1 s waited on page 1 leaves 0.5 s for page 2", list())
            .retry(3, 1_000, 1_500)
            .script([
                code(429).retry_after("1"),
                reply(200, page(&[A], Some(NEXT2))),
                code(429).retry_after("1"),
            ])
            .sent(&["GET", "GET", "GET ?$skiptoken=2"])
            .waits(&[Is(1_000)])
            .fails(err(Throttled, 1).status(429).retry_after_ms(1_000)),
    ]
}

/// The same budget spans a create's lookup and its resend.
pub fn create_budget() -> Vec<Scenario> {
    vec![row(
        "create with id: 1 s waited before the lookup leaves 0.5 s for the resend",
        create(D7),
    )
    .retry(3, 1_000, 1_500)
    .script([
        code(429).retry_after("1"),
        code(504),
        code(404),
        code(429).retry_after("1"),
    ])
    .sent(&["POST", "POST", "GET /d-7", "POST"])
    .waits(&[Is(1_000)])
    .fails(
        err(Throttled, 1)
            .status(429)
            .retry_after_ms(1_000)
            .attempts_unchecked(),
    )]
}

/// "If the lookup itself fails the call is still outcomeUnknown": a lookup that
/// answers 200 with something that is not a status did not settle it either.
pub fn lookup_not_a_status() -> Vec<Scenario> {
    vec![
        row("create with id: 504, the lookup answers HTML", create(D7))
            .script([code(504), reply(200, "<html>sign in</html>")])
            .sent(&["POST", "GET /d-7"])
            .fails(
                err(OutcomeUnknown, 1)
                    .status(504)
                    .has("looking it up by its id did not settle it")
                    .cause(InvalidResponse, Some(200)),
            ),
        row(
            "create with id: a timeout, the lookup answers a non-status",
            create(D7),
        )
        .script([timeout(), reply(200, r#"{"id":"d-7"}"#)])
        .sent(&["POST", "GET /d-7"])
        .fails(
            err(OutcomeUnknown, 1)
                .has("looking it up by its id did not settle it")
                .cause(InvalidResponse, Some(200)),
        ),
    ]
}

/// "With no retry left it fails as the attempt did": an attempt that timed out
/// failed as `timeout`, not as `network`.
pub fn not_stored_after_timeout() -> Vec<Scenario> {
    vec![row(
        "create with id, maxRetries 0: timeout, lookup 404",
        create(D7),
    )
    .retry(0, 1_000, 60_000)
    .script([timeout(), code(404)])
    .sent(&["POST", "GET /d-7"])
    .fails(
        err(Timeout, 1)
            .starts("the create was not stored (")
            .has("Graph did not answer within timeoutMs")
            .cause(Service, Some(404)),
    )]
}

/// `attempts` is "Attempts made": a create posted twice made two.
pub fn attempts_of_a_resent_create() -> Vec<Scenario> {
    vec![row(
        "create with id, maxRetries 1: POST, GET, POST, GET reports 2 attempts",
        create(D7),
    )
    .retry(1, 1_000, 60_000)
    .script([code(504), code(404), code(504), code(404)])
    .sent(&["POST", "GET /d-7", "POST", "GET /d-7"])
    .fails(
        err(Service, 2)
            .status(504)
            .starts("the create was not stored (")
            .has("(after 2 attempts)")
            .cause(Service, Some(404)),
    )]
}

/// "A Retry-After beyond what is left of the budget ends the call at once": one too
/// large for 64 bits is beyond any budget, not absent.
pub fn huge_retry_after() -> Vec<Scenario> {
    vec![row(
        "get: Retry-After 99999999999999999999 s ends the call",
        get("a"),
    )
    .script([code(429).retry_after("99999999999999999999")])
    .sent(&["GET /a"])
    .fails(err(Throttled, 1).status(429).retry_after_ms(u64::MAX))]
}

/// "As an HTTP date": HTTP (RFC 9110, 5.6.7) asks recipients to read the two
/// obsolete forms too.
pub fn obsolete_dates() -> Vec<Scenario> {
    vec![
        row("an RFC 850 date 5 s ahead waits 5 s", get("a"))
            .script([
                code(503).retry_after("Tuesday, 14-Nov-23 22:13:25 GMT"),
                reply(200, A),
            ])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Is(5_000)])
            .want(Want::Status(A)),
        row("an asctime date 5 s ahead waits 5 s", get("a"))
            .script([
                code(503).retry_after("Tue Nov 14 22:13:25 2023"),
                reply(200, A),
            ])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Is(5_000)])
            .want(Want::Status(A)),
    ]
}
