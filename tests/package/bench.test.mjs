// make bench's measurements, run end to end with tiny counts, so the benchmark
// cannot rot between the runs that write docs/benchmarks.md. Nothing here is
// timed: the assertions are about what each measurement reports.
import { test } from "node:test";
import assert from "node:assert/strict";

import { browserColdStart, browserCpuPerCreate } from "../../bench/measure/browser.mjs";
import { coldStart } from "../../bench/measure/cold-start.mjs";
import { cpuPerCreate } from "../../bench/measure/cpu.mjs";
import { validationThroughput } from "../../bench/measure/validation.mjs";
import { weight } from "../../bench/measure/weight.mjs";
import { markdown, svg } from "../../bench/report.mjs";
import { targets } from "../../scripts/size.mjs";
import { startEmulator } from "./harness.mjs";

const positive = (values, keys) => {
  for (const key of keys) assert.ok(Number.isFinite(values[key]) && values[key] > 0, `${key}: ${values[key]}`);
};

test("every measurement of make bench runs and the report shows each number", async () => {
  const run = { date: "today", machine: "this machine", node: process.versions.node, ours: "0", official: "3", ajv: "8" };
  run.weight = weight();
  assert.equal(run.weight.ours, targets.find((t) => t.entry === "index.js").total);
  assert.ok(run.weight.official > 10000 && run.weight.oursWithBulk > run.weight.ours);
  run.cold = { samples: 1, ...coldStart(1) };
  positive(run.cold, ["ours", "official", "fetch"]);
  run.browserCold = { samples: 1, ...(await browserColdStart({ samples: 1 })) };
  positive(run.browserCold, ["ours", "official", "fetch"]);
  run.validation = await validationThroughput({ runs: 1, ms: 20, passes: 1 });
  positive(run.validation, [
    ...["valid", "invalid", "parse", "fleet"].flatMap((input) => [`ours:${input}`, `ajv:${input}`]),
    "floor:valid",
  ]);
  const emulator = await startEmulator(["--no-throttle"]);
  try {
    run.cpu = { count: 20, rounds: 1, ...(await cpuPerCreate(emulator.url, { count: 20, rounds: 1 })) };
  } finally {
    emulator.stop();
  }
  positive(run.cpu, ["ours", "official", "fetch"]);
  run.browser = { count: 10, rounds: 1, ...(await browserCpuPerCreate({ count: 10, rounds: 1 })) };
  positive(run.browser, ["ours", "official", "fetch"]);

  const text = markdown(run, "chart.svg");
  for (const value of [
    run.weight.ours,
    run.weight.official,
    run.browserCold.ours.toFixed(2),
    run.cpu.ours.toFixed(1),
    run.browser.official.toFixed(1),
    Math.round(run.validation["floor:valid"]),
  ]) {
    assert.ok(text.includes(String(value)), `the report shows ${value}`);
  }
  const chart = svg(run);
  assert.match(chart, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^]*<\/svg>\n$/);
  assert.equal(chart.match(/<rect x=/g).length, 15, "a bar per client and measure");
});
