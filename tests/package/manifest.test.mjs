// pkg/ as npm publishes it: every file an entry needs is in the tarball, and the
// manifest says what users and bundlers rely on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const pkgDir = new URL("../../pkg/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", pkgDir), "utf8"));

test("the manifest names the package, its types and its entries", () => {
  assert.equal(manifest.name, "intune-device-status");
  assert.equal(manifest.type, "module");
  assert.equal(manifest.license, "MIT");
  assert.ok(manifest.repository.url);
  // Each entry with its types, so TypeScript gives `require` the .d.cts.
  const esm = (entry) => ({ types: "./intune_device_status.d.ts", default: entry });
  assert.deepEqual(manifest.exports["."], {
    workerd: esm("./workerd.mjs"),
    node: { require: { types: "./intune_device_status.d.cts", default: "./node.cjs" }, default: esm("./node.mjs") },
    browser: esm("./index.js"),
    default: esm("./index.js"),
  });
  assert.deepEqual(manifest.sideEffects, ["./index.js", "./node.mjs", "./node.cjs", "./workerd.mjs"]);
});

test("npm pack ships every file the entries import, and no others", () => {
  const [packed] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: pkgDir, encoding: "utf8" }),
  );
  const files = packed.files.map((f) => f.path).sort();
  const snippets = files.filter((f) => f.startsWith("snippets/"));
  assert.deepEqual(
    snippets.map((f) => f.replace(/^snippets\/[^/]+\//, "")).sort(),
    ["js/bulk.js", "js/support.js"],
    `the JavaScript the wasm imports is packed: ${files}`,
  );
  assert.deepEqual(
    files.filter((f) => !snippets.includes(f)),
    [
      "README.md",
      "index.js",
      "wasm-hex.js",
      "intune_device_status.d.ts",
      "intune_device_status.d.cts",
      "intune_device_status.js",
      "intune_device_status_bg.wasm",
      "node.mjs",
      "node.cjs",
      "workerd.mjs",
      "package.json",
      "LICENSE",
    ].sort(),
  );
  for (const entry of ["index.js", "node.mjs", "workerd.mjs"]) {
    const source = readFileSync(new URL(entry, pkgDir), "utf8");
    for (const [, path] of source.matchAll(/from "\.\/([^"]+)"/g)) {
      assert.ok(files.includes(path), `${entry} imports ${path}, which is packed`);
    }
  }
});

test("no file of the package names a path of the machine that built it", () => {
  const home = process.env.HOME ?? "/root";
  const checkout = new URL("../../", import.meta.url).pathname;
  for (const file of [
    "intune_device_status_bg.wasm",
    "intune_device_status.js",
    "index.js",
    "node.mjs",
    "workerd.mjs",
  ]) {
    const text = readFileSync(new URL(file, pkgDir)).toString("latin1");
    for (const path of [home + "/", checkout, "/.cargo/registry"]) {
      assert.ok(!text.includes(path), `${file} contains ${path}`);
    }
  }
});

test("the README npm shows is for npm users: no make, links only to the repository's real files and headings", () => {
  const readme = readFileSync(new URL("README.md", pkgDir), "utf8");
  assert.doesNotMatch(readme, /\bmake (demo|test|pkg|www|bench)\b/, "no repository commands");
  const repository = manifest.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
  const repoReadme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  // GitHub's anchors: the heading lowercased, punctuation dropped, spaces as hyphens.
  const anchors = [...repoReadme.matchAll(/^#+ (.+)$/gm)].map(([, heading]) =>
    heading.toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-"),
  );
  const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map(([, link]) => link);
  assert.ok(links.length > 0);
  for (const link of links) {
    assert.ok(link.startsWith(`${repository}`), `${link} points into the repository, not to a file the tarball lacks`);
    const rest = link.slice(repository.length);
    if (rest.startsWith("#") && rest !== "#readme") assert.ok(anchors.includes(rest.slice(1)), `${link}: no such heading`);
    if (rest.startsWith("/blob/main/")) {
      const path = rest.slice("/blob/main/".length);
      assert.ok(existsSync(new URL(`../../${path}`, import.meta.url)), `${link}: no such file in the repository`);
    }
  }
});

test("the browser entry's hex becomes the wasm, with Uint8Array.fromHex and with the fallback for older browsers", () => {
  const entry = new URL("index.js", pkgDir).href;
  for (const setup of ["", "delete Uint8Array.fromHex;"]) {
    // A process of its own: the glue instantiates once per process.
    const said = execFileSync(
      "node",
      [
        "--input-type=module",
        "-e",
        `${setup} const { validateDeviceStatus, complianceStatuses } = await import(${JSON.stringify(entry)});` +
          `console.log(typeof Uint8Array.fromHex, complianceStatuses().length, validateDeviceStatus({ status: "Compliant" }).errors[0].message);`,
      ],
      { encoding: "utf8" },
    ).trim();
    assert.match(said, /^(function|undefined) 8 status: expected one of .* did you mean "compliant"\?$/);
    if (setup) assert.ok(said.startsWith("undefined "), "the fallback ran");
  }
});
