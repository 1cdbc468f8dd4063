import { route } from "@/server/http/route";
import { buildOpenApiDocument } from "@/server/openapi";
import { APP_VERSION } from "@/server/system";
import { systemOps } from "@/server/system/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(systemOps.openapi, async () => buildOpenApiDocument(APP_VERSION));
