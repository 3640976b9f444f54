// The create loop in headless Chromium: CPU per create from the page's
// performance metrics (Chrome DevTools Protocol `Performance.getMetrics`):
// ScriptDuration, the main thread's time running JavaScript (and wasm), and
// TaskDuration, its time running tasks of any kind (networking, parsing, GC too).
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
}

async function seconds(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const value = (name) => metrics.find((m) => m.name === name).value;
  return { script: value("ScriptDuration"), task: value("TaskDuration") };
}

async function microsPerCreate(browser, url, client, count) {
  const page = await browser.newPage();
  try {
    await page.goto(`${url}/index.html?client=${client}`);
    await page.waitForFunction(() => globalThis.benchReady === true);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.evaluate((n) => globalThis.benchCreate(n), 50); // warm
    const before = await seconds(cdp);
    await page.evaluate((n) => globalThis.benchCreate(n), count);
    const after = await seconds(cdp);
    const micros = (key) => ((after[key] - before[key]) * 1e6) / count;
    return { script: micros("script"), task: micros("task") };
  } finally {
    await page.close();
  }
}

export async function browserCpuPerCreate({ count = 1000, rounds = 3 } = {}) {
  buildSite();
  const emulator = await startEmulator(["--no-throttle", "--site", site]);
  const browser = await launchChromium();
  try {
    const samples = { ours: [], official: [], fetch: [] };
    for (let round = 0; round < rounds; round++) {
      for (const client of Object.keys(samples)) samples[client].push(await microsPerCreate(browser, emulator.url, client, count));
    }
    const medians = (key) =>
      Object.fromEntries(Object.entries(samples).map(([client, values]) => [client, median(values.map((v) => v[key]))]));
    return { version: `Chromium ${browser.version()}`, script: medians("script"), task: medians("task") };
  } finally {
    await browser.close();
    emulator.stop();
  }
}
