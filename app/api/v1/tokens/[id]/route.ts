import { revokeApiToken } from "@/server/auth";
import { tokenOps } from "@/server/auth/operations";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const DELETE = route(tokenOps.revoke, async ({ rt, params, audit }) => {
  audit.target = `token:${params.id}`;
  return revokeApiToken(rt.db.prisma, params.id);
});
