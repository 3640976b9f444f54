// Prints what each runtime loads from the package, gzip -9: the wasm (as hex in
// JavaScript for browsers), the JavaScript the wasm needs (wasm-bindgen's glue and
// the snippets it imports: the driver and GraphError) and the runtime's entry. `--markdown` prints the
// README table.
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";

const pkg = new URL("../pkg/", import.meta.url);
const gzip = (file) => gzipSync(readFileSync(new URL(file, pkg)), { level: 9 }).length;
const snippets = readdirSync(new URL("snippets/", pkg), { recursive: true })
  .filter((file) => file.endsWith(".js"))
  .map((file) => `snippets/${file}`);
// createMany's driver is loaded on its first call only (support.js imports it
// dynamically), so it is counted on its own: what that first call adds.
const isBulk = (file) => file.endsWith("/bulk.js");
// The same JavaScript for every target: the glue and support.js.
const js = gzip("intune_device_status.js") + snippets.filter((f) => !isBulk(f)).reduce((sum, f) => sum + gzip(f), 0);
// The official @microsoft/microsoft-graph-client's browser bundle (a dev dependency).
export const officialBytes = () =>
  gzipSync(readFileSync(new URL("../node_modules/@microsoft/microsoft-graph-client/lib/graph-js-sdk.js", import.meta.url)), {
    level: 9,
  }).length;
export const bulkBytes = snippets.filter(isBulk).reduce((sum, file) => sum + gzip(file), 0);
// Browsers get the wasm inside the JavaScript, as hex (see scripts/package.mjs);
// Node and Workers load the .wasm file.
export const targets = [
  ["browser / bundlers", "index.js", "wasm-hex.js"],
  ["Node", "node.mjs", "intune_device_status_bg.wasm"],
  ["Cloudflare Workers", "workerd.mjs", "intune_device_status_bg.wasm"],
].map(([name, entry, wasm]) => {
  const sizes = { wasm: gzip(wasm), js, entryBytes: gzip(entry) };
  return { name, entry, ...sizes, total: sizes.wasm + js + sizes.entryBytes };
});

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes("--markdown")) {
    console.log("| target | entry | wasm | JS (glue, support.js) | entry | total (gzip -9) |\n|---|---|---|---|---|---|");
    for (const t of targets) console.log(`| ${t.name} | \`${t.entry}\` | ${t.wasm} | ${t.js} | ${t.entryBytes} | ${t.total} |`);
    console.log(`\n\`createMany\` loads its driver (\`bulk.js\`, ${bulkBytes} bytes) on its first call.`);
  } else {
    const browser = targets[0];
    console.log(
      `size (gzip -9): wasm ${browser.wasm} + JS ${browser.js} + entry ${browser.entryBytes} = ${browser.total} bytes ` +
        `for browsers (official client's browser bundle: ${officialBytes()}); createMany loads ${bulkBytes} more on first use`,
    );
  }
}
