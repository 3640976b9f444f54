// MSAL in the loop: the admin page signs in with the real @azure/msal-browser
// against a local stand-in identity provider (https loopback, a certificate this
// Chromium trusts by its key hash), authorization code + PKCE; the emulator then
// accepts only that provider's RS256 tokens for Graph's audience, with the
// permission each operation needs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loopbackCertificate, signJwt, startIdentityProvider } from "../idp/identity-provider.mjs";

import { launchChromium, root, startEmulator } from "./harness.mjs";

const configuration = "11111111-2222-4333-8444-555555555555";
let idp;
let emulator;
let site;
let browser;
let scratch;

before(async () => {
  const certificate = loopbackCertificate();
  idp = await startIdentityProvider(certificate);
  scratch = mkdtempSync(join(tmpdir(), "msal-test-"));
  writeFileSync(join(scratch, "issuer.pem"), idp.publicKeyPem);
  execFileSync(`${root}node_modules/.bin/vite`, ["build"], { cwd: `${root}www` });
  emulator = await startEmulator(["--site", `${root}target/www`, "--issuer-key", join(scratch, "issuer.pem")]);
  site = emulator.url;
  // Trust exactly the stand-in's certificate, by its public key.
  browser = await launchChromium([`--ignore-certificate-errors-spki-list=${certificate.spkiHash}`]);
});

after(async () => {
  await browser?.close();
  emulator?.stop();
  idp?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const collection = () => `${site}/v1.0/deviceManagement/deviceConfigurations/${configuration}/deviceStatuses`;

test("the emulator checks the token's signature, audience, lifetime and scope", async () => {
  const now = Math.floor(Date.now() / 1000);
  const claims = { aud: "https://graph.microsoft.com", exp: now + 600, scp: "DeviceManagementConfiguration.Read.All" };
  const get = (token) => fetch(collection(), { headers: { authorization: `Bearer ${token}` } });
  const post = (token) =>
    fetch(collection(), { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{}" });
  assert.equal((await get(signJwt(claims, idp.privateKey))).status, 200, "Read.All reads");
  const denied = await post(signJwt(claims, idp.privateKey));
  assert.equal(denied.status, 403, "Read.All does not write");
  assert.equal((await denied.json()).error.code, "Authorization_RequestDenied");
  const { privateKey: stranger } = (await import("node:crypto")).generateKeyPairSync("rsa", { modulusLength: 2048 });
  for (const [token, why] of [
    [signJwt(claims, stranger), "another key"],
    [signJwt({ ...claims, aud: "api://something-else" }, idp.privateKey), "another audience"],
    [signJwt({ ...claims, exp: now - 1 }, idp.privateKey), "expired"],
    ["not-a-jwt", "not a JWT"],
  ]) {
    const answer = await get(token);
    assert.equal(answer.status, 401, why);
    assert.equal((await answer.json()).error.code, "InvalidAuthenticationToken", why);
  }
});

test("the page signs in with MSAL.js (code + PKCE) and reports with the token it got", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  const address = new URL(`${site}/`);
  address.search = new URLSearchParams({
    clientId: "00000000-0000-4000-8000-00000000c11e",
    tenant: "contoso",
    authority: idp.authority,
    graph: site,
    configurationId: configuration,
  }).toString();
  await page.goto(address.href);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  assert.match(await page.textContent("#list-state"), /Sign in/);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Out to the provider and back with a code; MSAL redeems it with the verifier.
  await page.waitForFunction(() => /Signed in as/.test(document.getElementById("account-name")?.textContent ?? ""), null, {
    timeout: 20_000,
  }).catch((error) => {
    throw new Error(`not signed in: ${problems.join(" | ")}; provider saw ${idp.requests.join(", ")}`, { cause: error });
  });
  assert.match(await page.textContent("#account-name"), /ada@contoso\.com/);
  assert.ok(idp.requests.includes("POST /contoso/oauth2/v2.0/token"), idp.requests.join(", "));
  await page.waitForSelector("body[data-ready=true]");

  await page.getByLabel("Device name").fill("PC-MSAL");
  await page.getByLabel("Compliance status").selectOption("compliant");
  await page.getByLabel("Last reported", { exact: true }).fill("2024-05-01T12:30:00Z");
  await page.getByLabel("Grace period ends", { exact: true }).fill("2024-06-01T00:00:00Z");
  await page.getByRole("button", { name: "Report status" }).click();
  await page.waitForSelector("#result pre", { timeout: 15_000 }).catch(async (error) => {
    throw new Error(`no result: ${await page.textContent("#result")}`, { cause: error });
  });
  assert.equal(JSON.parse(await page.textContent("#result pre")).deviceDisplayName, "PC-MSAL");
  await page.locator("#statuses tbody tr", { hasText: "PC-MSAL" }).waitFor();
  assert.deepEqual(problems, []);
});
