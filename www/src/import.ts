// The fleet import: a CSV dropped or picked, every row checked in the page (the
// admin fixes or drops the rows with problems, or gives one value for every row
// where the file has no column), then sent with createMany behind a progress bar
// and a Cancel button. Afterwards every row says whether it was stored, not
// stored or is unknown; only the not-stored rows are offered for resending (by
// their ids), the unknown ones are looked up first; the results download as CSV.

import { GraphError, type CreateManyProgress, type CreateManyWait, type DeviceStatusClient } from "intune-device-status";
import { writeCsv } from "./csv";
import { $, button, showError, text } from "./dom";
import {
  fateWords,
  problemsOf,
  readSheet,
  resultsTable,
  settle,
  settleLookup,
  statusOf,
  type FleetRow,
  type Property,
  type Sheet,
} from "./fleet";

export interface FleetPage {
  client: () => DeviceStatusClient;
  configurationId: () => string;
  /** After a run or a lookup, so the list and the chart show what is stored. */
  refresh: () => Promise<void>;
  /** Intune's write window for the client's pacing (an emulator with a faster clock). */
  writeWindowMs?: number;
}

let page: FleetPage;
let sheet: Sheet | null = null;
/** Values for every row, for the required properties the file has no column for. */
const everyRow: Partial<Record<Property, string>> = {};
/** The problems table's entries, by row and property. */
const entries = new Map<string, { row: FleetRow; path: string; tr: HTMLTableRowElement }>();
let problems = new Map<FleetRow, { path: string; message: string }[]>();
let running: AbortController | null = null;
let downloadUrl: string | null = null;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function setUpFleet(context: FleetPage) {
  page = context;
  const input = $<HTMLInputElement>("csv-file");
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) void load(file);
  });
  const zone = $("drop");
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    const file = event.dataTransfer?.files[0];
    if (file) void load(file);
  });
  $("send-fleet").addEventListener("click", () => void send(ready()));
  $("drop-problems").addEventListener("click", () => {
    for (const row of problems.keys()) row.dropped = true;
    check();
  });
  $("resend").addEventListener("click", () => void send(ready()));
  $("check-unknown").addEventListener("click", () => void lookUpUnknown());
  $("cancel-run").addEventListener("click", () => running?.abort());
}

async function load(file: File) {
  const state = $("sheet-state");
  if (running) {
    state.textContent = `${file.name} was not imported: a fleet is being sent. Cancel it, or wait for it to end.`;
    return;
  }
  try {
    sheet = readSheet(await file.text());
  } catch (error) {
    sheet = null;
    $("sheet").hidden = true;
    state.textContent = `${file.name} cannot be imported. ${(error as Error).message}`;
    return;
  }
  for (const key of Object.keys(everyRow)) delete everyRow[key as Property];
  entries.clear();
  $<HTMLTableElement>("problems").tBodies[0].replaceChildren();
  state.textContent = `${file.name}: ${plural(sheet.rows.length, "row")} read.`;
  $("sheet").hidden = false;
  $("outcome").hidden = true;
  $("run").hidden = true;
  drawColumns(sheet);
  drawEveryRow(sheet);
  check();
}

function drawColumns({ columns, generatedIds }: Sheet) {
  const list = $("sheet-columns");
  const read = columns.filter((column) => column.property);
  const ignored = columns.filter((column) => !column.property);
  list.replaceChildren(
    text(
      "p",
      "Columns read: " +
        read
          .map((c) => (c.header.trim() === c.property ? c.header : `"${c.header}" as ${c.property}${c.intune ? " (Intune's export)" : ""}`))
          .join(", ") +
        ".",
    ),
  );
  if (ignored.length > 0) {
    list.append(text("p", `Not read (not status properties): ${ignored.map((c) => `"${c.header}"`).join(", ")}.`, "hint"));
  }
  if (generatedIds > 0) {
    list.append(
      text(
        "p",
        `${plural(generatedIds, "row")} had no id and got a fresh one: a status whose answer is lost is then looked ` +
          "up by its id, and a resend never makes a second one.",
        "hint",
      ),
    );
  }
}

const EVERY_ROW_HINTS: Partial<Record<Property, string>> = {
  status: "One of Intune's eight statuses, e.g. compliant.",
  lastReportedDateTime: "Date and time with its offset, e.g. 2024-05-01T12:30:00Z.",
  complianceGracePeriodExpirationDateTime: "Date and time with its offset, e.g. 2024-06-01T00:00:00Z.",
};

/** An input per required property the file has no column for: one value for every row. */
function drawEveryRow({ missing }: Sheet) {
  const container = $("sheet-every-row");
  container.replaceChildren();
  if (missing.length === 0) return;
  container.append(text("p", "The file has no column for these; give one value for every row:"));
  for (const property of missing) {
    const field = text("div", "", "field");
    const id = `every-${property}`;
    const label = text("label", property);
    label.setAttribute("for", id);
    const input = document.createElement("input");
    input.id = id;
    input.autocomplete = "off";
    input.spellcheck = false;
    const hint = text("p", EVERY_ROW_HINTS[property] ?? "", "hint");
    hint.id = `${id}-hint`;
    input.setAttribute("aria-describedby", hint.id);
    input.addEventListener("input", () => {
      everyRow[property] = input.value.trim();
      check();
    });
    field.append(label, input, hint);
    container.append(field);
  }
}

/** Re-checks every row and brings the problems table, the summary and the buttons up to date. */
function check() {
  if (!sheet) return;
  problems = problemsOf(sheet, everyRow);
  const table = $<HTMLTableElement>("problems");
  const now = new Set<string>();
  for (const [row, issues] of problems) {
    for (const issue of issues) {
      const key = `${row.line}:${issue.path}`;
      now.add(key);
      const entry = entries.get(key) ?? addEntry(table, row, issue.path);
      entry.tr.className = "";
      entry.tr.cells[2].textContent = issue.message;
    }
  }
  // An entry whose problem is gone stays, marked, so the admin's focus stays put.
  for (const [key, { row, tr }] of entries) {
    if (now.has(key)) continue;
    tr.className = row.dropped ? "dropped" : "fixed";
    tr.cells[2].textContent = row.dropped ? "Dropped: not sent" : "Fixed";
  }
  table.hidden = entries.size === 0;
  summarize(sheet);
}

function addEntry(table: HTMLTableElement, row: FleetRow, path: string) {
  const tr = document.createElement("tr");
  const field = path as Property;
  const input = document.createElement("input");
  input.value = row.values[field] ?? "";
  input.autocomplete = "off";
  input.spellcheck = false;
  input.setAttribute("aria-label", `Row ${row.line}, ${path}`);
  input.addEventListener("input", () => {
    const value = input.value.trim();
    if (value === "") delete row.values[field];
    else row.values[field] = value;
    check();
  });
  const dropRow = () => {
    row.dropped = true;
    check();
  };
  const value = document.createElement("td");
  value.append(input);
  const drop = document.createElement("td");
  drop.append(button("Drop", dropRow, `Drop row ${row.line}`));
  // Row, field, problem (written by check), value, drop.
  tr.append(text("td", String(row.line)), text("td", path), text("td", ""), value, drop);
  table.tBodies[0].append(tr);
  const entry = { row, path, tr };
  entries.set(`${row.line}:${path}`, entry);
  return entry;
}

/** Rows to send now: kept, without problems, and not stored or unknown. */
function ready(): FleetRow[] {
  if (!sheet) return [];
  return sheet.rows.filter((row) => !row.dropped && !problems.has(row) && (row.fate === undefined || row.fate === "notStored"));
}

function summarize(current: Sheet) {
  const kept = current.rows.filter((row) => !row.dropped);
  const dropped = current.rows.length - kept.length;
  const sendable = ready();
  const unset = current.missing.filter((property) => !everyRow[property]);
  const summary = [
    `${plural(kept.length, "row")} to report`,
    problems.size > 0 ? `${plural(problems.size, "row")} with problems: fix or drop them` : "no problems",
    dropped > 0 ? `${dropped} dropped` : "",
  ].filter(Boolean);
  $("sheet-summary").textContent = `${summary.join("; ")}.`;
  const sendButton = $<HTMLButtonElement>("send-fleet");
  const blocked =
    running !== null
      ? "Sending…"
      : !page.configurationId()
        ? "Enter a configuration id above."
        : unset.length > 0
          ? `Give a value for every row: ${unset.join(", ")}.`
          : problems.size > 0
            ? "Fix or drop the rows with problems first."
            : sendable.length === 0
              ? "Nothing left to send."
              : "";
  sendButton.textContent = `Send ${plural(sendable.length, "status", "statuses")}`;
  sendButton.disabled = blocked !== "";
  $("send-blocked").textContent = blocked;
  $<HTMLButtonElement>("drop-problems").hidden = problems.size === 0;
}

function progressWords(progress: CreateManyProgress, throttled: number) {
  const waits = throttled > 0 ? `; waited for Graph's throttling ${plural(throttled, "time")}` : "";
  return (
    `${progress.done} of ${progress.total} done: ${progress.created} stored, ${progress.invalid} invalid, ` +
    `${progress.failed} failed${waits}`
  );
}

async function send(rows: FleetRow[]) {
  if (!sheet || rows.length === 0 || running) return;
  const controller = new AbortController();
  running = controller;
  summarize(sheet);
  $("run").hidden = false;
  $("outcome").hidden = true;
  const bar = $<HTMLProgressElement>("run-progress");
  const counts = $("run-counts");
  const waiting = $("run-wait");
  bar.max = rows.length;
  bar.value = 0;
  // Times Graph throttled the run: each hold counts once, however often the run
  // is told to wait during it.
  let throttled = 0;
  let holdEnds = 0;
  let waitEnds: ReturnType<typeof setTimeout> | undefined;
  counts.textContent = progressWords({ done: 0, total: rows.length, created: 0, invalid: 0, failed: 0 }, throttled);
  const cancel = $<HTMLButtonElement>("cancel-run");
  cancel.disabled = false;
  cancel.hidden = false;
  const onWait = ({ ms, throttled: byGraph }: CreateManyWait) => {
    clearTimeout(waitEnds);
    if (byGraph) {
      if (Date.now() >= holdEnds) throttled++;
      holdEnds = Date.now() + ms;
      waiting.textContent = `Graph is throttling this app: sending resumes in ${seconds(ms)} s.`;
    } else if (ms >= 2000) {
      waiting.textContent = `Pacing under Intune's limit of 100 writes per 20 seconds: the next in ${seconds(ms)} s.`;
    } else {
      return;
    }
    waitEnds = setTimeout(() => (waiting.textContent = ""), ms);
  };
  try {
    const results = await page.client().createMany(
      page.configurationId(),
      rows.map((row) => statusOf(row, everyRow)),
      {
        signal: controller.signal,
        writeWindowMs: page.writeWindowMs,
        onProgress: (now) => {
          bar.value = now.done;
          counts.textContent = progressWords(now, throttled);
        },
        onWait,
      },
    );
    for (const result of results) settle(rows[result.index], result);
  } catch (error) {
    // createMany refuses its arguments before anything is sent: no row changed.
    showError(counts, error);
  } finally {
    clearTimeout(waitEnds);
    waiting.textContent = "";
    cancel.hidden = true;
    running = null;
  }
  drawOutcome();
  await page.refresh();
}

async function lookUpUnknown() {
  if (!sheet) return;
  const lookUp = $<HTMLButtonElement>("check-unknown");
  lookUp.disabled = true;
  for (const row of sheet.rows.filter((r) => !r.dropped && r.fate === "unknown")) {
    try {
      settleLookup(row, await page.client().get(page.configurationId(), row.values.id ?? ""));
    } catch (error) {
      if (error instanceof GraphError) settleLookup(row, error);
    }
  }
  lookUp.disabled = false;
  drawOutcome();
  await page.refresh();
}

/** The run's outcome: every row's fate, what can be done next, and the download. */
function drawOutcome() {
  if (!sheet) return;
  summarize(sheet);
  const kept = sheet.rows.filter((row) => !row.dropped);
  const count = (fate: FleetRow["fate"]) => kept.filter((row) => row.fate === fate).length;
  const stored = count("stored");
  const notStored = count("notStored");
  const unknown = count("unknown");
  const unsent = count(undefined);
  $("outcome").hidden = false;
  $("outcome-summary").textContent =
    `${plural(stored, "row")} stored, ${notStored} not stored, ${unknown} unknown` +
    (unsent > 0 ? `, ${unsent} not sent yet` : "") +
    ".";
  const resend = $<HTMLButtonElement>("resend");
  // Never the unknown rows: those are looked up first.
  const again = ready();
  resend.hidden = again.length === 0;
  resend.textContent = `Resend the ${plural(again.length, "row")} not stored`;
  const lookUp = $<HTMLButtonElement>("check-unknown");
  lookUp.hidden = unknown === 0;
  lookUp.textContent = `Look up the ${plural(unknown, "row")} whose outcome is unknown`;
  $("outcome-hint").textContent =
    unknown > 0
      ? "Rows whose outcome is unknown are never resent blindly: look them up by id first."
      : "";

  const rows = $<HTMLTableElement>("results").tBodies[0];
  rows.replaceChildren(
    ...sheet.rows.map((row) => {
      const tr = document.createElement("tr");
      tr.dataset.fate = row.dropped ? "dropped" : (row.fate ?? "unsent");
      const detail = row.requestId ? `${row.detail ?? ""} (request-id: ${row.requestId})` : (row.detail ?? "");
      for (const value of [
        String(row.line),
        row.values.deviceDisplayName ?? "—",
        row.values.id ?? "",
        row.dropped ? "dropped" : fateWords(row.fate),
        row.dropped ? "" : detail,
      ]) {
        tr.append(text("td", value));
      }
      return tr;
    }),
  );
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(new Blob([writeCsv(resultsTable(sheet))], { type: "text/csv" }));
  $<HTMLAnchorElement>("download").href = downloadUrl;
}

/** The configuration id changed: what can be sent, and where, changed with it. */
export function configurationChanged() {
  if (sheet) summarize(sheet);
}
