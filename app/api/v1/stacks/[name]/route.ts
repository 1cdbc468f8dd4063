import { route } from "@/server/http/route";
import { getStackStatus, loadTemplate } from "@/server/stack";
import { stackOps } from "@/server/stack/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(stackOps.get, ({ rt, params }) =>
  getStackStatus(rt.engine, loadTemplate(params.name), rt.db.prisma),
);
