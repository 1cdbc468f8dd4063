import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { createUser, deleteUser, updateUser } from "./index.ts";

describe.each(testDatabases())("the last enabled admin on $name", (tdb) => {
  let db: DbHandle;
  beforeAll(async () => {
    db = await tdb.open();
  });
  afterAll(async () => {
    await db.close();
  });
  const enabledAdmins = () => db.prisma.user.count({ where: { role: "admin", disabled: false } });

  it("survives two admins demoting, disabling or deleting each other in parallel", async () => {
    const changes = [
      (a: string, b: string) => [
        updateUser({ db: db.prisma, id: a, body: { role: "viewer" } }),
        updateUser({ db: db.prisma, id: b, body: { role: "operator" } }),
      ],
      (a: string, b: string) => [
        updateUser({ db: db.prisma, id: a, body: { disabled: true } }),
        updateUser({ db: db.prisma, id: b, body: { disabled: true } }),
      ],
      (a: string, b: string) => [
        deleteUser({ db: db.prisma, id: a, actorId: b }),
        deleteUser({ db: db.prisma, id: b, actorId: a }),
      ],
      (a: string, b: string) => [
        updateUser({ db: db.prisma, id: a, body: { role: "viewer" } }),
        deleteUser({ db: db.prisma, id: b, actorId: a }),
      ],
    ];
    for (const [round, change] of changes.entries()) {
      await db.prisma.user.updateMany({ where: { role: "admin" }, data: { role: "viewer" } }); // start each round with exactly two admins
      const a = await createUser(db.prisma, { username: `admin-a${round}`, password: "admin-password", role: "admin" });
      const b = await createUser(db.prisma, { username: `admin-b${round}`, password: "admin-password", role: "admin" });
      const outcomes = await Promise.allSettled(change(a.id, b.id));
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      expect(refused, `round ${round}`).toHaveLength(1);
      expect(String(refused[0]!.reason)).toMatch(/last enabled admin/);
      expect(await enabledAdmins(), `round ${round}`).toBe(1);
    }
  });
});
