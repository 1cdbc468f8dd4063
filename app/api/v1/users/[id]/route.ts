import { deleteUser, updateUser } from "@/server/auth";
import { userOps } from "@/server/auth/operations";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const PATCH = route(userOps.update, async ({ rt, params, body, audit }) => {
  audit.target = `user:${params.id}`;
  audit.detail = { role: body.role, disabled: body.disabled, passwordChanged: body.password !== undefined };
  return updateUser({ db: rt.db.prisma, id: params.id, body });
});

export const DELETE = route(userOps.remove, async ({ rt, params, principal, audit }) => {
  audit.target = `user:${params.id}`;
  return deleteUser({ db: rt.db.prisma, id: params.id, actorId: principal.userId });
});
