// Prints what a browser downloads from the package, gzip -9, per file and in all.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const pkg = new URL("../pkg/", import.meta.url);
const files = ["intune_device_status_bg.wasm", "intune_device_status.js", "index.js"];
const sizes = files.map((file) => {
  const bytes = readFileSync(new URL(file, pkg));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
const parts = sizes.map((s) => `${s.file} ${s.gzip}`).join(" + ");
console.log(`size (gzip -9): ${parts} = ${total} bytes (official client's browser bundle: 19942)`);
