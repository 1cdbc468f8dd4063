import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { replayJournal } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(dlqOps.journal, ({ rt, params, query }) => replayJournal(rt.db.prisma, params.id, query));
