import { readBodyText } from "@/server/http/body";
import { route } from "@/server/http/route";
import { acceptPush } from "@/server/lineage";
import { lineageOps } from "@/server/lineage/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Pushgateway-compatible: the seed's MetricsEmitter POSTs text exposition here (PUT behaves the same).
const handler = route(lineageOps.push, async ({ rt, req, params, principal, audit }) => {
  const text = await readBodyText(req, rt.config.bodyLimitBytes);
  audit.target = `job:${params.job}`;
  const r = await acceptPush(rt.db.prisma, { job: params.job, instance: params.instance, text, by: principal.username });
  audit.detail = { samples: r.samples, skipped: r.skipped.length };
  return r;
});
export const POST = handler;
export const PUT = handler;
