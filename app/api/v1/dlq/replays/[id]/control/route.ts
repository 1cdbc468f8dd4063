import { route } from "@/server/http/route";
import { dlqOps } from "@/server/dlq/operations";
import { controlReplay } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(dlqOps.control, ({ rt, params, body, audit }) => {
  audit.target = `replay:${params.id}`;
  audit.detail = { action: body.action };
  return controlReplay(rt.db.prisma, params.id, body.action);
});
