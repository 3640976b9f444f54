// Loads the client the URL names and exposes `benchCreate(n)`: n sequential
// creates, as each client's users write them. The bench reads the CPU time
// around it from Chromium's performance metrics, and how long loading took from
// `benchImportMs`.
const PATH = "/deviceManagement/deviceConfigurations/bench-browser/deviceStatuses";
const status = {
  deviceDisplayName: "PC-0142",
  userName: "Adele Vance",
  deviceModel: "Surface Laptop 6",
  status: "nonCompliant",
  lastReportedDateTime: "2026-11-28T09:00:00.1234567+01:00",
  complianceGracePeriodExpirationDateTime: "2026-12-31T00:00:00Z",
  userPrincipalName: "adele@contoso.example",
};

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

async function creator(name) {
  if (name === "ours") {
    const { DeviceStatusClient } = await import("./pkg/index.js");
    const client = new DeviceStatusClient({ token: "bench-ours", baseUrl: location.origin, onWarning() {} });
    return () => client.create("bench-browser", status);
  }
  if (name === "official") {
    await loadScript("./graph-js-sdk.js");
    const { officialClient } = await import("./official.mjs");
    const client = officialClient(globalThis.MicrosoftGraph, `${location.origin}/`, "bench-official");
    return () => client.api(PATH).post(status);
  }
  return async () => {
    const response = await fetch(`/v1.0${PATH}`, {
      method: "POST",
      headers: { Authorization: "Bearer bench-fetch", "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(status),
    });
    if (response.status !== 201) throw new Error(`plain fetch: ${response.status}`);
    return response.json();
  };
}

// Cold start: from the import to a client ready to send (the bench opens each
// sample in a fresh browser context, so nothing is cached).
const started = performance.now();
const create = await creator(new URLSearchParams(location.search).get("client"));
globalThis.benchImportMs = performance.now() - started;
globalThis.benchCreate = async (n) => {
  for (let i = 0; i < n; i++) await create();
};
globalThis.benchReady = true;
