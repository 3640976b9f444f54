// Where the page sends statuses, from its query string:
//
//   (nothing)                              emulator mode: this origin's emulator
//                                          (`make www`), a fake token
//   ?graph=http://127.0.0.1:8080           emulator mode, another emulator
//   ?clientId=…&tenant=…[&cloud=…]         Microsoft Graph, signed in with MSAL.js
//   [&authority=https://…] [&graph=…]      (for a local identity provider and Graph
//                                          stand-in, as the tests use)
//   [&configurationId=…]                   the configuration shown first
//   [&writeWindowMs=1000]                  (emulator mode) the write window of an
//                                          emulator run with --time-scale

import type { DeviceStatusClientOptions, MsalTokenOptions } from "intune-device-status";

export type Cloud = NonNullable<DeviceStatusClientOptions["cloud"]>;

/** Each national cloud's sign-in host (../shared/reference: clouds). */
const LOGIN: Record<Cloud, string> = {
  global: "https://login.microsoftonline.com",
  usGovL4: "https://login.microsoftonline.us",
  usGovL5Dod: "https://login.microsoftonline.us",
  china: "https://login.chinacloudapi.cn",
};

export interface Emulator {
  mode: "emulator";
  baseUrl: string;
}

export interface Entra {
  mode: "entra";
  clientId: string;
  authority: string;
  cloud: Cloud;
  /** Replaces the cloud's Graph root (a stand-in); absent for real Graph. */
  baseUrl?: string;
}

export interface Setup {
  target: Emulator | Entra;
  configurationId: string;
  /** Intune's write window for createMany's pacing; only an emulator with a faster clock has another. */
  writeWindowMs?: number;
}

const isCloud = (name: string): name is Cloud => name in LOGIN;

/** Reads the query string; throws an Error with a plain message for a bad one. */
export function readSetup(search: string, origin: string): Setup {
  const query = new URLSearchParams(search);
  const clientId = query.get("clientId");
  const tenant = query.get("tenant");
  const cloud = query.get("cloud") ?? "global";
  const graph = query.get("graph") ?? undefined;
  const configurationId = query.get("configurationId") ?? "";
  if (!clientId && !tenant) {
    const window = query.get("writeWindowMs");
    const writeWindowMs = window === null ? undefined : Number(window);
    if (writeWindowMs !== undefined && !(Number.isInteger(writeWindowMs) && writeWindowMs > 0)) {
      throw new Error(`writeWindowMs must be a whole number of milliseconds, not "${window}".`);
    }
    return { target: { mode: "emulator", baseUrl: graph ?? origin }, configurationId, writeWindowMs };
  }
  if (!clientId || !tenant) {
    throw new Error("Sign-in needs both clientId and tenant in the address (or neither, for the emulator).");
  }
  if (!isCloud(cloud)) {
    throw new Error(`Unknown cloud "${cloud}": use global, usGovL4, usGovL5Dod or china.`);
  }
  const authority = query.get("authority") ?? `${LOGIN[cloud]}/${encodeURIComponent(tenant)}`;
  return { target: { mode: "entra", clientId, authority, cloud, baseUrl: graph }, configurationId };
}

/** Graph's root in each cloud, for the permission's scope. */
const GRAPH: Record<Cloud, string> = {
  global: "https://graph.microsoft.com",
  usGovL4: "https://graph.microsoft.us",
  usGovL5Dod: "https://dod-graph.microsoft.us",
  china: "https://microsoftgraph.chinacloudapi.cn",
};

/** The one permission the page asks for (it reads and writes), as a scope. */
export function graphScope(cloud: Cloud): string {
  return `${GRAPH[cloud]}/DeviceManagementConfiguration.ReadWrite.All`;
}

/**
 * The package's MSAL token option for a PublicClientApplication: one scope for
 * every call (ReadWrite also reads), so the admin consents and signs in once.
 */
export function msalToken(msal: MsalTokenOptions["msal"], cloud: Cloud): MsalTokenOptions {
  return { msal, scopes: [graphScope(cloud)], interaction: "redirect" };
}
