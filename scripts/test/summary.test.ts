import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The closing summary of `npm test` (scripts/test/summary.mjs), run as CI runs it, on reports shaped like the ones
// vitest, Playwright and schemathesis write.
const dir = mkdtempSync(join(tmpdir(), "nexus-summary-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function summary(files: Record<string, string>, failedSteps = ""): { out: string; code: number } {
  const paths = Object.entries(files).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
  try {
    return {
      out: execFileSync(process.execPath, ["scripts/test/summary.mjs", ...paths], {
        encoding: "utf8",
        env: { ...process.env, FAILED_STEPS: failedSteps },
      }),
      code: 0,
    };
  } catch (e) {
    const err = e as { stdout: string; status: number };
    return { out: err.stdout, code: err.status };
  }
}

// What vitest's JUnit reporter writes when a beforeAll throws: the tests skipped, the suite a failed case.
const vitestHookFailed = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="3" failures="1" errors="0" time="0.1">
  <testsuite name="server/iceberg.int.test.ts" tests="3" failures="1" errors="0" skipped="2" time="0.1">
    <testcase classname="server/iceberg.int.test.ts" name="catalog &gt; lists" time="0"><skipped/></testcase>
    <testcase classname="server/iceberg.int.test.ts" name="catalog &gt; 404" time="0"><skipped/></testcase>
    <testcase classname="server/iceberg.int.test.ts" name="catalog" time="0.002">
      <failure message="Command failed: python seed" type="Error">Error: Command failed: python seed
requests.exceptions.ConnectionError: refused
 ❯ server/iceberg.int.test.ts:3:27</failure>
    </testcase>
  </testsuite>
</testsuites>`;

const fuzzRuntimeError = `<?xml version="1.0" encoding="utf-8"?>
<testsuites errors="1" failures="0" skipped="0" tests="2" time="1">
  <testsuite name="schemathesis" errors="1" failures="0" skipped="0" tests="2" time="1">
    <testcase name="GET /api/v1/jobs" time="1" />
    <testcase name="GET /api/v1/audit" time="1"><error type="error" message="Runtime Error">Runtime Error&#10;&#10;AST constructor recursion depth mismatch (before=66, after=61)&#10;&#10;    Traceback (most recent call last):&#10;      File "x.py", line 1</error></testcase>
  </testsuite>
</testsuites>`;

const vitestGreen = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="2" failures="0" errors="0" time="0.1">
  <testsuite name="a.test.ts" tests="2" failures="0" errors="0" skipped="0" time="0.1">
    <testcase classname="a.test.ts" name="one" time="0"/>
    <testcase classname="a.test.ts" name="two" time="0"/>
  </testsuite>
</testsuites>`;

describe("npm test's summary", () => {
  it("counts a failed beforeAll of vitest as a failure and names its file and error on one line", () => {
    const { out, code } = summary({ "int.xml": vitestHookFailed, "unit.xml": vitestGreen });
    expect(code).toBe(1);
    expect(out).toContain("int.xml: 0 passed, 1 failed, 2 skipped");
    expect(out).toContain("unit.xml: 2 passed, 0 failed, 0 skipped");
    expect(out).toMatch(/✘ server\/iceberg\.int\.test\.ts › catalog: .*ConnectionError: refused/);
    expect(out.trim().split("\n").at(-1)).toBe("tests: 2 passed, 1 failed, 2 skipped");
  });

  it("gives a fuzz runtime error's message, not only its title, in the one-line list", () => {
    const { out } = summary({ "fuzz.xml": fuzzRuntimeError });
    expect(out).toContain(
      "✘ GET /api/v1/audit: Runtime Error: AST constructor recursion depth mismatch (before=66, after=61)",
    );
  });

  it("puts every failure's line after the details, so a log's last lines name them all", () => {
    const many = Array.from(
      { length: 20 },
      (_, i) => `<testcase name="op ${i}"><failure message="m">boom ${i}</failure></testcase>`,
    );
    const xml = `<testsuites tests="20" failures="20"><testsuite name="schemathesis">${many.join("")}</testsuite></testsuites>`;
    const lines = summary({ "fuzz.xml": xml }).out.trim().split("\n");
    const list = lines.slice(lines.findIndex((l) => l.startsWith("failed (20), one line each:")) + 1, -2);
    expect(list).toHaveLength(20);
    expect(list[19]).toBe("  ✘ op 19: boom 19");
  });

  it("fails when a report is missing, or ran no test", () => {
    const { out, code } = summary({ "empty.xml": '<testsuites tests="0" failures="0"></testsuites>' });
    expect(code).toBe(1);
    expect(out).toContain("empty.xml: ran no test");
    expect(summary({}).code).toBe(0);
  });

  it("adds what an expect() wanted and got to its one line", () => {
    const report = {
      stats: { expected: 0, unexpected: 1, skipped: 0, flaky: 0 },
      suites: [
        {
          file: "api/stacks.spec.ts",
          specs: [
            {
              file: "api/stacks.spec.ts",
              title: "down leaves nothing",
              tests: [
                {
                  status: "unexpected",
                  results: [
                    {
                      errors: [
                        {
                          message:
                            'Error: expect(received).toBe(expected) // Object.is equality\n\nExpected: ""\nReceived: "9226aa115a6a"\n\n  169 | x',
                        },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const { out } = summary({ "e2e.json": JSON.stringify(report) });
    expect(out).toContain(
      '✘ api/stacks.spec.ts › down leaves nothing: Error: expect(received).toBe(expected) · Expected: "" · Received: "9226aa115a6a"',
    );
  });

  it("names the steps that failed above the closing line, and fails with them even when every test passed", () => {
    const { out, code } = summary({ "unit.xml": vitestGreen }, "types\nlint\n");
    expect(code).toBe(1);
    expect(out.trim().split("\n").slice(-2)).toEqual([
      "  failed steps: types; lint",
      "tests: 2 passed, 0 failed, 0 skipped",
    ]);
  });
});
