// The configuration's compliance at a glance: a bar per compliance status, with
// a table of the same counts beside it for screen readers and for reading exact
// numbers. The colours are Okabe and Ito's palette, told apart with every
// common colour-vision deficiency; each bar also carries its name and count, so
// colour is never the only clue.

import { complianceStatuses, type ComplianceStatus } from "intune-device-status";

const COLOURS: Record<ComplianceStatus, string> = {
  compliant: "#009E73",
  nonCompliant: "#D55E00",
  error: "#CC79A7",
  conflict: "#E69F00",
  remediated: "#56B4E9",
  notApplicable: "#0072B2",
  notAssigned: "#F0E442",
  unknown: "#999999",
};

/** Counts per compliance status, in Graph's order, every status listed. */
export function countByStatus(statuses: Iterable<{ status?: ComplianceStatus | null }>): Map<ComplianceStatus, number> {
  const counts = new Map(complianceStatuses().map((status) => [status, 0]));
  for (const { status } of statuses) if (status) counts.set(status, (counts.get(status) ?? 0) + 1);
  return counts;
}

const percent = (part: number, whole: number) => (whole === 0 ? "0%" : `${Math.round((part / whole) * 100)}%`);

/** Draws the bars into `bars` and the counts into `table`'s body. */
export function drawChart(bars: HTMLElement, table: HTMLTableElement, counts: Map<ComplianceStatus, number>) {
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const largest = Math.max(1, ...counts.values());
  bars.replaceChildren(
    ...[...counts].map(([status, count]) => {
      const row = document.createElement("div");
      row.className = "bar-row";
      const name = document.createElement("span");
      name.className = "bar-name";
      name.textContent = status;
      const track = document.createElement("span");
      track.className = "bar-track";
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.dataset.status = status;
      bar.style.width = `${(count / largest) * 100}%`;
      bar.style.background = COLOURS[status];
      track.append(bar);
      const value = document.createElement("span");
      value.className = "bar-value";
      value.textContent = String(count);
      row.append(name, track, value);
      return row;
    }),
  );
  table.tBodies[0].replaceChildren(
    ...[...counts].map(([status, count]) => {
      const row = document.createElement("tr");
      const name = document.createElement("th");
      name.scope = "row";
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = COLOURS[status];
      swatch.setAttribute("aria-hidden", "true");
      name.append(swatch, status);
      const number = document.createElement("td");
      number.textContent = String(count);
      const share = document.createElement("td");
      share.textContent = percent(count, total);
      row.append(name, number, share);
      return row;
    }),
  );
  table.tFoot!.rows[0].cells[1].textContent = String(total);
}
