// Completes pkg/ after wasm-pack: the entry points users import and the
// package.json that `npm pack` publishes. Run by scripts/build-pkg.sh.
import { readFileSync, writeFileSync, readdirSync, copyFileSync, rmSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { transformSync } from "esbuild";
import { shortenNames } from "./short-names.mjs";

const root = new URL("..", import.meta.url).pathname;
const pkg = join(root, "pkg");
const glue = "./intune_device_status.js";
const wasm = "./intune_device_status_bg.wasm";

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
for (const file of [join(pkg, glue), ...snippets]) {
  const { code } = transformSync(readFileSync(file, "utf8"), { minify: true, format: "esm", target: "es2022" });
  writeFileSync(file, code);
}

// The entries re-export what the typings declare; the glue's `PendingCall` and
// `PendingBulk` (the drivers' handles on a call and a createMany run,
// `skip_typescript` in Rust) stay internal.
const internal = new Set(["PendingCall", "PendingBulk", "default"]);
const glueExports = [...readFileSync(join(pkg, glue), "utf8").matchAll(/export\s*\{([^}]*)\}/g)]
  .flatMap(([, list]) => list.split(","))
  .map((item) => item.trim().split(/\s+as\s+/).pop())
  .filter((name) => name && !internal.has(name));
if (!glueExports.includes("DeviceStatusClient")) throw new Error(`unexpected glue exports: ${glueExports}`);
const reexports = `export { ${glueExports.join(", ")} } from "${glue}";\nexport { GraphError } from "${graphError}";\n`;

// Browsers and bundlers: instantiate with top-level await, so importers get a
// ready module and never call an init function.
writeFileSync(
  join(pkg, "index.js"),
  `import init from "${glue}";\n\nawait init({ module_or_path: new URL("${wasm}", import.meta.url) });\n\n${reexports}`,
);

// Node: compile synchronously from the file next to this one.
writeFileSync(
  join(pkg, "node.mjs"),
  `import { readFileSync } from "node:fs";\nimport { initSync } from "${glue}";\n\n` +
    `initSync({ module: readFileSync(new URL("${wasm}", import.meta.url)) });\n\n${reexports}`,
);

// wasm-bindgen declares `[Symbol.dispose]()` on exported classes; the reference
// makes the declarations compile for consumers whose `lib` predates it (TS >= 5.2).
const dts = join(pkg, "intune_device_status.d.ts");
const declarations = readFileSync(dts, "utf8");
const disposable = '/// <reference lib="esnext.disposable" />\n';
if (!declarations.startsWith(disposable)) writeFileSync(dts, disposable + declarations);

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
  exports: {
    ".": {
      types: "./intune_device_status.d.ts",
      workerd: "./workerd.mjs",
      node: { require: "./node.cjs", default: "./node.mjs" },
      browser: "./index.js",
      default: "./index.js",
    },
    "./package.json": "./package.json",
  },
  files: [
    "index.js",
    "node.mjs",
    "node.cjs",
    "workerd.mjs",
    "intune_device_status.js",
    "intune_device_status.d.ts",
    "intune_device_status_bg.wasm",
    "intune_device_status_bg.wasm.d.ts",
    "snippets/",
    "README.md",
    "LICENSE",
  ],
  // Only the entries run code on import (they instantiate the module).
  sideEffects: ["./index.js", "./node.mjs", "./node.cjs", "./workerd.mjs"],
  engines: { node: ">=20.19" },
};
writeFileSync(join(pkg, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
for (const file of ["README.md", "LICENSE"]) {
  if (existsSync(join(root, file))) copyFileSync(join(root, file), join(pkg, file));
}
rmSync(join(pkg, ".gitignore"), { force: true });
