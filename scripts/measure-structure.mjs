#!/usr/bin/env node
// Figures of the code's structure for a closing note: imports against the layer order (dependency-cruiser with
// .dependency-cruiser.mjs, by rule), files over 300 lines and functions over 60 lines (ESLint's own max-lines and
// max-lines-per-function rules, so the counting is a maintained tool's, not ours), in app, components, server, scripts
// and bench, tests left out. `node scripts/measure-structure.mjs [--list]`: --list names every finding. Needs Node 22.
import { execFileSync } from "node:child_process";
import { relative } from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";

const ROOTS = ["app", "components", "server", "scripts", "bench"];
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;
const list = process.argv.includes("--list");

/** dependency-cruiser's violations, grouped by rule name. */
function layerViolations() {
  const args = [
    ...ROOTS,
    "proxy.ts",
    "instrumentation.ts",
    "instrumentation-client.ts",
    "--config",
    ".dependency-cruiser.mjs",
    "--output-type",
    "json",
  ];
  let out;
  try {
    out = execFileSync("node_modules/.bin/depcruise", args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    out = e.stdout; // depcruise exits non-zero when it finds violations; the JSON is still complete
    if (!out) throw e;
  }
  const byRule = new Map();
  for (const v of JSON.parse(out).summary.violations) {
    const cycle = v.cycle?.length ? ` (cycle: ${v.cycle.map((c) => c.name ?? c).join(" → ")})` : "";
    const entry =
      v.rule.name === "no-folder-cycle" || v.rule.name === "no-circular" ? `${v.from}${cycle}` : `${v.from} → ${v.to}`;
    byRule.set(v.rule.name, [...(byRule.get(v.rule.name) ?? []), entry]);
  }
  return byRule;
}

/** ESLint run with only the two size rules, over the source files of ROOTS (tests excluded). */
async function sizeFindings() {
  const eslint = new ESLint({
    overrideConfigFile: true,
    errorOnUnmatchedPattern: false,
    overrideConfig: [
      { ignores: ["**/*.test.ts", "**/*.test.tsx", "**/*.fixture.ts", "**/*.d.mts", "**/*.d.ts", "bench/out/**"] },
      {
        files: ["**/*.ts", "**/*.tsx"],
        languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
      },
      {
        files: ["**/*.ts", "**/*.tsx", "**/*.mjs", "**/*.js"],
        linterOptions: { reportUnusedDisableDirectives: "off", noInlineConfig: true },
        rules: {
          "max-lines": ["error", { max: MAX_FILE_LINES, skipBlankLines: false, skipComments: false }],
          "max-lines-per-function": ["error", { max: MAX_FUNCTION_LINES, skipBlankLines: false, skipComments: false }],
        },
      },
    ],
  });
  const results = await eslint.lintFiles(
    ROOTS.flatMap((r) => [`${r}/**/*.ts`, `${r}/**/*.tsx`, `${r}/**/*.mjs`, `${r}/**/*.js`]),
  );
  const files = [],
    functions = [];
  for (const r of results) {
    const path = relative(process.cwd(), r.filePath);
    for (const m of r.messages) {
      if (m.fatal) throw new Error(`${path}: ${m.message}`);
      const lines = /\((\d+)\)/.exec(m.message)?.[1];
      if (m.ruleId === "max-lines") files.push(`${path} (${lines} lines)`);
      if (m.ruleId === "max-lines-per-function") functions.push(`${path}:${m.line} (${lines} lines)`);
    }
  }
  return { files: files.sort(), functions: functions.sort() };
}

function print(title, entries) {
  console.log(`${title}: ${entries.length}`);
  if (list) for (const e of entries) console.log(`    ${e}`);
}

const layers = layerViolations();
const total = [...layers.values()].reduce((n, v) => n + v.length, 0);
console.log(`layer violations (dependency-cruiser): ${total}`);
for (const [rule, entries] of [...layers].sort()) print(`  ${rule}`, entries);
const { files, functions } = await sizeFindings();
print(`files over ${MAX_FILE_LINES} lines (${ROOTS.join(", ")}; tests excluded)`, files);
print(`functions over ${MAX_FUNCTION_LINES} lines (${ROOTS.join(", ")}; tests excluded)`, functions);
