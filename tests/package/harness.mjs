// What several package tests start: the emulator binary, Debian's Chromium and a
// static file server, and how they read a page.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

export const root = new URL("../../", import.meta.url).pathname;

/** Starts the emulator on a free loopback port; resolves to { url, stop }. The
 * benchmarks run the one built with optimised dependencies (`INTUNE_GRAPH_EMULATOR`, set by
 * the Makefile), the tests the debug build. */
export async function startEmulator(args = []) {
  const binary = process.env.INTUNE_GRAPH_EMULATOR ?? `${root}target/debug/intune-graph-emulator`;
  const child = spawn(binary, ["--port", "0", "--quiet", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = await once(child.stdout, "data");
  return { url: line.toString().trim(), stop: () => child.kill() };
}

/** Headless Chromium with a fresh profile (playwright-core's default); `extra` flags appended. */
export function launchChromium(extra = []) {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extra,
    ],
  });
}

const contentTypes = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };

/** Serves the files under `dir` on a free loopback port; resolves to { origin, close }. */
export async function serveDirectory(dir) {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
    const file = join(dir, path.endsWith("/") ? `${path}index.html` : path);
    try {
      const body = readFileSync(file);
      response.writeHead(200, { "content-type": contentTypes[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  }).listen(0, "127.0.0.1");
  await once(server, "listening");
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** The text of `selector` once it is no longer "pending"; `said` lists what the page reported meanwhile. */
export async function textOf(page, selector, said = []) {
  try {
    await page.waitForFunction((s) => document.querySelector(s).textContent !== "pending", selector, { timeout: 15_000 });
  } catch (timeout) {
    throw new Error(`${selector} stayed pending; the page said: ${said.join(" | ") || "nothing"}`, { cause: timeout });
  }
  return page.textContent(selector);
}

/** Records the page's errors, console messages (but debug ones, like Vite's
 * "[vite] connected.") and failed requests into an array. */
export function listen(page) {
  const said = [];
  page.on("pageerror", (error) => said.push(error.message));
  page.on("console", (message) => message.type() !== "debug" && said.push(`console ${message.type()}: ${message.text()}`));
  page.on("requestfailed", (request) => said.push(`failed ${request.url()}`));
  page.on("response", (response) => response.status() >= 400 && said.push(`${response.status()} ${response.url()}`));
  return said;
}

/** A module of the admin page (`www/src/<entry>`), bundled with esbuild and
 * imported in Node, its imports of the package pointed at the installed package. */
export async function importWww(entry) {
  const { build } = await import("esbuild");
  const bundled = await build({
    entryPoints: [`${root}www/src/${entry}`],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    external: ["intune-device-status"],
  });
  const source = bundled.outputFiles[0].text.replace(
    /from\s*"intune-device-status"/g,
    `from ${JSON.stringify(import.meta.resolve("intune-device-status"))}`,
  );
  return import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`);
}
