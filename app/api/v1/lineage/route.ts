import { ingestLineageRoute } from "@/server/lineage/routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = ingestLineageRoute;
