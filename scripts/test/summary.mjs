#!/usr/bin/env node
// Adds up the JSON reports of vitest and Playwright runs and prints one closing line: "tests: N passed, N failed".
import { existsSync, readFileSync } from "node:fs";

let passed = 0, failed = 0, skipped = 0;
const rows = [];
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    rows.push(`${file}: missing (that step did not run)`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, "utf8"));
  let p, f, s;
  if (r.stats) { p = r.stats.expected + r.stats.flaky; f = r.stats.unexpected; s = r.stats.skipped; } // Playwright
  else { p = r.numPassedTests; f = r.numFailedTests; s = r.numPendingTests + (r.numTodoTests ?? 0); } // vitest
  if (p + f === 0) { rows.push(`${file}: ran no test`); failed += 1; }
  else rows.push(`${file}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p; failed += f; skipped += s;
}
for (const row of rows) console.log(`  ${row}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
