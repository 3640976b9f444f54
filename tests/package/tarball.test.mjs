// The package as users get it: `npm pack` of pkg/, installed from the tarball
// into a scratch project, imported by name from ESM, CommonJS and Deno, creating
// a status against the emulator.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";

import { root, startEmulator } from "./harness.mjs";

const scratch = `${root}target/scratch-consumer/`;
let emulator;
let baseUrl;

before(async () => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const [{ filename }] = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: `${root}pkg`, encoding: "utf8" }),
  );
  writeFileSync(`${scratch}package.json`, JSON.stringify({ name: "scratch-consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `./${filename}`], { cwd: scratch });
  emulator = await startEmulator();
  baseUrl = emulator.url;
});

after(() => emulator?.stop());

function run(file, source, command = [process.execPath, file]) {
  writeFileSync(`${scratch}${file}`, source);
  const [program, ...args] = command;
  return execFileSync(program, args, {
    cwd: scratch,
    encoding: "utf8",
    env: { ...process.env, GRAPH_BASE_URL: baseUrl, DENO_NO_UPDATE_CHECK: "1" },
  });
}

const createScript = (where) => `import { DeviceStatusClient } from "intune-device-status";
const client = new DeviceStatusClient({ token: "t", baseUrl: ${where}, onWarning() {} });
const created = await client.create("cfg-tarball", {
  status: "compliant",
  lastReportedDateTime: "2024-05-01T12:30:00Z",
  complianceGracePeriodExpirationDateTime: "2024-06-01T00:00:00Z",
});
console.log(JSON.stringify(created));`;

test("an ESM script in a fresh project creates a status from the installed tarball", () => {
  const output = run("create.mjs", createScript("process.env.GRAPH_BASE_URL"));
  const created = JSON.parse(output);
  assert.equal(created.status, "compliant");
  assert.match(created.id, /^[0-9a-f-]{36}$/);
});

test("a CommonJS script requires the installed package", () => {
  const output = run(
    "validate.cjs",
    `const { validateDeviceStatus } = require("intune-device-status");
     console.log(validateDeviceStatus({ status: "Compliant" }).errors.map((e) => e.code).join(","));`,
  );
  assert.equal(output.trim(), "enum,required,required");
});

test("Deno imports the installed package by name and creates a status", () => {
  const deno = `${root}node_modules/.bin/deno`;
  const output = run("create-deno.mjs", createScript('Deno.env.get("GRAPH_BASE_URL")'), [
    deno,
    "run",
    "--quiet",
    "--allow-read",
    "--allow-env",
    "--allow-net=127.0.0.1",
    "create-deno.mjs",
  ]);
  const created = JSON.parse(output);
  assert.equal(created.status, "compliant");
  assert.match(created.id, /^[0-9a-f-]{36}$/);
});
