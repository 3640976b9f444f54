// Validation throughput: statuses per second through validateDeviceStatus, and
// through an ajv-compiled JSON Schema of the same OpenAPI schema
// (bench/device-status.schema.json), for a valid status and an invalid one.
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { validateDeviceStatus } from "intune-device-status";

import { status } from "./cpu.mjs";
import { median } from "./stats.mjs";

const schema = JSON.parse(readFileSync(new URL("../device-status.schema.json", import.meta.url), "utf8"));
const invalid = { ...status, status: "Compliant", lastReportedDateTime: "2026-11-28 09:00" };

// Calls per second of `check` over ~`ms` milliseconds.
function perSecond(check, input, ms) {
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) check(input);
    calls += 100;
    now = performance.now();
  }
  return (calls * 1000) / (now - start);
}

export function validationThroughput({ runs = 5, ms = 500 } = {}) {
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  const compiled = ajv.compile(schema);
  if (!compiled(status) || compiled(invalid) || !validateDeviceStatus(status).valid || validateDeviceStatus(invalid).valid) {
    throw new Error("the validators disagree with the bench's inputs");
  }
  const checkers = { ours: (s) => validateDeviceStatus(s), ajv: (s) => compiled(s) };
  const result = {};
  for (const [input, value] of [["valid", status], ["invalid", invalid]]) {
    for (const [name, check] of Object.entries(checkers)) {
      perSecond(check, value, 100); // warm
      result[`${name}:${input}`] = median(Array.from({ length: runs }, () => perSecond(check, value, ms)));
    }
  }
  return result;
}
