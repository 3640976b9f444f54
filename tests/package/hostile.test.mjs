// Hostile JavaScript values: nothing throws, traps or leaks, and the module keeps
// working afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { validateDeviceStatus, parseDeviceStatus, GraphError } from "intune-device-status";

const example = JSON.parse(
  readFileSync(new URL("../fixtures/graph-example.json", import.meta.url), "utf8"),
);

function revoked() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function hostileValues() {
  const cyclic = { status: "compliant" };
  cyclic.self = cyclic;
  cyclic.lastReportedDateTime = cyclic;
  let deep = [];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  class Device {
    constructor() {
      this.status = "compliant";
    }
  }
  return [
    undefined,
    null,
    () => {},
    Symbol("status"),
    10n ** 50n,
    cyclic,
    new Device(),
    new Map(Object.entries(example)),
    new Date(),
    revoked(),
    new Proxy({}, { ownKeys: () => { throw new Error("ownKeys"); } }),
    { get status() { throw new Error("getter"); } },
    Object.create(null),
    { status: deep },
    JSON.parse('{"status":' + "[".repeat(5000) + "]".repeat(5000) + "}"),
    { status: "x".repeat(30_000_000), ["k".repeat(2_000_000)]: 1 },
    Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`p${i}`, i])),
    "{}",
    [example],
    new Uint8Array(8),
  ];
}

test("hostile values get a report, never an exception", () => {
  for (const value of hostileValues()) {
    const report = validateDeviceStatus(value);
    assert.equal(report.valid, false);
    assert.ok(report.errors.length > 0);
    assert.throws(() => parseDeviceStatus(value), GraphError);
  }
  assert.deepEqual(validateDeviceStatus(example), { valid: true, errors: [], warnings: [] });
});

test("hostile property values are type errors at their property", () => {
  const report = validateDeviceStatus({
    ...example,
    deviceModel: revoked(),
    userName: Symbol("u"),
    status: 3n,
    lastReportedDateTime: new Date(),
    get userPrincipalName() {
      throw new Error("nope");
    },
  });
  assert.deepEqual(
    report.errors.map(({ path, code }) => [path, code]),
    [
      ["userName", "type"],
      ["deviceModel", "type"],
      ["status", "type"],
      ["lastReportedDateTime", "type"],
      ["userPrincipalName", "type"],
    ],
  );
  assert.match(report.errors[3].message, /pass date\.toISOString\(\)/);
  assert.match(report.errors[4].message, /found a value that threw when read/);
});

test("text that is not Unicode, or too long to copy, is reported at its property, never changed or trapped", () => {
  const lone = { ...example, deviceDisplayName: "PC-\uD83D-7" };
  const report = validateDeviceStatus(lone);
  assert.deepEqual(
    report.errors.map((e) => [e.path, e.code]),
    [["deviceDisplayName", "type"]],
  );
  assert.match(report.errors[0].message, /lone surrogate \(not Unicode text\)/);
  assert.throws(() => parseDeviceStatus(lone), GraphError);
  // A real U+FFFD and paired surrogates are text like any other.
  assert.equal(validateDeviceStatus({ ...example, deviceDisplayName: "PC-\uFFFD-😀" }).valid, true);

  const huge = { ...example, userName: "x".repeat(300_000_000) };
  const big = validateDeviceStatus(huge);
  assert.deepEqual(
    big.errors.map((e) => [e.path, e.code]),
    [["userName", "type"]],
  );
  assert.match(big.errors[0].message, /a string of over 1,048,576 characters/);
  assert.throws(() => parseDeviceStatus(huge), (error) => error instanceof GraphError && error.kind === "validation");
  assert.deepEqual(validateDeviceStatus(example), { valid: true, errors: [], warnings: [] }, "the module still works");
});

test("a report quotes text of every width exactly: one-, two-, three- and four-byte characters", () => {
  // In the order given: status is the example's, id comes after the unknown name.
  const report = validateDeviceStatus({ ...example, status: "ñé€😀", "dévice😀Name": 1, id: "a/é😀" });
  assert.deepEqual(
    report.errors.map((e) => [e.path, e.code, e.message]),
    [
      ["status", "enum", `status: expected one of unknown, notApplicable, compliant, remediated, nonCompliant, error, conflict, notAssigned, found "ñé€😀"`],
      ["id", "format", `id: an id cannot contain '/', '?', '#', '%' or '\\'; found "a/é😀"`],
    ],
  );
  assert.deepEqual(
    report.warnings.map((w) => [w.path, w.message]),
    [["dévice😀Name", `"dévice😀Name": not a property of deviceConfigurationDeviceStatus, so it is not sent`]],
  );
  // A long value is cut with an ellipsis (a three-byte character) and the report still reads.
  const long = validateDeviceStatus({ ...example, status: "😀".repeat(60) });
  assert.equal(long.errors[0].message, `status: expected one of unknown, notApplicable, compliant, remediated, nonCompliant, error, conflict, notAssigned, found "${"😀".repeat(48)}…"`);
});
