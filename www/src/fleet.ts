// A fleet from a spreadsheet: CSV columns read as Graph's properties (or as
// Intune's own device list export names them), each row checked before anything
// is sent, and each row's fate after a createMany: stored, not stored, or unknown.

import {
  GraphError,
  validateDeviceStatus,
  type CreateManyResult,
  type DeviceConfigurationDeviceStatus,
  type FieldIssue,
} from "intune-device-status";
import { explain } from "./errors";
import { readCsv } from "./csv";

export type Property = Exclude<keyof DeviceConfigurationDeviceStatus, "@odata.type">;

/** The properties a CSV column may give, in Graph's order. */
export const PROPERTIES: Property[] = [
  "id",
  "deviceDisplayName",
  "userName",
  "deviceModel",
  "complianceGracePeriodExpirationDateTime",
  "status",
  "lastReportedDateTime",
  "userPrincipalName",
];

/** Required when creating: a file without their column gets one value for every row. */
export const REQUIRED: Property[] = ["status", "lastReportedDateTime", "complianceGracePeriodExpirationDateTime"];

/**
 * Intune's device list export (Devices > All devices > Export), the columns it
 * names otherwise than Graph does; matched ignoring case.
 */
const INTUNE_COLUMNS: Record<string, Property> = {
  "device name": "deviceDisplayName",
  "primary user display name": "userName",
  "primary user upn": "userPrincipalName",
  model: "deviceModel",
  compliance: "status",
  "last check-in": "lastReportedDateTime",
};

/** The export's compliance words, lower-cased without spaces, as Graph's statuses. */
const INTUNE_COMPLIANCE: Record<string, string> = {
  compliant: "compliant",
  noncompliant: "nonCompliant",
  notcompliant: "nonCompliant",
  ingraceperiod: "nonCompliant",
  notevaluated: "unknown",
  unknown: "unknown",
  error: "error",
  conflict: "conflict",
  notapplicable: "notApplicable",
  remediated: "remediated",
  notassigned: "notAssigned",
};

/** How a column of the file is read. */
export interface Column {
  header: string;
  /** The property it gives, or null for a column that is not read. */
  property: Property | null;
  /** True when the header is Intune's export's name, whose values are converted. */
  intune: boolean;
}

export type Fate = "stored" | "notStored" | "unknown";

export interface FleetRow {
  /** The row's line in the file (the header is line 1), as a spreadsheet numbers it. */
  line: number;
  /** The row's values by property; empty cells are left out, as the form leaves them. */
  values: Partial<Record<Property, string>>;
  /** The admin left this row out. */
  dropped: boolean;
  /** After a send: whether Graph stored it. */
  fate?: Fate;
  /** The created status's id, or what went wrong, in words. */
  detail?: string;
  requestId?: string;
  clientRequestId?: string;
}

export interface Sheet {
  columns: Column[];
  rows: FleetRow[];
  /** Required properties no column gives. */
  missing: Property[];
  /** Rows that got a fresh id because the file gave none (see `readSheet`). */
  generatedIds: number;
}

/** A file the page cannot read as a fleet, in words. */
export class SheetError extends Error {
  name = "SheetError";
}

function columnOf(header: string): Column {
  const name = header.trim();
  const graph = PROPERTIES.find((property) => property.toLowerCase() === name.toLowerCase());
  if (graph) return { header, property: graph, intune: false };
  const intune = INTUNE_COLUMNS[name.toLowerCase()];
  return { header, property: intune ?? null, intune: intune !== undefined };
}

/** A cell of Intune's export as Graph takes it; other values are kept as written. */
function fromIntune(property: Property, value: string): string {
  if (property === "status") return INTUNE_COMPLIANCE[value.toLowerCase().replaceAll(" ", "")] ?? value;
  // The export writes check-in times in UTC without an offset
  // (2024-05-01 12:30:00.0000000): they are read as UTC.
  const utc = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?)$/.exec(value);
  if (property === "lastReportedDateTime" && utc) return `${utc[1]}T${utc[2]}Z`;
  return value;
}

/**
 * Reads a CSV file as a fleet: a header row, then a status per row. Every row
 * gets an id (a fresh UUID when the file has none), so that a lost answer is
 * settled by looking the status up, and a resend never makes a second one.
 * Throws a SheetError for a file that is no fleet.
 */
export function readSheet(text: string, newId: () => string = () => crypto.randomUUID()): Sheet {
  const [header, ...records] = readCsv(text);
  if (!header) throw new SheetError("The file is empty: it needs a header row, then a row per device.");
  const columns = header.cells.map(columnOf);
  for (const property of PROPERTIES) {
    const named = columns.filter((column) => column.property === property);
    if (named.length > 1) {
      throw new SheetError(
        `Two columns give ${property} (${named.map((c) => `"${c.header}"`).join(" and ")}): keep one.`,
      );
    }
  }
  if (!columns.some((column) => column.property !== null)) {
    throw new SheetError(
      "No column is named as a status property: the header row needs names such as deviceDisplayName, " +
        "status and lastReportedDateTime, or those of Intune's device export (Device name, Compliance, Last check-in).",
    );
  }
  if (records.length === 0) throw new SheetError("The file has a header row but no rows of devices.");
  let generatedIds = 0;
  const rows = records.map(({ line, cells }) => {
    const values: FleetRow["values"] = {};
    columns.forEach((column, i) => {
      const cell = (cells[i] ?? "").trim();
      if (column.property && cell !== "") {
        values[column.property] = column.intune ? fromIntune(column.property, cell) : cell;
      }
    });
    if (values.id === undefined) {
      values.id = newId();
      generatedIds++;
    }
    return { line, values, dropped: false };
  });
  const given = new Set(columns.map((column) => column.property));
  return { columns, rows, missing: REQUIRED.filter((property) => !given.has(property)), generatedIds };
}

/** The status a row sends: its values, and the values given for every row where no column gives one. */
export function statusOf(row: FleetRow, everyRow: Partial<Record<Property, string>>): DeviceConfigurationDeviceStatus {
  const status: Record<string, string> = {};
  for (const [property, value] of Object.entries(everyRow)) if (value) status[property] = value;
  Object.assign(status, row.values);
  return status as unknown as DeviceConfigurationDeviceStatus;
}

/**
 * Every row's problems (dropped rows have none): Graph's rules, and an id given
 * twice in the file, which would make the second create fail, or worse.
 */
export function problemsOf(sheet: Sheet, everyRow: Partial<Record<Property, string>>): Map<FleetRow, FieldIssue[]> {
  const problems = new Map<FleetRow, FieldIssue[]>();
  const firstWithId = new Map<string, FleetRow>();
  for (const row of sheet.rows) {
    if (row.dropped) continue;
    const issues = validateDeviceStatus(statusOf(row, everyRow)).errors.filter(
      // A column the file lacks is asked for once, not once per row.
      (issue) => !(issue.code === "required" && sheet.missing.includes(issue.path as Property)),
    );
    const id = row.values.id;
    const first = id === undefined ? undefined : firstWithId.get(id);
    if (first) {
      issues.push({ path: "id", code: "duplicate", message: `id: the same id as row ${first.line}; each status needs its own` });
    } else if (id !== undefined) {
      firstWithId.set(id, row);
    }
    if (issues.length > 0) problems.set(row, issues);
  }
  return problems;
}

/** Records a createMany result on its row: stored, not stored (and why), or unknown. */
export function settle(row: FleetRow, result: CreateManyResult) {
  if (result.outcome === "created") {
    Object.assign(row, { fate: "stored", detail: `Created ${result.status.id ?? ""}`.trim() });
    return;
  }
  const { error } = result;
  const { title, detail } = explain(error);
  const fate: Fate =
    error.kind === "storedUnreadable" ? "stored" : error.kind === "outcomeUnknown" ? "unknown" : "notStored";
  const words =
    result.outcome === "invalid"
      ? `Not sent: ${error.errors.map((issue) => issue.message).join("; ")}`
      : error.kind === "aborted"
        ? "Not sent: the run was cancelled"
        : `${title}: ${detail}`;
  Object.assign(row, {
    fate,
    detail: words,
    requestId: error.requestId ?? undefined,
    clientRequestId: error.clientRequestId ?? undefined,
  });
}

/** A row's fate after looking its status up by id: found, or Graph's 404. */
export function settleLookup(row: FleetRow, found: DeviceConfigurationDeviceStatus | GraphError) {
  if (!(found instanceof GraphError)) {
    Object.assign(row, { fate: "stored", detail: `Found stored as ${found.id ?? row.values.id}` });
  } else if (found.statusCode === 404) {
    Object.assign(row, { fate: "notStored", detail: "Not stored: Graph has no status with this id" });
  } else {
    const { title, detail } = explain(found);
    Object.assign(row, { detail: `Still unknown (${title}: ${detail})`, requestId: found.requestId ?? undefined });
  }
}

const FATE_WORDS: Record<Fate, string> = { stored: "stored", notStored: "not stored", unknown: "unknown" };

export const fateWords = (fate: Fate | undefined) => (fate ? FATE_WORDS[fate] : "not sent yet");

/** The results as a table for the CSV download, a row per row of the file. */
export function resultsTable(sheet: Sheet): string[][] {
  return [
    ["row", "id", "deviceDisplayName", "result", "detail", "request-id", "client-request-id"],
    ...sheet.rows.map((row) => [
      String(row.line),
      row.values.id ?? "",
      row.values.deviceDisplayName ?? "",
      row.dropped ? "dropped" : fateWords(row.fate),
      row.dropped ? "left out by the admin" : (row.detail ?? ""),
      row.requestId ?? "",
      row.clientRequestId ?? "",
    ]),
  ];
}
