import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { getJob } from "./queue.ts";

const POLL_MS = 500;
const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

/**
 * Server-Sent Events for one job: `event: job` with the job each time it changes, then the stream
 * ends once the job is finished. Polls the database, so it sees jobs run by any instance.
 */
export async function streamJobEvents(opts: { db: Db; id: string; signal: AbortSignal }): Promise<Response> {
  const first = await getJob(opts.db, opts.id); // 404 before the stream starts
  const enc = new TextEncoder();
  let timer: NodeJS.Timeout | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let last = "";
      const send = (job: Awaited<ReturnType<typeof getJob>>) => {
        const key = `${job.updatedAt}|${job.state}`;
        if (key !== last) {
          last = key;
          controller.enqueue(enc.encode(`event: job\ndata: ${JSON.stringify(job)}\n\n`));
        }
        if (TERMINAL.has(job.state)) {
          clearInterval(timer);
          controller.close();
          return true;
        }
        return false;
      };
      if (send(first)) return;
      timer = setInterval(() => {
        getJob(opts.db, opts.id).then(send).catch(() => {
          clearInterval(timer);
          controller.close();
        });
      }, POLL_MS);
      opts.signal.addEventListener("abort", () => {
        clearInterval(timer);
        try { controller.close(); } catch { /* already closed */ }
      });
    },
    cancel() {
      clearInterval(timer);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
