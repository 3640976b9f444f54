// The built package through its public entry, as a Node user imports it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  validateDeviceStatus,
  parseDeviceStatus,
  complianceStatuses,
  GraphError,
} from "intune-device-status";

const example = JSON.parse(
  readFileSync(new URL("../fixtures/graph-example.json", import.meta.url), "utf8"),
);

test("Graph's own example body is valid, with no warnings", () => {
  assert.deepEqual(validateDeviceStatus(example), { valid: true, errors: [], warnings: [] });
});

test("parseDeviceStatus returns the body as Graph will store it, text untouched", () => {
  const { userName, ...rest } = example;
  const parsed = parseDeviceStatus({ ...rest, deviceModel: undefined, id: "d-1" });
  assert.deepEqual(parsed, {
    ...example,
    id: "d-1",
    userName: null,
    deviceModel: null,
  });
  assert.equal(parsed.lastReportedDateTime, "2017-01-01T00:00:17.7769392-08:00");
});

test("every problem comes at once, each with its path, code and a plain message", () => {
  const report = validateDeviceStatus({
    status: "Compliant",
    lastReportedDateTime: "2023-02-29T10:00:00Z",
    deviceDisplayname: "PC-01",
    deviceModel: 5,
  });
  assert.equal(report.valid, false);
  assert.deepEqual(
    report.errors.map(({ path, code }) => [path, code]),
    [
      ["status", "enum"],
      ["lastReportedDateTime", "range"],
      ["deviceModel", "type"],
      ["complianceGracePeriodExpirationDateTime", "required"],
    ],
  );
  assert.match(report.errors[0].message, /found "Compliant"; did you mean "compliant"\?/);
  assert.match(report.errors[1].message, /February 2023 has only 28 days/);
  assert.deepEqual(report.warnings, [
    {
      path: "deviceDisplayname",
      code: "unknownProperty",
      message:
        '"deviceDisplayname": not a property of deviceConfigurationDeviceStatus, so it is not sent; did you mean "deviceDisplayName"?',
    },
  ]);
});

test("mode defaults to create; update checks only what is present", () => {
  assert.equal(validateDeviceStatus({}).valid, false);
  assert.equal(validateDeviceStatus({}, {}).valid, false);
  assert.equal(validateDeviceStatus({}, { mode: "create" }).valid, false);
  assert.equal(validateDeviceStatus({}, { mode: "update" }).valid, true);
  assert.equal(validateDeviceStatus({ status: "bad" }, { mode: "update" }).valid, false);
});

test("unusable options throw an invalidArgument GraphError", () => {
  for (const [options, message] of [
    [{ mode: "delete" }, 'options.mode: expected "create" or "update", found "delete"'],
    [{ mode: 1 }, 'options.mode: expected "create" or "update", found a value of another type'],
    ["update", 'options: expected an object like { mode: "update" }'],
  ]) {
    assert.throws(
      () => validateDeviceStatus(example, options),
      (error) =>
        error instanceof GraphError && error.kind === "invalidArgument" && error.message === message,
    );
  }
});

test("parseDeviceStatus throws a GraphError that is a real Error", () => {
  let caught;
  try {
    parseDeviceStatus({ ...example, status: "ok", "@odata.type": "#microsoft.graph.x" });
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof GraphError);
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, "GraphError");
  assert.equal(caught.kind, "validation");
  assert.equal(caught.code, "validation");
  assert.equal(caught.statusCode, null);
  assert.match(caught.stack, /GraphError/);
  assert.deepEqual(
    caught.errors.map((e) => e.code),
    ["constant", "enum"],
  );
  assert.match(caught.message, /^invalid deviceConfigurationDeviceStatus: @odata.type: expected/);
});

test("complianceStatuses lists the 8 values in Graph's order, fresh each call", () => {
  const list = complianceStatuses();
  assert.deepEqual(list, [
    "unknown",
    "notApplicable",
    "compliant",
    "remediated",
    "nonCompliant",
    "error",
    "conflict",
    "notAssigned",
  ]);
  list.length = 0;
  assert.equal(complianceStatuses().length, 8);
  for (const status of complianceStatuses()) {
    assert.equal(validateDeviceStatus({ ...example, status }).valid, true);
  }
});

test("the package exports what its typings declare: no more, no less, nothing of the loader", async () => {
  const exported = Object.keys(await import("intune-device-status")).sort();
  assert.deepEqual(exported, [
    "DeviceStatusClient",
    "GraphError",
    "complianceStatuses",
    "parseDeviceStatus",
    "validateDeviceStatus",
  ]);
  for (const file of ["intune_device_status.d.ts", "intune_device_status.d.cts"]) {
    const typings = readFileSync(new URL(`../../pkg/${file}`, import.meta.url), "utf8");
    const declared = [...typings.matchAll(/^export (?:declare )?(?:class|function|const|let|var) (\w+)/gm)].map(([, name]) => name);
    assert.deepEqual(declared.sort(), exported, `${file} declares the runtime values, each once`);
    assert.doesNotMatch(typings, /export default|InitOutput|initSync/, `${file} declares no loader`);
  }
});
