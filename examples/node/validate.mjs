// Validates Graph's own example body, then a broken one, and prints what a user sees.
// (Until the emulator lands, this is what `make demo` runs.)
import { validateDeviceStatus, parseDeviceStatus, GraphError } from "intune-device-status";

const example = {
  "@odata.type": "#microsoft.graph.deviceConfigurationDeviceStatus",
  deviceDisplayName: "Device Display Name value",
  userName: "User Name value",
  deviceModel: "Device Model value",
  complianceGracePeriodExpirationDateTime: "2016-12-31T23:56:44.951111-08:00",
  status: "notApplicable",
  lastReportedDateTime: "2017-01-01T00:00:17.7769392-08:00",
  userPrincipalName: "User Principal Name value",
};

console.log("Graph's example body:", JSON.stringify(validateDeviceStatus(example)));
console.log("parsed:", parseDeviceStatus(example));

const broken = {
  ...example,
  status: "Compliant",
  lastReportedDateTime: "2023-02-29T10:00:00Z",
  deviceDisplayname: "typo",
};
try {
  parseDeviceStatus(broken);
} catch (error) {
  if (!(error instanceof GraphError)) throw error;
  console.log(`\n${error.name} (${error.kind}): ${error.message}`);
  for (const issue of validateDeviceStatus(broken).errors.concat(validateDeviceStatus(broken).warnings)) {
    console.log(`  ${issue.path.padEnd(22)} ${issue.code.padEnd(16)} ${issue.message}`);
  }
}
