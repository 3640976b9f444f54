// Cold start: a fresh Node process per sample, from import to ready-to-send.
import { execFileSync } from "node:child_process";

import { median } from "./stats.mjs";

const child = new URL("./cold-child.mjs", import.meta.url).pathname;

export function coldStart(samples = 20) {
  const clients = ["ours", "official", "fetch"];
  const times = Object.fromEntries(clients.map((c) => [c, []]));
  // Interleaved, so a slow moment of the machine hits every client alike.
  for (let i = 0; i < samples; i++) {
    for (const c of clients) times[c].push(Number(execFileSync(process.execPath, [child, c], { encoding: "utf8" })));
  }
  return Object.fromEntries(clients.map((c) => [c, median(times[c])]));
}
