//! One operation from start to answer, without I/O: [`Call`] says what to send
//! next, the driver reports what came back, until the call is done. An operation
//! may span several requests: a list follows its `nextLink`s, and a create whose
//! outcome is unknown looks its status up by id before it would send it again.

use crate::client::body::{without_bom, Json};
use crate::client::exchange::{Exchange, Failure, Progress, Replied, Reply, Request};
use crate::client::path::{check_id, GraphRoot};
use crate::client::retry::{Budget, Method};
use crate::error::{Error, ErrorKind};
use crate::model::{DeviceConfigurationDeviceStatus, DeviceStatusPatch};
use crate::validate::{parse, parse_patch};
use serde::Serialize;

/// A status as a list returns it: whole, or only the `$select`ed properties.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Listed {
    /// Every property.
    Whole(DeviceConfigurationDeviceStatus),
    /// Some properties (`$select`).
    Partial(DeviceStatusPatch),
}

/// What an operation resolves to.
pub enum Output {
    /// The status Graph stored or returned (create, get).
    Status(DeviceConfigurationDeviceStatus),
    /// An update's answer: the status, or `None` when Graph answered 204.
    Updated(Option<DeviceConfigurationDeviceStatus>),
    /// A whole list, or one page of it.
    Listed(Vec<Listed>),
    /// `$count`.
    Count(u64),
    /// A delete, or the end of the pages.
    Nothing,
}

/// What the driver does next.
pub enum Step<'a> {
    /// Send this request with a token (a fresh one when `refresh`).
    Send {
        /// The request.
        request: &'a Request,
        /// Ask the token source for a new token.
        refresh: bool,
        /// A lookup settling a create's unknown outcome ([`Call::settling`]): send
        /// it even after the caller aborted.
        settling: bool,
    },
    /// Wait this many milliseconds, then call [`Call::resume`].
    Wait(u64),
    /// The operation's answer.
    Done(Output),
}

/// The operations, with what each keeps between requests.
// One per call, so a create's larger state costs nothing worth an allocation.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Operation {
    /// `POST`; `lookup` is the status's own URL when it has an id.
    Create {
        /// The status as sent: what a 2xx means when its body cannot be read.
        sent: Box<DeviceConfigurationDeviceStatus>,
        post: Request,
        lookup: Option<Request>,
        /// The `outcomeUnknown` error while the status is being looked up.
        unknown: Option<Error>,
        checks: u32,
    },
    Get,
    Update,
    Delete,
    Count,
    /// Every page, gathered.
    List {
        partial: bool,
        items: Vec<Listed>,
        links: Links,
    },
    /// One page per [`Step::Done`]; `next` is the following page's URL.
    Pages {
        partial: bool,
        next: Option<String>,
        links: Links,
    },
}

impl Operation {
    /// The HTTP method of the operation's (first) request.
    pub(crate) fn method(&self) -> Method {
        match self {
            Self::Create { .. } => Method::Post,
            Self::Update => Method::Patch,
            Self::Delete => Method::Delete,
            Self::Get | Self::Count | Self::List { .. } | Self::Pages { .. } => Method::Get,
        }
    }
}

/// Where a call stands between the driver's turns.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Nothing sent yet.
    Fresh,
    /// A request is out; a reply or failure is due.
    Sending,
    /// Told to wait; the next attempt is due.
    Waiting,
    /// Answered (for pages: one page was returned).
    Answered,
}

/// An operation in progress.
pub struct Call {
    root: GraphRoot,
    budget: Budget,
    operation: Operation,
    exchange: Exchange,
    phase: Phase,
    /// The caller's signal fired: nothing is sent again but a settling lookup.
    stopped: bool,
}

impl Call {
    pub(crate) fn new(
        root: GraphRoot,
        budget: Budget,
        operation: Operation,
        request: Request,
    ) -> Self {
        Self {
            root,
            budget,
            operation,
            exchange: Exchange::new(request, 0),
            phase: Phase::Fresh,
            stopped: false,
        }
    }

    /// The first step; after a [`Step::Wait`], the next attempt; for pages, after a
    /// page was returned, the next page (or [`Output::Nothing`] after the last).
    pub fn resume(&mut self) -> Result<Step<'_>, Error> {
        match self.phase {
            Phase::Fresh => self.begin(),
            Phase::Waiting => {
                let progress = self.exchange.send();
                self.advance(Ok(progress))
            }
            Phase::Answered => {
                let next = match &mut self.operation {
                    Operation::Pages { next, .. } => next.take(),
                    _ => None,
                };
                match next {
                    Some(url) => self.follow(url),
                    None => Ok(Step::Done(Output::Nothing)),
                }
            }
            Phase::Sending => Err(Error::request(
                ErrorKind::InvalidArgument,
                "the call already has a request in flight",
            )),
        }
    }

    /// The request the last [`Step::Send`] asked for (or will ask for again).
    pub fn request(&self) -> &Request {
        &self.exchange.request
    }

    /// What a reply to the request of the last [`Step::Send`] means for the
    /// operation; its body is read as JSON with the driver's parser `J`.
    pub fn on_reply<J: Json>(&mut self, reply: Reply) -> Result<Step<'_>, Error> {
        match self.exchange.on_reply::<J>(reply, &mut self.budget) {
            Ok(Replied::Answered(reply)) => self.answered::<J>(reply),
            Ok(Replied::Pending(progress)) => self.advance(Ok(progress)),
            Err(error) => self.advance(Err(error)),
        }
    }

    /// What a failed attempt (no reply) means for the operation.
    pub fn on_failure(&mut self, failure: Failure) -> Result<Step<'_>, Error> {
        let left = match &failure {
            Failure::Aborted { sent, .. } => {
                self.stopped = true;
                *sent
            }
            Failure::Withheld(_) => {
                self.stopped = true;
                false
            }
            _ => true,
        };
        if !left && self.phase == Phase::Sending {
            // It never left: the attempt the send step counted never was.
            self.exchange.unsend();
        }
        let progress = self.exchange.on_failure(failure, &mut self.budget);
        self.advance(progress)
    }

    /// Whether the request asked for is a lookup settling a create whose outcome
    /// is unknown. A driver sends it even after the caller aborted (one `GET`,
    /// under the attempt's timeout): it tells whether the status was stored, so
    /// the caller need not guess, or resend into a duplicate.
    pub fn settling(&self) -> bool {
        matches!(
            self.operation,
            Operation::Create {
                unknown: Some(_),
                ..
            }
        )
    }

    /// The first attempt of the current request. Its URL is on the root's origin:
    /// the client builds URLs under the root, and `page` refuses a nextLink
    /// anywhere else, the one way a URL from outside comes in.
    fn begin(&mut self) -> Result<Step<'_>, Error> {
        let progress = self.exchange.send();
        self.advance(Ok(progress))
    }

    /// Goes on with a new request (the next page, a lookup, a resend), after
    /// `attempts` made before of the same request (a resend counts its POSTs).
    fn restart(&mut self, request: Request, attempts: u32) -> Result<Step<'_>, Error> {
        self.exchange = Exchange::new(request, attempts);
        self.begin()
    }

    /// The same request at another URL (a `nextLink`).
    fn follow(&mut self, url: String) -> Result<Step<'_>, Error> {
        let request = Request {
            url,
            ..self.exchange.request.clone()
        };
        self.restart(request, 0)
    }

    fn advance(&mut self, progress: Result<Progress, Error>) -> Result<Step<'_>, Error> {
        self.phase = Phase::Sending;
        match progress {
            Ok(Progress::Send { refresh }) => Ok(Step::Send {
                settling: self.settling(),
                request: &self.exchange.request,
                refresh,
            }),
            Ok(Progress::Wait(ms)) => {
                self.phase = Phase::Waiting;
                Ok(Step::Wait(ms))
            }
            Err(error) => {
                self.phase = Phase::Answered;
                self.failed(error)
            }
        }
    }

    /// A request ended without success. Only a create does more: after an unknown
    /// outcome it looks its status up, and resends only when Graph says it has no
    /// such status.
    fn failed(&mut self, error: Error) -> Result<Step<'_>, Error> {
        let Operation::Create {
            post,
            lookup,
            unknown: unknown_error,
            checks,
            ..
        } = &mut self.operation
        else {
            return Err(error);
        };
        let uncertain = self.exchange.uncertain();
        let (next, attempts) = match (unknown_error.take(), lookup) {
            (None, _) if !uncertain => return Err(error),
            (None, None) => return Err(settle(error, None, false, UNKNOWN, NO_ID)),
            (None, Some(lookup)) => {
                *unknown_error = Some(error);
                (lookup.clone(), 0)
            }
            (Some(attempt), _) => {
                let missing = matches!(&error, Error::Request(e) if e.status == Some(404));
                if !missing {
                    return Err(settle(attempt, Some(error), false, UNKNOWN, LOOKUP_FAILED));
                }
                if self.stopped {
                    // Settled: not stored, and the caller stopped the call.
                    return Err(settle(attempt, Some(error), true, NOT_STORED, STOPPED));
                }
                if *checks >= self.budget.policy.max_retries {
                    // Settled after all: not stored. The call failed as its attempt
                    // did (a 504, or no answer), with no retry left.
                    return Err(settle(attempt, Some(error), true, NOT_STORED, NO_RETRY));
                }
                *checks += 1;
                let posted = match &attempt {
                    Error::Request(e) => e.attempts,
                    _ => 0,
                };
                (post.clone(), posted)
            }
        };
        self.restart(next, attempts)
    }

    fn answered<J: Json>(&mut self, reply: Reply) -> Result<Step<'_>, Error> {
        self.phase = Phase::Answered;
        if let Operation::Create {
            unknown: Some(_),
            sent,
            ..
        } = &self.operation
        {
            // A lookup's answer: the status with the create's id settles it;
            // anything else leaves its outcome unknown, as a failed lookup does.
            let found = entity::<J>(&self.exchange, &reply)
                .and_then(|status| same_id(&self.exchange, &reply, sent.id.as_deref(), status));
            return match found {
                Ok(status) => Ok(Step::Done(Output::Status(status))),
                Err(error) => self.failed(error),
            };
        }
        let exchange = &self.exchange;
        let output = match &mut self.operation {
            Operation::Create { sent, .. } => Output::Status(created::<J>(exchange, sent, &reply)?),
            Operation::Get => Output::Status(entity::<J>(exchange, &reply)?),
            Operation::Update if reply.status == 204 || reply.body.trim_ascii().is_empty() => {
                Output::Updated(None)
            }
            Operation::Update => Output::Updated(Some(entity::<J>(exchange, &reply)?)),
            Operation::Delete => Output::Nothing,
            Operation::Count => Output::Count(count(exchange, &reply)?),
            Operation::List {
                partial,
                items,
                links,
            } => {
                let (page, next_link) = page::<J>(exchange, &self.root, &reply, *partial)?;
                items.extend(page);
                match next_link {
                    Some(url) => {
                        links.follow(&url, exchange, &reply)?;
                        return self.follow(url);
                    }
                    None => Output::Listed(core::mem::take(items)),
                }
            }
            Operation::Pages {
                partial,
                next,
                links,
            } => {
                let (page, next_link) = page::<J>(exchange, &self.root, &reply, *partial)?;
                if let Some(url) = &next_link {
                    links.follow(url, exchange, &reply)?;
                }
                *next = next_link;
                Output::Listed(page)
            }
        };
        Ok(Step::Done(output))
    }
}

/// The pages a list has read, so its nextLinks cannot go round in circles or on
/// forever.
pub(crate) struct Links {
    /// Every URL read, the first page's included.
    read: Vec<String>,
    max_pages: u32,
}

impl Links {
    /// A list starting at `first`, reading at most `max_pages` pages.
    pub(crate) fn new(first: &str, max_pages: u32) -> Self {
        Self {
            read: vec![first.to_owned()],
            max_pages: max_pages.max(1),
        }
    }

    /// Checks that the nextLink `url` may be followed: a page not read before,
    /// within the cap.
    fn follow(&mut self, url: &str, exchange: &Exchange, reply: &Reply) -> Result<(), Error> {
        let problem = if self.read.iter().any(|read| read == url) {
            format!(
                "Graph's nextLink {} leads back to a page already read; the list stops \
                 rather than go round forever",
                crate::input::quote(url)
            )
        } else if self.read.len() >= self.max_pages as usize {
            format!(
                "the list has more than {} pages (maxPages) and stops; raise maxPages or \
                 narrow it with a filter",
                self.max_pages
            )
        } else {
            self.read.push(url.to_owned());
            return Ok(());
        };
        Err(exchange.invalid_response(problem, Some(reply)))
    }
}

const UNKNOWN: &str = "the create may or may not have been stored (";
const NO_ID: &str = "); it was not resent, so no duplicate was made. Give statuses an id to let \
                     the client check, or list the configuration's statuses";
const LOOKUP_FAILED: &str = "); it was not resent, so no duplicate was made, and looking it up \
                             by its id did not settle it";
const NOT_STORED: &str = "the create was not stored (";
const NO_RETRY: &str = "), as a lookup by its id showed, and no retry is left";
const STOPPED: &str = "), as a lookup by its id showed; it was not sent again, as the caller \
                       stopped the call";

/// A create's final error: its attempt with an unknown outcome, worded by how it
/// ended (no id to look it up by, or the `lookup`'s failure, kept as the cause):
/// `outcomeUnknown`, unless `not_stored` (the lookup found nothing) leaves it the
/// attempt's own failure (`service` after a 504, `timeout`, `network`).
fn settle(
    mut attempt: Error,
    lookup: Option<Error>,
    not_stored: bool,
    before: &str,
    after: &str,
) -> Error {
    if let Error::Request(e) = &mut attempt {
        e.message = format!("{before}{}{after}", e.message);
        e.cause = lookup.map(Box::new);
        if !not_stored {
            e.kind = ErrorKind::OutcomeUnknown;
        }
    }
    attempt
}

/// A create's 2xx: Graph stored the status, whatever its body says. The status
/// Graph echoed when the body reads as one; else the status as sent, with the id
/// Graph gave (the body's `id`, else the `Location`'s) or the caller's; with no id
/// to give, a `storedUnreadable` error, which never reads as "not stored".
fn created<J: Json>(
    exchange: &Exchange,
    sent: &DeviceConfigurationDeviceStatus,
    reply: &Reply,
) -> Result<DeviceConfigurationDeviceStatus, Error> {
    let unread = match entity::<J>(exchange, reply) {
        Ok(echo) => return Ok(echo),
        Err(error) => error,
    };
    let body_id = J::parse(&reply.body)
        .and_then(|body| body.member("id"))
        .and_then(|id| id.string());
    let id = body_id
        .or_else(|| reply.location.as_deref().and_then(location_id))
        .filter(|id| check_id("id", id).is_ok())
        .or_else(|| sent.id.clone());
    match (id, unread) {
        (Some(id), _) => Ok(DeviceConfigurationDeviceStatus {
            id: Some(id),
            ..sent.clone()
        }),
        (None, Error::Request(mut error)) => {
            error.kind = ErrorKind::StoredUnreadable;
            error.message = format!(
                "{} answered {}: the status was stored, but {} and gives no id; do not send \
                 it again (list the configuration's statuses to find it)",
                exchange.request.what(),
                reply.status,
                error.message
            );
            Err(Error::Request(error))
        }
        (None, other) => Err(other),
    }
}

/// The status id a `Location` ends with: `.../deviceStatuses/{id}` or Graph's
/// key syntax `.../deviceStatuses('{id}')`.
fn location_id(location: &str) -> Option<String> {
    let path = location.split(['?', '#']).next()?;
    // Forward splits only: `next_back` would bring the reverse searchers, a
    // kilobyte of wasm, for a URL of a few segments.
    #[allow(clippy::double_ended_iterator_last)]
    let last = path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .last()?;
    let id = match last.strip_prefix("deviceStatuses(") {
        Some(key) => {
            let key = key.strip_suffix(')')?;
            let quoted = key.strip_prefix('\'').and_then(|k| k.strip_suffix('\''));
            quoted.unwrap_or(key)
        }
        None if last == "deviceStatuses" => return None,
        None => last,
    };
    Some(id.to_owned())
}

/// A lookup's status, when it is the one created (Graph's keys ignore case).
fn same_id(
    exchange: &Exchange,
    reply: &Reply,
    own_id: Option<&str>,
    found: DeviceConfigurationDeviceStatus,
) -> Result<DeviceConfigurationDeviceStatus, Error> {
    match (own_id, &found.id) {
        (Some(want), Some(got)) if want.eq_ignore_ascii_case(got) => Ok(found),
        (_, got) => Err(exchange.invalid_response(
            format!(
                "the lookup answered a status with another id ({}), not the one created",
                got.as_deref()
                    .map_or_else(|| "none".to_owned(), crate::input::quote)
            ),
            Some(reply),
        )),
    }
}

/// Parses an entity body as the model, or says why it is not one.
fn entity<J: Json>(
    exchange: &Exchange,
    reply: &Reply,
) -> Result<DeviceConfigurationDeviceStatus, Error> {
    let value = J::parse(&reply.body).ok_or_else(|| {
        exchange.invalid_response("Graph's answer is not JSON".into(), Some(reply))
    })?;
    // A closure rather than `parse` itself: `read_input` lends its text for a
    // lifetime of its own, and the function item would fix one beforehand.
    #[allow(clippy::redundant_closure)]
    let status = value.read_input(|input| parse(input));
    status.map_err(|report| {
        exchange.invalid_response(
            format!("Graph's answer is not a valid status: {report}"),
            Some(reply),
        )
    })
}

fn count(exchange: &Exchange, reply: &Reply) -> Result<u64, Error> {
    without_bom(&reply.body)
        .trim_ascii()
        .parse::<u64>()
        .map_err(|_| {
            exchange.invalid_response(
                format!(
                    "Graph's $count answer is not a number: {}",
                    crate::input::quote(&reply.body)
                ),
                Some(reply),
            )
        })
}

/// A page's items and its checked `nextLink`. A whole status when an item is one;
/// else what Graph sent, read with the update rules, so an odd item is kept
/// rather than failing the list.
fn page<J: Json>(
    exchange: &Exchange,
    root: &GraphRoot,
    reply: &Reply,
    partial: bool,
) -> Result<(Vec<Listed>, Option<String>), Error> {
    let bad = |why: String| exchange.invalid_response(why, Some(reply));
    let value = J::parse(&reply.body).ok_or_else(|| bad("Graph's answer is not JSON".into()))?;
    let array = value.member("value");
    let list = array
        .as_ref()
        .and_then(J::elements)
        .ok_or_else(|| bad("Graph's list has no \"value\" array".into()))?;
    let mut items = Vec::new();
    for (index, item) in list.enumerate() {
        let listed = item.read_input(|input| {
            if partial {
                parse_patch(input).map(Listed::Partial)
            } else {
                parse(input.clone())
                    .map(Listed::Whole)
                    .or_else(|_| parse_patch(input).map(Listed::Partial))
            }
        });
        items.push(listed.map_err(|report| {
            bad(format!(
                "item {index} of Graph's list is not a valid status: {report}"
            ))
        })?);
    }
    let next_link = match value
        .member("@odata.nextLink")
        .and_then(|link| link.string())
    {
        Some(link) if root.owns(&link) => Some(link),
        Some(link) => {
            return Err(bad(format!(
                "Graph's nextLink {} is outside {}; it is not followed with the token",
                crate::input::quote(&link),
                root.origin()
            )))
        }
        None => None,
    };
    Ok((items, next_link))
}
