// Every kind of body the emulator sends, checked by ajv against the schemas of
// Graph's v1.0 OpenAPI description: the entity (bench/device-status.schema.json,
// from the reference's DeviceManagement component), the collection response
// (value, @odata.nextLink, @odata.count) and OData's error (error: code,
// message, target, details, innerError). A single entity's `@odata.context` is
// OData's control information, not a property of the entity, so it is set aside
// before the entity schema sees the body.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";

import { startEmulator } from "./harness.mjs";

const entity = JSON.parse(readFileSync(new URL("../../bench/device-status.schema.json", import.meta.url), "utf8"));
const example = JSON.parse(readFileSync(new URL("../fixtures/graph-example.json", import.meta.url), "utf8"));
delete entity.$comment;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const checkEntity = ajv.compile(entity);
// microsoft.graph.deviceConfigurationDeviceStatusCollectionResponse (BaseCollectionPaginationCountResponse).
const checkCollection = ajv.compile({
  type: "object",
  properties: {
    "@odata.context": { type: "string" },
    "@odata.count": { type: ["integer", "null"] },
    "@odata.nextLink": { type: ["string", "null"] },
    value: { type: "array", items: entity },
  },
  additionalProperties: false,
});
// odata.error with odata.mainError and odata.errorDetails.
const detail = {
  type: "object",
  required: ["code", "message"],
  properties: { code: { type: "string" }, message: { type: "string" }, target: { type: ["string", "null"] } },
};
const checkError = ajv.compile({
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        target: { type: ["string", "null"] },
        details: { type: "array", items: detail },
        innerError: { type: "object" },
      },
    },
  },
  additionalProperties: false,
});

function assertValid(check, body, what) {
  assert.ok(check(body), `${what}: ${ajv.errorsText(check.errors)}\n${JSON.stringify(body)}`);
}

const withoutContext = ({ "@odata.context": _, ...rest }) => rest;

test("every body the emulator sends fits Graph's entity, collection and error schemas", async () => {
  const emulator = await startEmulator(["--page-size", "2"]);
  const base = `${emulator.url}/v1.0/deviceManagement/deviceConfigurations/cfg-schema/deviceStatuses`;
  const call = async (method, url, body) => {
    const headers = { Authorization: "Bearer schema-test", "Content-Type": "application/json" };
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  try {
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const created = await call("POST", base, { ...example, deviceDisplayName: `S-${i}` });
      assert.equal(created.status, 201);
      assertValid(checkEntity, withoutContext(created.body), "create");
      ids.push(created.body.id);
    }
    assertValid(checkEntity, withoutContext((await call("GET", `${base}/${ids[0]}`)).body), "get");
    const patched = await call("PATCH", `${base}/${ids[0]}`, { status: "compliant" });
    assertValid(checkEntity, withoutContext(patched.body), "update");
    for (const query of ["", "?$count=true", "?$top=0&$count=true", "?$select=id,status", "?$filter=status%20eq%20'compliant'"]) {
      const page = await call("GET", `${base}${query}`);
      assert.equal(page.status, 200, query);
      if (query.includes("$select")) assert.ok(Array.isArray(page.body.value));
      else assertValid(checkCollection, page.body, `list${query}`);
    }
    const errors = [
      await call("GET", `${base}/missing`),
      await call("POST", base, { status: "nope" }),
      await call("POST", base, { ...example, id: ids[1] }),
      await call("GET", `${base}?$top=1&$top=2`),
      await call("POST", `${emulator.url}/v1.0/$batch`, { requests: [] }),
    ];
    for (const error of errors) assertValid(checkError, error.body, `error ${error.status}`);
    const batch = await call("POST", `${emulator.url}/v1.0/$batch`, {
      requests: [
        { id: "1", method: "GET", url: `/deviceManagement/deviceConfigurations/cfg-schema/deviceStatuses/${ids[2]}` },
        { id: "2", method: "GET", url: "/deviceManagement/deviceConfigurations/cfg-schema/deviceStatuses/missing" },
      ],
    });
    const [found, missing] = ["1", "2"].map((id) => batch.body.responses.find((r) => r.id === id));
    assertValid(checkEntity, withoutContext(found.body), "batched get");
    assertValid(checkError, missing.body, "batched 404");
  } finally {
    emulator.stop();
  }
});
