import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { getRun } from "@/server/lineage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(lineageOps.run, ({ rt, params }) => getRun(rt.db.prisma, params.id));
