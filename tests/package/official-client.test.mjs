// Microsoft's own JavaScript client (@microsoft/microsoft-graph-client 3.0.7, as
// portals use it) against the emulator, with the seed's calls unchanged apart
// from the base URL and the token: what it sends and reads back must work as it
// does against Graph. (Its AuthenticationHandler attaches tokens to https Graph
// hosts only; bench/official.mjs's chain sets the bearer for the loopback emulator.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as graph from "@microsoft/microsoft-graph-client";

import { officialClient } from "../../bench/official.mjs";
import { startEmulator } from "./harness.mjs";

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
