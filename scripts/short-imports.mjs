// Renames the wasm's imports to short names, in the wasm and in wasm-bindgen's
// glue together. wasm-bindgen names each import `__wbg_<name>_<16 hex digits>`
// under the module "./<crate>_bg.js"; those hashes appear twice (wasm and glue)
// and do not compress, about 1 KB of every download. Exports keep their names, so
// the glue's `wasm.<export>` calls and the generated .d.ts stay true.
// Used by scripts/package.mjs.

const IMPORT_SECTION = 2;

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

function readName(bytes, at) {
  const [length, start] = readLeb(bytes, at);
  return [new TextDecoder().decode(bytes.subarray(start, start + length)), start + length];
}

const encodeName = (name) => {
  const utf8 = new TextEncoder().encode(name);
  return [...leb(utf8.length), ...utf8];
};

// Where an import's description ends (function, table, memory, global, tag).
function skipDescription(bytes, at) {
  const kind = bytes[at++];
  const limits = (from) => {
    const flags = bytes[from];
    let [, next] = readLeb(bytes, from + 1);
    if (flags & 1) [, next] = readLeb(bytes, next);
    return next;
  };
  switch (kind) {
    case 0:
      return readLeb(bytes, at)[1];
    case 1:
      return limits(at + 1);
    case 2:
      return limits(at);
    case 3:
      return at + 2;
    case 4:
      return readLeb(bytes, at + 1)[1];
    default:
      throw new Error(`unknown import kind ${kind}`);
  }
}

// Short, distinct JavaScript identifiers: a, b, …, z, A, …, Z, aa, ab, …
function shortName(index) {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let name = "";
  do {
    name = letters[index % letters.length] + name;
    index = Math.floor(index / letters.length) - 1;
  } while (index >= 0);
  return name;
}

/**
 * Returns the wasm and the glue with every import renamed. Throws if the glue
 * does not name each import exactly once, so a wasm-bindgen change cannot slip
 * through as a broken package.
 */
export function shortenImports(wasm, glue) {
  if (wasm[8] === undefined) throw new Error("not a wasm module");
  const sections = [];
  let at = 8;
  let renamed = null;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = readLeb(wasm, at + 1);
    const end = start + size;
    if (id !== IMPORT_SECTION) {
      sections.push(wasm.subarray(at, end));
    } else {
      const [count, first] = readLeb(wasm, start);
      const body = [...leb(count)];
      renamed = new Map();
      const modules = new Map();
      let cursor = first;
      for (let i = 0; i < count; i++) {
        let module, field;
        [module, cursor] = readName(wasm, cursor);
        [field, cursor] = readName(wasm, cursor);
        const next = skipDescription(wasm, cursor);
        if (!modules.has(module)) modules.set(module, shortName(modules.size));
        const name = shortName(i);
        renamed.set(field, name);
        body.push(...encodeName(modules.get(module)), ...encodeName(name), ...wasm.subarray(cursor, next));
        cursor = next;
      }
      for (const [module, short] of modules) {
        const key = JSON.stringify(module);
        if (glue.split(key).length !== 2) throw new Error(`the glue names module ${key} other than once`);
        glue = glue.replace(key, JSON.stringify(short));
      }
      sections.push(Uint8Array.from([id, ...leb(body.length), ...body]));
    }
    at = end;
  }
  if (renamed === null) return { wasm, glue };
  for (const [field, short] of renamed) {
    // The import object's keys: `        <field>: function(…`.
    const key = new RegExp(`(?<=[\\s{,])${field.replace(/\$/g, "\\$")}(?=:)`, "g");
    const found = glue.match(key)?.length ?? 0;
    if (found !== 1) throw new Error(`the glue names import ${field} ${found} times, expected once`);
    glue = glue.replace(key, short);
  }
  const out = new Uint8Array(8 + sections.reduce((sum, s) => sum + s.length, 0));
  out.set(wasm.subarray(0, 8));
  let offset = 8;
  for (const section of sections) {
    out.set(section, offset);
    offset += section.length;
  }
  return { wasm: out, glue };
}
