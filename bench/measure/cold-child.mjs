// One cold start, in a fresh process: milliseconds from before the import to a
// client ready to send (its options checked, its token source in place).
// Usage: node cold-child.mjs ours|official|fetch
const started = performance.now();
const which = process.argv[2];
if (which === "ours") {
  const { DeviceStatusClient } = await import("intune-device-status");
  new DeviceStatusClient({ token: "cold-start", baseUrl: "http://127.0.0.1:1", onWarning() {} });
} else if (which === "official") {
  const graph = await import("@microsoft/microsoft-graph-client");
  const { officialClient } = await import("../official.mjs");
  officialClient(graph, "http://127.0.0.1:1/", "cold-start");
} else if (which === "fetch") {
  // Plain fetch is built in: nothing to load.
  JSON.stringify({ Authorization: "Bearer cold-start" });
} else {
  throw new Error(`unknown client ${which}`);
}
process.stdout.write(String(performance.now() - started));
