// An admin portal's code, built by Vite: the package imported by name.
import { DeviceStatusClient, complianceStatuses } from "intune-device-status";
import { report, reportMany } from "../browser/report.js";

const baseUrl = new URLSearchParams(location.search).get("graph");
const client = new DeviceStatusClient({ token: "vite-token", baseUrl, onWarning() {} });
report(client, "vite app").then((text) => {
  document.getElementById("result").textContent = `${text} (${complianceStatuses().length} statuses)`;
});
reportMany(client, "vite app").then((text) => (document.getElementById("many").textContent = text));
