// A dedicated module worker (no window): the same package, the same create.
import { DeviceStatusClient } from "/pkg/index.js";
import { report } from "/tests/browser/report.js";

const baseUrl = new URL(self.location.href).searchParams.get("graph");
const client = new DeviceStatusClient({ token: "worker-token", baseUrl, onWarning() {} });
self.postMessage(await report(client, "worker"));
