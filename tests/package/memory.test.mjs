// Failing calls must not leak wasm memory (a leak on the error path is how wasm
// modules die after hours in a portal). Its own file, so its own process: a heap
// that earlier tests grew would hide a leak.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { validateDeviceStatus, parseDeviceStatus } from "intune-device-status";
import { initSync } from "../../pkg/intune_device_status.js";

const example = JSON.parse(
  readFileSync(new URL("../fixtures/graph-example.json", import.meta.url), "utf8"),
);

test("repeated bad input does not grow the wasm memory", () => {
  // initSync returns the already-initialised instance; its memory is what would grow.
  const { memory } = initSync({ module: new Uint8Array(0) });
  const bad = { ...example, status: "nope", deviceDisplayName: 1, extra: 2 };
  const round = () => {
    for (let i = 0; i < 2_000; i++) {
      validateDeviceStatus(bad);
      try {
        parseDeviceStatus(bad);
      } catch {}
      try {
        validateDeviceStatus(bad, { mode: "nope" });
      } catch {}
    }
  };
  round();
  const before = memory.buffer.byteLength;
  for (let i = 0; i < 5; i++) round();
  assert.equal(memory.buffer.byteLength, before);
});

test("memory a large call used comes back for calls of other sizes", () => {
  const { memory } = initSync({ module: new Uint8Array(0) });
  // Statuses with long names, each size once: the largest first, then smaller.
  const sized = (n) => ({ ...example, deviceDisplayName: "d".repeat(n), userName: "u".repeat(n >> 1) });
  parseDeviceStatus(sized(800_000));
  const after = memory.buffer.byteLength;
  for (const n of [700_000, 500_000, 300_000, 650_000, 420_000, 777_000]) {
    parseDeviceStatus(sized(n));
    validateDeviceStatus({ ...sized(n), status: "nope" });
  }
  assert.equal(memory.buffer.byteLength, after, "the largest call's memory served every smaller one");
});
