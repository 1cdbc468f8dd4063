import { createApiToken, listApiTokens } from "@/server/auth";
import { tokenOps } from "@/server/auth/operations";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(tokenOps.list, ({ rt }) => listApiTokens(rt.db.prisma));

export const POST = route(tokenOps.create, async ({ rt, body, principal, audit }) => {
  const created = await createApiToken({
    db: rt.db.prisma,
    ownerId: principal.userId,
    ownerRole: principal.role,
    creatorScopes: principal.scopes,
    body,
  });
  audit.target = `token:${created.id}`;
  audit.detail = { name: body.name, role: body.role, scopes: created.scopes, expiresAt: created.expiresAt };
  return created;
});
