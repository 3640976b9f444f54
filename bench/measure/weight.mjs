// Weight: gzip -9 bytes of what a browser downloads to create a status, as the
// size line counts it (scripts/size.mjs).
import { targets, bulkBytes, officialBytes } from "../../scripts/size.mjs";

export function weight() {
  const browser = targets.find((t) => t.entry === "index.js");
  return {
    ours: browser.total,
    oursWithBulk: browser.total + bulkBytes,
    official: officialBytes(),
    fetch: 0,
  };
}
