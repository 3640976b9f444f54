// CSV as spreadsheets write it (RFC 4180): read into rows of text, and written
// back for the results download.

/** CSV text that cannot be read, with the line it goes wrong on. */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "CsvError";
  }
}

/** One record and the line of the file it starts on (1 for the first). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * The records of a CSV file: cells split at the delimiter, a quoted cell may
 * hold delimiters, line breaks and quotes written twice (`""`); lines end with
 * CRLF or LF; a byte-order mark is skipped; blank lines are left out. The
 * delimiter is a comma, or a semicolon when the first line has more of those
 * (Excel writes semicolons where the decimal separator is a comma).
 */
export function readCsv(text: string): CsvRecord[] {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const delimiter = delimiterOf(source);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let start = 1;
  let quoted = false;
  // A cell that was quoted, even if empty: a record of one quoted empty cell
  // is not a blank line.
  let wasQuoted = false;
  const endCell = () => {
    cells.push(cell);
    cell = "";
  };
  const endRecord = () => {
    endCell();
    if (cells.length > 1 || cells[0] !== "" || wasQuoted) records.push({ line: start, cells });
    cells = [];
    wasQuoted = false;
  };
  for (let at = 0; at < source.length; at++) {
    const char = source[at];
    if (quoted) {
      if (char === '"' && source[at + 1] === '"') {
        cell += '"';
        at++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === "\n") line++;
        cell += char;
      }
    } else if (char === '"' && cell === "") {
      quoted = true;
      wasQuoted = true;
    } else if (char === delimiter) {
      endCell();
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[at + 1] === "\n") at++;
      endRecord();
      line++;
      start = line;
    } else {
      cell += char;
    }
  }
  if (quoted) throw new CsvError("a quoted cell is never closed (a \" is missing)", start);
  if (cell !== "" || cells.length > 0 || wasQuoted) endRecord();
  return records;
}

function delimiterOf(text: string): "," | ";" {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && char === ",") commas++;
    else if (!quoted && char === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

/**
 * CSV text of `rows` (the first one the header), CRLF line ends, every cell
 * that needs it quoted. A cell a spreadsheet would run as a formula (starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so
 * a device named `=HYPERLINK(…)` stays text.
 */
export function writeCsv(rows: string[][]): string {
  const cell = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}
