// The package in headless Chromium (Debian's, driven by playwright-core): from a
// plain <script type="module"> with an import map, from a dedicated web worker,
// and from a Vite app built against it. Each creates a status in the emulator
// (another origin: CORS preflights included).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { launchChromium, root, startEmulator } from "./harness.mjs";

const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
let emulator;
let graph;
let server;
let origin;
let browser;

/** Serves the repository (pkg/, tests/) and the Vite build under /vite/. */
function serve() {
  return createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    const file = path.startsWith("/vite/")
      ? join(root, "target/vite-app", path.slice("/vite/".length) || "index.html")
      : join(root, normalize(path));
    try {
      const body = readFileSync(file);
      response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
}

before(async () => {
  execFileSync(`${root}node_modules/.bin/vite`, ["build", "--base", "/vite/"], { cwd: `${root}tests/vite-app` });
  emulator = await startEmulator();
  graph = emulator.url;
  server = serve().listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${server.address().port}`;
  // Playwright gives each launch a fresh, empty profile of its own.
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
  emulator?.stop();
});

async function textOf(page, selector, errors = []) {
  try {
    await page.waitForFunction((s) => document.querySelector(s).textContent !== "pending", selector, { timeout: 15_000 });
  } catch (timeout) {
    throw new Error(`${selector} stayed pending; the page said: ${errors.join(" | ") || "nothing"}`, { cause: timeout });
  }
  return page.textContent(selector);
}

test("a plain module script and a dedicated worker create statuses", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => errors.push(`console ${message.type()}: ${message.text()}`));
  page.on("requestfailed", (request) => errors.push(`failed ${request.url()}`));
  await page.goto(`${origin}/tests/browser/plain.html?graph=${encodeURIComponent(graph)}`);
  assert.match(await textOf(page, "#page", errors), /^created [0-9a-f-]{36} from the page 2024-05-01T12:30:00.1234567-07:00$/);
  assert.match(await textOf(page, "#worker", errors), /^created [0-9a-f-]{36} from the worker /);
  assert.equal(await textOf(page, "#many", errors), "0 created, 1 invalid, 2 created");
  assert.deepEqual(errors, []);
});

test("a Vite app built against the package creates a status", async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}/vite/index.html?graph=${encodeURIComponent(graph)}`);
  assert.match(await textOf(page, "#result"), /^created [0-9a-f-]{36} from the vite app .* \(8 statuses\)$/);
  // createMany's driver came as the chunk Vite split off for its dynamic import.
  assert.equal(await textOf(page, "#many"), "0 created, 1 invalid, 2 created");
  await page.screenshot({ path: `${root}target/vite-app.png` });
});
