//! Rows of the retry rules: throttling and `Retry-After`, backoff and its caps,
//! uncertain outcomes (504, timeouts, dropped connections), the create that is
//! never resent blindly, the client-request-id, and the one fresh token after a 401.

use crate::fixtures::*;
use crate::harness::W::{Below, Is};
use crate::harness::*;
use intune_device_status::error::ErrorKind::*;

/// 429 and 503 are retried for every method, after `Retry-After` when Graph
/// gives one (seconds, or an HTTP date counted from the reply's arrival).
pub fn throttling() -> Vec<Scenario> {
    vec![
        row("get: 429 with Retry-After 2 s, then 200", get("a"))
            .script([code(429).retry_after("2"), reply(200, A)])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Is(2_000)])
            .want(Want::Status(A)),
        row("get: 503 with Retry-After 0, then 200", get("a"))
            .script([code(503).retry_after("0"), reply(200, A)])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Is(0)])
            .want(Want::Status(A)),
        row("create: 429 with Retry-After 1 s is resent, then 201", create(NEW))
            .script([code(429).retry_after("1"), reply(201, A)])
            .sent(&["POST", "POST"])
            .bodies(&[Some(NEW_BODY), Some(NEW_BODY)])
            .waits(&[Is(1_000)])
            .want(Want::Status(A)),
        row("create: 503 with Retry-After 0 is resent, then 201", create(NEW))
            .script([code(503).retry_after("0"), reply(201, A)])
            .sent(&["POST", "POST"])
            .waits(&[Is(0)])
            .want(Want::Status(A)),
        row("create: 429 then 503, both resent, then 201", create(NEW))
            .script([
                code(429).retry_after("0"),
                code(503).retry_after("Thu, 01 Jan 1970 00:00:00 GMT"),
                reply(201, A),
            ])
            .sent(&["POST", "POST", "POST"])
            .waits(&[Is(0), Is(0)])
            .want(Want::Status(A)),
        row("update: 429 with Retry-After 3 s is resent, then 200", update("a", PATCH))
            .script([code(429).retry_after("3"), reply(200, A)])
            .sent(&["PATCH /a", "PATCH /a"])
            .bodies(&[Some(PATCH_BODY), Some(PATCH_BODY)])
            .waits(&[Is(3_000)])
            .want(Want::Updated(Some(A))),
        row("update: 503 without Retry-After, then 204", update("a", PATCH))
            .script([code(503), code(204)])
            .sent(&["PATCH /a", "PATCH /a"])
            .waits(&[Below(1_000)])
            .want(Want::Updated(None)),
        row("delete: 429 with Retry-After 1 s, then 204", delete("a"))
            .script([code(429).retry_after("1"), code(204)])
            .sent(&["DELETE /a", "DELETE /a"])
            .waits(&[Is(1_000)])
            .want(Want::Nothing),
        row("delete: 503 with Retry-After 2 s, then 204", delete("a"))
            .script([code(503).retry_after("2"), code(204)])
            .sent(&["DELETE /a", "DELETE /a"])
            .waits(&[Is(2_000)])
            .want(Want::Nothing),
        row("count: 429 with Retry-After \" 4 \" (spaces around it), then 12", count())
            .script([code(429).retry_after(" 4 "), reply(200, "12")])
            .sent(&["GET /$count", "GET /$count"])
            .waits(&[Is(4_000)])
            .want(Want::Count(12)),
        row("list: 503 with Retry-After 2 s, then a page", list())
            .script([code(503).retry_after("2"), reply(200, page(&[A], None))])
            .sent(&["GET", "GET"])
            .waits(&[Is(2_000)])
            .want(Want::Listed(vec![Item::Whole(A)])),
        row("pages: 429 on the second page retries that page only", pages())
            .script([
                reply(200, page(&[A], Some(NEXT2))),
                code(429).retry_after("1"),
                reply(200, page(&[B], None)),
            ])
            .sent(&["GET", "GET ?$skiptoken=2", "GET ?$skiptoken=2"])
            .waits(&[Is(1_000)])
            .want(Want::Pages(vec![vec![Item::Whole(A)], vec![Item::Whole(B)]])),
        row("Retry-After as an HTTP date 5 s ahead waits 5 s", get("a"))
            .script([
                code(503).retry_after("Tue, 14 Nov 2023 22:13:25 GMT"),
                reply(200, A),
            ])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Is(5_000)])
            .want(Want::Status(A)),
        row("an HTTP date counts from the reply's arrival (2.5 s after NOW)", get("a"))
            .script([
                code(429)
                    .retry_after("Tue, 14 Nov 2023 22:13:25 GMT")
                    .at(NOW + 2_500),
                reply(200, A),
            ])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Is(2_500)])
            .want(Want::Status(A)),
        row("an HTTP date in the past waits 0", delete("a"))
            .script([
                code(429).retry_after("Thu, 01 Jan 1970 00:00:00 GMT"),
                code(204),
            ])
            .sent(&["DELETE /a", "DELETE /a"])
            .waits(&[Is(0)])
            .want(Want::Nothing),
        row("an HTTP date equal to the arrival waits 0", count())
            .script([
                code(503).retry_after("Tue, 14 Nov 2023 22:13:20 GMT"),
                reply(200, "3"),
            ])
            .sent(&["GET /$count", "GET /$count"])
            .waits(&[Is(0)])
            .want(Want::Count(3)),
        row("an HTTP date on a leap day (29 Feb 2024) waits 30 s", get("a"))
            .script([
                code(429)
                    .retry_after("Thu, 29 Feb 2024 00:00:30 GMT")
                    .at(1_709_164_800_000),
                reply(200, A),
            ])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Is(30_000)])
            .want(Want::Status(A)),
        row("an unreadable Retry-After (\"soon\") falls back to backoff", get("a"))
            .script([code(503).retry_after("soon"), reply(200, A)])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Below(1_000)])
            .want(Want::Status(A)),
        row("a fractional Retry-After (\"1.5\") falls back to backoff", get("a"))
            .script([code(429).retry_after("1.5"), reply(200, A)])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Below(1_000)])
            .want(Want::Status(A)),
        row("a negative Retry-After (\"-1\") falls back to backoff", update("a", PATCH))
            .script([code(429).retry_after("-1"), code(204)])
            .sent(&["PATCH /a", "PATCH /a"])
            .waits(&[Below(1_000)])
            .want(Want::Updated(None)),
        row("an HTTP date in another zone (PST) falls back to backoff", get("a"))
            .script([
                code(503).retry_after("Tue, 14 Nov 2023 22:13:25 PST"),
                reply(200, A),
            ])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Below(1_000)])
            .want(Want::Status(A)),
        row("Retry-After on one attempt, backoff (step 2) on the next", get("a"))
            .retry(3, 100, 60_000)
            .script([code(429).retry_after("2"), code(503), reply(200, A)])
            .sent(&["GET /a", "GET /a", "GET /a"])
            .waits(&[Is(2_000), Below(200)])
            .want(Want::Status(A)),
        row("a throttled create's final error keeps code, request id and Retry-After", create(NEW))
            .retry(1, 0, 60_000)
            .script([
                reply(429, graph_error("TooManyRequests", "slow down")).retry_after("1"),
                reply(429, graph_error("TooManyRequests", "slow down"))
                    .retry_after("1")
                    .request_id("r-429"),
            ])
            .sent(&["POST", "POST"])
            .waits(&[Is(1_000)])
            .fails(
                err(Throttled, 2)
                    .status(429)
                    .code("TooManyRequests")
                    .request_id("r-429")
                    .retry_after_ms(1_000)
                    .body(r#"{"code":"TooManyRequests","message":"slow down"}"#)
                    .has("POST https://graph.microsoft.com/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses answered 429 Too Many Requests: TooManyRequests: slow down (after 2 attempts)"),
            ),
    ]
}

/// The retry count and the total wait are capped; a `Retry-After` past what is left
/// of the budget ends the call at once, saying how long Graph asked for.
pub fn caps() -> Vec<Scenario> {
    vec![
        row(
            "get: 503 four times with maxRetries 3 fails as service",
            get("a"),
        )
        .script([code(503), code(503), code(503), code(503)])
        .sent(&["GET /a", "GET /a", "GET /a", "GET /a"])
        .backoff(3)
        .fails(
            err(Service, 4)
                .status(503)
                .has("answered 503 Service Unavailable with an empty body (after 4 attempts)"),
        ),
        row(
            "update: 503 three times with maxRetries 2, base 10 ms",
            update("a", PATCH),
        )
        .retry(2, 10, 60_000)
        .script([code(503), code(503), code(503)])
        .sent(&["PATCH /a", "PATCH /a", "PATCH /a"])
        .waits(&[Below(10), Below(20)])
        .fails(err(Service, 3).status(503).has("(after 3 attempts)")),
        row(
            "delete: 429 twice with maxRetries 1 fails as throttled",
            delete("a"),
        )
        .retry(1, 0, 60_000)
        .script([code(429), code(429)])
        .sent(&["DELETE /a", "DELETE /a"])
        .waits(&[Is(0)])
        .fails(err(Throttled, 2).status(429)),
        row("create: maxRetries 0, a 429 fails at once", create(NEW))
            .retry(0, 1_000, 60_000)
            .script([code(429).retry_after("0")])
            .sent(&["POST"])
            .fails(
                err(Throttled, 1)
                    .status(429)
                    .retry_after_ms(0)
                    .lacks("after"),
            ),
        row(
            "count: maxRetries 10 (the most) allows eleven attempts",
            count(),
        )
        .retry(10, 0, 60_000)
        .script((0..11).map(|_| code(429)))
        .sent(&["GET /$count"; 11])
        .waits(&[Is(0); 10])
        .fails(err(Throttled, 11).status(429).has("(after 11 attempts)")),
        row(
            "get: Retry-After 120 s past a 60 s budget ends the call at once",
            get("a"),
        )
        .script([code(429).retry_after("120")])
        .sent(&["GET /a"])
        .fails(err(Throttled, 1).status(429).retry_after_ms(120_000)),
        row(
            "count: 503 Retry-After 61 s past the budget ends as service",
            count(),
        )
        .script([code(503).retry_after("61")])
        .sent(&["GET /$count"])
        .fails(err(Service, 1).status(503).retry_after_ms(61_000)),
        row(
            "create: Retry-After past the budget ends the create unsent",
            create(NEW),
        )
        .retry(3, 1_000, 10_000)
        .script([code(503).retry_after("11")])
        .sent(&["POST"])
        .fails(err(Service, 1).status(503).retry_after_ms(11_000)),
        row("a Retry-After exactly the budget is waited", get("a"))
            .retry(3, 1_000, 5_000)
            .script([code(429).retry_after("5"), reply(200, A)])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Is(5_000)])
            .want(Want::Status(A)),
        row("an HTTP date 1 ms past the budget ends the call", get("a"))
            .retry(3, 1_000, 5_000)
            .script([code(429)
                .retry_after("Tue, 14 Nov 2023 22:13:25 GMT")
                .at(NOW - 1)])
            .sent(&["GET /a"])
            .fails(err(Throttled, 1).status(429).retry_after_ms(5_001)),
        row(
            "the total wait is capped across retries (1 s + 1 s of 2.5 s)",
            get("a"),
        )
        .retry(5, 1_000, 2_500)
        .script([
            code(429).retry_after("1"),
            code(429).retry_after("1"),
            code(429).retry_after("1"),
        ])
        .sent(&["GET /a", "GET /a", "GET /a"])
        .waits(&[Is(1_000), Is(1_000)])
        .fails(
            err(Throttled, 3)
                .status(429)
                .retry_after_ms(1_000)
                .has("(after 3 attempts)"),
        ),
        row(
            "a final 503 past its retries still reports its Retry-After",
            delete("a"),
        )
        .retry(1, 1_000, 60_000)
        .script([code(503).retry_after("2"), code(503).retry_after("7")])
        .sent(&["DELETE /a", "DELETE /a"])
        .waits(&[Is(2_000)])
        .fails(err(Service, 2).status(503).retry_after_ms(7_000)),
        row(
            "backoff steps are capped by what is left of the budget",
            get("a"),
        )
        .retry(3, 1_000, 1_500)
        .script([code(503), code(503), code(503), reply(200, A)])
        .sent(&["GET /a", "GET /a", "GET /a", "GET /a"])
        .backoff(3)
        .want(Want::Status(A)),
        row(
            "backoff with base 100 ms stays under 100, 200, 400 ms",
            get("a"),
        )
        .retry(3, 100, 60_000)
        .script([code(503), code(503), code(503), reply(200, A)])
        .sent(&["GET /a", "GET /a", "GET /a", "GET /a"])
        .waits(&[Below(100), Below(200), Below(400)])
        .want(Want::Status(A)),
        row(
            "with no total budget every backoff wait is 0",
            update("a", PATCH),
        )
        .retry(2, 1_000, 0)
        .script([code(503), code(429), code(204)])
        .sent(&["PATCH /a", "PATCH /a", "PATCH /a"])
        .waits(&[Is(0), Is(0)])
        .want(Want::Updated(None)),
        row("get: 500 is not retried", get("a"))
            .script([reply(500, graph_error("InternalServerError", "boom"))])
            .sent(&["GET /a"])
            .fails(
                err(Service, 1)
                    .status(500)
                    .code("InternalServerError")
                    .body(r#"{"code":"InternalServerError","message":"boom"}"#),
            ),
        row("delete: 502 is not retried", delete("a"))
            .script([code(502)])
            .sent(&["DELETE /a"])
            .fails(err(Service, 1).status(502).has("with an empty body")),
        row("create: 400 is not resent", create(NEW))
            .script([reply(400, graph_error("BadRequest", "no"))])
            .sent(&["POST"])
            .fails(
                err(Service, 1)
                    .status(400)
                    .code("BadRequest")
                    .body(r#"{"code":"BadRequest","message":"no"}"#),
            ),
    ]
}

/// GET, PATCH and DELETE are retried after a 504, a timeout or a dropped
/// connection; an abort ends any call.
pub fn uncertain() -> Vec<Scenario> {
    vec![
        row("get: 504 then 200", get("a"))
            .retry(3, 100, 60_000)
            .script([code(504), reply(200, A)])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Below(100)])
            .want(Want::Status(A)),
        row("get: a timeout then 200", get("a"))
            .retry(3, 100, 60_000)
            .script([timeout(), reply(200, A)])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Below(100)])
            .want(Want::Status(A)),
        row("get: a dropped connection then 200", get("a"))
            .retry(3, 100, 60_000)
            .script([network("connection reset"), reply(200, A)])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Below(100)])
            .want(Want::Status(A)),
        row("get: 504 with Retry-After 1 s waits that long", get("a"))
            .script([code(504).retry_after("1"), reply(200, A)])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Is(1_000)])
            .want(Want::Status(A)),
        row("get: timeouts on every attempt end as timeout", get("a"))
            .retry(2, 0, 60_000)
            .script([timeout(), timeout(), timeout()])
            .sent(&["GET /a", "GET /a", "GET /a"])
            .waits(&[Is(0), Is(0)])
            .fails(
                err(Timeout, 3)
                    .has("GET https://graph.microsoft.com/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses/a")
                    .has("Graph did not answer within timeoutMs"),
            ),
        row("count: dropped connections on every attempt end as network", count())
            .retry(1, 0, 60_000)
            .script([network("connection reset"), network("connection reset")])
            .sent(&["GET /$count", "GET /$count"])
            .waits(&[Is(0)])
            .fails(
                err(Network, 2)
                    .has("the request could not be sent: connection reset"),
            ),
        row("get: 504 on every attempt ends as service 504", get("a"))
            .retry(1, 0, 60_000)
            .script([code(504), code(504)])
            .sent(&["GET /a", "GET /a"])
            .waits(&[Is(0)])
            .fails(err(Service, 2).status(504).has("answered 504 Gateway Timeout")),
        row("update: 504 then 200, the same patch resent", update("a", PATCH))
            .retry(3, 100, 60_000)
            .script([code(504), reply(200, A)])
            .sent(&["PATCH /a", "PATCH /a"])
            .bodies(&[Some(PATCH_BODY), Some(PATCH_BODY)])
            .waits(&[Below(100)])
            .want(Want::Updated(Some(A))),
        row("update: a timeout then 204", update("a", PATCH))
            .retry(3, 100, 60_000)
            .script([timeout(), code(204)])
            .sent(&["PATCH /a", "PATCH /a"])
            .waits(&[Below(100)])
            .want(Want::Updated(None)),
        row("update: a dropped connection then 200", update("a", PATCH))
            .retry(3, 100, 60_000)
            .script([network("socket hang up"), reply(200, A)])
            .sent(&["PATCH /a", "PATCH /a"])
            .waits(&[Below(100)])
            .want(Want::Updated(Some(A))),
        row("update: timeouts past maxRetries end as timeout", update("a", PATCH))
            .retry(1, 0, 60_000)
            .script([timeout(), timeout()])
            .sent(&["PATCH /a", "PATCH /a"])
            .waits(&[Is(0)])
            .fails(err(Timeout, 2).has("PATCH ")),
        row("delete: 504 then 204", delete("a"))
            .retry(3, 100, 60_000)
            .script([code(504), code(204)])
            .sent(&["DELETE /a", "DELETE /a"])
            .waits(&[Below(100)])
            .want(Want::Nothing),
        row("delete: a timeout then 204", delete("a"))
            .retry(3, 100, 60_000)
            .script([timeout(), code(204)])
            .sent(&["DELETE /a", "DELETE /a"])
            .waits(&[Below(100)])
            .want(Want::Nothing),
        row("delete: a dropped connection then 204", delete("a"))
            .retry(3, 100, 60_000)
            .script([network("ECONNRESET"), code(204)])
            .sent(&["DELETE /a", "DELETE /a"])
            .waits(&[Below(100)])
            .want(Want::Nothing),
        row("delete: dropped connections past maxRetries end as network", delete("a"))
            .retry(0, 100, 60_000)
            .script([network("ECONNRESET")])
            .sent(&["DELETE /a"])
            .fails(err(Network, 1).has("DELETE ").has("ECONNRESET")),
        row("list: a timeout on the first page then the page", list())
            .retry(3, 100, 60_000)
            .script([timeout(), reply(200, page(&[A], None))])
            .sent(&["GET", "GET"])
            .waits(&[Below(100)])
            .want(Want::Listed(vec![Item::Whole(A)])),
        row("pages: a dropped connection on page 2 retries page 2", pages())
            .retry(3, 100, 60_000)
            .script([
                reply(200, page(&[A], Some(NEXT2))),
                network("reset"),
                reply(200, page(&[B], None)),
            ])
            .sent(&["GET", "GET ?$skiptoken=2", "GET ?$skiptoken=2"])
            .waits(&[Below(100)])
            .want(Want::Pages(vec![vec![Item::Whole(A)], vec![Item::Whole(B)]])),
        row("get: an abort is not retried", get("a"))
            .script([aborted()])
            .sent(&["GET /a"])
            .fails(err(Aborted, 1).has("the call was aborted")),
        row("count: an abort during a wait ends the call", count())
            .script([code(503).retry_after("30"), abort_wait()])
            .sent(&["GET /$count"])
            .waits(&[Is(30_000)])
            .fails(err(Aborted, 1).has("the call was aborted")),
    ]
}

const NO_ID_HINT: &str = "Give statuses an id";
const LOOKUP_FAILED: &str = "looking it up by its id did not settle it";
const NOT_STORED: &str = "the create was not stored (";

/// A create (POST) is resent only when Graph said it did not process it: without
/// an id, an unknown outcome ends the call; an abort ends it too.
pub fn create_unknown() -> Vec<Scenario> {
    vec![
        row(
            "create: 201 returns Graph's stored status, sent once",
            create(NEW),
        )
        .script([reply(201, A)])
        .sent(&["POST"])
        .bodies(&[Some(NEW_BODY)])
        .want(Want::Status(A)),
        row("create without id: a 504 is not resent", create(NEW))
            .script([code(504)])
            .sent(&["POST"])
            .fails(
                err(OutcomeUnknown, 1)
                    .status(504)
                    .starts("the create may or may not have been stored (")
                    .has("answered 504 Gateway Timeout")
                    .has("not resent")
                    .has(NO_ID_HINT),
            ),
        row("create without id: a timeout is not resent", create(NEW))
            .script([timeout()])
            .sent(&["POST"])
            .fails(
                err(OutcomeUnknown, 1)
                    .has("Graph did not answer within timeoutMs")
                    .has("not resent")
                    .has(NO_ID_HINT),
            ),
        row(
            "create without id: a dropped connection is not resent",
            create(NEW),
        )
        .script([network("connection reset by peer")])
        .sent(&["POST"])
        .fails(
            err(OutcomeUnknown, 1)
                .has("connection reset by peer")
                .has("not resent"),
        ),
        row(
            "create without id: a 504 with 10 retries left is still sent once",
            create(NEW),
        )
        .retry(10, 1_000, 60_000)
        .script([reply(504, graph_error("GatewayTimeout", "late")).request_id("r-504")])
        .sent(&["POST"])
        .fails(
            err(OutcomeUnknown, 1)
                .status(504)
                .code("GatewayTimeout")
                .request_id("r-504")
                .body(r#"{"code":"GatewayTimeout","message":"late"}"#)
                .has("not resent"),
        ),
        row(
            "create without id: 429 resent, then a 504 is not",
            create(NEW),
        )
        .script([code(429).retry_after("0"), code(504)])
        .sent(&["POST", "POST"])
        .waits(&[Is(0)])
        .fails(
            err(OutcomeUnknown, 2)
                .status(504)
                .has("(after 2 attempts)")
                .has("not resent"),
        ),
        row("create: 500 is not resent (and not looked up)", create(D7))
            .script([code(500)])
            .sent(&["POST"])
            .fails(err(Service, 1).status(500)),
        row("create: 409 is not resent", create(D7))
            .script([reply(409, graph_error("Conflict", "exists"))])
            .sent(&["POST"])
            .fails(
                err(Service, 1)
                    .status(409)
                    .code("Conflict")
                    .body(r#"{"code":"Conflict","message":"exists"}"#),
            ),
    ]
}

/// A create with an id whose outcome is unknown is looked up by that id: found, it
/// is the answer; missing (404), the POST is resent within maxRetries; otherwise
/// the outcome stays unknown, and the message says the lookup was tried.
pub fn create_lookup() -> Vec<Scenario> {
    vec![
        row("create with id: 504, the lookup finds it, no second POST", create(D7))
            .script([code(504), reply(200, D7)])
            .sent(&["POST", "GET /d-7"])
            .want(Want::Status(D7)),
        row("create with id: a timeout, the lookup finds it", create(D7))
            .script([timeout(), reply(200, D7)])
            .sent(&["POST", "GET /d-7"])
            .want(Want::Status(D7)),
        row("create with id: a dropped connection, the lookup finds it", create(D7))
            .script([network("reset"), reply(200, D7)])
            .sent(&["POST", "GET /d-7"])
            .want(Want::Status(D7)),
        row("create with id: 504, lookup 404, the POST is resent and stored", create(D7))
            .script([
                code(504),
                reply(404, graph_error("ResourceNotFound", "no")),
                reply(201, D7),
            ])
            .sent(&["POST", "GET /d-7", "POST"])
            .want(Want::Status(D7)),
        row("create with id: timeout, lookup 404, resent, 201", create(D7))
            .script([timeout(), code(404), reply(201, D7)])
            .sent(&["POST", "GET /d-7", "POST"])
            .want(Want::Status(D7)),
        row("create with id: the resend is throttled, then stored", create(D7))
            .script([
                code(504),
                code(404),
                code(429).retry_after("0"),
                reply(201, D7),
            ])
            .sent(&["POST", "GET /d-7", "POST", "POST"])
            .waits(&[Is(0)])
            .want(Want::Status(D7)),
        row("create with id, maxRetries 0: 504 and lookup 404 fail as service 504", create(D7))
            .retry(0, 1_000, 60_000)
            .script([code(504), reply(404, graph_error("ResourceNotFound", "no"))])
            .sent(&["POST", "GET /d-7"])
            .fails(
                err(Service, 1)
                    .status(504)
                    .starts(NOT_STORED)
                    .has("no retry is left")
                    .lacks("may or may not")
                    .cause(Service, Some(404)),
            ),
        row("create with id, maxRetries 0: dropped, lookup 404 fails as network", create(D7))
            .retry(0, 1_000, 60_000)
            .script([network("reset"), code(404)])
            .sent(&["POST", "GET /d-7"])
            .fails(err(Network, 1).starts(NOT_STORED).has("reset").cause(Service, Some(404))),
        row("create with id, maxRetries 1: lost twice, missing twice, not stored", create(D7))
            .retry(1, 1_000, 60_000)
            .script([code(504), code(404), code(504), code(404)])
            .sent(&["POST", "GET /d-7", "POST", "GET /d-7"])
            // attempts: see known_gap_attempts_count_every_post_of_a_create.
            .fails(
                err(Service, 1)
                    .status(504)
                    .starts(NOT_STORED)
                    .cause(Service, Some(404))
                    .attempts_unchecked(),
            ),
        row("create with id: lookup 403 leaves the outcome unknown", create(D7))
            .script([code(504), reply(403, graph_error("Forbidden", "no"))])
            .sent(&["POST", "GET /d-7"])
            .fails(
                err(OutcomeUnknown, 1)
                    .status(504)
                    .has(LOOKUP_FAILED)
                    .has("not resent")
                    .lacks(NO_ID_HINT)
                    .cause(Service, Some(403)),
            ),
        row("create with id: lookup 500 leaves the outcome unknown", create(D7))
            .script([timeout(), code(500)])
            .sent(&["POST", "GET /d-7"])
            .fails(
                err(OutcomeUnknown, 1)
                    .has(LOOKUP_FAILED)
                    .has("Graph did not answer within timeoutMs")
                    .lacks(NO_ID_HINT)
                    .cause(Service, Some(500)),
            ),
        row("create with id, maxRetries 0: the lookup's connection drops too", create(D7))
            .retry(0, 1_000, 60_000)
            .script([code(504), network("reset")])
            .sent(&["POST", "GET /d-7"])
            .fails(
                err(OutcomeUnknown, 1)
                    .status(504)
                    .has(LOOKUP_FAILED)
                    .lacks(NO_ID_HINT)
                    .cause(Network, None),
            ),
        row("create with id: a lookup redirect leaves the outcome unknown", create(D7))
            .script([code(504), code(302)])
            .sent(&["POST", "GET /d-7"])
            .fails(
                err(OutcomeUnknown, 1)
                    .status(504)
                    .has(LOOKUP_FAILED)
                    .cause(InvalidResponse, Some(302)),
            ),
        row("create with id: an abort during the lookup leaves it unknown", create(D7))
            .script([code(504), aborted()])
            .sent(&["POST", "GET /d-7"])
            .fails(
                err(OutcomeUnknown, 1)
                    .status(504)
                    .has(LOOKUP_FAILED)
                    .cause(Aborted, None),
            ),
        row("create with id: the lookup is retried as a read after a drop", create(D7))
            .retry(1, 100, 60_000)
            .script([code(504), network("reset"), reply(200, D7)])
            .sent(&["POST", "GET /d-7", "GET /d-7"])
            .waits(&[Below(100)])
            .want(Want::Status(D7)),
        row("create with id: the lookup is retried after 503", create(D7))
            .script([timeout(), code(503).retry_after("0"), reply(200, D7)])
            .sent(&["POST", "GET /d-7", "GET /d-7"])
            .waits(&[Is(0)])
            .want(Want::Status(D7)),
        row("create with id: a 401 on the lookup gets a fresh token", create(D7))
            .script([code(504), code(401), reply(200, D7)])
            .sent(&["POST", "GET /d-7", &format!("GET /d-7{FRESH}")])
            .want(Want::Status(D7)),
        row("create with an id needing encoding: the lookup URL is encoded", create(
            r#"{"id":"dev:7","status":"compliant","lastReportedDateTime":"2024-05-01T12:30:00Z","complianceGracePeriodExpirationDateTime":"2024-06-01T00:00:00Z"}"#,
        ))
            .script([
                code(504),
                reply(200, r#"{"id":"dev:7","status":"compliant","lastReportedDateTime":"2024-05-01T12:30:00Z","complianceGracePeriodExpirationDateTime":"2024-06-01T00:00:00Z"}"#),
            ])
            .sent(&["POST", "GET /dev%3A7"])
            .want(Want::Status(
                r#"{"id":"dev:7","status":"compliant","lastReportedDateTime":"2024-05-01T12:30:00Z","complianceGracePeriodExpirationDateTime":"2024-06-01T00:00:00Z"}"#,
            )),
        row("create with id: the lookup asks the read scope, the POSTs the write scope", create(D7))
            .script([code(504), code(404), reply(201, D7)])
            .sent(&["POST", "GET /d-7", "POST"])
            .scopes(&[
                "https://graph.microsoft.com/DeviceManagementConfiguration.ReadWrite.All",
                "https://graph.microsoft.com/DeviceManagementConfiguration.Read.All",
                "https://graph.microsoft.com/DeviceManagementConfiguration.ReadWrite.All",
            ])
            .want(Want::Status(D7)),
    ]
}

/// Every attempt of a call carries one client-request-id: the caller's, or a UUID
/// v4 made from the seed's random bytes.
pub fn request_ids() -> Vec<Scenario> {
    vec![
        row(
            "a caller's client-request-id is used as is on every attempt",
            get("a"),
        )
        .client_request_id("caller-chosen-id")
        .script([code(503).retry_after("0"), reply(200, A)])
        .sent(&["GET /a", "GET /a"])
        .client_id("caller-chosen-id")
        .waits(&[Is(0)])
        .want(Want::Status(A)),
        row("without one, a UUID v4 from all-zero bytes", count())
            .random([0; 16])
            .script([reply(200, "1")])
            .sent(&["GET /$count"])
            .client_id("00000000-0000-4000-8000-000000000000")
            .want(Want::Count(1)),
        row("without one, a UUID v4 from all-0xff bytes", count())
            .random([0xff; 16])
            .script([reply(200, "1")])
            .sent(&["GET /$count"])
            .client_id("ffffffff-ffff-4fff-bfff-ffffffffffff")
            .want(Want::Count(1)),
        row("without one, a UUID v4 from bytes 0 to 15", delete("a"))
            .random([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15])
            .script([code(429).retry_after("0"), code(204)])
            .sent(&["DELETE /a", "DELETE /a"])
            .client_id("00010203-0405-4607-8809-0a0b0c0d0e0f")
            .waits(&[Is(0)])
            .want(Want::Nothing),
        row(
            "a create's lookup and resend carry the create's id",
            create(D7),
        )
        .client_request_id("create-7")
        .script([code(504), code(404), reply(201, D7)])
        .sent(&["POST", "GET /d-7", "POST"])
        .client_id("create-7")
        .want(Want::Status(D7)),
        row("a list's nextLink pages carry the list's id", list())
            .random([0xab; 16])
            .script([
                reply(200, page(&[A], Some(NEXT2))),
                reply(200, page(&[B], Some(NEXT3))),
                reply(200, page(&[C], None)),
            ])
            .sent(&["GET", "GET ?$skiptoken=2", "GET ?$skiptoken=3"])
            .client_id("abababab-abab-4bab-abab-abababababab")
            .want(Want::Listed(vec![
                Item::Whole(A),
                Item::Whole(B),
                Item::Whole(C),
            ])),
        row("the error carries the call's id", update("a", PATCH))
            .client_request_id("err-id-1")
            .script([reply(403, graph_error("Forbidden", "no"))])
            .sent(&["PATCH /a"])
            .client_id("err-id-1")
            .fails(
                err(Service, 1)
                    .status(403)
                    .code("Forbidden")
                    .body(r#"{"code":"Forbidden","message":"no"}"#),
            ),
        row("the retry after a 401 carries the same id", get("a"))
            .client_request_id("auth-id")
            .script([code(401), reply(200, A)])
            .sent(&["GET /a", &format!("GET /a{FRESH}")])
            .client_id("auth-id")
            .want(Want::Status(A)),
    ]
}

/// A 401 gets one fresh token and one more try; a second 401 is `auth`.
pub fn auth() -> Vec<Scenario> {
    let fresh = |line: &str| format!("{line}{FRESH}");
    vec![
        row("get: 401 then 200 with a fresh token", get("a"))
            .script([code(401), reply(200, A)])
            .sent(&["GET /a", &fresh("GET /a")])
            .want(Want::Status(A)),
        row("get: 401 twice is auth", get("a"))
            .script([
                code(401),
                reply(401, graph_error("InvalidAuthenticationToken", "expired")),
            ])
            .sent(&["GET /a", &fresh("GET /a")])
            .fails(
                err(Auth, 2)
                    .status(401)
                    .code("InvalidAuthenticationToken")
                    .body(r#"{"code":"InvalidAuthenticationToken","message":"expired"}"#)
                    .has("answered 401 Unauthorized"),
            ),
        row("create: 401 then 201, the POST resent once", create(NEW))
            .script([code(401), reply(201, A)])
            .sent(&["POST", &fresh("POST")])
            .want(Want::Status(A)),
        row("create: 401 twice is auth", create(D7))
            .script([code(401), code(401)])
            .sent(&["POST", &fresh("POST")])
            .fails(err(Auth, 2).status(401)),
        row("update: 401 then 204", update("a", PATCH))
            .script([code(401), code(204)])
            .sent(&["PATCH /a", &fresh("PATCH /a")])
            .want(Want::Updated(None)),
        row("delete: 401 twice is auth", delete("a"))
            .script([code(401), code(401)])
            .sent(&["DELETE /a", &fresh("DELETE /a")])
            .fails(err(Auth, 2).status(401).has("(after 2 attempts)")),
        row("count: 401 then 200", count())
            .script([code(401), reply(200, "9")])
            .sent(&["GET /$count", &fresh("GET /$count")])
            .want(Want::Count(9)),
        row(
            "list: a 401 on page 2 gets a fresh token for page 2",
            list(),
        )
        .script([
            reply(200, page(&[A], Some(NEXT2))),
            code(401),
            reply(200, page(&[B], None)),
        ])
        .sent(&["GET", "GET ?$skiptoken=2", &fresh("GET ?$skiptoken=2")])
        .want(Want::Listed(vec![Item::Whole(A), Item::Whole(B)])),
        row(
            "maxRetries 0 still allows the one fresh-token try",
            get("a"),
        )
        .retry(0, 1_000, 60_000)
        .script([code(401), reply(200, A)])
        .sent(&["GET /a", &fresh("GET /a")])
        .want(Want::Status(A)),
    ]
}

/// The waits of a GET that meets 503 three times, then 200, with this seed.
fn waits_with(
    random: [u8; 16],
    client_request_id: Option<&str>,
    step: u32,
) -> Result<Vec<u64>, String> {
    let mut scenario = row("jitter", get("a"))
        .retry(3, step, 180_000)
        .random(random)
        .script([code(503), code(503), code(503), reply(200, A)]);
    if let Some(id) = client_request_id {
        scenario = scenario.client_request_id(id);
    }
    scenario.execute().map(|run| run.waits)
}

/// The spread of wait `n` over 200 seeds: (smallest, largest).
fn spread(n: usize) -> Result<(u64, u64), String> {
    let mut waits = Vec::new();
    for i in 0..200u8 {
        let mut random = [i; 16];
        random[15] = i.wrapping_mul(31);
        waits.push(waits_with(random, None, 1_000)?[n]);
    }
    Ok((*waits.iter().min().unwrap(), *waits.iter().max().unwrap()))
}

/// Jitter is seeded by `Seed::random` and full: the same seed repeats the waits,
/// and waits spread over the whole of [0, base * 2^n).
pub fn jitter() -> Vec<Probe> {
    vec![
        Probe {
            name: "the same seed gives the same waits",
            run: || {
                let (first, again) = (
                    waits_with([7; 16], None, 1_000)?,
                    waits_with([7; 16], None, 1_000)?,
                );
                (first == again && first.len() == 3)
                    .then_some(())
                    .ok_or(format!("{first:?} then {again:?}"))
            },
        },
        Probe {
            name: "another seed gives other waits",
            run: || {
                let waits: Vec<Vec<u64>> = (1..=4u8)
                    .map(|b| waits_with([b; 16], None, 1_000))
                    .collect::<Result<_, _>>()?;
                let distinct: std::collections::HashSet<&Vec<u64>> = waits.iter().collect();
                (distinct.len() == waits.len())
                    .then_some(())
                    .ok_or(format!("seeds 1 to 4 gave {waits:?}"))
            },
        },
        Probe {
            name: "the jitter follows the random bytes, not the client-request-id",
            run: || {
                let (one, other) = (
                    waits_with([9; 16], Some("id-one"), 1_000)?,
                    waits_with([9; 16], Some("id-two"), 1_000)?,
                );
                (one == other)
                    .then_some(())
                    .ok_or(format!("{one:?} and {other:?}"))
            },
        },
        Probe {
            name: "the first wait spreads over [0, 1000) across seeds",
            run: || {
                let (low, high) = spread(0)?;
                (low < 100 && (900..1_000).contains(&high))
                    .then_some(())
                    .ok_or(format!("first waits from {low} to {high}"))
            },
        },
        Probe {
            name: "the third wait spreads over [0, 4000) across seeds",
            run: || {
                let (low, high) = spread(2)?;
                (low < 400 && (3_600..4_000).contains(&high))
                    .then_some(())
                    .ok_or(format!("third waits from {low} to {high}"))
            },
        },
        Probe {
            name: "a larger base scales every wait's range",
            run: || {
                let waits = waits_with([3; 16], None, 10_000)?;
                let small = waits_with([3; 16], None, 1_000)?;
                let scaled = waits
                    .iter()
                    .zip(&small)
                    .all(|(w, s)| w / 10 <= *s + 1 && *s <= w / 10 + 1);
                (scaled
                    && waits
                        .iter()
                        .zip([10_000, 20_000, 40_000])
                        .all(|(w, b)| *w < b))
                .then_some(())
                .ok_or(format!("base 10000: {waits:?}; base 1000: {small:?}"))
            },
        },
    ]
}
