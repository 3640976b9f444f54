// The client's I/O, driven by the Rust `Call` (src/client/call.rs): it asks for a
// request, a wait or nothing more, and this file does exactly that with the
// runtime's own fetch, timers and AbortSignal. Tokens come from the caller's
// source (a string, a function, MSAL.js, or a getAccessToken() provider).
// Every decision (retries, waits, errors, what a reply means) stays in Rust.

import { GraphError } from "./support.js";

const reason = (error) =>
  typeof error?.message === "string" ? error.message : typeof error === "string" ? error : "no message";

const authError = (message) => new GraphError(message, { kind: "auth" });

function tokenText(value, source) {
  if (typeof value !== "string") throw authError(`${source} gave no token string`);
  if (value === "") throw authError(`${source} gave an empty token`);
  return value;
}

// Calls `work` (which may throw or reject) and turns a failure into an auth error.
async function ask(work, failed) {
  try {
    return await work();
  } catch (error) {
    throw authError(`${failed}: ${reason(error)}`);
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
      if (!needsInteraction(error)) throw authError(`MSAL acquireTokenSilent failed: ${reason(error)}`);
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
  if (typeof source === "string") return source;
  if (typeof source === "function") {
    const context = forceRefresh ? { scopes, forceRefresh } : { scopes };
    let value;
    try {
      value = source(context);
    } catch (error) {
      throw authError(`the token function threw: ${reason(error)}`);
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

// One attempt: the whole response, or why there is none ("aborted", "timeout",
// "network"). No `mode` or `credentials` (Cloudflare Workers rejects them), no
// custom header beyond client-request-id (each costs CORS allowances), and
// redirects are not followed, so the token cannot travel to another host.
async function attempt(send, token, timeoutMs, signal) {
  if (signal?.aborted) return { failure: "aborted" };
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = timeoutMs == null ? undefined : setTimeout(abort, timeoutMs);
  signal?.addEventListener("abort", abort);
  const headers = {
    Authorization: `Bearer ${token}`,
    Accept: "application/json",
    "client-request-id": send.clientRequestId,
  };
  if (send.body !== undefined) headers["Content-Type"] = "application/json";
  try {
    const init = { method: send.method, headers, body: send.body, redirect: "manual", signal: controller.signal };
    const response = await fetch(send.url, init);
    return { response, body: await response.text() };
  } catch (error) {
    const failure = signal?.aborted ? "aborted" : controller.signal.aborted ? "timeout" : "network";
    return { failure, message: reason(error) };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", abort);
  }
}

// Tells the caller (once per client by default) that Graph flags the entity.
function warn(client, headers, url) {
  const deprecation = headers.get("deprecation") || null;
  const sunset = headers.get("sunset") || null;
  if (deprecation === null && sunset === null) return;
  if (client.onWarning) {
    try {
      client.onWarning({ deprecation, sunset, url });
    } catch {
      // A throwing callback must not fail the call that succeeded.
    }
  } else if (!client.warned) {
    client.warned = true;
    console.warn(
      `intune-device-status: Microsoft Graph marks deviceConfigurationDeviceStatus as deprecated ` +
        `(Deprecation: ${deprecation ?? "-"}, Sunset: ${sunset ?? "-"}). Pass onWarning to handle this yourself.`,
    );
  }
}

// Runs `call` until it is done: its value, or its GraphError thrown.
async function run(call, client, signal) {
  let step = call.resume();
  for (;;) {
    if (step.kind === "done") return step.value;
    if (step.kind === "wait") {
      step = (await sleep(step.ms, signal)) ? call.resume() : call.failure("aborted", "");
      continue;
    }
    const token = await bearer(client.token, step.scope, step.refresh);
    const outcome = await attempt(step, token, client.timeoutMs, signal);
    if (outcome.failure) {
      step = call.failure(outcome.failure, outcome.message ?? "");
    } else {
      const { response } = outcome;
      if (response.ok) warn(client, response.headers, step.url);
      step = call.reply(response.status, response.statusText, response.headers, outcome.body);
    }
  }
}

// One operation; the call's Rust memory is freed however it ends.
export async function drive(call, client, signal) {
  try {
    return await run(call, client, signal);
  } finally {
    call.free();
  }
}

// The pages of a list, one `run` each. An async generator, so concurrent `next()`
// calls queue up, and `return()` (a `break` in `for await`) frees the call.
export async function* pages(call, client, signal) {
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
