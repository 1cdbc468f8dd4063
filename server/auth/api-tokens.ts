import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import {
  type ApiToken,
  type ApiTokenList,
  type CreatedToken,
  type CreateTokenBody,
  type Role,
  Scope,
} from "./contract.ts";
import type { Principal } from "./principal.ts";
import { cachedPrincipal, invalidatePrincipals } from "./principal-cache.ts";
import { hasRole, lowerRole } from "./roles.ts";
import { scopeBeyondCreator } from "./scopes.ts";
import { generateApiToken, hashSecret, TOKEN_PREFIX } from "./secrets.ts";

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  role: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  user: { username: string };
};

function toView(t: TokenRow): ApiToken {
  const now = Date.now();
  const status = t.revokedAt ? "revoked" : t.expiresAt && t.expiresAt.getTime() <= now ? "expired" : "active";
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    role: t.role as Role,
    scopes: storedScopes(t.scopes),
    owner: t.user.username,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    status,
  };
}

/** Scopes as stored; one the vocabulary no longer has is dropped rather than failing every read of the token. */
function storedScopes(stored: readonly string[]): Scope[] {
  return stored.filter((s): s is Scope => Scope.safeParse(s).success);
}

/**
 * Creates a token for `ownerId`. Its role may not exceed the owner's, and a creator that is itself a scoped token
 * (`creatorScopes`) can hand on only scopes it holds. The secret is returned once.
 */
export async function createApiToken(opts: {
  db: Db;
  ownerId: string;
  ownerRole: Role;
  creatorScopes?: readonly Scope[];
  body: CreateTokenBody;
}): Promise<CreatedToken> {
  const { db, body } = opts;
  if (!hasRole(opts.ownerRole, body.role)) {
    throw new ForbiddenError(`a ${opts.ownerRole} cannot create a token with role ${body.role}`);
  }
  const beyond = scopeBeyondCreator({ scopes: opts.creatorScopes }, body.scopes);
  if (beyond === "unscoped") throw new ForbiddenError("a scoped token can only create tokens with some of its scopes");
  if (beyond) throw new ForbiddenError(`a token without the ${beyond} scope cannot give it to a new token`);
  const { token, prefix, hash } = generateApiToken();
  const expiresAt = body.expiresInDays === null ? null : new Date(Date.now() + body.expiresInDays * 86_400_000);
  const row = await db.apiToken.create({
    data: {
      name: body.name,
      prefix,
      secretHash: hash,
      role: body.role,
      scopes: body.scopes,
      userId: opts.ownerId,
      expiresAt,
    },
    include: { user: { select: { username: true } } },
  });
  return { ...toView(row), token };
}

export async function listApiTokens(db: Db): Promise<ApiTokenList> {
  const rows = await db.apiToken.findMany({
    orderBy: { createdAt: "desc" },
    include: { user: { select: { username: true } } },
  });
  return { tokens: rows.map(toView) };
}

/** Revokes a token; revoking twice is harmless. The row stays for the audit trail. */
export async function revokeApiToken(db: Db, id: string): Promise<ApiToken> {
  const existing = await db.apiToken.findUnique({ where: { id } });
  if (!existing) throw new NotFoundError(`token ${id} does not exist`);
  const row = await db.apiToken.update({
    where: { id },
    data: { revokedAt: existing.revokedAt ?? new Date() },
    include: { user: { select: { username: true } } },
  });
  await invalidatePrincipals();
  return toView(row);
}

export function looksLikeApiToken(value: string): boolean {
  return value.startsWith(TOKEN_PREFIX) && value.length < 200;
}

/** The principal behind a bearer token, or null if unknown, expired, revoked or its owner is disabled. */
export async function resolveApiToken(db: Db, token: string): Promise<Principal | null> {
  if (!looksLikeApiToken(token)) return null;
  const hash = hashSecret(token);
  const p = await cachedPrincipal(`t:${hash}`, () => loadApiToken(db, hash));
  return p && (p.expiresAt ?? Infinity) > Date.now() ? p : null;
}

async function loadApiToken(db: Db, hash: string): Promise<Principal | null> {
  const t = await db.apiToken.findUnique({ where: { secretHash: hash }, include: { user: true } });
  if (!t || t.revokedAt || t.user.disabled) return null;
  if (t.expiresAt && t.expiresAt.getTime() <= Date.now()) return null;
  if (!t.lastUsedAt || Date.now() - t.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: t.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return {
    via: "token",
    userId: t.userId,
    username: t.user.username,
    role: lowerRole(t.role as Role, t.user.role as Role),
    tokenId: t.id,
    tokenName: t.name,
    scopes: storedScopes(t.scopes),
    expiresAt: t.expiresAt?.getTime(),
  };
}
