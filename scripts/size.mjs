// Prints what each runtime loads from the package, gzip -9: the wasm, the
// JavaScript the wasm needs (wasm-bindgen's glue and the snippets it imports:
// the driver and GraphError) and the runtime's entry. `--markdown` prints the
// README table.
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";

const pkg = new URL("../pkg/", import.meta.url);
const gzip = (file) => gzipSync(readFileSync(new URL(file, pkg)), { level: 9 }).length;
const snippets = readdirSync(new URL("snippets/", pkg), { recursive: true })
  .filter((file) => file.endsWith(".js"))
  .map((file) => `snippets/${file}`);
const shared = {
  wasm: gzip("intune_device_status_bg.wasm"),
  js: gzip("intune_device_status.js") + snippets.reduce((sum, file) => sum + gzip(file), 0),
};
export const targets = [
  ["browser / bundlers", "index.js"],
  ["Node", "node.mjs"],
  ["Cloudflare Workers", "workerd.mjs"],
].map(([name, entry]) => ({ name, entry, ...shared, entryBytes: gzip(entry), total: shared.wasm + shared.js + gzip(entry) }));

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes("--markdown")) {
    console.log("| target | entry | wasm | JS (glue, driver) | entry | total (gzip -9) |\n|---|---|---|---|---|---|");
    for (const t of targets) console.log(`| ${t.name} | \`${t.entry}\` | ${t.wasm} | ${t.js} | ${t.entryBytes} | ${t.total} |`);
  } else {
    const browser = targets[0];
    console.log(
      `size (gzip -9): wasm ${browser.wasm} + JS ${browser.js} + entry ${browser.entryBytes} = ${browser.total} bytes ` +
        `for browsers (official client's browser bundle: 19942)`,
    );
  }
}
