// Microsoft's Python SDK (msgraph-sdk, Kiota; installed by make setup into
// target/python-sdk) against the emulator: create (the documentation's example
// body), get, every page through its PageIterator, patch, delete, a $batch of
// two creates, and $count, unchanged apart from the base URL and the token.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

import { root, startEmulator } from "./harness.mjs";

test("Microsoft's Python SDK creates, reads, pages, patches, deletes and batches against the emulator", async () => {
  // Two statuses a page, so the PageIterator follows nextLinks.
  const emulator = await startEmulator(["--page-size", "2"]);
  try {
    const { stdout } = await promisify(execFile)(
      `${root}target/python-sdk/bin/python`,
      [`${root}tests/sdk/msgraph_python.py`, emulator.url],
      { timeout: 60_000 },
    );
    const seen = JSON.parse(stdout.trim().split("\n").at(-1));
    assert.match(seen.created, /^[0-9a-f-]{36}$/);
    assert.deepEqual(seen.read, [seen.created, "Device Display Name value", "notApplicable"]);
    assert.deepEqual(seen.listed, ["Device Display Name value", "PY-0", "PY-1", "PY-2", "PY-3"]);
    assert.equal(seen.patched, "compliant");
    assert.deepEqual(seen.batch, [201, 201]);
    assert.equal(seen.count, 6, "4 left after the delete, and the batch's 2");
  } finally {
    emulator.stop();
  }
});
