// The floor under validateDeviceStatus (bench/floor): a wasm function that does
// nothing, called the way the package's boundary is: the package's own
// packInput, the packed text copied in as the package copies it, an empty
// report's text back through the package's unpackReport. Built here with the workspace's release
// profile, as the package is.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

import { root } from "../../tests/package/harness.mjs";

const out = `${root}target/validation-floor/`;

export async function floorCheck() {
  const cargo = ["build", "--quiet", "--release", "--target", "wasm32-unknown-unknown", "-p", "validation-floor"];
  execFileSync("cargo", cargo, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  const wasm = `${root}target/wasm32-unknown-unknown/release/validation_floor.wasm`;
  execFileSync("wasm-bindgen", ["--target", "web", "--out-dir", out, wasm], { stdio: "inherit" });
  const floor = await import(`${out}validation_floor.js`);
  floor.initSync({ module: readFileSync(`${out}validation_floor_bg.wasm`) });
  // The package's JavaScript half of the boundary, from the installed package.
  const snippets = `${root}node_modules/intune-device-status/snippets/`;
  const support = readdirSync(snippets, { recursive: true }).find((file) => file.endsWith("js/support.js"));
  const { packInput, unpackReport } = await import(`${snippets}${support}`);
  return (value) => unpackReport(floor.nothing(packInput(value)));
}
