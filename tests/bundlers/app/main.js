// A portal's code as each bundler builds it with no configuration: the package
// imported by name, a status created and a fleet of three sent with createMany
// (its driver comes as whatever the bundler makes of a dynamic import).
import { DeviceStatusClient, complianceStatuses } from "intune-device-status";
import { report, reportMany } from "./report.js";

const query = new URLSearchParams(location.search);
const baseUrl = query.get("graph");
const where = query.get("bundler");
const client = new DeviceStatusClient({ token: "portal-token", baseUrl, onWarning() {} });
report(client, where).then((text) => {
  document.getElementById("result").textContent = `${text} (${complianceStatuses().length} statuses)`;
});
reportMany(client, where).then((text) => (document.getElementById("many").textContent = text));
