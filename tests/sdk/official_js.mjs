// Microsoft's JavaScript client (@microsoft/microsoft-graph-client) against the
// emulator served over https (`--tls`), with its own middleware chain: its
// AuthenticationHandler attaches the token to https hosts it trusts
// (`customHosts`), and its PageIterator follows each @odata.nextLink. Run by
// tests/package/official-client.test.mjs in a Node process that trusts the
// emulator's certificate (NODE_EXTRA_CA_CERTS); prints one JSON line.
import { Client, PageIterator } from "@microsoft/microsoft-graph-client";
import { readFileSync } from "node:fs";

const [baseUrl] = process.argv.slice(2);
const example = JSON.parse(readFileSync(new URL("../fixtures/graph-example.json", import.meta.url), "utf8"));
const tokens = [];
const client = Client.init({
  baseUrl: `${baseUrl}/`,
  customHosts: new Set([new URL(baseUrl).hostname]),
  authProvider: (done) => {
    tokens.push("asked");
    done(null, "official-client-token");
  },
});
const statuses = "/deviceManagement/deviceConfigurations/cfg-tls/deviceStatuses";
for (let i = 0; i < 5; i++) await client.api(statuses).post({ ...example, deviceDisplayName: `TLS-${i}` });
const names = [];
const first = await client.api(statuses).get();
const iterator = new PageIterator(client, first, (status) => {
  names.push(status.deviceDisplayName);
  return true;
});
await iterator.iterate();
console.log(JSON.stringify({ names, next: first["@odata.nextLink"], tokens: tokens.length }));
