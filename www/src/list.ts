// The configuration's statuses as a table: sorted by any column (its header is
// a button; `aria-sort` says the order), filtered by compliance status, with a
// delete button per row.

import { complianceStatuses, type ListedDeviceStatus } from "intune-device-status";
import { $, button, text } from "./dom";

type Key = "deviceDisplayName" | "user" | "status" | "lastReportedDateTime" | "id";

let listed: ListedDeviceStatus[] = [];
let sortKey: Key | null = null;
let ascending = true;
let remove: (id: string, button: HTMLButtonElement) => void;

const userOf = (status: ListedDeviceStatus) => status.userPrincipalName ?? status.userName ?? undefined;

function valueOf(status: ListedDeviceStatus, key: Key): string {
  return (key === "user" ? userOf(status) : status[key]) ?? "";
}

/** Wires the filter and the sortable headers; `onDelete` removes one status. */
export function setUpList(onDelete: (id: string, button: HTMLButtonElement) => void) {
  remove = onDelete;
  const filter = $<HTMLSelectElement>("status-filter");
  for (const status of complianceStatuses()) filter.append(new Option(status, status));
  filter.addEventListener("change", draw);
  for (const header of $("statuses").querySelectorAll<HTMLTableCellElement>("th[data-sort]")) {
    header.querySelector("button")!.addEventListener("click", () => {
      const key = header.dataset.sort as Key;
      ascending = sortKey === key ? !ascending : true;
      sortKey = key;
      draw();
    });
  }
}

/** Shows these statuses (the configuration's, as just listed). */
export function showStatuses(statuses: ListedDeviceStatus[]) {
  listed = statuses;
  draw();
}

function draw() {
  const shown = $<HTMLSelectElement>("status-filter").value;
  const rows = listed.filter((status) => shown === "" || status.status === shown);
  if (sortKey) {
    const key = sortKey;
    // Dates are ISO text with offsets: compared as instants, not as text.
    const compare =
      key === "lastReportedDateTime"
        ? (a: ListedDeviceStatus, b: ListedDeviceStatus) => Date.parse(valueOf(a, key)) - Date.parse(valueOf(b, key))
        : (a: ListedDeviceStatus, b: ListedDeviceStatus) => valueOf(a, key).localeCompare(valueOf(b, key));
    rows.sort((a, b) => (ascending ? compare(a, b) : compare(b, a)));
  }
  for (const header of $("statuses").querySelectorAll<HTMLTableCellElement>("th[data-sort]")) {
    if (header.dataset.sort === sortKey) header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    else header.removeAttribute("aria-sort");
  }
  $("statuses")
    .querySelector("tbody")!
    .replaceChildren(
      ...rows.map((status) => {
        const row = document.createElement("tr");
        for (const value of [status.deviceDisplayName, userOf(status), status.status, status.lastReportedDateTime, status.id]) {
          row.append(text("td", value ?? "—"));
        }
        const cell = document.createElement("td");
        if (status.id) {
          const id = status.id;
          const label = `Delete status ${id} (${status.deviceDisplayName ?? "device"})`;
          const deleteButton = button("Delete", () => remove(id, deleteButton), label);
          cell.append(deleteButton);
        }
        row.append(cell);
        return row;
      }),
    );
  $("list-count").textContent =
    rows.length === listed.length ? `${listed.length} status(es).` : `Showing ${rows.length} of ${listed.length} status(es).`;
}
