// make bench: intune-device-status against the official @microsoft/microsoft-graph-client
// and against plain fetch, in one run on one machine, on the Graph emulator:
// weight, cold start (Node and Chromium), client CPU per create (Node and
// Chromium), and validation (one status, parse for sending, a 1,000-row fleet)
// throughput against ajv. Writes docs/benchmarks.md and docs/benchmarks.svg.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { cpus } from "node:os";

import { root, startEmulator } from "../tests/package/harness.mjs";
import { browserColdStart, browserCpuPerCreate } from "./measure/browser.mjs";
import { coldStart } from "./measure/cold-start.mjs";
import { cpuPerCreate } from "./measure/cpu.mjs";
import { validationThroughput } from "./measure/validation.mjs";
import { weight } from "./measure/weight.mjs";
import { markdown, svg } from "./report.mjs";

const version = (path) => JSON.parse(readFileSync(`${root}${path}/package.json`, "utf8")).version;
const say = (what) => process.stderr.write(`bench: ${what}\n`);

const COLD_SAMPLES = 20;
const NODE_CREATES = 5000;
const BROWSER_CREATES = 1000;
const ROUNDS = 3;

const run = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} × ${cpus()[0].model.trim()}`,
  node: process.versions.node,
  ours: version("pkg"),
  official: version("node_modules/@microsoft/microsoft-graph-client"),
  ajv: version("node_modules/ajv"),
};

say("weight");
run.weight = weight();
say(`cold start (${COLD_SAMPLES} fresh processes per client)`);
run.cold = { samples: COLD_SAMPLES, ...coldStart(COLD_SAMPLES) };
say(`cold start in Chromium (${COLD_SAMPLES} fresh contexts per client)`);
run.browserCold = { samples: COLD_SAMPLES, ...(await browserColdStart({ samples: COLD_SAMPLES })) };
say("validation throughput");
run.validation = await validationThroughput();
say(`CPU per create in Node (${NODE_CREATES} creates x ${ROUNDS} rounds per client)`);
const emulator = await startEmulator(["--no-throttle"]);
try {
  run.cpu = { count: NODE_CREATES, rounds: ROUNDS, ...(await cpuPerCreate(emulator.url, { count: NODE_CREATES, rounds: ROUNDS })) };
} finally {
  emulator.stop();
}
say(`CPU per create in Chromium (${BROWSER_CREATES} creates x ${ROUNDS} rounds per client)`);
run.browser = { count: BROWSER_CREATES, rounds: ROUNDS, ...(await browserCpuPerCreate({ count: BROWSER_CREATES, rounds: ROUNDS })) };

mkdirSync(`${root}docs`, { recursive: true });
writeFileSync(`${root}docs/benchmarks.svg`, svg(run));
const text = markdown(run, "benchmarks.svg");
writeFileSync(`${root}docs/benchmarks.md`, text);
writeFileSync(`${root}target/bench.json`, `${JSON.stringify(run, null, 2)}\n`);
console.log(text);
