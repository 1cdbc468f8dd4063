import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { type RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import { createMemoryRateLimits, type Db, type RateLimitStore } from "../adapters/db/index.ts";
import { ForbiddenError, RateLimitedError, UnauthorizedError } from "../errors.ts";
import type { LoginBody, User } from "./contract.ts";
import { verifyPassword } from "./passwords.ts";
import { createSession, type NewSession } from "./sessions.ts";
import { toUserView } from "./users.ts";

export type LoginLimits = { maxFailures: number; windowSeconds: number };
/** NEXUS_LOCAL_LOGIN and NEXUS_BREAK_GLASS_USER: with passwords off, only that admin may still use one. */
export type PasswordLogin = { enabled: boolean; breakGlassUser: string };

const PASSWORDS_OFF = "password sign-in is disabled here: sign in with single sign-on";

/** Longest a sign-in waits for its username's earlier failures: slow for a guesser, a moment for the owner. */
export const MAX_USER_DELAY_MS = 3000;
const FIRST_USER_DELAY_MS = 250;

/**
 * Sign-in attempts per username+address and per address, refused (429) past their limits, and per username,
 * only counted: anyone can send a username, so refusing by it would let an anonymous caller lock its owner out.
 * The counters live in `store`: PostgreSQL, shared by every instance on it (each insured in memory), or this
 * process's memory (PGlite, one instance).
 */
export function createLoginLimiter(limits: LoginLimits, store: RateLimitStore = createMemoryRateLimits()) {
  const duration = limits.windowSeconds;
  return {
    byUserIp: store.limiter({ keyPrefix: "login_user_ip", points: limits.maxFailures, duration }),
    byIp: store.limiter({ keyPrefix: "login_ip", points: limits.maxFailures * 4, duration }),
    byUser: store.limiter({ keyPrefix: "login_user", points: Number.MAX_SAFE_INTEGER, duration }),
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;

/** How long an attempt waits when `failures` attempts for its username came before it in the window. */
export function userDelayMs(failures: number, maxFailures: number): number {
  if (failures < maxFailures) return 0;
  return Math.min(MAX_USER_DELAY_MS, FIRST_USER_DELAY_MS * 2 ** Math.min(failures - maxFailures, 16));
}

type Keys = { ip: string; userIp: string; user: string };

/**
 * A limiter's refusal (it rejects with a RateLimiterRes, not an Error). Checked by shape as well: in the server
 * bundle the class the limiter throws is not the one imported here, and `instanceof` alone made a refusal a 500.
 */
function isRefusal(x: unknown): x is RateLimiterRes {
  return (
    x instanceof RateLimiterRes ||
    (typeof x === "object" &&
      x !== null &&
      !(x instanceof Error) &&
      typeof (x as RateLimiterRes).msBeforeNext === "number")
  );
}

/**
 * One counter's charge: a refusal (or a counter error) gives back this point and the ones `paid` before it, so a
 * refused attempt is not counted.
 */
async function charge(counter: RateLimiterAbstract, key: string, paid: [RateLimiterAbstract, string][] = []) {
  try {
    return await counter.consume(key);
  } catch (e) {
    await Promise.all([[counter, key] as const, ...paid].map(([c, k]) => c.reward(k)));
    if (!isRefusal(e)) throw e;
    const wait = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw new RateLimitedError(`too many failed sign-ins; try again in ${wait} s`, wait);
  }
}

/**
 * Charges the attempt before the password is checked, so that parallel attempts each see the ones before them
 * (checking first and charging after let a burst of 30 through). Username+address first, the address only for an
 * attempt that passed it: with the counters in PostgreSQL, charged from several instances at once, charging both
 * together let an attempt hold a username+address point it then gave back for the address, and fewer than the
 * limit passed. Returns how many attempts for the username came before this one.
 */
async function chargeAttempt(limiter: LoginLimiter, keys: Keys): Promise<number> {
  await charge(limiter.byUserIp, keys.userIp);
  await charge(limiter.byIp, keys.ip, [[limiter.byUserIp, keys.userIp]]);
  const user = await limiter.byUser.consume(keys.user);
  return user.consumedPoints - 1;
}

export async function login(opts: {
  db: Db;
  limiter: LoginLimiter;
  limits: LoginLimits;
  body: LoginBody;
  ip: string;
  userAgent: string | null;
  sessionTtlMs: number;
  passwordLogin: PasswordLogin;
}): Promise<{ user: User; session: NewSession }> {
  const { db, limiter, body, ip } = opts;
  const breakGlass = opts.passwordLogin.breakGlassUser;
  // Refused before any lookup: the same answer for every name but one, so it tells nobody which users exist.
  if (!opts.passwordLogin.enabled && body.username !== breakGlass) throw new ForbiddenError(PASSWORDS_OFF);
  const userName = body.username.toLowerCase();
  const keys = { ip, userIp: `${userName}|${ip}`, user: userName };
  const before = await chargeAttempt(limiter, keys);
  await sleep(userDelayMs(before, opts.limits.maxFailures));

  const user = await db.user.findUnique({ where: { username: body.username } });
  const ok = await verifyPassword(user && !user.disabled ? user.passwordHash : null, body.password);
  if (!user || !ok) throw new UnauthorizedError("wrong username or password");
  if (!opts.passwordLogin.enabled && user.role !== "admin") throw new ForbiddenError(PASSWORDS_OFF);
  // Success refunds this attempt; the username's other failures still count (they may be a guesser's).
  await Promise.all([
    limiter.byUserIp.delete(keys.userIp),
    limiter.byIp.reward(keys.ip),
    limiter.byUser.reward(keys.user),
  ]);
  const session = await createSession({
    db,
    userId: user.id,
    ttlMs: opts.sessionTtlMs,
    userAgent: opts.userAgent,
    ip,
    signedInWith: "password",
  });
  const updated = await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { user: toUserView(updated), session };
}
