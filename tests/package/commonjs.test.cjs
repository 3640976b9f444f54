// CommonJS users: `require("intune-device-status")` gives the same API, ready.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { validateDeviceStatus, parseDeviceStatus, DeviceStatusClient, GraphError } = require("intune-device-status");

test("require() gives a ready module", () => {
  assert.equal(typeof DeviceStatusClient, "function");
  assert.equal(validateDeviceStatus({}, { mode: "update" }).valid, true);
  assert.throws(() => parseDeviceStatus({ status: "x" }), GraphError);
});
