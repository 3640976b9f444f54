// createMany through the package entry, against the emulator: every status kept
// exactly once under Intune's throttling, injected faults, dropped answers and
// aborts; the writes paced under the limit; bad arguments refused before sending.
// A wrapper around fetch records what left the client and what came back (inner
// batch answers included), so the assertions see what Graph would have seen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { DeviceStatusClient, GraphError } from "intune-device-status";

import { startEmulator } from "./harness.mjs";

const example = JSON.parse(readFileSync(new URL("../fixtures/graph-example.json", import.meta.url), "utf8"));

// `n` statuses with distinct display names (and ids, unless `ids` is false).
function fleet(n, name, { ids = true } = {}) {
  return Array.from({ length: n }, (_, i) => {
    const status = { ...example, deviceDisplayName: `${name}-${i}` };
    if (ids) status.id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    return status;
  });
}

// What left the client: each request, and the statuses of every answer (inner
// answers of a batch one by one). After the request was served, `drop` may make
// its answer a dropped connection (true) or another response (a Response).
function recordFetch(drop = () => false) {
  const real = globalThis.fetch;
  const seen = { requests: [], answers: [] };
  globalThis.fetch = async (url, init) => {
    const request = { url: String(url), method: init.method, headers: new Headers(init.headers), body: init.body };
    seen.requests.push(request);
    const response = await real(url, init);
    const text = await response.clone().text();
    if (request.url.endsWith("/$batch") && response.status === 200) {
      for (const inner of JSON.parse(text).responses) seen.answers.push(inner.status);
    } else {
      seen.answers.push(response.status);
    }
    const dropped = drop(request);
    if (dropped instanceof Response) return dropped;
    if (dropped) throw new TypeError("fetch failed: the connection was reset");
    return response;
  };
  seen.restore = () => {
    globalThis.fetch = real;
  };
  seen.count = (status) => seen.answers.filter((s) => s === status).length;
  seen.batches = () => seen.requests.filter((r) => r.url.endsWith("/$batch")).map((r) => JSON.parse(r.body).requests);
  return seen;
}

async function withEmulator(args, work, drop) {
  const emulator = await startEmulator(args);
  const seen = recordFetch(drop);
  try {
    return await work(emulator.url, seen);
  } finally {
    seen.restore();
    emulator.stop();
  }
}

const clientFor = (url, options = {}) =>
  new DeviceStatusClient({ token: "bulk-test-token", baseUrl: url, onWarning() {}, ...options });

// The configuration's statuses, counted by display name.
async function stored(client, configurationId) {
  const counts = new Map();
  for (const status of await client.list(configurationId)) {
    counts.set(status.deviceDisplayName, (counts.get(status.deviceDisplayName) ?? 0) + 1);
  }
  return counts;
}

test("creates every valid status exactly once under 429, 503, 504, resets and store-then-504", async () => {
  const faults = "429=0.05,503=0.05,504=0.03,reset=0.03,store504=0.04";
  await withEmulator(["--time-scale", "20", "--faults", faults, "--seed", "11"], async (url, seen) => {
    const client = clientFor(url, { retry: { maxRetries: 8, baseDelayMs: 5 } });
    const statuses = fleet(200, "faults");
    statuses[3] = { ...statuses[3], status: "Compliant" };
    statuses[150] = { ...statuses[150], lastReportedDateTime: "yesterday" };
    let progress;
    const results = await client.createMany("cfg-faults", statuses, {
      writeWindowMs: 1000,
      onProgress: (p) => (progress = p),
    });

    assert.deepEqual(
      results.map((r) => r.index),
      statuses.map((_, i) => i),
    );
    for (const index of [3, 150]) {
      const { outcome, error } = results[index];
      assert.equal(outcome, "invalid");
      assert.ok(error instanceof GraphError);
      assert.equal(error.kind, "validation");
    }
    assert.equal(results[3].error.errors[0].path, "status");
    const failed = results.filter((r) => r.outcome === "failed").map((r) => `${r.index}: ${r.error.message}`);
    assert.deepEqual(failed, []);
    for (const result of results.filter((r) => r.outcome === "created")) {
      assert.equal(result.status.id, statuses[result.index].id);
    }
    assert.deepEqual(progress, { done: 200, total: 200, created: 198, invalid: 2, failed: 0 });

    const counts = await stored(client, "cfg-faults");
    assert.equal(counts.size, 198, "every valid status is stored");
    assert.ok([...counts.values()].every((n) => n === 1), "none is stored twice");
    assert.ok(!counts.has("faults-3") && !counts.has("faults-150"), "invalid statuses are never sent");
    assert.ok(seen.count(504) > 0 && seen.count(429) > 0 && seen.count(503) > 0, "the faults happened");
    const batches = seen.batches();
    assert.ok(batches.length > 0 && batches.every((b) => b.length <= 20), "creates went in batches of at most 20");
  });
});

test("never creates a status twice when it has no id to look up", async () => {
  await withEmulator(["--time-scale", "20", "--faults", "504=0.05,store504=0.1", "--seed", "5"], async (url) => {
    const client = clientFor(url);
    const statuses = fleet(120, "no-id", { ids: false });
    const results = await client.createMany("cfg-no-id", statuses, { writeWindowMs: 1000 });
    const counts = await stored(client, "cfg-no-id");

    assert.ok([...counts.values()].every((n) => n === 1), "none is stored twice");
    const unknown = results.filter((r) => r.outcome === "failed");
    assert.ok(unknown.length > 0, "some outcomes were unknown");
    for (const { error } of unknown) assert.equal(error.kind, "outcomeUnknown");
    for (const { index, outcome } of results) {
      if (outcome === "created") assert.ok(counts.has(`no-id-${index}`), `created ${index} is stored`);
    }
    const created = results.filter((r) => r.outcome === "created").length;
    assert.ok(counts.size >= created && counts.size <= created + unknown.length);
  });
});

test("paces writes under Intune's limit, shared by a client's createMany calls", async () => {
  // The emulator allows 20 writes per 1-second window (20 s at --time-scale 20).
  await withEmulator(["--time-scale", "20", "--write-limit", "20"], async (url, seen) => {
    const pace = { maxWritesPer20s: 20, writeWindowMs: 1000 };
    const client = clientFor(url);
    const started = Date.now();
    const [first, second] = await Promise.all([
      client.createMany("cfg-pace", fleet(40, "first"), pace),
      client.createMany("cfg-pace", fleet(40, "second", { ids: false }), pace),
    ]);
    const elapsed = Date.now() - started;

    assert.ok([...first, ...second].every((r) => r.outcome === "created"));
    assert.equal(seen.count(429), 0, "a paced run meets no 429");
    assert.ok(elapsed >= 3000, `80 writes at 20 per second take at least 3 windows, took ${elapsed} ms`);

    // The same emulator throttles creates that are not paced: the 0 above is earned.
    const unpaced = clientFor(url, { token: "another-app", retry: { maxRetries: 0 } });
    await Promise.allSettled(fleet(40, "unpaced").map((s) => unpaced.create("cfg-pace", s)));
    assert.ok(seen.count(429) > 0);
  });
});

test("an abort stops sending and the results say which statuses were created", async () => {
  await withEmulator(["--time-scale", "20", "--write-limit", "20"], async (url) => {
    const client = clientFor(url);
    const controller = new AbortController();
    const results = await client.createMany("cfg-abort", fleet(100, "abort"), {
      maxWritesPer20s: 20,
      writeWindowMs: 1000,
      signal: controller.signal,
      onProgress: ({ done }) => done === 30 && controller.abort(),
    });
    const created = results.filter((r) => r.outcome === "created");
    const failed = results.filter((r) => r.outcome === "failed");

    assert.equal(created.length + failed.length, 100);
    assert.ok(created.length >= 30 && created.length < 100, `${created.length} created before the abort`);
    for (const { error } of failed) assert.equal(error.kind, "aborted");
    const counts = await stored(client, "cfg-abort");
    assert.deepEqual([...counts.keys()].sort(), created.map((r) => `abort-${r.index}`).sort());
  });
});

test("a batch whose answer is lost is resolved by looking its statuses up", async () => {
  // The first full batch of creates is served, then its connection drops.
  let dropped = 0;
  const drop = (request) =>
    request.url.endsWith("/$batch") && JSON.parse(request.body).requests.length === 20 && dropped++ === 0;
  await withEmulator(["--no-throttle"], async (url, seen) => {
    const client = clientFor(url);
    const results = await client.createMany("cfg-drop", fleet(30, "drop"));

    assert.ok(results.every((r) => r.outcome === "created"));
    const counts = await stored(client, "cfg-drop");
    assert.equal(counts.size, 30);
    assert.ok([...counts.values()].every((n) => n === 1));
    const lookups = seen.batches().flat().filter((r) => r.method === "GET");
    assert.equal(lookups.length, 20, "the lost batch's 20 statuses were looked up, in batches");
  }, drop);
});

test("a batch answered by a gateway error after it ran leaves no status unknown or doubled", async () => {
  let replaced = 0;
  const drop = (request) =>
    request.url.endsWith("/$batch") &&
    JSON.parse(request.body).requests.length === 20 &&
    replaced++ === 0 &&
    new Response("<html>502 Bad Gateway</html>", { status: 502 });
  await withEmulator(["--no-throttle"], async (url, seen) => {
    const client = clientFor(url);
    const results = await client.createMany("cfg-502", fleet(30, "gateway"));

    assert.ok(results.every((r) => r.outcome === "created"));
    const counts = await stored(client, "cfg-502");
    assert.equal(counts.size, 30);
    assert.ok([...counts.values()].every((n) => n === 1));
    assert.equal(seen.batches().flat().filter((r) => r.method === "GET").length, 20);
  }, drop);
});

test("batch: false sends each create on its own, with the same results", async () => {
  await withEmulator(["--no-throttle"], async (url, seen) => {
    const client = clientFor(url);
    const results = await client.createMany("cfg-single", fleet(25, "single"), { batch: false });

    assert.ok(results.every((r) => r.outcome === "created"));
    assert.equal(seen.batches().length, 0);
    const posts = seen.requests.filter((r) => r.method === "POST");
    assert.equal(posts.length, 25);
    // Each status its own client-request-id, across refills of the random bytes.
    const ids = posts.map((r) => r.headers.get("client-request-id"));
    assert.ok(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)), ids.join());
    assert.equal(new Set(ids).size, 25);
  });
});

test("a token source that fails fails every status, and nothing is sent", async () => {
  await withEmulator(["--no-throttle"], async (url, seen) => {
    const client = clientFor(url, {
      token: () => {
        throw new Error("no account signed in");
      },
    });
    const results = await client.createMany("cfg-token", fleet(5, "token"));

    for (const { outcome, error } of results) {
      assert.equal(outcome, "failed");
      assert.equal(error.kind, "auth");
      assert.match(error.message, /no account signed in/);
    }
    assert.equal(seen.requests.length, 0);
  });
});

test("bad arguments reject the call before anything is sent", async () => {
  await withEmulator(["--no-throttle"], async (url, seen) => {
    const client = clientFor(url);
    const rejects = async (promise, pattern) => {
      const error = await promise.then(
        () => assert.fail("expected a rejection"),
        (e) => e,
      );
      assert.ok(error instanceof GraphError);
      assert.equal(error.kind, "invalidArgument");
      assert.match(error.message, pattern);
    };
    await rejects(client.createMany("a/b", fleet(2, "bad")), /^configurationId: /);
    await rejects(client.createMany("cfg", { statuses: [] }), /^statuses: expected an array/);
    await rejects(client.createMany("cfg", [], { batchSize: 10 }), /unknown option "batchSize"/);
    await rejects(client.createMany("cfg", [], { maxWritesPer20s: 0 }), /^options\.maxWritesPer20s: /);
    await rejects(client.createMany("cfg", [], { batch: "yes" }), /^options\.batch: expected true or false/);
    await rejects(client.createMany("cfg", [], { onWait: "log" }), /^options\.onWait: expected a function/);
    await rejects(client.createMany("cfg", [], { onProgress: 1 }), /^options\.onProgress: expected a function/);
    assert.equal(seen.requests.length, 0);
    assert.deepEqual(await client.createMany("cfg", []), []);
  });
});

// Graph scripted batch by batch: `answer(requests, n)` gives the inner answers of
// the n-th batch. Records when each batch left and what it held.
function scriptedBatches(answer) {
  const real = globalThis.fetch;
  const sent = [];
  globalThis.fetch = async (url, init) => {
    const { requests } = JSON.parse(init.body);
    sent.push({ at: Date.now(), url: String(url), requests });
    const responses = requests.map((request, i) => ({ id: request.id, ...answer(request, sent.length - 1, i) }));
    return Response.json({ responses });
  };
  return { sent, restore: () => (globalThis.fetch = real) };
}

const created = (request) => ({
  status: 201,
  headers: { "content-type": "application/json" },
  body: { ...request.body, id: request.body.id ?? crypto.randomUUID() },
});

test("inner answers: a 429 waits for its own Retry-After, a 504 is never resent blindly", async () => {
  const graph = scriptedBatches((request, batch, i) => {
    if (batch === 0 && i === 0) {
      return { status: 429, headers: { "retry-after": "1" }, body: { error: { code: "TooManyRequests", message: "slow down" } } };
    }
    if (batch === 0 && i === 1) return { status: 504, headers: {}, body: { error: { code: "GatewayTimeout", message: "late" } } };
    return created(request);
  });
  try {
    const client = clientFor("https://graph.microsoft.com");
    const statuses = fleet(3, "inner", { ids: false });
    const results = await client.createMany("cfg-inner", statuses);

    assert.deepEqual(results.map((r) => r.outcome), ["created", "failed", "created"]);
    assert.equal(results[1].error.kind, "outcomeUnknown");
    assert.match(results[1].error.message, /504 \(in a batch\)/);
    assert.equal(graph.sent.length, 2, "one more batch, for the throttled status only");
    assert.equal(graph.sent[0].url, "https://graph.microsoft.com/v1.0/$batch");
    assert.deepEqual(graph.sent[1].requests.map((r) => r.body.deviceDisplayName), ["inner-0"]);
    const waited = graph.sent[1].at - graph.sent[0].at;
    assert.ok(waited >= 1000, `the retry waited for Retry-After: 1, waited ${waited} ms`);
    const request = graph.sent[0].requests[0];
    assert.equal(request.url, "/deviceManagement/deviceConfigurations/cfg-inner/deviceStatuses");
    assert.equal(request.headers["Content-Type"], "application/json");
    assert.match(request.headers["client-request-id"], /^[0-9a-f-]{36}$/);
  } finally {
    graph.restore();
  }
});

test("a 429 whose Retry-After is an HTTP date holds every write of the client until then", async () => {
  // Whole seconds, as HTTP dates have them: at least 2 s from now.
  const until = Math.ceil(Date.now() / 1000) * 1000 + 2000;
  const graph = scriptedBatches((request, batch, i) => {
    if (batch === 0 && i === 0) {
      const headers = { "retry-after": new Date(until).toUTCString() };
      return { status: 429, headers, body: { error: { code: "TooManyRequests", message: "slow down" } } };
    }
    return created(request);
  });
  try {
    const client = clientFor("https://graph.microsoft.com");
    // 20 writes per 500 ms: the second batch would leave after about 0.6 s.
    const pace = { maxWritesPer20s: 20, writeWindowMs: 500 };
    const waits = [];
    const results = await client.createMany("cfg-date", fleet(40, "dated", { ids: false }), {
      ...pace,
      onWait: (wait) => waits.push({ ...wait, at: Date.now() }),
    });

    assert.ok(results.every((r) => r.outcome === "created"));
    // The wait is told, and told as Graph's: until the date, every write is held.
    const held = waits.filter((w) => w.throttled);
    assert.ok(held.length > 0, `a throttled wait was reported: ${JSON.stringify(waits)}`);
    assert.ok(held.every((w) => w.at < until && w.ms > 0 && w.at + w.ms <= until + 50), JSON.stringify(held));
    assert.ok(Math.max(...held.map((w) => w.ms)) > 1000, "the wait said how long: over a second, to the date");
    const during = waits.filter((w) => w.at >= held[0].at && w.at < until - 50);
    assert.ok(during.every((w) => w.throttled), `from the 429 to the date, every wait was Graph's: ${JSON.stringify(during)}`);
    assert.ok(graph.sent.length >= 2);
    const second = graph.sent[1].at;
    assert.ok(second >= until - 5, `the next batch left ${until - second} ms before the Retry-After date`);
    const names = graph.sent.flatMap((b) => b.requests.map((r) => r.body.deviceDisplayName));
    assert.equal(names.length, 41, "40 creates and the throttled one's retry");
    assert.equal(new Set(names).size, 40);
  } finally {
    graph.restore();
  }
});

test("an invalid row's error is a whole GraphError, and the caller's Error.stackTraceLimit is left as it was", async () => {
  // Nothing is sent: every row is invalid, and the base URL is never called.
  const client = clientFor("http://127.0.0.1:9");
  const rows = fleet(3, "invalid").map((row) => ({ ...row, status: "Compliant" }));
  const check = (results) => {
    for (const { outcome, error } of results) {
      assert.equal(outcome, "invalid");
      assert.ok(error instanceof GraphError && error instanceof Error);
      assert.equal(error.kind, "validation");
      assert.match(error.message, /status: expected one of .*; did you mean "compliant"\?/);
      assert.match(String(error.stack), /^GraphError: invalid deviceConfigurationDeviceStatus/);
      assert.deepEqual(error.errors.map((e) => e.path), ["status"]);
    }
  };
  const before = Error.stackTraceLimit;
  Error.stackTraceLimit = 7;
  try {
    check(await client.createMany("cfg-invalid", rows));
    assert.equal(Error.stackTraceLimit, 7);
    // Where the limit cannot be set (frozen intrinsics), rows are still reported.
    Object.defineProperty(Error, "stackTraceLimit", { value: 7, writable: false, configurable: true });
    check(await client.createMany("cfg-invalid", rows));
    assert.equal(Error.stackTraceLimit, 7);
  } finally {
    Object.defineProperty(Error, "stackTraceLimit", { value: before, writable: true, configurable: true, enumerable: true });
  }
});
