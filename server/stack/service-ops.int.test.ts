import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createContainerEngine } from "../adapters/docker/index.ts";
import { NotFoundError } from "../errors.ts";
import { sseResponse } from "../http/sse.ts";
import { parseCompose } from "./compose/parse-compose.ts";
import { LABEL } from "./container-spec.ts";
import { TemplateMeta } from "./contract.ts";
import { runServiceAction } from "./service-ops.ts";
import { streamLogs, streamStats } from "./streams.ts";
import type { Template } from "./templates.ts";

// Needs the Docker engine and nexus/debian:bookworm from `bash scripts/test-env/docker.sh up`.
const engine = createContainerEngine({ socketPath: process.env.DOCKER_SOCKET });
const project = `nexus-svc-${randomUUID().slice(0, 8)}`;
const template: Template = {
  name: project,
  dir: "/srv/nexus",
  file: "compose.yaml",
  meta: TemplateMeta.parse({ title: "t", description: "" }),
  compose: parseCompose({
    yaml: `
name: ${project}
services:
  db:
    image: nexus/debian:bookworm
    network_mode: host
    init: true
    command: ["bash", "-c", "echo db-starting; echo db-warning >&2; sleep 0.5; touch /tmp/ready; exec sleep 600"]
    healthcheck: { test: "test -f /tmp/ready", interval: 300ms, retries: 50 }
    stop_grace_period: 2s
  app:
    image: nexus/debian:bookworm
    network_mode: host
    init: true
    command: ["bash", "-c", "i=0; while true; do echo hello-$$i; i=$$((i+1)); sleep 0.2; done"]
    stop_grace_period: 2s
    depends_on: { db: { condition: service_healthy } }
  other:
    image: nexus/debian:bookworm
    network_mode: host
    command: ["sleep", "600"]
`,
  }),
};

afterAll(async () => {
  for (const c of await engine.listByLabels({ [LABEL.project]: project })) await engine.remove(c.id);
});

const container = async (service: string) =>
  (await engine.listByLabels({ [LABEL.project]: project, [LABEL.service]: service }))[0];

/** Reads an SSE response for up to `ms`, or until `until` holds; returns the parsed events. */
async function readEvents(
  res: Response,
  ms: number,
  until: (events: { event: string; data: Record<string, unknown> }[]) => boolean,
) {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  const events: { event: string; data: Record<string, unknown> }[] = [];
  let buf = "";
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !until(events)) {
    const r = await Promise.race([
      reader.read(),
      new Promise<null>((res2) => setTimeout(() => res2(null), Math.max(1, deadline - Date.now()))),
    ]);
    if (!r || r.done) break;
    buf += dec.decode(r.value);
    const blocks = buf.split("\n\n");
    buf = blocks.pop() ?? "";
    for (const b of blocks) {
      const ev = /^event: (.+)$/m.exec(b)?.[1];
      const data = /^data: (.+)$/m.exec(b)?.[1];
      if (ev && data) events.push({ event: ev, data: JSON.parse(data) as Record<string, unknown> });
    }
  }
  await reader.cancel().catch(() => {});
  return events;
}

describe("per-service operations, logs and stats on the real Docker engine", () => {
  it("starts one service with its dependencies only, restarts it, stops it; dependents of nothing else are left alone", async () => {
    const started = await runServiceAction({ engine, template, service: "app", action: "start" });
    expect(started.started.sort()).toEqual(["app", "db"]);
    expect(await container("other")).toBeUndefined();
    expect(await container("db")).toMatchObject({ status: "running", health: "healthy" });
    const before = (await container("app"))!;
    expect(before.status).toBe("running");

    await new Promise((r) => setTimeout(r, 1100)); // a restart must show a later start time
    const restarted = await runServiceAction({ engine, template, service: "app", action: "restart" });
    expect(restarted.unchanged).toEqual(["db", "app"]);
    const after = (await container("app"))!;
    expect(after.id).toBe(before.id);
    expect(after.status).toBe("running");
    expect(Date.parse(after.startedAt!)).toBeGreaterThan(Date.parse(before.startedAt!));

    await runServiceAction({ engine, template, service: "app", action: "stop" });
    expect((await container("app"))!.status).toBe("exited");
    expect((await container("db"))!.status).toBe("running"); // stop is for the one service
    await expect(runServiceAction({ engine, template, service: "nope", action: "start" })).rejects.toThrow(
      NotFoundError,
    );
    await runServiceAction({ engine, template, service: "app", action: "start" });
  }, 120_000);

  it("streams the services' logs merged (stdout and stderr, with the service named) and follows new lines", async () => {
    const ctl = new AbortController();
    const res = sseResponse(ctl.signal, await streamLogs({ engine, template, services: [], tail: 50, follow: true }));
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const seenHello = new Set<string>();
    const events = await readEvents(res, 8000, (evs) => {
      for (const e of evs) if (e.data.service === "app") seenHello.add(String(e.data.line));
      return evs.some((e) => e.data.stream === "stderr") && seenHello.size >= 8;
    });
    ctl.abort();
    const logs = events
      .filter((e) => e.event === "log")
      .map((e) => e.data as { service: string; stream: string; line: string; at: string });
    expect(logs.find((l) => l.service === "db" && l.stream === "stderr")).toMatchObject({ line: "db-warning" });
    expect(logs.some((l) => l.service === "db" && l.line === "db-starting")).toBe(true);
    const hellos = logs.filter((l) => l.service === "app").map((l) => l.line);
    expect(hellos.length).toBeGreaterThanOrEqual(8);
    expect(hellos.every((h) => /^hello-\d+$/.test(h))).toBe(true);
    expect(logs.every((l) => /^\d{4}-\d\d-\d\dT/.test(l.at))).toBe(true);
    await expect(streamLogs({ engine, template, services: ["nope"], tail: 1, follow: false })).rejects.toThrow(
      /no service nope/,
    );
  }, 30_000);

  it("streams CPU and memory of the running services from Docker's stats", async () => {
    const ctl = new AbortController();
    const res = sseResponse(ctl.signal, await streamStats({ engine, template }));
    const events = await readEvents(
      res,
      10_000,
      (evs) => new Set(evs.filter((e) => e.event === "stats").map((e) => e.data.service)).size >= 2,
    );
    ctl.abort();
    const stats = events
      .filter((e) => e.event === "stats")
      .map((e) => e.data as { service: string; cpuPercent: number; memoryBytes: number; memoryLimitBytes: number });
    expect(new Set(stats.map((s) => s.service))).toEqual(new Set(["app", "db"]));
    for (const s of stats) {
      expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(s.memoryBytes).toBeGreaterThan(0);
      expect(s.memoryLimitBytes).toBeGreaterThan(s.memoryBytes);
    }
  }, 30_000);
});
