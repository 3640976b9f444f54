const status = (deviceDisplayName) => ({
  deviceDisplayName,
  status: "compliant",
  lastReportedDateTime: "2024-05-01T12:30:00.1234567-07:00",
  complianceGracePeriodExpirationDateTime: "2024-06-01T00:00:00Z",
});

// What each browser context does: create a status and say what came back.
export async function report(client, where) {
  try {
    const created = await client.create("cfg-browser", status(`from the ${where}`));
    return `created ${created.id} ${created.deviceDisplayName} ${created.lastReportedDateTime}`;
  } catch (error) {
    return `failed ${error.kind}: ${error.message}`;
  }
}

// createMany from a page: its driver (bulk.js) is loaded on this first call.
export async function reportMany(client, where) {
  const fleet = [1, 2, 3].map((n) => status(`${where} fleet ${n}`));
  fleet[1].status = "Compliant";
  try {
    const results = await client.createMany("cfg-browser-fleet", fleet);
    return results.map((r) => `${r.index} ${r.outcome}`).join(", ");
  } catch (error) {
    return `failed ${error.kind}: ${error.message}`;
  }
}
