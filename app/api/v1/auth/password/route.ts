import { changePassword } from "@/server/auth";
import { authOps } from "@/server/auth/operations";
import { route } from "@/server/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(authOps.changePassword, async ({ rt, principal, body, audit }) => {
  audit.target = `user:${principal.username}`;
  await changePassword({ db: rt.db.prisma, principal, body });
});
