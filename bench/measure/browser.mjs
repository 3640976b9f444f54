// The create loop in headless Chromium: CPU per create from the page's
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

export async function browserCpuPerCreate({ count = 1000, rounds = 3 } = {}) {
  buildSite();
  const emulator = await startEmulator(["--no-throttle", "--site", site]);
  const browser = await launchChromium();
  try {
    const samples = { ours: [], official: [], fetch: [] };
    for (let round = 0; round < rounds; round++) {
      for (const client of Object.keys(samples)) samples[client].push(await microsPerCreate(browser, emulator.url, client, count));
    }
    return {
      version: `Chromium ${browser.version()}`,
      ...Object.fromEntries(Object.entries(samples).map(([client, values]) => [client, median(values)])),
    };
  } finally {
    await browser.close();
    emulator.stop();
  }
}
