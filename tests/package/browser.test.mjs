// The package in headless Chromium (Debian's, driven by playwright-core): from a
// plain <script type="module"> with an import map and from a dedicated web worker.
// Each creates a status in the emulator (another origin: CORS preflights
// included). The bundlers' builds are in bundlers.test.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchChromium, listen, root, serveDirectory, startEmulator, textOf } from "./harness.mjs";

let emulator;
let graph;
let server;
let browser;

before(async () => {
  emulator = await startEmulator();
  graph = emulator.url;
  server = await serveDirectory(root);
  // Playwright gives each launch a fresh, empty profile of its own.
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
  emulator?.stop();
});

test("a plain module script and a dedicated worker create statuses", async () => {
  const page = await browser.newPage();
  const errors = listen(page);
  await page.goto(`${server.origin}/tests/browser/plain.html?graph=${encodeURIComponent(graph)}`);
  assert.match(await textOf(page, "#page", errors), /^created [0-9a-f-]{36} from the page 2024-05-01T12:30:00.1234567-07:00$/);
  assert.match(await textOf(page, "#worker", errors), /^created [0-9a-f-]{36} from the worker /);
  assert.equal(await textOf(page, "#many", errors), "0 created, 1 invalid, 2 created");
  assert.deepEqual(errors, []);
});
