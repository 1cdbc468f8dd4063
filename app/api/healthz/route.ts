import { route } from "@/server/http/route";
import { systemOps } from "@/server/system/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(systemOps.healthz, async () => ({
  status: "ok" as const,
  uptimeSeconds: Math.round(process.uptime()),
}));
