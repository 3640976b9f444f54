// The floor under validateDeviceStatus (bench/floor): a wasm function that does
// nothing, called the way the package's export is: the package's own packInput
// (js/support.js) called from the wasm, the packed text copied in as the package
// copies it, an empty report back through the package's unpackReport. Built here
// with the workspace's release profile, as the package is.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

import { root } from "../../tests/package/harness.mjs";

const out = `${root}target/validation-floor/`;

export async function floorCheck() {
  const cargo = ["build", "--quiet", "--release", "--target", "wasm32-unknown-unknown", "-p", "validation-floor"];
  execFileSync("cargo", cargo, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  const wasm = `${root}target/wasm32-unknown-unknown/release/validation_floor.wasm`;
  execFileSync("wasm-bindgen", ["--target", "web", "--out-dir", out, wasm], { stdio: "inherit" });
  const floor = await import(`${out}validation_floor.js`);
  floor.initSync({ module: readFileSync(`${out}validation_floor_bg.wasm`) });
  return (value) => floor.nothing(value);
}
