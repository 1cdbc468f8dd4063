import "server-only";
import type { Db } from "../adapters/db/index.ts";
import { ForbiddenError, ValidationError } from "../errors.ts";
import type { ChangePasswordBody } from "./contract.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import type { Principal } from "./principal.ts";
import { invalidatePrincipals } from "./principal-cache.ts";

/** A signed-in user changes their own password; their other sessions end, this one stays. */
export async function changePassword(opts: { db: Db; principal: Principal; body: ChangePasswordBody }): Promise<void> {
  const { db, principal, body } = opts;
  if (principal.via !== "session")
    throw new ForbiddenError("change passwords from a browser session, not with an API token");
  const user = await db.user.findUnique({ where: { id: principal.userId } });
  if (!user || !(await verifyPassword(user.passwordHash, body.currentPassword))) {
    // 400, not 401: the caller is signed in; only this field is wrong.
    throw new ValidationError("the current password is wrong", [
      { path: "body.currentPassword", message: "wrong password" },
    ]);
  }
  const passwordHash = await hashPassword(body.newPassword);
  await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { passwordHash } }),
    db.session.deleteMany({ where: { userId: user.id, NOT: { id: principal.sessionId } } }),
  ]);
  await invalidatePrincipals();
}
