// The admin page's explanations (www/src/errors.ts) for the refusals an admin
// meets, bundled with esbuild against the built package and run in Node: what the
// page says for each, and the ids it lists for support.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { importWww } from "./harness.mjs";

let explain;
let GraphError;

before(async () => {
  ({ explain } = await importWww("errors.ts"));
  ({ GraphError } = await import("intune-device-status"));
});

const ids = { requestId: "r-1", clientRequestId: "c-1", date: "Sat, 28 Nov 2026 18:00:00 GMT" };

test("each refusal is explained in plain words, with the ids support asks for", () => {
  const cases = [
    [{ kind: "service", statusCode: 403, ...ids }, /Permission denied/, /DeviceManagementConfiguration\.ReadWrite\.All.*Intune licence/],
    [{ kind: "throttled", statusCode: 429, retryAfterMs: 12_500, ...ids }, /throttling/, /Try again in 13 seconds/],
    [{ kind: "throttled", statusCode: 429, ...ids }, /throttling/, /about 100 per 20 seconds/],
    [{ kind: "service", statusCode: 400, ...ids }, /rejected/, /Graph said no/],
    [{ kind: "network", ...ids }, /could not be reached/, /network/],
    [{ kind: "outcomeUnknown", ...ids }, /unknown whether/, /no duplicate/],
    [{ kind: "auth", statusCode: 401, ...ids }, /Sign-in is needed/, /Sign in again/],
  ];
  for (const [fields, title, detail] of cases) {
    const explained = explain(new GraphError("Graph said no", fields));
    assert.match(explained.title, title, JSON.stringify(fields));
    assert.match(explained.detail, detail, JSON.stringify(fields));
    assert.deepEqual(explained.support, ["request-id: r-1", "client-request-id: c-1", `date: ${ids.date}`]);
  }
  const plain = explain(new TypeError("boom"));
  assert.equal(plain.detail, "boom");
  assert.deepEqual(plain.support, []);
});
