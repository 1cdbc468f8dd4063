import { route } from "@/server/http/route";
import { checkReadiness } from "@/server/system";
import { systemOps } from "@/server/system/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(systemOps.readyz, async () => {
  const r = await checkReadiness();
  return Response.json(r, { status: r.status === "ready" ? 200 : 503, headers: { "cache-control": "no-store" } });
});
