// Completes pkg/ after wasm-bindgen: the entry points users import and the
// package.json that `npm pack` publishes. Run by scripts/build-pkg.sh.
import { readFileSync, writeFileSync, readdirSync, copyFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { buildSync, transformSync } from "esbuild";
import { shortenNames } from "./short-names.mjs";

const root = new URL("..", import.meta.url).pathname;
const pkg = join(root, "pkg");
const glue = "./intune_device_status.js";
const wasm = "./intune_device_status_bg.wasm";
const wasmHex = "./wasm-hex.js";

// The JavaScript the wasm imports: wasm-bindgen copies js/ under a hashed folder
// in pkg/snippets. The entries re-export support.js's GraphError from there, so the
// class the wasm throws is the one users import.
const snippets = readdirSync(join(pkg, "snippets"), { recursive: true })
  .filter((file) => file.endsWith(".js"))
  .map((file) => join(pkg, "snippets", file));
const snippet = snippets.find((file) => file.endsWith("/js/support.js"));
if (!snippet) throw new Error("pkg/snippets has no support.js: did wasm-bindgen run?");
// createMany's driver: support.js imports it on first use (a dynamic import, which
// wasm-bindgen does not follow), so it is copied beside it here.
const bulk = join(snippet, "..", "bulk.js");
copyFileSync(join(root, "js", "bulk.js"), bulk);
if (!snippets.includes(bulk)) snippets.push(bulk);
const graphError = `./${relative(pkg, snippet)}`;

// Short import and export names in the wasm, the glue and the raw exports'
// typings (see short-names.mjs).
{
  const files = [wasm, glue, "./intune_device_status.d.ts", "./intune_device_status_bg.wasm.d.ts"];
  const [wasmBytes, ...texts] = files.map((file, i) => readFileSync(join(pkg, file), i ? "utf8" : undefined));
  const shortened = shortenNames(wasmBytes, ...texts);
  [shortened.wasm, shortened.glue, shortened.typings, shortened.wasmTypings].forEach((content, i) =>
    writeFileSync(join(pkg, files[i]), content),
  );
}

// The JavaScript ships minified, as the official Graph client's browser bundle
// does: wasm-bindgen's glue and the snippets (driver, GraphError). Exported names
// stay; GraphError sets its own `name`, so messages and stacks still read GraphError.
for (const file of snippets) {
  const { code } = transformSync(readFileSync(file, "utf8"), { minify: true, format: "esm", target: "es2022" });
  writeFileSync(file, code);
}

// The entries use `initSync` and re-export the rest but `PendingCall` and
// `PendingBulk` (the drivers' handles on a call and a createMany run,
// `skip_typescript` in Rust). wasm-bindgen's fetch-based loader (the default
// export) is not used, and it names the .wasm with `new URL(..., import.meta.url)`,
// which makes bundlers copy the file: esbuild bundles the glue through the list of
// what is used, which drops the loader, and minifies it.
const bundleGlue = (options) =>
  buildSync({ bundle: true, external: ["./snippets/*"], format: "esm", target: "es2022", write: false, ...options });
const internal = new Set(["PendingCall", "PendingBulk", "initSync", "default"]);
const { metafile } = bundleGlue({ entryPoints: [join(pkg, glue)], metafile: true });
const glueExports = Object.values(metafile.outputs)[0].exports.filter((name) => !internal.has(name));
if (!glueExports.includes("DeviceStatusClient")) throw new Error(`unexpected glue exports: ${glueExports}`);
{
  const contents = `export { initSync, ${glueExports.join(", ")} } from "${glue}";`;
  const { outputFiles } = bundleGlue({ stdin: { contents, resolveDir: pkg }, minify: true });
  writeFileSync(join(pkg, glue), outputFiles[0].text);
}
const reexports = `export { ${glueExports.join(", ")} } from "${glue}";\nexport { GraphError } from "${graphError}";\n`;

// Browsers and bundlers: the wasm travels inside the JavaScript, as hex, so no
// bundler or dev server has to find, copy or serve a .wasm file, and it compiles
// synchronously on import: no top-level await, which older build targets refuse.
// Hex rather than base64 because every byte stays two characters, so gzip still
// finds the wasm's repeats (about 11% over the .wasm; base64 costs 29%).
writeFileSync(join(pkg, wasmHex), `export default "${readFileSync(join(pkg, wasm)).toString("hex")}";\n`);
writeFileSync(
  join(pkg, "index.js"),
  `import { initSync } from "${glue}";
import hex from "${wasmHex}";

// Uint8Array.fromHex is new (2025); the loop is for older browsers.
const digit = (code) => (code <= 57 ? code - 48 : code - 87); // "0"-"9", "a"-"f"
function fromHex(text) {
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (digit(text.charCodeAt(2 * i)) << 4) | digit(text.charCodeAt(2 * i + 1));
  return bytes;
}

initSync({ module: Uint8Array.fromHex ? Uint8Array.fromHex(hex) : fromHex(hex) });

${reexports}`,
);

// Node: compile synchronously from the file next to this one.
writeFileSync(
  join(pkg, "node.mjs"),
  `import { readFileSync } from "node:fs";\nimport { initSync } from "${glue}";\n\n` +
    `initSync({ module: readFileSync(new URL("${wasm}", import.meta.url)) });\n\n${reexports}`,
);

// The typings: what the entries export, nothing of the loader (wasm-bindgen
// declares it from `export type InitInput` on: `initSync`, the default export and
// `InitOutput`, the raw exports). wasm-bindgen declares `[Symbol.dispose]()` on
// exported classes; the reference makes that compile for consumers whose `lib`
// predates it (TypeScript >= 5.2). CommonJS consumers get the same declarations
// as `.d.cts` (what `require` returns is the ES module's namespace).
{
  const dts = join(pkg, "intune_device_status.d.ts");
  const declarations = readFileSync(dts, "utf8");
  const loader = declarations.indexOf("\nexport type InitInput");
  if (loader < 0) throw new Error("the typings have no `export type InitInput`: has wasm-bindgen's loader changed?");
  const disposable = '/// <reference lib="esnext.disposable" />\n';
  const typings = `${disposable}${declarations.slice(0, loader).replace(disposable, "").trimEnd()}\n`;
  writeFileSync(dts, typings);
  writeFileSync(join(pkg, "intune_device_status.d.cts"), typings);
}

// Cloudflare Workers (workerd): the wasm arrives as a compiled module import, so
// instantiation is synchronous and needs no fetch.
writeFileSync(
  join(pkg, "workerd.mjs"),
  `import wasm from "${wasm}";\nimport { initSync } from "${glue}";\n\ninitSync({ module: wasm });\n\n${reexports}`,
);

// CommonJS: Node loads the synchronous ESM entry through require(esm) (Node >= 20.19).
writeFileSync(join(pkg, "node.cjs"), `"use strict";\nmodule.exports = require("./node.mjs");\n`);

const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const field = (name) => cargo.match(new RegExp(`^${name} = "(.*)"$`, "m"))[1];

const manifest = {
  name: field("name"),
  version: field("version"),
  description: field("description"),
  license: field("license"),
  repository: { type: "git", url: `git+${field("repository")}.git` },
  keywords: ["intune", "microsoft-graph", "wasm", "compliance", "device-status"],
  type: "module",
  types: "./intune_device_status.d.ts",
  // TypeScript reads `types` beside each entry, so `require` gets the `.d.cts`.
  exports: {
    ".": {
      workerd: { types: "./intune_device_status.d.ts", default: "./workerd.mjs" },
      node: {
        require: { types: "./intune_device_status.d.cts", default: "./node.cjs" },
        default: { types: "./intune_device_status.d.ts", default: "./node.mjs" },
      },
      browser: { types: "./intune_device_status.d.ts", default: "./index.js" },
      default: { types: "./intune_device_status.d.ts", default: "./index.js" },
    },
    "./package.json": "./package.json",
  },
  files: [
    "index.js",
    "wasm-hex.js",
    "node.mjs",
    "node.cjs",
    "workerd.mjs",
    "intune_device_status.js",
    "intune_device_status.d.ts",
    "intune_device_status.d.cts",
    "intune_device_status_bg.wasm",
    "snippets/",
    "README.md",
    "LICENSE",
  ],
  // Only the entries run code on import (they instantiate the module).
  sideEffects: ["./index.js", "./node.mjs", "./node.cjs", "./workerd.mjs"],
  engines: { node: ">=20.19" },
};
writeFileSync(join(pkg, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
// The README npm shows is written for npm users (docs/npm-readme.md); the
// repository's README is for those who build and test the package.
copyFileSync(join(root, "docs/npm-readme.md"), join(pkg, "README.md"));
copyFileSync(join(root, "LICENSE"), join(pkg, "LICENSE"));
// The raw exports' typings describe nothing users import.
for (const file of [".gitignore", "intune_device_status_bg.wasm.d.ts"]) rmSync(join(pkg, file), { force: true });
