// Validation throughput: statuses per second through validateDeviceStatus, and
// through an ajv-compiled JSON Schema of the same OpenAPI schema
// (bench/device-status.schema.json), for a valid status and an invalid one; a
// valid status through parseDeviceStatus against ajv plus JSON.stringify (what a
// caller of ajv does before sending); a 1,000-row fleet through createMany,
// every row invalid so nothing is sent, against ajv checking the same rows; and
// the floor: a wasm function that does nothing, called the same way (floor.mjs).
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { DeviceStatusClient, parseDeviceStatus, validateDeviceStatus } from "intune-device-status";

import { status } from "./cpu.mjs";
import { floorCheck } from "./floor.mjs";
import { median } from "./stats.mjs";

const schema = JSON.parse(readFileSync(new URL("../device-status.schema.json", import.meta.url), "utf8"));
const invalid = { ...status, status: "Compliant", lastReportedDateTime: "2026-11-28 09:00" };
const FLEET = 1000;
// A spreadsheet's rows with dates written as a person types them.
const fleet = Array.from({ length: FLEET }, (_, i) => ({
  ...status,
  deviceDisplayName: `PC-${String(i).padStart(4, "0")}`,
  lastReportedDateTime: "2026-11-28 09:00",
}));

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

// Rows per second of `check` over the fleet, the median of `runs` passes.
async function rowsPerSecond(check, runs) {
  await check(); // warm
  const passes = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await check();
    passes.push((FLEET * 1000) / (performance.now() - start));
  }
  return median(passes);
}

// `runs` short runs of `ms` each per checker; the fleet, `passes` whole passes.
export async function validationThroughput({ runs = 15, ms = 150, passes = 5 } = {}) {
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  const compiled = ajv.compile(schema);
  if (!compiled(status) || compiled(invalid) || !validateDeviceStatus(status).valid || validateDeviceStatus(invalid).valid) {
    throw new Error("the validators disagree with the bench's inputs");
  }
  const floor = await floorCheck();
  if (floor(status).valid !== true) throw new Error("the floor's report is not an empty one");
  // Checkers compared on one input are measured in turns, one short run each,
  // `runs` times: a drift of the machine (another process, the CPU's clock)
  // then falls on all of them alike. Warmed first; the median of each.
  const rates = (checks, input) => {
    for (const check of Object.values(checks)) perSecond(check, input, 100);
    const samples = Object.keys(checks).map(() => []);
    for (let run = 0; run < runs; run++) {
      Object.values(checks).forEach((check, i) => samples[i].push(perSecond(check, input, ms)));
    }
    return Object.fromEntries(Object.keys(checks).map((name, i) => [name, median(samples[i])]));
  };
  const ours = (s) => validateDeviceStatus(s);
  const byAjv = (s) => compiled(s);
  const result = {};
  const valid = rates({ ours, ajv: byAjv, floor }, status);
  Object.assign(result, { "ours:valid": valid.ours, "ajv:valid": valid.ajv, "floor:valid": valid.floor });
  const wrong = rates({ ours, ajv: byAjv }, invalid);
  Object.assign(result, { "ours:invalid": wrong.ours, "ajv:invalid": wrong.ajv });
  const parse = rates({ ours: parseDeviceStatus, ajv: (s) => compiled(s) && JSON.stringify(s) }, status);
  Object.assign(result, { "ours:parse": parse.ours, "ajv:parse": parse.ajv });
  // No request can leave: every row is invalid, and the base URL is never called.
  const client = new DeviceStatusClient({ token: "bench-fleet", baseUrl: "http://127.0.0.1:9", onWarning() {} });
  result["ours:fleet"] = await rowsPerSecond(async () => {
    const results = await client.createMany("bench-fleet", fleet);
    if (results.some((r) => r.outcome !== "invalid")) throw new Error("a fleet row was not refused as invalid");
  }, passes);
  result["ajv:fleet"] = await rowsPerSecond(() => {
    if (fleet.some((row) => compiled(row))) throw new Error("ajv passed a fleet row");
  }, passes);
  return result;
}
