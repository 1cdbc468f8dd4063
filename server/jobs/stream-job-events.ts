import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../adapters/db/index.ts";
import type { EventStream } from "../event-stream.ts";
import { getJob } from "./queue.ts";

const POLL_MS = 500;
const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

/**
 * The events of one job: `event: job` with the job each time it changes, then the stream
 * ends once the job is finished. Polls the database, so it sees jobs run by any instance.
 */
export async function streamJobEvents(opts: { db: Db; id: string }): Promise<EventStream> {
  let job = await getJob(opts.db, opts.id); // 404 before the stream starts
  return async (emit, stop) => {
    let last = "";
    for (;;) {
      const key = `${job.updatedAt}|${job.state}`;
      if (key !== last) {
        last = key;
        emit("job", job);
      }
      if (TERMINAL.has(job.state)) return;
      try {
        await sleep(POLL_MS, undefined, { signal: stop });
        job = await getJob(opts.db, opts.id);
      } catch {
        return; // the client left, or the job can no longer be read: end the stream
      }
    }
  };
}
