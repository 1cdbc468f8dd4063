import { route } from "@/server/http/route";
import { dlqS3Ops } from "@/server/dlq/operations";
import { assertTextFilterAllowed, copyToReprocess, payloadAccess } from "@/server/dlq";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(dlqS3Ops.s3Copy, async ({ rt, body, principal, audit }) => {
  audit.target = `s3:${rt.s3?.bucket ?? "-"}/${body.prefix}`;
  if (body.filter)
    assertTextFilterAllowed(payloadAccess(principal.role, rt.config.dlqPayloadRole), principal.role, body.filter);
  const r = await copyToReprocess({ s3: rt.s3, db: rt.db.prisma, req: body });
  audit.detail = { dryRun: r.dryRun, target: r.target, records: r.records, bytes: r.bytes };
  return r;
});
