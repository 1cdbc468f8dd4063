import { route } from "@/server/http/route";
import { lineageOps } from "@/server/lineage/operations";
import { recordGreatExpectations } from "@/server/lineage";
import { ValidationError } from "@/server/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route(lineageOps.greatExpectations, async ({ rt, body, query, principal, audit }) => {
  const dataset =
    query.dataset ?? body.meta?.active_batch_definition?.data_asset_name ?? body.meta?.batch_spec?.data_asset_name;
  if (!dataset)
    throw new ValidationError("which dataset?", [
      { path: "query.dataset", message: "give ?dataset= (the result's meta names no data asset)" },
    ]);
  audit.target = `dataset:${dataset}`;
  return recordGreatExpectations(rt.db.prisma, body, { dataset, layer: query.layer ?? "unknown" }, principal.username);
});
