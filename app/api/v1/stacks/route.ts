import { route } from "@/server/http/route";
import { listStacks } from "@/server/stack";
import { stackOps } from "@/server/stack/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(stackOps.list, ({ rt }) => listStacks(rt.engine, rt.db.prisma));
