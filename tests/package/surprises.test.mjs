// The API does what its options say, with no surprises (issue 16): every options
// object refuses unknown names, ranges read the same in every message, a root
// written as Graph's documentation writes it gets a hint, pacing can be turned
// off, and a long createMany with a signal leaves no listener warnings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { DeviceStatusClient, GraphError, validateDeviceStatus } from "intune-device-status";

import { startEmulator } from "./harness.mjs";

const example = JSON.parse(readFileSync(new URL("../fixtures/graph-example.json", import.meta.url), "utf8"));
const rejection = (promise) => promise.then(assert.fail, (error) => error);

test("validateDeviceStatus refuses unknown option names like every other options object", () => {
  assert.throws(
    () => validateDeviceStatus(example, { mode: "create", strict: true }),
    (error) => error instanceof GraphError && error.kind === "invalidArgument" && /unknown option "strict"; known: mode/.test(error.message),
  );
  assert.equal(validateDeviceStatus(example, { mode: "create" }).valid, true);
});

test("a list's top of 0 and of 1000 are refused with the same range", async () => {
  const client = new DeviceStatusClient({ token: "t", baseUrl: "http://127.0.0.1:9" });
  const messages = [];
  for (const top of [0, 1000, 1.5]) messages.push((await rejection(client.list("cfg", { top }))).message);
  assert.deepEqual(messages, Array(3).fill("query.top: expected a whole number from 1 to 999"));
});

test("a baseUrl written with the API version gets a hint instead of /v1.0/v1.0", () => {
  assert.throws(
    () => new DeviceStatusClient({ token: "t", baseUrl: "https://graph.microsoft.com/v1.0" }),
    /options\.baseUrl: expected the root without the API version, which apiVersion chooses/,
  );
});

test("pacing: Infinity turns it off and any positive rate is taken; a signal adds one listener", async () => {
  const emulator = await startEmulator(["--no-throttle"]);
  const warnings = [];
  const onWarning = (warning) => warnings.push(warning);
  process.on("warning", onWarning);
  try {
    const client = new DeviceStatusClient({ token: "t", baseUrl: emulator.url, onWarning() {} });
    const fleet = Array.from({ length: 300 }, (_, i) => ({ ...example, deviceDisplayName: `FAST-${i}` }));
    const started = Date.now();
    const signal = new AbortController().signal;
    const results = await client.createMany("cfg-fast", fleet, { maxWritesPer20s: Infinity, signal });
    assert.ok(results.every((r) => r.outcome === "created"));
    // Paced at Intune's 100 per 20 s, 300 writes would take over 40 s.
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(await client.createMany("cfg-fast", [], { maxWritesPer20s: 0.5 }), []);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      warnings.map((w) => w.name),
      [],
      "no MaxListenersExceededWarning",
    );
  } finally {
    process.off("warning", onWarning);
    emulator.stop();
  }
});

test("an onProgress that throws is reported once with console.error, and the run keeps every result", async (t) => {
  const emulator = await startEmulator(["--no-throttle"]);
  const logged = t.mock.method(console, "error", () => {});
  try {
    const client = new DeviceStatusClient({ token: "t", baseUrl: emulator.url, onWarning() {} });
    const fleet = Array.from({ length: 3 }, (_, i) => ({ ...example, deviceDisplayName: `P-${i}` }));
    const broken = new Error("the progress bar is gone");
    const results = await client.createMany("cfg-progress", fleet, {
      maxWritesPer20s: Infinity,
      onProgress() {
        throw broken;
      },
    });
    assert.deepEqual(
      results.map((r) => r.outcome),
      ["created", "created", "created"],
    );
    assert.equal(logged.mock.callCount(), 1);
    assert.equal(logged.mock.calls[0].arguments[1], broken);
  } finally {
    emulator.stop();
  }
});
