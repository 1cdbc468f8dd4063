#!/usr/bin/env node
// Measurement half of bench/health.sh: the cost of one probe cycle over all services (wall time and the
// server's CPU time), and the overview's largest contentful paint in headless Chromium. One JSON line each.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { chromium } from "@playwright/test";

const [mode, url, ...rest] = process.argv.slice(2);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const r1 = (x) => Math.round(x * 10) / 10;
/** utime + stime of a process, in ms (clock ticks of 10 ms on Linux). */
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
};

if (mode === "cycle") {
  const [token, pid, runs] = [rest[0], Number(rest[1]), Number(rest[2] ?? 50)];
  const headers = { authorization: `Bearer ${token}` };
  for (let i = 0; i < 3; i++)
    await (await fetch(`${url}/api/v1/health/probe`, { method: "POST", headers })).arrayBuffer();
  const wall = [];
  let services = 0,
    notUp = 0;
  const cpu0 = cpuMs(pid);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/health/probe`, { method: "POST", headers });
    const body = await res.json();
    wall.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`probe: ${res.status} ${JSON.stringify(body)}`);
    services = body.services.length;
    notUp = body.services.filter((s) => s.status !== "up").length;
  }
  const cpu = (cpuMs(pid) - cpu0) / runs;
  console.log(
    JSON.stringify({
      runs,
      services,
      notUp,
      p50: r1(pct(wall, 50)),
      p95: r1(pct(wall, 95)),
      max: r1(Math.max(...wall)),
      cpuMsPerCycle: r1(cpu),
    }),
  );
} else if (mode === "lcp") {
  const [password, runs] = [rest[0], Number(rest[1] ?? 20)];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const login = await browser.newContext({ baseURL: url });
  const res = await login.request.post("/api/v1/auth/login", { data: { username: "admin", password } });
  if (res.status() !== 200) throw new Error(`login: ${res.status()}`);
  const state = await login.storageState();
  await login.close();
  const lcp = [],
    tiles = [];
  let element = "";
  for (let i = 0; i < runs + 2; i++) {
    const ctx = await browser.newContext({ baseURL: url, storageState: state, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto("/");
    await page.getByTestId("tile-kafka").waitFor();
    const m = await page.evaluate(
      () =>
        new Promise((resolve) => {
          new globalThis.PerformanceObserver((list) => {
            const e = list.getEntries().at(-1);
            resolve({
              lcp: e.startTime,
              el: e.element
                ? `${e.element.tagName.toLowerCase()}${e.element.dataset?.testid ? `[${e.element.dataset.testid}]` : ""}: ${(e.element.textContent ?? "").slice(0, 40)}`
                : "?",
              tiles: performance.now(),
            });
          }).observe({ type: "largest-contentful-paint", buffered: true });
        }),
    );
    if (i >= 2) {
      lcp.push(m.lcp);
      tiles.push(m.tiles);
      element = m.el;
    } // two warm-up loads
    await ctx.close();
  }
  await browser.close();
  console.log(
    JSON.stringify({
      runs,
      lcpP50: r1(pct(lcp, 50)),
      lcpP95: r1(pct(lcp, 95)),
      lcpMax: r1(Math.max(...lcp)),
      tilesP50: r1(pct(tiles, 50)),
      tilesP95: r1(pct(tiles, 95)),
      element,
    }),
  );
} else {
  console.error("usage: health.mjs cycle URL TOKEN PID RUNS | lcp URL ADMIN_PASSWORD RUNS");
  process.exit(2);
}
