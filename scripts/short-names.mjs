// Renames the wasm's imports and exports to short names, in the wasm, in
// wasm-bindgen's glue and in the typings of the raw exports, together.
// wasm-bindgen names each import `__wbg_<name>_<16 hex digits>` under the module
// "./<crate>_bg.js" (a snippet's function that needs no glue keeps its module's
// name for it), and exports `devicestatusclient_create` and the like; every
// name is written twice (wasm and glue) and the hashes do not compress: about
// 1.4 KB of every download. `memory`, and exports the glue never calls, keep their
// names. Used by scripts/package.mjs.

const IMPORT_SECTION = 2;
// The module of the imports wasm-bindgen writes glue for.
const GLUE_MODULE = "./intune_device_status_bg.js";
const EXPORT_SECTION = 7;

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

const escape = (name) => name.replace(/[$]/g, "\\$&");

// Renames `names` (old -> new) where `pattern(old)` matches, requiring `count`
// matches when given, at least one otherwise.
function rename(text, names, pattern, what, count) {
  for (const [old, short] of names) {
    const found = text.match(pattern(escape(old)))?.length ?? 0;
    if (count === undefined ? found === 0 : found !== count) {
      throw new Error(`${what} names ${old} ${found} times`);
    }
    text = text.replace(pattern(escape(old)), short);
  }
  return text;
}

/**
 * Returns the wasm, the glue and the two .d.ts texts with every import and
 * export (but `memory`) renamed. Throws if a text does not name them as expected,
 * so a wasm-bindgen change cannot slip through as a broken package.
 */
export function shortenNames(wasm, glue, typings, wasmTypings) {
  if (wasm[8] === undefined) throw new Error("not a wasm module");
  const sections = [];
  let at = 8;
  let renamed = null;
  const exported = new Map();
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = readLeb(wasm, at + 1);
    const end = start + size;
    if (id === EXPORT_SECTION) {
      const [count, first] = readLeb(wasm, start);
      const body = [...leb(count)];
      let cursor = first;
      for (let i = 0; i < count; i++) {
        let name;
        [name, cursor] = readName(wasm, cursor);
        const next = readLeb(wasm, cursor + 1)[1];
        // `memory` stays, and so does any export the glue never calls.
        const used = name !== "memory" && new RegExp(`\\bwasm\\.${escape(name)}\\b`).test(glue);
        const short = used ? shortName(i) : name;
        if (short !== name) exported.set(name, short);
        body.push(...encodeName(short), ...wasm.subarray(cursor, next));
        cursor = next;
      }
      sections.push(Uint8Array.from([id, ...leb(body.length), ...body]));
    } else if (id === IMPORT_SECTION) {
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
        // A snippet's function that needs no glue is imported from its module
        // directly, by its exported name, which stays.
        const name = module === GLUE_MODULE ? shortName(i) : field;
        if (name !== field) renamed.set(field, name);
        body.push(...encodeName(modules.get(module)), ...encodeName(name), ...wasm.subarray(cursor, next));
        cursor = next;
      }
      // Each module is a key of the import object: `"<module>": import0,`.
      for (const [module, short] of modules) {
        const key = `${JSON.stringify(module)}:`;
        if (glue.split(key).length !== 2) throw new Error(`the glue names module ${key} other than once`);
        glue = glue.replace(key, `${JSON.stringify(short)}:`);
      }
      sections.push(Uint8Array.from([id, ...leb(body.length), ...body]));
    } else {
      sections.push(wasm.subarray(at, end));
    }
    at = end;
  }
  if (renamed === null) throw new Error("the wasm has no imports: did wasm-bindgen run?");
  // The import object's keys: `        <field>: function(…`.
  glue = rename(glue, renamed, (n) => new RegExp(`(?<=[\\s{,])${n}(?=:)`, "g"), "the glue", 1);
  // The glue calls exports as `wasm.<name>`; the typings list them.
  glue = rename(glue, exported, (n) => new RegExp(`(?<=\\bwasm\\.)${n}\\b`, "g"), "the glue");
  typings = rename(typings, exported, (n) => new RegExp(`(?<=readonly )${n}(?=:)`, "g"), "the .d.ts", 1);
  wasmTypings = rename(wasmTypings, exported, (n) => new RegExp(`(?<=export const )${n}(?=:)`, "g"), "the wasm .d.ts", 1);
  const out = new Uint8Array(8 + sections.reduce((sum, s) => sum + s.length, 0));
  out.set(wasm.subarray(0, 8));
  let offset = 8;
  for (const section of sections) {
    out.set(section, offset);
    offset += section.length;
  }
  return { wasm: out, glue, typings, wasmTypings };
}
