// `createMany`: a fleet's statuses created under Intune's write limit, packed
// into JSON batches. Each status keeps its own Rust `Call`, made by the client's
// own `create` (see PREPARE in support.js), with the rules of a single `create`: resent only when
// Graph did not process it, looked up by id after an unknown outcome, never sent
// twice blindly. This module only schedules: when the pace allows a write, which
// requests share a batch, and what each inner response says back to its call.
// support.js loads it on the first createMany.

import {
  ABORTED,
  NETWORK,
  PREPARE,
  attempt,
  bearer,
  invalid,
  knownKeys,
  run,
  warn,
  whole,
} from "./support.js";

// Graph takes at most 20 requests in one batch.
const BATCH_SIZE = 20;
// Statuses in progress at once; each holds a call in wasm memory.
const ACTIVE = 100;
// Requests (batches, or single creates) in flight at once.
const IN_FLIGHT = 4;
// How much later than one window a write's slot is reused (2% and 100 ms):
// writes reach Graph a little after they leave, not always in the order they left.
const MARGIN = 0.02;
const MARGIN_MS = 100;
// The longest pause a Retry-After may impose on the whole run.
const MAX_PAUSE_MS = 180000;

function manyOptions(options = {}) {
  if (options === null) options = {};
  knownKeys(options, "options", ["batch", "maxWritesPer20s", "writeWindowMs", "onProgress", "signal"]);
  const { batch = true, onProgress, signal } = options;
  if (typeof batch !== "boolean") throw invalid("options.batch", "expected true or false");
  if (onProgress != null && typeof onProgress !== "function") {
    throw invalid("options.onProgress", "expected a function");
  }
  if (signal != null && !(signal instanceof AbortSignal)) throw invalid("options.signal", "expected an AbortSignal");
  const limit = whole(options, "maxWritesPer20s", "options.maxWritesPer20s", 10000, 100);
  if (limit === 0) throw invalid("options.maxWritesPer20s", "expected a whole number from 1 to 10000");
  const windowMs = whole(options, "writeWindowMs", "options.writeWindowMs", 86400000, 20000);
  if (windowMs === 0) throw invalid("options.writeWindowMs", "expected a whole number from 1");
  return { batch, onProgress, signal: signal ?? undefined, limit, windowMs };
}

// ---------------------------------------------------------------------------
// Pacing. The client's recent writes, shared by all its createMany calls: a
// write may leave when fewer than `limit` left in the last window (a token
// bucket whose tokens come back one window after they were spent), and none
// leaves while Graph has asked everyone to wait (a 429's Retry-After).

function pace(client) {
  client.pace ??= { sent: [], pausedUntil: 0 };
  return client.pace;
}

// Milliseconds until one more write may leave; 0 means now, and counts it.
function take(pacing, limit, windowMs) {
  const now = Date.now();
  const window = windowMs * (1 + MARGIN) + MARGIN_MS;
  const { sent } = pacing;
  while (sent.length > 0 && sent[0] <= now - window) sent.shift();
  if (pacing.pausedUntil > now) return pacing.pausedUntil - now;
  if (sent.length < limit) {
    sent.push(now);
    return 0;
  }
  return sent[sent.length - limit] + window - now;
}

// A 429 means the app is over its limit (perhaps with writes from elsewhere):
// hold every write of this client until its Retry-After has passed.
function pause(pacing, headers) {
  const seconds = Number(headers.get("retry-after"));
  if (seconds > 0) {
    const until = Date.now() + Math.min(seconds * 1000, MAX_PAUSE_MS);
    pacing.pausedUntil = Math.max(pacing.pausedUntil, until);
  }
}

// ---------------------------------------------------------------------------
// Sending. `transport` returns the `send` that `run` calls with each request
// step: the step joins a queue, and the queue leaves as batches (or one by one)
// when the pace and the in-flight limit allow. In-flight requests are not
// aborted by the signal: their answers say which statuses were created.

function transport(client, options) {
  const pacing = pace(client);
  const size = options.batch ? BATCH_SIZE : 1;
  const queue = [];
  let inFlight = 0;
  let timer;

  const wake = () => {
    clearTimeout(timer);
    timer = undefined;
    flush();
  };

  function flush() {
    while (queue.length > 0 && inFlight < IN_FLIGHT) {
      if (options.signal?.aborted) {
        for (const entry of queue.splice(0)) entry.resolve({ failure: ABORTED });
        return;
      }
      const { scope } = queue[0].step;
      const group = [];
      let wait = 0;
      for (let i = 0; i < queue.length && group.length < size; ) {
        const { step } = queue[i];
        if (step.scope !== scope) {
          i += 1;
          continue;
        }
        // Lookups (GET) are reads: Intune's write limit does not count them.
        if (step.method !== "GET") wait = take(pacing, options.limit, options.windowMs);
        if (wait > 0) break;
        group.push(...queue.splice(i, 1));
      }
      if (group.length === 0) {
        timer ??= setTimeout(wake, wait);
        return;
      }
      inFlight += 1;
      const sent = size === 1 ? single(group[0], client, pacing) : batch(group, client, pacing);
      sent.finally(() => {
        inFlight -= 1;
        flush();
      });
    }
  }

  options.signal?.addEventListener("abort", wake);
  const send = (step) =>
    new Promise((resolve, reject) => {
      queue.push({ step, resolve, reject });
      // Steps that arrive in the same turn (a batch's answers) leave together.
      timer ??= setTimeout(wake, 0);
    });
  send.close = () => {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", wake);
  };
  return send;
}

// One request on its own.
async function single(entry, client, pacing) {
  const { step } = entry;
  try {
    const token = await bearer(client.token, step.scope, step.refresh);
    const outcome = await attempt(step, token, client.timeoutMs);
    const { response } = outcome;
    if (response?.status === 429) pause(pacing, response.headers);
    if (response?.ok) warn(client, response.headers, step.url);
    entry.resolve(outcome);
  } catch (error) {
    entry.reject(error);
  }
}

// Up to 20 requests in one `POST {root}/{version}/$batch`; each inner answer
// goes back to its own call as if it had come alone.
async function batch(group, client, pacing) {
  const first = group[0].step;
  // Every URL the client builds is `{root}/{version}/deviceManagement/...`.
  const cut = first.url.indexOf("/deviceManagement/");
  let token;
  try {
    token = await bearer(client.token, first.scope, group.some((entry) => entry.step.refresh));
  } catch (error) {
    for (const entry of group) entry.reject(error);
    return;
  }
  const requests = group.map(({ step }, id) => {
    const request = { id: String(id), method: step.method, url: step.url.slice(cut) };
    request.headers = { "client-request-id": step.clientRequestId };
    if (step.body !== undefined) {
      request.headers["Content-Type"] = "application/json";
      request.body = JSON.parse(step.body);
    }
    return request;
  });
  const send = { method: "POST", url: `${first.url.slice(0, cut)}/$batch`, body: JSON.stringify({ requests }) };
  const outcome = await attempt(send, token, client.timeoutMs);
  const answers = innerAnswers(outcome);
  group.forEach((entry, id) => {
    const answer = answerOf(outcome, answers, id);
    if (answer.response?.status === 429) pause(pacing, answer.response.headers);
    entry.resolve(answer);
  });
  if (outcome.response?.ok) warn(client, outcome.response.headers, send.url);
}

// The inner answers of a batch's 200 by request id; undefined when unreadable.
function innerAnswers(outcome) {
  if (outcome.response?.status !== 200) return undefined;
  try {
    return new Map(JSON.parse(outcome.body).responses.map((answer) => [String(answer?.id), answer]));
  } catch {
    return undefined;
  }
}

// What the batch's outcome means for its request number `id`, in the shape
// `attempt` returns. Whenever the batch may have run without saying so (no
// answer, a gateway error, an unreadable or incomplete answer), the request gets
// a network failure: a create's outcome is then unknown, never assumed.
function answerOf(outcome, answers, id) {
  const { response } = outcome;
  if (!response) return outcome;
  const { status } = response;
  const unknown = (why) => ({ failure: NETWORK, message: `${why}; the request may or may not have run` });
  if (status === 200) {
    const answer = answers?.get(String(id));
    if (!Number.isInteger(answer?.status)) return unknown("the batch's answer has no readable response for it");
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers ?? {})) {
      try {
        headers.set(name, String(value));
      } catch {}
    }
    const body = answer.body == null ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    return { response: { status: answer.status, statusText: "(in a batch)", headers }, body };
  }
  if ((status > 0 && status < 300) || (status >= 500 && status !== 503)) return unknown(`the batch answered ${status}`);
  // Refused as a whole (a redirect, 401, 403, 429, 503…): nothing ran, and each
  // request got that answer.
  const whole = { status, statusText: `${response.statusText} (the whole batch)`, headers: response.headers };
  return { response: whole, body: outcome.body };
}

// ---------------------------------------------------------------------------
// The statuses, ACTIVE at a time, each to its result.

// A method's call, checked and built by the client but not sent; rejects with
// the method's GraphError when its arguments are bad.
async function prepared(method) {
  let call;
  await method({ [PREPARE]: (built) => (call = built) });
  return call;
}

async function one(handle, configurationId, status, index, client, signal, send) {
  let call;
  try {
    call = await prepared((options) => handle.create(configurationId, status, options));
  } catch (error) {
    return { index, outcome: "invalid", error };
  }
  try {
    return { index, outcome: "created", status: await run(call, client, signal, send) };
  } catch (error) {
    return { index, outcome: "failed", error };
  } finally {
    call.free();
  }
}

export async function createMany(handle, client, configurationId, statuses, options) {
  let send;
  try {
    const checked = manyOptions(options);
    if (!Array.isArray(statuses)) throw invalid("statuses", "expected an array of statuses");
    // The configuration id, checked as every method checks it (the count call
    // is built, never sent): a bad one fails the whole call, not each status.
    (await prepared((options) => handle.count(configurationId, options))).free();
    const total = statuses.length;
    const results = new Array(total);
    const progress = { done: 0, total, created: 0, invalid: 0, failed: 0 };
    send = transport(client, checked);
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const index = next++;
        const result = await one(handle, configurationId, statuses[index], index, client, checked.signal, send);
        results[index] = result;
        progress.done += 1;
        progress[result.outcome] += 1;
        try {
          checked.onProgress?.({ ...progress });
        } catch {
          // A throwing callback must not cost the run its results.
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(total, ACTIVE) }, worker));
    return results;
  } finally {
    send?.close();
    handle.free();
  }
}
