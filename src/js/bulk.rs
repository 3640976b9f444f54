//! `createMany` for JavaScript: the core's scheduler ([`Bulk`]) behind one
//! export, [`PendingBulk`], that `js/bulk.js` drives as `js/support.js` drives a
//! [`PendingCall`](super::client::PendingCall). Every decision (pace, holds after
//! a 429, packing into `$batch`, what each inner answer means) is the core's, so
//! the Rust client's `create_many` makes the same ones; JavaScript only sends.

use super::client::{create_call, mismatch, object, read_event, send_step, to_js_value, Event};
use crate::client::bulk::{Action, Bulk, Pacing};
use crate::client::Graph;
use crate::error::{Error, ErrorKind};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// One `createMany` run in progress, as `js/bulk.js` sees it: [`poll`](Self::poll)
/// says what to do next, the other methods report what happened. Internal to
/// the package.
#[wasm_bindgen(skip_typescript)]
pub struct PendingBulk {
    bulk: Bulk,
    graph: Graph,
    /// The client's recent writes, shared by all its runs.
    pacing: Rc<RefCell<Pacing>>,
    configuration_id: String,
    /// The caller's array, each status read when its turn comes.
    statuses: js_sys::Array,
    seeds: crate::web::Seeds,
}

impl PendingBulk {
    pub(super) fn new(
        bulk: Bulk,
        graph: Graph,
        pacing: Rc<RefCell<Pacing>>,
        configuration_id: String,
        statuses: js_sys::Array,
    ) -> Self {
        Self {
            bulk,
            graph,
            pacing,
            configuration_id,
            statuses,
            seeds: crate::web::Seeds::new(),
        }
    }
}

#[wasm_bindgen]
impl PendingBulk {
    /// How many statuses the run creates.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> usize {
        self.bulk.total()
    }

    /// The next thing to do: `{ kind: "send", id, ... }` (a request step, as a
    /// call's), `{ kind: "wait", ms, throttled }` (until then, an answer or an
    /// abort; `throttled` while a 429's `Retry-After` holds every write),
    /// `{ kind: "idle" }` (until an answer or an abort), `{ kind: "settled",
    /// result }` (one status's `CreateManyResult`) or `{ kind: "done" }`.
    pub fn poll(&mut self) -> Result<JsValue, JsValue> {
        loop {
            let now = crate::web::now_ms();
            // Polled first, so the pacing's borrow ends before a wait reads it.
            let action = self.bulk.poll(&mut self.pacing.borrow_mut(), now);
            let step = match action {
                // A status's turn: its call is built here, and the scheduler asked again.
                Action::Admit(index) => {
                    // `get_unchecked` is `get` (`array[index]`), the one the glue keeps.
                    let status = self.statuses.get_unchecked(index as u32);
                    let seed = self.seeds.next();
                    let call = create_call(&self.graph, &self.configuration_id, &status, &seed);
                    self.bulk.admit(index, call, now);
                    continue;
                }
                Action::Send(outbound) => {
                    let scope = self.graph.cloud().scope(outbound.request.access);
                    let id = JsValue::from_f64(outbound.id as f64);
                    // In flight, createMany's requests are left to finish anyway.
                    send_step(&outbound.request, scope, outbound.refresh, false, id)
                }
                Action::Wait(ms) => {
                    let throttled = self.pacing.borrow().held_ms(now) > 0;
                    object(&[
                        ("kind", "wait".into()),
                        ("ms", (ms as f64).into()),
                        ("throttled", throttled.into()),
                    ])
                }
                Action::Idle => object(&[("kind", "idle".into())]),
                Action::Settled(index, result) => {
                    let result = settled(index, result)?;
                    object(&[("kind", "settled".into()), ("result", result)])
                }
                Action::Done => object(&[("kind", "done".into())]),
            };
            return Ok(step);
        }
    }

    /// The answer to the request sent as step `id`, encoded as for
    /// `PendingCall.advance` (an HTTP status with its text, headers and body, or
    /// why there is none).
    pub fn answer(
        &mut self,
        id: f64,
        event: i32,
        text: String,
        headers: &JsValue,
        body: String,
    ) -> Result<(), JsValue> {
        let Event::Answer(answer) = read_event(event, text, headers, body)? else {
            return Err(mismatch().into());
        };
        let now = crate::web::now_ms();
        let pacing = &mut self.pacing.borrow_mut();
        self.bulk
            .on_answer::<JsValue>(id as u64, answer, pacing, now);
        Ok(())
    }

    /// No token could be had for step `id` (nothing was sent): its statuses
    /// fail with an `auth` error saying `message`.
    pub fn refused(&mut self, id: f64, message: String) {
        let error = || Error::request(ErrorKind::Auth, message.clone());
        self.bulk.on_token_failure(id as u64, error);
    }

    /// The caller aborted: nothing more leaves; requests in flight finish.
    pub fn abort(&mut self) {
        self.bulk.abort();
    }
}

/// One status's `CreateManyResult`: `created` with the stored status, `invalid`
/// when its call could not be built (nothing was sent), else `failed`.
fn settled(
    index: usize,
    result: Result<crate::model::DeviceConfigurationDeviceStatus, Error>,
) -> Result<JsValue, JsValue> {
    let index = ("index", JsValue::from_f64(index as f64));
    Ok(match result {
        Ok(status) => object(&[
            index,
            ("outcome", "created".into()),
            ("status", to_js_value(&status)?),
        ]),
        Err(error) => {
            let never_sent = matches!(
                error.kind(),
                ErrorKind::Validation | ErrorKind::InvalidArgument
            );
            let outcome = if never_sent { "invalid" } else { "failed" };
            let error = super::error::row_error(error);
            object(&[index, ("outcome", outcome.into()), ("error", error)])
        }
    })
}
