// Weight: gzip -9 bytes of what a browser downloads to create a status.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

import { targets, bulkBytes } from "../../scripts/size.mjs";
import { root } from "../../tests/package/harness.mjs";

const gzip = (path) => gzipSync(readFileSync(`${root}${path}`), { level: 9 }).length;

export function weight() {
  const browser = targets.find((t) => t.entry === "index.js");
  return {
    ours: browser.total,
    oursWithBulk: browser.total + bulkBytes,
    official: gzip("node_modules/@microsoft/microsoft-graph-client/lib/graph-js-sdk.js"),
    fetch: 0,
  };
}
