#!/usr/bin/env node
// Summary of a V8 CPU profile (node --cpu-prof) of the production server under bench/api-read.mjs's load, for
// bench/profile-read.sh: each sample's self time goes to one category, chosen by the leaf frame's source (mapped
// back through the build's source maps: the server chunks are minified bundles); whatever the health monitor calls
// counts as the monitor's while its frame is on the stack. Only samples inside the measured
// window count (the load generator prints it in process.hrtime microseconds, the clock V8 stamps samples with).
// Usage: node bench/profile-summary.mjs PROFILE.cpuprofile FROM_US TO_US REQUESTS [LABEL]
// Prints a Markdown table (share of busy time, CPU ms per request) and the functions with most self time.
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

const [file, fromArg, toArg, requestsArg, label = "profile"] = process.argv.slice(2);
if (!file || !requestsArg) {
  console.error("usage: profile-summary.mjs PROFILE FROM_US TO_US REQUESTS [LABEL]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8"));
const from = Number(fromArg);
const to = Number(toArg);
const requests = Number(requestsArg);

// Categories in the order they are tested: the first whose pattern matches the frame's (mapped) source wins.
const CATEGORIES = [
  ["GC", (f) => f.name === "(garbage collector)"],
  ["idle", (f) => f.name === "(idle)"],
  ["health monitor and alerts (server/health, server/alerts)", (f) => /\/server\/(health|alerts)\//.test(f.src)],
  ["auth (token/session lookup, principal cache)", (f) => /\/server\/(auth\/|http\/authenticate)/.test(f.src)],
  ["audit", (f) => /\/server\/audit\//.test(f.src)],
  [
    "logging (pino, server/log.ts)",
    (f) => /\/node_modules\/(pino|sonic-boom|thread-stream)|\/server\/log\.ts/.test(f.src),
  ],
  ["metrics (prom-client)", (f) => /\/node_modules\/prom-client|\/server\/metrics\.ts/.test(f.src)],
  ["zod (input parsing)", (f) => /\/node_modules\/zod\//.test(f.src)],
  [
    "route wrapper, rest (server/http)",
    (f) => /\/server\/(http\/|storable|errors|config|runtime|allowed-hosts)/.test(f.src),
  ],
  ["handler (server/jobs: listJobs, toJobView)", (f) => /\/server\/jobs\//.test(f.src)],
  [
    "Prisma client + query compiler",
    (f) => /@prisma|prisma-adapter|query_compiler|\/server\/adapters\/db\//.test(f.src),
  ],
  ["pg driver", (f) => /\/node_modules\/(pg|pg-[a-z]+|postgres-[a-z]+|pgpass)\//.test(f.src)],
  ["PGlite (the database, in process)", (f) => /@electric-sql\/pglite/.test(f.src)],
  ["JSON (stringify/parse)", (f) => f.src === "" && /^(stringify|parse|JSONStringify|JSONParse)$/.test(f.name)],
  [
    "fast-route server (scripts/serve.mjs, node-io)",
    (f) => /\/scripts\/serve\.mjs|\/server\/(http\/node-io|fast-routes)\.mjs/.test(f.src),
  ],
  [
    "Next.js routing/rendering",
    (f) => /\/node_modules\/next\/|next\/dist\/|\[turbopack\]|\/\.next[^/]*\/server\/(?!chunks)/.test(f.src),
  ],
  ["web Request/Response/Headers (undici)", (f) => /node:internal\/deps\/undici|\/node_modules\/undici\//.test(f.src)],
  ["Node.js HTTP, net, streams", (f) => /^node:/.test(f.src)],
  ["native/program (V8, libuv, syscalls)", (f) => f.name === "(program)"],
];

const maps = new Map();
function sourceMapOf(url) {
  if (!maps.has(url)) {
    try {
      maps.set(url, new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, "utf8"))));
    } catch {
      maps.set(url, null); // no map beside it: the frame keeps its bundle's name
    }
  }
  return maps.get(url);
}

/** The frame's original source and function: bundled chunks mapped back through their source map. */
function describe(callFrame) {
  const { url, functionName, lineNumber, columnNumber } = callFrame;
  let src = url.startsWith("file://") ? fileURLToPath(url) : url;
  let where = `${src.replace(/^.*\/(node_modules|server|scripts|app)\//, "$1/")}:${lineNumber + 1}`;
  if (/\/\.next[^/]*\/server\/chunks\//.test(src)) {
    const entry = sourceMapOf(url)?.findEntry(lineNumber, columnNumber);
    if (entry?.originalSource) {
      src = entry.originalSource.replace(/^turbopack:\/\/\/\[project\]/, "");
      where = `${src.replace(/^.*\/(node_modules|server|scripts|app)\//, "$1/")}:${entry.originalLine + 1}`;
    }
  }
  if (!src.startsWith("/") && !src.startsWith("node:") && src !== "") src = `/${src}`;
  return { src, name: functionName, where };
}

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map(); // node id -> µs inside the window
let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  if (t < from || t > to) continue;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
}

const parents = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
const MONITOR = CATEGORIES[2][0];
const monitorMemo = new Map();
/** Whether the monitor is on the sample's (synchronous) stack: what it calls counts as its own. */
function underMonitor(id) {
  if (id === undefined) return false;
  if (!monitorMemo.has(id)) {
    const own = /\/server\/(health|alerts)\//.test(describe(nodes.get(id).callFrame).src);
    monitorMemo.set(id, own || underMonitor(parents.get(id)));
  }
  return monitorMemo.get(id);
}
const categoryOf = (frame) => CATEGORIES.find(([, test]) => test(frame))?.[0];

/**
 * A native function without source (a socket's writev, a string write, a regexp) counts where it was called from:
 * the nearest caller with a source. The microtask loop itself is its own category.
 */
function categorize(id) {
  const frame = describe(nodes.get(id).callFrame);
  if (underMonitor(id)) return { frame, cat: MONITOR };
  const own = categoryOf(frame);
  if (own || frame.src !== "") return { frame, cat: own ?? "other" };
  if (frame.name === "runMicrotasks") return { frame, cat: "promise/microtask machinery (V8)" };
  for (let p = parents.get(id); p !== undefined; p = parents.get(p)) {
    const caller = describe(nodes.get(p).callFrame);
    if (caller.src !== "")
      return { frame: { ...frame, where: `via ${caller.where}` }, cat: categoryOf(caller) ?? "other" };
  }
  return { frame, cat: "other" };
}

const byCategory = new Map();
const byFunction = new Map();
for (const [id, us] of selfUs) {
  const { frame, cat } = categorize(id);
  byCategory.set(cat, (byCategory.get(cat) ?? 0) + us);
  const key = `${frame.name || "(anonymous)"} ${frame.where}`;
  const fn = byFunction.get(key) ?? { us: 0, cat };
  fn.us += us;
  byFunction.set(key, fn);
}

const total = [...byCategory.values()].reduce((a, b) => a + b, 0);
const idle = byCategory.get("idle") ?? 0;
const busy = total - idle;
const pct = (us) => `${((100 * us) / busy).toFixed(1)} %`;
const perReq = (us) => (us / 1000 / requests).toFixed(3);
console.log(`#### ${label}`);
console.log("");
console.log(
  `Window ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${((100 * busy) / total).toFixed(0)} % of one core), ${requests} requests: ${(busy / 1000 / requests).toFixed(3)} ms of server CPU per request.`,
);
console.log("");
console.log(
  "| category (self time of the leaf frame; a native one counts for its caller) | share of busy time | CPU ms per request |",
);
console.log("|---|---|---|");
const ordered = [...byCategory].filter(([c]) => c !== "idle").sort((a, b) => b[1] - a[1]);
for (const [cat, us] of ordered) console.log(`| ${cat} | ${pct(us)} | ${perReq(us)} |`);
console.log(`| idle (not in the share) | — | ${perReq(idle)} |`);
console.log("");
console.log("Functions with most self time:");
console.log("");
console.log("| function (source) | category | share of busy time |");
console.log("|---|---|---|");
for (const [key, { us, cat }] of [...byFunction].sort((a, b) => b[1].us - a[1].us).slice(0, 15))
  console.log(`| \`${key.replaceAll("|", "\\|")}\` | ${cat} | ${pct(us)} |`);
