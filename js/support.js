// What the package needs from JavaScript itself: the GraphError class (the
// entries re-export it, so the class the wasm throws is the one users import),
// values packed to cross into the wasm and reports unpacked on the way back, the
// client's option checks, and its I/O. One module, so a page without a bundler
// downloads one file.
//
// The client's I/O is driven by the Rust `Call` (src/client/call.rs): it asks for
// a request, a wait or nothing more, and this file does exactly that with the
// runtime's own fetch, timers and AbortSignal. Tokens come from the caller's
// source (a string, a function, MSAL.js, or a getAccessToken() provider). Every
// decision (retries, waits, errors, what a reply means) stays in Rust.

// The package's one error class: a real `Error` subclass (stack trace,
// `instanceof Error`, `cause`).
export class GraphError extends Error {
  constructor(message, fields) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = "GraphError";
    this.kind = fields.kind;
    this.code = fields.code ?? fields.kind;
    this.statusCode = fields.statusCode ?? null;
    this.requestId = fields.requestId ?? null;
    this.clientRequestId = fields.clientRequestId ?? null;
    this.date = fields.date ?? null;
    this.retryAfterMs = fields.retryAfterMs ?? null;
    this.attempts = fields.attempts ?? 0;
    this.errors = fields.errors ?? [];
    this.body = fields.body ?? null;
  }
}

// A GraphError without a stack trace, for createMany's results: thousands made
// at once (a fleet's invalid rows), whose stacks would show only the package's
// own driver, and capturing them took half the time of checking the rows. As
// Node's own errors do, the limit is set only where it can be.
export function stacklessError(message, fields) {
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 0;
  } catch {
    return new GraphError(message, fields); // frozen intrinsics
  }
  try {
    return new GraphError(message, fields);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

// ---------------------------------------------------------------------------
// Values across the boundary, one string each way: read from Rust, a value would
// cross into JavaScript several times per property, and a report built from Rust
// as objects would cross back several times per issue.

// The longest string copied into the wasm (src/input/packed.rs's message names
// it): Graph's strings are names and ids, and one near the memory's size would
// end the module.
const MAX_TEXT = 2 ** 20;

// `isWellFormed` is new (2023); in a `u` pattern \p{Cs} matches lone surrogates only.
const wellFormed = String.prototype.isWellFormed ? (s) => s.isWellFormed() : (s) => !/\p{Cs}/u.test(s);

// A string, or why it is not copied: too long (L), or holding a lone surrogate
// (w), which would silently become U+FFFD on the way.
const packText = (s) => (s.length > MAX_TEXT ? "L" : wellFormed(s) ? `s${s.length}:${s}` : "w");

// The letters of the kinds that are neither strings, booleans, null nor objects.
const KINDS = { number: "n", undefined: "u", bigint: "b", symbol: "y", function: "F" };

function packValue(item) {
  if (typeof item === "string") return packText(item);
  if (typeof item === "boolean") return item ? "t" : "f";
  if (item === null) return "z";
  const kind = KINDS[typeof item];
  if (kind) return kind;
  try {
    return Array.isArray(item) ? "a" : "o";
  } catch {
    return "x"; // a revoked proxy
  }
}

// An object's own enumerable properties, one level deep, each read once: a
// getter or proxy that throws gives a value that threw (x), never an exception.
// Should anything else throw (a packed text over the runtime's longest string),
// the whole value is one that threw: the wasm never sees an exception.
export function packInput(whole) {
  try {
    return packObject(whole);
  } catch {
    return "x";
  }
}

function packObject(whole) {
  const kind = packValue(whole);
  if (kind !== "o") return kind;
  let keys;
  try {
    keys = Object.keys(whole);
  } catch {
    return "x";
  }
  let packed = "o";
  for (const key of keys) {
    let item;
    try {
      item = packValue(whole[key]);
    } catch {
      item = "x";
    }
    packed += packText(key) + item;
  }
  return packed;
}

const encoder = new TextEncoder();

// Packed text into the wasm's memory, in one copy; the bytes written.
export const encodeInto = (packed, into) => encoder.encodeInto(packed, into).written;

// A ValidationReport from the text src/js/convert.rs packs it in: per issue, "e"
// (an error) or "w" (a warning), then its path, code and message, each as
// length ":" text (the length in UTF-16 units).
export function unpackReport(packed) {
  const errors = [];
  const warnings = [];
  let at = 0;
  const text = () => {
    const colon = packed.indexOf(":", at);
    at = colon + 1 + Number(packed.slice(at, colon));
    return packed.slice(colon + 1, at);
  };
  while (at < packed.length) {
    const list = packed[at++] === "e" ? errors : warnings;
    list.push({ path: text(), code: text(), message: text() });
  }
  return { valid: errors.length === 0, errors, warnings };
}

// ---------------------------------------------------------------------------
// Options, checked where they are written: in JavaScript. Each function returns
// the options flattened for the wasm (which reads them with getters), or throws an
// `invalidArgument` GraphError naming the option. Unknown names are refused: a
// typo such as `baseURL` would otherwise send the token to the real Graph.

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

// A whole number from `min` to `max` (`fallback` when absent); any other value
// is refused with one message that names the range.
function whole(target, key, argument, min, max, fallback) {
  const value = target[key];
  if (!present(value)) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(argument, `expected a whole number from ${min} to ${max}`);
  }
  return value;
}

// The position of the option's value among `names`; the first is the default.
function oneOf(target, key, argument, names) {
  const name = text(target, key, argument);
  if (name === undefined) return 0;
  if (!names.includes(name)) {
    const listed = names.map((n) => `"${n}"`);
    const expected = `${listed.slice(0, -1).join(", ")} or ${listed.at(-1)}`;
    throw invalid(argument, `expected ${expected}, found ${quote(name)}`);
  }
  return names.indexOf(name);
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
// (token, timeoutMs, onWarning) and where it notes that it has warned. What Rust
// and this file share comes from Rust with each call, so there is one copy: the
// clouds' and versions' names in Rust's order (space-separated; the positions go
// back to Rust), the retry caps and the default timeout (src/client/retry.rs).
// Retry values left out stay undefined: Rust's `RetryPolicy::default()` fills
// them in.
export function clientOptions(options, clouds, versions, maxRetries, maxDelayMs, timeoutMs) {
  if (typeof options !== "object" || options === null) {
    throw invalid("options", "expected an object such as { token, cloud }");
  }
  knownKeys(options, "options", ["token", "cloud", "apiVersion", "baseUrl", "retry", "timeoutMs", "onWarning"]);
  const checked = {
    token: token(options),
    cloud: oneOf(options, "cloud", "options.cloud", clouds.split(" ")),
    apiVersion: oneOf(options, "apiVersion", "options.apiVersion", versions.split(" ")),
    baseUrl: text(options, "baseUrl", "options.baseUrl"),
    timeoutMs: whole(options, "timeoutMs", "options.timeoutMs", 1, BIG, timeoutMs),
    onWarning: options.onWarning,
    warned: false,
  };
  const retry = options.retry;
  if (present(retry)) {
    knownKeys(retry, "options.retry", ["maxRetries", "baseDelayMs", "maxDelayMs"]);
    checked.maxRetries = whole(retry, "maxRetries", "options.retry.maxRetries", 0, maxRetries);
    checked.baseDelayMs = whole(retry, "baseDelayMs", "options.retry.baseDelayMs", 0, BIG);
    checked.maxDelayMs = whole(retry, "maxDelayMs", "options.retry.maxDelayMs", 0, maxDelayMs);
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
  // Its characters are checked by Rust's core, for every driver alike.
  const clientRequestId = text(options, "clientRequestId", "options.clientRequestId");
  return { signal: signal ?? undefined, clientRequestId };
}

// createMany's `{ batch, maxWritesPer20s, writeWindowMs, onProgress, onWait, signal }`.
export function manyOptions(options) {
  if (!present(options)) return { batch: true, limit: 100, windowMs: 20000 };
  knownKeys(options, "options", ["batch", "maxWritesPer20s", "writeWindowMs", "onProgress", "onWait", "signal"]);
  const { batch = true, onProgress, onWait, signal } = options;
  if (typeof batch !== "boolean") throw invalid("options.batch", "expected true or false");
  for (const [name, callback] of [["onProgress", onProgress], ["onWait", onWait]]) {
    if (present(callback) && typeof callback !== "function") throw invalid(`options.${name}`, "expected a function");
  }
  if (present(signal) && !(signal instanceof AbortSignal)) throw invalid("options.signal", "expected an AbortSignal");
  let windowMs = whole(options, "writeWindowMs", "options.writeWindowMs", 1, 86400000, 20000);
  // Writes per window: any positive rate (a fraction stretches the window: 0.5 is
  // one write per two windows), or Infinity for no pacing at all (a tenant with a
  // raised limit, a test). The wasm takes whole writes, 0 for no pacing.
  const rate = options.maxWritesPer20s ?? 100;
  if (typeof rate !== "number" || !(rate > 0)) {
    throw invalid("options.maxWritesPer20s", "expected a positive number of writes, or Infinity for no pacing");
  }
  let limit = rate === Infinity ? 0 : Math.min(Math.floor(rate), 2 ** 32 - 1);
  if (rate < 1) {
    limit = 1;
    windowMs = Math.min(Math.round(windowMs / rate), 2 ** 32 - 1);
  }
  return { batch, onProgress, onWait, signal: signal ?? undefined, limit, windowMs };
}

// A list's OData options: `{ top, filter, select, orderby }`, and `maxPages`;
// `select` goes to the wasm joined with commas, as Graph writes it.
export function listQuery(query) {
  if (!present(query)) return {};
  knownKeys(query, "query", ["top", "filter", "select", "orderby", "maxPages"]);
  const maxPages = whole(query, "maxPages", "query.maxPages", 1, BIG);
  const top = whole(query, "top", "query.top", 1, 999);
  const { select } = query;
  if (present(select) && !isStrings(select)) throw invalid("query.select", "expected an array of property names");
  return {
    top,
    filter: text(query, "filter", "query.filter"),
    select: select?.length ? select.join(",") : undefined,
    orderby: text(query, "orderby", "query.orderby"),
    maxPages,
  };
}

// ---------------------------------------------------------------------------
// Tokens, requests and waits.

const reason = (error) =>
  typeof error?.message === "string" ? error.message : typeof error === "string" ? error : "no message";

// A token source's own error, when there is one, is the cause.
const authError = (message, cause) => new GraphError(message, { kind: "auth", cause });

// A token as it can go into `Authorization: Bearer <token>`, by the Rust core's
// rule (src/client/token.rs, word for word; tests/package/shared.test.mjs holds
// the two equal): visible ASCII only, refused before sending with an auth error
// that names the problem and never quotes the token.
function tokenText(value, source) {
  if (typeof value !== "string") throw authError(`${source} gave no token string`);
  const bad = value.match(/[^\x21-\x7e]/u)?.[0];
  let problem;
  if (value === "") problem = "an empty token";
  else if (/^bearer /i.test(value)) {
    problem = 'a token that starts with "Bearer "; give the token alone (the client writes the Authorization scheme)';
  } else if (bad !== undefined) {
    const code = bad.codePointAt(0);
    const hex = `(U+${code.toString(16).toUpperCase().padStart(4, "0")})`;
    const named = { " ": "a space", "\r": "a line break", "\n": "a line break", "\0": "a NUL character" }[bad];
    // Unicode's control characters (Cc), as Rust's `char::is_control`.
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    const what = named ?? (control ? `a control character ${hex}` : `a non-ASCII character ${hex}`);
    problem = `a token with ${what}, which a bearer token cannot carry`;
  } else return value;
  throw authError(`${source} gave ${problem}; nothing was sent`);
}

// Calls `work` (which may throw or reject) and turns a failure into an auth error.
async function ask(work, failed) {
  try {
    return await work();
  } catch (error) {
    throw authError(`${failed}: ${reason(error)}`, error);
  }
}

// MSAL's errors that mean "only the user can fix this".
const needsInteraction = (error) =>
  error?.name === "InteractionRequiredAuthError" ||
  ["interaction_required", "consent_required", "login_required", "no_tokens_found"].includes(error?.errorCode);

function signedIn(app) {
  try {
    const active = app.getActiveAccount?.();
    if (active != null) return active;
  } catch {}
  try {
    return app.getAllAccounts?.()[0];
  } catch {}
}

function tokenRequest(scopes, account, forceRefresh) {
  const request = { scopes };
  if (account !== undefined) request.account = account;
  if (forceRefresh) request.forceRefresh = true;
  return request;
}

async function msalToken(options, scopes, forceRefresh) {
  const { msal, interaction = "popup" } = options;
  const account = options.account ?? signedIn(msal) ?? undefined;
  if (account !== undefined) {
    try {
      const result = await msal.acquireTokenSilent(tokenRequest(scopes, account, forceRefresh));
      return tokenText(result?.accessToken, "MSAL");
    } catch (error) {
      if (error instanceof GraphError) throw error;
      if (!needsInteraction(error)) throw authError(`MSAL acquireTokenSilent failed: ${reason(error)}`, error);
    }
  }
  const request = tokenRequest(scopes, account, false);
  if (interaction === "none") {
    throw authError('MSAL needs the user to sign in or consent, and interaction is "none"');
  }
  if (interaction === "redirect") {
    await ask(() => msal.acquireTokenRedirect(request), "MSAL acquireTokenRedirect failed");
    throw authError("MSAL is redirecting to sign in; the call continues after the redirect returns");
  }
  const result = await ask(() => msal.acquireTokenPopup(request), "MSAL acquireTokenPopup failed");
  return tokenText(result?.accessToken, "MSAL");
}

// A token for `scope`, asked for every attempt so a refreshed one is always used.
async function bearer(source, scope, forceRefresh) {
  const scopes = [scope];
  if (typeof source === "string") return tokenText(source, "options.token");
  if (typeof source === "function") {
    const context = forceRefresh ? { scopes, forceRefresh } : { scopes };
    let value;
    try {
      value = source(context);
    } catch (error) {
      throw authError(`the token function threw: ${reason(error)}`, error);
    }
    return tokenText(await ask(() => value, "the token function failed"), "the token function");
  }
  if (source.msal != null) return msalToken(source, source.scopes ?? scopes, forceRefresh);
  const value = await ask(() => source.getAccessToken({ scopes }), "getAccessToken failed");
  return tokenText(value, "getAccessToken");
}

// Waits `ms`; false when `signal` aborts first. Leaves no timer or listener behind.
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const end = (slept) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(slept);
    };
    const onAbort = () => end(false);
    const timer = setTimeout(end, ms, true);
    signal?.addEventListener("abort", onAbort);
  });
}

// Why an attempt got no response, as `PendingCall.advance` takes it (see
// `read_event` in src/js/client.rs).
const TIMEOUT = -3;
const NETWORK = -4;
const REFUSED = -8;

// Runtime error codes (Node's) that mean no connection was made, so nothing was sent.
const NO_CONNECTION = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"];

// A runtime's fetch failure in words, with its root cause (Node puts the socket's
// error, and its code, in `cause`); its code, when it has one.
function failureOf(error) {
  const root = error?.cause ?? error;
  const code = typeof root?.code === "string" ? root.code : undefined;
  let text = reason(error);
  if (root !== error && root != null) text += `: ${reason(root)}`;
  if (code !== undefined && !text.includes(code)) text += ` (${code})`;
  return { code, text };
}
// PendingCall.advance's event for "begin, or go on after a wait".
const RESUME = -1;

// The caller's signal fired: before the request left (or during a wait), or while
// it was out, when Graph may have processed it; a deadline when its reason is a
// timeout (`AbortSignal.timeout()`), which ends the call as `timeout`.
function stopped(signal, sent) {
  const deadline = signal.reason?.name === "TimeoutError";
  return deadline ? (sent ? -7 : -6) : sent ? -5 : -2;
}

// One attempt: the whole response, or why there is none (`stopped`, TIMEOUT,
// NETWORK). No `mode` or `credentials` (Cloudflare Workers rejects them), no
// custom header beyond client-request-id (each costs CORS allowances), and
// redirects are not followed, so the token cannot travel to another host.
async function attempt(send, token, timeoutMs, signal) {
  if (signal?.aborted) return { failure: stopped(signal, false) };
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, timeoutMs);
  signal?.addEventListener("abort", abort);
  const headers = { Authorization: `Bearer ${token}`, Accept: "application/json" };
  if (send.clientRequestId !== undefined) headers["client-request-id"] = send.clientRequestId;
  if (send.body !== undefined) headers["Content-Type"] = "application/json";
  // Whatever the server or the runtime echoes, nothing read from the attempt
  // carries the token (src/client/token.rs's `redact`; one under 16 characters is
  // no real token, and replacing it would rewrite ordinary text).
  const redact = (text) => (token.length >= 16 && text.includes(token) ? text.replaceAll(token, "[token]") : text);
  try {
    const init = { method: send.method, headers, body: send.body, redirect: "manual", signal: controller.signal };
    const answer = await fetch(send.url, init);
    const body = redact(await answer.text());
    const get = (name) => {
      const value = answer.headers.get(name);
      return value === null ? null : redact(value);
    };
    const { status, statusText, ok } = answer;
    return { response: { status, statusText: redact(statusText), ok, headers: { get } }, body };
  } catch (error) {
    const { code, text } = failureOf(error);
    let failure = NO_CONNECTION.includes(code) ? REFUSED : NETWORK;
    if (signal?.aborted) failure = stopped(signal, true);
    else if (controller.signal.aborted) failure = TIMEOUT;
    // The runtime's error becomes the cause, unless it quotes the token.
    const texts = [error, error?.cause].flatMap((e) => [e?.message, e?.stack]);
    const quotes = texts.some((t) => typeof t === "string" && redact(t) !== t);
    return { failure, message: redact(text), error: quotes ? undefined : error };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", abort);
  }
}

// A Deprecation (`@<Unix seconds>`, RFC 9745) or Sunset (an HTTP date) header's
// day, as people read it (`2026-05-01`); the header itself when it is neither.
function day(header) {
  const unix = /^@(-?\d+)$/.exec(header);
  const date = unix ? new Date(Number(unix[1]) * 1000) : new Date(header);
  return Number.isNaN(date.getTime()) ? header : date.toISOString().slice(0, 10);
}

// Tells the caller that Graph flags the entity: once per client for each
// Deprecation / Sunset pair Graph sends, to `onWarning` (the headers, and the
// warning as people read it), else with console.warn.
function warn(client, headers, url) {
  const deprecation = headers.get("deprecation") || null;
  const sunset = headers.get("sunset") || null;
  if (deprecation === null && sunset === null) return;
  const seen = `${deprecation}\n${sunset}`;
  if (client.warned === seen) return;
  client.warned = seen;
  const since = deprecation === null ? "" : ` since ${day(deprecation)}`;
  const ends = sunset === null ? "" : `, and it stops working on ${day(sunset)}`;
  const message = `Microsoft Graph marks deviceConfigurationDeviceStatus as deprecated${since}${ends}.`;
  if (client.onWarning) {
    try {
      client.onWarning({ deprecation, sunset, url, message });
    } catch {
      // A throwing callback must not fail the call that succeeded.
    }
  } else {
    console.warn(`intune-device-status: ${message} Pass onWarning to handle this yourself.`);
  }
}

// What came of an attempt, as the arguments of `PendingCall.advance` (and of
// `PendingBulk.answer` after the step's id).
export const answered = ({ response, body, failure, message = "" }) =>
  response ? [response.status, response.statusText, response.headers, body] : [failure, message, undefined, ""];

// Runs `call` until it is done: its value, or its GraphError thrown. A lookup
// settling a create's unknown outcome (`settling`) goes out even after an abort:
// it tells whether the status was stored.
async function run(call, client, signal) {
  // The runtime's error behind the last attempt without an answer.
  let failed;
  try {
    let step = call.advance(RESUME, "", undefined, "");
    for (;;) {
      if (step.kind === "done") return step.value;
      if (step.kind === "wait") {
        const slept = await sleep(step.ms, signal);
        step = call.advance(slept ? RESUME : stopped(signal, false), "", undefined, "");
        continue;
      }
      const outcome = await direct(step, client, step.settling ? undefined : signal);
      failed = outcome.error;
      step = call.advance(...answered(outcome));
    }
  } catch (error) {
    // An end the caller's signal brought keeps its reason as the cause; a
    // connection's failure keeps the runtime's error.
    const byAbort = ["aborted", "timeout", "outcomeUnknown"].includes(error?.kind);
    let cause;
    if (signal?.aborted && byAbort) cause = signal.reason;
    else if (error?.kind === "network") cause = failed;
    if (cause !== undefined && error.cause === undefined) {
      Object.defineProperty(error, "cause", { value: cause, writable: true, configurable: true });
    }
    throw error;
  }
}

// One request, with a token from the client's source (which may throw its
// GraphError); what came of it, as `attempt` returns it.
export async function direct(step, client, signal) {
  const token = await bearer(client.token, step.scope, step.refresh);
  const outcome = await attempt(step, token, client.timeoutMs, signal);
  if (outcome.response?.ok) warn(client, outcome.response.headers, step.url);
  return outcome;
}

// One operation; the call's Rust memory is freed however it ends.
export async function drive(call, client, options) {
  try {
    return await run(call, client, options.signal);
  } finally {
    call.free();
  }
}

// The pages of a list, one `run` each. An async generator, so concurrent `next()`
// calls queue up, and `return()` (a `break` in `for await`) frees the call.
export async function* pages(call, client, { signal }) {
  try {
    for (;;) {
      const page = await run(call, client, signal);
      if (page === undefined) return;
      yield page;
    }
  } finally {
    call.free();
  }
}

// `createMany`: the bulk driver is its own module, loaded on the first call, so
// pages that never send in bulk never download it.
export function bulk(pending, client, options) {
  return import("./bulk.js").then(
    (module) => module.createMany(pending, client, options),
    (error) => {
      pending.free();
      throw error;
    },
  );
}
