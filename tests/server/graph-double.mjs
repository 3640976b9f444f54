// A scriptable stand-in for Graph, for the client's wasm tests (Node and
// Chromium). Each test opens a scenario: the responses its requests get, in order.
// Requests to /s/<scenario>/... take the next response and are recorded; the
// test then reads what the client actually sent.
//
//   POST /__scenario   {"responses": [{status, headers?, body?, echo?, delayMs?, reset?, sticky?}]}
//                      -> {"id": "<scenario>"}
//   GET  /__requests/<scenario> -> [{method, url, headers, body}]
//
// `echo: {...}` answers with the request's JSON body merged with those fields
// (a create that Graph stored); "$BASE" in a body is the scenario's URL. `reset: true` destroys the connection. Listens
// on 127.0.0.1 only; prints its URL on the first line of stdout.
import { createServer } from "node:http";

const scenarios = new Map();
let next = 1;

// Every answer closes its connection: browsers silently resend a request once
// when a reused keep-alive connection drops, which would hide what the client
// itself sent after a `reset`.
const cors = {
  connection: "close",
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PATCH, DELETE",
  "access-control-allow-headers": "authorization, content-type, accept, client-request-id",
  "access-control-expose-headers": "request-id, client-request-id, retry-after, deprecation, sunset, location",
  "access-control-max-age": "600",
};

function send(res, status, body, headers = {}) {
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { ...cors, ...(text && typeof body !== "string" ? { "content-type": "application/json" } : {}), ...headers });
  res.end(text);
}

const server = createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    if (req.method === "OPTIONS") return send(res, 204);
    if (req.method === "POST" && req.url === "/__scenario") {
      const id = `t${next++}`;
      scenarios.set(id, { responses: JSON.parse(body).responses ?? [], requests: [] });
      return send(res, 200, { id });
    }
    const record = req.url.match(/^\/__requests\/([^/?]+)$/);
    if (record) return send(res, 200, scenarios.get(record[1])?.requests ?? []);
    const match = req.url.match(/^\/s\/([^/?]+)(\/.*)$/);
    const scenario = match && scenarios.get(match[1]);
    if (!scenario) return send(res, 404, { error: { code: "noScenario", message: req.url } });
    scenario.requests.push({ method: req.method, url: match[2], headers: req.headers, body });
    // A `sticky` answer stays for every later request (browsers resend
    // idempotent requests after a reset a browser-specific number of times).
    const response = scenario.responses[0]?.sticky ? scenario.responses[0] : scenario.responses.shift();
    if (!response) return send(res, 599, { error: { code: "scenarioExhausted", message: `${req.method} ${match[2]}` } });
    const answer = () => {
      if (response.reset) return req.socket.destroy();
      let payload = response.body;
      if (response.echo) payload = { ...JSON.parse(body), ...response.echo };
      // "$BASE" in a body stands for this scenario's own URL (for nextLinks).
      const base = `http://${req.headers.host}/s/${match[1]}`;
      if (typeof payload === "object") payload = JSON.parse(JSON.stringify(payload).replaceAll("$BASE", base));
      send(res, response.status ?? 200, payload, response.headers ?? {});
    };
    if (response.delayMs) setTimeout(answer, response.delayMs);
    else answer();
  });
});

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`http://127.0.0.1:${server.address().port}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
