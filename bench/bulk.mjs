// make bench-bulk: a fleet of 2,000 statuses against the emulator with Intune's
// throttling (100 writes per 20 s per app) on a scaled clock, reported by
// `createMany` and, side by side in the same run, by the official
// @microsoft/microsoft-graph-client 3.x posting the same statuses with
// `Promise.all` and its default middleware (retry included).
//
// Every number comes from this run: wall time (and its ratio to the floor, the
// time Intune's limit allows at best: statuses / limit windows), what the
// emulator counted (429s for going over the limit, injected faults; see
// GET /_emulator/stats), what each client reported, and what Graph ended up
// storing: duplicates and losses are counted from the stored statuses, not from
// the clients' word. Prints a markdown table and writes target/bench-bulk.md.
import { writeFileSync, readFileSync, mkdirSync } from "node:fs";
import { cpus } from "node:os";
import * as graph from "@microsoft/microsoft-graph-client";
import { DeviceStatusClient } from "intune-device-status";

import { officialClient } from "./official.mjs";
import { root, startEmulator } from "../tests/package/harness.mjs";

const STATUSES = 2000;
const LIMIT = 100; // Intune's writes per window per app, the emulator's default
const SCALE = 20; // the emulator's clock runs 20 times faster: a 1-second window
const WINDOW_MS = 20000 / SCALE;
const FLOOR_MS = (STATUSES / LIMIT) * WINDOW_MS;
const FAULTS = "429=0.02,503=0.02,504=0.02,reset=0.01,store504=0.02";
const PATH = (configurationId) => `/deviceManagement/deviceConfigurations/${configurationId}/deviceStatuses`;

// The fleet: every status with its own display name, by which the stored
// statuses are counted; with ids (the package's advice) or without.
function fleet(name, ids) {
  return Array.from({ length: STATUSES }, (_, i) => {
    const status = {
      deviceDisplayName: `${name}-${i}`,
      userName: "bench",
      deviceModel: "Surface Laptop",
      status: i % 7 === 0 ? "nonCompliant" : "compliant",
      lastReportedDateTime: "2026-11-28T09:00:00Z",
      complianceGracePeriodExpirationDateTime: "2026-12-31T00:00:00Z",
      userPrincipalName: `user${i}@contoso.example`,
    };
    if (ids) status.id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    return status;
  });
}

// ---------------------------------------------------------------------------
// The two clients, each reporting { created, failed, unknown } for the fleet
// (indexes; unknown: "may or may not be stored", which only ours says).

async function ours(url, token, configurationId, statuses, batch) {
  const client = new DeviceStatusClient({ token, baseUrl: url, onWarning() {} });
  const results = await client.createMany(configurationId, statuses, { batch, writeWindowMs: WINDOW_MS });
  const indexes = (keep) => results.filter(keep).map((r) => r.index);
  return {
    created: indexes((r) => r.outcome === "created"),
    failed: indexes((r) => r.outcome !== "created" && r.error.kind !== "outcomeUnknown"),
    unknown: indexes((r) => r.error?.kind === "outcomeUnknown"),
  };
}

async function official(url, token, configurationId, statuses) {
  const client = officialClient(graph, `${url}/`, token);
  const settled = await Promise.allSettled(statuses.map((s) => client.api(PATH(configurationId)).post(s)));
  return {
    created: settled.flatMap((r, i) => (r.status === "fulfilled" ? [i] : [])),
    failed: settled.flatMap((r, i) => (r.status === "rejected" ? [i] : [])),
    unknown: [],
  };
}

// ---------------------------------------------------------------------------
// Measuring one run.

const stats = async (url) => (await fetch(`${url}/_emulator/stats`)).json();

// Copies stored per display name, read with a token of its own (reads are not
// what is measured, and count against another app's limits).
async function storedCopies(url, configurationId) {
  const reader = new DeviceStatusClient({ token: "bench-reader", baseUrl: url, onWarning() {} });
  const copies = new Map();
  for (const status of await reader.list(configurationId, { top: 999 })) {
    copies.set(status.deviceDisplayName, (copies.get(status.deviceDisplayName) ?? 0) + 1);
  }
  return copies;
}

async function measure(url, row, run) {
  const before = await stats(url);
  const started = performance.now();
  const reported = await run();
  const ms = performance.now() - started;
  const after = await stats(url);
  const copies = await storedCopies(url, row.configurationId);
  const names = row.statuses.map((s) => s.deviceDisplayName);
  const stored = (i) => copies.has(names[i]);
  const faults = Object.keys(after.faults).reduce((sum, k) => sum + after.faults[k] - before.faults[k], 0);
  return {
    ...row,
    ms,
    throttled: after.throttled - before.throttled,
    faults,
    requests: after.requests - before.requests,
    created: reported.created.length,
    failed: reported.failed.length,
    unknown: reported.unknown.length,
    stored: copies.size,
    duplicates: [...copies.values()].reduce((sum, n) => sum + n - 1, 0),
    lost: names.filter((_, i) => !stored(i)).length,
    // What the client said against what Graph holds.
    wrong: reported.created.filter((i) => !stored(i)).length + reported.failed.filter((i) => stored(i)).length,
  };
}

// ---------------------------------------------------------------------------

const scenarios = [
  { environment: "throttling", args: [] },
  { environment: "throttling + faults", args: ["--faults", FAULTS, "--seed", "3"] },
];
const clients = [
  { client: "intune-device-status `createMany`", ids: true, run: (c) => ours(...c, true) },
  { client: "intune-device-status `createMany({ batch: false })`", ids: true, run: (c) => ours(...c, false), only: "throttling" },
  { client: "intune-device-status `createMany`, statuses without ids", ids: false, run: (c) => ours(...c, true), only: "throttling + faults" },
  { client: "official client, `Promise.all` of `post`", ids: true, run: (c) => official(...c) },
  { client: "official client, `Promise.all` of `post`, statuses without ids", ids: false, run: (c) => official(...c), only: "throttling + faults" },
];

const rows = [];
for (const { environment, args } of scenarios) {
  const emulator = await startEmulator(["--time-scale", String(SCALE), ...args]);
  try {
    for (const [n, { client, ids, run, only }] of clients.entries()) {
      if (only && only !== environment) continue;
      // Each run is its own app (token) and configuration, so nothing carries over.
      const configurationId = `bench-${rows.length}`;
      const statuses = fleet(`r${rows.length}`, ids);
      const row = { environment, client, configurationId, statuses };
      process.stderr.write(`bench-bulk: ${environment}: ${client}…\n`);
      rows.push(await measure(emulator.url, row, () => run([emulator.url, `bench-app-${n}`, configurationId, statuses])));
    }
  } finally {
    emulator.stop();
  }
}

const version = (path) => JSON.parse(readFileSync(`${root}${path}`, "utf8")).version;
const seconds = (ms) => (ms / 1000).toFixed(1);
const lines = [
  `Bulk reporting: ${STATUSES} statuses against the emulator with Intune's limit of ${LIMIT} writes per ` +
    `20 s per app on a clock ${SCALE} times faster (a ${WINDOW_MS} ms window), so the floor is ` +
    `${STATUSES / LIMIT} windows = ${seconds(FLOOR_MS)} s. Faults: \`${FAULTS}\` (seeded). ` +
    `Run ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0].model.trim()}, Node ${process.versions.node}, ` +
    `intune-device-status ${version("pkg/package.json")}, ` +
    `@microsoft/microsoft-graph-client ${version("node_modules/@microsoft/microsoft-graph-client/package.json")}.`,
  "",
  "| environment | client | time (s) | × floor | 429s over the limit | faults injected | requests | reported created | reported failed | reported unknown | stored | duplicates | lost | reports contradicted by Graph |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ...rows.map(
    (r) =>
      `| ${r.environment} | ${r.client} | ${seconds(r.ms)} | ${(r.ms / FLOOR_MS).toFixed(2)} | ${r.throttled} | ${r.faults} | ` +
      `${r.requests} | ${r.created} | ${r.failed} | ${r.unknown} | ${r.stored} | ${r.duplicates} | ${r.lost} | ${r.wrong} |`,
  ),
  "",
  "Requests are counted as Graph throttles them: each request of a `$batch` on its own. " +
    "Lost: statuses of the fleet that Graph does not hold at the end. Duplicates: extra copies Graph holds. " +
    "Reports contradicted: said created but not stored, or said failed but stored " +
    "(an unknown outcome says neither).",
];
const table = lines.join("\n");
console.log(table);
mkdirSync(`${root}target`, { recursive: true });
writeFileSync(`${root}target/bench-bulk.md`, `${table}\n`);

const ourRows = rows.filter((r) => r.client.startsWith("intune-device-status") && r.statuses[0].id !== undefined);
const broken = ourRows.filter((r) => r.duplicates > 0 || r.lost > 0);
if (broken.length > 0) {
  console.error(`bench-bulk: createMany lost or duplicated statuses: ${broken.map((r) => r.environment).join(", ")}`);
  process.exitCode = 1;
}
