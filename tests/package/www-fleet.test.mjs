// The admin page's fleet import (www/src/csv.ts, www/src/fleet.ts), bundled with
// esbuild against the built package and run in Node: CSV as spreadsheets write
// it, columns as Graph or Intune's device export names them, each row's problems
// with its line, and each row's fate after a createMany.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { importWww } from "./harness.mjs";

let csv;
let fleet;
let GraphError;

before(async () => {
  csv = await importWww("csv.ts");
  fleet = await importWww("fleet.ts");
  ({ GraphError } = await import("intune-device-status"));
});

test("CSV is read as spreadsheets write it", () => {
  const text = '\uFEFFname,"note, with comma"\r\n"PC ""1""","two\nlines"\r\n\r\nPC-2,\n';
  assert.deepEqual(csv.readCsv(text), [
    { line: 1, cells: ["name", "note, with comma"] },
    { line: 2, cells: ['PC "1"', "two\nlines"] },
    { line: 5, cells: ["PC-2", ""] },
  ]);
  // Excel where the decimal separator is a comma writes semicolons.
  assert.deepEqual(csv.readCsv("a;b\n1,5;2\n").map((r) => r.cells), [["a", "b"], ["1,5", "2"]]);
  assert.throws(() => csv.readCsv('a,b\n1,"open\n2,3\n'), /line 2: a quoted cell is never closed/);
});

test("results CSV quotes what needs it and keeps formulas as text", () => {
  const rows = [["row", "detail"], ["2", 'said "no", twice\nthen'], ["3", "=HYPERLINK(\"x\")"], ["4", "-1"]];
  const text = csv.writeCsv(rows);
  assert.match(text, /^row,detail\r\n2,"said ""no"", twice\nthen"\r\n/);
  assert.deepEqual(csv.readCsv(text).map((r) => r.cells).slice(2), [["3", "'=HYPERLINK(\"x\")"], ["4", "'-1"]]);
});

const header = "deviceDisplayName,status,lastReportedDateTime,complianceGracePeriodExpirationDateTime,id";
const good = (i) => `PC-${i},compliant,2026-11-28T09:00:00Z,2026-12-28T09:00:00Z,00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;

test("columns named as Graph names them are read as written, in any case", () => {
  const sheet = fleet.readSheet(`DeviceDisplayName,Status,lastReportedDateTime,complianceGracePeriodExpirationDateTime,OS\nPC-1,compliant,2026-11-28T09:00:00+01:00,2026-12-28T09:00:00Z,Windows\n`, () => "fresh-id");
  assert.deepEqual(sheet.rows[0].values, {
    deviceDisplayName: "PC-1",
    status: "compliant",
    lastReportedDateTime: "2026-11-28T09:00:00+01:00",
    complianceGracePeriodExpirationDateTime: "2026-12-28T09:00:00Z",
    id: "fresh-id",
  });
  assert.equal(sheet.generatedIds, 1, "a row without an id gets one, so a lost answer is looked up");
  assert.deepEqual(sheet.columns.filter((c) => !c.property).map((c) => c.header), ["OS"]);
  assert.deepEqual(sheet.missing, []);
});

test("Intune's device export is read with its names and words", () => {
  const exported =
    "Device name,Primary user UPN,Primary user display name,Model,Compliance,Last check-in,Serial number\n" +
    "PC-7,ada@contoso.com,Ada Lovelace,Surface Laptop 5,Noncompliant,2026-11-28 09:00:00.0000000,X1\n" +
    "PC-8,,,,In grace period,2026-11-28 10:00:00,X2\n";
  let fresh = 0;
  const sheet = fleet.readSheet(exported, () => `id-${++fresh}`);
  assert.deepEqual(sheet.rows[0].values, {
    deviceDisplayName: "PC-7",
    userPrincipalName: "ada@contoso.com",
    userName: "Ada Lovelace",
    deviceModel: "Surface Laptop 5",
    status: "nonCompliant",
    lastReportedDateTime: "2026-11-28T09:00:00.0000000Z",
    id: "id-1",
  });
  assert.equal(sheet.rows[1].values.status, "nonCompliant");
  // The export has no grace period: one value is asked for every row, not a problem per row.
  assert.deepEqual(sheet.missing, ["complianceGracePeriodExpirationDateTime"]);
  assert.equal(fleet.problemsOf(sheet, {}).size, 0);
  const everyRow = { complianceGracePeriodExpirationDateTime: "2026-12-01T00:00:00Z" };
  assert.equal(fleet.statusOf(sheet.rows[1], everyRow).complianceGracePeriodExpirationDateTime, "2026-12-01T00:00:00Z");
  assert.equal(fleet.problemsOf(sheet, { complianceGracePeriodExpirationDateTime: "soon" }).size, 2);
});

test("files that are no fleet are refused in words", () => {
  assert.throws(() => fleet.readSheet(""), /empty/);
  assert.throws(() => fleet.readSheet("OS,Serial\nWindows,1\n"), /No column is named as a status property/);
  assert.throws(() => fleet.readSheet(`${header}\n`), /no rows/);
  assert.throws(() => fleet.readSheet("status,Compliance\ncompliant,Compliant\n"), /Two columns give status \("status" and "Compliance"\)/);
});

test("each row's problems name its line and field; an id given twice is one", () => {
  const rows = [good(1), "PC-2,Compliant,2026-02-30T09:00:00Z,2026-12-28T09:00:00Z,", good(3), good(1).replace("PC-1", "PC-1-again")];
  const sheet = fleet.readSheet(`${header}\n${rows.join("\n")}\n`, () => "00000000-0000-4000-8000-00000000aaaa");
  const problems = [...fleet.problemsOf(sheet, {})].map(([row, issues]) => [row.line, issues.map((i) => `${i.path}: ${i.code}`)]);
  assert.deepEqual(problems, [
    [3, ["status: enum", "lastReportedDateTime: range"]],
    [5, ["id: duplicate"]],
  ]);
  assert.match(fleet.problemsOf(sheet, {}).get(sheet.rows[3])[0].message, /the same id as row 2/);
  sheet.rows[3].dropped = true;
  sheet.rows[1].values.status = "compliant";
  sheet.rows[1].values.lastReportedDateTime = "2026-02-28T09:00:00Z";
  assert.equal(fleet.problemsOf(sheet, {}).size, 0, "fixed and dropped rows have none");
});

test("each row's fate after createMany: stored, not stored, or unknown, never guessed", () => {
  const row = () => ({ line: 2, values: { id: "s-1", deviceDisplayName: "PC-1" }, dropped: false });
  const failed = (kind, fields = {}) => ({ index: 0, outcome: "failed", error: new GraphError("m", { kind, requestId: "r-1", ...fields }) });
  const cases = [
    [{ index: 0, outcome: "created", status: { id: "s-1" } }, "stored", /Created s-1/],
    [{ index: 0, outcome: "invalid", error: new GraphError("m", { kind: "validation", errors: [{ path: "status", code: "enum", message: "status: no" }] }) }, "notStored", /Not sent: status: no/],
    [failed("aborted"), "notStored", /cancelled/],
    [failed("outcomeUnknown"), "unknown", /unknown whether/],
    [failed("storedUnreadable"), "stored", /./],
    [failed("service", { statusCode: 403 }), "notStored", /Permission denied/],
  ];
  for (const [result, fate, detail] of cases) {
    const settled = row();
    fleet.settle(settled, result);
    assert.equal(settled.fate, fate, result.error?.kind ?? result.outcome);
    assert.match(settled.detail, detail);
  }
  const unknown = { ...row(), fate: "unknown" };
  fleet.settleLookup(unknown, new GraphError("not found", { kind: "service", statusCode: 404 }));
  assert.equal(unknown.fate, "notStored");
  fleet.settleLookup(unknown, { id: "s-1" });
  assert.equal(unknown.fate, "stored");
  const still = { ...row(), fate: "unknown" };
  fleet.settleLookup(still, new GraphError("down", { kind: "network" }));
  assert.equal(still.fate, "unknown", "a failed lookup settles nothing");

  const sheet = { rows: [{ ...row(), fate: "stored", detail: "Created s-1" }, { ...row(), line: 3, dropped: true }] };
  assert.deepEqual(fleet.resultsTable(sheet), [
    ["row", "id", "deviceDisplayName", "result", "detail", "request-id", "client-request-id"],
    ["2", "s-1", "PC-1", "stored", "Created s-1", "", ""],
    ["3", "s-1", "PC-1", "dropped", "left out by the admin", "", ""],
  ]);
});
