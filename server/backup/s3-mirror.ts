import "server-only";
import type { ObjectStore, StoredObject } from "../adapters/s3/index.ts";

export type Place = { bucket: string; prefix: string };
export type MirrorTally = { objects: number; copied: number; unchanged: number; bytes: number; copiedBytes: number };

/** Copies at a time: S3 servers take parallel CopyObject calls well; `aws s3 sync` uses 10. */
const CONCURRENCY = 16;

/** Every object under a place, by its key relative to the prefix. */
export async function listAll(store: ObjectStore, at: Place, signal?: AbortSignal): Promise<Map<string, StoredObject>> {
  const all = new Map<string, StoredObject>();
  let next: string | undefined;
  do {
    const page = await store.list(at.bucket, at.prefix, next, signal);
    for (const o of page.objects) all.set(o.key.slice(at.prefix.length), o);
    next = page.next;
  } while (next);
  return all;
}

/**
 * Makes `to` hold every object of `from` (server-side copies), skipping those already there with the same size and
 * ETag, so a run resumed after a restart copies only what is missing. Objects only in `to` are left alone.
 */
export async function mirror(opts: {
  store: ObjectStore;
  from: Place;
  to: Place;
  signal?: AbortSignal;
  onProgress?: (t: MirrorTally, total: number) => Promise<void>;
}): Promise<MirrorTally> {
  const { store, from, to, signal } = opts;
  await store.ensureBucket(to.bucket, signal);
  const [source, target] = await Promise.all([listAll(store, from, signal), listAll(store, to, signal)]);
  const tally: MirrorTally = { objects: source.size, copied: 0, unchanged: 0, bytes: 0, copiedBytes: 0 };
  const total = [...source.values()].reduce((n, o) => n + o.size, 0);
  const queue = [...source.entries()];
  let lastReport = 0;
  const report = async (force = false) => {
    if (!opts.onProgress || (!force && Date.now() - lastReport < 1000)) return;
    lastReport = Date.now();
    await opts.onProgress(tally, total);
  };
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      signal?.throwIfAborted(); // a cancel stops the run between copies too, not only those in flight
      const [rel, obj] = item;
      const there = target.get(rel);
      if (there && there.size === obj.size && there.etag === obj.etag) tally.unchanged++;
      else {
        await store.copy({ bucket: from.bucket, key: obj.key }, { bucket: to.bucket, key: to.prefix + rel }, signal);
        tally.copied++;
        tally.copiedBytes += obj.size;
      }
      tally.bytes += obj.size;
      await report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, Math.max(queue.length, 1)) }, worker));
  await report(true);
  return tally;
}
