// The admin page (www/) in headless Chromium against the emulator serving it on
// one origin, as `make www` does: an admin types, sees a field error, fixes it,
// reports the status, sees it listed and deletes it. A screenshot is kept in
// target/www.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
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
