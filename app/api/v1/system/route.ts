import { route } from "@/server/http/route";
import { getSystemInfo } from "@/server/system";
import { systemOps } from "@/server/system/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(systemOps.info, ({ rt }) => getSystemInfo(rt));
