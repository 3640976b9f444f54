// A CommonJS TypeScript consumer (`.cts`): under `nodenext` its imports compile to
// `require`, which resolves the `require` condition and so the package's `.d.cts`.
import { DeviceStatusClient, GraphError, validateDeviceStatus, type ValidationReport } from "intune-device-status";
import graph = require("intune-device-status");

const client = new DeviceStatusClient({ token: "t", baseUrl: "http://127.0.0.1:8080" });
const report: ValidationReport = validateDeviceStatus({ status: "compliant" });
export async function send(): Promise<string> {
  try {
    const created = await client.create("cfg", { status: "compliant", lastReportedDateTime: "2024-05-01T00:00:00Z", complianceGracePeriodExpirationDateTime: "2024-06-01T00:00:00Z" });
    return created.id ?? "";
  } catch (error) {
    if (error instanceof graph.GraphError && error.kind === "validation") return `${report.valid}`;
    // @ts-expect-error kinds are a closed union
    if (error instanceof GraphError && error.kind === "nope") return "";
    throw error;
  }
}
