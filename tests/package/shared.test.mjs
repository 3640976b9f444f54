// What Rust and JavaScript share, checked through the JavaScript API: each cloud's
// Graph root and token scopes (Microsoft's national-cloud table), the names and
// their order, the retry caps and defaults, and the quoting of values in messages
// (Rust's in validation messages, JavaScript's in option messages). The names and
// caps reach js/support.js from Rust (src/js/client.rs); these tests catch a copy
// that drifts.
import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { DeviceStatusClient, validateDeviceStatus } from "intune-device-status";

const example = JSON.parse(readFileSync(new URL("../fixtures/graph-example.json", import.meta.url), "utf8"));

// https://learn.microsoft.com/graph/deployments
const CLOUDS = {
  global: "https://graph.microsoft.com",
  usGovL4: "https://graph.microsoft.us",
  usGovL5Dod: "https://dod-graph.microsoft.us",
  china: "https://microsoftgraph.chinacloudapi.cn",
};
const PERMISSION = "DeviceManagementConfiguration";

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

/** Replaces the global fetch with one that records requests and answers `answer()`. */
function recordFetch(answer) {
  const requests = [];
  globalThis.fetch = async (url, init) => {
    requests.push({ url, method: init.method, authorization: init.headers.Authorization });
    return answer(url, init);
  };
  return requests;
}

/** A client whose token function records the scopes it is asked for. */
function recordingClient(options) {
  const scopes = [];
  const token = ({ scopes: asked }) => {
    scopes.push(...asked);
    return "fake-token";
  };
  return { client: new DeviceStatusClient({ token, onWarning() {}, ...options }), scopes };
}

test("every cloud's calls go to its Graph root with its own scopes, in each API version", async () => {
  for (const [cloud, root] of Object.entries(CLOUDS)) {
    for (const apiVersion of ["v1.0", "beta"]) {
      const requests = recordFetch((url, init) =>
        init.method === "POST" ? new Response(init.body, { status: 201 }) : new Response("7", { status: 200 }),
      );
      const { client, scopes } = recordingClient({ cloud, apiVersion });
      assert.equal(await client.count("cfg-1"), 7, cloud);
      await client.create("cfg-1", { ...example, id: "s-1" });
      const collection = `${root}/${apiVersion}/deviceManagement/deviceConfigurations/cfg-1/deviceStatuses`;
      assert.deepEqual(
        requests.map((r) => `${r.method} ${r.url}`),
        [`GET ${collection}/$count`, `POST ${collection}`],
        `${cloud} ${apiVersion}`,
      );
      assert.deepEqual(scopes, [`${root}/${PERMISSION}.Read.All`, `${root}/${PERMISSION}.ReadWrite.All`], cloud);
    }
  }
});

test("the names offered are Rust's, in Rust's order; an unknown one is refused before anything is sent", () => {
  const requests = recordFetch(() => assert.fail("nothing may be sent"));
  const refusal = (options) => {
    try {
      new DeviceStatusClient({ token: "t", ...options });
    } catch (error) {
      return `${error.kind}: ${error.message}`;
    }
    assert.fail(`accepted ${JSON.stringify(options)}`);
  };
  const listed = Object.keys(CLOUDS).map((name) => `"${name}"`);
  assert.equal(
    refusal({ cloud: "Global" }),
    `invalidArgument: options.cloud: expected ${listed.slice(0, -1).join(", ")} or ${listed.at(-1)}, found "Global"`,
  );
  assert.equal(
    refusal({ apiVersion: "v2" }),
    'invalidArgument: options.apiVersion: expected "v1.0" or "beta", found "v2"',
  );
  assert.equal(requests.length, 0);
});

test("the retry caps are Rust's: 10 retries and 180,000 ms accepted, one more refused", () => {
  assert.ok(new DeviceStatusClient({ token: "t", retry: { maxRetries: 10, maxDelayMs: 180000 } }));
  assert.throws(() => new DeviceStatusClient({ token: "t", retry: { maxRetries: 11 } }), {
    message: "options.retry.maxRetries: expected a whole number from 0 to 10",
  });
  assert.throws(() => new DeviceStatusClient({ token: "t", retry: { maxDelayMs: 180001 } }), {
    message: "options.retry.maxDelayMs: expected a whole number from 0 to 180000",
  });
});

test("left-out retry options take Rust's defaults: 3 retries, and at most 60 s of waiting", async () => {
  const requests = recordFetch(() => new Response("", { status: 503 }));
  const { client } = recordingClient({ retry: { baseDelayMs: 1 } });
  await assert.rejects(client.get("cfg-1", "s-1"), { kind: "service", statusCode: 503, attempts: 4 });
  assert.equal(requests.length, 4);

  // A wait longer than the default 60 s budget ends the call at once.
  const throttled = recordFetch(() => new Response("", { status: 429, headers: { "retry-after": "61" } }));
  await assert.rejects(recordingClient({}).client.count("cfg-1"), {
    kind: "throttled",
    retryAfterMs: 61000,
    attempts: 1,
  });
  assert.equal(throttled.length, 1);
});

test("values are quoted alike in Rust's messages and JavaScript's", () => {
  const samples = [
    "Compliant",
    "x".repeat(100),
    'quote " and backslash \\',
    "line\nbreak\ttab\u0001control",
    "astral 🛡️ and é",
    "🛡".repeat(60),
  ];
  for (const sample of samples) {
    let optionMessage = "";
    try {
      new DeviceStatusClient({ token: "t", cloud: sample });
    } catch (error) {
      optionMessage = error.message;
    }
    const quotedByJs = optionMessage.slice(optionMessage.lastIndexOf("found ") + "found ".length);
    const report = validateDeviceStatus({ ...example, status: sample });
    const statusMessage = report.errors.find((issue) => issue.path === "status").message;
    assert.ok(quotedByJs.startsWith('"'), optionMessage);
    assert.ok(statusMessage.includes(`found ${quotedByJs}`), `${JSON.stringify(sample)}: ${statusMessage} / ${quotedByJs}`);
  }
});

test("a caller's client-request-id is checked by Rust's core: visible ASCII, 1 to 128 characters", async () => {
  const requests = recordFetch(() => new Response("3", { status: 200 }));
  const { client } = recordingClient({});
  for (const bad of ["", "with space", "x".repeat(129), "line\nbreak", "é"]) {
    await assert.rejects(client.count("cfg-1", { clientRequestId: bad }), (error) => {
      assert.equal(error.kind, "invalidArgument");
      assert.match(error.message, /^options\.clientRequestId: expected 1 to 128 visible ASCII characters, found "/);
      return true;
    });
  }
  assert.equal(requests.length, 0, "nothing was sent");
  assert.equal(await client.count("cfg-1", { clientRequestId: "x".repeat(128) }), 3);
});

// The same table as src/client/token.rs's test of the Rust rule, word for word.
test("an unusable token is refused before sending by the Rust rule, named and never quoted", async () => {
  const secret = "eyJhbGciOi.SECRET";
  const bearer = 'a token that starts with "Bearer "; give the token alone (the client writes the Authorization scheme)';
  const cannot = "which a bearer token cannot carry";
  const cases = [
    ["", "an empty token"],
    [`Bearer ${secret}`, bearer],
    [`bearer ${secret}`, bearer],
    [`${secret}\r\nX-Evil: 1`, `a token with a line break, ${cannot}`],
    [`${secret}\0`, `a token with a NUL character, ${cannot}`],
    [`${secret} x`, `a token with a space, ${cannot}`],
    [`${secret}\t`, `a token with a control character (U+0009), ${cannot}`],
    [`${secret}\u0085`, `a token with a control character (U+0085), ${cannot}`],
    [`${secret}é`, `a token with a non-ASCII character (U+00E9), ${cannot}`],
    [`${secret}😀`, `a token with a non-ASCII character (U+1F600), ${cannot}`],
  ];
  const requests = recordFetch(() => Response.json({}));
  for (const [token, problem] of cases) {
    const client = new DeviceStatusClient({ token: () => token });
    const error = await client.create("cfg-1", example).then(assert.fail, (e) => e);
    assert.equal(error.kind, "auth");
    assert.equal(error.message, `the token function gave ${problem}; nothing was sent`);
    assert.equal(error.attempts, 0);
    assert.doesNotMatch(JSON.stringify({ ...error, stack: error.stack }), /SECRET/);
  }
  // A token given as a string is held to the same rule.
  const client = new DeviceStatusClient({ token: `Bearer ${secret}` });
  const error = await client.count("cfg-1").then(assert.fail, (e) => e);
  assert.equal(error.message, `options.token gave ${bearer}; nothing was sent`);
  assert.equal(requests.length, 0);
});

test("each attempt has Rust's default timeout of 60 s unless timeoutMs says otherwise", async () => {
  recordFetch(() => Response.json({ value: [] }));
  const realSetTimeout = globalThis.setTimeout;
  const delays = [];
  globalThis.setTimeout = (fn, ms, ...args) => {
    delays.push(ms);
    return realSetTimeout(fn, ms, ...args);
  };
  try {
    await new DeviceStatusClient({ token: "t" }).list("cfg-1");
    await new DeviceStatusClient({ token: "t", timeoutMs: 1234 }).list("cfg-1");
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  assert.deepEqual(delays, [60000, 1234]);
  assert.throws(() => new DeviceStatusClient({ token: "t", timeoutMs: 0 }), /options\.timeoutMs: expected a whole number from 1/);
});
