// The client through the package entry, as a Node script uses it, against the
// Graph stand-in this test starts on a loopback port (and stops).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { DeviceStatusClient, GraphError } from "intune-device-status";

const example = JSON.parse(
  readFileSync(new URL("../fixtures/graph-example.json", import.meta.url), "utf8"),
);
let server;
let double;

before(async () => {
  server = spawn(process.execPath, [new URL("../server/graph-double.mjs", import.meta.url).pathname], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = await once(server.stdout, "data");
  double = line.toString().trim();
});

after(() => server.kill());

async function scenario(responses) {
  const answer = await fetch(`${double}/__scenario`, {
    method: "POST",
    body: JSON.stringify({ responses }),
  });
  const { id } = await answer.json();
  return `${double}/s/${id}`;
}

test("create resolves to Graph's stored status", async () => {
  const baseUrl = await scenario([{ status: 201, echo: { id: "s-1" } }]);
  const client = new DeviceStatusClient({ token: "fake-token", baseUrl });
  const created = await client.create("cfg-1", example);
  assert.deepEqual(created, { ...example, id: "s-1" });
});

test("a create that may have been stored rejects with outcomeUnknown, sent once", async () => {
  const baseUrl = await scenario([{ status: 504 }]);
  const client = new DeviceStatusClient({ token: () => "fake-token", baseUrl });
  await assert.rejects(client.create("cfg-1", example), (error) => {
    assert.ok(error instanceof GraphError);
    assert.equal(error.kind, "outcomeUnknown");
    assert.equal(error.statusCode, 504);
    assert.equal(error.attempts, 1);
    assert.match(error.clientRequestId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    return true;
  });
  const sent = await (await fetch(`${double}/__requests/${baseUrl.split("/").pop()}`)).json();
  assert.equal(sent.length, 1);
});

test("arguments are checked before anything is sent, as rejected promises", async () => {
  const baseUrl = await scenario([]);
  const client = new DeviceStatusClient({ token: "fake-token", baseUrl });
  const pending = client.get("../../users", "x");
  assert.ok(pending instanceof Promise);
  await assert.rejects(pending, { name: "GraphError", kind: "invalidArgument" });
  assert.throws(() => new DeviceStatusClient({ token: "t", baseURL: baseUrl }), {
    kind: "invalidArgument",
    message: /unknown option "baseURL"/,
  });
});

test("Graph's deprecation headers give one console.warn per client by default, with the day people read", async (t) => {
  const deprecated = { status: 200, body: "1", headers: { deprecation: "@1780272000" } };
  const baseUrl = await scenario([deprecated, deprecated]);
  const warn = t.mock.method(console, "warn", () => {});
  const client = new DeviceStatusClient({ token: "fake-token", baseUrl });
  assert.equal(await client.count("cfg-1"), 1);
  assert.equal(await client.count("cfg-1"), 1);
  assert.equal(warn.mock.callCount(), 1);
  assert.match(warn.mock.calls[0].arguments[0], /deprecated since 2026-06-01\./);
});

test("onWarning follows the default's policy: once per client for each Deprecation and Sunset pair", async () => {
  const first = { status: 200, body: "1", headers: { deprecation: "@1780272000" } };
  const later = { status: 200, body: "1", headers: { deprecation: "@1780272000", sunset: "Fri, 31 Dec 2027 00:00:00 GMT" } };
  const baseUrl = await scenario([first, first, first, later, later]);
  const seen = [];
  const client = new DeviceStatusClient({ token: "fake-token", baseUrl, onWarning: (w) => seen.push(w) });
  for (let i = 0; i < 5; i++) await client.count("cfg-1");
  assert.deepEqual(
    seen.map((w) => [w.deprecation, w.sunset]),
    [
      ["@1780272000", null],
      ["@1780272000", "Fri, 31 Dec 2027 00:00:00 GMT"],
    ],
  );
});
