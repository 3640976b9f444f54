// Microsoft's own JavaScript client (@microsoft/microsoft-graph-client 3.0.7, as
// portals use it) against the emulator, with the seed's calls unchanged apart
// from the base URL and the token: what it sends and reads back must work as it
// does against Graph. (Its AuthenticationHandler attaches tokens to https Graph
// hosts only; bench/official.mjs's chain sets the bearer for the loopback emulator.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import * as graph from "@microsoft/microsoft-graph-client";

import { officialClient } from "../../bench/official.mjs";
import { root, startEmulator } from "./harness.mjs";

const example = JSON.parse(readFileSync(new URL("../fixtures/graph-example.json", import.meta.url), "utf8"));
const statuses = "/deviceManagement/deviceConfigurations/cfg-official/deviceStatuses";

async function withEmulator(args, work) {
  const emulator = await startEmulator(args);
  try {
    return await work(officialClient(graph, `${emulator.url}/`, "official-client-token"), emulator.url);
  } finally {
    emulator.stop();
  }
}

test("api(...).post(body) creates a status and reads it back", async () => {
  await withEmulator([], async (client) => {
    const created = await client.api(statuses).post(example);
    assert.match(created.id, /^[0-9a-f-]{36}$/);
    assert.equal(created.deviceDisplayName, example.deviceDisplayName);
    const read = await client.api(`${statuses}/${created.id}`).get();
    assert.deepEqual(read, created);
    const page = await client.api(statuses).query({ $count: "true" }).top(1).get();
    assert.equal(page["@odata.count"], 1);
  });
});

test("BatchRequestContent and BatchResponseContent: each inner answer reads back as JSON", async () => {
  await withEmulator([], async (client) => {
    const post = (id) =>
      new Request(`https://graph.microsoft.com/v1.0${statuses}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ...example, id }),
      });
    const batch = new graph.BatchRequestContent([
      { id: "1", request: post("0b3c6a4e-0000-4000-8000-000000000001") },
      { id: "2", request: post("0b3c6a4e-0000-4000-8000-000000000002") },
      { id: "3", request: new Request(`https://graph.microsoft.com/v1.0${statuses}/missing`) },
    ]);
    const answer = await client.api("/$batch").post(await batch.getContent());
    const responses = new graph.BatchResponseContent(answer);
    const first = responses.getResponseById("1");
    assert.equal(first.status, 201);
    assert.equal((await first.json()).id, "0b3c6a4e-0000-4000-8000-000000000001");
    assert.ok(first.headers.get("Location").endsWith("/0b3c6a4e-0000-4000-8000-000000000001"));
    const missing = responses.getResponseById("3");
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, "ResourceNotFound");
  });
});

test("over the emulator's own https, the client's AuthenticationHandler and PageIterator work unchanged", async () => {
  // Two statuses a page, so the iterator follows nextLinks on the https origin.
  const child = spawn(`${root}target/debug/intune-graph-emulator`, ["--port", "0", "--quiet", "--tls", "--page-size", "2"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  try {
    const [line] = await once(child.stdout, "data");
    const url = line.toString().trim();
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
    while (!/TLS certificate: (\S+)/.test(stderr)) await once(child.stderr, "data");
    const certificate = stderr.match(/TLS certificate: (\S+)/)[1];
    const { stdout } = await promisify(execFile)(process.execPath, [`${root}tests/sdk/official_js.mjs`, url], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate },
      timeout: 30_000,
    });
    const seen = JSON.parse(stdout.trim());
    assert.deepEqual(seen.names, ["TLS-0", "TLS-1", "TLS-2", "TLS-3", "TLS-4"]);
    assert.ok(seen.next.startsWith(`${url}/v1.0/`), `the nextLink is on the https origin: ${seen.next}`);
    assert.ok(seen.tokens >= 8, "a token was attached to every request, nextLinks included");
  } finally {
    child.kill();
  }
});
