import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { recordAuditEvent, type AuditRecord } from "./record-audit-event.ts";

const event = (over: Partial<AuditRecord>): AuditRecord => ({
  actor: "admin",
  actorType: "user",
  action: "test.hostile",
  outcome: "failure",
  status: 400,
  requestId: `r-${randomUUID().slice(0, 8)}`,
  ip: "127.0.0.1",
  ...over,
});

for (const database of testDatabases()) {
  describe(`recordAuditEvent on ${database.name}`, () => {
    let h: DbHandle;
    beforeAll(async () => {
      h = await database.open();
    });
    afterAll(async () => {
      await h?.close();
    });

    it("stores an event whose text fields and detail hold NUL and lone surrogates, escaped", async () => {
      const e = event({
        actor: `ad\u0000min${"x".repeat(193)}😀`, // cut at 200 characters through the emoji's surrogate pair
        target: "user:a\u0000b\uD800",
        ip: "1.2.3.4\u0000",
        detail: { error: "bad\u0000input", "k\u0000ey": ["\uDC00", { nested: "\u0000" }], fine: "😀" },
      });
      await recordAuditEvent(h.prisma, e);
      const row = await h.prisma.auditEvent.findFirstOrThrow({ where: { requestId: e.requestId } });
      expect(row.actor).toBe(`ad\\u0000min${"x".repeat(193)}\uFFFD`);
      expect(row.target).toBe("user:a\\u0000b\uFFFD");
      expect(row.ip).toBe("1.2.3.4\\u0000");
      expect(row.detail).toEqual({
        error: "bad\\u0000input",
        "k\\u0000ey": ["\uFFFD", { nested: "\\u0000" }],
        fine: "😀",
      });
    });

    it("loses none of the events written in one batch with a hostile one", async () => {
      const events = [event({}), event({ detail: { v: "\u0000\uD800" } }), event({ target: "\u0000" })];
      await Promise.all(events.map((e) => recordAuditEvent(h.prisma, e)));
      const stored = await h.prisma.auditEvent.count({ where: { requestId: { in: events.map((e) => e.requestId) } } });
      expect(stored).toBe(3);
    });
  });
}
