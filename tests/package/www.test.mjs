// The admin page (www/) in headless Chromium against the emulator serving it on
// one origin, as `make www` does: an admin types, sees a field error, fixes it,
// reports the status, sees it listed and deletes it; an admin reports a fleet
// from a CSV. Screenshots are kept in target/ (www.png, www-import.png,
// www-progress.png, www-chart.png).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { DeviceStatusClient } from "intune-device-status";
import { launchChromium, root, startEmulator } from "./harness.mjs";

let emulator;
let site;
let browser;

before(async () => {
  execFileSync(`${root}node_modules/.bin/vite`, ["build"], { cwd: `${root}www` });
  emulator = await startEmulator(["--site", `${root}target/www`]);
  site = emulator.url;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  emulator?.stop();
});

test("an admin reports a status from the page and deletes it", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(`${site}/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 }).catch((error) => {
    throw new Error(`the page did not start: ${problems.join(" | ")}`, { cause: error });
  });
  assert.match(await page.textContent("#mode"), /Emulator mode/);

  // Every field is reachable by its label; submit waits for a valid status.
  const submit = page.getByRole("button", { name: "Report status" });
  assert.equal(await submit.isDisabled(), true);
  await page.getByLabel("Device name").fill("PC-0042");
  await page.getByLabel("User name").fill("Ada Lovelace");
  await page.getByLabel("User principal name").fill("ada@contoso.com");
  await page.getByLabel("Device model").fill("Surface Laptop 5");
  await page.getByLabel("Compliance status").selectOption("nonCompliant");
  await page.getByLabel("Grace period ends", { exact: true }).fill("2024-06-01T00:00:00Z");

  // An impossible date is marked on its field, in words, and blocks the submit.
  const reported = page.getByLabel("Last reported", { exact: true });
  await reported.fill("2024-02-30T12:30:00+02:00");
  await reported.blur();
  const error = page.locator("#field-lastReportedDateTime-error");
  assert.match(await error.textContent(), /February|day|30/);
  assert.equal(await reported.getAttribute("aria-invalid"), "true");
  assert.equal(await submit.isDisabled(), true);
  assert.match(await page.textContent("#form-summary"), /need attention/);

  // Fixed, the error goes and the status can be sent, exactly as typed.
  await reported.fill("2024-02-29T12:30:00+02:00");
  assert.equal(await error.textContent(), "");
  assert.equal(await reported.getAttribute("aria-invalid"), "false");
  const id = await page.getByLabel("Status id").inputValue();
  // By keyboard: from the last field, Tab reaches the button, Enter sends.
  await page.getByLabel("Status id").focus();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "submit");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#result pre", { timeout: 10_000 }).catch(async (error) => {
    throw new Error(`no result: ${await page.textContent("#result")}`, { cause: error });
  });
  const stored = JSON.parse(await page.textContent("#result pre"));
  assert.equal(stored.id, id);
  assert.equal(stored.lastReportedDateTime, "2024-02-29T12:30:00+02:00");
  assert.match(await page.textContent("#result"), /request-id[0-9a-f-]{36}client-request-id[0-9a-f-]{36}/);
  // The emulator sends Graph's Deprecation (@1777593600) and Sunset (an HTTP date)
  // headers: both shown as days.
  assert.equal(
    await page.textContent("#warning"),
    "Microsoft Graph marks deviceConfigurationDeviceStatus as deprecated since 2026-05-01, " +
      "and it stops working on 2026-05-01.",
  );

  // Listed, then deleted from its row.
  const row = page.locator("#statuses tbody tr", { hasText: id });
  await row.waitFor();
  assert.match(await row.textContent(), /PC-0042.*ada@contoso\.com.*nonCompliant/);
  await page.screenshot({ path: `${root}target/www.png`, fullPage: true });
  await row.getByRole("button", { name: new RegExp(`Delete status ${id}`) }).click();
  await row.waitFor({ state: "detached" });
  assert.match(await page.textContent("#list-state"), new RegExp(`Deleted status ${id}`));
  assert.deepEqual(problems, []);
});

test("refusals are explained in plain words, with the ids support asks for", async () => {
  // An emulator that wants another token: Graph's 401, after one fresh token.
  const strict = await startEmulator(["--token", "other"]);
  try {
    const graph = strict.url;
    const page = await browser.newPage();
    await page.goto(`${site}/?graph=${encodeURIComponent(graph)}`);
    await page.waitForSelector("body[data-ready=true]");
    const said = await page.textContent("#list-state");
    assert.match(said, /Sign-in is needed/);
    assert.match(said, /request-id: \S+/);
    assert.match(said, /client-request-id: [0-9a-f-]{36}/);

    // An id that could reach another path never leaves the page.
    await page.goto(`${site}/?configurationId=${encodeURIComponent("a/b")}`);
    await page.waitForSelector("body[data-ready=true]");
    assert.match(await page.textContent("#list-state"), /configurationId: an id cannot contain/);
  } finally {
    strict.stop();
  }
});

// What axe-core (Deque's accessibility engine) finds against WCAG 2.1 A and AA
// in the page as it is now: each rule broken, with the elements that break it.
async function accessibility(page) {
  await page.addScriptTag({ path: `${root}node_modules/axe-core/axe.min.js` });
  const { violations } = await page.evaluate(() =>
    globalThis.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }),
  );
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

// Waits for the outcome summary to read `pattern`.
const outcomeIs = (page, pattern, timeout = 60_000) =>
  page.waitForFunction((source) => new RegExp(source).test(document.querySelector("#outcome-summary").textContent), pattern.source, { timeout });

// The page served by an emulator of its own (started with `args` besides
// `--site`), opened at `query`: `work(page, held)` runs on it, `held(id)` being
// what that Graph holds for a configuration, read with the package in Node. The
// page must have thrown nothing; the page and the emulator end either way.
async function onOwnEmulator(args, query, work) {
  const graph = await startEmulator(["--site", `${root}target/www`, ...args]);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  try {
    await page.goto(`${graph.url}/${query}`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 });
    const client = new DeviceStatusClient({ token: "check", baseUrl: graph.url, onWarning() {} });
    await work(page, (configurationId) => client.list(configurationId));
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
    graph.stop();
  }
}

// A fleet as an admin's spreadsheet has it: 500 devices, three rows with a
// mistake each (line numbers count the header as line 1).
const FLEET = 500;
function fleetCsv() {
  const lines = ["deviceDisplayName,userPrincipalName,status,lastReportedDateTime,complianceGracePeriodExpirationDateTime"];
  for (let i = 0; i < FLEET; i++) {
    const status = ["compliant", "nonCompliant", "compliant", "error", "conflict"][i % 5];
    const device = `PC-${String(i).padStart(4, "0")}`;
    lines.push(`${device},user${i}@contoso.com,${status},2026-11-28T09:00:00+01:00,2026-12-28T09:00:00Z`);
  }
  // Row 12: a status in the wrong case; row 202: 30 February; row 335: a date as people say it.
  lines[11] = lines[11].replace(/,(compliant|nonCompliant|error|conflict),/, ",Compliant,");
  lines[201] = lines[201].replace("2026-11-28T09:00:00+01:00", "2026-02-30T09:00:00+01:00");
  lines[334] = lines[334].replace("2026-11-28T09:00:00+01:00", "yesterday");
  return `${lines.join("\r\n")}\r\n`;
}

test("an admin reports a 500-row fleet from a CSV: fixed, throttled, cancelled, resumed, every row stored once", async () => {
  // Intune's window runs 20 times faster (1 s), and this app's share of it is 40
  // writes: the page paces at Intune's 100, so Graph throttles it (429s with
  // Retry-After), as when other apps of the tenant write too.
  await onOwnEmulator(["--time-scale", "20", "--write-limit", "40"], "?writeWindowMs=1000&configurationId=cfg-fleet", async (page, held) => {
    await page.getByLabel("Choose a CSV file").setInputFiles({
      name: "fleet.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(fleetCsv()),
    });
    await page.waitForSelector("#sheet:not([hidden])");

    // Every row is checked before anything is sent; each problem names its row and field.
    assert.match(await page.textContent("#sheet-state"), /fleet\.csv: 500 rows read/);
    assert.match(await page.textContent("#sheet-summary"), /500 rows to report; 3 rows with problems/);
    const problem = (line, field) => page.locator("#problems tbody tr", { hasText: new RegExp(`^${line}${field}`) });
    assert.match(await problem(12, "status").textContent(), /did you mean "compliant"/);
    assert.match(await problem(202, "lastReportedDateTime").textContent(), /February|day/);
    assert.match(await problem(335, "lastReportedDateTime").textContent(), /yesterday/);
    const send = page.locator("#send-fleet");
    assert.equal(await send.isDisabled(), true);
    assert.match(await page.textContent("#send-blocked"), /Fix or drop the rows with problems/);
    await page.screenshot({ path: `${root}target/www-import.png`, fullPage: true });
    assert.deepEqual(await accessibility(page), [], "the import, its problems and their inputs");

    // Two are fixed in place, one is dropped.
    await page.getByLabel("Row 12, status").fill("compliant");
    assert.match(await problem(12, "status").textContent(), /Fixed/);
    await page.getByLabel("Row 202, lastReportedDateTime").fill("2026-02-28T09:00:00+01:00");
    await page.getByRole("button", { name: "Drop row 335" }).click();
    assert.match(await page.textContent("#sheet-summary"), /499 rows to report; no problems; 1 dropped/);
    assert.equal(await send.textContent(), "Send 499 statuses");

    // Sent: the bar moves, Graph's throttling is shown as it happens, and the
    // admin cancels halfway.
    await send.click();
    await page.waitForFunction(() => /Graph is throttling this app: sending resumes in \d+ s/.test(document.querySelector("#run-wait").textContent), null, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector("#run-progress").value >= 200, null, { timeout: 60_000 });
    await page.screenshot({ path: `${root}target/www-progress.png`, fullPage: true });
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.waitForSelector("#outcome:not([hidden])", { timeout: 30_000 });
    const after = await page.textContent("#outcome-summary");
    const [, stored, notStored, unknown] = after.match(/(\d+) rows? stored, (\d+) not stored, (\d+) unknown/).map(Number);
    assert.ok(stored >= 200 && stored < 499, after);
    assert.equal(stored + notStored + unknown, 499, after);
    assert.match(await page.textContent("#run-counts"), /waited for Graph's throttling \d+ times?/);
    // Each row says what became of it; the cancelled ones were never sent.
    assert.equal(await page.locator('#results tr[data-fate="stored"]').count(), stored);
    assert.match(await page.locator('#results tr[data-fate="notStored"]').first().textContent(), /Not sent: the run was cancelled/);

    // Resumed: only the rows not stored are sent again, by their ids.
    if (unknown > 0) {
      await page.getByRole("button", { name: /Look up the \d+ rows? whose outcome is unknown/ }).click();
      await outcomeIs(page, / 0 unknown/);
    }
    await page.getByRole("button", { name: /^Resend the \d+ rows? not stored$/ }).click();
    await outcomeIs(page, /^499 rows stored, 0 not stored, 0 unknown\.$/);

    // Graph holds every kept row exactly once, as fixed, and not the dropped one.
    const statuses = await held("cfg-fleet");
    const names = statuses.map((s) => s.deviceDisplayName);
    assert.equal(statuses.length, 499);
    assert.equal(new Set(names).size, 499, "no status stored twice");
    assert.ok(!names.includes("PC-0333"), "the dropped row was never sent");
    assert.equal(statuses.find((s) => s.deviceDisplayName === "PC-0010").status, "compliant");
    assert.equal(statuses.find((s) => s.deviceDisplayName === "PC-0200").lastReportedDateTime, "2026-02-28T09:00:00+01:00");

    // The results download: a row per row of the file.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByText("Download the results (CSV)").click()]);
    const results = readFileSync(await download.path(), "utf8").trim().split("\r\n");
    assert.equal(results[0], "row,id,deviceDisplayName,result,detail,request-id,client-request-id");
    assert.equal(results.length, 1 + FLEET);
    assert.equal(results.filter((line) => /,stored,/.test(line)).length, 499);
    assert.match(results[334], /^335,[0-9a-f-]{36},PC-0333,dropped,/);

    // The chart and its table count what Graph holds; the list sorts and filters.
    const expected = { compliant: 0, nonCompliant: 0, error: 0, conflict: 0 };
    for (const status of statuses) expected[status.status]++;
    const table = await page.locator("#chart-table tbody tr").allTextContents();
    for (const [status, count] of Object.entries(expected)) {
      assert.ok(table.some((row) => row.startsWith(`${status}${count}`)), `${status}: ${count} in ${table.join(" | ")}`);
    }
    assert.equal(await page.textContent("#chart-table tfoot td"), "499");
    await page.locator("#chart-heading").scrollIntoViewIfNeeded();
    await page.locator("section", { has: page.locator("#chart-heading") }).screenshot({ path: `${root}target/www-chart.png` });
    await page.getByLabel("Show").selectOption("error");
    assert.equal(await page.textContent("#list-count"), `Showing ${expected.error} of 499 status(es).`);
    await page.getByLabel("Show").selectOption("");
    await page.getByRole("button", { name: "Device" }).click();
    await page.getByRole("button", { name: "Device" }).click();
    assert.equal(await page.getAttribute('th[data-sort="deviceDisplayName"]', "aria-sort"), "descending");
    assert.match(await page.locator("#statuses tbody tr").first().textContent(), /^PC-0499/);
    assert.deepEqual(await accessibility(page), [], "the outcome, the chart and the list");
  });
});

test("Intune's device export dropped on the page: its columns read, the grace period given once for every row", async () => {
  await onOwnEmulator([], "?configurationId=cfg-export", async (page, held) => {
    const exported = [
      "Device name,Primary user UPN,Primary user display name,Model,Compliance,Last check-in,OS,Serial number",
      "PC-A,ada@contoso.com,Ada Lovelace,Surface Laptop 5,Compliant,2026-11-28 09:00:00.0000000,Windows,S1",
      'PC-B,"grace@contoso.com","Hopper, Grace",Surface Pro 9,Noncompliant,2026-11-28 10:30:00,Windows,S2',
      "PC-C,,,,In grace period,2026-11-27 08:00:00,macOS,S3",
    ].join("\r\n");
    // Dropped, as from the file manager.
    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], "DevicesWithInventory.csv", { type: "text/csv" }));
      document.getElementById("drop").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, exported);
    await page.waitForSelector("#sheet:not([hidden])");
    const columns = await page.textContent("#sheet-columns");
    assert.match(columns, /"Device name" as deviceDisplayName \(Intune's export\)/);
    assert.match(columns, /"Last check-in" as lastReportedDateTime \(Intune's export\)/);
    assert.match(columns, /Not read \(not status properties\): "OS", "Serial number"/);
    assert.match(columns, /3 rows had no id and got a fresh one/);
    // The export has no grace period: one value for every row, asked once.
    assert.match(await page.textContent("#send-blocked"), /Give a value for every row: complianceGracePeriodExpirationDateTime/);
    assert.equal(await page.locator("#problems tbody tr").count(), 0);
    await page.getByLabel("complianceGracePeriodExpirationDateTime").fill("2026-12-31T00:00:00Z");
    await page.getByRole("button", { name: "Send 3 statuses" }).click();
    await outcomeIs(page, /^3 rows stored, 0 not stored, 0 unknown\.$/);

    const byName = Object.fromEntries((await held("cfg-export")).map((s) => [s.deviceDisplayName, s]));
    assert.deepEqual(
      ["PC-A", "PC-B", "PC-C"].map((name) => [byName[name].status, byName[name].lastReportedDateTime, byName[name].complianceGracePeriodExpirationDateTime]),
      [
        ["compliant", "2026-11-28T09:00:00.0000000Z", "2026-12-31T00:00:00Z"],
        ["nonCompliant", "2026-11-28T10:30:00Z", "2026-12-31T00:00:00Z"],
        ["nonCompliant", "2026-11-27T08:00:00Z", "2026-12-31T00:00:00Z"],
      ],
    );
    assert.equal(byName["PC-B"].userName, "Hopper, Grace");
  });
});

test("the network drops mid-run: stored rows whose answers were lost are looked up, never resent blindly, and nothing is lost", async () => {
  await onOwnEmulator(["--time-scale", "20"], "?writeWindowMs=1000&configurationId=cfg-outage", async (page, held) => {
    const lines = ["deviceDisplayName,status,lastReportedDateTime,complianceGracePeriodExpirationDateTime"];
    for (let i = 0; i < 200; i++) lines.push(`NET-${String(i).padStart(3, "0")},compliant,2026-11-28T09:00:00Z,2026-12-28T09:00:00Z`);
    await page.getByLabel("Choose a CSV file").setInputFiles({ name: "net.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) });
    await page.waitForSelector("#sheet:not([hidden])");

    // Two batches get through; then the network drops. Graph still receives and
    // stores the next batches, but their answers never come back; nothing else
    // (the lookups by id) gets through at all.
    let batches = 0;
    let down = false;
    const lost = [];
    await page.route(/\/v1\.0\//, async (route) => {
      const request = route.request();
      if (request.method() === "POST" && request.url().endsWith("/$batch") && ++batches > 2) down = true;
      if (!down) return route.continue();
      if (request.method() === "POST") {
        // A batch: its creates are stored (or its lookups read), the answer is lost.
        const answer = await route.fetch();
        const inner = JSON.parse(request.postData()).requests;
        lost.push({ status: answer.status(), creates: inner.filter((r) => r.method === "POST").length });
        return route.abort("connectionreset");
      }
      return route.abort("internetdisconnected");
    });
    await page.getByRole("button", { name: "Send 200 statuses" }).click();
    await page.waitForSelector("#outcome:not([hidden])", { timeout: 60_000 });
    const after = await page.textContent("#outcome-summary");
    const [, stored, notStored, unknown] = after.match(/(\d+) rows? stored, (\d+) not stored, (\d+) unknown/).map(Number);
    assert.equal(stored, 40, after);
    const delivered = lost.reduce((sum, batch) => sum + batch.creates, 0);
    assert.ok(lost.every((batch) => batch.status === 200), `Graph answered every lost batch: ${JSON.stringify(lost)}`);
    assert.ok(delivered > 0, "creates were stored whose answers were lost");
    assert.equal(unknown, delivered, `every create whose answer was lost is unknown, no other: ${after}`);
    assert.equal(stored + notStored + unknown, 200);
    assert.equal((await held("cfg-outage")).length, stored + unknown, "Graph holds the stored and the unknown ones");
    // The unknown rows are not offered for resending; they are looked up.
    assert.match(await page.textContent("#outcome-hint"), /never resent blindly/);
    assert.match(await page.locator("#resend").textContent(), new RegExp(`^Resend the ${notStored} rows not stored$`));

    // The network is back: the lookups find the stored ones, and only the rest is resent.
    await page.unroute(/\/v1\.0\//);
    await page.getByRole("button", { name: /Look up the \d+ rows whose outcome is unknown/ }).click();
    await outcomeIs(page, new RegExp(`^${40 + unknown} rows stored, ${notStored} not stored, 0 unknown\\.$`));
    await page.getByRole("button", { name: /^Resend the \d+ rows not stored$/ }).click();
    await outcomeIs(page, /^200 rows stored, 0 not stored, 0 unknown\.$/);

    const names = (await held("cfg-outage")).map((s) => s.deviceDisplayName);
    assert.equal(names.length, 200);
    assert.equal(new Set(names).size, 200, "no status stored twice");
  });
});

test("Graph's deprecation is shown as a day, and a Sunset only when Graph gives one", async () => {
  await onOwnEmulator(["--sunset", "none"], "?configurationId=cfg-sunset", async (page) => {
    // Any call carries the headers: the list the page makes at start.
    await page.waitForSelector("#warning:not([hidden])");
    assert.equal(
      await page.textContent("#warning"),
      "Microsoft Graph marks deviceConfigurationDeviceStatus as deprecated since 2026-05-01.",
    );
  });
});
