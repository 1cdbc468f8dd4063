import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { getDataset } from "@/server/lineage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(lineageOps.dataset, ({ rt, params }) => getDataset(rt.db.prisma, params.id));
