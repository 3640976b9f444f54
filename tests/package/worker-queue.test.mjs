// examples/worker-queue in Cloudflare's runtime: bundled as wrangler would (as
// worker.test.mjs does), run in workerd through miniflare with real Queues (its
// queue, consumer, retries and dead-letter queue) against the emulator. What is
// checked is what a user would see: Graph holds every status of the fleet exactly
// once, a bad report is refused at the door with where and what, and a chunk
// that cannot be created ends in the dead-letter queue, whole and unstored.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { DeviceStatusClient } from "intune-device-status";

import { root, startEmulator } from "./harness.mjs";

const out = `${root}target/worker-queue/`;
const example = JSON.parse(readFileSync(`${root}tests/fixtures/graph-example.json`, "utf8"));
const QUEUE = "device-status-reports";
const DEAD = "device-status-reports-dlq";
// The Queue's retries before its dead-letter queue (wrangler's max_retries).
const MAX_RETRIES = 2;

before(async () => {
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [`${root}examples/worker-queue/worker.mjs`],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    external: ["*.wasm"],
    outfile: `${out}worker.mjs`,
    logLevel: "error",
  });
  copyFileSync(`${root}pkg/intune_device_status_bg.wasm`, `${out}intune_device_status_bg.wasm`);
});

// The example Worker with the bindings of its wrangler.toml, plus a second
// Worker consuming the dead-letter queue: miniflare drops messages sent to a
// queue nobody consumes, so the test reads the dead letters from that consumer.
// Returns { post, events, dead, dispose }: `events` are the example's JSON log
// lines, `dead` the dead-letter bodies.
function startWorker(graphUrl, vars = {}) {
  const events = [];
  const dead = [];
  const mf = new Miniflare({
    handleRuntimeStdio(stdout, stderr) {
      createInterface({ input: stdout }).on("line", (line) => {
        if (line.startsWith("{")) events.push(JSON.parse(line));
      });
      stderr.pipe(process.stderr);
    },
    workers: [
      {
        name: "reports",
        modules: true,
        scriptPath: `${out}worker.mjs`,
        modulesRules: [
          { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
          { type: "CompiledWasm", include: ["**/*.wasm"] },
        ],
        compatibilityDate: "2026-04-01",
        // wrangler passes vars as strings; the emulator's window is 1 s at --time-scale 20.
        bindings: {
          GRAPH_BASE_URL: graphUrl,
          GRAPH_TOKEN: "queue-test-token",
          REPORT_KEY: "queue-test-report-key",
          WRITES_PER_20S: "100",
          GRAPH_WRITE_WINDOW_MS: "1000",
          RETRY_DELAY_SECONDS: "0",
          ...vars,
        },
        queueProducers: { REPORTS: { queueName: QUEUE }, DEAD_LETTERS: { queueName: DEAD } },
        // No batch timeout: miniflare would hold each first delivery and each
        // retry for it (wrangler.toml's 5 s), which only slows the test.
        queueConsumers: {
          [QUEUE]: { maxBatchSize: 10, maxBatchTimeout: 0, maxRetries: MAX_RETRIES, deadLetterQueue: DEAD },
        },
      },
      {
        name: "dead-letters",
        modules: true,
        compatibilityDate: "2026-04-01",
        script: `export default {
          async queue(batch, env) {
            for (const message of batch.messages) {
              await env.RECORD.fetch("http://record/", { method: "POST", body: JSON.stringify(message.body) });
              message.ack();
            }
          },
        };`,
        queueConsumers: { [DEAD]: { maxBatchTimeout: 0 } },
        serviceBindings: {
          async RECORD(request) {
            dead.push(await request.json());
            return new Response(null, { status: 204 });
          },
        },
      },
    ],
  });
  const post = async (body, key = "queue-test-report-key") => {
    const response = await mf.dispatchFetch("http://worker.test/reports", {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  return { post, events, dead, dispose: () => mf.dispose() };
}

test("wrangler.toml declares the queues and bindings the test gives the Worker", () => {
  const toml = readFileSync(`${root}examples/worker-queue/wrangler.toml`, "utf8");
  for (const line of [
    'main = "worker.mjs"',
    `binding = "REPORTS"\nqueue = "${QUEUE}"`,
    `binding = "DEAD_LETTERS"\nqueue = "${DEAD}"`,
    `[[queues.consumers]]\nqueue = "${QUEUE}"`,
    `dead_letter_queue = "${DEAD}"`,
    "max_retries = ",
  ]) {
    assert.ok(toml.includes(line), `wrangler.toml has ${JSON.stringify(line)}`);
  }
  for (const name of ["WRITES_PER_20S", "CHUNK_SIZE", "RETRY_DELAY_SECONDS", "MAX_REQUEUES", "GRAPH_TOKEN", "REPORT_KEY"]) {
    assert.match(toml, new RegExp(`\\b${name}\\b`), `wrangler.toml documents ${name}`);
  }
});

// `n` statuses with distinct display names; every 50th brings its own id.
function fleet(n, name) {
  return Array.from({ length: n }, (_, i) => {
    const status = { ...example, deviceDisplayName: `${name}-${i}` };
    if (i % 50 === 49) status.id = `${name}-own-${i}`;
    return status;
  });
}

// What Graph holds for a configuration: how often each id is stored.
async function stored(graphUrl, configurationId, token = "queue-test-reader") {
  const client = new DeviceStatusClient({ token, baseUrl: graphUrl, onWarning() {} });
  const counts = new Map();
  for (const { id } of await client.list(configurationId)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

// Polls `check` until it returns something truthy; on timeout, the failure
// shows what the consumer logged.
async function until(what, check, ms, worker) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) {
      assert.fail(`gave up after ${ms} ms waiting for ${what}; the consumer logged:\n${worker.events.map((e) => JSON.stringify(e)).join("\n")}`);
    }
    await sleep(100);
  }
}

// Waits until the example has logged nothing for `ms` (the Queue went quiet).
async function quiet(events, ms = 2000) {
  let seen = -1;
  while (seen !== events.length) {
    seen = events.length;
    await sleep(ms);
  }
}

const chunkEvents = (events) => events.filter((e) => e.event === "chunk");

// Each accepted id stored exactly once, and nothing else stored.
function assertStoredOnce(counts, ids) {
  const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  assert.deepEqual(twice, [], "no status is stored twice");
  const missing = ids.filter((id) => !counts.has(id));
  assert.deepEqual(missing, [], "no accepted status is missing");
  assert.equal(counts.size, ids.length, "nothing else is stored");
}

test("a fleet goes through the Queue into Graph once each; a bad report is refused whole at the door", async () => {
  const emulator = await startEmulator(["--time-scale", "20"]);
  const worker = startWorker(emulator.url);
  try {
    const stranger = await worker.post({ configurationId: "cfg-refused", statuses: fleet(2, "stranger") }, "guess");
    assert.equal(stranger.status, 401, "only callers with the REPORT_KEY may write to Intune");

    const notJson = await worker.post("{ statuses: [");
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.error, "invalidReport");

    const bad = fleet(250, "refused");
    bad[7] = { ...bad[7], status: "Compliant" };
    bad[120] = { ...bad[120], lastReportedDateTime: "yesterday" };
    bad[200] = { ...bad[200], id: bad[49].id };
    const refused = await worker.post({ configurationId: "cfg-refused", statuses: bad });
    assert.equal(refused.status, 400);
    assert.match(refused.body.message, /nothing was enqueued/);
    assert.deepEqual(
      refused.body.problems.map((p) => p.path),
      ["statuses[7].status", "statuses[120].lastReportedDateTime", "statuses[200].id"],
    );
    assert.match(refused.body.problems[0].message, /did you mean "compliant"/);
    assert.match(refused.body.problems[2].message, /duplicates statuses\[49\]\.id/);
    const noShape = await worker.post({ configurationId: "a/b", statuses: {} });
    assert.deepEqual(
      noShape.body.problems.map((p) => p.path),
      ["configurationId", "statuses"],
    );

    const statuses = fleet(250, "fleet");
    statuses[5] = { ...statuses[5], deviceDisplayname: "typo" };
    const accepted = await worker.post({ configurationId: "cfg-fleet", statuses });
    assert.equal(accepted.status, 202);
    assert.deepEqual(
      accepted.body.warnings.map((w) => w.path),
      ["statuses[5].deviceDisplayname"],
      "an unknown property is not sent, and the caller is told",
    );
    assert.equal(accepted.body.accepted, 250);
    assert.equal(accepted.body.chunks, 3, "100 statuses per message");
    const { ids } = accepted.body;
    assert.equal(new Set(ids).size, 250, "every status has an id of its own");
    assert.equal(ids[49], "fleet-own-49", "a caller's id is kept");
    assert.match(ids[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    await until("250 stored statuses", async () => (await stored(emulator.url, "cfg-fleet")).size >= 250, 15000, worker);
    await quiet(worker.events);
    assertStoredOnce(await stored(emulator.url, "cfg-fleet"), ids);
    const client = new DeviceStatusClient({ token: "queue-test-reader", baseUrl: emulator.url, onWarning() {} });
    const names = (await client.list("cfg-fleet")).map((s) => s.deviceDisplayName).sort();
    assert.deepEqual(names, statuses.map((s) => s.deviceDisplayName).sort(), "each device's own status");
    assert.equal((await stored(emulator.url, "cfg-refused")).size, 0, "nothing of the refused report is stored");
    assert.deepEqual(
      chunkEvents(worker.events)
        .map((e) => [e.statuses, e.created, e.action])
        .sort((a, b) => b[0] - a[0]),
      [
        [100, 100, "ack"],
        [100, 100, "ack"],
        [50, 50, "ack"],
      ],
      "one message per 100 statuses, each created at its first delivery",
    );
    assert.deepEqual(worker.dead, []);
  } finally {
    await worker.dispose();
    emulator.stop();
  }
});

test("large statuses are chunked by bytes to fit Queues' message and sendBatch limits", async () => {
  const emulator = await startEmulator(["--time-scale", "20"]);
  const worker = startWorker(emulator.url);
  try {
    // About 4 KB each: 120 of them are about 480 KB, more than one message or sendBatch holds.
    const statuses = fleet(120, "large").map((s) => ({ ...s, userName: "u".repeat(4000) }));
    const huge = statuses.map((s, i) => (i === 3 ? { ...s, userName: "u".repeat(130_000) } : s));
    const refused = await worker.post({ configurationId: "cfg-large", statuses: huge });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.problems[0].path, "statuses[3]");
    assert.match(refused.body.problems[0].message, /bytes as JSON; one queue message holds at most 128000/);

    const accepted = await worker.post({ configurationId: "cfg-large", statuses });
    assert.equal(accepted.status, 202, accepted.body.message);
    assert.ok(accepted.body.chunks >= 4, `${accepted.body.chunks} chunks of at most 128 KB`);

    await until("120 stored statuses", async () => (await stored(emulator.url, "cfg-large")).size >= 120, 15000, worker);
    await quiet(worker.events);
    assertStoredOnce(await stored(emulator.url, "cfg-large"), accepted.body.ids);
    assert.equal(chunkEvents(worker.events).length, accepted.body.chunks);
  } finally {
    await worker.dispose();
    emulator.stop();
  }
});

test("under 429, 503, 504, resets and store-then-504, every status is still stored exactly once", async () => {
  const faults = "429=0.05,503=0.05,504=0.02,reset=0.02,store504=0.02";
  const emulator = await startEmulator(["--time-scale", "20", "--faults", faults, "--seed", "7"]);
  // One retry per status in the client: the rest is left to the Queue.
  const worker = startWorker(emulator.url, { GRAPH_MAX_RETRIES: "1" });
  try {
    const accepted = await worker.post({ configurationId: "cfg-faults", statuses: fleet(250, "faults") });
    assert.equal(accepted.status, 202);

    await until("250 stored statuses", async () => (await stored(emulator.url, "cfg-faults")).size >= 250, 20000, worker);
    await quiet(worker.events);
    assertStoredOnce(await stored(emulator.url, "cfg-faults"), accepted.body.ids);
    assert.deepEqual(worker.dead, [], "nothing was dead-lettered");
    const chunks = chunkEvents(worker.events);
    assert.equal(
      chunks.reduce((sum, e) => sum + e.created + e.alreadyStored, 0),
      250,
      "the consumer accounted for each status once",
    );
    assert.ok(chunks.every((e) => e.outcomeUnknown === 0), "no status was left unknown: each has an id to resend");
  } finally {
    await worker.dispose();
    emulator.stop();
  }
});

test("a chunk partly throttled: the created part is acked, only the rest is enqueued again", async () => {
  // Intune lets this app write 30 times per window while the consumer was told
  // 100 (another app shares the limit): most of the first pass gets 429.
  const emulator = await startEmulator(["--time-scale", "20", "--write-limit", "30"]);
  const worker = startWorker(emulator.url, { GRAPH_MAX_RETRIES: "0", MAX_REQUEUES: "10" });
  try {
    const accepted = await worker.post({ configurationId: "cfg-partial", statuses: fleet(100, "partial") });
    assert.equal(accepted.status, 202);

    await until("100 stored statuses", async () => (await stored(emulator.url, "cfg-partial")).size >= 100, 20000, worker);
    await quiet(worker.events);
    assertStoredOnce(await stored(emulator.url, "cfg-partial"), accepted.body.ids);

    const chunks = chunkEvents(worker.events);
    const [first, second] = chunks;
    assert.equal(first.action, "requeue");
    assert.ok(first.created > 0 && first.failed > 0, `first pass: ${JSON.stringify(first)}`);
    assert.deepEqual(Object.keys(first.failures), ["throttled"]);
    assert.ok(first.delaySeconds >= 1, "the requeue waits for Retry-After");
    assert.equal(second.statuses, first.failed, "only the statuses not created are sent again");
    assert.equal(second.requeues, 1);
    assert.ok(
      chunks.every((e) => e.alreadyStored === 0),
      "no created status reached Graph again (it would have answered 409)",
    );
    assert.equal(chunks.at(-1).action, "ack");
    assert.deepEqual(worker.dead, []);
  } finally {
    await worker.dispose();
    emulator.stop();
  }
});

test("after MAX_REQUEUES the rest goes to the dead-letter queue: each status stored or dead-lettered, never both", async () => {
  const emulator = await startEmulator(["--time-scale", "20", "--write-limit", "30"]);
  const worker = startWorker(emulator.url, { GRAPH_MAX_RETRIES: "0", MAX_REQUEUES: "0" });
  try {
    const accepted = await worker.post({ configurationId: "cfg-requeues", statuses: fleet(100, "requeues") });
    assert.equal(accepted.status, 202);

    const [letter] = await until("a dead letter", () => worker.dead.length > 0 && worker.dead, 10000, worker);
    const counts = await stored(emulator.url, "cfg-requeues");
    const deadIds = letter.statuses.map((s) => s.id);
    assert.equal(letter.configurationId, "cfg-requeues");
    assert.match(letter.reason, /throttled/);
    assert.ok(counts.size > 0 && deadIds.length > 0);
    assert.deepEqual(
      deadIds.filter((id) => counts.has(id)),
      [],
      "no dead-lettered status is stored",
    );
    assert.deepEqual([...deadIds, ...counts.keys()].sort(), [...accepted.body.ids].sort(), "none is lost");
    assert.ok([...counts.values()].every((n) => n === 1));
  } finally {
    await worker.dispose();
    emulator.stop();
  }
});

test("a chunk whose creates all fail is retried by the Queue, then lands whole in the dead-letter queue", async () => {
  const emulator = await startEmulator(["--time-scale", "20", "--token", "right-token"]);
  const worker = startWorker(emulator.url, { GRAPH_TOKEN: "wrong-token" });
  try {
    const accepted = await worker.post({ configurationId: "cfg-refused-token", statuses: fleet(30, "token") });
    assert.equal(accepted.status, 202);

    const [letter] = await until("a dead letter", () => worker.dead.length > 0 && worker.dead, 15000, worker);
    assert.deepEqual(
      letter.statuses.map((s) => s.id),
      accepted.body.ids,
      "the whole chunk, with its ids, can be replayed",
    );
    const tries = chunkEvents(worker.events);
    assert.deepEqual(
      tries.map((e) => [e.attempt, e.action, e.failures]),
      Array.from({ length: MAX_RETRIES + 1 }, (_, i) => [i + 1, "retry", { auth: 30 }]),
      "one delivery, then max_retries more",
    );
    assert.equal((await stored(emulator.url, "cfg-refused-token", "right-token")).size, 0, "nothing was stored");
  } finally {
    await worker.dispose();
    emulator.stop();
  }
});
