// The client's option objects, checked where they are written: in JavaScript.
// Each function returns the options flattened for the wasm (which reads them with
// getters), or throws an `invalidArgument` GraphError naming the option. Unknown
// names are refused: a typo such as `baseURL` would otherwise send the token to
// the real Graph.

import { GraphError } from "./support.js";

const invalid = (argument, message) => new GraphError(`${argument}: ${message}`, { kind: "invalidArgument" });

const present = (value) => value !== undefined && value !== null;

// Text for a message: quoted, escaped, and cut short so a huge value stays readable.
function quote(text) {
  const chars = Array.from(text);
  const shown = JSON.stringify(chars.slice(0, 48).join(""));
  return chars.length > 48 ? `${shown.slice(0, -1)}…"` : shown;
}

function knownKeys(target, argument, known) {
  let keys;
  try {
    keys = Object.keys(target);
  } catch {
    throw invalid(argument, "expected a readable object");
  }
  for (const key of keys) {
    if (!known.includes(key)) throw invalid(argument, `unknown option ${quote(key)}; known: ${known.join(", ")}`);
  }
}

function text(target, key, argument) {
  const value = target[key];
  if (!present(value)) return undefined;
  if (typeof value !== "string") throw invalid(argument, "expected a string");
  return value;
}

function whole(target, key, argument, max, fallback) {
  const value = target[key];
  if (!present(value)) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw invalid(argument, `expected a whole number from 0 to ${max}`);
  }
  return value;
}

function oneOf(target, key, argument, names, fallback) {
  const name = text(target, key, argument);
  if (name === undefined) return fallback;
  if (!names.includes(name)) {
    const listed = names.map((n) => `"${n}"`);
    const expected = `${listed.slice(0, -1).join(", ")} or ${listed.at(-1)}`;
    throw invalid(argument, `expected ${expected}, found ${quote(name)}`);
  }
  return name;
}

const isStrings = (value) => Array.isArray(value) && value.every((item) => typeof item === "string");

function token(options) {
  const source = options.token;
  if (typeof source === "string") {
    if (source === "") throw invalid("options.token", "expected a non-empty token");
    return source;
  }
  if (typeof source === "function") return source;
  if (typeof source === "object" && source !== null) {
    if (present(source.msal)) {
      knownKeys(source, "options.token", ["msal", "account", "scopes", "interaction"]);
      if (present(source.scopes) && !(isStrings(source.scopes) && source.scopes.length > 0)) {
        throw invalid("options.token.scopes", "expected a non-empty array of strings");
      }
      oneOf(source, "interaction", "options.token.interaction", ["popup", "redirect", "none"]);
      return source;
    }
    if (typeof source.getAccessToken === "function") return source;
  }
  throw invalid(
    "options.token",
    "expected a token string, a function returning one, { msal } or an object with getAccessToken()",
  );
}

const BIG = 1_000_000_000;

// `new DeviceStatusClient(options)`. The result is also what the driver reads
// (token, timeoutMs, onWarning) and where it notes that it has warned.
export function clientOptions(options) {
  if (typeof options !== "object" || options === null) {
    throw invalid("options", "expected an object such as { token, cloud }");
  }
  knownKeys(options, "options", ["token", "cloud", "apiVersion", "baseUrl", "retry", "timeoutMs", "onWarning"]);
  const checked = {
    token: token(options),
    cloud: oneOf(options, "cloud", "options.cloud", ["global", "usGovL4", "usGovL5Dod", "china"], "global"),
    apiVersion: oneOf(options, "apiVersion", "options.apiVersion", ["v1.0", "beta"], "v1.0"),
    baseUrl: text(options, "baseUrl", "options.baseUrl"),
    maxRetries: 3,
    baseDelayMs: 1000,
    maxDelayMs: 60000,
    timeoutMs: whole(options, "timeoutMs", "options.timeoutMs", BIG, null),
    onWarning: options.onWarning,
    warned: false,
  };
  const retry = options.retry;
  if (present(retry)) {
    knownKeys(retry, "options.retry", ["maxRetries", "baseDelayMs", "maxDelayMs"]);
    // The caps keep one call's retries and waits bounded (src/client/retry.rs).
    checked.maxRetries = whole(retry, "maxRetries", "options.retry.maxRetries", 10, 3);
    checked.baseDelayMs = whole(retry, "baseDelayMs", "options.retry.baseDelayMs", BIG, 1000);
    checked.maxDelayMs = whole(retry, "maxDelayMs", "options.retry.maxDelayMs", 180000, 60000);
  }
  if (present(checked.onWarning) && typeof checked.onWarning !== "function") {
    throw invalid("options.onWarning", "expected a function");
  }
  return checked;
}

// Every method's last argument: `{ signal, clientRequestId }`.
export function callOptions(options) {
  if (!present(options)) return {};
  knownKeys(options, "options", ["signal", "clientRequestId"]);
  const { signal } = options;
  if (present(signal) && !(signal instanceof AbortSignal)) throw invalid("options.signal", "expected an AbortSignal");
  const clientRequestId = text(options, "clientRequestId", "options.clientRequestId");
  if (clientRequestId !== undefined && !/^[\x21-\x7e]{1,128}$/.test(clientRequestId)) {
    throw invalid("options.clientRequestId", `expected 1 to 128 visible ASCII characters, found ${quote(clientRequestId)}`);
  }
  return { signal: signal ?? undefined, clientRequestId };
}

// A list's OData options: `{ top, filter, select, orderby }`; `select` goes to
// the wasm joined with commas, as Graph writes it.
export function listQuery(query) {
  if (!present(query)) return {};
  knownKeys(query, "query", ["top", "filter", "select", "orderby"]);
  const top = whole(query, "top", "query.top", 999);
  if (top === 0) throw invalid("query.top", "expected a whole number from 1 to 999");
  const { select } = query;
  if (present(select) && !isStrings(select)) throw invalid("query.select", "expected an array of property names");
  return {
    top,
    filter: text(query, "filter", "query.filter"),
    select: select?.length ? select.join(",") : undefined,
    orderby: text(query, "orderby", "query.orderby"),
  };
}
