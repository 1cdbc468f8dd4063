import "server-only";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../adapters/db/index.ts";
import { RateLimitedError, UnauthorizedError } from "../errors.ts";
import type { LoginBody, User } from "./contract.ts";
import { verifyPassword } from "./passwords.ts";
import { createSession, type NewSession } from "./sessions.ts";
import { toUserView } from "./users.ts";

export type LoginLimits = { maxFailures: number; windowSeconds: number };

/** Failed logins per username+IP and per IP. Process-local: each instance limits on its own. */
export function createLoginLimiter(limits: LoginLimits) {
  return {
    byUserIp: new RateLimiterMemory({ keyPrefix: "login_user_ip", points: limits.maxFailures, duration: limits.windowSeconds }),
    byIp: new RateLimiterMemory({ keyPrefix: "login_ip", points: limits.maxFailures * 4, duration: limits.windowSeconds }),
    // The client address comes from X-Forwarded-For, which a client can forge: this limit holds whatever it says.
    byUser: new RateLimiterMemory({ keyPrefix: "login_user", points: limits.maxFailures * 4, duration: limits.windowSeconds }),
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;

function blockedFor(res: RateLimiterRes | null, max: number): number {
  return res && res.consumedPoints >= max ? Math.ceil(res.msBeforeNext / 1000) : 0;
}

export async function login(opts: {
  db: Db; limiter: LoginLimiter; limits: LoginLimits; body: LoginBody; ip: string; userAgent: string | null; sessionTtlMs: number;
}): Promise<{ user: User; session: NewSession }> {
  const { db, limiter, body, ip } = opts;
  const userKey = `${body.username.toLowerCase()}|${ip}`;
  const userName = body.username.toLowerCase();
  const [u1, u2, u3] = await Promise.all([limiter.byUserIp.get(userKey), limiter.byIp.get(ip), limiter.byUser.get(userName)]);
  const wide = opts.limits.maxFailures * 4;
  const wait = Math.max(blockedFor(u1, opts.limits.maxFailures), blockedFor(u2, wide), blockedFor(u3, wide));
  if (wait > 0) throw new RateLimitedError(`too many failed sign-ins; try again in ${wait} s`, wait);

  const user = await db.user.findUnique({ where: { username: body.username } });
  const ok = await verifyPassword(user && !user.disabled ? user.passwordHash : null, body.password);
  if (!user || !ok) {
    await Promise.all([limiter.byUserIp.penalty(userKey, 1), limiter.byIp.penalty(ip, 1), limiter.byUser.penalty(userName, 1)]);
    throw new UnauthorizedError("wrong username or password");
  }
  await limiter.byUserIp.delete(userKey);
  const session = await createSession({ db, userId: user.id, ttlMs: opts.sessionTtlMs, userAgent: opts.userAgent, ip });
  const updated = await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { user: toUserView(updated), session };
}
