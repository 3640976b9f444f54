// The clients in headless Chromium: how long each takes from import to ready in a
// fresh context, and, in the create loop, CPU per create from the page's
// performance metrics (Chrome DevTools Protocol `Performance.getMetrics`,
// TaskDuration in thread ticks: the CPU time the renderer's main thread spent in
// tasks of any kind, JavaScript and wasm, networking callbacks, parsing, GC).
// Headless Chromium leaves ScriptDuration at 0, so JavaScript alone is not split out.
import { cpSync, mkdirSync, rmSync } from "node:fs";

import { launchChromium, root, startEmulator } from "../../tests/package/harness.mjs";
import { median } from "./stats.mjs";

const site = `${root}target/bench-site/`;

function buildSite() {
  rmSync(site, { recursive: true, force: true });
  mkdirSync(site, { recursive: true });
  cpSync(`${root}pkg`, `${site}pkg`, { recursive: true, dereference: true });
  cpSync(`${root}node_modules/@microsoft/microsoft-graph-client/lib/graph-js-sdk.js`, `${site}graph-js-sdk.js`);
  cpSync(`${root}bench/browser/page.html`, `${site}index.html`);
  cpSync(`${root}bench/browser/page.js`, `${site}page.js`);
  cpSync(`${root}bench/official.mjs`, `${site}official.mjs`);
}

async function cpuSeconds(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return metrics.find((m) => m.name === "TaskDuration").value;
}

async function microsPerCreate(browser, url, client, count) {
  const page = await browser.newPage();
  try {
    await page.goto(`${url}/index.html?client=${client}`);
    await page.waitForFunction(() => globalThis.benchReady === true);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
    await page.evaluate((n) => globalThis.benchCreate(n), 50); // warm
    const before = await cpuSeconds(cdp);
    await page.evaluate((n) => globalThis.benchCreate(n), count);
    return (((await cpuSeconds(cdp)) - before) * 1e6) / count;
  } finally {
    await page.close();
  }
}

/** Runs `measure(browser, url)` against the bench site served by the emulator. */
async function withChromium(measure) {
  buildSite();
  const emulator = await startEmulator(["--no-throttle", "--site", site]);
  const browser = await launchChromium();
  try {
    return { version: `Chromium ${browser.version()}`, ...(await measure(browser, emulator.url)) };
  } finally {
    await browser.close();
    emulator.stop();
  }
}

const CLIENTS = ["ours", "official", "fetch"];
const medians = (samples) => Object.fromEntries(Object.entries(samples).map(([client, values]) => [client, median(values)]));

export function browserCpuPerCreate({ count = 1000, rounds = 3 } = {}) {
  return withChromium(async (browser, url) => {
    const samples = Object.fromEntries(CLIENTS.map((client) => [client, []]));
    for (let round = 0; round < rounds; round++) {
      for (const client of CLIENTS) samples[client].push(await microsPerCreate(browser, url, client, count));
    }
    return medians(samples);
  });
}

/** Import to ready in a page of a fresh browser context (empty caches), ms. */
export function browserColdStart({ samples = 20 } = {}) {
  return withChromium(async (browser, url) => {
    const times = Object.fromEntries(CLIENTS.map((client) => [client, []]));
    // Interleaved, so a slow moment of the machine hits every client alike.
    for (let i = 0; i < samples; i++) {
      for (const client of CLIENTS) {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${url}/index.html?client=${client}`);
          await page.waitForFunction(() => globalThis.benchReady === true);
          times[client].push(await page.evaluate(() => globalThis.benchImportMs));
        } finally {
          await context.close();
        }
      }
    }
    return medians(times);
  });
}
