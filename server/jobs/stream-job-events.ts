import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../adapters/db/index.ts";
import type { EventStream } from "../event-stream.ts";
import { getJob } from "./queue.ts";

const POLL_MS = 500;
const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

/** Subscribes to "a job changed" notices (the cluster bus: any instance's runner); returns the unsubscribe. */
export type JobChanges = (fn: (id: string) => void) => () => void;

/**
 * The events of one job: `event: job` with the job each time it changes, then the stream
 * ends once the job is finished. Reads the job again when a runner on any instance says it changed (`changes`),
 * and every POLL_MS whatever is said (a notice may be lost), so it sees jobs run by any instance.
 */
export async function streamJobEvents(opts: { db: Db; id: string; changes?: JobChanges }): Promise<EventStream> {
  let job = await getJob(opts.db, opts.id); // 404 before the stream starts
  return async (emit, stop) => {
    let woken = new AbortController();
    const off = opts.changes?.((id) => {
      if (id === opts.id) woken.abort();
    });
    try {
      await follow(emit, stop, () => {
        const signal = AbortSignal.any([stop, woken.signal]);
        if (woken.signal.aborted) woken = new AbortController();
        return signal;
      });
    } finally {
      off?.();
    }
  };

  async function follow(emit: Parameters<EventStream>[0], stop: AbortSignal, until: () => AbortSignal) {
    let last = "";
    for (;;) {
      const key = `${job.updatedAt}|${job.state}`;
      if (key !== last) {
        last = key;
        emit("job", job);
      }
      if (TERMINAL.has(job.state)) return;
      await sleep(POLL_MS, undefined, { signal: until() }).catch(() => undefined);
      if (stop.aborted) return; // the client left
      try {
        job = await getJob(opts.db, opts.id);
      } catch {
        return; // the job can no longer be read: end the stream
      }
    }
  }
}
