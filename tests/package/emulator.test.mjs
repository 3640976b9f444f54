// The client against the emulator binary (the native crate that reuses the
// package's rules), every operation end to end, as `make demo` runs them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { DeviceStatusClient, GraphError } from "intune-device-status";
import { startEmulator } from "./harness.mjs";

const config = "00000000-0000-0000-0000-0000000000aa";
let baseUrl;
let client;

const status = (id, value) => ({
  id,
  deviceDisplayName: `PC-${id}`,
  status: value,
  lastReportedDateTime: "2024-05-01T12:30:00.1234567+02:00",
  complianceGracePeriodExpirationDateTime: "2024-06-01T00:00:00Z",
});

/** Starts an emulator with these arguments; resolves to its URL. */
async function start(args) {
  const emulator = await startEmulator(args);
  running.push(emulator);
  return emulator.url;
}
const running = [];

before(async () => {
  baseUrl = await start(["--page-size", "2", "--token", "secret"]);
  client = new DeviceStatusClient({ token: "secret", baseUrl, onWarning() {} });
});

after(() => running.forEach((emulator) => emulator.stop()));

test("every operation, end to end", async () => {
  for (const [id, value] of [["a", "compliant"], ["b", "error"], ["c", "compliant"]]) {
    const created = await client.create(config, status(id, value));
    assert.equal(created.id, id);
    assert.equal(created.lastReportedDateTime, "2024-05-01T12:30:00.1234567+02:00");
  }
  assert.equal(await client.count(config), 3);
  const all = await client.list(config);
  assert.deepEqual(all.map((s) => s.id), ["a", "b", "c"], "two pages of 2 and 1, followed");
  const pages = [];
  for await (const page of client.pages(config, { filter: "status eq 'compliant'", select: ["id"] })) {
    pages.push(page);
  }
  assert.deepEqual(pages, [[{ id: "a" }, { id: "c" }]]);
  // next() called twice without waiting: the pages come in order, then the end.
  const iterator = client.pages(config, { select: ["id"] })[Symbol.asyncIterator]();
  const [first, second, end] = await Promise.all([iterator.next(), iterator.next(), iterator.next()]);
  assert.deepEqual([first.value, second.value, end.done], [[{ id: "a" }, { id: "b" }], [{ id: "c" }], true]);
  const updated = await client.update(config, "b", { status: "remediated", deviceModel: "Surface" });
  assert.equal(updated.status, "remediated");
  assert.equal(updated.deviceModel, "Surface");
  assert.equal((await client.get(config, "b")).deviceDisplayName, "PC-b");
  assert.equal(await client.delete(config, "b"), undefined);
  assert.equal(await client.count(config), 2);
});

test("the emulator's errors reach the caller as GraphErrors", async () => {
  await assert.rejects(client.create(config, status("dup", "compliant")).then(() => client.create(config, status("dup", "error"))), (error) => {
    assert.ok(error instanceof GraphError);
    assert.equal(error.kind, "service");
    assert.equal(error.statusCode, 409);
    assert.equal(error.code, "Conflict");
    assert.ok(error.requestId);
    assert.equal(error.body.innerError["client-request-id"], error.clientRequestId);
    return true;
  });
  await assert.rejects(client.get(config, "missing"), { kind: "service", statusCode: 404, code: "ResourceNotFound" });
  const stranger = new DeviceStatusClient({ token: "wrong", baseUrl, onWarning() {} });
  await assert.rejects(stranger.count(config), { kind: "auth", statusCode: 401, code: "InvalidAuthenticationToken" });
});

test("a create stored and then answered 504 is found, not duplicated", async () => {
  const faulty = await start(["--faults", "store504=1"]);
  const client = new DeviceStatusClient({ token: "t", baseUrl: faulty, onWarning() {} });
  const found = await client.create(config, status("kept", "compliant"));
  assert.equal(found.id, "kept");
  assert.equal(await client.count(config), 1);
  await assert.rejects(client.create(config, { ...status("x", "error"), id: undefined }), {
    kind: "outcomeUnknown",
    statusCode: 504,
  });
  assert.equal(await client.count(config), 2, "stored once; the client did not resend");
});

test("a dropped connection on create is an unknown outcome; reads retry through it", async () => {
  const dropping = await start(["--faults", "reset=1"]);
  const client = new DeviceStatusClient({ token: "t", baseUrl: dropping, onWarning() {}, retry: { maxRetries: 1, baseDelayMs: 1 } });
  await assert.rejects(client.create(config, { ...status("r", "error"), id: undefined }), { kind: "outcomeUnknown" });
  await assert.rejects(client.count(config), { kind: "network", attempts: 2 });
});

test("throttled writes are paced by Retry-After and all land", async () => {
  const throttled = await start(["--write-limit", "2", "--time-scale", "40"]);
  const client = new DeviceStatusClient({ token: "t", baseUrl: throttled, onWarning() {} });
  for (const id of ["t1", "t2", "t3"]) await client.create(config, status(id, "compliant"));
  assert.equal(await client.count(config), 3);
});
