// What each browser context does: create a status and say what came back.
export async function report(client, where) {
  try {
    const created = await client.create("cfg-browser", {
      deviceDisplayName: `from the ${where}`,
      status: "compliant",
      lastReportedDateTime: "2024-05-01T12:30:00.1234567-07:00",
      complianceGracePeriodExpirationDateTime: "2024-06-01T00:00:00Z",
    });
    return `created ${created.id} ${created.deviceDisplayName} ${created.lastReportedDateTime}`;
  } catch (error) {
    return `failed ${error.kind}: ${error.message}`;
  }
}
