// The package as npm installs it, in the bundlers portals use, each with no
// configuration: Vite 5, 6, 7 and 8 and Parcel 2 (dev server and production
// build), webpack 5 (production and development builds), Rollup 4, esbuild, and a
// plain module script. Each builds the same tiny portal (tests/bundlers/app),
// which creates a status and sends a fleet with createMany to the emulator from
// headless Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { once } from "node:events";
import { launchChromium, listen, root, serveDirectory, startEmulator, textOf } from "./harness.mjs";

const work = `${root}target/bundlers/`;
const app = `${work}app/`;
const dist = (name) => `${work}dist/${name}/`;
let emulator;
let browser;

// A portal project: the app's files, and the package installed from the tarball
// `npm pack` makes (a real directory in node_modules, as users get it: Vite
// pre-bundles it, which it does not do for a linked folder).
before(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  cpSync(`${root}tests/bundlers/app/`, app, { recursive: true });
  cpSync(`${root}tests/browser/report.js`, `${app}report.js`);
  execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: `${root}pkg` });
  const [tarball] = readdirSync(work).filter((file) => file.endsWith(".tgz"));
  writeFileSync(`${app}package.json`, JSON.stringify({ name: "portal", private: true, type: "module" }));
  execFileSync("npm", ["install", "--silent", "--no-audit", "--no-fund", `../${tarball}`], { cwd: app });
  emulator = await startEmulator();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  emulator?.stop();
});

/** Opens the portal at `origin` + `path` and checks what it reports. */
async function runPortal(origin, path, bundler) {
  const page = await browser.newPage();
  const said = listen(page);
  try {
    await page.goto(`${origin}${path}?bundler=${bundler}&graph=${encodeURIComponent(emulator.url)}`);
    assert.match(await textOf(page, "#result", said), new RegExp(`^created [0-9a-f-]{36} from the ${bundler} .* \\(8 statuses\\)$`));
    // The second status is invalid ("Compliant"): refused before sending.
    assert.equal(await textOf(page, "#many", said), "0 created, 1 invalid, 2 created");
    assert.deepEqual(said, [], "the page loaded without errors, warnings or failed requests");
  } finally {
    await page.close();
  }
}

/** Serves a build's output and runs the portal from it. */
async function runBuilt(name, page = "index.html") {
  const server = await serveDirectory(dist(name));
  try {
    await runPortal(server.origin, `/${page}`, name);
  } finally {
    server.close();
  }
}

/** The portal's page with the script tags a build needs (Vite and Parcel build
 * from tests/bundlers/app/index.html instead; their entry is HTML). */
function writePage(file, scripts) {
  writeFileSync(
    file,
    `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">` +
      `<output id="result">pending</output><output id="many">pending</output>${scripts}`,
  );
}

async function freePort() {
  const server = createNetServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  return port;
}

const vites = [
  ["vite 5", "vite-5"],
  ["vite 6", "vite-6"],
  ["vite 7", "vite-7"],
  ["vite 8", "vite"],
];

for (const [label, module] of vites) {
  const name = label.replace(" ", "");
  // What `vite` and `vite build` do in a project without a vite.config: only
  // where the output and the pre-bundle cache go is set, so the majors stay apart.
  const config = (extra) => ({
    root: app,
    configFile: false,
    logLevel: "silent",
    cacheDir: `${work}cache/${name}`,
    ...extra,
  });

  test(`${label}: the dev server serves a portal that reports`, async () => {
    const { createServer } = await import(module);
    const server = await createServer(config({ server: { host: "127.0.0.1", port: await freePort(), strictPort: true } }));
    await server.listen();
    try {
      await runPortal(server.resolvedUrls.local[0].replace(/\/$/, ""), "/", `${name}dev`);
    } finally {
      await server.close();
    }
  });

  test(`${label}: the production build reports`, async () => {
    const { build } = await import(module);
    await build(config({ build: { outDir: dist(name), emptyOutDir: true } }));
    await runBuilt(name);
  });
}

// Production, as `webpack ./main.js` builds, and development, as `webpack serve`
// compiles (eval'd modules): the defaults but the entry's name.
for (const mode of ["production", "development"]) {
  test(`webpack 5: the ${mode} build reports`, async () => {
    const { default: webpack } = await import("webpack");
    const name = `webpack-${mode}`;
    const stats = await new Promise((resolve, reject) =>
      webpack({ mode, context: app, entry: "./main.js", output: { path: dist(name) } }, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
    assert.ok(!stats.hasErrors() && !stats.hasWarnings(), stats.toString("errors-warnings"));
    writePage(`${dist(name)}index.html`, `<script src="main.js"></script>`);
    await runBuilt(name);
  });
}

test("Rollup 4: the production build reports", async () => {
  const { rollup } = await import("rollup");
  const { nodeResolve } = await import("@rollup/plugin-node-resolve");
  // Rollup needs node-resolve to find any npm package; nothing else is set.
  const warnings = [];
  const bundle = await rollup({ input: `${app}main.js`, plugins: [nodeResolve()], onwarn: (w) => warnings.push(w.message) });
  await bundle.write({ dir: dist("rollup") });
  await bundle.close();
  assert.deepEqual(warnings, []);
  writePage(`${dist("rollup")}index.html`, `<script type="module" src="main.js"></script>`);
  await runBuilt("rollup");
});

test("esbuild: the bundle reports", async () => {
  const esbuild = await import("esbuild");
  // `esbuild main.js --bundle --outdir=…`: an IIFE for a classic script tag.
  const result = await esbuild.build({ entryPoints: [`${app}main.js`], bundle: true, outdir: dist("esbuild"), logLevel: "silent" });
  assert.deepEqual([...result.errors, ...result.warnings], []);
  writePage(`${dist("esbuild")}index.html`, `<script src="main.js"></script>`);
  await runBuilt("esbuild");
});

// Parcel keeps its cache out of the project; nothing else is set.
const parcel = (command, ...args) => [command, "index.html", "--cache-dir", `${work}cache/parcel-${command}`, "--no-autoinstall", ...args];

test("Parcel 2: the production build reports", { timeout: 300_000 }, async () => {
  execFileSync(`${root}node_modules/.bin/parcel`, parcel("build", "--dist-dir", dist("parcel")), {
    cwd: app,
    stdio: ["ignore", "ignore", "pipe"],
  });
  await runBuilt("parcel");
});

test("Parcel 2: the dev server (parcel serve) serves a portal that reports", { timeout: 300_000 }, async () => {
  const port = await freePort();
  const server = spawn(`${root}node_modules/.bin/parcel`, parcel("serve", "--host", "127.0.0.1", "--port", `${port}`, "--dist-dir", dist("parcel-serve")), {
    cwd: app,
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    let output = "";
    await new Promise((resolve, reject) => {
      server.stdout.on("data", (chunk) => (output += chunk) && /Built in/.test(output) && resolve());
      server.once("exit", (code) => reject(new Error(`parcel serve exited with ${code}: ${output}`)));
    });
    await runPortal(`http://127.0.0.1:${port}`, "/", "parcelserve");
  } finally {
    server.kill();
  }
});

test("a plain module script with an import map reports, no bundler", async () => {
  // The import map names the package where npm installed it.
  const imports = { "intune-device-status": "./node_modules/intune-device-status/index.js" };
  writePage(
    `${app}plain.html`,
    `<script type="importmap">${JSON.stringify({ imports })}</script><script type="module" src="main.js"></script>`,
  );
  const server = await serveDirectory(app);
  try {
    await runPortal(server.origin, "/plain.html", "plain");
  } finally {
    server.close();
  }
});
