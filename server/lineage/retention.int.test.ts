import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { ingestLineage } from "./ingest.ts";
import { pruneLineageEvents } from "./retention.ts";
import { runEvent } from "./run-event.fixture.ts";

describe.each(testDatabases())("lineage retention on $name", (database) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await database.open();
    // A history to prune: a dozen runs, each with the START and COMPLETE events that built the derived model.
    for (let i = 0; i < 12; i++) {
      const runId = randomUUID();
      await ingestLineage(h, runEvent(runId, "START", "2026-11-25T10:00:00Z"), null);
      await ingestLineage(h, runEvent(runId, "COMPLETE", "2026-11-25T10:05:00Z"), null);
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it("prunes raw events past their retention and keeps the derived model", async () => {
    const runs = await h.prisma.lineageRun.count();
    await h.prisma.lineageEvent.updateMany({ data: { receivedAt: new Date("2026-01-01T00:00:00Z") } });
    const fresh = randomUUID();
    await ingestLineage(h, runEvent(fresh, "START", "2026-11-25T13:00:00Z"), null);
    const removed = await pruneLineageEvents(h.prisma, 30, new Date("2026-11-25T14:00:00Z"));
    expect(removed).toBeGreaterThan(10);
    expect(await h.prisma.lineageEvent.count()).toBe(1);
    expect(await h.prisma.lineageRun.count()).toBe(runs + 1);
  });
});
