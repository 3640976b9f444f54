// What several package tests start: the emulator binary and Debian's Chromium.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { chromium } from "playwright-core";

export const root = new URL("../../", import.meta.url).pathname;

/** Starts the emulator on a free loopback port; resolves to { url, stop }. */
export async function startEmulator(args = []) {
  const child = spawn(`${root}target/debug/intune-graph-emulator`, ["--port", "0", "--quiet", ...args], {
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
