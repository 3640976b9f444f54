//! Rows of what goes over the wire and what comes back: redirects and nextLinks
//! (the token stays on the Graph origin), reply bodies, Graph's errors, answer
//! shapes, scopes and URLs, ids refused before sending, and a call's one request
//! in flight.

use crate::fixtures::*;
use crate::harness::W::Is;
use crate::harness::*;
use intune_device_status::client::path::{GraphRoot, ListQuery};
use intune_device_status::client::retry::RetryPolicy;
use intune_device_status::cloud::{ApiVersion, Cloud};
use intune_device_status::error::{Error, ErrorKind::*};

const NOT_FOLLOWED: &str = "not followed with the token";

/// Redirects (status 0 from a runtime that did not follow one, or 3xx) are never
/// followed: the token would go where the Location points.
pub fn redirects() -> Vec<Scenario> {
    let refused = |status| {
        err(InvalidResponse, 1)
            .status(status)
            .has(NOT_FOLLOWED)
            .has("answered with a redirect")
    };
    vec![
        row("get: 302 is not followed", get("a"))
            .script([code(302)])
            .sent(&["GET /a"])
            .fails(refused(302)),
        row(
            "count: status 0 (an opaque redirect) is not followed",
            count(),
        )
        .script([code(0)])
        .sent(&["GET /$count"])
        .fails(refused(0)),
        row(
            "create with id: 307 is neither followed nor looked up",
            create(D7),
        )
        .script([code(307)])
        .sent(&["POST"])
        .fails(refused(307)),
        row(
            "create without id: 302 is invalidResponse, not outcomeUnknown",
            create(NEW),
        )
        .script([code(302)])
        .sent(&["POST"])
        .fails(refused(302)),
        row("update: 308 is not followed", update("a", PATCH))
            .script([code(308)])
            .sent(&["PATCH /a"])
            .fails(refused(308)),
        row("delete: 301 is not followed", delete("a"))
            .script([code(301)])
            .sent(&["DELETE /a"])
            .fails(refused(301)),
        row("count: 303 is not followed", count())
            .script([code(303)])
            .sent(&["GET /$count"])
            .fails(refused(303)),
        row("list: a 302 on page 2 is not followed", list())
            .script([reply(200, page(&[A], Some(NEXT2))), code(302)])
            .sent(&["GET", "GET ?$skiptoken=2"])
            .fails(refused(302)),
    ]
}

/// A nextLink on the Graph root's origin is followed (a list gathers every page,
/// pages give one at a time); one anywhere else is refused.
pub fn next_links() -> Vec<Scenario> {
    let foreign = |outside: &'static str| {
        err(InvalidResponse, 1)
            .status(200)
            .has(NOT_FOLLOWED)
            .has(outside)
    };
    let global = "outside https://graph.microsoft.com";
    let local = "outside http://127.0.0.1:8080";
    let base = "http://127.0.0.1:8080/graph";
    let local_page2 = "http://127.0.0.1:8080/graph/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses?$skiptoken=2";
    vec![
        row("list gathers two pages on the same origin", list())
            .script([
                reply(200, page(&[A], Some(NEXT2))),
                reply(200, page(&[B], None)),
            ])
            .sent(&["GET", "GET ?$skiptoken=2"])
            .want(Want::Listed(vec![Item::Whole(A), Item::Whole(B)])),
        row("list gathers three pages in order", list())
            .script([
                reply(200, page(&[A, B], Some(NEXT2))),
                reply(200, page(&[C], Some(NEXT3))),
                reply(200, page(&[A], None)),
            ])
            .sent(&["GET", "GET ?$skiptoken=2", "GET ?$skiptoken=3"])
            .want(Want::Listed(vec![
                Item::Whole(A),
                Item::Whole(B),
                Item::Whole(C),
                Item::Whole(A),
            ])),
        row("list: a null nextLink ends the list", list())
            .script([reply(
                200,
                format!(r#"{{"value":[{A}],"@odata.nextLink":null}}"#),
            )])
            .sent(&["GET"])
            .want(Want::Listed(vec![Item::Whole(A)])),
        row("list: an empty last page adds nothing", list())
            .script([
                reply(200, page(&[A], Some(NEXT2))),
                reply(200, page(&[], None)),
            ])
            .sent(&["GET", "GET ?$skiptoken=2"])
            .want(Want::Listed(vec![Item::Whole(A)])),
        row("pages returns each page on its own", pages())
            .script([
                reply(200, page(&[A], Some(NEXT2))),
                reply(200, page(&[B, C], None)),
            ])
            .sent(&["GET", "GET ?$skiptoken=2"])
            .want(Want::Pages(vec![
                vec![Item::Whole(A)],
                vec![Item::Whole(B), Item::Whole(C)],
            ])),
        row("pages: one page, then Nothing", pages())
            .script([reply(200, page(&[A], None))])
            .sent(&["GET"])
            .want(Want::Pages(vec![vec![Item::Whole(A)]])),
        row("pages: three pages, the middle one empty", pages())
            .script([
                reply(200, page(&[A], Some(NEXT2))),
                reply(200, page(&[], Some(NEXT3))),
                reply(200, page(&[B], None)),
            ])
            .sent(&["GET", "GET ?$skiptoken=2", "GET ?$skiptoken=3"])
            .want(Want::Pages(vec![
                vec![Item::Whole(A)],
                vec![],
                vec![Item::Whole(B)],
            ])),
        row(
            "a nextLink with an upper-case scheme and host is the same origin",
            list(),
        )
        .script([
            reply(
                200,
                page(
                    &[A],
                    Some("HTTPS://GRAPH.MICROSOFT.COM/v1.0/x?$skiptoken=2"),
                ),
            ),
            reply(200, page(&[B], None)),
        ])
        .sent(&["GET", "GET HTTPS://GRAPH.MICROSOFT.COM/v1.0/x?$skiptoken=2"])
        .want(Want::Listed(vec![Item::Whole(A), Item::Whole(B)])),
        row("a nextLink to another host is refused", list())
            .script([reply(
                200,
                page(&[A], Some("https://evil.example/v1.0/x?$skiptoken=2")),
            )])
            .sent(&["GET"])
            .fails(foreign(global).has("\"https://evil.example/v1.0/x?$skiptoken=2\"")),
        row("a nextLink to another port is refused", list())
            .script([reply(
                200,
                page(&[A], Some("https://graph.microsoft.com:8443/v1.0/x")),
            )])
            .sent(&["GET"])
            .fails(foreign(global)),
        row("a nextLink over plain http is refused", list())
            .script([reply(
                200,
                page(&[A], Some("http://graph.microsoft.com/v1.0/x")),
            )])
            .sent(&["GET"])
            .fails(foreign(global)),
        row(
            "a nextLink to a host that starts with Graph's is refused",
            list(),
        )
        .script([reply(
            200,
            page(
                &[A],
                Some("https://graph.microsoft.com.evil.example/v1.0/x"),
            ),
        )])
        .sent(&["GET"])
        .fails(foreign(global)),
        row(
            "a nextLink with Graph's host as a user name is refused",
            list(),
        )
        .script([reply(
            200,
            page(
                &[A],
                Some("https://graph.microsoft.com@evil.example/v1.0/x"),
            ),
        )])
        .sent(&["GET"])
        .fails(foreign(global)),
        row(
            "pages: page 1 is given, then a foreign nextLink on page 2 is refused",
            pages(),
        )
        .script([
            reply(200, page(&[A], Some(NEXT2))),
            reply(200, page(&[B], Some("https://evil.example/p3"))),
        ])
        .sent(&["GET", "GET ?$skiptoken=2"])
        .want(Want::PagesThenFails(
            vec![vec![Item::Whole(A)]],
            foreign(global),
        )),
        row("baseUrl: a nextLink under the baseUrl is followed", list())
            .base_url(base)
            .script([
                reply(200, page(&[A], Some(local_page2))),
                reply(200, page(&[B], None)),
            ])
            .sent(&["GET", "GET ?$skiptoken=2"])
            .want(Want::Listed(vec![Item::Whole(A), Item::Whole(B)])),
        row(
            "baseUrl: a nextLink elsewhere on the same origin is followed",
            pages(),
        )
        .base_url(base)
        .script([
            reply(200, page(&[A], Some("http://127.0.0.1:8080/other/page2"))),
            reply(200, page(&[B], None)),
        ])
        .sent(&["GET", "GET http://127.0.0.1:8080/other/page2"])
        .want(Want::Pages(vec![
            vec![Item::Whole(A)],
            vec![Item::Whole(B)],
        ])),
        row("baseUrl: a nextLink to another port is refused", list())
            .base_url(base)
            .script([reply(
                200,
                page(&[A], Some("http://127.0.0.1:8081/graph/v1.0/x")),
            )])
            .sent(&["GET"])
            .fails(foreign(local)),
        row(
            "baseUrl: a nextLink over https to the same host and port is refused",
            list(),
        )
        .base_url(base)
        .script([reply(
            200,
            page(&[A], Some("https://127.0.0.1:8080/graph/v1.0/x")),
        )])
        .sent(&["GET"])
        .fails(foreign(local)),
        row(
            "baseUrl: a nextLink to the cloud's own Graph is refused",
            list(),
        )
        .base_url(base)
        .script([reply(200, page(&[A], Some(NEXT2)))])
        .sent(&["GET"])
        .fails(foreign(local)),
        row(
            "baseUrl: a nextLink to a host that extends the port is refused",
            list(),
        )
        .base_url(base)
        .script([reply(
            200,
            page(&[A], Some("http://127.0.0.1:8080.evil.example/x")),
        )])
        .sent(&["GET"])
        .fails(foreign(local)),
        row("baseUrl: a nextLink without the port is refused", list())
            .base_url(base)
            .script([reply(
                200,
                page(&[A], Some("http://127.0.0.1/graph/v1.0/x")),
            )])
            .sent(&["GET"])
            .fails(foreign(local)),
    ]
}

/// A 2xx must carry what Graph promises: JSON, a status, a list; a BOM before the
/// JSON is fine.
pub fn bodies() -> Vec<Scenario> {
    vec![
        row("get: a 200 that is HTML is invalidResponse", get("a"))
            .script([reply(200, "<html>sign in</html>")])
            .sent(&["GET /a"])
            .fails(
                err(InvalidResponse, 1)
                    .status(200)
                    .has("Graph's answer is not JSON"),
            ),
        row("get: a 200 with an empty body is invalidResponse", get("a"))
            .script([reply(200, "")])
            .sent(&["GET /a"])
            .fails(err(InvalidResponse, 1).status(200).has("not JSON")),
        row(
            "get: a 200 that is JSON but not a status is invalidResponse",
            get("a"),
        )
        .script([reply(200, r#"{"id":"a"}"#)])
        .sent(&["GET /a"])
        .fails(
            err(InvalidResponse, 1)
                .status(200)
                .has("Graph's answer is not a valid status"),
        ),
        row("get: a 200 with a JSON array is invalidResponse", get("a"))
            .script([reply(200, "[]")])
            .sent(&["GET /a"])
            .fails(
                err(InvalidResponse, 1)
                    .status(200)
                    .has("not a valid status"),
            ),
        row(
            "get: a status with an unknown compliance value is invalidResponse",
            get("a"),
        )
        .script([reply(200, A.replace("compliant", "Compliant"))])
        .sent(&["GET /a"])
        .fails(
            err(InvalidResponse, 1)
                .status(200)
                .has("not a valid status"),
        ),
        row("get: a BOM before the JSON is accepted", get("a"))
            .script([reply(200, format!("\u{feff}{A}"))])
            .sent(&["GET /a"])
            .want(Want::Status(A)),
        row(
            "create: a BOM before the created status is accepted",
            create(NEW),
        )
        .script([reply(201, format!("\u{feff}{B}"))])
        .sent(&["POST"])
        .want(Want::Status(B)),
        row("list: a BOM before the page is accepted", list())
            .script([reply(200, format!("\u{feff}{}", page(&[A], None)))])
            .sent(&["GET"])
            .want(Want::Listed(vec![Item::Whole(A)])),
        row("list: a page without \"value\" is invalidResponse", list())
            .script([reply(200, r#"{"items":[]}"#)])
            .sent(&["GET"])
            .fails(
                err(InvalidResponse, 1)
                    .status(200)
                    .has("Graph's list has no \"value\" array"),
            ),
        row(
            "list: a \"value\" that is not an array is invalidResponse",
            list(),
        )
        .script([reply(200, r#"{"value":{}}"#)])
        .sent(&["GET"])
        .fails(
            err(InvalidResponse, 1)
                .status(200)
                .has("no \"value\" array"),
        ),
        row(
            "list: an item that is no status at all is invalidResponse",
            list(),
        )
        .script([reply(200, page(&[A, r#"{"status":"ok"}"#], None))])
        .sent(&["GET"])
        .fails(
            err(InvalidResponse, 1)
                .status(200)
                .has("item 1 of Graph's list is not a valid status"),
        ),
        row("list: a 200 that is HTML is invalidResponse", list())
            .script([reply(200, "<html></html>")])
            .sent(&["GET"])
            .fails(err(InvalidResponse, 1).status(200).has("not JSON")),
        row(
            "update: a 200 that is not a status is invalidResponse",
            update("a", PATCH),
        )
        .script([reply(200, "{\"ok\":true}")])
        .sent(&["PATCH /a"])
        .fails(
            err(InvalidResponse, 1)
                .status(200)
                .has("not a valid status"),
        ),
    ]
}

/// `$count` answers are numbers (a BOM and whitespace around them are fine).
pub fn counts() -> Vec<Scenario> {
    let not_a_number = || {
        err(InvalidResponse, 1)
            .status(200)
            .has("Graph's $count answer is not a number")
    };
    vec![
        row("count: a BOM before the number", count())
            .script([reply(200, "\u{feff}42")])
            .sent(&["GET /$count"])
            .want(Want::Count(42)),
        row("count: whitespace around the number", count())
            .script([reply(200, " 7\r\n")])
            .sent(&["GET /$count"])
            .want(Want::Count(7)),
        row("count: zero", count())
            .script([reply(200, "0")])
            .sent(&["GET /$count"])
            .want(Want::Count(0)),
        row("count: the largest u64", count())
            .script([reply(200, "18446744073709551615")])
            .sent(&["GET /$count"])
            .want(Want::Count(u64::MAX)),
        row(
            "count: a word is invalidResponse, quoted in the message",
            count(),
        )
        .script([reply(200, "abc")])
        .sent(&["GET /$count"])
        .fails(not_a_number().has("\"abc\"")),
        row("count: a negative number is invalidResponse", count())
            .script([reply(200, "-1")])
            .sent(&["GET /$count"])
            .fails(not_a_number()),
        row("count: a fraction is invalidResponse", count())
            .script([reply(200, "4.5")])
            .sent(&["GET /$count"])
            .fails(not_a_number()),
        row("count: an empty body is invalidResponse", count())
            .script([reply(200, "")])
            .sent(&["GET /$count"])
            .fails(not_a_number()),
        row("count: a JSON object is invalidResponse", count())
            .script([reply(200, r#"{"count":3}"#)])
            .sent(&["GET /$count"])
            .fails(not_a_number()),
    ]
}

const DENIED: &str = r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges","innerError":{"request-id":"req-inner","client-request-id":"c-1","date":"2025-02-13T10:17:06"}}}"#;
const DENIED_BODY: &str = r#"{"code":"Authorization_RequestDenied","message":"Insufficient privileges","innerError":{"request-id":"req-inner","client-request-id":"c-1","date":"2025-02-13T10:17:06"}}"#;
const DATE_HEADER: &str = "Thu, 13 Feb 2025 10:17:07 GMT";

/// Graph's errors give their code, request id, date and body; other error bodies
/// still give the status and say what they were.
pub fn graph_errors() -> Vec<Scenario> {
    vec![
        row("403: code, header request id, innerError date and the body", get("a"))
            .script([reply(403, DENIED).request_id("req-header").date(DATE_HEADER)])
            .sent(&["GET /a"])
            .fails(
                err(Service, 1)
                    .status(403)
                    .code("Authorization_RequestDenied")
                    .request_id("req-header")
                    .date("2025-02-13T10:17:06")
                    .body(DENIED_BODY)
                    .starts("GET https://graph.microsoft.com/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses/a answered 403 Forbidden: Authorization_RequestDenied: Insufficient privileges"),
            ),
        row("403 without a request-id header: the innerError's", delete("a"))
            .script([reply(403, DENIED).date(DATE_HEADER)])
            .sent(&["DELETE /a"])
            .fails(
                err(Service, 1)
                    .status(403)
                    .code("Authorization_RequestDenied")
                    .request_id("req-inner")
                    .date("2025-02-13T10:17:06")
                    .body(DENIED_BODY),
            ),
        row("an error without innerError date: the Date header", count())
            .script([reply(404, graph_error("ResourceNotFound", "gone")).date(DATE_HEADER)])
            .sent(&["GET /$count"])
            .fails(
                err(Service, 1)
                    .status(404)
                    .code("ResourceNotFound")
                    .date(DATE_HEADER)
                    .body(r#"{"code":"ResourceNotFound","message":"gone"}"#)
                    .has("answered 404 Not Found: ResourceNotFound: gone"),
            ),
        row("an error with neither ids nor dates has none", update("a", PATCH))
            .script([reply(400, graph_error("BadRequest", "Invalid patch"))])
            .sent(&["PATCH /a"])
            .fails(
                err(Service, 1)
                    .status(400)
                    .code("BadRequest")
                    .body(r#"{"code":"BadRequest","message":"Invalid patch"}"#),
            ),
        row("a proxy's HTML 502 still gives the status", get("a"))
            .script([reply(502, "<html><body>proxy error</body></html>")])
            .sent(&["GET /a"])
            .fails(
                err(Service, 1)
                    .status(502)
                    .has("answered 502 Bad Gateway with a body that is not a Graph error"),
            ),
        row("an empty 500 says so", delete("a"))
            .script([code(500).request_id("r-500")])
            .sent(&["DELETE /a"])
            .fails(
                err(Service, 1)
                    .status(500)
                    .request_id("r-500")
                    .has("answered 500 Internal Server Error with an empty body"),
            ),
        row("a whitespace-only 500 body counts as empty", count())
            .script([reply(500, " \r\n\t")])
            .sent(&["GET /$count"])
            .fails(err(Service, 1).status(500).has("with an empty body")),
        row("a BOM before Graph's error JSON still gives its code", get("a"))
            .script([reply(409, format!("\u{feff}{}", graph_error("Conflict", "busy")))])
            .sent(&["GET /a"])
            .fails(
                err(Service, 1)
                    .status(409)
                    .code("Conflict")
                    .body(r#"{"code":"Conflict","message":"busy"}"#),
            ),
        row("JSON without an \"error\" object is not a Graph error", get("a"))
            .script([reply(400, r#"{"message":"bad"}"#)])
            .sent(&["GET /a"])
            .fails(err(Service, 1).status(400).has("not a Graph error")),
        row("an \"error\" that is a string is not a Graph error", get("a"))
            .script([reply(400, r#"{"error":"denied"}"#)])
            .sent(&["GET /a"])
            .fails(err(Service, 1).status(400).has("not a Graph error")),
        row("list: a 500 on page 2 fails the list", list())
            .script([
                reply(200, page(&[A], Some(NEXT2))),
                reply(500, graph_error("InternalServerError", "boom")),
            ])
            .sent(&["GET", "GET ?$skiptoken=2"])
            .fails(
                err(Service, 1)
                    .status(500)
                    .code("InternalServerError")
                    .body(r#"{"code":"InternalServerError","message":"boom"}"#),
            ),
    ]
}

const SECRET_STATUS: &str = r#"{"id":"s-1","status":"compliant","userPrincipalName":"s3cr3t.upn@contoso.example","userName":"hunter2-user","lastReportedDateTime":"2024-05-01T12:30:00Z","complianceGracePeriodExpirationDateTime":"2024-06-01T00:00:00Z"}"#;
const SECRET_PATCH: &str =
    r#"{"userName":"hunter2-user","userPrincipalName":"s3cr3t.upn@contoso.example"}"#;

/// No message repeats what a request carried in its body.
pub fn secrets() -> Vec<Scenario> {
    let quiet = |error: ErrWant| error.lacks("s3cr3t").lacks("hunter2");
    vec![
        row(
            "create: a 400's message does not repeat the body",
            create(SECRET_STATUS),
        )
        .script([code(400)])
        .sent(&["POST"])
        .fails(quiet(err(Service, 1).status(400))),
        row(
            "create: an unknown outcome's message does not repeat the body",
            create(NEW.replace("User Name value", "hunter2-user").as_str()),
        )
        .script([code(504)])
        .sent(&["POST"])
        .fails(quiet(err(OutcomeUnknown, 1).status(504))),
        row(
            "create: a lookup failure's message does not repeat the body",
            create(SECRET_STATUS),
        )
        .retry(0, 0, 0)
        .script([network("reset"), code(404)])
        .sent(&["POST", "GET /s-1"])
        .fails(quiet(
            err(Network, 1)
                .starts("the create was not stored (")
                .cause(Service, Some(404)),
        )),
        row(
            "update: a 500's message does not repeat the patch",
            update("a", SECRET_PATCH),
        )
        .script([code(500)])
        .sent(&["PATCH /a"])
        .fails(quiet(err(Service, 1).status(500))),
        row(
            "update: a redirect's message does not repeat the patch",
            update("a", SECRET_PATCH),
        )
        .script([code(302)])
        .sent(&["PATCH /a"])
        .fails(quiet(err(InvalidResponse, 1).status(302))),
    ]
}

/// What each operation answers: update's status or nothing, delete's nothing,
/// list items whole or partial; and the bodies that go out.
pub fn shapes() -> Vec<Scenario> {
    const MINIMAL: &str = r#"{"status":"compliant","lastReportedDateTime":"2024-05-01T12:30:00Z","complianceGracePeriodExpirationDateTime":"2024-06-01T00:00:00Z"}"#;
    const MINIMAL_BODY: &str = r##"{"@odata.type":"#microsoft.graph.deviceConfigurationDeviceStatus","deviceDisplayName":null,"userName":null,"deviceModel":null,"complianceGracePeriodExpirationDateTime":"2024-06-01T00:00:00Z","status":"compliant","lastReportedDateTime":"2024-05-01T12:30:00Z","userPrincipalName":null}"##;
    vec![
        row("create sends the status with its @odata.type and nulls", create(MINIMAL))
            .script([reply(201, A)])
            .sent(&["POST"])
            .bodies(&[Some(MINIMAL_BODY)])
            .want(Want::Status(A)),
        row("update: 200 with the status gives it", update("a", PATCH))
            .script([reply(200, A)])
            .sent(&["PATCH /a"])
            .bodies(&[Some(PATCH_BODY)])
            .want(Want::Updated(Some(A))),
        row("update: 204 gives no status", update("a", PATCH))
            .script([code(204)])
            .sent(&["PATCH /a"])
            .want(Want::Updated(None)),
        row("update: 200 with an empty body gives no status", update("a", PATCH))
            .script([reply(200, "")])
            .sent(&["PATCH /a"])
            .want(Want::Updated(None)),
        row("update: 200 with only whitespace gives no status", update("a", PATCH))
            .script([reply(200, " \n")])
            .sent(&["PATCH /a"])
            .want(Want::Updated(None)),
        row("update: 204 with a stray body still gives no status", update("a", PATCH))
            .script([reply(204, "junk")])
            .sent(&["PATCH /a"])
            .want(Want::Updated(None)),
        row("update sends only the given properties", update("a", r#"{"userPrincipalName":"u@contoso.example"}"#))
            .script([code(204)])
            .sent(&["PATCH /a"])
            .bodies(&[Some(r##"{"@odata.type":"#microsoft.graph.deviceConfigurationDeviceStatus","userPrincipalName":"u@contoso.example"}"##)])
            .want(Want::Updated(None)),
        row("delete: 204 gives nothing", delete("a"))
            .script([code(204)])
            .sent(&["DELETE /a"])
            .want(Want::Nothing),
        row("delete: 200 with a body gives nothing", delete("a"))
            .script([reply(200, "{}")])
            .sent(&["DELETE /a"])
            .want(Want::Nothing),
        row("list: whole statuses are Whole", list())
            .script([reply(200, page(&[A, B], None))])
            .sent(&["GET"])
            .want(Want::Listed(vec![Item::Whole(A), Item::Whole(B)])),
        row("list with $select: items are Partial", list_with(select_id_status()))
            .script([reply(200, page(&[PART_A, PART_C], None))])
            .sent(&["GET ?$select=id%2Cstatus"])
            .want(Want::Listed(vec![Item::Partial(PART_A), Item::Partial(PART_C)])),
        row("list with $select: even whole items are Partial", list_with(select_id_status()))
            .script([reply(200, page(&[A], None))])
            .sent(&["GET ?$select=id%2Cstatus"])
            .want(Want::Listed(vec![Item::Partial(A)])),
        row("list: an item without its dates is kept as Partial", list())
            .script([reply(200, page(&[A, PART_C], None))])
            .sent(&["GET"])
            .want(Want::Listed(vec![Item::Whole(A), Item::Partial(PART_C)])),
        row("list: an empty collection", list())
            .script([reply(200, page(&[], None))])
            .sent(&["GET"])
            .want(Want::Listed(vec![])),
        row("pages with $select: partial pages", pages_with(select_id_status()))
            .script([
                reply(200, page(&[PART_A], Some(NEXT2))),
                reply(200, page(&[PART_C], None)),
            ])
            .sent(&["GET ?$select=id%2Cstatus", "GET ?$skiptoken=2"])
            .want(Want::Pages(vec![
                vec![Item::Partial(PART_A)],
                vec![Item::Partial(PART_C)],
            ])),
    ]
}

const READ: &str = "DeviceManagementConfiguration.Read.All";
const WRITE: &str = "DeviceManagementConfiguration.ReadWrite.All";

/// Reads ask for the read scope and writes for the write scope, under each cloud's
/// root; requests go under the cloud's root and the version's segment.
pub fn scopes_and_versions() -> Vec<Scenario> {
    let clouds = [
        (Cloud::Global, "global", "https://graph.microsoft.com"),
        (Cloud::UsGovL4, "usGovL4", "https://graph.microsoft.us"),
        (
            Cloud::UsGovL5Dod,
            "usGovL5Dod",
            "https://dod-graph.microsoft.us",
        ),
        (
            Cloud::China,
            "china",
            "https://microsoftgraph.chinacloudapi.cn",
        ),
    ];
    let mut rows = Vec::new();
    for (cloud, name, root) in clouds {
        let collection =
            format!("{root}/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses");
        rows.push(
            row(
                &format!("{name}: a get asks the read scope under {root}"),
                get("a"),
            )
            .cloud(cloud)
            .script([reply(200, A)])
            .sent(&[&format!("GET {collection}/a")])
            .scopes(&[leak(format!("{root}/{READ}"))])
            .want(Want::Status(A)),
        );
        rows.push(
            row(
                &format!("{name}: an update asks the write scope under {root}"),
                update("a", PATCH),
            )
            .cloud(cloud)
            .script([code(204)])
            .sent(&[&format!("PATCH {collection}/a")])
            .scopes(&[leak(format!("{root}/{WRITE}"))])
            .want(Want::Updated(None)),
        );
    }
    let beta = "https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses";
    rows.extend([
        row("beta: a get goes under /beta", get("a"))
            .version(ApiVersion::Beta)
            .script([reply(200, A)])
            .sent(&[&format!("GET {beta}/a")])
            .want(Want::Status(A)),
        row("beta: $count goes under /beta", count())
            .version(ApiVersion::Beta)
            .script([reply(200, "5")])
            .sent(&[&format!("GET {beta}/$count")])
            .want(Want::Count(5)),
        row("beta: a create and its lookup go under /beta", create(D7))
            .version(ApiVersion::Beta)
            .script([code(504), reply(200, D7)])
            .sent(&[&format!("POST {beta}"), &format!("GET {beta}/d-7")])
            .want(Want::Status(D7)),
        row("v1.0: a delete asks the write scope under /v1.0", delete("a"))
            .version(ApiVersion::V1)
            .script([code(204)])
            .sent(&[&format!("DELETE {U}/a")])
            .scopes(&["https://graph.microsoft.com/DeviceManagementConfiguration.ReadWrite.All"])
            .want(Want::Nothing),
        row("china beta: a list asks the read scope", list())
            .cloud(Cloud::China)
            .version(ApiVersion::Beta)
            .script([reply(200, page(&[], None))])
            .sent(&["GET https://microsoftgraph.chinacloudapi.cn/beta/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses"])
            .scopes(&["https://microsoftgraph.chinacloudapi.cn/DeviceManagementConfiguration.Read.All"])
            .want(Want::Listed(vec![])),
        row("baseUrl moves the requests, but the scope follows the cloud", count())
            .cloud(Cloud::UsGovL4)
            .base_url("http://127.0.0.1:8080/graph/")
            .script([reply(200, "1")])
            .sent(&["GET http://127.0.0.1:8080/graph/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses/$count"])
            .scopes(&["https://graph.microsoft.us/DeviceManagementConfiguration.Read.All"])
            .want(Want::Count(1)),
    ]);
    rows
}

/// Ids and list options are percent-encoded into the URL.
pub fn encoding() -> Vec<Scenario> {
    let root = "https://graph.microsoft.com/v1.0/deviceManagement/deviceConfigurations";
    vec![
        row("a status id's ':' is encoded", get("dev:1"))
            .script([reply(200, A)])
            .sent(&["GET /dev%3A1"])
            .want(Want::Status(A)),
        row("a configuration id's '+', '&' and '=' are encoded", count())
            .configuration("a+b&c=d")
            .script([reply(200, "2")])
            .sent(&[&format!("GET {root}/a%2Bb%26c%3Dd/deviceStatuses/$count")])
            .want(Want::Count(2)),
        row("a non-ASCII id is encoded as UTF-8", delete("é-ü"))
            .script([code(204)])
            .sent(&["DELETE /%C3%A9-%C3%BC"])
            .want(Want::Nothing),
        row("unreserved characters stay as they are", update("A-z_.~9", PATCH))
            .script([code(204)])
            .sent(&["PATCH /A-z_.~9"])
            .want(Want::Updated(None)),
        row("'$', quotes and '@' in an id are encoded", get("$x'\"@"))
            .script([reply(200, A)])
            .sent(&["GET /%24x%27%22%40"])
            .want(Want::Status(A)),
        row("every list option, each value encoded", list_with(ListQuery {
            top: Some(5),
            filter: Some("status eq 'compliant'".into()),
            select: vec!["id".into(), "status".into()],
            orderby: Some("lastReportedDateTime desc".into()),
            // Not a query option: it never reaches the URL.
            max_pages: Some(3),
        }))
            .script([reply(200, page(&[PART_A], None))])
            .sent(&["GET ?$top=5&$filter=status%20eq%20%27compliant%27&$select=id%2Cstatus&$orderby=lastReportedDateTime%20desc"])
            .want(Want::Listed(vec![Item::Partial(PART_A)])),
        row("a filter cannot add query options of its own", list_with(ListQuery {
            filter: Some("status eq 'error'&$top=1#x".into()),
            ..ListQuery::default()
        }))
            .script([reply(200, page(&[], None))])
            .sent(&["GET ?$filter=status%20eq%20%27error%27%26%24top%3D1%23x"])
            .want(Want::Listed(vec![])),
        row("$top alone, including 0", pages_with(ListQuery {
            top: Some(0),
            ..ListQuery::default()
        }))
            .script([reply(200, page(&[], None))])
            .sent(&["GET ?$top=0"])
            .want(Want::Pages(vec![vec![]])),
        row("a non-ASCII filter is encoded as UTF-8", list_with(ListQuery {
            filter: Some("deviceDisplayName eq 'Bürо'".into()),
            ..ListQuery::default()
        }))
            .script([reply(200, page(&[], None))])
            .sent(&["GET ?$filter=deviceDisplayName%20eq%20%27B%C3%BCr%D0%BE%27"])
            .want(Want::Listed(vec![])),
        row("an id of 256 characters is accepted", get(&"x".repeat(256)))
            .script([reply(200, A)])
            .sent(&[leak(format!("GET /{}", "x".repeat(256)))])
            .want(Want::Status(A)),
    ]
}

/// Ids that could change the path are refused before anything is sent, naming the
/// argument.
pub fn refused_ids() -> Vec<Scenario> {
    const CFG: &str = "configurationId: ";
    const STATUS_ID: &str = "statusId: ";
    const BODY_ID: &str = "status.id: ";
    let refused = |name: &str, op, cfg: &str, argument: &'static str| {
        row(name, op)
            .configuration(cfg)
            .sent(&[])
            .want(Want::Refused(argument))
    };
    vec![
        // A dot segment: fetch's URL parser would drop it (`.../deviceStatuses/.`
        // becomes the collection, `deviceConfigurations/./deviceStatuses` another path).
        refused("delete: a statusId of '.'", delete("."), "cfg-1", STATUS_ID),
        refused("list: a configurationId of '.'", list(), ".", CFG),
        refused(
            "create: a status.id of '.'",
            create_with_id("."),
            "cfg-1",
            BODY_ID,
        ),
        refused("get: an empty configurationId", get("a"), "", CFG),
        refused("get: a configurationId with '/'", get("a"), "a/b", CFG),
        refused("count: a configurationId of '..'", count(), "..", CFG),
        refused("list: a configurationId with '?'", list(), "a?b", CFG),
        refused("pages: a configurationId with '#'", pages(), "a#b", CFG),
        refused(
            "create: a configurationId with '%' (an encoded slash)",
            create(NEW),
            "a%2Fb",
            CFG,
        ),
        refused(
            "update: a configurationId with a space",
            update("a", PATCH),
            "a b",
            CFG,
        ),
        refused(
            "delete: a configurationId with a tab",
            delete("a"),
            "a\tb",
            CFG,
        ),
        refused("get: a configurationId with '\\'", get("a"), "a\\b", CFG),
        refused("count: a configurationId with NUL", count(), "a\u{0}b", CFG),
        refused(
            "list: a configurationId with a no-break space",
            list(),
            "a\u{a0}b",
            CFG,
        ),
        refused(
            "get: a configurationId of 257 characters",
            get("a"),
            &"c".repeat(257),
            CFG,
        ),
        refused(
            "get: the configurationId is checked before the statusId",
            get("c?d"),
            "a/b",
            CFG,
        ),
        refused("get: an empty statusId", get(""), "cfg-1", STATUS_ID),
        refused("get: a statusId of '../x'", get("../x"), "cfg-1", STATUS_ID),
        refused(
            "update: a statusId with 'a..b'",
            update("a..b", PATCH),
            "cfg-1",
            STATUS_ID,
        ),
        refused(
            "delete: a statusId with '?'",
            delete("a?$x=1"),
            "cfg-1",
            STATUS_ID,
        ),
        refused(
            "delete: a statusId with a newline",
            delete("a\nb"),
            "cfg-1",
            STATUS_ID,
        ),
        refused(
            "update: a statusId with '%2e%2e'",
            update("%2e%2e", PATCH),
            "cfg-1",
            STATUS_ID,
        ),
        refused(
            "create: a status id with '/'",
            create_with_id("d/7"),
            "cfg-1",
            BODY_ID,
        ),
        refused(
            "create: a status id of '..'",
            create_with_id(".."),
            "cfg-1",
            BODY_ID,
        ),
        refused(
            "create: a status id with a line separator",
            create_with_id("d\u{2028}7"),
            "cfg-1",
            BODY_ID,
        ),
        refused(
            "create: a status id of 257 characters",
            create_with_id(&"s".repeat(257)),
            "cfg-1",
            BODY_ID,
        ),
    ]
}

/// A call with a request in flight refuses `resume()`, and goes on as if it had not
/// been asked.
pub fn in_flight() -> Vec<Scenario> {
    vec![
        row("get: resume() while the GET is out is refused", get("a"))
            .poke()
            .script([reply(200, A)])
            .sent(&["GET /a"])
            .want(Want::Status(A)),
        row("create: refused during the POST and the lookup", create(D7))
            .poke()
            .script([code(504), reply(200, D7)])
            .sent(&["POST", "GET /d-7"])
            .want(Want::Status(D7)),
        row("list: refused on every page", list())
            .poke()
            .script([
                reply(200, page(&[A], Some(NEXT2))),
                reply(200, page(&[B], None)),
            ])
            .sent(&["GET", "GET ?$skiptoken=2"])
            .want(Want::Listed(vec![Item::Whole(A), Item::Whole(B)])),
        row("pages: refused while page 2 is out", pages())
            .poke()
            .script([
                reply(200, page(&[A], Some(NEXT2))),
                reply(200, page(&[B], None)),
            ])
            .sent(&["GET", "GET ?$skiptoken=2"])
            .want(Want::Pages(vec![
                vec![Item::Whole(A)],
                vec![Item::Whole(B)],
            ])),
        row(
            "update: refused, and the retry still happens",
            update("a", PATCH),
        )
        .poke()
        .script([code(503).retry_after("1"), code(204)])
        .sent(&["PATCH /a", "PATCH /a"])
        .waits(&[Is(1_000)])
        .want(Want::Updated(None)),
        row(
            "delete: refused during the attempt after a fresh token",
            delete("a"),
        )
        .poke()
        .script([code(401), code(204)])
        .sent(&["DELETE /a", &format!("DELETE /a{FRESH}")])
        .want(Want::Nothing),
        row("count: refused, and the final error is unchanged", count())
            .poke()
            .retry(0, 0, 0)
            .script([network("reset")])
            .sent(&["GET /$count"])
            .fails(err(Network, 1).has("reset")),
    ]
}

/// Options a call is built from are checked, naming the option.
pub fn options() -> Vec<Probe> {
    fn refused(result: Result<impl std::fmt::Debug, Error>, start: &str) -> Result<(), String> {
        match result {
            Err(e @ Error::InvalidArgument { .. }) if e.to_string().starts_with(start) => Ok(()),
            other => Err(format!(
                "expected an invalid argument starting {start:?}, got {other:?}"
            )),
        }
    }
    vec![
        Probe {
            name: "maxRetries 11 is refused",
            run: || {
                refused(
                    RetryPolicy::new(11, 1_000, 60_000),
                    "options.retry.maxRetries: expected 0 to 10, found 11",
                )
            },
        },
        Probe {
            name: "maxDelayMs 180001 is refused",
            run: || {
                refused(
                    RetryPolicy::new(3, 1_000, 180_001),
                    "options.retry.maxDelayMs: expected 0 to 180000, found 180001",
                )
            },
        },
        Probe {
            name: "the largest options are accepted",
            run: || {
                RetryPolicy::new(10, u32::MAX, 180_000)
                    .map(drop)
                    .map_err(|e| e.to_string())
            },
        },
        Probe {
            name: "a baseUrl with credentials is refused",
            run: || {
                refused(
                    GraphRoot::parse("https://user:pw@graph.example"),
                    "options.baseUrl: ",
                )
            },
        },
        Probe {
            name: "a baseUrl that is not http(s) is refused",
            run: || refused(GraphRoot::parse("ftp://graph.example"), "options.baseUrl: "),
        },
    ]
}
