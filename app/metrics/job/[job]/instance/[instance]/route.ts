import { route, type HandlerContext } from "@/server/http/route";
import { acceptPush } from "@/server/lineage";
import { lineageOps } from "@/server/lineage/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Pushgateway-compatible: the seed's MetricsEmitter POSTs text exposition here (PUT behaves the same).
const handler = async ({ rt, bodyText, params, principal, audit }: HandlerContext<typeof lineageOps.push>) => {
  audit.target = `job:${params.job}`;
  const text = await bodyText();
  const r = await acceptPush(rt.db.prisma, {
    job: params.job,
    instance: params.instance,
    text,
    by: principal.username,
  });
  audit.detail = { samples: r.samples, skipped: r.skipped.length };
  return r;
};
export const POST = route(lineageOps.push, handler);
export const PUT = route(lineageOps.pushPut, handler);
