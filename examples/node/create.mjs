// Creates Graph's example device status, prints Graph's 201 answer, then lists the
// configuration's statuses as a table.
//
//   make demo                        against the built-in emulator (no tenant needed)
//   GRAPH_TOKEN=… DEVICE_CONFIGURATION_ID=… [GRAPH_CLOUD=usGovL4] node examples/node/create.mjs
//                                    against real Microsoft Graph
import { DeviceStatusClient, GraphError } from "intune-device-status";

const real = process.env.GRAPH_TOKEN && process.env.DEVICE_CONFIGURATION_ID;
const client = new DeviceStatusClient(
  real
    ? { token: process.env.GRAPH_TOKEN, cloud: process.env.GRAPH_CLOUD ?? "global" }
    : { token: "emulator-accepts-any-token", baseUrl: process.env.GRAPH_BASE_URL ?? "http://127.0.0.1:8080" },
);
const configurationId = process.env.DEVICE_CONFIGURATION_ID ?? "00000000-0000-0000-0000-000000000001";

try {
  const created = await client.create(configurationId, {
    "@odata.type": "#microsoft.graph.deviceConfigurationDeviceStatus",
    deviceDisplayName: "Device Display Name value",
    userName: "User Name value",
    deviceModel: "Device Model value",
    complianceGracePeriodExpirationDateTime: "2016-12-31T23:56:44.951111-08:00",
    status: "notApplicable",
    lastReportedDateTime: "2017-01-01T00:00:17.7769392-08:00",
    userPrincipalName: "User Principal Name value",
  });
  console.log(`201 Created (${real ? "Microsoft Graph" : "emulator"}):`);
  console.log(JSON.stringify(created, null, 2));

  const statuses = await client.list(configurationId);
  console.log(`\n${statuses.length} status(es) of configuration ${configurationId}:`);
  console.table(
    statuses.map(({ id, deviceDisplayName, status, lastReportedDateTime }) => ({
      id,
      deviceDisplayName,
      status,
      lastReportedDateTime,
    })),
  );
} catch (error) {
  if (!(error instanceof GraphError)) throw error;
  console.error(`${error.name} (${error.kind}, ${error.code}): ${error.message}`);
  if (error.requestId) console.error(`request-id for support: ${error.requestId}`);
  process.exitCode = 1;
}
