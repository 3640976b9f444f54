// Reports a whole fleet's device statuses from Cloudflare Workers. One Worker
// invocation may make only so many subrequests, and createMany makes about one
// per 20 statuses plus retries, so the request that brings the fleet only checks
// it and enqueues it in chunks; the queue consumer creates each chunk in an
// invocation of its own. See README.md beside this file.
//
//   fetch   POST /reports { configurationId, statuses: [...] }   Authorization: Bearer <REPORT_KEY>
//             400 { error, message, problems: [{ path, message }] }   nothing enqueued
//             202 { accepted, chunks, ids, warnings? }                ids in input order
//             503 { error, message, enqueued, ids }                   the first `enqueued` are in
//   queue   one createMany per message; created statuses are never sent again
import { DeviceStatusClient, parseDeviceStatus, validateDeviceStatus } from "intune-device-status";

// Cloudflare Queues' limits, as miniflare enforces them: a message of at most
// 128 KB, a sendBatch of at most 100 messages and 256 KB, a delay of 12 hours.
const MESSAGE_BYTES = 128_000;
const SEND_BATCH_MESSAGES = 100;
const SEND_BATCH_BYTES = 256_000;
const MAX_DELAY_SECONDS = 43_200;
// Room left in each message for a larger `requeues` count and a dead-letter `reason`.
const MESSAGE_HEADROOM = 8_000;
// Ours, not Cloudflare's: a bigger fleet is split by the caller, so one request
// stays a handful of sendBatch calls.
const MAX_STATUSES = 5_000;
// The most problems one 400 lists; the count says how many there were.
const MAX_PROBLEMS = 100;

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname !== "/reports") return problem(404, "notFound", `no route ${pathname}; POST /reports`);
    if (request.method !== "POST") return problem(405, "methodNotAllowed", "POST a report to /reports");
    if (!authorized(request, env)) {
      return problem(401, "unauthorized", "send Authorization: Bearer <the Worker's REPORT_KEY secret>");
    }
    return accept(request, env);
  },

  async queue(batch, env) {
    const config = settings(env);
    const client = clientFor(env);
    const wrote = await Promise.all(batch.messages.map((message) => deliverOrRetry(message, client, env, config)));
    if (wrote.includes(true)) await holdForWriteWindow(config);
  },
};

// ---------------------------------------------------------------------------
// The door: check the whole report, then enqueue it, or enqueue nothing.

async function accept(request, env) {
  let body;
  try {
    body = await request.json();
  } catch (error) {
    return problem(400, "invalidReport", "the body is not JSON", [{ path: "", message: error.message }]);
  }
  const { problems, warnings } = checkReport(body);
  if (problems.length > 0) {
    const message = `${problems.length} problem(s) in the report; nothing was enqueued`;
    return problem(400, "invalidReport", message, problems.slice(0, MAX_PROBLEMS));
  }

  // Every status gets an id before it is enqueued: after a lost answer the client
  // can then look it up instead of guessing, and a chunk delivered twice meets a
  // 409 instead of creating the status twice.
  const statuses = body.statuses.map((status) => parseDeviceStatus({ ...status, id: status.id ?? crypto.randomUUID() }));
  const ids = statuses.map((status) => status.id);
  const budget = chunkBudget(body.configurationId);
  const oversized = statuses.findIndex((status) => bytes(status) + 1 > budget);
  if (oversized !== -1) {
    const message = `is ${bytes(statuses[oversized])} bytes as JSON; one queue message holds at most ${MESSAGE_BYTES}`;
    return problem(400, "invalidReport", "a status is too large to enqueue", [{ path: `statuses[${oversized}]`, message }]);
  }

  const chunks = chunk(body.configurationId, statuses, settings(env).chunkSize);
  let enqueued = 0;
  try {
    for (const group of sendGroups(chunks)) {
      await env.REPORTS.sendBatch(group.map((message) => ({ body: message, contentType: "json" })));
      enqueued += group.reduce((sum, message) => sum + message.statuses.length, 0);
    }
  } catch (error) {
    // Chunks go in input order, so what was enqueued is exactly the first
    // `enqueued` statuses: the caller resends the rest, with the ids given here.
    const message = `enqueued the first ${enqueued} of ${statuses.length} statuses, then: ${error.message}`;
    return Response.json({ error: "enqueueFailed", message, enqueued, ids }, { status: 503 });
  }
  const answer = { accepted: statuses.length, chunks: chunks.length, ids };
  // Unknown properties are not sent (a typo such as "deviceDisplayname" loses its value): say so.
  if (warnings.length > 0) answer.warnings = warnings.slice(0, MAX_PROBLEMS);
  return Response.json(answer, { status: 202 });
}

// Whoever can report can write to Intune with the Worker's Graph token, so only
// callers that know the REPORT_KEY secret may; without one, nobody may.
function authorized(request, env) {
  if (!env.REPORT_KEY) {
    log({ event: "noReportKey", message: "REPORT_KEY is not set (wrangler secret put REPORT_KEY)" });
    return false;
  }
  const given = encoder.encode(request.headers.get("authorization") ?? "");
  const expected = encoder.encode(`Bearer ${env.REPORT_KEY}`);
  return given.length === expected.length && crypto.subtle.timingSafeEqual(given, expected);
}

// Every problem of the report, each with where it is (`statuses[3].status`), and
// the warnings (unknown properties, which are not sent).
function checkReport(body) {
  const report = { problems: [], warnings: [] };
  const { problems } = report;
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    problems.push({ path: "", message: "expected an object { configurationId, statuses }" });
    return report;
  }
  const { configurationId, statuses } = body;
  if (typeof configurationId !== "string" || configurationId === "") {
    problems.push({ path: "configurationId", message: "expected the device configuration's id (a non-empty string)" });
  } else if (idProblem(configurationId)) {
    problems.push({ path: "configurationId", message: idProblem(configurationId) });
  }
  if (!Array.isArray(statuses) || statuses.length === 0) {
    problems.push({ path: "statuses", message: "expected a non-empty array of device statuses" });
  } else if (statuses.length > MAX_STATUSES) {
    problems.push({ path: "statuses", message: `${statuses.length} statuses; send at most ${MAX_STATUSES} per request` });
  } else {
    statuses.forEach((status, index) => checkStatus(status, index, report));
    problems.push(...duplicateIds(statuses));
  }
  return report;
}

// The package's own validation (what Graph would refuse), plus its id rule.
function checkStatus(status, index, { problems, warnings }) {
  const located = ({ path, message }) => ({ path: path === "" ? `statuses[${index}]` : `statuses[${index}].${path}`, message });
  const { errors, warnings: notes } = validateDeviceStatus(status);
  problems.push(...errors.map(located));
  warnings.push(...notes.map(located));
  if (typeof status?.id === "string" && idProblem(status.id)) {
    problems.push(located({ path: "id", message: idProblem(status.id) }));
  }
}

// The client refuses ids that could change the request's path (its README,
// "Security"); refusing them here keeps them out of the queue.
function idProblem(id) {
  if (/[/?#%\\]|\.\./.test(id)) return `an id cannot contain '/', '?', '#', '%', '\\' or '..'; found ${JSON.stringify(id)}`;
  if (/[\s\p{Cc}]/u.test(id)) return `an id cannot contain whitespace or control characters; found ${JSON.stringify(id)}`;
  return null;
}

// Two statuses with one id: the second would meet a 409 and be lost.
function duplicateIds(statuses) {
  const first = new Map();
  const problems = [];
  statuses.forEach((status, index) => {
    if (typeof status?.id !== "string") return;
    if (first.has(status.id)) {
      problems.push({ path: `statuses[${index}].id`, message: `duplicates statuses[${first.get(status.id)}].id` });
    } else {
      first.set(status.id, index);
    }
  });
  return problems;
}

// The bytes one message has for its statuses.
function chunkBudget(configurationId) {
  return MESSAGE_BYTES - MESSAGE_HEADROOM - bytes({ configurationId, statuses: [], requeues: 0 });
}

// Consecutive statuses, at most `size` and one message's bytes per chunk.
function chunk(configurationId, statuses, size) {
  const budget = chunkBudget(configurationId);
  const chunks = [];
  let current = [];
  let used = 0;
  for (const status of statuses) {
    const cost = bytes(status) + 1;
    if (current.length === size || (current.length > 0 && used + cost > budget)) {
      chunks.push({ configurationId, statuses: current, requeues: 0 });
      [current, used] = [[], 0];
    }
    current.push(status);
    used += cost;
  }
  chunks.push({ configurationId, statuses: current, requeues: 0 });
  return chunks;
}

// Consecutive messages, at most as many and as large as one sendBatch takes.
function sendGroups(messages) {
  const groups = [];
  let current = [];
  let used = 0;
  for (const message of messages) {
    const cost = bytes(message);
    if (current.length === SEND_BATCH_MESSAGES || (current.length > 0 && used + cost > SEND_BATCH_BYTES)) {
      groups.push(current);
      [current, used] = [[], 0];
    }
    current.push(message);
    used += cost;
  }
  groups.push(current);
  return groups;
}

// ---------------------------------------------------------------------------
// The consumer: one createMany per message, then ack, retry, requeue the rest,
// or dead-letter.

// A message whose handling failed unexpectedly is redelivered on its own,
// rather than throwing and having the Queue retry the whole batch.
async function deliverOrRetry(message, client, env, config) {
  try {
    return await deliver(message, client, env, config);
  } catch (error) {
    log({ event: "deliveryFailed", messageId: message.id, message: error.message });
    message.retry({ delaySeconds: config.retryDelaySeconds });
    return true;
  }
}

// Resolves to whether any status was sent to Graph.
async function deliver(message, client, env, config) {
  const { configurationId, statuses, requeues = 0 } = message.body ?? {};
  let results;
  try {
    results = await client.createMany(configurationId, statuses, {
      maxWritesPer20s: config.maxWritesPer20s,
      writeWindowMs: config.writeWindowMs,
    });
  } catch (error) {
    // Only bad arguments reject (nothing was sent); another try cannot help, so
    // the message is kept where a person will look.
    log({ event: "unusableMessage", messageId: message.id, kind: error.kind, message: error.message });
    await env.DEAD_LETTERS.send({ ...message.body, reason: error.message }, { contentType: "json" });
    message.ack();
    return false;
  }

  const sorted = sortResults(statuses, results);
  const action = decide(sorted, statuses.length, requeues, config);
  log({
    event: "chunk",
    messageId: message.id,
    attempt: message.attempts,
    requeues,
    configurationId,
    statuses: statuses.length,
    created: sorted.created,
    alreadyStored: sorted.alreadyStored,
    invalid: sorted.invalid,
    outcomeUnknown: sorted.unknown,
    failed: sorted.again.length,
    failures: sorted.kinds,
    ...action,
  });
  await act(action, message, { configurationId, statuses: sorted.again, requeues }, env, sorted.kinds);
  return sorted.invalid < statuses.length;
}

// What became of each status, and which ones to send again.
function sortResults(statuses, results) {
  const sorted = { created: 0, alreadyStored: 0, invalid: 0, unknown: 0, again: [], kinds: {}, retryAfterMs: 0 };
  for (const result of results) {
    const status = statuses[result.index];
    const error = result.error;
    if (result.outcome === "created") {
      sorted.created++;
    } else if (result.outcome === "invalid") {
      // Graph would refuse it every time: logged, never retried.
      sorted.invalid++;
      log({ event: "invalid", id: status.id, kind: error.kind, problems: error.errors, message: error.message });
    } else if (error.kind === "outcomeUnknown" && !status.id) {
      // It may be stored and nothing can tell, so sending it again could store
      // it twice. The door gives every status an id; this is for other producers.
      sorted.unknown++;
      log({ event: "outcomeUnknown", requestId: error.requestId, message: error.message });
    } else if (error.statusCode === 409) {
      // Its id is taken: an earlier delivery or attempt stored it (or the caller
      // gave an id that was already in use).
      sorted.alreadyStored++;
    } else {
      // Not created, or (outcomeUnknown) not known to be: the client leaves an
      // id's outcome unknown when its lookup failed or its retries ran out. With
      // an id, sending it again is safe: Graph stores it, or answers 409.
      sorted.again.push(status);
      sorted.kinds[error.kind] = (sorted.kinds[error.kind] ?? 0) + 1;
      sorted.retryAfterMs = Math.max(sorted.retryAfterMs, error.retryAfterMs ?? 0);
    }
  }
  return sorted;
}

// Nothing to resend: ack. Nothing settled: let the Queue retry the message (its
// max_retries, then its dead-letter queue). Part settled: ack, and enqueue only
// the rest as a new message, up to MAX_REQUEUES times, then dead-letter it.
function decide(sorted, total, requeues, config) {
  if (sorted.again.length === 0) return { action: "ack" };
  const delaySeconds = Math.min(
    MAX_DELAY_SECONDS,
    sorted.retryAfterMs > 0 ? Math.ceil(sorted.retryAfterMs / 1000) : config.retryDelaySeconds,
  );
  if (sorted.again.length === total) return { action: "retry", delaySeconds };
  if (requeues >= config.maxRequeues) return { action: "deadLetter" };
  return { action: "requeue", delaySeconds };
}

async function act({ action, delaySeconds }, message, rest, env, kinds) {
  if (action === "retry") return message.retry({ delaySeconds });
  try {
    if (action === "requeue") {
      await env.REPORTS.send({ ...rest, requeues: rest.requeues + 1 }, { contentType: "json", delaySeconds });
    } else if (action === "deadLetter") {
      const reason = `still failing after ${rest.requeues} requeue(s): ${JSON.stringify(kinds)}`;
      await env.DEAD_LETTERS.send({ ...rest, reason }, { contentType: "json" });
    }
  } catch (error) {
    // The rest is not enqueued anywhere: redeliver the whole chunk instead (its
    // created statuses then answer 409 and count as stored).
    log({ event: "requeueFailed", messageId: message.id, message: error.message });
    return message.retry({ delaySeconds: delaySeconds ?? 0 });
  }
  message.ack();
}

// Each invocation's client paces its own writes from a full allowance, blind to
// the invocation before it; waiting one window after the last write keeps two
// invocations in a row (max_concurrency = 1) under WRITES_PER_20S together.
function holdForWriteWindow(config) {
  return new Promise((resolve) => setTimeout(resolve, config.writeWindowMs));
}

// ---------------------------------------------------------------------------
// Settings.

function clientFor(env) {
  if (!env.GRAPH_TOKEN) throw new Error("GRAPH_TOKEN is not set (wrangler secret put GRAPH_TOKEN)");
  const options = { token: env.GRAPH_TOKEN };
  if (env.GRAPH_BASE_URL) options.baseUrl = env.GRAPH_BASE_URL;
  if (env.GRAPH_MAX_RETRIES) options.retry = { maxRetries: whole(env, "GRAPH_MAX_RETRIES", 3) };
  return new DeviceStatusClient(options);
}

function settings(env) {
  return {
    chunkSize: whole(env, "CHUNK_SIZE", 100) || 1,
    maxWritesPer20s: whole(env, "WRITES_PER_20S", 100),
    writeWindowMs: whole(env, "GRAPH_WRITE_WINDOW_MS", 20_000),
    retryDelaySeconds: Math.min(MAX_DELAY_SECONDS, whole(env, "RETRY_DELAY_SECONDS", 30)),
    maxRequeues: whole(env, "MAX_REQUEUES", 3),
  };
}

// A var as a whole number (wrangler vars may be strings), or the default.
function whole(env, name, fallback) {
  const value = env[name];
  if (value === undefined || value === "") return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0) throw new Error(`${name} must be a whole number, not ${value}`);
  return number;
}

// ---------------------------------------------------------------------------

const encoder = new TextEncoder();

function bytes(value) {
  return encoder.encode(JSON.stringify(value)).length;
}

function problem(status, error, message, problems = []) {
  return Response.json({ error, message, problems }, { status });
}

// One JSON line per event, for `wrangler tail` and Workers Logs.
function log(entry) {
  console.log(JSON.stringify(entry));
}
