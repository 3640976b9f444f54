// The size gate: what a browser downloads stays within the committed budget.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { targets } from "../../scripts/size.mjs";

const { browserGzipBytes } = JSON.parse(readFileSync(new URL("../../size-budget.json", import.meta.url), "utf8"));

test("the browser build stays within size-budget.json", () => {
  const browser = targets.find((t) => t.entry === "index.js");
  assert.ok(
    browser.total <= browserGzipBytes,
    `the browser build is ${browser.total} bytes gzip -9, over the budget of ${browserGzipBytes}`,
  );
});
