#!/usr/bin/env node
// The Markdown tables of bench/api-read.sh: reads its lines `LABEL JSON` (JSON from bench/api-read.mjs) on stdin.
// LABEL is `db` or `db@connections` for one build, `db#build#round` when builds are compared (argv[2] names them,
// the first being the base): then one row per round, and the median of the rounds per build with the ratio to the
// base.
import { readFileSync } from "node:fs";

const builds = (process.argv[2] ?? "").split(/\s+/).filter(Boolean);
const runs = readFileSync(0, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((line) => {
    const space = line.indexOf(" ");
    return { label: line.slice(0, space), r: JSON.parse(line.slice(space + 1)) };
  });
const cells = (r) => `${r.requests} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.errors} | ${r.non2xx}`;

if (builds.length === 0) {
  console.log("| database | connections | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | non-2xx |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const { label, r } of runs) {
    const [db, c] = label.split("@");
    console.log(`| ${db} | ${c ?? 50} | ${cells(r)} |`);
  }
} else {
  console.log("| database | build | round | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | non-2xx |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  const parsed = runs.map(({ label, r }) => {
    const [db, build, round] = label.split("#");
    return { db, build, round, r };
  });
  for (const { db, build, round, r } of parsed) console.log(`| ${db} | ${build} | ${round} | ${cells(r)} |`);
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  console.log("");
  console.log(`Medians of the rounds, and the ratio of each build to ${builds[0]}:`);
  console.log("");
  console.log("| database | build | req/s | p50 ms | p95 ms | p99 ms | req/s ratio | p95 ratio |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const db of [...new Set(parsed.map((p) => p.db))]) {
    const of = (build, key) => median(parsed.filter((p) => p.db === db && p.build === build).map((p) => p.r[key]));
    for (const build of builds) {
      const ratio = (key) => (of(build, key) / of(builds[0], key)).toFixed(2);
      console.log(
        `| ${db} | ${build} | ${of(build, "rps")} | ${of(build, "p50")} | ${of(build, "p95")} | ${of(build, "p99")} | ${ratio("rps")} | ${ratio("p95")} |`,
      );
    }
  }
}
