import "server-only";
import { setMaxListeners } from "node:events";
import type { ContainerEngine, ContainerState } from "../adapters/docker/index.ts";
import { NotFoundError } from "../errors.ts";
import { LABEL } from "./container-spec.ts";
import { projectOf } from "./stack-status.ts";
import type { Template } from "./templates.ts";

const HEARTBEAT_MS = 15_000;
const BATCH_MS = 100;

/** The stack's containers for the services asked (all when none are named); unknown names are a 404. */
async function containersOf(engine: ContainerEngine, t: Template, services: string[]): Promise<{ service: string; c: ContainerState }[]> {
  const unknown = services.filter((s) => !t.compose.services[s]);
  if (unknown.length) throw new NotFoundError(`no service ${unknown.join(", ")} in ${t.name}; services: ${Object.keys(t.compose.services).join(", ")}`);
  const all = await engine.listByLabels({ [LABEL.project]: projectOf(t) });
  return all
    .filter((c) => c.labels[LABEL.oneoff] !== "True" && (!services.length || services.includes(c.labels[LABEL.service]!)))
    .map((c) => ({ service: c.labels[LABEL.service]!, c }))
    .sort((a, b) => a.service.localeCompare(b.service));
}

/**
 * An SSE response fed by one producer per container; events are batched every 100 ms (a chatty service
 * cannot flood the browser with one write per line), a comment keeps idle connections open, and the
 * producers stop when the client goes away.
 */
function sse(signal: AbortSignal, start: (emit: (event: string, data: unknown) => void, stop: AbortSignal) => Promise<void>): Response {
  const enc = new TextEncoder();
  const ctl = new AbortController();
  setMaxListeners(0, ctl.signal); // one listener per container's stream
  const onAbort = () => ctl.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  let pending: string[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const flush = () => {
        flushTimer = undefined;
        if (!pending.length) return;
        const chunk = pending.join("");
        pending = [];
        try { controller.enqueue(enc.encode(chunk)); } catch { ctl.abort(); }
      };
      const emit = (event: string, data: unknown) => {
        pending.push(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        flushTimer ??= setTimeout(flush, BATCH_MS);
      };
      heartbeat = setInterval(() => { pending.push(": keep-alive\n\n"); flush(); }, HEARTBEAT_MS);
      start(emit, ctl.signal)
        .catch((e: unknown) => emit("error", { message: e instanceof Error ? e.message : String(e) }))
        .finally(() => {
          clearInterval(heartbeat);
          clearTimeout(flushTimer);
          flush();
          signal.removeEventListener("abort", onAbort);
          try { controller.close(); } catch { /* closed by the client */ }
        });
    },
    cancel() {
      ctl.abort();
      clearInterval(heartbeat);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}

/**
 * Logs of some or all services as SSE: `event: log` with `{service, stream, at, line}`; the last `tail`
 * lines of each, then (with `follow`) new lines as they come, merged in arrival order. Ends with
 * `event: end` when every container's stream has ended.
 */
export async function streamLogs(opts: { engine: ContainerEngine; template: Template; services: string[]; tail: number; follow: boolean; signal: AbortSignal }): Promise<Response> {
  const targets = await containersOf(opts.engine, opts.template, opts.services); // 404 before the stream starts
  return sse(opts.signal, async (emit, stop) => {
    await Promise.all(targets.map(({ service, c }) =>
      opts.engine.logs(c.id, { tail: opts.tail, follow: opts.follow, signal: stop }, (l) => emit("log", { service, ...l }))
        .catch((e: unknown) => emit("log", { service, stream: "stderr", at: new Date().toISOString(), line: `[nexus] could not read the logs: ${e instanceof Error ? e.message : String(e)}` }))));
    emit("end", { services: targets.map((t) => t.service) });
  });
}

/** Docker's stats stream of every running container of the stack as SSE: `event: stats` with `{service, cpuPercent, memoryBytes, memoryLimitBytes}`. */
export async function streamStats(opts: { engine: ContainerEngine; template: Template; signal: AbortSignal }): Promise<Response> {
  const targets = (await containersOf(opts.engine, opts.template, [])).filter((t) => t.c.status === "running");
  return sse(opts.signal, async (emit, stop) => {
    await Promise.all(targets.map(({ service, c }) => opts.engine.stats(c.id, stop, (s) => emit("stats", { service, ...s })).catch(() => undefined)));
    emit("end", {});
  });
}
