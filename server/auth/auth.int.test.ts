import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import {
  createApiToken,
  createLoginLimiter,
  createUser,
  deleteUser,
  ensureAdmin,
  login,
  resolveApiToken,
  resolveSession,
  revokeApiToken,
  updateUser,
} from "./index.ts";
import { MAX_USER_DELAY_MS, userDelayMs, type LoginLimiter, type LoginLimits } from "./login.ts";
import { invalidatePrincipals } from "./principal-cache.ts";
import { hashPassword } from "./passwords.ts";

const OPEN = { enabled: true, breakGlassUser: "admin" };

describe.each(testDatabases())("auth on $name", (tdb) => {
  let db: DbHandle;
  beforeAll(async () => {
    db = await tdb.open();
  });
  afterAll(async () => {
    await db.close();
  });
  const limits = { maxFailures: 3, windowSeconds: 60 };

  it("creates the first admin once, with a generated password when none is configured", async () => {
    const first = await ensureAdmin(db.prisma, undefined);
    expect(first.created).toBe(true);
    expect(first.generatedPassword).toMatch(/^[a-z2-7]{20,}$/);
    expect(await ensureAdmin(db.prisma, "another-password")).toEqual({ created: false });
    const admin = await db.prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
    expect(admin.passwordHash).not.toContain(first.generatedPassword);
  });

  it("signs in with the right password only, without saying which part was wrong", async () => {
    await createUser(db.prisma, { username: "alice", password: "alice-password", role: "operator" });
    const limiter = createLoginLimiter(limits);
    const base = {
      db: db.prisma,
      limiter,
      limits,
      ip: "10.0.0.1",
      userAgent: "test",
      sessionTtlMs: 60_000,
      passwordLogin: OPEN,
    };
    const wrongUser = login({ ...base, body: { username: "nobody", password: "alice-password" } });
    await expect(wrongUser).rejects.toThrow("wrong username or password");
    const wrongPass = login({ ...base, body: { username: "alice", password: "nope-nope" } });
    await expect(wrongPass).rejects.toThrow("wrong username or password");
    const ok = await login({ ...base, body: { username: "alice", password: "alice-password" } });
    const principal = await resolveSession(db.prisma, ok.session.cookieValue);
    expect(principal).toMatchObject({ via: "session", username: "alice", role: "operator" });
    expect(await resolveSession(db.prisma, "not-a-session")).toBeNull();
  });

  it("rate limits repeated failures per username and address", async () => {
    const limiter = createLoginLimiter(limits);
    const base = {
      db: db.prisma,
      limiter,
      limits,
      ip: "10.0.0.2",
      userAgent: null,
      sessionTtlMs: 60_000,
      passwordLogin: OPEN,
    };
    for (let i = 0; i < 3; i++)
      await expect(login({ ...base, body: { username: "alice", password: "bad-bad-bad" } })).rejects.toThrow(/wrong/);
    await expect(login({ ...base, body: { username: "alice", password: "alice-password" } })).rejects.toThrow(
      /too many failed sign-ins/,
    );
    // Another address is not affected.
    await expect(
      login({ ...base, ip: "10.0.0.3", body: { username: "alice", password: "alice-password" } }),
    ).resolves.toBeTruthy();
  });

  it("expires sessions", async () => {
    const limiter = createLoginLimiter(limits);
    const ok = await login({
      db: db.prisma,
      limiter,
      limits,
      ip: "10.0.0.4",
      userAgent: null,
      sessionTtlMs: 1,
      passwordLogin: OPEN,
      body: { username: "alice", password: "alice-password" },
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(await resolveSession(db.prisma, ok.session.cookieValue)).toBeNull();
  });

  it("with passwords off, signs in the break-glass admin only", async () => {
    const off = { enabled: false, breakGlassUser: "admin" };
    await db.prisma.user.update({
      where: { username: "admin" },
      data: { passwordHash: await hashPassword("glass-pw-1") },
    });
    const base = { db: db.prisma, limiter: createLoginLimiter(limits), limits, ip: "10.0.0.5", userAgent: null };
    const opts = { ...base, sessionTtlMs: 60_000, passwordLogin: off };
    await expect(login({ ...opts, body: { username: "alice", password: "alice-password" } })).rejects.toThrow(
      /password sign-in is disabled/,
    );
    const ok = await login({ ...opts, body: { username: "admin", password: "glass-pw-1" } });
    expect(ok.user.role).toBe("admin");
    const row = await db.prisma.session.findFirstOrThrow({ where: { userId: ok.user.id } });
    expect(row.signedInWith).toBe("password");
  });

  it("stores only a hash of API tokens and honours revocation, expiry and the owner's role", async () => {
    const alice = await db.prisma.user.findUniqueOrThrow({ where: { username: "alice" } });
    const created = await createApiToken({
      db: db.prisma,
      ownerId: alice.id,
      ownerRole: "operator",
      body: { name: "ci", role: "operator", expiresInDays: 1, scopes: ["lineage:write"] },
    });
    expect(created.scopes).toEqual(["lineage:write"]);
    expect(created.token).toMatch(/^nxp_[a-z2-7]{8}_[a-z2-7]+$/);
    const row = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(await resolveApiToken(db.prisma, created.token)).toMatchObject({
      via: "token",
      role: "operator",
      username: "alice",
      scopes: ["lineage:write"],
    });

    await expect(
      createApiToken({
        db: db.prisma,
        ownerId: alice.id,
        ownerRole: "operator",
        body: { name: "x", role: "admin", expiresInDays: 1, scopes: [] },
      }),
    ).rejects.toThrow(/cannot create a token with role admin/);

    // Demoting the owner lowers what the token can do.
    await updateUser({ db: db.prisma, id: alice.id, body: { role: "viewer" } });
    expect((await resolveApiToken(db.prisma, created.token))?.role).toBe("viewer");

    // A change made by another instance (here: straight in the database) is seen once the 2 s cache entry lapses.
    await db.prisma.apiToken.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await new Promise((r) => setTimeout(r, 2100));
    expect(await resolveApiToken(db.prisma, created.token)).toBeNull();
    await db.prisma.apiToken.update({ where: { id: created.id }, data: { expiresAt: null } });
    invalidatePrincipals();
    expect(await resolveApiToken(db.prisma, created.token)).not.toBeNull();
    // A token that expires while cached stops working at its expiry, not at the end of the cache entry.
    await db.prisma.apiToken.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() + 300) } });
    invalidatePrincipals();
    expect(await resolveApiToken(db.prisma, created.token)).not.toBeNull();
    await new Promise((r) => setTimeout(r, 350));
    expect(await resolveApiToken(db.prisma, created.token)).toBeNull();
    await db.prisma.apiToken.update({ where: { id: created.id }, data: { expiresAt: null } });
    invalidatePrincipals();
    expect((await revokeApiToken(db.prisma, created.id)).status).toBe("revoked");
    expect(await resolveApiToken(db.prisma, created.token)).toBeNull();
  });

  it("keeps at least one enabled admin", async () => {
    const admin = await db.prisma.user.findUniqueOrThrow({ where: { username: "admin" } });
    const bob = await createUser(db.prisma, { username: "bob", password: "bob-password", role: "viewer" });
    await expect(updateUser({ db: db.prisma, id: admin.id, body: { role: "viewer" } })).rejects.toThrow(
      /last enabled admin/,
    );
    await expect(updateUser({ db: db.prisma, id: admin.id, body: { disabled: true } })).rejects.toThrow(
      /last enabled admin/,
    );
    await expect(deleteUser({ db: db.prisma, id: admin.id, actorId: bob.id })).rejects.toThrow(/last enabled admin/);
    await expect(deleteUser({ db: db.prisma, id: admin.id, actorId: admin.id })).rejects.toThrow(/own account/);
    await expect(createUser(db.prisma, { username: "bob", password: "bob-password", role: "viewer" })).rejects.toThrow(
      /already exists/,
    );
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("admin");
  });
});

describe("login limits", () => {
  const attempt = (db: DbHandle, limiter: LoginLimiter, limits: LoginLimits, ip: string, password: string) =>
    login({
      db: db.prisma,
      limiter,
      limits,
      ip,
      userAgent: null,
      sessionTtlMs: 1000,
      passwordLogin: OPEN,
      body: { username: "carol", password },
    });

  // Issue #14: 30 parallel wrong passwords with rotating addresses locked the real owner out for 15 minutes.
  it("slows a username down across rotating addresses but never locks its owner out", async () => {
    const [tdb] = testDatabases();
    const db = await tdb!.open();
    try {
      await createUser(db.prisma, { username: "carol", password: "carol-password", role: "viewer" });
      const limits = { maxFailures: 2, windowSeconds: 60 };
      const limiter = createLoginLimiter(limits);
      const burst = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) => attempt(db, limiter, limits, `203.0.113.${i}`, "wrong-wrong")),
      );
      expect(burst.every((r) => r.status === "rejected" && /wrong/.test(String(r.reason)))).toBe(true);
      const started = Date.now();
      await expect(attempt(db, limiter, limits, "198.51.100.7", "carol-password")).resolves.toBeTruthy();
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(MAX_USER_DELAY_MS - 50); // slowed down, by at most the cap (plus one hash)
      expect(took).toBeLessThan(MAX_USER_DELAY_MS + 2000);
    } finally {
      await db.close();
    }
  });

  it("charges an attempt before checking the password, so a parallel burst from one address is cut at the limit", async () => {
    const [tdb] = testDatabases();
    const db = await tdb!.open();
    try {
      await createUser(db.prisma, { username: "carol", password: "carol-password", role: "viewer" });
      const limits = { maxFailures: 3, windowSeconds: 60 };
      const limiter = createLoginLimiter(limits);
      const burst = await Promise.allSettled(
        Array.from({ length: 30 }, () => attempt(db, limiter, limits, "203.0.113.1", "wrong-wrong")),
      );
      const reasons = burst.map((r) => (r.status === "rejected" ? String(r.reason) : "signed in"));
      expect(reasons.filter((r) => /wrong username/.test(r))).toHaveLength(3);
      expect(reasons.filter((r) => /too many failed sign-ins/.test(r))).toHaveLength(27);
      await expect(attempt(db, limiter, limits, "203.0.113.1", "carol-password")).rejects.toThrow(/too many/);
      await expect(attempt(db, limiter, limits, "203.0.113.2", "carol-password")).resolves.toBeTruthy();
    } finally {
      await db.close();
    }
  });
});

describe("userDelayMs", () => {
  it("grows from 250 ms past the limit and stops at the cap", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 1000].map((n) => userDelayMs(n, 2))).toEqual([
      0,
      0,
      250,
      500,
      1000,
      2000,
      MAX_USER_DELAY_MS,
      MAX_USER_DELAY_MS,
    ]);
  });
});
