import "server-only";
import type { ContainerEngine, ContainerState } from "../adapters/docker/index.ts";
import type { EventStream } from "../event-stream.ts";
import { NotFoundError } from "../errors.ts";
import { driverInUse } from "./drivers.ts";
import type { Template } from "./templates.ts";

/** The stack's containers for the services asked (all when none are named); unknown names are a 404. */
async function containersOf(
  engine: ContainerEngine,
  t: Template,
  services: string[],
): Promise<{ service: string; c: ContainerState }[]> {
  const unknown = services.filter((s) => !t.compose.services[s]);
  if (unknown.length)
    throw new NotFoundError(
      `no service ${unknown.join(", ")} in ${t.name}; services: ${Object.keys(t.compose.services).join(", ")}`,
    );
  const all = await (await driverInUse(engine, t)).containers(engine, t);
  return all
    .filter((x) => !services.length || services.includes(x.service))
    .sort((a, b) => a.service.localeCompare(b.service));
}

/**
 * Logs of some or all services as events: `event: log` with `{service, stream, at, line}`; the last `tail`
 * lines of each, then (with `follow`) new lines as they come, merged in arrival order. Ends with
 * `event: end` when every container's stream has ended.
 */
export async function streamLogs(opts: {
  engine: ContainerEngine;
  template: Template;
  services: string[];
  tail: number;
  follow: boolean;
}): Promise<EventStream> {
  const targets = await containersOf(opts.engine, opts.template, opts.services); // 404 before the stream starts
  return async (emit, stop) => {
    await Promise.all(
      targets.map(({ service, c }) =>
        opts.engine
          .logs(c.id, { tail: opts.tail, follow: opts.follow, signal: stop }, (l) => emit("log", { service, ...l }))
          .catch((e: unknown) =>
            emit("log", {
              service,
              stream: "stderr",
              at: new Date().toISOString(),
              line: `[nexus] could not read the logs: ${e instanceof Error ? e.message : String(e)}`,
            }),
          ),
      ),
    );
    emit("end", { services: targets.map((t) => t.service) });
  };
}

/** Docker's stats stream of every running container of the stack as events: `event: stats` with `{service, cpuPercent, memoryBytes, memoryLimitBytes}`. */
export async function streamStats(opts: { engine: ContainerEngine; template: Template }): Promise<EventStream> {
  const targets = (await containersOf(opts.engine, opts.template, [])).filter((t) => t.c.status === "running");
  return async (emit, stop) => {
    await Promise.all(
      targets.map(({ service, c }) =>
        opts.engine.stats(c.id, stop, (s) => emit("stats", { service, ...s })).catch(() => undefined),
      ),
    );
    emit("end", {});
  };
}
