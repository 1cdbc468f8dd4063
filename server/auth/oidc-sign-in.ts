import "server-only";
import type { OidcClient, OidcFlow, OidcIdentity } from "../adapters/oidc/index.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { Db } from "../adapters/db/index.ts";
import { recordAuditEvent } from "../audit/index.ts";
import { SignInRefusedError } from "../errors.ts";
import type { Role, User } from "./contract.ts";
import { roleFromClaims } from "./oidc-roles.ts";
import { invalidatePrincipals } from "./principal-cache.ts";
import { digestsEqual, hashSecret } from "./secrets.ts";
import { createSession, type NewSession } from "./sessions.ts";
import { anotherAdminRemains, toUserView } from "./users.ts";

export type OidcSignInOptions = {
  db: Db;
  oidc: OidcClient;
  /** The URL the provider sent the browser back to, with code and state. */
  callbackUrl: URL;
  /** From the browser's flow cookie; null when it has none (another browser, or more than 10 minutes). */
  flow: OidcFlow | null;
  roleClaim: string;
  roleMap: Record<string, Role>;
  sessionTtlMs: number;
  ip: string;
  userAgent: string | null;
  requestId: string;
};

/** Starts a sign-in at the provider: the URL to send the browser to and what it must bring back. */
export function startOidcSignIn(opts: { oidc: OidcClient; redirectUri: string }) {
  return opts.oidc.authorizationUrl(opts.redirectUri);
}

/** The name shown and audited: the provider's preferred_username, else email, else its subject. */
function usernameOf(id: OidcIdentity): string {
  const c = id.claims;
  const name = [c.preferred_username, c.email, id.subject].find((v) => typeof v === "string" && v.trim() !== "");
  return String(name).trim().slice(0, 200);
}

function assertState(callbackUrl: URL, flow: OidcFlow | null): OidcFlow {
  if (!flow) throw new SignInRefusedError("state", "no sign-in was started in this browser, or it took too long");
  const state = callbackUrl.searchParams.get("state") ?? "";
  if (!digestsEqual(hashSecret(state), hashSecret(flow.state)))
    throw new SignInRefusedError("state", "the state sent back does not match the one this browser started with");
  return flow;
}

/**
 * Completes a sign-in: checks the state against the browser's, lets the provider's client check the code (PKCE) and
 * the ID token, maps the role claim to a role, creates or updates the user with that role and opens a session.
 * Every role the provider changes is audited; a user whose values map to no role is refused and signed out.
 */
export async function finishOidcSignIn(opts: OidcSignInOptions): Promise<{ user: User; session: NewSession }> {
  const flow = assertState(opts.callbackUrl, opts.flow);
  const identity = await opts.oidc.exchangeCode(opts.callbackUrl, flow);
  const { role, values } = roleFromClaims(identity.claims, opts.roleClaim, opts.roleMap);
  const username = usernameOf(identity);
  const user = await upsertUser(opts, identity, username, role, values);
  if (!role) throw new SignInRefusedError("no-role", `none of ${username}'s ${opts.roleClaim} maps to a Nexus role`);
  if (user.disabled) throw new SignInRefusedError("disabled", `user ${username} is disabled in Nexus`);
  const session = await createSession({
    db: opts.db,
    userId: user.id,
    ttlMs: opts.sessionTtlMs,
    userAgent: opts.userAgent,
    ip: opts.ip,
    signedInWith: identity.issuer,
    idToken: identity.idToken,
  });
  return { user: toUserView(user), session };
}

type UserRow = Awaited<ReturnType<Db["user"]["findUniqueOrThrow"]>>;

/**
 * The user of this issuer and subject, created or given the role from the claim. A role change (or the loss of every
 * role) ends the user's sessions, so that no session keeps a role the provider took away. The provider cannot demote
 * the last enabled admin (docs/security.md): that user's sessions end, the role stays and the sign-in is refused, so
 * nobody holds rights the provider took away and the instance keeps an admin (the break-glass one signs in and fixes it).
 */
async function upsertUser(
  opts: OidcSignInOptions,
  id: OidcIdentity,
  username: string,
  role: Role | null,
  values: string[],
): Promise<UserRow> {
  const { db } = opts;
  const key = { oidcIssuer_oidcSubject: { oidcIssuer: id.issuer, oidcSubject: id.subject } };
  const existing = await db.user.findUnique({ where: key });
  if (!existing && !role) throw new SignInRefusedError("no-role", `none of ${username}'s values maps to a role`);
  if (!existing && (await db.user.findUnique({ where: { username } })))
    throw new SignInRefusedError("conflict", `a Nexus user named ${username} exists and is not linked to ${id.issuer}`);
  const changed = existing?.role !== role;
  const { user, keptLastAdmin } = await db.$transaction(async (tx) => {
    if (existing && changed) await tx.session.deleteMany({ where: { userId: existing.id } });
    if (existing) return updateRole(tx, existing, role);
    // No password: "" never verifies, so this user signs in through the provider only.
    const created = await tx.user.create({
      data: {
        username,
        role: role!,
        passwordHash: "",
        oidcIssuer: id.issuer,
        oidcSubject: id.subject,
        lastLoginAt: new Date(),
      },
    });
    return { user: created, keptLastAdmin: false };
  });
  if (changed) await invalidatePrincipals();
  if (keptLastAdmin) {
    await auditRoleChange(opts, id, user.username, user.role, role, values, "denied");
    throw new SignInRefusedError(
      "last-admin",
      `${id.issuer} no longer makes ${username} an admin, and ${username} is the last enabled admin`,
    );
  }
  if (changed) await auditRoleChange(opts, id, user.username, existing?.role ?? null, role, values, "success");
  return user;
}

async function updateRole(
  tx: Prisma.TransactionClient,
  existing: UserRow,
  role: Role | null,
): Promise<{ user: UserRow; keptLastAdmin: boolean }> {
  const demotesAdmin = existing.role === "admin" && !existing.disabled && role !== "admin";
  if (demotesAdmin && !(await anotherAdminRemains(tx, existing.id))) return { user: existing, keptLastAdmin: true };
  const user = await tx.user.update({
    where: { id: existing.id },
    data: { role: role ?? existing.role, lastLoginAt: role ? new Date() : existing.lastLoginAt },
  });
  return { user, keptLastAdmin: false };
}

function auditRoleChange(
  opts: OidcSignInOptions,
  id: OidcIdentity,
  username: string,
  from: string | null,
  to: Role | null,
  values: string[],
  outcome: "success" | "denied",
) {
  return recordAuditEvent(opts.db, {
    actor: id.issuer,
    actorType: "system",
    action: "user.role.oidc",
    target: `user:${username}`,
    outcome,
    status: outcome === "success" ? 200 : 409,
    requestId: opts.requestId,
    ip: opts.ip,
    detail: { issuer: id.issuer, subject: id.subject, from, to, claim: opts.roleClaim, values: values.slice(0, 50) },
  });
}
