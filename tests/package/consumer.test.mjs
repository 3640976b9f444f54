// A Rust app that depends on the crate (tests/consumer: its own global allocator
// and its own export) builds for wasm32, and wasm-bindgen's output for it holds
// the app's API only: none of the npm package's exports, snippets or allocator.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

import { root } from "./harness.mjs";

const out = `${root}target/consumer-app/`;
const example = readFileSync(`${root}tests/fixtures/graph-example.json`, "utf8");

before(() => {
  rmSync(out, { recursive: true, force: true });
  const cargo = ["build", "--quiet", "-p", "consumer-app", "--target", "wasm32-unknown-unknown"];
  execFileSync("cargo", cargo, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  const wasm = `${root}target/wasm32-unknown-unknown/debug/consumer_app.wasm`;
  execFileSync("wasm-bindgen", ["--target", "nodejs", "--out-dir", out, wasm], { stdio: "inherit" });
  // The repository's package.json says "module"; wasm-bindgen's nodejs output is CommonJS.
  writeFileSync(`${out}package.json`, '{"type":"commonjs"}');
});

test("the app's wasm exports its own API and nothing of the crate's", () => {
  const typings = readFileSync(`${out}consumer_app.d.ts`, "utf8");
  const exported = [...typings.matchAll(/^export (?:function|class|type|interface) (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual(exported.sort(), ["appAllocations", "checkStatus"]);
  for (const name of ["DeviceStatusClient", "PendingCall", "PendingBulk", "GraphError", "validateDeviceStatus", "ValidationReport"]) {
    assert.doesNotMatch(typings, new RegExp(name), name);
  }
  assert.equal(existsSync(`${out}snippets`), false, "no JavaScript snippets of the crate");
});

test("the app runs on its own allocator, which also serves the crate", () => {
  const app = createRequire(import.meta.url)(`${out}consumer_app.js`);
  const before = app.appAllocations();
  assert.equal(app.checkStatus(example), 0);
  assert.equal(app.checkStatus('{"status":"Compliant"}'), 3);
  assert.ok(app.appAllocations() > before, "the crate's allocations went through the app's allocator");
});
