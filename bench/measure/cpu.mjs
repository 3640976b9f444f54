// Client CPU per create in Node: process.cpuUsage() (user + system) over
// sequential creates on keep-alive connections, the emulator in its own process.
import * as graph from "@microsoft/microsoft-graph-client";
import { DeviceStatusClient } from "intune-device-status";

import { officialClient } from "../official.mjs";
import { median } from "./stats.mjs";

const PATH = "/v1.0/deviceManagement/deviceConfigurations/bench-cpu/deviceStatuses";

export const status = {
  deviceDisplayName: "PC-0142",
  userName: "Adele Vance",
  deviceModel: "Surface Laptop 6",
  status: "nonCompliant",
  lastReportedDateTime: "2026-11-28T09:00:00.1234567+01:00",
  complianceGracePeriodExpirationDateTime: "2026-12-31T00:00:00Z",
  userPrincipalName: "adele@contoso.example",
};

// One create per call, each client as its users write it.
function creators(url) {
  const ours = new DeviceStatusClient({ token: "bench-ours", baseUrl: url, onWarning() {} });
  const official = officialClient(graph, `${url}/`, "bench-official");
  return {
    ours: () => ours.create("bench-cpu", status),
    official: () => official.api("/deviceManagement/deviceConfigurations/bench-cpu/deviceStatuses").post(status),
    fetch: async () => {
      const response = await fetch(`${url}${PATH}`, {
        method: "POST",
        headers: { Authorization: "Bearer bench-fetch", "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(status),
      });
      if (response.status !== 201) throw new Error(`plain fetch: ${response.status}`);
      return response.json();
    },
  };
}

async function microsPerCreate(create, count) {
  for (let i = 0; i < 50; i++) await create(); // warm: connections, JIT
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await create();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

// Median of `rounds` rounds, the clients interleaved within each round.
export async function cpuPerCreate(url, { count = 5000, rounds = 3 } = {}) {
  const create = creators(url);
  const samples = { ours: [], official: [], fetch: [] };
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(samples)) samples[name].push(await microsPerCreate(create[name], count));
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}
