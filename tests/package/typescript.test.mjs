// The typings as TypeScript users compile them, without skipLibCheck: with the
// oldest TypeScript the package supports (5.2, the first with `esnext.disposable`,
// which wasm-bindgen's `[Symbol.dispose]` needs) and the newest, under `nodenext`
// (an ES module, a CommonJS `.cts` reading the `.d.cts`, and no default export)
// and `bundler` resolution, plus the admin page. And arethetypeswrong, the field's
// checker of how each resolution mode finds a package's types, on the tarball.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { root } from "./harness.mjs";

const compilers = [
  ["oldest supported", "typescript-5.2"],
  ["newest", "typescript"],
];
const projects = ["tests/types/tsconfig.json", "tests/types/tsconfig.bundler.json", "www/tsconfig.json"];

for (const [label, module] of compilers) {
  const tsc = `${root}node_modules/${module}/bin/tsc`;
  const version = execFileSync("node", [tsc, "--version"], { encoding: "utf8" }).trim();
  for (const project of projects) {
    test(`${project} compiles with the ${label} TypeScript (${version})`, () => {
      try {
        execFileSync("node", [tsc, "-p", project], { cwd: root, encoding: "utf8" });
      } catch (error) {
        assert.fail(`tsc -p ${project} (${version}):\n${error.stdout}${error.stderr}`);
      }
    });
  }
}

test("arethetypeswrong finds no problem in any resolution mode", () => {
  let output;
  try {
    output = execFileSync(`${root}node_modules/.bin/attw`, ["--pack", ".", "--format", "json"], {
      cwd: `${root}pkg`,
      encoding: "utf8",
    });
  } catch (error) {
    output = error.stdout; // attw exits 1 when it finds problems
  }
  const { analysis } = JSON.parse(output);
  assert.deepEqual(analysis.problems, [], JSON.stringify(analysis.problems, null, 2));
  const modes = Object.keys(analysis.entrypoints["."].resolutions);
  assert.deepEqual(modes.sort(), ["bundler", "node10", "node16-cjs", "node16-esm"]);
});
