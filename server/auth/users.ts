import "server-only";
import type { Prisma } from "../../prisma/generated/client.ts";
import type { Db } from "../adapters/db/index.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import type { CreateUserBody, Role, UpdateUserBody, User, UserList } from "./contract.ts";
import { hashPassword } from "./passwords.ts";
import { invalidatePrincipals } from "./principal-cache.ts";
import { generateSecret } from "./secrets.ts";

type UserRow = {
  id: string;
  username: string;
  role: string;
  disabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
  oidcIssuer?: string | null;
};

export function toUserView(u: UserRow): User {
  return {
    id: u.id,
    username: u.username,
    role: u.role as Role,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    signInWith: u.oidcIssuer ?? null,
  };
}

export async function listUsers(db: Db): Promise<UserList> {
  const rows = await db.user.findMany({ orderBy: { username: "asc" } });
  return { users: rows.map(toUserView) };
}

export async function getUser(db: Db, id: string): Promise<User> {
  const u = await db.user.findUnique({ where: { id } });
  if (!u) throw new NotFoundError(`user ${id} does not exist`);
  return toUserView(u);
}

export async function createUser(db: Db, body: CreateUserBody): Promise<User> {
  const exists = await db.user.findUnique({ where: { username: body.username } });
  if (exists) throw new ConflictError(`user ${body.username} already exists`);
  const u = await db.user.create({
    data: { username: body.username, role: body.role, passwordHash: await hashPassword(body.password) },
  });
  return toUserView(u);
}

/**
 * Refuses changes that would leave no enabled admin, so nobody can lock the instance. Runs inside the change's
 * transaction and locks every enabled admin row first: two admins demoting each other at once are serialized, and
 * the second sees the first's change (PostgreSQL re-checks the WHERE of a row it waited for), so one of them is refused.
 * Locked in id order, so two such transactions cannot deadlock.
 */
async function assertAdminRemains(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  if (!(await anotherAdminRemains(tx, userId)))
    throw new ConflictError("this is the last enabled admin; make another admin first");
}

/** Whether an enabled admin other than this user exists, with every enabled admin row locked (see assertAdminRemains). */
export async function anotherAdminRemains(tx: Prisma.TransactionClient, userId: string): Promise<boolean> {
  const admins = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "User" WHERE role = 'admin' AND disabled = false ORDER BY id FOR UPDATE`;
  return admins.some((a) => a.id !== userId);
}

function losesAdmin(u: { role: string; disabled: boolean }, body: UpdateUserBody): boolean {
  return (
    u.role === "admin" && !u.disabled && ((body.role !== undefined && body.role !== "admin") || body.disabled === true)
  );
}

/**
 * A user of the identity provider gets the role from the provider at every sign-in and has no password here: setting
 * either would be overwritten at the next sign-in, or open a way in that bypasses the provider. Disabling works.
 */
function assertLocalEdit(u: { username: string; oidcIssuer: string | null }, body: UpdateUserBody): void {
  if (!u.oidcIssuer || (body.role === undefined && body.password === undefined)) return;
  const what = body.password !== undefined ? "password" : "role";
  throw new ConflictError(
    `${u.username} signs in with ${u.oidcIssuer}, which sets the role at every sign-in and owns the ${what}; change it there, or disable the user here`,
  );
}

export async function updateUser(opts: { db: Db; id: string; body: UpdateUserBody }): Promise<User> {
  const { db, id, body } = opts;
  const passwordHash = body.password ? await hashPassword(body.password) : undefined; // slow: outside the transaction
  const updated = await db.$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { id } });
    if (!u) throw new NotFoundError(`user ${id} does not exist`);
    assertLocalEdit(u, body);
    if (losesAdmin(u, body)) await assertAdminRemains(tx, id);
    const row = await tx.user.update({
      where: { id },
      data: { role: body.role, disabled: body.disabled, passwordHash },
    });
    // A new password, a disabled account or a lower role ends the user's sessions.
    if (passwordHash || body.disabled === true || (body.role && body.role !== u.role))
      await tx.session.deleteMany({ where: { userId: id } });
    return row;
  });
  await invalidatePrincipals();
  return toUserView(updated);
}

export async function deleteUser(opts: { db: Db; id: string; actorId: string }): Promise<User> {
  const { db, id } = opts;
  if (id === opts.actorId) throw new ConflictError("you cannot delete your own account");
  const deleted = await db.$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { id } });
    if (!u) throw new NotFoundError(`user ${id} does not exist`);
    if (u.role === "admin" && !u.disabled) await assertAdminRemains(tx, id);
    await tx.user.delete({ where: { id } });
    return u;
  });
  await invalidatePrincipals();
  return toUserView(deleted);
}

/**
 * First start: create `admin` with NEXUS_ADMIN_PASSWORD, or a generated password returned for printing once.
 * Does nothing when any user exists.
 */
export async function ensureAdmin(
  db: Db,
  password: string | undefined,
): Promise<{ created: boolean; generatedPassword?: string }> {
  if ((await db.user.count()) > 0) return { created: false };
  const generated = password ? undefined : generateSecret(15);
  const passwordHash = await hashPassword(password ?? generated!);
  try {
    await db.user.create({ data: { username: "admin", role: "admin", passwordHash } });
  } catch {
    return { created: false }; // another instance created it first
  }
  return { created: true, generatedPassword: generated };
}
