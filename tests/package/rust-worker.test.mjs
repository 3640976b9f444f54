// The Rust client in Cloudflare's runtime: examples/rust-worker built the way its
// README says (cargo for wasm32, then the wasm-bindgen CLI with --target web),
// run in workerd through miniflare against the emulator, which must hold what
// the Worker says it created.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { homedir } from "node:os";
import { readFileSync, rmSync } from "node:fs";
import { Miniflare } from "miniflare";

import { root, startEmulator } from "./harness.mjs";

const folder = `${root}examples/rust-worker/`;
const example = JSON.parse(readFileSync(`${root}tests/fixtures/graph-example.json`, "utf8"));
const TOKEN = "rust-worker-test-token";
const CONFIGURATION = "cfg-rust-worker";
// cargo and wasm-bindgen as `make setup` installs them.
const env = { ...process.env, PATH: `${process.env.CARGO_HOME ?? `${homedir()}/.cargo`}/bin:${process.env.PATH}` };
let emulator;
let worker;

/** Builds the example; returns the path of its .wasm (wherever the target dir is). */
function buildWasm() {
  const args = ["build", "--release", "--target", "wasm32-unknown-unknown", "-p", "rust-worker", "--message-format=json"];
  const messages = execFileSync("cargo", args, { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 });
  const wasm = messages
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line))
    .filter((m) => m.reason === "compiler-artifact" && m.target?.name === "rust_worker")
    .flatMap((m) => m.filenames)
    .find((file) => file.endsWith(".wasm"));
  assert.ok(wasm, "cargo built no rust_worker.wasm");
  return wasm;
}

function startWorker(bindings) {
  return new Miniflare({
    modules: true,
    scriptPath: `${folder}worker.mjs`,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2026-04-01",
    bindings: { GRAPH_BASE_URL: emulator.url, CONFIGURATION_ID: CONFIGURATION, ...bindings },
  });
}

/** What the emulator stores, read as any Graph client would. */
async function graph(path) {
  const url = `${emulator.url}/v1.0/deviceManagement/deviceConfigurations/${CONFIGURATION}/deviceStatuses${path}`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: response.status, text: await response.text() };
}

const stored = async () => Number((await graph("/$count")).text);

const post = (path, body) =>
  worker.dispatchFetch(`http://worker.test${path}`, { method: "POST", body: JSON.stringify(body) });

before(async () => {
  const wasm = buildWasm();
  rmSync(`${folder}build`, { recursive: true, force: true });
  execFileSync("wasm-bindgen", ["--target", "web", "--out-dir", `${folder}build`, wasm], { cwd: root, env, stdio: "inherit" });
  emulator = await startEmulator(["--token", TOKEN]);
  worker = startWorker({ GRAPH_TOKEN: TOKEN });
});

after(async () => {
  await worker?.dispose();
  emulator?.stop();
});

test("POST / creates the status through the Rust client, and Graph stores it", async () => {
  const response = await post("/", example);
  assert.equal(response.status, 201);
  const created = await response.json();
  assert.match(created.id, /^[0-9a-f-]{36}$/);
  assert.equal(created.lastReportedDateTime, example.lastReportedDateTime);
  assert.equal(created["@odata.type"], "#microsoft.graph.deviceConfigurationDeviceStatus");
  const read = await graph(`/${created.id}`);
  assert.equal(read.status, 200);
  const kept = JSON.parse(read.text);
  assert.equal(kept.deviceDisplayName, example.deviceDisplayName);
  assert.equal(kept.status, example.status);
});

test("POST /batch creates the statuses through create_many ($batch) and answers with their ids", async () => {
  const before = await stored();
  const fleet = ["laptop-1", "laptop-2", "laptop-3"].map((name, i) => ({
    ...example,
    deviceDisplayName: name,
    status: ["compliant", "nonCompliant", "error"][i],
  }));
  const response = await post("/batch", fleet);
  assert.equal(response.status, 201);
  const { ids, failed } = await response.json();
  assert.deepEqual(failed, []);
  assert.equal(ids.length, 3);
  assert.equal(new Set(ids).size, 3);
  for (const [i, id] of ids.entries()) {
    const kept = JSON.parse((await graph(`/${id}`)).text);
    assert.equal(kept.deviceDisplayName, fleet[i].deviceDisplayName);
    assert.equal(kept.status, fleet[i].status);
  }
  assert.equal(await stored(), before + 3);
});

test("invalid statuses are refused with every problem, and nothing is sent", async () => {
  const before = await stored();
  const one = await post("/", { ...example, status: "Compliant" });
  assert.equal(one.status, 400);
  const body = await one.json();
  assert.equal(body.kind, "validation");
  assert.equal(body.errors[0].path, "status");
  assert.equal(body.errors[0].code, "enum");

  const batch = await post("/batch", [example, { ...example, lastReportedDateTime: "2023-02-29T00:00:00Z" }]);
  assert.equal(batch.status, 400);
  const refused = await batch.json();
  assert.equal(refused.index, 1);
  assert.equal(refused.errors[0].path, "lastReportedDateTime");
  assert.equal(await stored(), before, "the valid first status was not sent either");
});

test("Graph's refusal comes back as the client's error, without the token", async () => {
  const wrong = startWorker({ GRAPH_TOKEN: "a-token-graph-refuses" });
  try {
    const response = await wrong.dispatchFetch("http://worker.test/", { method: "POST", body: JSON.stringify(example) });
    assert.equal(response.status, 502);
    const body = await response.json();
    assert.equal(body.kind, "auth");
    assert.match(body.message, /401/);
    assert.doesNotMatch(body.message, /a-token-graph-refuses/);
  } finally {
    await wrong.dispose();
  }
});

test("other methods and paths are answered, not crashed on", async () => {
  assert.equal((await worker.dispatchFetch("http://worker.test/")).status, 405);
  assert.equal((await post("/elsewhere", example)).status, 404);
  const notJson = await worker.dispatchFetch("http://worker.test/", { method: "POST", body: "{" });
  assert.equal(notJson.status, 400);
  assert.equal((await notJson.json()).kind, "invalidArgument");
});

test("wrangler.toml builds and declares what the test gives the Worker", () => {
  const toml = readFileSync(`${folder}wrangler.toml`, "utf8");
  for (const line of [
    'main = "worker.mjs"',
    'type = "CompiledWasm"',
    "cargo build --release --target wasm32-unknown-unknown -p rust-worker",
    "wasm-bindgen --target web --out-dir build",
  ]) {
    assert.ok(toml.includes(line), `wrangler.toml has ${JSON.stringify(line)}`);
  }
  for (const name of ["GRAPH_TOKEN", "CONFIGURATION_ID", "GRAPH_BASE_URL"]) {
    assert.match(toml, new RegExp(`\\b${name}\\b`), `wrangler.toml documents ${name}`);
  }
});

test("POST /batch under Graph's faults: each status is stored exactly once, or its failure says so", async () => {
  const faulty = await startEmulator([
    "--token",
    TOKEN,
    "--faults",
    "store504=0.1,504=0.05,429=0.05,503=0.05",
    "--seed",
    "13",
  ]);
  const flaky = startWorker({ GRAPH_TOKEN: TOKEN, GRAPH_BASE_URL: faulty.url });
  try {
    const fleet = Array.from({ length: 60 }, (_, i) => ({
      ...example,
      id: crypto.randomUUID(),
      deviceDisplayName: `fleet-${i}`,
    }));
    const response = await flaky.dispatchFetch("http://worker.test/batch", { method: "POST", body: JSON.stringify(fleet) });
    assert.ok([201, 207].includes(response.status), `answered ${response.status}`);
    const { ids, failed } = await response.json();
    assert.equal(ids.length, fleet.length);
    // The emulator injects its faults into these reads too: ask until it answers.
    const ask = async (path) => {
      const url = `${faulty.url}/v1.0/deviceManagement/deviceConfigurations/${CONFIGURATION}/deviceStatuses${path}`;
      for (let tries = 0; tries < 50; tries += 1) {
        const answer = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } }).catch(() => null);
        if (answer && [200, 404].includes(answer.status)) return answer;
      }
      assert.fail(`the emulator never answered ${path}`);
    };
    const read = async (id) => {
      const answer = await ask(`/${id}`);
      return answer.status === 200 ? answer.json() : null;
    };
    let kept = 0;
    for (const [i, status] of fleet.entries()) {
      const stored = await read(status.id);
      if (stored) kept += 1;
      const failure = failed.find((f) => f.index === i);
      if (ids[i] !== null) {
        assert.equal(ids[i], status.id, `status ${i}`);
        assert.equal(stored?.deviceDisplayName, status.deviceDisplayName, `status ${i} was stored`);
        assert.equal(failure, undefined);
      } else {
        assert.ok(failure, `status ${i} has a result`);
        // Resending a stored status would be refused with 409: none was.
        assert.doesNotMatch(failure.message, /\b409\b/, `status ${i} was never sent twice`);
        if (failure.kind !== "outcomeUnknown") assert.equal(stored, null, `status ${i}: ${failure.kind} means not stored`);
      }
    }
    const counted = await ask("/$count");
    assert.equal(Number(await counted.text()), kept, "nothing stored besides the fleet, nothing twice");
    const stats = await (await fetch(`${faulty.url}/_emulator/stats`)).json();
    assert.ok(stats.faults.store504 > 0, `the run met creates stored and then answered 504: ${JSON.stringify(stats.faults)}`);
  } finally {
    await flaky.dispose();
    faulty.stop();
  }
});
