import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { getReplay } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.replay, ({ rt, params }) => getReplay(rt.db.prisma, params.id));
