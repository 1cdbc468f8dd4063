/**
 * Group commit: callers submit one item each and wait for it to be written; items that arrive while a batch is
 * being written go into the next one, written by one call (one transaction, a few statements) instead of one
 * per item. A caller is answered only after its batch has committed, so nothing is acknowledged before it is
 * durable. Under no load a batch is one item and waits for nothing.
 *
 * When a batch fails, its items are written again one by one, so one item the database refuses fails alone
 * and the others succeed.
 */
import "server-only";
export class GroupCommit<I, O> {
  private queue: { item: I; weight: number; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private running = false;

  /**
   * @param write writes a batch and returns one result per item, in order.
   * @param limits a batch holds at most `maxItems` items and, past its first item, at most `maxWeight` (in the
   *   caller's unit, e.g. bytes).
   */
  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly limits: { maxItems: number; maxWeight: number } = { maxItems: 256, maxWeight: Infinity },
  ) {}

  submit(item: I, weight = 1): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, weight, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length) {
        let n = 0,
          weight = 0;
        while (
          n < this.queue.length &&
          n < this.limits.maxItems &&
          (n === 0 || weight + this.queue[n]!.weight <= this.limits.maxWeight)
        ) {
          weight += this.queue[n]!.weight;
          n++;
        }
        const batch = this.queue.splice(0, n);
        try {
          const out = await this.write(batch.map((b) => b.item));
          if (out.length !== batch.length)
            throw new Error(`group commit: ${out.length} results for ${batch.length} items`);
          batch.forEach((b, i) => b.resolve(out[i]!));
        } catch (e) {
          if (batch.length === 1) batch[0]!.reject(e);
          else for (const b of batch) await this.write([b.item]).then((o) => b.resolve(o[0]!), b.reject);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

/** One instance per key (a database client) for the whole process, whichever bundle of the app asks. */
export function perKey<K extends object, V>(name: string, key: K, make: () => V): V {
  const sym = Symbol.for(`nexus.${name}`);
  const g = globalThis as { [k: symbol]: WeakMap<K, V> | undefined };
  const map = (g[sym] ??= new WeakMap<K, V>());
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}
