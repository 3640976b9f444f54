// The admin page: a form that validates as the admin types and creates the
// status; a fleet imported from a spreadsheet (import.ts); the configuration's
// compliance as a chart (chart.ts) and its statuses as a sortable list (list.ts).

import {
  DeviceStatusClient,
  complianceStatuses,
  validateDeviceStatus,
  type DeviceConfigurationDeviceStatus,
  type FieldIssue,
  type TokenOption,
  type DeprecationWarning,
} from "intune-device-status";
import { explain } from "./errors";
import { graphScope, msalToken, readSetup, type Entra } from "./config";
import { requestIdOf, watchRequestIds } from "./support-ids";
import { countByStatus, drawChart } from "./chart";
import { $, showError, text } from "./dom";
import { configurationChanged, setUpFleet } from "./import";
import { setUpList, showStatuses } from "./list";

type Property = keyof DeviceConfigurationDeviceStatus;

interface FieldSpec {
  name: Property;
  label: string;
  hint: string;
  kind: "text" | "select" | "datetime";
}

const FIELDS: FieldSpec[] = [
  { name: "deviceDisplayName", label: "Device name", hint: "As Intune shows it, e.g. PC-0042.", kind: "text" },
  { name: "userName", label: "User name", hint: "The device's primary user.", kind: "text" },
  { name: "userPrincipalName", label: "User principal name", hint: "The user's sign-in name, e.g. ada@contoso.com.", kind: "text" },
  { name: "deviceModel", label: "Device model", hint: "e.g. Surface Laptop 5.", kind: "text" },
  { name: "status", label: "Compliance status", hint: "One of Intune's eight statuses.", kind: "select" },
  {
    name: "lastReportedDateTime",
    label: "Last reported",
    hint: "Date and time with its offset, e.g. 2024-05-01T12:30:00+02:00; sent exactly as written.",
    kind: "datetime",
  },
  {
    name: "complianceGracePeriodExpirationDateTime",
    label: "Grace period ends",
    hint: "Date and time with its offset, e.g. 2024-06-01T00:00:00Z.",
    kind: "datetime",
  },
  {
    name: "id",
    label: "Status id",
    hint: "A fresh GUID: if Graph's answer is lost, the client looks the status up instead of risking a duplicate.",
    kind: "text",
  },
];

/** Now, in the browser's time zone, with its offset: 2026-11-28T18:05:00+01:00. */
function localNow(): string {
  const now = new Date();
  const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, "0");
  const offset = -now.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  return (
    `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}` +
    `T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

// ---------------------------------------------------------------------------
// The form

const inputs = new Map<Property, HTMLInputElement | HTMLSelectElement>();
const errorsOf = new Map<Property, HTMLElement>();
const touched = new Set<Property>();
/** A report is on its way: the button stays disabled until it ends. */
let busy = false;

function buildForm() {
  const container = $("fields");
  for (const field of FIELDS) {
    const wrapper = text("div", "", "field");
    const id = `field-${field.name}`;
    const label = text("label", field.label);
    label.setAttribute("for", id);
    let input: HTMLInputElement | HTMLSelectElement;
    if (field.kind === "select") {
      input = document.createElement("select");
      input.append(new Option("Choose a status…", ""));
      for (const status of complianceStatuses()) input.append(new Option(status, status));
    } else {
      input = document.createElement("input");
      input.autocomplete = "off";
      input.spellcheck = false;
    }
    input.id = id;
    input.name = field.name;
    const hint = text("p", field.hint, "hint");
    hint.id = `${id}-hint`;
    const error = text("p", "", "field-error");
    error.id = `${id}-error`;
    input.setAttribute("aria-describedby", `${hint.id} ${error.id}`);
    wrapper.append(label);
    if (field.kind === "datetime") {
      const row = text("div", "", "row");
      const now = text("button", "Now");
      now.setAttribute("type", "button");
      now.setAttribute("aria-label", `${field.label}: now, with this computer's offset`);
      now.addEventListener("click", () => {
        input.value = localNow();
        touched.add(field.name);
        check();
      });
      row.append(input, now);
      wrapper.append(row);
    } else {
      wrapper.append(input);
    }
    wrapper.append(hint, error);
    container.append(wrapper);
    inputs.set(field.name, input);
    errorsOf.set(field.name, error);
    const touch = () => {
      touched.add(field.name);
      check();
    };
    input.addEventListener("input", touch);
    input.addEventListener("change", touch);
    input.addEventListener("blur", touch);
  }
  inputs.get("id")!.value = crypto.randomUUID();
}

/** The form as the object to send: empty fields are left out. */
function formStatus(): Record<string, string> {
  const status: Record<string, string> = {};
  for (const [name, input] of inputs) {
    if (input.value !== "") status[name] = input.value;
  }
  return status;
}

/** Validates as the admin types; marks touched fields; enables submit when valid. */
function check(): boolean {
  const report = validateDeviceStatus(formStatus());
  const byField = new Map<string, FieldIssue>();
  for (const issue of report.errors) if (!byField.has(issue.path)) byField.set(issue.path, issue);
  let shown = 0;
  for (const [name, input] of inputs) {
    const issue = byField.get(name);
    const visible = issue !== undefined && touched.has(name);
    input.setAttribute("aria-invalid", String(visible));
    errorsOf.get(name)!.textContent = visible ? issue.message : "";
    if (visible) shown++;
  }
  $<HTMLButtonElement>("submit").disabled = !report.valid || busy;
  const waiting = report.errors.length - shown;
  $("form-summary").textContent = report.valid
    ? "Ready to report."
    : shown > 0
      ? `${shown} field(s) need attention.`
      : `${waiting} required field(s) still empty.`;
  return report.valid;
}

// ---------------------------------------------------------------------------
// Graph

let client: DeviceStatusClient;

function configurationId(): string {
  return $<HTMLInputElement>("configuration").value.trim();
}

async function create(event: SubmitEvent) {
  event.preventDefault();
  if (!check()) return;
  busy = true;
  check();
  const result = $("result");
  const body = $("result-body");
  result.hidden = false;
  body.replaceChildren(text("p", "Sending…"));
  const clientRequestId = crypto.randomUUID();
  try {
    const stored = await client.create(configurationId(), formStatus() as unknown as DeviceConfigurationDeviceStatus, {
      clientRequestId,
    });
    const facts = text("dl", "");
    for (const [term, value] of [
      ["Created status", stored.id ?? "(no id)"],
      ["request-id", requestIdOf(clientRequestId) ?? "(not exposed by Graph)"],
      ["client-request-id", clientRequestId],
    ]) {
      facts.append(text("dt", term), text("dd", value));
    }
    body.replaceChildren(facts, text("pre", JSON.stringify(stored, null, 2)));
    body.querySelector("pre")!.setAttribute("aria-label", "The status Graph stored");
    inputs.get("id")!.value = crypto.randomUUID();
    await refresh();
  } catch (error) {
    showError(body, error);
  } finally {
    busy = false;
    check();
  }
}

async function remove(id: string, button: HTMLButtonElement) {
  button.disabled = true;
  const state = $("list-state");
  try {
    await client.delete(configurationId(), id);
    state.textContent = `Deleted status ${id}.`;
    await refresh(false);
  } catch (error) {
    button.disabled = false;
    showError(state, error);
  }
}

async function refresh(announce = true) {
  const state = $("list-state");
  if (!configurationId()) {
    showStatuses([]);
    drawChart($("chart-bars"), $("chart-table"), countByStatus([]));
    state.textContent = "Enter a configuration id to see its statuses.";
    return;
  }
  if (announce) state.textContent = "Loading statuses…";
  try {
    const statuses = await client.list(configurationId());
    showStatuses(statuses);
    drawChart($("chart-bars"), $("chart-table"), countByStatus(statuses));
    if (announce) state.textContent = "";
  } catch (error) {
    showError(state, error);
  }
}

// ---------------------------------------------------------------------------
// Start: emulator mode, or Microsoft Graph with MSAL.js

async function signedInToken(target: Entra): Promise<{ token: TokenOption; signedIn: boolean }> {
  const { PublicClientApplication } = await import("@azure/msal-browser");
  const msal = new PublicClientApplication({
    auth: {
      clientId: target.clientId,
      authority: target.authority,
      knownAuthorities: [new URL(target.authority).host],
      redirectUri: location.origin + location.pathname,
    },
    cache: { cacheLocation: "sessionStorage" },
  });
  await msal.initialize();
  const redirected = await msal.handleRedirectPromise();
  if (redirected?.account) msal.setActiveAccount(redirected.account);
  const account = msal.getActiveAccount() ?? msal.getAllAccounts()[0] ?? null;
  if (account) msal.setActiveAccount(account);
  $("account").hidden = false;
  $("account-name").textContent = account ? `Signed in as ${account.username}` : "Not signed in";
  const signIn = $<HTMLButtonElement>("sign-in");
  const signOut = $<HTMLButtonElement>("sign-out");
  signIn.hidden = account !== null;
  signOut.hidden = account === null;
  signIn.addEventListener("click", () => msal.loginRedirect({ scopes: [graphScope(target.cloud)] }));
  signOut.addEventListener("click", () => msal.logoutRedirect());
  return { token: msalToken(msal, target.cloud), signedIn: account !== null };
}

// The client's own wording, with days people read ("deprecated since 2026-05-01").
function showWarning({ message }: DeprecationWarning) {
  const warning = $("warning");
  warning.hidden = false;
  warning.textContent = message;
}

const SETUP_KEY = "intune-device-status:setup";

async function start() {
  watchRequestIds();
  buildForm();
  const mode = $("mode");
  // Sign-in returns to the page's path without its query: keep the query for
  // that return, in this tab only.
  const returning = /[#&?](code|error)=/.test(location.hash + location.search);
  if (location.search) sessionStorage.setItem(SETUP_KEY, location.search);
  const search = location.search || (returning ? (sessionStorage.getItem(SETUP_KEY) ?? "") : "");
  let setup;
  try {
    setup = readSetup(search, location.origin);
  } catch (error) {
    mode.textContent = (error as Error).message;
    mode.className = "mode problem";
    return;
  }
  const { target } = setup;
  let signedIn = true;
  if (target.mode === "emulator") {
    mode.textContent = `Emulator mode: statuses go to the local Graph emulator at ${target.baseUrl}, not to Microsoft Graph.`;
    mode.className = "mode emulator";
    client = new DeviceStatusClient({ token: "emulator-token", baseUrl: target.baseUrl, onWarning: showWarning });
    $<HTMLInputElement>("configuration").value = setup.configurationId || "11111111-2222-4333-8444-555555555555";
  } else {
    mode.textContent = `Microsoft Graph (${target.cloud}${target.baseUrl ? `, at ${target.baseUrl}` : ""}).`;
    mode.className = "mode graph";
    const session = await signedInToken(target);
    signedIn = session.signedIn;
    client = new DeviceStatusClient({ token: session.token, cloud: target.cloud, baseUrl: target.baseUrl, onWarning: showWarning });
    $<HTMLInputElement>("configuration").value = setup.configurationId;
  }
  $<HTMLFormElement>("status-form").addEventListener("submit", create);
  $("refresh").addEventListener("click", () => refresh());
  $("configuration").addEventListener("change", () => {
    configurationChanged();
    void refresh();
  });
  setUpList(remove);
  setUpFleet({
    client: () => client,
    configurationId,
    refresh: () => refresh(false),
    writeWindowMs: setup.writeWindowMs,
  });
  check();
  if (signedIn) {
    await refresh();
  } else {
    // Listing now would send the admin away to sign in before they asked to.
    $("list-state").textContent = "Sign in to list and report statuses.";
  }
  document.body.dataset.ready = "true";
}

start().catch((error) => {
  const mode = $("mode");
  mode.textContent = `The page could not start: ${explain(error).detail}`;
  mode.className = "mode problem";
});
