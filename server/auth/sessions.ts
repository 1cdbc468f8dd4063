import "server-only";
import type { Db } from "../adapters/db/index.ts";
import type { Role } from "./contract.ts";
import type { Principal } from "./principal.ts";
import { cachedPrincipal, invalidatePrincipals } from "./principal-cache.ts";
import { generateSecret, hashSecret } from "./secrets.ts";

export type NewSession = { cookieValue: string; csrfToken: string; expiresAt: Date };

export async function createSession(opts: {
  db: Db;
  userId: string;
  ttlMs: number;
  userAgent?: string | null;
  ip?: string | null;
  /** "password", or the OIDC issuer with the provider's ID token (for RP-initiated logout). */
  signedInWith?: string;
  idToken?: string;
}): Promise<NewSession> {
  const cookieValue = generateSecret();
  const csrfToken = generateSecret();
  const expiresAt = new Date(Date.now() + opts.ttlMs);
  await opts.db.session.create({
    data: {
      id: hashSecret(cookieValue),
      userId: opts.userId,
      csrfHash: hashSecret(csrfToken),
      expiresAt,
      userAgent: opts.userAgent?.slice(0, 300) ?? null,
      ip: opts.ip ?? null,
      signedInWith: opts.signedInWith ?? null,
      idToken: opts.idToken ?? null,
    },
  });
  return { cookieValue, csrfToken, expiresAt };
}

/** The session behind a cookie value, or null if unknown, expired or its user is disabled. */
export async function resolveSession(db: Db, cookieValue: string): Promise<Principal | null> {
  const id = hashSecret(cookieValue);
  const p = await cachedPrincipal(`s:${id}`, () => loadSession(db, id));
  // The cached entry may outlive the session by up to the cache TTL: check expiry on every use.
  return p && (p.expiresAt ?? Infinity) > Date.now() ? p : null;
}

async function loadSession(db: Db, id: string): Promise<Principal | null> {
  const s = await db.session.findUnique({ where: { id }, include: { user: true } });
  if (!s || s.user.disabled) return null;
  if (s.expiresAt.getTime() <= Date.now()) {
    await db.session.delete({ where: { id } }).catch(() => undefined);
    return null;
  }
  // Touch at most once a minute: a write per read request would dominate read latency.
  if (Date.now() - s.lastSeenAt.getTime() > 60_000) {
    await db.session.update({ where: { id }, data: { lastSeenAt: new Date() } }).catch(() => undefined);
  }
  return {
    via: "session",
    userId: s.userId,
    username: s.user.username,
    role: s.user.role as Role,
    sessionId: id,
    csrfHash: s.csrfHash,
    expiresAt: s.expiresAt.getTime(),
  };
}

/** Ends a session; says how it was signed in, so that sign-out can end the provider's session too. */
export async function deleteSession(
  db: Db,
  sessionId: string,
): Promise<{ signedInWith: string | null; idToken: string | null } | null> {
  const rows = await db.session.findMany({ where: { id: sessionId }, select: { signedInWith: true, idToken: true } });
  await db.session.deleteMany({ where: { id: sessionId } });
  await invalidatePrincipals();
  return rows[0] ?? null;
}

export async function deleteExpiredSessions(db: Db): Promise<number> {
  const r = await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return r.count;
}
