#!/usr/bin/env node
// Adds up the reports of vitest and Playwright runs (JSON) and of the API fuzz stage (schemathesis' JUnit XML, one test
// case per operation) and prints one closing line: "tests: N passed, N failed".
import { existsSync, readFileSync } from "node:fs";
import { stripVTControlCharacters } from "node:util";

/** Counts from a JUnit XML file's <testsuites> (or first <testsuite>) totals. */
function junitCounts(xml) {
  const head = /<testsuites?\b([^>]*)>/.exec(xml)?.[1] ?? "";
  const n = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(head)?.[1] ?? 0);
  const f = n("failures") + n("errors"),
    s = n("skipped");
  return { p: n("tests") - f - s, f, s };
}

function countsOf(file, text) {
  if (file.endsWith(".xml")) return junitCounts(text); // schemathesis
  const r = JSON.parse(text);
  if (r.stats) return { p: r.stats.expected + r.stats.flaky, f: r.stats.unexpected, s: r.stats.skipped }; // Playwright
  return { p: r.numPassedTests, f: r.numFailedTests, s: r.numPendingTests + (r.numTodoTests ?? 0) }; // vitest
}

/** The first lines of an error message, without colours: what a reader of CI's last lines needs to start. */
const firstLines = (msg, n = 8) =>
  stripVTControlCharacters(String(msg ?? ""))
    .split("\n")
    .map((l) => l.trimEnd())
    .filter(Boolean)
    .slice(0, n)
    .map((l) => l.slice(0, 300));

const unescapeXml = (s) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#10;/g, "\n")
    .replace(/&amp;/g, "&");

/** Failed tests of a report, each with the start of its error: `file › title` and a few lines. */
function failuresOf(file, text) {
  const out = [];
  if (file.endsWith(".xml")) {
    // A self-closing <testcase …/> passed; one with a body may hold a <failure> or an <error>.
    for (const m of text.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
      const f = m[2] && /<(failure|error)\b[^>]*?(?:message="([^"]*)")?[^>]*>([\s\S]*?)<\/\1>/.exec(m[2]);
      if (f)
        out.push({
          name: /\bname="([^"]*)"/.exec(m[1])?.[1] ?? "?",
          lines: firstLines(unescapeXml(f[3] || f[2] || ""), 10),
        });
    }
    return out;
  }
  const r = JSON.parse(text);
  if (r.suites) {
    // Playwright
    const walk = (suite) => {
      for (const spec of suite.specs ?? [])
        for (const t of spec.tests ?? []) {
          const last = t.results?.at(-1);
          if (t.status === "unexpected" && last)
            out.push({
              name: `${spec.file} › ${spec.title}`,
              lines: firstLines(last.errors?.[0]?.message ?? last.error?.message),
            });
        }
      for (const s of suite.suites ?? []) walk(s);
    };
    for (const s of r.suites) walk(s);
  } else
    for (const f of r.testResults ?? [])
      for (const a of f.assertionResults ?? []) {
        // vitest
        if (a.status === "failed")
          out.push({ name: `${f.name} › ${a.fullName}`, lines: firstLines(a.failureMessages?.[0]) });
      }
  return out;
}

let passed = 0,
  failed = 0,
  skipped = 0;
const failures = [];
const rows = [];
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    rows.push(`${file}: missing (that step did not run)`);
    failed += 1;
    continue;
  }
  const text = readFileSync(file, "utf8");
  const { p, f, s } = countsOf(file, text);
  if (f > 0)
    try {
      failures.push(...failuresOf(file, text));
    } catch {
      /* the counts still say it failed */
    }
  if (p + f === 0) {
    rows.push(`${file}: ran no test`);
    failed += 1;
  } else rows.push(`${file}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
}
if (failures.length) {
  console.log("failed:");
  for (const { name, lines } of failures.slice(0, 12))
    console.log(`  ✘ ${name}\n${lines.map((l) => `      ${l}`).join("\n")}`);
  if (failures.length > 12) console.log(`  … and ${failures.length - 12} more`);
}
for (const row of rows) console.log(`  ${row}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
