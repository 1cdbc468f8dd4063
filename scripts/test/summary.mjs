#!/usr/bin/env node
// Adds up the reports of the vitest runs (JUnit XML: a failed beforeAll is a failed case there, with its message, while
// vitest's JSON only marks the file's tests skipped), the Playwright runs (JSON) and the API fuzz stage (schemathesis'
// JUnit XML, one case per operation) and prints the failures, one line each, and one closing line: "tests: N passed, N failed".
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { stripVTControlCharacters } from "node:util";

/**
 * Counts from a JUnit XML file: the sum of its <testsuite> elements (vitest puts `skipped` only there), or the
 * <testsuites> totals when none of them has counts.
 */
export function junitCounts(xml) {
  const heads = [...xml.matchAll(/<testsuite\b([^>]*)>/g)].map((m) => m[1]).filter((h) => /\btests="/.test(h));
  if (!heads.length) heads.push(/<testsuites\b([^>]*)>/.exec(xml)?.[1] ?? "");
  const n = (name) => heads.reduce((sum, h) => sum + Number(new RegExp(`\\b${name}="(\\d+)"`).exec(h)?.[1] ?? 0), 0);
  const f = n("failures") + n("errors"),
    s = n("skipped");
  return { p: n("tests") - f - s, f, s };
}

export function countsOf(file, text) {
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

/**
 * The line of an error that says what went wrong: a Python traceback's last line, else the first that names an
 * error, with the line after it when that one is only a title ("Runtime Error").
 */
export function headline(lines) {
  if (!lines.length) return "(no message)";
  if (/^Traceback|^\s*File "/.test(lines[0])) return lines.at(-1);
  const i = Math.max(
    0,
    lines.findIndex((l) => /error|expected|timed? ?out|exceeded|failed|refused/i.test(l)),
  );
  const line = lines[i].length < 40 && lines[i + 1] ? `${lines[i]}: ${lines[i + 1].trim()}` : lines[i];
  // An expect() failure says what it wanted in the lines below its first: those are the news.
  const wanted = lines
    .filter((l) => /^\s*(Expected|Received|Locator)( pattern| string)?:/.test(l))
    .map((l) => l.trim());
  return wanted.length ? `${line.replace(/ \/\/ Object\.is equality$/, "")} · ${wanted.join(" · ")}` : line;
}

const unescapeXml = (s) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#10;/g, "\n")
    .replace(/&amp;/g, "&");

/** Failed tests of a report, each with the start of its error: `file › title` and a few lines. */
export function failuresOf(file, text) {
  const out = [];
  if (file.endsWith(".xml")) {
    // A self-closing <testcase …/> passed; one with a body may hold a <failure> or an <error>.
    for (const m of text.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
      const f = m[2] && /<(failure|error)\b[^>]*?(?:message="([^"]*)")?[^>]*>([\s\S]*?)<\/\1>/.exec(m[2]);
      if (f)
        out.push({
          name: [/\bclassname="([^"]*)"/.exec(m[1])?.[1], /\bname="([^"]*)"/.exec(m[1])?.[1] ?? "?"]
            .filter(Boolean)
            .map(unescapeXml)
            .join(" › "),
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

/** Prints the failures and counts of the reports named; exit code 1 when anything failed or a report is missing. */
function main(files) {
  let passed = 0,
    failed = 0,
    skipped = 0;
  const failures = [];
  const rows = [];
  for (const file of files) {
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
    // In detail first: a reader of the whole log reads these; one who sees only its last lines (a CI's tail) gets the
    // one-line list below, all of it, above the counts.
    console.log("failed, in detail:");
    for (const { name, lines } of failures.slice(0, 12))
      console.log(`  ✘ ${name}\n${lines.map((l) => `      ${l}`).join("\n")}`);
    if (failures.length > 12) console.log(`  … and ${failures.length - 12} more`);
    console.log(`failed (${failures.length}), one line each:`);
    for (const { name, lines } of failures.slice(0, 30)) console.log(`  ✘ ${name}: ${headline(lines)}`.slice(0, 240));
    if (failures.length > 30) console.log(`  … and ${failures.length - 30} more`);
  }
  for (const row of rows) console.log(`  ${row}`);
  const steps = (process.env.FAILED_STEPS ?? "").split("\n").filter(Boolean);
  if (steps.length) console.log(`  failed steps: ${steps.join("; ")}`);
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exitCode = failed > 0 || steps.length ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main(process.argv.slice(2));
