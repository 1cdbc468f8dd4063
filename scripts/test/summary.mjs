#!/usr/bin/env node
// Adds up the reports of vitest and Playwright runs (JSON) and of the API fuzz stage (schemathesis' JUnit XML, one test
// case per operation) and prints one closing line: "tests: N passed, N failed".
import { existsSync, readFileSync } from "node:fs";

/** Counts from a JUnit XML file's <testsuites> (or first <testsuite>) totals. */
function junitCounts(xml) {
  const head = /<testsuites?\b([^>]*)>/.exec(xml)?.[1] ?? "";
  const n = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(head)?.[1] ?? 0);
  const f = n("failures") + n("errors"), s = n("skipped");
  return { p: n("tests") - f - s, f, s };
}

function countsOf(file, text) {
  if (file.endsWith(".xml")) return junitCounts(text); // schemathesis
  const r = JSON.parse(text);
  if (r.stats) return { p: r.stats.expected + r.stats.flaky, f: r.stats.unexpected, s: r.stats.skipped }; // Playwright
  return { p: r.numPassedTests, f: r.numFailedTests, s: r.numPendingTests + (r.numTodoTests ?? 0) }; // vitest
}

let passed = 0, failed = 0, skipped = 0;
const rows = [];
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    rows.push(`${file}: missing (that step did not run)`);
    failed += 1;
    continue;
  }
  const { p, f, s } = countsOf(file, readFileSync(file, "utf8"));
  if (p + f === 0) { rows.push(`${file}: ran no test`); failed += 1; }
  else rows.push(`${file}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p; failed += f; skipped += s;
}
for (const row of rows) console.log(`  ${row}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
