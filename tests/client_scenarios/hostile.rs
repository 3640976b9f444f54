//! Rows for what a strange or hostile Graph can answer: nothing it says may turn a
//! stored create into an error that reads as "not stored", or a lookup's answer
//! about another status into the created one.

use crate::fixtures::*;
use crate::harness::*;
use intune_device_status::error::ErrorKind::*;

/// The example as created, with the id Graph gave it.
fn new_s9() -> &'static str {
    leak(NEW_BODY.replacen('{', r#"{"id":"s-9","#, 1))
}

/// An echo Graph may send that the create rules refuse (a date without offset).
const ECHO_NO_OFFSET: &str = r#"{"id":"s-9","status":"notApplicable","lastReportedDateTime":"2017-01-01T08:00:17","complianceGracePeriodExpirationDateTime":"2017-01-01T07:56:44"}"#;

const STORED: &str = "the status was stored, but ";

/// "A 2xx answer to a create means Graph stored it": whatever the body, the
/// create resolves with what it sent and the id Graph gave (or the caller's),
/// else fails as `storedUnreadable`, never as "not stored" or `invalidResponse`.
pub fn stored_creates() -> Vec<Scenario> {
    let location = format!("{U}/s-9");
    let location_key = format!("{U}('s-9')");
    vec![
        row("create: 201 with an empty body and no id anywhere", create(NEW))
            .script([code(201)])
            .sent(&["POST"])
            .fails(
                err(StoredUnreadable, 1)
                    .status(201)
                    .starts("POST ")
                    .has(STORED)
                    .has("do not send it again"),
            ),
        row("create: 204 and no id anywhere", create(NEW))
            .script([code(204)])
            .sent(&["POST"])
            .fails(err(StoredUnreadable, 1).status(204).has(STORED)),
        row("create: 201 that is not JSON, and no id anywhere", create(NEW))
            .script([reply(201, "<html>created</html>")])
            .sent(&["POST"])
            .fails(err(StoredUnreadable, 1).status(201).has("not JSON")),
        row("create: 201 empty, the id in Location", create(NEW))
            .script([code(201).location(&location)])
            .sent(&["POST"])
            .want(Want::Status(new_s9())),
        row("create: 201 empty, Location in Graph's key syntax", create(NEW))
            .script([code(201).location(&location_key)])
            .sent(&["POST"])
            .want(Want::Status(new_s9())),
        row("create with id: 204, the caller's id", create(D7))
            .script([code(204)])
            .sent(&["POST"])
            .want(Want::Status(D7)),
        row("create with id: 201 that is not JSON, the caller's id", create(D7))
            .script([reply(201, "created")])
            .sent(&["POST"])
            .want(Want::Status(D7)),
        row(
            "create: 201 whose echo breaks the create rules gives the status as sent, with Graph's id",
            create(NEW),
        )
        .script([reply(201, ECHO_NO_OFFSET)])
        .sent(&["POST"])
        .want(Want::Status(new_s9())),
        row(
            "create: 201 whose id could reach another path is not taken as the id",
            create(NEW),
        )
        .script([reply(201, r#"{"id":"a/../b"}"#)])
        .sent(&["POST"])
        .fails(
            err(StoredUnreadable, 1)
                .status(201)
                .has("not a valid status"),
        ),
    ]
}

/// "After an unknown outcome, a lookup whose answer carries another id is not the
/// created status."
pub fn lookup_of_another_status() -> Vec<Scenario> {
    vec![
        row(
            "create with id: 504, the lookup answers a status with another id",
            create(D7),
        )
        .script([code(504), reply(200, A)])
        .sent(&["POST", "GET /d-7"])
        .fails(
            err(OutcomeUnknown, 1)
                .status(504)
                .has("looking it up by its id did not settle it")
                .cause(InvalidResponse, Some(200)),
        ),
        row(
            "create with id: a timeout, the lookup answers a status without an id",
            create(D7),
        )
        .script([timeout(), reply(200, A.replace(r#""id":"a","#, ""))])
        .sent(&["POST", "GET /d-7"])
        .fails(
            err(OutcomeUnknown, 1)
                .has("looking it up by its id did not settle it")
                .cause(InvalidResponse, Some(200)),
        ),
    ]
}

/// "After the request left, an abort is an unknown outcome (looked up by id when it
/// has one, as after a timeout); `aborted` only when nothing was sent, with
/// `attempts: 0`. `AbortSignal.timeout()` is a `timeout`."
pub fn aborts() -> Vec<Scenario> {
    vec![
        row("create: aborted while the POST was out, no id", create(NEW))
            .script([aborted()])
            .sent(&["POST"])
            .fails(
                err(OutcomeUnknown, 1)
                    .has("the call was aborted")
                    .has("not resent"),
            ),
        row(
            "create with id: aborted while out, the lookup finds it stored",
            create(D7),
        )
        .script([aborted(), reply(200, D7)])
        .sent(&["POST", "GET /d-7"])
        .want(Want::Status(D7)),
        row(
            "create with id: aborted while out, the lookup finds nothing: not sent again",
            create(D7),
        )
        .script([aborted(), code(404)])
        .sent(&["POST", "GET /d-7"])
        .fails(
            err(Aborted, 1)
                .starts("the create was not stored (")
                .has("the caller stopped the call")
                .cause(Service, Some(404)),
        ),
        row("create: aborted before the POST could leave", create(D7))
            .script([aborted_before()])
            .sent(&["POST"])
            .fails(err(Aborted, 0).has("the call was aborted")),
        row(
            "create: the caller's deadline passed while the POST was out, no id",
            create(NEW),
        )
        .script([deadline()])
        .sent(&["POST"])
        .fails(err(OutcomeUnknown, 1).has("deadline passed")),
        row("get: the caller's deadline passed while out", get("a"))
            .script([deadline()])
            .sent(&["GET /a"])
            .fails(err(Timeout, 1).has("deadline passed")),
        row("delete: aborted before it could leave", delete("a"))
            .script([aborted_before()])
            .sent(&["DELETE /a"])
            .fails(err(Aborted, 0)),
        row(
            "create: 503, then aborted before the retry could leave",
            create(NEW),
        )
        .script([code(503).retry_after("0"), aborted_before()])
        .sent(&["POST", "POST"])
        .waits(&[crate::harness::W::Is(0)])
        .fails(err(Aborted, 1)),
    ]
}

/// "`list()` whose nextLink loops (the same URL again, or an endless chain on the
/// same origin) never ends": a repeated link and a chain past `max_pages` end the
/// call.
pub fn endless_lists() -> Vec<Scenario> {
    use intune_device_status::client::path::ListQuery;
    let capped = ListQuery {
        max_pages: Some(2),
        ..ListQuery::default()
    };
    vec![
        row("list: the first page's nextLink is the first page", list())
            .script([reply(200, page(&[A], Some(U)))])
            .sent(&["GET"])
            .fails(
                err(InvalidResponse, 1)
                    .status(200)
                    .has("leads back to a page already read"),
            ),
        row("list: page 2 links to itself", list())
            .script([
                reply(200, page(&[A], Some(NEXT2))),
                reply(200, page(&[B], Some(NEXT2))),
            ])
            .sent(&["GET", "GET ?$skiptoken=2"])
            .fails(
                err(InvalidResponse, 1)
                    .status(200)
                    .has("leads back to a page already read"),
            ),
        row("list: page 3 links back to page 2", list())
            .script([
                reply(200, page(&[A], Some(NEXT2))),
                reply(200, page(&[B], Some(NEXT3))),
                reply(200, page(&[C], Some(NEXT2))),
            ])
            .sent(&["GET", "GET ?$skiptoken=2", "GET ?$skiptoken=3"])
            .fails(err(InvalidResponse, 1).status(200).has("already read")),
        row(
            "list: max_pages 2 stops a longer chain",
            list_with(capped.clone()),
        )
        .script([
            reply(200, page(&[A], Some(NEXT2))),
            reply(200, page(&[B], Some(NEXT3))),
        ])
        .sent(&["GET", "GET ?$skiptoken=2"])
        .fails(
            err(InvalidResponse, 1)
                .status(200)
                .has("more than 2 pages (maxPages)"),
        ),
        row(
            "list: max_pages 2 reads a chain of 2",
            list_with(capped.clone()),
        )
        .script([
            reply(200, page(&[A], Some(NEXT2))),
            reply(200, page(&[B], None)),
        ])
        .sent(&["GET", "GET ?$skiptoken=2"])
        .want(Want::Listed(vec![Item::Whole(A), Item::Whole(B)])),
        row("pages: a repeated link ends after the pages read", pages())
            .script([
                reply(200, page(&[A], Some(NEXT2))),
                reply(200, page(&[B], Some(NEXT2))),
            ])
            .sent(&["GET", "GET ?$skiptoken=2"])
            .want(Want::PagesThenFails(
                vec![vec![Item::Whole(A)]],
                err(InvalidResponse, 1).status(200).has("already read"),
            )),
    ]
}
