import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/databases.ts";
import type { OidcClient, OidcIdentity } from "../adapters/oidc/index.ts";
import type { DbHandle } from "../adapters/db/index.ts";
import { SignInRefusedError } from "../errors.ts";
import { createUser, updateUser } from "./users.ts";
import { finishOidcSignIn } from "./oidc-sign-in.ts";
import { resolveSession } from "./sessions.ts";

const ISSUER = "https://idp.example.test";
const flow = { state: "state-0123456789abcdef", nonce: "nonce-0123456789abcdef", codeVerifier: "v".repeat(43) };

/** A provider whose checks passed and that vouches for `claims`: the sign-in's own rules are what is tested here. */
function fakeProvider(claims: () => Record<string, unknown>): OidcClient {
  return {
    issuer: ISSUER,
    authorizationUrl: async () => ({ url: `${ISSUER}/auth`, flow }),
    exchangeCode: async (): Promise<OidcIdentity> => {
      const c = claims();
      return { issuer: ISSUER, subject: String(c.sub), claims: c, idToken: "id.token.sig" };
    },
    endSessionUrl: async () => null,
  };
}

describe.each(testDatabases())("OpenID Connect sign-in on $name", (tdb) => {
  let db: DbHandle;
  beforeAll(async () => {
    db = await tdb.open();
  });
  afterAll(async () => {
    await db.close();
  });

  let groups = ["ops"];
  const signIn = (sub = "u-1", username = "erin", state = flow.state) =>
    finishOidcSignIn({
      db: db.prisma,
      oidc: fakeProvider(() => ({ sub, preferred_username: username, groups })),
      callbackUrl: new URL(`https://nexus.test/api/v1/auth/oidc/callback?code=c&state=${state}`),
      flow,
      roleClaim: "groups",
      roleMap: { ops: "operator", admins: "admin", readers: "viewer" },
      sessionTtlMs: 60_000,
      ip: "10.1.1.1",
      userAgent: null,
      requestId: "r-oidc",
    });
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: SignInRefusedError) => e.reason,
    );

  it("creates the user with the role of the claim and a session marked with the issuer", async () => {
    const { user, session } = await signIn();
    expect(user).toMatchObject({ username: "erin", role: "operator" });
    expect((await resolveSession(db.prisma, session.cookieValue))?.role).toBe("operator");
    const row = await db.prisma.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(row).toMatchObject({ signedInWith: ISSUER, idToken: "id.token.sig" });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.role.oidc" } });
    expect(audit).toMatchObject({ actor: ISSUER, target: "user:erin", detail: { from: null, to: "operator" } });
  });

  it("takes the role from the claim at every sign-in, ends older sessions on a change and audits it", async () => {
    const first = await signIn();
    groups = ["readers"];
    const second = await signIn();
    expect(second.user.role).toBe("viewer");
    expect(await resolveSession(db.prisma, first.session.cookieValue)).toBeNull();
    const events = await db.prisma.auditEvent.findMany({ where: { action: "user.role.oidc", target: "user:erin" } });
    expect(events.map((e) => e.detail)).toContainEqual(expect.objectContaining({ from: "operator", to: "viewer" }));
  });

  it("refuses a user with no mapped value, a wrong state, a disabled user and a local user's name", async () => {
    groups = ["nothing"];
    expect(await refusal(signIn())).toBe("no-role");
    groups = ["ops"];
    expect(await refusal(signIn("u-1", "erin", "forged"))).toBe("state");
    const erin = await db.prisma.user.findFirstOrThrow({ where: { username: "erin" } });
    await updateUser({ db: db.prisma, id: erin.id, body: { disabled: true } });
    expect(await refusal(signIn())).toBe("disabled");
    await createUser(db.prisma, { username: "frank", password: "frank-password", role: "viewer" });
    expect(await refusal(signIn("u-2", "frank"))).toBe("conflict");
  });

  it("keeps the last enabled admin an admin when the provider demotes them: sessions end, sign-in refused, audited", async () => {
    groups = ["admins"];
    const admin = await signIn("u-3", "gina");
    expect(admin.user.role).toBe("admin");
    const others = { role: "admin" as const, disabled: false, NOT: { id: admin.user.id } };
    const otherIds = (await db.prisma.user.findMany({ where: others })).map((u) => u.id);
    await db.prisma.user.updateMany({ where: { id: { in: otherIds } }, data: { disabled: true } });
    groups = ["readers"];
    expect(await refusal(signIn("u-3", "gina"))).toBe("last-admin");
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: admin.user.id } })).role).toBe("admin");
    expect(await resolveSession(db.prisma, admin.session.cookieValue)).toBeNull();
    const denied = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "user.role.oidc", target: "user:gina", outcome: "denied" },
    });
    expect(denied.detail).toMatchObject({ from: "admin", to: "viewer" });
    await db.prisma.user.updateMany({ where: { id: { in: otherIds } }, data: { disabled: false } });
    await db.prisma.user.create({ data: { username: "hank", role: "admin", passwordHash: "" } });
    expect((await signIn("u-3", "gina")).user.role).toBe("viewer");
  });

  it("leaves a provider user's role and password to the provider, and lets an admin disable them", async () => {
    groups = ["ops"];
    const { user } = await signIn("u-4", "ivan");
    expect(user.signInWith).toBe(ISSUER);
    for (const body of [{ role: "admin" as const }, { password: "a-local-password" }]) {
      await expect(updateUser({ db: db.prisma, id: user.id, body })).rejects.toThrow(
        /signs in with .* change it there/,
      );
    }
    expect((await updateUser({ db: db.prisma, id: user.id, body: { disabled: true } })).disabled).toBe(true);
  });
});
