// The TypeScript declarations the package ships: exactly the committed reference,
// and never `any` in what users touch. After an intended change to the API, refresh
// the reference with `UPDATE_REFERENCE=1 make test-package` and review the diff.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";

const built = new URL("../../pkg/intune_device_status.d.ts", import.meta.url);
const reference = new URL("../types/reference/intune_device_status.d.ts", import.meta.url);

test("the built .d.ts equals the committed reference", () => {
  const actual = readFileSync(built, "utf8");
  if (process.env.UPDATE_REFERENCE) writeFileSync(reference, actual);
  const expected = readFileSync(reference, "utf8");
  const a = actual.split("\n");
  const e = expected.split("\n");
  const line = a.findIndex((text, i) => text !== e[i]);
  assert.ok(
    actual === expected,
    `pkg/intune_device_status.d.ts differs from tests/types/reference at line ${line + 1}:\n` +
      `  built:     ${a[line]}\n  reference: ${e[line]}`,
  );
});

test("public declarations never use any", () => {
  const offending = readFileSync(built, "utf8").split("\n").filter((line) => /\bany\b/.test(line.replace(/\/\*\*.*|^\s*\*.*/, "")));
  assert.deepEqual(offending, []);
});

test("the model, enum and report are interfaces and unions", () => {
  const dts = readFileSync(built, "utf8");
  for (const declaration of [
    /export interface DeviceConfigurationDeviceStatus \{/,
    /export type ComplianceStatus = "unknown" \| "notApplicable" \| "compliant" \| "remediated" \| "nonCompliant" \| "error" \| "conflict" \| "notAssigned";/,
    /export interface ValidationReport \{/,
    /export type IssueCode = "required" \| "type" \| "format" \| "range" \| "enum" \| "constant" \| "duplicate" \| "unknownProperty";/,
    /export class GraphError extends Error \{/,
    /deviceDisplayName\?: string \| null;/,
    /status: ComplianceStatus;/,
  ]) {
    assert.match(dts, declaration);
  }
});
