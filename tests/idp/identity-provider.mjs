// A stand-in for Microsoft Entra ID on https loopback, enough for MSAL.js's
// authorization-code flow with PKCE: OpenID metadata, an authorize endpoint that
// signs the one test user in at once, and a token endpoint that checks the PKCE
// verifier and answers RS256-signed id and access tokens (the access token for
// Graph's audience with the requested permission in `scp`). Nothing here talks to
// the internet; the keys and the certificate are made per test run.

import { createHash, createSign, generateKeyPairSync, randomUUID, X509Certificate } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:https";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";

const base64url = (bytes) => Buffer.from(bytes).toString("base64url");

/** A self-signed certificate for 127.0.0.1 (openssl), and its SPKI hash for Chromium. */
export function loopbackCertificate() {
  const dir = mkdtempSync(join(tmpdir(), "idp-"));
  try {
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
    ], { stdio: "ignore" });
    const cert = readFileSync(join(dir, "cert.pem"), "utf8");
    const key = readFileSync(join(dir, "key.pem"), "utf8");
    const spki = new X509Certificate(cert).publicKey.export({ type: "spki", format: "der" });
    return { cert, key, spkiHash: createHash("sha256").update(spki).digest("base64") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Signs claims as an RS256 JWT with `privateKey`. */
export function signJwt(claims, privateKey, kid = "test-key") {
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

/**
 * Starts the provider. Resolves to { authority, publicKeyPem, privateKey,
 * requests, close }; `requests` records what MSAL asked for.
 */
export async function startIdentityProvider({ cert, key, tenant = "contoso", user = "ada@contoso.com" }) {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const codes = new Map();
  const requests = [];
  const tenantId = "72f988bf-0000-4000-8000-000000000001";
  const objectId = "00000000-0000-4000-8000-0000000000a1";
  let origin;

  function tokens({ clientId, scope, nonce }) {
    const now = Math.floor(Date.now() / 1000);
    const issuer = `${origin}/${tenant}/v2.0`;
    const graphScopes = scope.split(" ").filter((s) => s.startsWith("https://graph.microsoft.com/"));
    const access = signJwt(
      {
        aud: "https://graph.microsoft.com",
        iss: issuer,
        iat: now,
        nbf: now,
        exp: now + 3600,
        scp: graphScopes.map((s) => s.slice("https://graph.microsoft.com/".length)).join(" "),
        oid: objectId,
        tid: tenantId,
        upn: user,
      },
      privateKey,
    );
    const id = signJwt(
      { aud: clientId, iss: issuer, iat: now, nbf: now, exp: now + 3600, nonce, sub: objectId, oid: objectId, tid: tenantId, preferred_username: user, name: "Ada Lovelace", ver: "2.0" },
      privateKey,
    );
    return {
      token_type: "Bearer",
      scope: graphScopes.join(" "),
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: access,
      id_token: id,
      client_info: base64url(JSON.stringify({ uid: objectId, utid: tenantId })),
    };
  }

  const server = createServer({ cert, key }, async (request, response) => {
    const url = new URL(request.url, origin);
    requests.push(`${request.method} ${url.pathname}`);
    const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "*" };
    const json = (status, body) => {
      response.writeHead(status, { ...cors, "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.method === "OPTIONS") return response.writeHead(204, cors).end();
    const path = url.pathname.replace(`/${tenant}`, "");
    if (path.endsWith("/.well-known/openid-configuration")) {
      return json(200, {
        issuer: `${origin}/${tenant}/v2.0`,
        authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
        end_session_endpoint: `${origin}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
        response_modes_supported: ["query", "fragment", "form_post"],
        response_types_supported: ["code"],
        scopes_supported: ["openid", "profile", "email", "offline_access"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
      });
    }
    if (path === "/oauth2/v2.0/authorize") {
      const q = url.searchParams;
      if (q.get("code_challenge_method") !== "S256" || !q.get("code_challenge")) {
        return json(400, { error: "invalid_request", error_description: "PKCE (S256) is required" });
      }
      const code = randomUUID();
      codes.set(code, {
        challenge: q.get("code_challenge"),
        clientId: q.get("client_id"),
        redirectUri: q.get("redirect_uri"),
        scope: q.get("scope") ?? "",
        nonce: q.get("nonce"),
      });
      const answer = new URLSearchParams({ code, state: q.get("state") ?? "" });
      const separator = q.get("response_mode") === "query" ? "?" : "#";
      response.writeHead(302, { location: `${q.get("redirect_uri")}${separator}${answer}` });
      return response.end();
    }
    if (path === "/oauth2/v2.0/token" && request.method === "POST") {
      let body = "";
      request.setEncoding("utf8");
      for await (const chunk of request) body += chunk;
      const form = new URLSearchParams(body);
      const grant = codes.get(form.get("code"));
      codes.delete(form.get("code"));
      if (form.get("grant_type") !== "authorization_code" || !grant) {
        return json(400, { error: "invalid_grant", error_description: "unknown or used code" });
      }
      const challenge = createHash("sha256").update(form.get("code_verifier") ?? "").digest("base64url");
      if (challenge !== grant.challenge || form.get("client_id") !== grant.clientId || form.get("redirect_uri") !== grant.redirectUri) {
        return json(400, { error: "invalid_grant", error_description: "PKCE verifier, client or redirect does not match" });
      }
      return json(200, tokens(grant));
    }
    json(404, { error: "not_found" });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `https://127.0.0.1:${server.address().port}`;
  return {
    authority: `${origin}/${tenant}`,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }),
    privateKey,
    requests,
    close: () => server.close(),
  };
}
