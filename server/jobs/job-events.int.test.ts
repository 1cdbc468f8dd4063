import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createFreshPostgresDatabase } from "../../test/fresh-postgres-database.ts";
import { applyMigrations, createDb, createPostgresBus } from "../adapters/db/index.ts";
import { enqueueJob } from "./queue.ts";
import { streamJobEvents } from "./stream-job-events.ts";

const base = process.env.TEST_DATABASE_URL;
if (!base && process.env.CI) throw new Error("TEST_DATABASE_URL is not set: run the suite through `npm test`");

describe.skipIf(!base)("job events across instances", () => {
  it("a change noticed by another instance's runner reaches this instance's stream at once, not at the next poll", async () => {
    const url = await createFreshPostgresDatabase(base!, "jobevents");
    const db = await createDb({ databaseUrl: url, dataDir: "unused" });
    await applyMigrations(db);
    const log = pino({ level: "silent" });
    const [a, b] = await Promise.all(
      ["ja", "jb"].map((instanceId) => createPostgresBus({ url, db: db.prisma, log, leaseMs: 5000, instanceId })),
    );
    const stop = new AbortController();
    try {
      const job = await enqueueJob(db.prisma, { kind: "diagnostics.sleep", payload: {} });
      const seen: { state: string; at: number }[] = [];
      const stream = await streamJobEvents({
        db: db.prisma,
        id: job.id,
        changes: (fn) => b!.subscribe("jobs.changed", (m) => fn(m.key)),
      });
      const done = stream(
        (_, data) => void seen.push({ state: (data as { state: string }).state, at: Date.now() }),
        stop.signal,
      );
      await new Promise((r) => setTimeout(r, 100)); // the first poll is 500 ms away
      // Instance A's runner ends the job and says so.
      const t0 = Date.now();
      await db.prisma.job.update({ where: { id: job.id }, data: { state: "succeeded", finishedAt: new Date() } });
      await a!.publish("jobs.changed", job.id);
      await done;
      expect(seen.map((s) => s.state)).toEqual(["queued", "succeeded"]);
      expect(seen[1]!.at - t0).toBeLessThan(300);
    } finally {
      stop.abort();
      await a!.close();
      await b!.close();
      await db.close();
    }
  });
});
