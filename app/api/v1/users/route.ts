import { createUser, listUsers } from "@/server/auth";
import { userOps } from "@/server/auth/operations";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(userOps.list, ({ rt }) => listUsers(rt.db.prisma));

export const POST = route(userOps.create, async ({ rt, body, audit }) => {
  audit.target = `user:${body.username}`;
  audit.detail = { role: body.role };
  return createUser(rt.db.prisma, body);
});
