// Where a wasm's bytes are: each function's code size by name, or, given two
// builds, what changed between them. For size work ("what did this change add?").
//
//   node scripts/wasm-functions.mjs a.wasm            the 40 largest functions
//   node scripts/wasm-functions.mjs old.wasm new.wasm the 40 largest differences
//
// The wasm needs its name section: build the release wasm with
// `--config 'profile.release.strip="none"'`, then `wasm-bindgen --keep-debug`
// and `wasm-opt -Oz -g` as scripts/build-pkg.sh does otherwise.
import { readFileSync } from "node:fs";

const IMPORTS = 2;
const CODE = 10;
const CUSTOM = 0;
const FUNCTION_NAMES = 1;

function functionSizes(path) {
  const bytes = readFileSync(path);
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const name = () => {
    const length = leb();
    at += length;
    return bytes.subarray(at - length, at).toString();
  };
  const limits = () => {
    if (leb() & 1) leb();
    leb();
  };
  let imported = 0;
  const sizes = [];
  const names = new Map();
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === IMPORTS) {
      for (let count = leb(); count > 0; count--) {
        name();
        name();
        const kind = bytes[at++];
        if (kind === 0) (leb(), imported++);
        else if (kind === 1) (at++, limits());
        else if (kind === 2) limits();
        else if (kind === 3) at += 2;
        else leb(), leb();
      }
    } else if (id === CODE) {
      for (let count = leb(); count > 0; count--) {
        const length = leb();
        sizes.push(length);
        at += length;
      }
    } else if (id === CUSTOM && name() === "name") {
      while (at < end) {
        const kind = bytes[at++];
        const subsectionEnd = leb() + at;
        if (kind === FUNCTION_NAMES) {
          for (let count = leb(); count > 0; count--) {
            const index = leb();
            names.set(index, name());
          }
        }
        at = subsectionEnd;
      }
    }
    at = end;
  }
  if (names.size === 0) throw new Error(`${path} has no function names; see this script's header`);
  // Crate hashes ([…]) and symbol hashes (::h…) differ between builds of the same code.
  const totals = new Map();
  sizes.forEach((size, i) => {
    const key = (names.get(i + imported) ?? `function ${i + imported}`)
      .replace(/\[[0-9a-f]+\]/g, "")
      .replace(/::h[0-9a-f]{16}$/, "");
    totals.set(key, (totals.get(key) ?? 0) + size);
  });
  return totals;
}

const sum = (sizes) => [...sizes.values()].reduce((a, b) => a + b, 0);
const [first, second] = process.argv.slice(2);
if (!first) throw new Error("usage: node scripts/wasm-functions.mjs a.wasm [b.wasm]");
const before = functionSizes(first);
let rows;
if (second) {
  const after = functionSizes(second);
  console.log(`code bytes: ${sum(before)} -> ${sum(after)} (${sum(after) - sum(before)})`);
  const keys = new Set([...before.keys(), ...after.keys()]);
  rows = [...keys].map((key) => [key, (after.get(key) ?? 0) - (before.get(key) ?? 0)]).filter(([, d]) => d !== 0);
  rows.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
} else {
  console.log(`code bytes: ${sum(before)}`);
  rows = [...before].sort((a, b) => b[1] - a[1]);
}
for (const [key, size] of rows.slice(0, 40)) console.log(String(size).padStart(7), key.slice(0, 160));
