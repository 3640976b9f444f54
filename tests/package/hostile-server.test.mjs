// The package against a Graph that answers strangely (a loopback server each test
// scripts): a create Graph stored is never reported in a way that invites sending
// it again, a lookup's answer about another status is not the created one, and ids
// that could reach another path never leave.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { DeviceStatusClient, GraphError, validateDeviceStatus } from "intune-device-status";

const example = JSON.parse(readFileSync(new URL("../fixtures/graph-example.json", import.meta.url), "utf8"));
const collection = "/v1.0/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses";

// A server answering each request with `answer(request, body, n)` (n counts from
// 0): `{ status, headers, body, delayMs }`, the body a string or bytes. Records the
// requests.
async function hostile(answer, work) {
  const seen = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, body });
      const reply = answer(req, body, seen.length - 1);
      const send = () => {
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body ?? "");
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  try {
    const client = new DeviceStatusClient({ token: "fake-token", baseUrl, onWarning() {} });
    return await work(client, seen, baseUrl);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

const rejection = (promise) =>
  promise.then(
    () => assert.fail("expected a rejection"),
    (error) => error,
  );

test("a 201 with an empty body and the id in Location resolves with the status as sent", async () => {
  await hostile(
    (req, body) => ({ status: 201, headers: { location: `http://${req.headers.host}${collection}('s-9')` } }),
    async (client, seen) => {
      assert.deepEqual(await client.create("cfg-1", example), { ...example, id: "s-9" });
      assert.equal(seen.length, 1);
    },
  );
});

test("a 204 or a 201 that is not UTF-8 JSON, for a status with an id, resolves with it", async () => {
  for (const reply of [{ status: 204 }, { status: 201, body: Buffer.from([0xff, 0xfe, 0x7b]) }]) {
    await hostile(
      () => reply,
      async (client, seen) => {
        assert.deepEqual(await client.create("cfg-1", { ...example, id: "d-7" }), { ...example, id: "d-7" });
        assert.equal(seen.length, 1, "nothing sent again");
      },
    );
  }
});

test("a 201 whose echo breaks the create rules resolves with the status as sent and Graph's id", async () => {
  const echo = { id: "s-9", status: "notApplicable", lastReportedDateTime: "2017-01-01T08:00:17" };
  await hostile(
    () => ({ status: 201, headers: { "content-type": "application/json" }, body: JSON.stringify(echo) }),
    async (client) => {
      assert.deepEqual(await client.create("cfg-1", example), { ...example, id: "s-9" });
    },
  );
});

test("a stored create with no id anywhere fails as storedUnreadable, never as not stored", async () => {
  await hostile(
    () => ({ status: 201, body: "<html>Created</html>" }),
    async (client, seen) => {
      const error = await rejection(client.create("cfg-1", example));
      assert.ok(error instanceof GraphError);
      assert.equal(error.kind, "storedUnreadable");
      assert.equal(error.statusCode, 201);
      assert.match(error.message, /the status was stored, but .*do not send it again/);
      assert.equal(seen.length, 1);
    },
  );
});

test("after a 504, a lookup answering a status with another id leaves the create unknown", async () => {
  const other = { ...example, id: "someone-else" };
  await hostile(
    (req, body, n) =>
      n === 0
        ? { status: 504 }
        : { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(other) },
    async (client, seen) => {
      const error = await rejection(client.create("cfg-1", { ...example, id: "d-7" }));
      assert.equal(error.kind, "outcomeUnknown");
      assert.match(error.cause.message, /another id \("someone-else"\)/);
      assert.deepEqual(
        seen.map((r) => `${r.method} ${r.url}`),
        [`POST ${collection}`, `GET ${collection}/d-7`],
      );
    },
  );
});

test("createMany: an inner 201 without a body is created with the id in its Location", async () => {
  await hostile(
    (req, body) => {
      const { requests } = JSON.parse(body);
      const responses = requests.map((r, i) => ({
        id: r.id,
        status: 201,
        headers: { Location: `https://graph.microsoft.com${collection}/s-${i}` },
        body: null,
      }));
      return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ responses }) };
    },
    async (client) => {
      const results = await client.createMany("cfg-1", [example, example]);
      assert.deepEqual(
        results.map((r) => [r.outcome, r.status?.id]),
        [
          ["created", "s-0"],
          ["created", "s-1"],
        ],
      );
    },
  );
});

test("ids that are dot segments never leave, and validation refuses the ids the client refuses", async () => {
  await hostile(
    () => ({ status: 500 }),
    async (client, seen) => {
      for (const call of [() => client.delete("cfg-1", "."), () => client.list("."), () => client.get("..", "a")]) {
        const error = await rejection(call());
        assert.equal(error.kind, "invalidArgument");
        assert.match(error.message, /dot segment/);
      }
      assert.equal(seen.length, 0);
    },
  );
  for (const id of [" ", ".", "a/b"]) {
    const report = validateDeviceStatus({ ...example, id });
    assert.equal(report.valid, false, id);
    assert.deepEqual(
      report.errors.map((e) => [e.path, e.code]),
      [["id", "format"]],
    );
  }
});

// Everything a GraphError or a warning shows, its causes included.
function shown(value, seen = new Set()) {
  if (value === null || typeof value !== "object" || seen.has(value)) return String(value);
  seen.add(value);
  const parts = [JSON.stringify(value), value.message, value.stack];
  if (value.cause !== undefined) parts.push(shown(value.cause, seen));
  return parts.join("\n");
}

test("no failure kind and no warning carries the token, whatever the server echoes", async () => {
  const secret = "eyJ0eXAiOiJKV1QifQ.SECRET-PART.signature";
  // Echoes the whole Authorization value into the status text, headers and body.
  const echo = (req, status, extra = {}) => {
    const auth = req.headers.authorization;
    return {
      status,
      statusText: `${auth} refused`,
      headers: { "request-id": auth, deprecation: auth, sunset: auth, location: `https://evil.example/${auth}`, ...extra },
      body: JSON.stringify({ error: { code: auth, message: `${auth} is not allowed` }, token: auth }),
    };
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const kind = req.url.split("/")[1];
      const reply = {
        service: () => echo(req, 403),
        auth: () => echo(req, 401),
        throttled: () => echo(req, 429, { "retry-after": "0" }),
        redirect: () => echo(req, 302),
        unknown: () => echo(req, 504),
        stored: () => echo(req, 201),
        bulk: () => echo(req, 502),
        slow: () => null,
      }[kind]();
      if (reply === null) return; // never answers: the timeout fires
      res.writeHead(reply.status, reply.statusText, reply.headers);
      res.end(reply.body);
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const warnings = [];
  const client = (kind, options = {}) =>
    new DeviceStatusClient({
      token: secret,
      baseUrl: `http://127.0.0.1:${server.address().port}/${kind}`,
      retry: { maxRetries: 0 },
      timeoutMs: 200,
      onWarning: (warning) => warnings.push(warning),
      ...options,
    });
  try {
    const failures = {
      service: () => client("service").get("cfg-1", "a"),
      auth: () => client("auth").get("cfg-1", "a"),
      throttled: () => client("throttled").count("cfg-1"),
      invalidResponse: () => client("redirect").list("cfg-1"),
      outcomeUnknown: () => client("unknown").create("cfg-1", example),
      storedUnreadable: () => client("stored").create("cfg-1", example),
      timeout: () => client("slow").get("cfg-1", "a"),
    };
    for (const [kind, call] of Object.entries(failures)) {
      const error = await rejection(call());
      assert.equal(error.kind, kind);
      assert.ok(!shown(error).includes("SECRET"), `${kind}: ${shown(error)}`);
    }
    const [result] = await client("bulk").createMany("cfg-1", [example]);
    assert.equal(result.error.kind, "outcomeUnknown");
    assert.ok(!shown(result.error).includes("SECRET"), shown(result.error));
    await client("stored").create("cfg-1", { ...example, id: "d-7" });
    assert.ok(warnings.length > 0, "the stored create's Deprecation reached onWarning");
    assert.ok(!JSON.stringify(warnings).includes("SECRET"), JSON.stringify(warnings));
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test("an abort after the POST left is an unknown outcome, settled by a lookup when the status has an id", async () => {
  // The POST is answered late (stored); the lookup at once.
  const stored = { ...example, id: "d-7" };
  await hostile(
    (req) => (req.method === "POST" ? { status: 201, delayMs: 300, body: JSON.stringify(stored) } : { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(stored) }),
    async (client, seen) => {
      const reason = new Error("the admin pressed Cancel");
      const controller = new AbortController();
      setTimeout(() => controller.abort(reason), 50);
      const unknown = await rejection(client.create("cfg-1", example, { signal: controller.signal }));
      assert.equal(unknown.kind, "outcomeUnknown");
      assert.equal(unknown.attempts, 1);
      assert.equal(unknown.cause, reason, "the abort's reason is the cause");

      const again = new AbortController();
      setTimeout(() => again.abort(), 50);
      const found = await client.create("cfg-1", stored, { signal: again.signal });
      assert.deepEqual(found, stored, "the lookup went out after the abort and found it stored");
      assert.deepEqual(
        seen.map((r) => r.method),
        ["POST", "POST", "GET"],
      );
    },
  );
});

test("an abort before anything left is aborted with 0 attempts; AbortSignal.timeout() is a timeout", async () => {
  await hostile(
    () => ({ status: 200, delayMs: 2000, body: "{}" }),
    async (client, seen) => {
      const controller = new AbortController();
      controller.abort("not now");
      const aborted = await rejection(client.create("cfg-1", example, { signal: controller.signal }));
      assert.equal(aborted.kind, "aborted");
      assert.equal(aborted.attempts, 0);
      assert.equal(aborted.cause, "not now");
      assert.equal(seen.length, 0);

      const late = await rejection(client.get("cfg-1", "a", { signal: AbortSignal.timeout(50) }));
      assert.equal(late.kind, "timeout");
      assert.match(late.message, /deadline passed/);
      assert.equal(late.cause?.name, "TimeoutError");
    },
  );
});

test("a list whose nextLinks loop or never end stops: a repeated link, maxPages, or the caller's abort", async () => {
  const item = { id: "a", status: "compliant", lastReportedDateTime: "2024-05-01T12:30:00Z", complianceGracePeriodExpirationDateTime: "2024-06-01T00:00:00Z" };
  const page = (req, next) => ({
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ value: [item], "@odata.nextLink": `http://${req.headers.host}${collection}?$skiptoken=${next}` }),
  });
  // Endless, every link new.
  await hostile(
    (req, body, n) => page(req, n + 1),
    async (client, seen) => {
      const capped = await rejection(client.list("cfg-1", { maxPages: 50 }));
      assert.equal(capped.kind, "invalidResponse");
      assert.match(capped.message, /more than 50 pages \(maxPages\)/);
      assert.equal(seen.length, 50);

      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const before = seen.length;
      const aborted = await rejection(client.list("cfg-1", undefined, { signal: controller.signal }));
      assert.equal(aborted.kind, "aborted");
      assert.ok(seen.length > before, "it was reading pages until the abort");
    },
  );
  // The same link again.
  await hostile(
    (req) => page(req, 1),
    async (client, seen) => {
      const error = await rejection(client.list("cfg-1"));
      assert.match(error.message, /leads back to a page already read/);
      assert.equal(seen.length, 2);
      const pages = [];
      const iterated = await rejection(
        (async () => {
          for await (const p of client.pages("cfg-1")) pages.push(p);
        })(),
      );
      // The page whose link leads back fails, as a page with a foreign link does.
      assert.equal(pages.length, 1, "the pages read before the loop came back");
      assert.match(iterated.message, /already read/);
    },
  );
});

test("a refused connection stores nothing: creates retry, keep the runtime's cause, and createMany stops sending in an outage", async () => {
  // A loopback port nothing listens on.
  const closed = createServer();
  closed.listen(0, "127.0.0.1");
  await new Promise((resolve) => closed.once("listening", resolve));
  const baseUrl = `http://127.0.0.1:${closed.address().port}`;
  await new Promise((resolve) => closed.close(resolve));

  const realFetch = globalThis.fetch;
  let requests = 0;
  globalThis.fetch = (...args) => {
    requests += 1;
    return realFetch(...args);
  };
  try {
    const client = new DeviceStatusClient({ token: "fake-token", baseUrl, retry: { maxRetries: 1, baseDelayMs: 1 } });
    const error = await rejection(client.create("cfg-1", example));
    assert.equal(error.kind, "network", "not outcomeUnknown: nothing was sent");
    assert.equal(error.attempts, 2, "retried, as nothing reached Graph");
    assert.match(error.message, /no connection could be made.*ECONNREFUSED/);
    assert.equal(error.cause?.cause?.code, "ECONNREFUSED", "the runtime's error is the cause");

    requests = 0;
    const started = Date.now();
    const results = await client.createMany("cfg-1", Array.from({ length: 2000 }, () => example));
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.ok(requests <= 10, `${requests} requests into the outage`);
    assert.ok(results.every((r) => r.outcome === "failed" && r.error.kind === "network"));
    const notSent = results.filter((r) => /not sent: createMany stopped sending/.test(r.error.message));
    assert.ok(notSent.length >= 1900, `${notSent.length} reported not sent`);
  } finally {
    globalThis.fetch = realFetch;
  }

  const vault = new Error("the vault is sealed");
  const sealed = new DeviceStatusClient({ token: () => Promise.reject(vault), baseUrl });
  const denied = await rejection(sealed.count("cfg-1"));
  assert.equal(denied.kind, "auth");
  assert.equal(denied.cause, vault, "the token source's error is the cause");
});

test("a body that drips forever ends the attempt at timeoutMs", async () => {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"value":[');
    const drip = setInterval(() => res.write(" "), 20);
    res.on("close", () => clearInterval(drip));
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const baseUrl = `http://127.0.0.1:${server.address().port}`;
    const client = new DeviceStatusClient({ token: "fake-token", baseUrl, timeoutMs: 300, retry: { maxRetries: 0 } });
    const started = Date.now();
    const error = await rejection(client.list("cfg-1"));
    assert.equal(error.kind, "timeout");
    assert.ok(Date.now() - started < 2000, `ended after ${Date.now() - started} ms`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test("createMany with a token a header cannot carry sends nothing and says why, never quoting it", async () => {
  await hostile(
    () => ({ status: 500 }),
    async (client, seen, baseUrl) => {
      const token = "eyJ0eXAiOiJKV1QifQ.SECRET\r\nX-Injected: 1";
      const bad = new DeviceStatusClient({ token, baseUrl });
      const results = await bad.createMany("cfg-1", [example, example]);
      for (const result of results) {
        assert.equal(result.outcome, "failed");
        assert.equal(result.error.kind, "auth");
        assert.match(result.error.message, /a token with a line break/);
        assert.ok(!shown(result.error).includes("SECRET"));
      }
      assert.equal(seen.length, 0);
    },
  );
});
