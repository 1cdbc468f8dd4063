import { authenticateRequest } from "@/server/http/authenticate";
import { route } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";
import { checkReadiness } from "@/server/system";
import { systemOps } from "@/server/system/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Database error text, its kind and the migrations are for a signed-in viewer or a token; a bad or missing
// credential (or a database too sick to check one) still learns ready or not, which is all a probe needs.
export const GET = route(systemOps.readyz, async ({ rt, req }) => {
  const r = await checkReadiness(getRuntime);
  const caller = await authenticateRequest(rt, req.headers).catch(() => null);
  return Response.json(caller ? r : { status: r.status }, {
    status: r.status === "ready" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});
