// The package in Cloudflare's runtime: the worker in tests/worker/ is bundled the
// way wrangler resolves packages (esbuild, conditions workerd/worker/browser, the
// .wasm kept as a module), then run in workerd through miniflare against the
// emulator.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { build } from "esbuild";
import { Miniflare } from "miniflare";

import { root, startEmulator } from "./harness.mjs";

const out = `${root}target/worker/`;
const example = JSON.parse(readFileSync(`${root}tests/fixtures/graph-example.json`, "utf8"));
let emulator;
let worker;

before(async () => {
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [`${root}tests/worker/worker.mjs`],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    external: ["*.wasm"],
    outfile: `${out}worker.mjs`,
    logLevel: "error",
  });
  copyFileSync(`${root}pkg/intune_device_status_bg.wasm`, `${out}intune_device_status_bg.wasm`);
  emulator = await startEmulator();
  worker = new Miniflare({
    modules: true,
    scriptPath: `${out}worker.mjs`,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2026-04-01",
    bindings: { GRAPH_BASE_URL: emulator.url, GRAPH_TOKEN: "worker-test-token" },
  });
});

after(async () => {
  await worker?.dispose();
  emulator?.stop();
});

test("the bundle took the workerd entry", () => {
  const bundle = readFileSync(`${out}worker.mjs`, "utf8");
  assert.match(bundle, /from "\.\/intune_device_status_bg\.wasm"/);
  assert.doesNotMatch(bundle, /readFileSync|import\.meta\.url/);
});

test("a Worker creates a status in workerd", async () => {
  const response = await worker.dispatchFetch("http://worker.test/", {
    method: "POST",
    body: JSON.stringify(example),
  });
  assert.equal(response.status, 201);
  const created = await response.json();
  assert.match(created.id, /^[0-9a-f-]{36}$/);
  assert.equal(created.lastReportedDateTime, example.lastReportedDateTime);
});

test("validation errors come back from workerd as GraphErrors", async () => {
  const response = await worker.dispatchFetch("http://worker.test/", {
    method: "POST",
    body: JSON.stringify({ ...example, status: "Compliant" }),
  });
  assert.equal(response.status, 400);
  const body = await response.json();
  assert.equal(body.kind, "validation");
  assert.equal(body.errors[0].path, "status");
});
